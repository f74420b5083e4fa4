"""Web pages to text (lib/parse/webpage.py): deep nesting, chrome and links dropped, the
article's text kept in order."""
from __future__ import annotations

from lib.parse.readers import read_bytes
from lib.parse.webpage import html_to_text

REPORT = ["各位代表:", "过去一年,全县粮食总产量达到52.3万吨,增长2.1%。",
          "新建改造农村公路186公里,完成高标准农田建设3.5万亩。"]
MENU = '<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li></ul>'
SHARE = '<div class="article-share">分享到:微信 微博</div>'


def _nested(depth: int, inner: str) -> str:
    return "<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>"


def test_text_deeper_than_libxml2_keeps_a_tree_is_still_read():
    # libxml2 stops building a tree at 256 levels (2,048 with huge_tree) and drops what is below
    inner = MENU + "".join(f"<p>{p}</p>" for p in REPORT) + SHARE
    text = html_to_text(_nested(5000, inner))
    assert text.split("\n") == REPORT


def test_deep_nesting_drops_link_blocks_and_chrome_at_any_depth():
    inner = ('<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/bg">政府工作报告</a></div>'
             + "<div>" * 3000 + "".join(f"<p>{p}</p>" for p in REPORT) + "</div>" * 3000
             + '<div class="footer">版权所有:XX县人民政府办公室</div>')
    text = html_to_text(_nested(3000, inner))
    assert text.split("\n") == REPORT
    assert "首页" not in text and "版权所有" not in text


def test_comments_scripts_and_declarations_give_no_text():
    page = ("<!DOCTYPE html><html><head><title>2024年政府工作报告_XX县人民政府</title>"
            "<script>var 统计 = '访问量';</script><style>p{color:red}</style></head><body>"
            "<!-- 编辑:张三 --><p>" + REPORT[0] + "</p><?php echo 1 ?><p>" + REPORT[1] + "</p></body></html>")
    text = html_to_text(page)
    assert text.split("\n") == ["2024年政府工作报告", *REPORT[:2]]


def test_line_breaks_inside_a_paragraph_are_spaces_and_br_breaks_a_line():
    page = "<html><body><p>地区生产总值\n增长5.2%,<br>一般公共预算收入增长3%。</p></body></html>"
    assert html_to_text(page).split("\n") == ["地区生产总值 增长5.2%,", "一般公共预算收入增长3%。"]


def test_the_article_container_wins_over_the_page_around_it():
    side = "".join(f"<p>相关新闻{i}:全县召开工作会议</p>" for i in range(3))
    page = (f'<html><body><div class="left">{side}</div><div class="TRS_Editor">'
            + "".join(f"<p>{p}</p>" for p in REPORT * 3) + "</div></body></html>")
    text = html_to_text(page)
    assert text.split("\n") == REPORT * 3


def test_xml_declared_page_is_read_through_the_reader():
    page = ('<?xml version="1.0" encoding="utf-8"?><html><body>'
            + "".join(f"<p>{p}</p>" for p in REPORT) + "</body></html>")
    assert read_bytes(page.encode("utf-8"), "report.xhtml").split("\n") == REPORT

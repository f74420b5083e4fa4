"""read_bytes/read_path: every supported format, sniffed by content, and a Chinese ReadError
(naming the file) for everything that is not a readable report."""
from __future__ import annotations

import io
import os
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.parse.clean import clean
from lib.model import ReadError
from lib.parse.readers import read_bytes, read_path

# a report passage of another place, level and year
SIMP = ("2024年XX市人民政府工作报告\n各位代表:\n现在,我代表市人民政府,向大会报告工作,请予审议。\n"
        "一、2023年工作回顾\n全市地区生产总值完成4218.6亿元,增长5.8%;一般公共预算收入312.4亿元,增长6.9%;"
        "城乡居民人均可支配收入分别达到52360元和28410元,分别增长4.6%和7.2%。新增城镇就业6.8万人,"
        "城镇调查失业率控制在5.2%以内。粮食总产量稳定在96万吨,森林覆盖率达到41.3%。")
TRAD = ("2023年臺灣地區經濟發展報告\n各位代表:現在,我代表縣政府向議會報告工作。全縣生產總值增長3.2%,"
        "財政收入達到185億元,新增就業機會1.2萬個,觀光人數突破450萬人次,環境品質持續改善。")
SHORT_SIMP = "经济增长5%"
SHORT_TRAD = "經濟增長5%"


def err(data: bytes, name: str = "报告.txt") -> ReadError:
    with pytest.raises(ReadError) as exc:
        read_bytes(data, name)
    e = exc.value
    assert e.file == name and name in str(e)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in e.reason)  # a Chinese reason
    return e


# ---- plain text in every encoding -------------------------------------------------------------

@pytest.mark.parametrize("text", [SIMP * 60, SIMP, SIMP[:40], SHORT_SIMP, "政府工作报告", "各位代表", "全市GDP增长5.2%",
                                  "关于2024年", "城镇化率65%", "增长", "亿元"])
@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "gb2312"])
def test_simplified_text_in_each_encoding(text, enc):
    assert read_bytes(text.encode(enc), "r.txt") == text


@pytest.mark.parametrize("text", [TRAD * 100, TRAD, TRAD[:30], SHORT_TRAD, "政府工作報告"])
@pytest.mark.parametrize("enc", ["big5", "cp950", "utf-8", "utf-16", "gb18030"])
def test_traditional_text_in_each_encoding(text, enc):
    assert read_bytes(text.encode(enc), "r.txt") == text


def test_utf16_big_endian_with_bom():
    data = b"\xfe\xff" + SIMP.encode("utf-16-be")
    assert read_bytes(data, "r.txt") == SIMP


def test_short_gbk_text_that_charset_normalizer_misreads():
    import charset_normalizer

    data = SHORT_SIMP.encode("gbk")
    guess = charset_normalizer.from_bytes(data).best()
    assert guess is None or str(guess) != SHORT_SIMP  # the library alone gets this wrong …
    assert str(charset_normalizer.from_bytes("各位代表".encode("gbk")).best()) != "各位代表"  # (Korean)
    assert read_bytes(data, "r.txt") == SHORT_SIMP  # … the check against common characters fixes it


def test_western_text_is_not_read_as_chinese():
    text = "Größe: 5 Äpfel für München, café au lait"
    assert read_bytes(text.encode("cp1252"), "r.txt") == text
    out = read_bytes("naïve résumé déjà vu".encode("latin-1"), "r.txt")
    assert out.startswith("na") and not any("\u4e00" <= ch <= "\u9fff" for ch in out)


def test_utf8_cut_off_inside_the_last_character():
    data = SIMP.encode("utf-8")[:-1]
    assert read_bytes(data, "r.txt") == SIMP[:-1]


def test_gbk_web_page_with_declared_charset():
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "<title>政府工作报告_XX县人民政府</title></head><body><div class='article'>"
            + "".join(f"<p>{p}</p>" for p in SIMP.split("\n")) + "</div></body></html>")
    text = read_bytes(html.encode("gbk"), "page.htm")
    assert "全市地区生产总值完成4218.6亿元,增长5.8%" in text
    assert "<p>" not in text


# ---- docx ------------------------------------------------------------------------------------

def make_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("2023年XX县政府工作报告", level=1)
    d.add_paragraph("各位代表:")
    d.add_paragraph("一、2022年工作回顾")
    d.add_paragraph("全县地区生产总值完成186.4亿元,增长6.5%。")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "2022年", "增长"), ("地区生产总值", "186.4亿元", "6.5%"),
                             ("一般公共预算收入", "12.8亿元", "8.2%")]):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    d.add_paragraph("二、2023年工作安排")
    d.add_paragraph("主要预期目标是:地区生产总值增长6%左右。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_body_order():
    text = read_bytes(make_docx(), "报告.docx")
    ls = [ln for ln in text.split("\n") if ln]
    assert ls[0] == "2023年XX县政府工作报告"
    i = ls.index("全县地区生产总值完成186.4亿元,增长6.5%。")
    assert ls[i + 1] == "指标\t2022年\t增长"
    assert ls[i + 2] == "地区生产总值\t186.4亿元\t6.5%"
    assert ls[i + 4] == "二、2023年工作安排"


def test_docx_with_merged_cells_lists_each_cell_once():
    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    a = t.cell(0, 0).merge(t.cell(0, 2))
    a.text = "主要经济指标完成情况"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "投资", "120亿元", "8%"
    buf = io.BytesIO()
    d.save(buf)
    text = read_bytes(buf.getvalue(), "t.docx")
    assert text == "主要经济指标完成情况\n投资\t120亿元\t8%"


def test_docx_with_wrong_extension():
    text = read_bytes(make_docx(), "报告.txt")
    assert "全县地区生产总值完成186.4亿元" in text
    assert "PK" not in text


def test_truncated_docx():
    data = make_docx()
    e = err(data[: len(data) // 2], "报告.docx")
    assert "Word" in e.reason and "损坏" in e.reason


def test_docx_with_garbled_document_xml():
    src = zipfile.ZipFile(io.BytesIO(make_docx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[:200] + b"<<<not xml"
            out.writestr(item, data)
    e = err(buf.getvalue(), "报告.docx")
    assert "Word" in e.reason


def test_other_office_files_and_archives():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ppt/presentation.xml", "<p/>")
    assert "PowerPoint" in err(buf.getvalue(), "a.pptx").reason
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("报告.txt", SIMP)
    assert "压缩包" in err(buf.getvalue(), "a.zip").reason
    assert ".doc" in err(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "旧报告.doc").reason


# ---- pdf -------------------------------------------------------------------------------------

PDF_HTML = """<html><head><meta charset="utf-8"><style>
body {{ font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 15pt; }}
p {{ text-indent: 2em; margin: 0; }}
</style></head><body>
<h2>2024年XX县人民政府工作报告</h2>
<p>各位代表:</p>
<p>现在,我代表县人民政府,向大会报告工作,请予审议,并请县政协委员和其他列席人员提出意见。</p>
<h3>一、2023年工作回顾</h3>
<p>过去一年,全县地区生产总值完成356.8亿元,增长6.2%;一般公共预算收入21.4亿元,增长8.1%;
城乡居民人均可支配收入分别达到45210元和21876元,分别增长5.3%和7.6%。新增城镇就业1.2万人,
民生支出占一般公共预算支出的比重达到78.5%。长江大保护持续推进,国考断面水质优良比例保持100%。</p>
<h3>二、2024年工作安排</h3>
<p>全县经济社会发展的主要预期目标是:地区生产总值增长6%左右,一般公共预算收入增长5%。</p>
{extra}
</body></html>"""


@pytest.fixture(scope="module")
def report_pdf(browser) -> bytes:
    page = browser.new_page()
    page.set_content(PDF_HTML.format(extra=""))
    data = page.pdf(format="A4")
    page.close()
    return data


@pytest.mark.e2e
def test_pdf_text_layer(report_pdf):
    text = read_bytes(report_pdf, "报告.pdf")
    c = clean(text)
    assert "2024年XX县人民政府工作报告" in c.text
    assert "全县地区生产总值完成356.8亿元,增长6.2%;一般公共预算收入21.4亿元,增长8.1%" in c.text
    assert "国考断面水质优良比例保持100%。" in c.text
    assert "一、2023年工作回顾" in c.text.split("\n")
    assert "二、2024年工作安排" in c.text.split("\n")


@pytest.mark.e2e
def test_pdf_with_wrong_extension(report_pdf):
    assert "增长6.2%" in read_bytes(report_pdf, "报告.txt")


@pytest.mark.e2e
def test_pdf_without_text_layer(browser):
    page = browser.new_page()
    page.set_content("<div style='width:300px;height:300px;background:#333'></div>")
    data = page.pdf(format="A4")
    page.close()
    e = err(data, "扫描件.pdf")
    assert e.reason == "PDF 没有可提取的文字(可能是扫描件)"


@pytest.mark.e2e
def test_corrupt_and_truncated_pdf(report_pdf):
    assert "PDF" in err(report_pdf[:600], "报告.pdf").reason
    garbled = bytearray(report_pdf)
    rnd = random.Random(7)
    for i in range(400, len(garbled)):
        garbled[i] = rnd.randrange(256)
    assert "PDF" in err(bytes(garbled), "报告.pdf").reason


def test_pdf_header_then_junk():
    assert "PDF" in err(b"%PDF-1.7\n" + b"\x00\xff junk " * 50, "a.pdf").reason


LONG_REPORT = [
    "一、2023年工作回顾",
    "过去一年,面对复杂严峻的外部环境,全县上下坚持稳中求进工作总基调,经济社会发展主要目标任务圆满完成。全县地区生产总值完成"
    "356.8亿元,增长6.2%;一般公共预算收入21.4亿元,增长8.1%;规上工业增加值增长9.3%;社会消费品零售总额132.5亿元,增长7.4%。",
    "(一)产业转型步伐加快",
    "新增规上工业企业42家,高新技术企业总数达到186家,战略性新兴产业产值占规上工业比重提高到38.6%。新建5G基站620个,"
    "数字经济核心产业增加值增长15.2%。现代农业提质增效,粮食总产量稳定在48.6万吨,新建高标准农田6.5万亩,农产品加工产值突破"
    "210亿元。全域旅游加快发展,接待游客1260万人次,实现旅游综合收入138亿元。",
    "(二)城乡面貌持续改善",
    "实施城市更新项目58个,改造老旧小区42个、惠及居民1.6万户,新建改建城市道路26公里,新增停车泊位3200个。新改建农村公路"
    "186公里,农村自来水普及率达到98.5%,农村生活污水治理率提高到52%。空气质量优良天数比例达到91.2%,森林覆盖率达到63.4%。",
    "(三)民生福祉不断增进",
    "民生支出占一般公共预算支出比重达到80.5%。新增城镇就业8600人,城镇调查失业率控制在5%以内。新建改扩建中小学和幼儿园15所,"
    "新增学位6800个。县人民医院新院区投入使用,每千人口执业医师数提高到3.1人。城乡居民基本养老保险参保率达到97.8%。",
    "二、2024年工作安排",
    "全县经济社会发展的主要预期目标是:地区生产总值增长6%左右,一般公共预算收入增长5%,城乡居民人均可支配收入增长与经济增长基本同步,"
    "城镇调查失业率控制在5.5%以内,单位地区生产总值能耗完成省下达任务。",
] * 3


@pytest.mark.e2e
def test_multipage_pdf_with_page_footers(browser):
    html = ("<html><head><meta charset='utf-8'><style>body{font-family:'Noto Serif CJK SC',serif;font-size:16pt}"
            "p{text-indent:2em;margin:0}</style></head><body>"
            + "".join(f"<p>{p}</p>" for p in LONG_REPORT) + "</body></html>")
    page = browser.new_page()
    page.set_content(html)
    data = page.pdf(format="A4", display_header_footer=True, header_template="<span></span>",
                    footer_template="<div style='font-size:10pt;width:100%;text-align:center'>"
                                    "- <span class='pageNumber'></span> -</div>",
                    margin={"top": "2cm", "bottom": "2cm", "left": "2.5cm", "right": "2.5cm"})
    page.close()
    raw = read_bytes(data, "报告.pdf")
    assert raw.count("\f") >= 2 and "- 3 -" in raw  # several pages, each with its footer
    c = clean(raw)
    got = c.text.split("\n")
    # nothing lost, nothing added (page numbers gone), breaks only where the author put them
    # or where a sentence happens to end at the end of a printed line
    assert "".join(got) == "".join(LONG_REPORT)
    for ln in got:
        assert ln in LONG_REPORT or any(p.startswith(ln) or p.endswith(ln) for p in LONG_REPORT)
    for heading in ["一、2023年工作回顾", "(二)城乡面貌持续改善", "二、2024年工作安排"]:
        assert heading in got
    assert sum(ln in LONG_REPORT for ln in got) >= 0.8 * len(LONG_REPORT)
    assert "惠及居民1.6万户" in c.text  # the font's shared glyph came out as 戶: made simplified again


def test_blank_pdf_page_has_no_text():
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    buf = io.BytesIO()
    w.write(buf)
    assert err(buf.getvalue(), "空白.pdf").reason == "PDF 没有可提取的文字(可能是扫描件)"


@pytest.mark.e2e
def test_pdf_radical_characters_become_ideographs(browser):
    # some PDF producers map glyphs to the radical blocks: ⼯ (Kangxi) and ⺠ ⻓ (supplement)
    page = browser.new_page()
    page.set_content(PDF_HTML.format(extra="<p>⼯业增加值增⻓6.3%,⺠⽣⽀出占⽐达到78%。</p>"))
    data = page.pdf(format="A4")
    page.close()
    text = read_bytes(data, "报告.pdf")
    assert "工业增加值增长6.3%,民生支出占比达到78%。" in clean(text).text
    assert not any("\u2e80" <= ch <= "\u2fdf" for ch in text)


def test_traditional_pdf_text_is_not_simplified():
    from lib.parse.clean import fix_stray_variants

    trad = "全縣地區生產總值增長6.2%,財政收入達到21億元。"
    assert fix_stray_variants(trad) == trad
    simp = "全县地区生产总值增长6.2%,财政收入达到21亿元。" * 10 + "新增市场主体1.6万戶。"
    assert fix_stray_variants(simp) == simp.replace("戶", "户")


# ---- html ------------------------------------------------------------------------------------

GOV_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>2024年XX区政府工作报告_XX区人民政府网站</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav{color:red}</style></head>
<body>
<div class="header"><div class="logo">XX区人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a>政务公开</a></li><li><a>办事服务</a></li><li><a>互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置:首页 &gt; 政务公开 &gt; 政府工作报告</div>
<div class="main-wrap">
 <div class="left-side"><h3>热点新闻</h3><ul><li>区长调研重点项目建设情况并召开专题会议部署推进工作</li>
 <li>我区召开优化营商环境工作推进会议</li></ul></div>
 <div class="article">
  <h1>2024年XX区政府工作报告</h1>
  <div class="info">发布时间:2024-01-22 来源:区政府办公室 <span class="fontsize">字号:大 中 小</span></div>
  <div class="article-content" id="zoom">
   <p>&nbsp;&nbsp;各位代表:</p>
   <p>现在,我代表区人民政府,向大会报告工作,请予审议。</p>
   <p><strong>一、2023年工作回顾</strong></p>
   <p>全区地区生产总值完成865.2亿元,增长5.6%;一般公共预算收入68.3亿元,增长7.1%。
   新增市场主体1.8万户,其中企业6200户。</p>
   <table><tr><td>指标</td><td>完成值</td></tr><tr><td>社会消费品零售总额</td><td>412亿元</td></tr></table>
   <p>二、2024年工作安排<br>地区生产总值增长5.5%左右。</p>
  </div>
  <div class="share-bar">分享到:微信 微博 QQ空间</div>
  <div class="prevnext"><a>上一篇:XX区召开经济工作会议</a><a>下一篇:关于印发若干措施的通知</a></div>
 </div>
</div>
<div id="comment"><h4>网友评论</h4><form>昵称:<input>验证码:<input><button>提交</button></form></div>
<div class="footer">版权所有:XX区人民政府办公室 京ICP备12345678号 网站标识码1101080001</div>
</body></html>"""


def test_html_keeps_the_article_and_drops_the_chrome():
    text = read_bytes(GOV_PAGE.encode("utf-8"), "report.html")
    ls = [ln for ln in text.split("\n") if ln]
    assert ls[0] == "2024年XX区政府工作报告"
    assert "一、2023年工作回顾" in ls
    assert "二、2024年工作安排" in ls and "地区生产总值增长5.5%左右。" in ls
    assert any("全区地区生产总值完成865.2亿元,增长5.6%" in ln for ln in ls)
    assert "社会消费品零售总额 412亿元" in ls
    for junk in ["统计代码", "color:red", "办事服务", "当前位置", "热点新闻", "营商环境工作推进会议",
                 "分享到", "上一篇", "网友评论", "验证码", "版权所有", "ICP"]:
        assert junk not in text, junk


def test_html_with_wrong_extension_and_no_article_container():
    page = ("<html><body><nav>首页 新闻</nav><p>各位代表:</p><p>全县粮食总产量达到52万吨。</p>"
            "<footer>版权所有</footer></body></html>")
    text = read_bytes(page.encode("utf-8"), "报告.txt")
    assert text.split("\n") == ["各位代表:", "全县粮食总产量达到52万吨。"]


OLD_STYLE_PAGE = """<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<title>政府工作报告</title></head><body>
<table width=100%><tr><td><a href=/>首页</a> | <a>政务公开</a> | <a>新闻中心</a> | <a>办事服务</a></td></tr></table>
<table><tr><td width=200><a>区长信箱</a><br><a>网上调查</a><br><a>在线访谈</a></td><td>
<p align=center><font size=5><b>2023年XX县人民政府工作报告</b></font></p>
<p>发布日期:2023-02-10　　浏览次数:326</p>
<p>　　各位代表:</p><p>　　现在,我代表县人民政府向大会报告工作,详见<a>附件</a>。</p>
<p>　　一、2022年工作回顾</p><p>　　全县地区生产总值完成156.3亿元,增长5.1%。</p>
<p>【打印本页】【关闭窗口】</p></td></tr></table>
<table><tr><td>主办:XX县人民政府办公室　版权所有　技术支持:XX公司<br>备案号:X ICP备05001234号</td></tr></table>
</body></html>"""


def test_old_table_layout_page_without_class_names():
    """No class names to go by: link blocks are menus, and clean() removes the rest of the chrome."""
    text = read_bytes(OLD_STYLE_PAGE.encode("gbk"), "报告.htm")
    assert "区长信箱" not in text and "办事服务" not in text
    assert lines_of(clean(text).text) == ["2023年XX县人民政府工作报告", "发布日期:2023-02-10",
                                          "各位代表:", "现在,我代表县人民政府向大会报告工作,详见附件。",
                                          "一、2022年工作回顾", "全县地区生产总值完成156.3亿元,增长5.1%。"]


def lines_of(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln]


def test_web_archive_mht():
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    msg = MIMEMultipart("related")
    msg["From"] = "<Saved by Blink>"
    msg["Subject"] = "2024年XX区政府工作报告"
    msg.attach(MIMEText(GOV_PAGE.replace('charset="utf-8"', 'charset="gb2312"'), "html", "gb18030"))
    msg.attach(MIMEText("body{color:red}", "css", "utf-8"))
    data = msg.as_bytes()
    assert b"MIME-Version" in data and "全区地区生产总值".encode("utf-8") not in data  # base64 GB18030
    text = read_bytes(data, "报告.mht")
    assert "全区地区生产总值完成865.2亿元,增长5.6%" in text
    assert "版权所有" not in text and "color:red" not in text


def test_html_fragment_is_recognised():
    frag = "<div>各位代表:</div>\n<div>全年新增就业2万人。</div><p>一、工作回顾</p><p>二、工作安排</p><br><p>完</p>"
    assert read_bytes(frag.encode("utf-8"), "a.txt").split("\n") == \
        ["各位代表:", "全年新增就业2万人。", "一、工作回顾", "二、工作安排", "完"]


def test_plain_text_mentioning_a_pdf_header_is_text():
    text = "说明:PDF 文件以 %PDF-1.7 开头。\n全年新增就业2万人。"
    assert read_bytes(text.encode("utf-8"), "a.txt") == text


def test_plain_text_mentioning_tags_is_not_html():
    text = "关于<p>标签的说明:本报告全文为纯文本。\n全年新增就业2万人。"
    assert read_bytes(text.encode("utf-8"), "a.txt") == text


# ---- errors ----------------------------------------------------------------------------------

def test_empty_and_blank_files():
    assert err(b"", "空.txt").reason == "文件为空"
    assert err(b"  \n\r\n\t ", "空.txt").reason == "文件为空"


def test_binary_junk():
    rnd = random.Random(1)
    junk = bytes(rnd.randrange(256) for _ in range(5000))
    assert "二进制" in err(junk, "报告.txt").reason
    assert "二进制" in err(bytes(range(1, 32)) * 20, "报告.txt").reason
    assert "二进制" in err(b"\x7fELF\x02\x01\x01" + bytes(100), "a.txt").reason


def test_images():
    assert "图片" in err(b"\x89PNG\r\n\x1a\n" + os.urandom(200), "扫描.png").reason
    assert "图片" in err(b"\xff\xd8\xff\xe0" + os.urandom(200), "扫描.txt").reason


def test_html_without_text():
    e = err(b"<html><head><script>var a=1;</script></head><body><div></div></body></html>", "a.html")
    assert e.reason == "文件中没有可读的文字"


def test_read_path(tmp_path):
    p = tmp_path / "报告.txt"
    p.write_bytes(SIMP.encode("gb18030"))
    assert read_path(p) == SIMP
    with pytest.raises(ReadError) as exc:
        read_path(tmp_path / "没有这个文件.txt")
    assert "没有这个文件.txt" in str(exc.value) and "无法打开" in exc.value.reason
    with pytest.raises(ReadError):
        read_path(tmp_path)  # a directory


# ---- properties ------------------------------------------------------------------------------

def only_read_errors(data: bytes):
    try:
        out = read_bytes(data, "x.bin")
    except ReadError as e:
        assert e.reason
        return
    assert isinstance(out, str) and out.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_read_bytes_raises_only_read_error_on_any_bytes(data):
    only_read_errors(data)


PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><body>", b"{\\rtf1",
            "各位代表".encode("gbk"), "各位代表".encode("big5"),
            b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\nContent-Type: text/html\n\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.binary(max_size=1500))
def test_read_bytes_raises_only_read_error_behind_format_signatures(prefix, data):
    only_read_errors(prefix + data)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=255))
def test_read_bytes_on_damaged_docx(cut, byte):
    data = bytearray(DOCX)
    pos = cut % len(data)
    data[pos] = byte
    only_read_errors(bytes(data[: max(pos, 30)]))


DOCX = make_docx()

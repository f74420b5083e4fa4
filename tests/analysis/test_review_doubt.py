"""One source of doubt: the parser records on each fact the rule that bound it (Fact.parser_rules),
and the 库 page's per-report counts read the same doubts as the 报告 page's table and sort."""
from __future__ import annotations

import pytest

import lib.store.service as appdata
from lib.analysis import doubt as fd
from lib.present import tables
from lib.present.labels import HEADLINE
from lib.store.corrections import CHECK, FactCorrection
from lib.store.anchors import anchor_of
from lib.store.library import Library
from lib.model import CHECKED

# written for these tests: two headline figures bound by a 分别 list, one bound across a clause
LISTED = """YY市2024年政府工作报告
各位代表:
一、2023年工作回顾
全市地区生产总值完成1880亿元,同比增长5.6%。
社会消费品零售总额、固定资产投资分别增长6.3%和4.9%。
二、2024年工作安排
主要预期目标是:地区生产总值增长5.5%左右。
"""


@pytest.fixture
def lib_(tmp_path, monkeypatch):
    path = tmp_path / "doubt.sqlite"
    monkeypatch.setenv("GOVREPORT_DB", str(path))
    lib = Library(path)
    lib.set_setting("seeded", "1")
    assert lib.add_text(LISTED, "yy.txt").status == "added"
    appdata._cache.clear()
    yield lib
    appdata._cache.clear()


def _row(name="yy.txt"):
    appdata._cache.clear()
    return next(r for r in appdata.review_rows() if r["文件"] == name)


def _stored(lib, indicator):
    return next(f for f in lib.load_reports()[0].facts if f.indicator == indicator and f.section == "result")


def test_the_library_keeps_the_rules_the_parser_recorded(lib_):
    assert _stored(lib_, "retail_sales_growth").parser_rules == "bind.fenbie"
    assert _stored(lib_, "fai_growth").parser_rules == "bind.fenbie"
    assert _stored(lib_, "gdp").parser_rules == "bind.clause"


def test_a_fenbie_bound_figure_counts_as_doubtful_on_the_library_page_until_checked(lib_):
    row = _row()
    # 分别 x2 and 同比增长5.6% (bound across a clause); the GDP level and the plan figure are sure
    assert (row["主要指标"], row["有疑点"], row["未核对"]) == (5, 3, 5)
    for name in ("retail_sales_growth", "fai_growth"):
        lib_.save_fact_correction("yy.txt", FactCorrection(CHECK, anchor_of(_stored(lib_, name))))
    assert _stored(lib_, "fai_growth").provenance == CHECKED
    row = _row()
    assert (row["有疑点"], row["未核对"], row["已人工处理"]) == (1, 3, 2)


def test_the_library_counts_and_the_report_table_share_one_source(lib_):
    r = lib_.load_reports()[0]
    table = tables.report_facts(r)
    head = table[[f.indicator in HEADLINE for f in sorted(r.facts, key=lambda f: f.fig_start)]]
    assert (head["疑点"] != "").sum() == fd.review_summary(r).doubtful == _row()["有疑点"]
    listed = table[table["指标"] == _stored(lib_, "fai_growth").label].iloc[0]
    assert listed["疑点"].startswith("“分别”列举")
    assert tables.report_facts(r, by_doubt=True).iloc[0]["疑点"] != ""  # the sort reads the same doubts


def test_a_report_parsed_without_its_layers_keeps_the_same_rules_on_its_facts():
    # the library parses without the explain layers (names, figures, decisions): the rules that
    # kept each figure and the OCR repairs must not depend on them
    from lib.parse.pipeline import parse_doc

    text = ("2024年工作回顾\n全市地区生产总值增长5.5%,工业投资、民间投资分别增长8.1%、6.3%。"
            "城乡居民人均可支配收入分别达到4.2万元和2.l万元。\n2025年主要预期目标\n地区生产总值增长5%左右。")
    full, lean = parse_doc(text, layers=True), parse_doc(text, layers=False)
    assert not lean.decisions and full.decisions
    assert [(f.indicator, f.parser_rules) for f in lean.facts] == \
        [(f.indicator, f.parser_rules) for f in full.facts]
    assert any("clean.repaired" in f.parser_rules for f in lean.facts)
    assert all(f.parser_rules for f in lean.facts)

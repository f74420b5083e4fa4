"""The 报告 page as a review screen, through the REAL library (a temp GOVREPORT_DB): a person
corrects a wrong value, removes a wrong figure, adds a missed one and marks one checked; the
result shows at once on the report page, on 对比 (marked) and on 计划与实绩 (marked)."""
from __future__ import annotations

import json

import pytest
import streamlit as st

from lib.store import service as appdata
import app_state as dashdata
from lib.store.library import Library
from tests.support.apptest import app_on_library, go
from tests.support.review_texts import HUZHOU_2023, HUZHOU_2024


@pytest.fixture
def app(tmp_path, monkeypatch):
    texts = {"湖州2023.txt": HUZHOU_2023, "湖州2024.txt": HUZHOU_2024}
    with app_on_library(tmp_path / "review.sqlite", monkeypatch, texts) as at:
        yield at


def _facts(at):
    return next(d.value for d in at.dataframe if "核对" in d.value.columns and "疑点" in d.value.columns)


def _pick(at, indicator, shown):
    facts = _facts(at)
    row = facts[(facts["指标"] == indicator) & (facts["表述"] == shown)]
    assert len(row) == 1, facts[["#", "指标", "表述"]]
    at.selectbox(key="rep_focus").set_value(int(row["#"].iloc[0])).run()
    assert not at.exception, at.exception
    return int(row["#"].iloc[0])


def _click(at, label):
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception, at.exception
    return at


def _row(at, indicator, section="实绩"):
    facts = _facts(at)
    rows = facts[(facts["指标"] == indicator) & (facts["类型"] == section)]
    return rows.to_dict("records")


def _review(at):
    at = go(at, "report", "湖州2024.txt")
    # 1. a wrong value: 6.2% -> 6.3%
    n = _pick(at, "地区生产总值增速", "6.2%")
    at.text_input(key=f"rep_edit_{n}_value").set_value("6.3")
    at = _click(at, "保存修改")
    assert any("已保存修正" in s.value for s in at.success), [s.value for s in at.success]
    assert [(r["表述"], r["核对"]) for r in _row(at, "地区生产总值增速")] == [("6.3%", "已修正")]
    # 2. a wrong figure removed
    _pick(at, "社会消费品零售总额增速", "8.1%")
    at = _click(at, "删除此数字")
    assert any("已删除" in s.value for s in at.success)
    assert _row(at, "社会消费品零售总额增速") == []
    # 3. checked
    _pick(at, "地区生产总值", "4015亿元")
    at = _click(at, "✓ 已核对")
    assert [r["核对"] for r in _row(at, "地区生产总值")] == ["已核对"]
    # 4. a missed figure added from the text
    at.text_input(key="rep_add_span").set_value("全年进出口1520亿元")
    at.selectbox(key="rep_add_ind").set_value("trade")
    at.number_input(key="rep_add_year").set_value(2023)
    at = _click(at, "添加指标")
    assert any("已添加指标" in s.value for s in at.success), [e.value for e in at.error]
    added = _row(at, "外贸进出口总额")
    assert [(r["表述"], r["核对"]) for r in added] == [("1520亿元", "手工添加")]
    return at


def _compare_marks(at):
    """The 对比 page's 2023 bars: (labels, hovers)."""
    at = go(at, "compare")
    at.selectbox(key="cmp_year").set_value(2023).run()
    at.multiselect(key="cmp_inds").set_value(["gdp_growth", "gdp", "trade"]).run()
    assert not at.exception, at.exception
    labels, hovers = [], []
    for c in at.get("plotly_chart"):
        for tr in json.loads(c.proto.spec)["data"]:
            labels += [str(t) for t in (tr.get("text") or []) if isinstance(t, str)]
            hovers += [str(t) for t in (tr.get("hovertext") or []) if isinstance(t, str)]
    return labels, hovers


def _plan_gdp_2023(at):
    at = go(at, "plan")
    table = next(d.value for d in at.dataframe if "实绩" in d.value.columns and "目标" in d.value.columns)
    gdp = table[table["指标"] == "地区生产总值增速"].to_dict("records")
    return [(r["目标"], r["实绩"]) for r in gdp if r["年份"] == 2023]


def test_a_person_reviews_a_report_and_every_page_shows_it(app):
    at = _review(app)
    # compare: the corrected 2023 result with its mark in the bar label and the hover
    labels, hovers = _compare_marks(at)
    assert "6.3%✎" in labels and "4015亿元✓" in labels and "1520亿元✚" in labels, labels
    assert any("6.3%✎" in h for h in hovers)
    # plan vs result: the 2023 target (6%左右) answered by the corrected result, marked
    assert _plan_gdp_2023(at) == [("6%左右", "6.3%✎")]


def test_the_pages_keep_every_correction_after_reextract_and_a_new_parser_version(app, monkeypatch, capsys):
    from lib.__main__ import main

    at = _review(app)
    db = appdata.db_path()
    assert main(["library", "reextract", "--db", str(db)]) == 0
    monkeypatch.setattr("lib.PARSER_VERSION", "test-next")  # the app re-extracts on its own
    for clear in (appdata._cache.clear, dashdata.refresh, st.cache_data.clear):
        clear()
    at = go(at, "report", "湖州2024.txt")
    assert [(r["表述"], r["核对"]) for r in _row(at, "地区生产总值增速")] == [("6.3%", "已修正")]
    assert _row(at, "社会消费品零售总额增速") == [] and [r["核对"] for r in _row(at, "地区生产总值")] == ["已核对"]
    assert [(r["表述"], r["核对"]) for r in _row(at, "外贸进出口总额")] == [("1520亿元", "手工添加")]
    assert not any("找不到对应的数字" in w.value for w in at.warning)
    assert Library(db).stale_ids() == []  # it really was extracted again for "test-next"
    labels, _ = _compare_marks(at)
    assert "6.3%✎" in labels and "4015亿元✓" in labels and "1520亿元✚" in labels, labels
    assert _plan_gdp_2023(at) == [("6%左右", "6.3%✎")]


def test_undo_puts_back_what_the_parser_said(app):
    at = _review(app)
    _pick(at, "地区生产总值增速", "6.3%")
    at = _click(at, "恢复解析结果")
    assert [(r["表述"], r["核对"]) for r in _row(at, "地区生产总值增速")] == [("6.2%", "解析")]


def test_a_bad_value_is_refused_visibly_and_nothing_changes(app):
    at = go(app, "report", "湖州2024.txt")
    n = _pick(at, "地区生产总值增速", "6.2%")
    at.text_input(key=f"rep_edit_{n}_value").set_value("六点三")
    at = _click(at, "保存修改")
    assert any("不是数字" in e.value for e in at.error), [e.value for e in at.error]
    assert [r["表述"] for r in _row(at, "地区生产总值增速")] == ["6.2%"]


def test_doubtful_figures_come_first_when_asked(app):
    at = go(app, "report", "湖州2024.txt")
    at.toggle(key="rep_by_doubt").set_value(True).run()
    doubts = list(_facts(at)["疑点"])
    assert doubts[0] and doubts == sorted(doubts, key=lambda d: -(d.count(";") + 1 if d else 0))

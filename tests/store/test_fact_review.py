"""lib.store.corrections without a library: anchors found again, corrections applied with provenance,
doubts, upload warnings; provenance reaches views, pairs and chart marks."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from lib.charts import compare as charts

from lib.analysis import doubt as fd

from lib.store import anchors
from lib.store import corrections as fr

from lib.analysis import pairs

from lib.present import index, choices, tables, views
from lib.present import plan_tables
from lib.model import ADDED, CHECKED, CORRECTED, PARSED, PLAN, RESULT, Fact, Report, ReportMeta
from lib.parse.pipeline import parse_text
from tests.support.review_texts import HUZHOU_2023, HUZHOU_2024


@pytest.fixture(scope="module")
def rep():
    return parse_text(HUZHOU_2024, "湖州2024.txt")


def _fact(rep, indicator, section=RESULT):
    return next(f for f in rep.facts if f.indicator == indicator and f.section == section)


def test_an_anchor_finds_its_figure_again_after_the_offsets_move(rep):
    f = _fact(rep, "retail_sales_growth")
    a = anchors.anchor_of(f)
    assert a.figure == "8.1%"
    moved = [replace(g, start=g.start + 40, end=g.end + 40, fig_start=g.fig_start + 40, fig_end=g.fig_end + 40)
             for g in rep.facts]
    assert moved[anchors.locate(a, moved)].indicator == "retail_sales_growth"
    assert anchors.locate(replace(a, figure="8.2%"), rep.facts) is None


def test_two_figures_of_one_sentence_are_told_apart(rep):
    a, b = _fact(rep, "industrial_va_growth"), _fact(rep, "fai_growth")
    assert a.evidence == b.evidence
    assert rep.facts[anchors.locate(anchors.anchor_of(b), rep.facts)] is b
    assert rep.facts[anchors.locate(anchors.anchor_of(a), rep.facts)] is a


def test_resolve_follows_the_sentence_through_new_white_space_and_lines(rep):
    f = _fact(rep, "retail_sales_growth")
    text = "(新的一行)\n" + rep.text.replace("社会消费品零售总额增长8.1%", "社会消费品零售总额 增长 8.1%")
    got = anchors.resolve(anchors.anchor_of(f), text)
    assert got is not None and text[got.fig_start:got.fig_end] == "8.1%"
    assert "零售总额 增长 8.1%" in got.evidence
    assert anchors.resolve(anchors.anchor_of(f), text.replace("8.1%", "9%")) is None


def test_apply_corrections_sets_provenance_and_reports_the_lost(rep):
    gdp, growth, retail = _fact(rep, "gdp"), _fact(rep, "gdp_growth"), _fact(rep, "retail_sales_growth")
    s, e = anchors.find_span(rep.text, "1520亿元")
    corrections = [
        fr.FactCorrection(fr.EDIT, anchors.anchor_of(growth), {"value": 6.3}, id=1),
        fr.FactCorrection(fr.CHECK, anchors.anchor_of(gdp), id=2),
        fr.FactCorrection(fr.REMOVE, anchors.anchor_of(retail), id=3),
        fr.FactCorrection(fr.ADD, anchors.anchor_for_span(rep.text, s, e),
                          {"indicator": "trade", "value": 1520.0, "section": RESULT, "year": 2023}, id=4),
        fr.FactCorrection(fr.EDIT, replace(anchors.anchor_of(growth), figure="99%"), {"value": 1.0}, id=5),
    ]
    out = fr.apply_corrections(rep.facts, corrections)
    by = {(f.indicator, f.section): f for f in out.facts}
    assert (by[("gdp_growth", RESULT)].value, by[("gdp_growth", RESULT)].provenance) == (6.3, CORRECTED)
    assert by[("gdp", RESULT)].provenance == CHECKED and ("retail_sales_growth", RESULT) not in by
    trade = by[("trade", RESULT)]
    assert (trade.provenance, trade.unit, trade.label) == (ADDED, "亿元", "外贸进出口总额")
    assert [c.id for c in out.lost] == [5]
    starts = [f.start for f in out.facts]
    assert starts == sorted(starts)  # the added figure sits in text order
    assert all(f.provenance == PARSED for f in rep.facts)  # the input is untouched


def test_changing_the_indicator_brings_its_label_category_and_unit(rep):
    f = _fact(rep, "gdp_growth")
    out = fr.apply_corrections(rep.facts, [fr.FactCorrection(fr.EDIT, anchors.anchor_of(f), {"indicator": "fai_growth"})])
    g = next(x for x in out.facts if x.provenance == CORRECTED)
    assert (g.indicator, g.label, g.category, g.unit) == ("fai_growth", "固定资产投资增速", "投资", "%")


@pytest.mark.parametrize("changes, message", [
    ({"value": "abc"}, "不是数字"), ({"year": 1800}, "年份"), ({"qualifier": "大约"}, "限定"),
    ({"section": "明年"}, "类型"), ({"estimated": "也许"}, "预计数"), ({"colour": 1}, "不能修改"),
    ({"value": ""}, "数值不能为空"),
])
def test_bad_changes_are_refused_in_chinese(changes, message):
    with pytest.raises(anchors.ReviewError, match=message):
        fr.clean_changes(changes)


def test_chinese_words_are_accepted_in_changes():
    assert fr.clean_changes({"section": "目标", "qualifier": "左右", "estimated": "是", "value": "1,520",
                             "indicator": "外贸进出口总额", "year": "2024年"}) == {
        "section": PLAN, "qualifier": "approx", "estimated": True, "value": 1520.0, "indicator": "trade",
        "year": 2024}


def test_changed_fields_keeps_only_real_changes(rep):
    f = _fact(rep, "gdp_growth")
    same = dict(indicator=f.indicator, section=f.section, value="6.2", qualifier=f.qualifier, year=f.year,
                estimated=False, value_high=None, unit="%")
    assert fr.changed_fields(f, same) == {}
    assert fr.changed_fields(f, {**same, "value": "6.30"}) == {"value": 6.3}


def test_doubts_name_what_a_reader_should_look_at(rep):
    listed = _fact(rep, "industrial_va_growth")
    assert listed.parser_rules == "bind.fenbie"  # recorded by the parser on the fact
    assert fd.doubt_reasons(listed, rep.facts, "市")[0] == "“分别”列举,按位置配对"
    # a fact stored before the parser recorded its rules: the word itself still raises the doubt
    assert "“分别”列举,数字与指标可能错配" in fd.doubt_reasons(replace(listed, parser_rules=""), rep.facts, "市")
    assert fd.doubt_reasons(_fact(rep, "retail_sales_growth"), rep.facts, "市") == []  # bind.clause
    # 完成4015亿元,同比增长6.2%: the growth is bound across a clause, and the parser says so
    assert fd.doubt_reasons(_fact(rep, "gdp_growth"), rep.facts, "市") == ["数字在另一分句,靠承接前文的指标名称归入"]
    wild = replace(_fact(rep, "gdp_growth"), value=36.0)
    assert any("超出常见范围" in d for d in fd.doubt_reasons(wild, rep.facts, "市"))
    twin = replace(_fact(rep, "gdp_growth"), value=6.8, start=0)
    assert any("另有不同数字" in d for d in fd.doubt_reasons(twin, rep.facts + [twin], "市"))
    assert "预计数" in fd.doubt_reasons(replace(twin, estimated=True), [], "市")
    far = replace(_fact(rep, "gdp_growth"), indicator="cpi")
    assert "句中找不到指标名称" in fd.doubt_reasons(far, [], "市")
    assert fd.doubt_reasons(replace(wild, provenance=CHECKED), rep.facts, "市") == []
    # the parser's own rule code, when the lead feeds it in
    assert fd.doubt_reasons(_fact(rep, "gdp_growth"), rep.facts, "市", rule="bind.continuation") == ["数字在另一分句,靠承接前文的指标名称归入"]
    assert fd.doubt_reasons(_fact(rep, "gdp_growth"), rep.facts, "市", rule="kept_plain") == []


def test_review_summary_counts_headline_figures_and_missing_ones(rep):
    s = fd.review_summary(rep)
    assert s.headline >= 5 and s.unchecked == s.headline and s.doubtful >= 1 and s.missing == []
    no_target = Report(meta=rep.meta, text=rep.text, facts=[f for f in rep.facts if f.section != PLAN],
                       sections=rep.sections)
    assert fd.review_summary(no_target).missing == ["目标:地区生产总值增速"]


def test_upload_warnings():
    meta = ReportMeta(file="x", province="浙江省", city="湖州市", level="市", review_year=2023, plan_year=2024)
    gdp = Fact("gdp_growth", "地区生产总值增速", RESULT, 2023, 6.2, "%")
    parks = Fact("pocket_parks", "口袋公园", RESULT, 2023, 12, "个")
    assert fd.upload_warnings(Report(meta, "", [gdp])) == []
    assert fd.upload_warnings(Report(replace(meta, province="", city="", level=""), "", [gdp])) == ["未能识别地区"]
    assert fd.upload_warnings(Report(replace(meta, review_year=None, plan_year=None), "", [gdp])) == ["未能识别年份"]
    assert fd.upload_warnings(Report(meta, "", [])) == ["没有提取出任何指标"]
    assert fd.upload_warnings(Report(meta, "", [parks])) == ["没有提取出主要指标(如地区生产总值增速)"]


def _reviewed():
    old, new = parse_text(HUZHOU_2023, "湖州2023.txt"), parse_text(HUZHOU_2024, "湖州2024.txt")
    growth, gdp = _fact(new, "gdp_growth"), _fact(new, "gdp")
    new.facts = fr.apply_corrections(new.facts, [fr.FactCorrection(fr.EDIT, anchors.anchor_of(growth), {"value": 6.3}),
                                                 fr.FactCorrection(fr.CHECK, anchors.anchor_of(gdp))]).facts
    return [old, new]


def test_provenance_reaches_the_view_the_export_and_the_chart_marks():
    idx = index.build_index(_reviewed())
    groups = choices.place_options(idx, RESULT, 2023)
    view = views.view_table(idx, RESULT, 2023, groups, ["gdp_growth", "gdp", "retail_sales_growth"])
    assert dict(zip(view["indicator"], view["provenance"])) == {"gdp_growth": CORRECTED, "gdp": CHECKED,
                                                              "retail_sales_growth": PARSED}
    assert "核对" in tables.export_table(view, RESULT, 2023).columns
    fig = charts.indicator_panel(views.view_records(idx, RESULT, 2023, groups, ["gdp_growth"]), "gdp_growth",
                                 RESULT, 2023)
    spec = json.loads(fig.to_json())
    texts = [t for tr in spec["data"] for t in (tr.get("text") or []) if isinstance(t, str)]
    hovers = [t for tr in spec["data"] for t in (tr.get("hovertext") or []) if isinstance(t, str)]
    assert "6.3%✎" in texts and any("6.3%✎" in h for h in hovers)


def test_provenance_reaches_the_pairs():
    rows = pairs.pair_rows(_reviewed())
    gdp = next(p for p in rows if p.indicator == "gdp_growth" and p.year == 2023)
    assert (gdp.actual_value, gdp.actual_provenance, gdp.target_provenance) == (6.3, CORRECTED, PARSED)
    assert plan_tables.pair_table([gdp])[0]["实绩"] == "6.3%✎"
    assert set(pairs.PAIR_COLUMNS) >= {"target_provenance", "actual_provenance"}


def test_the_report_table_takes_the_parsers_recorded_rule_codes(rep):
    f = _fact(rep, "retail_sales_growth")
    plain = tables.report_facts(rep)
    fed = tables.report_facts(Report(meta=rep.meta, text=rep.text, sections=rep.sections, facts=[
        replace(g, parser_rules="bind.fenbie") if g is f else g for g in rep.facts]))
    row = lambda t: t[t["指标"] == f.label].iloc[0]  # noqa: E731
    assert row(plain)["疑点"] == "" and row(fed)["疑点"] == "“分别”列举,按位置配对"


def test_the_wide_table_marks_corrected_cells():
    idx = index.build_index(_reviewed())
    groups = choices.place_options(idx, RESULT, 2023)
    wide = tables.wide_table(views.view_table(idx, RESULT, 2023, groups, ["gdp_growth", "gdp"]))
    assert list(wide.iloc[0, 2:]) == ["6.3%✎", "4015亿元✓"]



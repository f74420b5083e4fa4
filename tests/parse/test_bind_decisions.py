"""Decisions: one per candidate figure, with the rule that kept or dropped it, every rule
explained in lib/data/rules.csv."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lib.lang.data import DATA
from lib.model import ReportMeta, Section
from lib.parse.bind import extract_facts
from lib.parse.clean import clean
from lib.parse.doc import DROPPED, KEPT
from lib.parse.meta import infer_meta
from lib.parse.readers import read_path
from lib.parse.sections import split_sections

SHARED = Path(__file__).resolve().parents[3] / "shared"


def rules() -> list[str]:
    with open(DATA / "rules.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    assert rows[0] == ["code", "explanation_zh"]
    for code, expl in rows[1:]:
        assert code.startswith(("bind.", "drop.")) and expl.strip(), code
    return [r[0] for r in rows[1:]]


def decide(text: str, kind: str = "result", year: int = 2023, meta: ReportMeta | None = None):
    c = clean(text)
    meta = meta or ReportMeta(file="t.txt", review_year=2023, plan_year=2024)
    decisions = []
    facts = extract_facts(c, [Section(kind, 0, len(c.text), year=year)], meta, decisions)
    return c, facts, decisions


def rule_of(decisions, figure: str) -> str:
    got = [d.rule for d in decisions if d.figure == figure]
    assert len(got) == 1, (figure, decisions)
    return got[0]


def test_rule_codes_are_unique():
    codes = rules()
    assert len(codes) == len(set(codes))


def test_every_figure_of_a_named_sentence_gets_one_decision_in_cleaned_offsets():
    text = ("各位代表:\n全市生产总值突破5000亿元,达到5128.6亿元,增长5.2%;“专精特新”企业新增46家。"
            "高新区实现地区生产总值900亿元。居民消费价格上涨1.2个百分点。今年天气晴好,气温28度。")
    c, facts, ds = decide(text)
    starts = [d.start for d in ds]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert [d.figure for d in ds] == ["突破5000亿元", "5128.6亿元", "5.2%", "46家", "900亿元",
                                      "1.2个百分点"]
    for d in ds:
        assert c.text[d.start:d.end] == d.figure and d.section == "result"
    kept = {(d.start, d.end) for d in ds if d.outcome == KEPT}
    assert kept == {(f.fig_start, f.fig_end) for f in facts}
    by = {d.figure: d for d in ds}
    assert by["突破5000亿元"].outcome == DROPPED and by["突破5000亿元"].rule == "drop.threshold"
    assert by["5128.6亿元"].rule == "bind.continuation" and by["5128.6亿元"].indicator == "gdp"
    assert by["5.2%"].rule == "bind.continuation" and by["5.2%"].subject == "全市生产总值"
    assert by["900亿元"].rule == "drop.subarea" and by["1.2个百分点"].rule == "drop.points"


def test_drop_rules_on_written_sentences():
    _, _, ds = decide("经开区地区生产总值增长9%。城镇调查失业率下降0.2个百分点。")
    assert rule_of(ds, "9%") == "drop.subarea" and rule_of(ds, "0.2个百分点") == "drop.points"
    _, _, ds = decide("过去五年,全市生产总值年均增长6.3%。")
    assert rule_of(ds, "6.3%") == "drop.period"
    _, _, ds = decide("全县生产总值增长6%。规上工业增加值上半年增长4.1%。")
    assert rule_of(ds, "6%") == "bind.clause" and rule_of(ds, "4.1%") == "drop.period"
    _, _, ds = decide("与2019年相比,一般公共预算收入增长21%。")
    assert rule_of(ds, "21%") == "drop.other_year"
    _, _, ds = decide("全年新增市场主体4120户。")
    assert rule_of(ds, "4120户") == "drop.increment"
    _, _, ds = decide("地区生产总值增长5%。", "other")
    assert rule_of(ds, "5%") == "drop.other_section"
    _, _, ds = decide("社会消费品零售总额增长6.1%。社会消费品零售总额增长6.1%。")
    assert sorted(d.rule for d in ds) == ["bind.clause", "drop.duplicate"]
    _, _, ds = decide("城镇、农村居民人均可支配收入分别达到38400元、19120元。")
    assert [d.rule for d in ds] == ["bind.fenbie", "bind.fenbie"]
    assert [d.indicator for d in ds] == ["urban_income", "rural_income"]
    _, _, ds = decide("年内改造62个老旧小区。")
    assert rule_of(ds, "62个") == "bind.forward_count"


def test_asking_for_decisions_does_not_change_the_facts():
    text = "全县生产总值达到286.4亿元,增长6.1%;新增城镇就业3200人,粮食总产量9.8亿斤。"
    c = clean(text)
    meta = ReportMeta(file="t.txt", review_year=2023, plan_year=2024)
    secs = [Section("result", 0, len(c.text), year=2023)]
    assert extract_facts(c, secs, meta) == extract_facts(c, secs, meta, [])


def _files():
    out = sorted((SHARED / "seeds").glob("*.txt"))
    out += sorted((SHARED / "corpus" / "provinces_2025").glob("*.docx"))
    out += sorted((SHARED / "corpus" / "hebei").glob("*.txt"))
    return out


def test_every_code_the_engine_emits_is_explained():
    files = _files()
    if not files:
        pytest.skip("no shared seeds or corpus on this machine")
    listed, emitted = set(rules()), set()
    for path in files:
        c = clean(read_path(path))
        meta = infer_meta(c.match, str(path))
        secs = split_sections(c.match, meta.review_year, meta.plan_year)
        ds = []
        extract_facts(c, secs, meta, ds)
        emitted |= {d.rule for d in ds}
        assert all(c.text[d.start:d.end] == d.figure for d in ds), path
        assert len({d.start for d in ds}) == len(ds), path  # one decision per figure
    assert emitted <= listed, emitted - listed
    assert {"bind.clause", "bind.fenbie", "drop.subarea", "drop.period"} <= emitted


def test_a_counts_decision_says_whether_it_is_the_additions_or_the_total():
    _, facts, ds = decide("新增国家级高新技术企业31家,总数达到412家。")
    assert sorted(f.value for f in facts) == [31, 412]
    by = {d.figure: d.count for d in ds}
    assert by == {"31家": "increment", "412家": "total"}
    _, _, ds = decide("地区生产总值增长5%。")
    assert ds[0].count == ""


def test_the_early_drop_without_decisions_keeps_the_same_facts():
    # without decisions a figure every path drops (a repeated indicator, a sub-area's subject,
    # a refused figure) is dropped before its guards: the facts must not change
    text = ("全县生产总值达到286.4亿元,增长6.1%,生产总值增长6.1%,生产总值突破280亿元,"
            "生产总值达到286.4亿元;开发区生产总值增长9%,生产总值增长8%。"
            "新增上市公司3家,上市公司总数达15家,上市公司15家。生产总值增长3个百分点。")
    c = clean(text)
    meta = ReportMeta(file="t.txt", review_year=2023, plan_year=2024)
    for kind in ("result", "plan"):
        secs = [Section(kind, 0, len(c.text), year=2023)]
        decisions = []
        with_decisions = extract_facts(c, secs, meta, decisions)
        assert extract_facts(c, secs, meta) == with_decisions
        assert with_decisions and any(d.rule == "drop.duplicate" for d in decisions)

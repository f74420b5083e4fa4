"""Fact corrections in the library: edit, remove, add and check a figure; the fix survives
re-extraction and a new parser version, and a figure that is gone is kept and flagged."""
from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from lib.store import fact_bins
from lib.store.corrections import ADD, CHECK, EDIT, REMOVE, FactCorrection
from lib.store.anchors import anchor_for_span, anchor_of, find_span
from lib.store.library import Library
from lib.store.records import LibraryError
from lib.model import ADDED, CHECKED, CORRECTED, PARSED
from lib.parse.pipeline import parse_text

# written for these tests: a small city report with a result part and a plan part
REPORT = """XX市2024年政府工作报告
各位代表:
一、2023年工作回顾
全市地区生产总值完成2310亿元,同比增长6.2%。社会消费品零售总额增长8.1%。
城镇居民人均可支配收入5.1万元,增长5.5%。
二、2024年工作安排
主要预期目标是:地区生产总值增长6%左右,一般公共预算收入增长5%。
全年新增城镇就业人数2.3万人以上。
"""


def moved_parser(raw: str, file: str = "(粘贴文本)"):
    """A 'new parser version' whose cleaning adds a line at the top and spaces in one sentence:
    every offset moves."""
    raw = raw.replace("各位代表:", "各位代表:\n(2024年1月10日在XX市第十七届人民代表大会第三次会议上)")
    raw = raw.replace("社会消费品零售总额增长8.1%", "社会消费品零售总额 增长 8.1%")
    return parse_text(raw, file)


def forgetful_parser(raw: str, file: str = "(粘贴文本)"):
    """A new parser version that no longer finds the retail figure and no longer has its sentence."""
    return parse_text(raw.replace("社会消费品零售总额增长8.1%。", ""), file)


@pytest.fixture
def lib_(tmp_path):
    lib = Library(tmp_path / "facts.sqlite")
    res = lib.add_text(REPORT, "xx.txt")
    assert res.status == "added", res.message
    return lib


def _facts(lib):
    return lib.load_reports()[0].facts


def _one(facts, indicator, section="result"):
    found = [f for f in facts if f.indicator == indicator and f.section == section]
    assert len(found) == 1, [(f.indicator, f.section, f.value) for f in facts]
    return found[0]


def _correct(lib, action, fact, **changes):
    return lib.save_fact_correction("xx.txt", FactCorrection(action, anchor_of(fact), changes))


def _add_missed(lib, snippet="2.3万人以上", **changes):
    rep = lib.load_reports()[0]
    s, e = find_span(rep.text, snippet)
    values = dict(indicator="new_jobs", value=2.3, unit="万人", qualifier="ge", section="plan", year=2024)
    values.update(changes)
    return lib.save_fact_correction("xx.txt", FactCorrection(ADD, anchor_for_span(rep.text, s, e), values))


def _review_all(lib):
    facts = _facts(lib)
    _correct(lib, EDIT, _one(facts, "gdp_growth"), value=6.3)
    _correct(lib, REMOVE, _one(facts, "retail_sales_growth"))
    _correct(lib, CHECK, _one(facts, "gdp"))
    _add_missed(lib)


def _state(facts):
    return {(f.indicator, f.section): (f.value, f.provenance) for f in facts}


def test_edit_remove_check_and_add_are_applied_with_their_provenance(lib_):
    before = _facts(lib_)
    assert all(f.provenance == PARSED for f in before)
    _review_all(lib_)
    st = _state(_facts(lib_))
    assert st[("gdp_growth", "result")] == (6.3, CORRECTED)
    assert ("retail_sales_growth", "result") not in st
    assert st[("gdp", "result")] == (2310.0, CHECKED)
    assert st[("new_jobs", "plan")] == (2.3, ADDED)
    assert st[("gdp_growth", "plan")] == (6.0, PARSED)
    added = _one(_facts(lib_), "new_jobs", "plan")
    text = lib_.load_reports()[0].text
    assert text[added.fig_start:added.fig_end] == "2.3万人以上"
    assert text[added.start:added.end] == added.evidence == "全年新增城镇就业人数2.3万人以上。"
    # the parser's own output is untouched: corrections live apart
    assert [f.value for f in lib_.parsed_facts("xx.txt")] == [f.value for f in before]


def test_corrections_reach_the_facts_frame_and_the_export(lib_):
    _review_all(lib_)
    df = lib_.facts_frame()
    rows = {(r.indicator, r.section): (r.value, r.provenance) for r in df.itertuples()}
    assert rows[("gdp_growth", "result")] == (6.3, CORRECTED) and ("retail_sales_growth", "result") not in rows
    csv = lib_.export_table("facts", "csv").decode("utf-8-sig")
    assert "provenance" in csv.splitlines()[0] and "手工添加" in csv and "已修正" in csv


def test_every_correction_survives_reextraction(lib_):
    _review_all(lib_)
    lib_.reextract(["xx.txt"])
    st = _state(_facts(lib_))
    assert st[("gdp_growth", "result")] == (6.3, CORRECTED) and st[("gdp", "result")] == (2310.0, CHECKED)
    assert st[("new_jobs", "plan")] == (2.3, ADDED) and ("retail_sales_growth", "result") not in st


def test_every_correction_survives_a_new_parser_version_that_moves_every_offset(lib_, monkeypatch):
    _review_all(lib_)
    monkeypatch.setattr("lib.PARSER_VERSION", "test-next")
    newer = Library(lib_.path, parse_text=moved_parser)
    assert newer.stale_ids()
    newer.refresh_stale()
    rep = newer.load_reports()[0]
    assert rep.text.count("人民代表大会") == 1  # the text really changed
    st = _state(rep.facts)
    assert st[("gdp_growth", "result")] == (6.3, CORRECTED) and st[("gdp", "result")] == (2310.0, CHECKED)
    assert ("retail_sales_growth", "result") not in st
    added = _one(rep.facts, "new_jobs", "plan")
    assert added.provenance == ADDED and rep.text[added.fig_start:added.fig_end] == "2.3万人以上"
    assert not any(c.lost for c in newer.fact_corrections("xx.txt"))


def test_a_correction_whose_figure_is_gone_is_kept_and_flagged(lib_, monkeypatch):
    _correct(lib_, EDIT, _one(_facts(lib_), "retail_sales_growth"), value=8.2)
    monkeypatch.setattr("lib.PARSER_VERSION", "test-forgetful")
    newer = Library(lib_.path, parse_text=forgetful_parser)
    newer.refresh_stale()
    kept = newer.fact_corrections("xx.txt")
    assert [(c.action, c.changes, c.lost) for c in kept] == [(EDIT, {"value": 8.2}, True)]
    assert newer.lost_fact_corrections() == {"xx.txt": 1}
    assert ("retail_sales_growth", "result") not in _state(newer.load_reports()[0].facts)
    # back to a parser that finds it again: applied again, no longer flagged
    monkeypatch.setattr("lib.PARSER_VERSION", "test-again")
    Library(lib_.path).refresh_stale()
    assert _state(_facts(lib_))[("retail_sales_growth", "result")] == (8.2, CORRECTED)
    assert not lib_.lost_fact_corrections()


def test_an_added_figure_the_parser_later_finds_is_not_counted_twice(lib_, monkeypatch):
    rep = lib_.load_reports()[0]
    s, e = find_span(rep.text, "增长5%")
    lib_.save_fact_correction("xx.txt", FactCorrection(ADD, anchor_for_span(rep.text, s + 2, e), dict(
        indicator="fiscal_revenue_growth", value=5.5, unit="%", section="plan", year=2024)))
    plan = [f for f in _facts(lib_) if f.indicator == "fiscal_revenue_growth"]
    assert [(f.value, f.provenance) for f in plan] == [(5.5, ADDED)]


def test_a_second_edit_merges_a_removal_replaces_and_a_check_after_an_edit_changes_nothing(lib_):
    f = _one(_facts(lib_), "urban_income_growth")
    _correct(lib_, EDIT, f, value=5.6)
    _correct(lib_, EDIT, _one(_facts(lib_), "urban_income_growth"), qualifier="approx")
    _correct(lib_, CHECK, _one(_facts(lib_), "urban_income_growth"))
    got = _one(_facts(lib_), "urban_income_growth")
    assert (got.value, got.qualifier, got.provenance) == (5.6, "approx", CORRECTED)
    assert [(c.action, c.changes) for c in lib_.fact_corrections("xx.txt")] == [
        (EDIT, {"value": 5.6, "qualifier": "approx"})]
    _correct(lib_, REMOVE, got)
    assert [c.action for c in lib_.fact_corrections("xx.txt")] == [REMOVE]
    lib_.delete_fact_corrections([c.id for c in lib_.fact_corrections("xx.txt")])
    assert _one(_facts(lib_), "urban_income_growth").value == 5.5


def test_bad_corrections_are_refused_in_chinese_and_nothing_is_stored(lib_):
    f = _one(_facts(lib_), "gdp_growth")
    with pytest.raises(LibraryError, match="不是数字"):
        _correct(lib_, EDIT, f, value="六点三")
    with pytest.raises(LibraryError, match="未知指标"):
        _correct(lib_, EDIT, f, indicator="no_such_thing")
    with pytest.raises(LibraryError, match="找不到这个数字"):
        lib_.save_fact_correction("xx.txt", FactCorrection(EDIT, replace(anchor_of(f), figure="99.9%"), {"value": 1}))
    with pytest.raises(LibraryError, match="请选择指标"):
        _add_missed(lib_, indicator="")
    assert lib_.fact_corrections("xx.txt") == []


def test_corrections_travel_in_the_library_zip(lib_, tmp_path):
    _review_all(lib_)
    data = lib_.export_library()
    other = Library(tmp_path / "other.sqlite")
    res = other.import_library(data, "lib.zip")
    assert [r.status for r in res] == ["added"]
    assert _state(other.load_reports()[0].facts) == _state(_facts(lib_))


def test_removing_a_report_for_good_removes_its_corrections(lib_):
    _review_all(lib_)
    lib_.remove(["xx.txt"], permanent=True)
    with sqlite3.connect(lib_.path) as con:
        assert con.execute("SELECT count(*) FROM fact_corrections").fetchone()[0] == 0


def test_a_library_made_before_provenance_existed_still_loads(lib_):
    with sqlite3.connect(lib_.path) as con:  # drop the provenance from the packed facts
        import json
        for eid, pack in con.execute("SELECT id, facts_pack FROM extractions").fetchall():
            data = json.loads(pack)
            i = data["fields"].index("provenance")
            del data["fields"][i], data["cols"][i]
            con.execute("UPDATE extractions SET facts_pack = ? WHERE id = ?", (json.dumps(data), eid))
    fact_bins._decoded.clear()
    facts = _facts(lib_)
    assert facts and all(f.provenance == PARSED for f in facts)


def test_the_command_line_reextract_keeps_every_correction(lib_, capsys):
    from lib.__main__ import main

    _review_all(lib_)
    before = _state(_facts(lib_))
    assert main(["library", "reextract", "xx.txt", "--db", str(lib_.path)]) == 0
    assert "已重新抽取" in capsys.readouterr().out
    assert _state(_facts(lib_)) == before

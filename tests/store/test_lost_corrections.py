"""A correction whose figure is gone after a re-extraction is kept and flagged ("lost"); a
person sees what it was and re-attaches it: found again at a span they pick, kept as a figure
they added (手工添加, with its old sentence), or dropped.  lib only, no Streamlit."""
from __future__ import annotations

import json

import pytest

import lib.store.service as appdata
from lib.store import anchors
from lib.store import corrections as fr
from lib.store.corrections import ADD, CHECK, EDIT, REMOVE, FactCorrection
from lib.store.anchors import anchor_of, find_span
from lib.store.library import Library
from lib.model import ADDED, CORRECTED
from lib.parse.pipeline import parse_text

# written for these tests
REPORT = """ZZ市2024年政府工作报告
各位代表:
一、2023年工作回顾
全市地区生产总值完成2310亿元,同比增长6.2%。社会消费品零售总额增长8.1%。
城镇居民人均可支配收入5.1万元,增长5.5%。
二、2024年工作安排
主要预期目标是:地区生产总值增长6%左右。
"""


def rewritten_parser(raw: str, file: str = "(粘贴文本)"):
    """A new parser version whose cleaning writes the retail figure another way: 8.10%."""
    return parse_text(raw.replace("增长8.1%", "增长8.10%"), file)


def forgetful_parser(raw: str, file: str = "(粘贴文本)"):
    """A new parser version that no longer has the retail sentence at all."""
    return parse_text(raw.replace("社会消费品零售总额增长8.1%。", ""), file)


@pytest.fixture
def lib_(tmp_path, monkeypatch):
    path = tmp_path / "lost.sqlite"
    monkeypatch.setenv("GOVREPORT_DB", str(path))
    lib = Library(path)
    lib.set_setting("seeded", "1")
    assert lib.add_text(REPORT, "zz.txt").status == "added"
    return lib


def _retail(facts):
    return next((f for f in facts if f.indicator == "retail_sales_growth"), None)


def _lose(lib, monkeypatch, action, parser, **changes):
    """Correct the retail figure, then re-extract with `parser`: the correction is lost."""
    lib.save_fact_correction("zz.txt", FactCorrection(action, anchor_of(_retail(lib.load_reports()[0].facts)),
                                                      changes))
    monkeypatch.setattr("lib.PARSER_VERSION", f"test-{parser.__name__}")
    newer = Library(lib.path, parse_text=parser)
    newer.refresh_stale()
    lost = [c for c in newer.fact_corrections("zz.txt") if c.lost]
    assert len(lost) == 1
    return newer, lost[0]


def test_a_lost_correction_shows_what_it_was(lib_, monkeypatch):
    _, lost = _lose(lib_, monkeypatch, EDIT, forgetful_parser, value=8.2)
    view = fr.describe_lost(lost)
    assert (view.action, view.indicator, view.figure) == ("修正", "社会消费品零售总额增速", "8.1%")
    assert view.evidence == "社会消费品零售总额增长8.1%。"
    assert (view.former.value, view.former.unit, view.former.section, view.former.year) == (8.2, "%", "result", 2023)


def test_a_lost_check_shows_the_parsers_last_reading(lib_, monkeypatch):
    _, checked = _lose(lib_, monkeypatch, CHECK, rewritten_parser)
    assert fr.describe_lost(checked).former.value == 8.1  # the parser's last reading, kept in the anchor


def test_re_anchoring_at_a_picked_span_applies_the_edit_again(lib_, monkeypatch):
    newer, lost = _lose(lib_, monkeypatch, EDIT, rewritten_parser, value=8.2)
    rep = newer.load_reports()[0]
    assert _retail(rep.facts).value == 8.1  # the parser's again: the edit is not applied
    s, e = find_span(rep.text, "8.10%")
    new = fr.reanchored(lost, rep.text, newer.parsed_facts("zz.txt"), s, e)
    appdata.replace_lost_correction("zz.txt", lost, new)
    got = _retail(newer.load_reports()[0].facts)
    assert (got.value, got.provenance) == (8.2, CORRECTED)
    assert [(c.action, c.changes, c.lost) for c in newer.fact_corrections("zz.txt")] == [(EDIT, {"value": 8.2}, False)]


def test_a_span_without_a_parsed_figure_is_refused_and_the_lost_one_stays(lib_, monkeypatch):
    newer, lost = _lose(lib_, monkeypatch, EDIT, rewritten_parser, value=8.2)
    rep = newer.load_reports()[0]
    s, e = find_span(rep.text, "各位代表")
    with pytest.raises(anchors.ReviewError, match="没有解析出的数字"):
        fr.reanchored(lost, rep.text, newer.parsed_facts("zz.txt"), s, e)
    assert [c.lost for c in newer.fact_corrections("zz.txt")] == [True]


def test_kept_as_added_it_is_shown_with_its_old_sentence_and_no_longer_lost(lib_, monkeypatch):
    newer, lost = _lose(lib_, monkeypatch, EDIT, forgetful_parser, value=8.2)
    appdata.replace_lost_correction("zz.txt", lost, fr.kept_as_added(lost))
    got = _retail(newer.load_reports()[0].facts)
    assert (got.value, got.provenance, got.evidence) == (8.2, ADDED, "社会消费品零售总额增长8.1%。")
    assert not newer.lost_fact_corrections()
    assert [c.action for c in newer.fact_corrections("zz.txt")] == [ADD]
    # another parser version: still kept, still not lost; and placed again when its sentence is back
    monkeypatch.setattr("lib.PARSER_VERSION", "test-forgetful-2")
    Library(newer.path, parse_text=forgetful_parser).refresh_stale()
    assert not newer.lost_fact_corrections() and _retail(newer.load_reports()[0].facts).value == 8.2
    monkeypatch.setattr("lib.PARSER_VERSION", "test-back")
    back = Library(newer.path)
    back.refresh_stale()
    rep = back.load_reports()[0]
    retail = [f for f in rep.facts if f.indicator == "retail_sales_growth"]
    assert [(f.value, f.provenance) for f in retail] == [(8.2, ADDED)]  # replaces the parser's, not twice
    assert rep.text[retail[0].fig_start:retail[0].fig_end] == "8.1%"


def test_keeping_asks_for_what_it_cannot_know(lib_, monkeypatch):
    _, removed = _lose(lib_, monkeypatch, REMOVE, forgetful_parser)
    with pytest.raises(anchors.ReviewError, match="放弃"):
        fr.kept_as_added(removed)
    old = FactCorrection(EDIT, anchors.Anchor(figure="8.1%", evidence="社会消费品零售总额增长8.1%。",
                                         indicator="retail_sales_growth"), {"qualifier": "ge"})
    assert fr.former_fact(old) is None  # stored before anchors kept their reading
    with pytest.raises(anchors.ReviewError, match="数值不能为空"):
        fr.kept_as_added(old)
    assert fr.kept_as_added(old, {"value": "8.1", "year": 2023}).changes["value"] == 8.1


def test_an_anchors_reading_and_keep_flag_survive_the_json_round_trip(lib_):
    c = FactCorrection(CHECK, fr.replace(anchor_of(_retail(lib_.load_reports()[0].facts)), keep=True))
    back = FactCorrection.from_json(json.loads(json.dumps(c.as_json())))
    assert back.anchor == c.anchor
    broken = c.as_json()
    broken["anchor"]["year"] = "not a year"
    assert FactCorrection.from_json(broken).anchor.year is None  # a damaged reading is left out

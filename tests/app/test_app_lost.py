"""The 报告 page shows a lost correction (its figure gone after a new parser version) with what
it was, and lets the person re-anchor it at text they give, keep it as 手工添加, or drop it.
Through the real library (a temp GOVREPORT_DB) and AppTest."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from lib.store import service as appdata
import app_state as dashdata
from lib.store.corrections import EDIT, FactCorrection
from lib.store.anchors import anchor_of
from lib.store.library import Library
from lib.parse.pipeline import parse_text
from tests.support.review_texts import HUZHOU_2024

FILE = "湖州2024.txt"


def rewritten(raw: str, file: str = "(粘贴文本)"):
    """A parser version whose cleaning writes the retail figure as 8.10%."""
    return parse_text(raw.replace("增长8.1%", "增长8.10%"), file)


def forgetful(raw: str, file: str = "(粘贴文本)"):
    """A parser version without the retail sentence."""
    return parse_text(raw.replace("社会消费品零售总额增长8.1%。", ""), file)


def _app(tmp_path, monkeypatch, parser):
    """The retail figure corrected to 8.2%, then re-extracted by `parser` (which stays the
    current version for the whole test): the correction is lost.  The 报告 page on it."""
    path = tmp_path / "lost.sqlite"
    monkeypatch.delenv("GOVREPORT_SYNTH", raising=False)
    monkeypatch.setenv("GOVREPORT_DB", str(path))
    lib = Library(path)
    lib.set_setting("seeded", "1")
    assert lib.add_text(HUZHOU_2024, FILE).status == "added"
    retail = next(f for f in lib.load_reports()[0].facts if f.indicator == "retail_sales_growth")
    lib.save_fact_correction(FILE, FactCorrection(EDIT, anchor_of(retail), {"value": 8.2}))
    monkeypatch.setattr("lib.PARSER_VERSION", f"test-{parser.__name__}")
    Library(path, parse_text=parser).refresh_stale()
    assert lib.lost_fact_corrections() == {FILE: 1}
    for clear in (appdata._cache.clear, dashdata.refresh, st.cache_data.clear, st.cache_resource.clear):
        clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/report.py")
    at.run()
    at.selectbox(key="rep_file").set_value(FILE).run()
    assert not at.exception, at.exception
    return at, lib


@pytest.fixture(autouse=True)
def _clean_caches():
    yield
    for clear in (appdata._cache.clear, dashdata.refresh, st.cache_data.clear, st.cache_resource.clear):
        clear()


def _retail(at):
    facts = next(d.value for d in at.dataframe if "核对" in d.value.columns and "疑点" in d.value.columns)
    return facts[facts["指标"] == "社会消费品零售总额增速"][["表述", "核对"]].values.tolist()


def _lost_text(at):
    return (" ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)).replace("\\", "")  # md escapes


def _button(at, suffix):
    return next(b for b in at.button if str(b.key or "").startswith("rep_lost_") and b.key.endswith(suffix))


def test_a_lost_correction_is_shown_and_re_anchored_at_the_text_given(tmp_path, monkeypatch):
    at, lib = _app(tmp_path, monkeypatch, rewritten)
    assert any("找不到对应的数字" in w.value for w in at.warning)
    shown = _lost_text(at)
    assert "社会消费品零售总额增速" in shown and "8.2%" in shown and "原来指向「8.1%」" in shown
    assert _retail(at) == [["8.1%", "解析"]]  # not applied while lost
    span = next(t for t in at.text_input if str(t.key).endswith("_span"))
    span.set_value("增长8.10%").run()
    _button(at, "_reanchor").click().run()
    assert not at.exception, at.exception
    assert any("重新对应" in s.value for s in at.success)
    assert _retail(at) == [["8.2%", "已修正"]]
    assert not any("找不到对应的数字" in w.value for w in at.warning) and not lib.lost_fact_corrections()


def test_text_without_a_parsed_figure_is_refused_in_chinese(tmp_path, monkeypatch):
    at, lib = _app(tmp_path, monkeypatch, rewritten)
    next(t for t in at.text_input if str(t.key).endswith("_span")).set_value("各位代表").run()
    _button(at, "_reanchor").click().run()
    assert any("没有解析出的数字" in e.value for e in at.error)
    assert lib.lost_fact_corrections() == {FILE: 1}


def test_a_lost_correction_is_kept_as_added_with_its_old_sentence(tmp_path, monkeypatch):
    at, lib = _app(tmp_path, monkeypatch, forgetful)
    assert _retail(at) == []
    _button(at, "_keep").click().run()
    assert not at.exception, at.exception
    assert any("手工添加" in s.value for s in at.success)
    assert _retail(at) == [["8.2%", "手工添加"]]
    assert not lib.lost_fact_corrections()


def test_a_lost_correction_is_dropped(tmp_path, monkeypatch):
    at, lib = _app(tmp_path, monkeypatch, forgetful)
    _button(at, "_drop").click().run()
    assert not at.exception, at.exception
    assert lib.fact_corrections(FILE) == [] and not any("找不到对应的数字" in w.value for w in at.warning)

"""AppTest of the 趋势 page on a written run of consecutive reports (tests/trend_texts.py)."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, serving
from lib.parse.pipeline import parse_bytes
from tests.support.trend_texts import ALL

PAGE = str(ROOT / "app_pages" / "trends.py")
REPORTS = [parse_bytes(t.encode(), n) for n, t in ALL]


@pytest.fixture
def reports(monkeypatch):
    with serving(monkeypatch, lambda: list(REPORTS)):
        yield


def run(params=None):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def fig(at):
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def traces(f, role):
    return [t for t in f["data"] if (t.get("meta") or {}).get("role") == role]


def test_default_view_draws_both_cities_with_statuses_gaps_and_estimates(reports):
    at = run()
    assert at.selectbox(key="tr_ind").value == "gdp_growth"
    assert at.multiselect(key="tr_places").value == ["安徽省芜湖市", "安徽省蚌埠市"]
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    assert lines[0] == "**安徽省芜湖市**:2016–2022 年 地区生产总值增速目标 6 项:超额完成 2,完成 1,未完成 1,未知 2"
    assert lines[1] == "**安徽省蚌埠市**:2020–2022 年 地区生产总值增速目标 3 项:未完成 2,未知 1"
    f = fig(at)
    assert f["layout"]["meta"]["places"] == ["安徽省芜湖市", "安徽省蚌埠市"]
    wuhu_line = traces(f, "result-line")[0]
    by_year = dict(zip(wuhu_line["x"], wuhu_line["y"]))
    assert by_year[2018] is None and by_year[2017] == 9.1 and by_year[2019] == 7.0  # the gap stays open
    assert wuhu_line["connectgaps"] is False
    est = traces(f, "estimate")
    assert len(est) == 1 and est[0]["x"] == [2020] and est[0]["marker"]["symbol"] == "circle-open"
    assert "预计" in est[0]["hovertext"][0] and "wuhu_2021.txt" in est[0]["hovertext"][0]
    arrows = traces(f, "target-arrow-up")[0]
    assert dict(zip(arrows["x"], arrows["meta"]["status"])) == {2017: "exceeded", 2021: "exceeded"}
    band = traces(f, "target-band")[0]
    assert band["x"] == [2018] and band["base"] == [8.0] and band["y"] == [0.5]
    whisk = traces(f, "target-whisker")[0]
    assert dict(zip(whisk["x"], whisk["meta"]["status"]))[2016] == "met"
    assert "原文:" in whisk["hovertext"][0]
    assert any(a.get("name") == "source" and "来源:" in a["text"] for a in f["layout"]["annotations"])
    assert at.query_params["ind"] == "gdp_growth"


def test_url_picks_indicator_and_place_and_drops_unknown_ones(reports):
    at = run({"ind": "fiscal_revenue_growth", "places": "安徽省蚌埠市,火星市"})
    assert at.selectbox(key="tr_ind").value == "fiscal_revenue_growth"
    assert at.multiselect(key="tr_places").value == ["安徽省蚌埠市"]
    assert any("火星市" in w.value for w in at.warning)
    f = fig(at)
    assert f["layout"]["meta"]["places"] == ["安徽省蚌埠市"]
    at.selectbox(key="tr_prov").set_value("安徽省").run()
    at.multiselect(key="tr_places").set_value(["安徽省芜湖市"]).run()
    assert not at.exception
    assert at.query_params["places"] == "安徽省芜湖市" and at.query_params["prov"] == "安徽省"


def test_presentation_mode_shows_one_place_a_slide_and_pages(reports):
    at = run({"present": "1"})
    assert at.session_state["present"] is True
    f = fig(at)
    assert f["layout"]["meta"]["places"] == ["安徽省芜湖市"]
    assert f["layout"]["font"]["size"] >= 22
    at.button(key="tr_next").click().run()
    f = fig(at)
    assert f["layout"]["meta"]["places"] == ["安徽省蚌埠市"]
    assert at.query_params["slide"] == "2" and at.query_params["present"] == "1"
    at.button(key="tr_exit").click().run()
    assert at.session_state["present"] is False and "present" not in at.query_params


def test_panel_download_is_offered(reports):
    at = run()
    assert at.selectbox(key="tr_fmt").options == ["CSV(UTF-8)", "Excel", "Stata 118", "Parquet"]


def test_an_unknown_indicator_in_the_link_falls_back_with_a_note(reports):
    at = run({"ind": "moon_output"})
    assert at.selectbox(key="tr_ind").value == "gdp_growth"
    assert any("moon\\_output" in w.value for w in at.warning)  # as written in the link, escaped
    at.selectbox(key="tr_ind").set_value("fiscal_revenue_growth").run()
    assert not at.exception
    assert at.multiselect(key="tr_places").value == ["安徽省芜湖市", "安徽省蚌埠市"]
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["meta"]["indicator"] == "fiscal_revenue_growth"


def test_a_link_that_quotes_markup_is_shown_as_text(reports):
    at = run({"ind": "**[点此](http://evil.example)**", "place": "<b>某地</b>"})
    notes = " ".join(w.value for w in at.warning)
    assert "\\*\\*\\[点此\\]" in notes and "**[" not in notes


def test_a_big_library_lists_districts_only_after_a_province_is_picked(monkeypatch):
    from tests.support.synth import synth_reports

    reps = synth_reports(1500)  # past the hand-picked places: every division, ~1,000 places
    with serving(monkeypatch, lambda: reps):
        at = run()
        opts = at.multiselect(key="tr_places").options
        assert "区县请先选省份" in at.multiselect(key="tr_places").label
        assert len(opts) < 800
        at.selectbox(key="tr_prov").set_value("浙江省").run()
        assert not at.exception
        opts = at.multiselect(key="tr_places").options
        assert any(o.endswith(("区", "县")) for o in opts) and all(o.startswith("浙江省") for o in opts
                                                                   if o not in at.multiselect(key="tr_places").value)

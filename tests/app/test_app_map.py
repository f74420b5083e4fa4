"""AppTest of 地图: the pickers change the figure, the view lives in the URL, and the list to
compare opens 对比 with its places."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, serving
from lib.model import EQ, GE, PLAN, RESULT
from tests.support.synth import build_report


def _library():
    zj = build_report("浙江.txt", "浙江省", level="省", figures=(
        ("gdp_growth", RESULT, "全省生产总值增长6%。", "6%", 6.0, EQ, None),
        ("fai_growth", RESULT, "固定资产投资增长5.1%。", "5.1%", 5.1, EQ, None),
        ("gdp_growth", PLAN, "生产总值增长5.5%以上。", "5.5%以上", 5.5, GE, None)))
    hn = build_report("海南.txt", "海南省", level="省", figures=(
        ("gdp_growth", RESULT, "全省生产总值增长9.2%。", "9.2%", 9.2, EQ, None),))
    nb = build_report("宁波.txt", "浙江省", "宁波市", figures=(
        ("gdp_growth", RESULT, "全市生产总值增长5.5%。", "5.5%", 5.5, EQ, None),))
    wz = build_report("温州.txt", "浙江省", "温州市", figures=(
        ("gdp_growth", RESULT, "全市生产总值增长6.2%。", "6.2%", 6.2, EQ, None),))
    return [zj, hn, nb, wz]


@pytest.fixture
def library(monkeypatch):
    with serving(monkeypatch, _library):
        yield


def _app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/map.py")  # opened at /map?...
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def _fig(at) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _values(fig) -> dict:
    t = next(t for t in fig["data"] if t.get("meta", {}).get("role") == "value" and t.get("geo") == "geo")
    return dict(zip(t["locations"], t["z"]))


def _roles(fig) -> dict:
    out: dict = {}
    for t in fig["data"]:
        if t.get("geo") == "geo" and t["type"] == "choropleth":
            out[t["meta"]["role"]] = sorted(t["locations"])
    return out


def test_default_map_is_the_provinces_and_picks_change_it(library):
    at = _app()
    assert not at.exception
    fig = _fig(at)
    assert fig["layout"]["meta"]["scope"] == "china" and fig["layout"]["meta"]["indicator"] == "gdp_growth"
    assert _values(fig) == {"330000": 6.0, "460000": 9.2}
    assert at.selectbox(key="map_ind").options == ["经济总量 › 地区生产总值增速(%)", "投资 › 固定资产投资增速(%)"] \
        or len(at.selectbox(key="map_ind").options) == 2
    # another indicator: 海南 does not state it, so it turns grey (未提及)
    at.selectbox(key="map_ind").set_value("fai_growth").run()
    fig = _fig(at)
    assert _values(fig) == {"330000": 5.1} and _roles(fig)["missing"] == ["460000"]
    assert at.query_params["ind"] == "fai_growth"
    # one province's cities
    at.selectbox(key="map_scope").set_value("330000-city").run()
    fig = _fig(at)
    assert fig["layout"]["meta"]["scope"] == "330000-city" and _values(fig) == {"330200": 5.5, "330300": 6.2}
    assert at.selectbox(key="map_ind").value == "gdp_growth"  # the cities state only that
    assert at.query_params["scope"] == "330000-city"
    # targets: the plan year, and the qualifier in the hover
    at.selectbox(key="map_scope").set_value("china").run()
    at.button_group(key="map_section").set_value(PLAN).run()
    fig = _fig(at)
    assert at.selectbox(key="map_year").value == 2024 and _values(fig) == {"330000": 5.5}
    hover = next(t for t in fig["data"] if t.get("meta", {}).get("role") == "value")["hovertext"][0]
    assert "5.5%以上" in hover and at.query_params["mode"] == "plan"


def test_a_link_reopens_the_map_with_its_list_to_compare(library):
    at = _app({"mode": "result", "year": "2023", "scope": "330000-city", "ind": "gdp_growth",
               "places": "浙江省宁波市@2024,火星市@2024"})
    assert not at.exception
    assert at.selectbox(key="map_scope").value == "330000-city"
    assert at.multiselect(key="map_places").value == ["浙江省宁波市@2024"]  # the unknown place dropped
    assert _fig(at)["layout"]["meta"]["scope"] == "330000-city"


def test_the_list_opens_compare_with_its_places(library):
    at = _app({"scope": "330000-city"})
    assert at.selectbox(key="map_scope").value == "330000-city"
    assert at.button(key="map_to_compare").disabled
    at.multiselect(key="map_places").set_value(["浙江省宁波市@2024", "浙江省温州市@2024"]).run()
    assert at.query_params["places"] == "浙江省宁波市@2024,浙江省温州市@2024"
    at.button(key="map_to_compare").click().run()
    assert not at.exception
    assert at.multiselect(key="cmp_places").value == ["浙江省宁波市@2024", "浙江省温州市@2024"]
    assert at.multiselect(key="cmp_inds").value[0] == "gdp_growth"


def test_a_scope_without_reports_of_the_year_says_so(library):
    at = _app({"mode": "plan", "year": "2024", "scope": "330000-city"})
    assert not at.exception
    # the cities' reports state no target: no map, a Chinese note, and the provinces still can
    assert at.selectbox(key="map_scope").value == "330000-city" and not at.get("plotly_chart")
    assert "没有给出2024年目标的指标" in at.info[0].value
    at.selectbox(key="map_scope").set_value("china").run()
    assert _values(_fig(at)) == {"330000": 5.5}


def test_empty_library_says_so_in_chinese(monkeypatch):
    with serving(monkeypatch, lambda: []):
        at = _app()
        assert not at.exception and not at.get("plotly_chart")
        assert any("还没有报告" in i.value for i in at.info)


def test_switching_to_targets_keeps_the_list(library):
    at = _app({"scope": "330000-city", "places": "浙江省宁波市@2024"})
    at.button_group(key="map_section").set_value(PLAN).run()
    assert not at.exception and at.selectbox(key="map_year").value == 2024
    assert at.multiselect(key="map_places").value == ["浙江省宁波市@2024"]  # the same report's targets

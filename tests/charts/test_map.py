"""The 地图 data and figure without Streamlit: lib/data/maps covers the divisions, reports find
their regions, and the choropleth draws 未提及 grey, qualifiers and escaped sentences in the hover."""
from __future__ import annotations

import csv
import json
import sys

import plotly.graph_objects as go
import pytest

from conftest import ROOT
from lib.charts import map as charts_map
from lib.charts import geo as mapdata
from lib.present import index, choices, slides
from lib.present.format import MISSING
from lib.charts.geo import MAPS, NO_REPORT, parse_scope
from lib.model import APPROX, EQ, GT, PLAN, RANGE, RESULT
from tests.support.synth import build_report

sys.path.insert(0, str(ROOT / "tools"))
import build_map  # noqa: E402

NATIONAL = parse_scope("china")


def _divisions(level: str) -> list[dict]:
    with open(ROOT / "lib" / "data" / "divisions.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["level"] == level and r["last_year"] == "2024"]


def _features(name: str) -> list[dict]:
    return json.loads((MAPS / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


# ---- the boundary files -------------------------------------------------------------------

def test_every_province_of_the_divisions_has_a_shape_and_a_file_of_its_cities_and_counties():
    shapes = {f["id"]: f for f in _features("provinces")}
    for row in _divisions("省"):
        assert row["adcode"] in shapes, row
        assert shapes[row["adcode"]]["properties"]["name"] == row["province"]
        assert (MAPS / f"{row['adcode']}.geojson").exists(), row


def test_every_current_city_has_a_shape_and_nearly_every_county():
    shapes = {f["id"] for p in _divisions("省") for f in _features(p["adcode"])}
    assert all(r["adcode"] in shapes for r in _divisions("市"))
    counties = _divisions("区") + _divisions("县")
    missing = [r for r in counties if r["adcode"] not in shapes]
    # the boundaries predate a few renamings (禄丰县 -> 禄丰市); those match by name instead
    assert len(missing) < 0.01 * len(counties), [r["district"] for r in missing]


def test_rings_wind_as_plotly_draws_them_and_the_maps_stay_light():
    # d3 (plotly's geo) fills the outside of the world for a counter-clockwise exterior ring
    for f in _features("provinces") + _features("330000"):
        for poly in f["geometry"]["coordinates"]:
            assert build_map.ring_area(poly[0]) < 0, f["id"]
            assert all(build_map.ring_area(h) > 0 for h in poly[1:]), f["id"]
    total = sum(p.stat().st_size for p in MAPS.glob("*.geojson"))
    assert total < 5_000_000


def test_the_standard_map_has_the_ten_dashes_and_the_islands_of_the_south_china_sea():
    dashes, islands = mapdata.maritime()
    assert len(dashes) == 10
    lats = [p[1] for p in islands]
    assert min(lats) < 5 and len(islands) > 50  # down to 曾母暗沙 (about 4°N)
    sansha = next(f for f in _features("460000") if f["properties"]["name"] == "三沙市")
    assert sansha["geometry"]["coordinates"]  # its islands survive simplification as dots


def test_douglas_peucker_keeps_the_corners_of_a_square_and_drops_the_wobble():
    side = [[x / 10, 0.001 * (x % 2)] for x in range(11)]
    ring = side + [[1, 1], [0, 1], [0, 0]]
    out = build_map.douglas_peucker(ring, 0.01)
    assert out == [[0.0, 0.0], [1.0, 0.0], [1, 1], [0, 1], [0, 0]]
    simple = build_map.simplify_ring(ring, 0.01, exterior=True)
    assert build_map.ring_area(simple) < 0 and len(simple) == 5


# ---- reports onto regions -----------------------------------------------------------------

def _lib():
    zj = build_report("浙江.txt", "浙江省", level="省", figures=(
        ("gdp_growth", RESULT, "全省生产总值增长6%。", "6%", 6.0, EQ, None),
        ("urban_income", RESULT, "城镇居民人均可支配收入超7.4万元。", "超7.4万元", 74000, GT, None),
        ("gdp_growth", PLAN, "生产总值增长5.5%左右。", "5.5%左右", 5.5, APPROX, None)))
    zj.meta.adcode = "330000"
    hn = build_report("海南.txt", "海南省", level="省", figures=(
        ("gdp_growth", RESULT, "全省生产总值增长<b>9.2%</b>&。", "9.2%", 9.2, EQ, None),
        ("gdp_growth", PLAN, "生产总值增长8%-8.5%。", "8%-8.5%", 8.0, RANGE, 8.5)))
    js = build_report("江苏.txt", "江苏省", level="省", figures=(
        ("urban_income", RESULT, "城镇居民人均可支配收入6.3万元。", "6.3万元", 63000, EQ, None),))
    nb = build_report("宁波.txt", "浙江省", "宁波市", figures=(
        ("gdp_growth", RESULT, "全市生产总值增长5.5%。", "5.5%", 5.5, EQ, None),))
    lf = build_report("禄丰.txt", "云南省", "楚雄彝族自治州", "禄丰市", "县", figures=(
        ("gdp_growth", RESULT, "全市生产总值增长7%。", "7%", 7.0, EQ, None),))
    lf.meta.adcode = "532302"  # the code after 2021; the boundaries know 禄丰县 532331
    return index.build_index([zj, hn, js, nb, lf], "t")


@pytest.fixture(scope="module")
def idx():
    return _lib()


def test_reports_find_their_regions_by_adcode_name_or_renamed_stem(idx):
    assert mapdata.match_groups(idx, choices.place_options(idx, RESULT, 2023), NATIONAL) == {
        "330000": "浙江省@2024", "460000": "海南省@2024", "320000": "江苏省@2024"}
    cities = mapdata.match_groups(idx, choices.place_options(idx, RESULT, 2023), parse_scope("330000-city"))
    assert cities == {"330200": "浙江省宁波市@2024"}
    yunnan = mapdata.match_groups(idx, choices.place_options(idx, RESULT, 2023), parse_scope("530000-county"))
    assert yunnan == {"532331": "云南省楚雄彝族自治州禄丰市@2024"}


def test_scopes_offer_the_provinces_with_city_or_county_reports(idx):
    keys = [s.key for s in mapdata.scope_options(idx, RESULT, 2023)]
    assert keys == ["china", "330000-city", "530000-county"]
    assert parse_scope("530000-county").label == "云南省 · 各区县"
    assert parse_scope("nonsense").key == "china" and parse_scope("990000-city").key == "china"


def test_the_default_map_is_the_one_with_most_reports(idx):
    assert mapdata.default_scope(idx, RESULT, 2023).key == "china"  # 3 provinces, 1 city, 1 county
    cities = index.build_index([idx.reports["宁波.txt"], idx.reports["禄丰.txt"]], "cities")
    assert mapdata.default_scope(cities, RESULT, 2023).key == "330000-city"  # a tie: the first


def test_rows_say_stated_not_mentioned_or_no_report(idx):
    rows = {r.region.name: r for r in mapdata.map_rows(idx, RESULT, 2023, "urban_income", NATIONAL)}
    assert len(rows) == 34
    assert rows["浙江省"].state == "已提及" and rows["浙江省"].record.shown == "超7.4万元"
    assert rows["海南省"].state == MISSING  # its report is loaded but says nothing of it
    assert rows["广东省"].state == NO_REPORT and rows["广东省"].group == ""


def test_indicator_options_are_those_stated_on_the_scope(idx):
    assert mapdata.indicator_options(idx, RESULT, 2023, NATIONAL) == ["gdp_growth", "urban_income"]
    assert mapdata.indicator_options(idx, RESULT, 2023, parse_scope("330000-city")) == ["gdp_growth"]


def test_a_click_picks_the_report_of_the_region(idx):
    rows = mapdata.map_rows(idx, RESULT, 2023, "gdp_growth", NATIONAL)
    points = [{"location": "460000"}, {"location": "440000"}, {"location": "460000"}, {}]
    assert mapdata.picked_groups(points, rows) == ["海南省@2024"]  # 广东: no report, skipped


# ---- the figure ---------------------------------------------------------------------------

def _fig(idx, section, year, ind, scope=NATIONAL, theme="light"):
    rows = mapdata.map_rows(idx, section, year, ind, scope)
    fig = charts_map.choropleth(rows, scope, ind, section, year, theme=theme)
    go.Figure(fig.to_dict())  # the unvalidated figure is valid plotly
    return fig.to_dict()


def _layer(fig, role, geo="geo"):
    return next(t for t in fig["data"] if t.get("meta", {}).get("role") == role and t.get("geo", "geo") == geo)


def test_not_mentioned_is_grey_in_its_own_legend_entry_never_the_lowest_colour(idx):
    fig = _fig(idx, RESULT, 2023, "urban_income")
    missing, value = _layer(fig, "missing"), _layer(fig, "value")
    assert missing["name"] == MISSING and missing["showlegend"] and missing["locations"] == ["460000"]
    grey = {c for _, c in missing["colorscale"]}
    assert len(grey) == 1 and not grey & {c for _, c in value["colorscale"]}
    assert dict(zip(value["locations"], value["z"])) == {"330000": 7.4, "320000": 6.3}  # 万元
    assert "未提及:该报告没有给出" in missing["hovertext"][0]
    empty = _layer(fig, "empty")
    assert len(empty["locations"]) == 31 and empty["name"] == NO_REPORT
    assert fig["layout"]["meta"]["unit"] == "万元"
    assert fig["layout"]["annotations"][0]["text"].startswith("来源:各地政府工作报告(2023年实绩)")


def test_hover_keeps_the_qualifier_and_escapes_the_sentence(idx):
    fig = _fig(idx, RESULT, 2023, "gdp_growth")
    value = _layer(fig, "value")
    tips = dict(zip(value["locations"], value["hovertext"]))
    assert "原文:全省生产总值增长&lt;b&gt;9.2%&lt;/b&gt;&amp;。" in tips["460000"]
    assert "<b>9.2%</b>" not in tips["460000"] and "来源:海南.txt" in tips["460000"]
    plan = _layer(_fig(idx, PLAN, 2024, "gdp_growth"), "value")
    tips = dict(zip(plan["locations"], plan["hovertext"]))
    assert "5.5%左右" in tips["330000"] and "8%-8.5%" in tips["460000"]
    assert dict(zip(plan["locations"], plan["z"]))["460000"] == pytest.approx(8.25)  # a range: its middle


def test_the_national_map_and_hainan_have_the_south_china_sea_inset(idx):
    fig = _fig(idx, RESULT, 2023, "gdp_growth")
    assert "geo2" in fig["layout"] and fig["layout"]["geo2"]["lataxis"]["range"][0] < 4
    assert [t["meta"]["role"] for t in fig["data"] if t.get("geo") == "geo2"][:2] == ["dash", "islands"]
    # every geo opens with a lon/lat trace: plotly.js then fetches no world topojson (offline)
    for geo in ("geo", "geo2"):
        first = next(t for t in fig["data"] if t.get("geo", "geo") == geo)
        assert first["type"] == "scattergeo" and "locationmode" not in first
    assert fig["layout"]["geo"]["lataxis"]["range"][0] > 15  # 南海诸岛 are in the inset, not stretching the map
    zj = _fig(idx, RESULT, 2023, "gdp_growth", parse_scope("330000-city"))
    assert "geo2" not in zj["layout"] and _layer(zj, "value")["locations"] == ["330200"]
    hn = _fig(idx, RESULT, 2023, "gdp_growth", parse_scope("460000-city"))
    assert "geo2" in hn["layout"] and hn["layout"]["geo"]["lataxis"]["range"][0] > 17


def test_a_figure_in_another_unit_is_grey_and_says_so(idx):
    r = idx.reports["江苏.txt"]
    from dataclasses import replace
    odd = replace(r.facts[0], unit="美元")
    lib = index.build_index([replace(r, facts=[odd])] + [idx.reports["浙江.txt"]], "t2")
    fig = _fig(lib, RESULT, 2023, "urban_income")
    missing = _layer(fig, "missing")
    assert missing["locations"] == ["320000"] and "以其他单位表述" in missing["hovertext"][0]
    assert _layer(fig, "value")["locations"] == ["330000"]


def test_dark_theme_and_presentation(idx):
    dark = _fig(idx, RESULT, 2023, "gdp_growth", theme="dark")
    assert dark["layout"]["paper_bgcolor"] == "#111418" and dark["layout"]["font"]["color"] == "#f2f2f2"
    rows = mapdata.map_rows(idx, RESULT, 2023, "gdp_growth", NATIONAL)
    big = charts_map.choropleth(rows, NATIONAL, "gdp_growth", RESULT, 2023, theme="dark", present=True).to_dict()
    assert big["layout"]["height"] == slides.PRESENT_FIG_PX and big["layout"]["paper_bgcolor"] == "#ffffff"
    assert big["layout"]["legend"]["font"]["size"] >= slides.PRESENT_MIN_PX
    assert min(a["font"]["size"] for a in big["layout"]["annotations"]) >= slides.PRESENT_MIN_PX

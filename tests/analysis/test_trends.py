"""lib.analysis.trends (records, summary, URL state) and lib.charts.trends (the figure), on the written
consecutive reports of tests/trend_texts.py."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest

from lib.charts import trends as ct
from lib.analysis import panel as pn
from lib.analysis import trends as tr
from lib.parse.pipeline import parse_bytes
from tests.support.trend_texts import ALL

WUHU, BENGBU = "安徽省芜湖市", "安徽省蚌埠市"


@pytest.fixture(scope="module")
def ti():
    return tr.build_trend_index(pn.build_panel([parse_bytes(t.encode(), n) for n, t in ALL]))


def test_series_has_a_point_per_year_and_empty_points_for_missing_years(ti):
    pts = tr.series(ti, "gdp_growth", WUHU)
    assert [p.year for p in pts] == list(range(2015, 2023))
    by = {p.year: p for p in pts}
    assert by[2019].target is None and by[2018].result is None  # no 2019 report
    assert tr.gaps(pts) == [2018, 2022]
    assert by[2020].estimated and by[2020].result == 3.8 and by[2020].status == "missed"
    assert (by[2018].target, by[2018].target_high, by[2018].target_qual) == (8.0, 8.5, "range")
    assert tr.series(ti, "gdp_growth", "火星市") == []


def test_summary_counts_statuses_and_leaves_out_zero_counts(ti):
    assert tr.summary(tr.series(ti, "gdp_growth", BENGBU), "gdp_growth") == \
        "2020–2022 年 地区生产总值增速目标 3 项:未完成 2,未知 1"
    only_results = [tr.TrendPoint(WUHU, 2020, "cpi", "%", result=2.0)]
    assert tr.summary(only_results, "cpi") == "2020–2020 年 居民消费价格涨幅:只有实绩,没有目标"


def test_place_options_filter_by_province_and_level(ti):
    assert tr.place_options(ti, "gdp_growth") == [WUHU, BENGBU]
    assert tr.place_options(ti, "gdp_growth", province="江苏省") == []
    assert tr.place_options(ti, "gdp_growth", level="市") == [WUHU, BENGBU]
    assert tr.place_options(ti, "gdp_growth", level="省") == []
    assert tr.default_places(ti, "gdp_growth", 1) == [WUHU]  # the longer run of years


def test_url_state_round_trip_and_resolution(ti):
    s = tr.decode_state({"ind": "fiscal_revenue_growth", "places": f"{BENGBU},火星市", "present": "1",
                         "slide": "9"})
    r = tr.resolve_state(ti, s)
    assert (r.indicator, r.places, r.present, r.slide) == ("fiscal_revenue_growth", [BENGBU], True, 1)
    assert any("火星市" in n for n in r.notes)
    assert tr.resolve_state(ti, tr.decode_state(tr.encode_state(r))).places == [BENGBU]
    assert tr.resolve_state(ti, tr.decode_state({"ind": "nope"})).indicator == "gdp_growth"
    assert tr.decode_state({"places": "-"}).places == []
    assert tr.decode_state({"slide": "x"}).slide == 1


def _roles(fig):
    return [(t.get("meta") or {}).get("role") for t in fig.to_dict()["data"]]


def test_figure_is_valid_plotly_with_a_panel_per_place_and_escaped_text(ti):
    rows = [(p, tr.series(ti, "gdp_growth", p, (2015, 2022))) for p in (WUHU, BENGBU)]
    fig = ct.trend_figure(rows, "gdp_growth")
    go.Figure(fig.to_dict())  # plotly's validation accepts every trace and axis
    d = fig.to_dict()
    assert "yaxis2" in d["layout"] and d["layout"]["xaxis2"]["matches"] == "x"
    assert {"result-line", "estimate", "estimate-line", "target-band", "target-arrow-up",
            "target-whisker"} <= set(_roles(fig))
    assert d["layout"]["meta"]["summaries"][0].startswith("2016–2022 年")
    sneaky = [("<b>x</b>市", [tr.TrendPoint("<b>x</b>市", 2020, "gdp_growth", "%", result=1.0,
                                         result_evidence="<script>", result_file="a<b>.txt")])]
    d = ct.trend_figure(sneaky, "gdp_growth").to_dict()
    texts = " ".join(a["text"] for a in d["layout"]["annotations"]) + " ".join(
        str(t.get("hovertext")) for t in d["data"])
    assert "<script>" not in texts and "&lt;script&gt;" in texts and "&lt;b&gt;x&lt;/b&gt;市" in texts


def _luminance(color: str) -> float:
    r, g, b = (int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_dark_theme_draws_light_ink_on_the_page_background(ti):
    pts = tr.series(ti, "gdp_growth", WUHU)
    dark = ct.trend_figure([(WUHU, pts)], "gdp_growth", ct.DARK).to_dict()["layout"]
    light = ct.trend_figure([(WUHU, pts)], "gdp_growth").to_dict()["layout"]
    assert _luminance(dark["font"]["color"]) > 0.8 > 0.2 > _luminance(light["font"]["color"])
    assert dark["paper_bgcolor"] == dark["plot_bgcolor"] == "rgba(0,0,0,0)"  # the dark page shows through
    titled = [a for a in dark["annotations"] if WUHU in a["text"]]
    assert titled and all(_luminance(a["font"]["color"]) > 0.8 for a in titled)


def test_presentation_theme_is_larger_and_one_estimate_stretch_only_between_neighbours(ti):
    pts = tr.series(ti, "gdp_growth", WUHU)
    light = ct.trend_figure([(WUHU, pts)], "gdp_growth").to_dict()
    big = ct.trend_figure([(WUHU, pts)], "gdp_growth", ct.PRESENT).to_dict()
    assert big["layout"]["font"]["size"] > light["layout"]["font"]["size"]
    stretches = [t["x"] for t in light["data"] if (t.get("meta") or {}).get("role") == "estimate-line"]
    assert sorted(stretches) == [[2019, 2020], [2020, 2021]]
    empty = ct.trend_figure([], "gdp_growth").to_dict()
    assert any("请选择" in a["text"] for a in empty["layout"]["annotations"])

"""lib.charts.compare: the figure JSON says what a reader sees (order, marks, missing, hover, source)."""
from __future__ import annotations

import os

import plotly.graph_objects as go
import pytest

from lib.charts import compare as charts
from lib.charts import image

from lib.charts import style as chartstyle

from lib.present import index, choices, slides, views
from lib.present.format import MISSING
from lib.model import APPROX, EQ, GE, GT, LE, NEAR, PLAN, RANGE, RESULT
from tests.support.synth import build_report


def _plan_view():
    def rep(file, prov, city, sentence, fig, value, q, high=None, district="", level="市"):
        return build_report(file, prov, city, district, level, figures=(
            ("gdp_growth", PLAN, sentence, fig, value, q, high),))
    reports = [
        rep("nb.txt", "浙江省", "宁波市", "地区生产总值增长5.5%左右。", "5.5%左右", 5.5, APPROX),
        rep("hz.txt", "浙江省", "杭州市", "地区生产总值增长6%-6.5%。", "6%-6.5%", 6.0, RANGE, 6.5),
        rep("sz.txt", "江苏省", "苏州市", "地区生产总值增长5%以上。", "5%以上", 5.0, GE),
        rep("nj.txt", "江苏省", "南京市", "地区生产总值增长超4.5%。", "超4.5%", 4.5, GT),
        rep("gz.txt", "广东省", "广州市", "地区生产总值增长<script>alert(1)</script>3%以内。", "3%以内", 3.0, LE),
        rep("hk.txt", "海南省", "海口市", "地区生产总值增长近7%。", "近7%", 7.0, NEAR),
        rep("dg.txt", "广东省", "东莞市", "地区生产总值下降1.2%。", "1.2%", -1.2, EQ),
        build_report("sy.txt", "海南省", "三亚市"),  # states nothing
    ]
    idx = index.build_index(reports)
    keys = choices.place_options(idx, PLAN, 2024)
    view = views.view_table(idx, PLAN, 2024, keys, ["gdp_growth"])
    return view, views.source_line(view["file"], PLAN, 2024)


def _trace(fig, role):
    found = [t for t in fig.data if (t.meta or {}).get("role") == role]
    return found[0] if found else None


def test_panel_sorts_places_by_value_and_keeps_missing_visible_not_zero():
    view, source = _plan_view()
    fig = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source)
    go.Figure(fig.to_dict())  # every property is valid plotly (the builder skips validation)
    bars = _trace(fig, "value")
    assert list(bars.y) == ["海口市", "杭州市", "宁波市", "苏州市", "南京市", "广州市", "东莞市"]
    assert list(bars.x) == [7.0, 6.0, 5.5, 5.0, 4.5, 3.0, -1.2]  # 杭州 sorted by its range midpoint
    assert "三亚市" not in list(bars.y)
    assert list(fig.layout.yaxis.categoryarray)[-1] == "三亚市"
    missing = _trace(fig, "missing")
    assert list(missing.y) == ["三亚市"] and [t.strip() for t in missing.text] == [MISSING]
    assert list(missing.x) == [0]  # placed at the axis as text, with no bar
    labels = dict(zip(_trace(fig, "label").y, _trace(fig, "label").text))
    assert labels == {"海口市": "近7%", "杭州市": "6%-6.5%", "宁波市": "5.5%左右", "苏州市": "5%以上",
                      "南京市": "超4.5%", "广州市": "3%以内", "东莞市": "-1.2%"}


def test_qualifiers_are_drawn_in_the_marks():
    view, source = _plan_view()
    fig = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source)
    arrow = _trace(fig, "arrow")
    assert sorted(arrow.y) == ["南京市", "苏州市"] and arrow.marker.symbol == "arrow-right"
    assert all(x > v for x, v in zip(arrow.x, [5.0, 4.5]))  # past the bar's end: open-ended
    cap = _trace(fig, "cap")
    assert list(cap.y) == ["广州市"] and cap.marker.symbol == "line-ns" and list(cap.x) == [3.0]
    band = _trace(fig, "range")
    assert list(band.y) == ["杭州市"] and list(band.base) == [6.0] and list(band.x) == [0.5]
    whisk = _trace(fig, "whisker")
    by = dict(zip(whisk.y, zip(whisk.error_x.array, whisk.error_x.arrayminus)))
    assert set(by) == {"宁波市", "海口市"}
    assert by["宁波市"][0] > 0 and by["宁波市"][1] > 0  # 左右: both sides
    assert by["海口市"][0] == 0 and by["海口市"][1] > 0  # 近: just below
    legend = {t.name for t in fig.data if t.showlegend is not False}
    assert {"超过/以上:箭头表示目标是下限,力争更高", "以内:竖线为上限", "区间:色带为目标范围",
            "左右/接近:须线表示约数"} <= legend
    # for a result the same arrow says the true figure is higher than the one written
    res = charts.indicator_panel(view.assign(section=RESULT), "gdp_growth", RESULT, 2023, source)
    assert "超过/以上:箭头表示实际数高于所写数" in {t.name for t in res.data}
    marks = {t.name: t.marker for t in fig.data if t.showlegend is not False}
    assert marks["左右/接近:须线表示约数"].size >= 10  # a mark one can see in the legend


def test_hover_has_escaped_evidence_and_source_file_and_chart_states_its_source():
    view, source = _plan_view()
    fig = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source)
    bars = _trace(fig, "value")
    hover = dict(zip(bars.y, bars.hovertext))["广州市"]
    assert hover.startswith("<b>广东省广州市</b><br>3%以内<br>原文:") and hover.endswith("<br>来源:gz.txt")
    assert "&lt;script&gt;" in hover and "<script>" not in hover
    assert bars.hovertemplate == "%{hovertext}<extra></extra>"
    notes = [a.text for a in fig.layout.annotations]
    assert any(n.startswith("来源:各地政府工作报告(2024年目标)文件 ") and n.endswith("等 7 份;政报对比整理")
               for n in (x.replace("<br>", "") for x in notes))  # wrapped onto short lines
    own = charts.indicator_panel(view[view["short"].isin(["宁波市", "三亚市"])], "gdp_growth", PLAN, 2024)
    assert [a.text for a in own.layout.annotations] == ["来源:各地政府工作报告(2024年目标)<br>文件 nb.txt;政报对比整理"]
    # half-width panels and phones: no source line longer than a narrow panel holds
    assert max(charts._width(line) for a in fig.layout.annotations if a.name == "source"
               for line in a.text.split("<br>")) <= 24
    assert fig.layout.title.text.startswith("地区生产总值增速 · 2024年目标")
    assert "单位:%" in fig.layout.title.text


def test_units_are_scaled_for_reading_and_better_down_is_said():
    a = build_report("a.txt", "浙江省", "宁波市", figures=(
        ("urban_income", RESULT, "城镇居民人均可支配收入超7.7万元。", "超7.7万元", 77000, GT, None),))
    b = build_report("b.txt", "浙江省", "温州市", figures=(
        ("urban_income", RESULT, "城镇居民人均可支配收入6.9万元。", "6.9万元", 69000, EQ, None),
        ("cpi", RESULT, "居民消费价格上涨0.4%。", "0.4%", 0.4, EQ, None)))
    idx = index.build_index([a, b])
    keys = list(idx.groups.index)
    view = views.view_table(idx, RESULT, 2023, keys, ["urban_income", "cpi"])
    fig = charts.indicator_panel(view, "urban_income", RESULT, 2023, "来源:测试")
    assert list(_trace(fig, "value").x) == [7.7, 6.9]
    assert "单位:万元" in fig.layout.title.text and fig.layout.meta["factor"] == 1e4
    cpi = charts.indicator_panel(view, "cpi", RESULT, 2023, "来源:测试")
    assert "数值越低越好" in cpi.layout.title.text
    assert list(_trace(cpi, "missing").y) == ["宁波市"]


def test_presentation_panel_is_large_and_high_contrast():
    view, source = _plan_view()
    normal = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source)
    big = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source, present=True)
    assert big.layout.font.size >= 2 * normal.layout.font.size - 4
    assert big.layout.height == 860  # one panel fills a 1080p projector below the title
    assert _trace(big, "value").marker.color == chartstyle.LIGHT.bar
    assert big.layout.yaxis.tickfont.size >= 24


def _lum(c: str) -> float:
    rgb = [int(c.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_lum(a), _lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_charts_follow_the_theme(theme):
    """Normal panels leave the background to the page (transparent) and colour their own notes
    so they read on it; the presentation panel draws its own page, text at projector contrast."""
    view, source = _plan_view()
    pal = chartstyle.palette(theme)
    fig = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source, theme=theme)
    assert fig.layout.plot_bgcolor == fig.layout.paper_bgcolor == chartstyle.TRANSPARENT
    src = next(a for a in fig.layout.annotations if a.name == "source")
    assert contrast(src.font.color, pal.page) >= 4.5
    big = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source, present=True, theme=theme)
    assert big.layout.paper_bgcolor == pal.page
    assert contrast(big.layout.font.color, big.layout.paper_bgcolor) >= 7
    assert contrast(_trace(big, "value").marker.color, pal.page) >= 3  # the bars stand out


@pytest.mark.skipif(image.export_problem() is not None, reason="no chromium for kaleido here")
def test_png_and_svg_export_render_chinese_with_the_source_line():
    view, source = _plan_view()
    fig = charts.indicator_panel(view, "gdp_growth", PLAN, 2024, source)
    png = image.figure_image(fig, "png", width=900)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    svg = image.figure_image(fig, "svg", width=900).decode("utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
    assert "来源:各地政府工作报告" in svg and "海口市" in svg and "Noto Sans CJK SC" in svg


def test_export_failure_is_a_chinese_message(monkeypatch):
    monkeypatch.setattr(image, "browser_path", lambda: None)
    assert "Chromium" in image.export_problem() and "不可用" in image.export_problem()
    with pytest.raises(image.ExportError, match="图片导出不可用"):
        image.figure_image(go.Figure())


def test_browser_path_prefers_the_env_override(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert image.browser_path() == str(fake)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nope"))
    assert image.browser_path() != str(tmp_path / "nope")
    assert os.environ["BROWSER_PATH"].endswith("nope")


def test_many_silent_places_are_listed_in_one_note_not_dropped():
    reports = [build_report(f"s{i}.txt", "江苏省", c, figures=(
        ("gdp_growth", RESULT, f"地区生产总值增长{5 + i / 10}%。", f"{5 + i / 10}%", 5 + i / 10, EQ, None),))
        for i, c in enumerate(["南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市", "淮安市",
                               "盐城市", "扬州市", "镇江市", "泰州市", "宿迁市"])]
    reports += [build_report(f"z{i}.txt", "浙江省", c) for i, c in enumerate(
        ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"])]
    idx = index.build_index(reports)
    keys = list(idx.groups.index)
    rows = views.view_records(idx, RESULT, 2023, keys, ["gdp_growth"])
    fig = charts.indicator_panel(rows, "gdp_growth", RESULT, 2023)
    assert fig.layout.meta["missing_collapsed"] is True and len(fig.layout.meta["missing"]) == 11
    assert _trace(fig, "missing") is None and len(_trace(fig, "value").y) == 13
    note = next(a.text for a in fig.layout.annotations if a.name == "missing")
    assert "未提及(11 地,报告没有给出):" in note and "杭州市" in note
    few = charts.indicator_panel(rows[:16], "gdp_growth", RESULT, 2023)  # 13 stated + 3 silent
    assert few.layout.meta["missing_collapsed"] is False and len(_trace(few, "missing").y) == 3


def test_bar_labels_keep_each_figure_in_its_own_unit_and_missing_has_a_legend_mark():
    reports = [
        build_report("gd.txt", "广东省", level="省", figures=(
            ("gdp", RESULT, "全省地区生产总值13.57万亿元。", "13.57万亿元", 135700, EQ, None),)),
        build_report("ay.txt", "四川省", "资阳市", "安岳县", "县", figures=(
            ("gdp", RESULT, "全县地区生产总值超300亿元。", "超300亿元", 300, GT, None),)),
        build_report("hk.txt", "海南省", "海口市"),
    ]
    idx = index.build_index(reports)
    keys = choices.place_options(idx, RESULT, 2023)
    fig = charts.indicator_panel(views.view_table(idx, RESULT, 2023, keys, ["gdp"]), "gdp", RESULT, 2023)
    go.Figure(fig.to_dict())
    assert fig.layout.meta["unit"] == "万亿元" and list(_trace(fig, "value").x) == [13.57, 0.03]
    assert dict(zip(_trace(fig, "label").y, _trace(fig, "label").text)) == {"广东省": "13.57万亿元",
                                                                            "安岳县": "超300亿元"}
    legend = _trace(fig, "legend-missing")
    assert legend.showlegend is not False and legend.mode == "markers" and MISSING in legend.name
    assert _trace(fig, "missing").showlegend is False


# ---- 演示模式 with many places: screens of readable size ---------------------------------------

def _forty():
    from tests.support.synth import synth_reports
    idx = index.build_index(synth_reports(40))
    year = choices.default_year(idx, RESULT)
    keys = choices.place_options(idx, RESULT, year)
    inds = choices.default_indicators(idx, RESULT, year, keys)
    return views.view_records(idx, RESULT, year, keys, inds), keys, inds, year


def _on_screen(fig):
    """Places on a figure: its bars and its 未提及 rows."""
    bars, miss = _trace(fig, "value"), _trace(fig, "missing")
    return list(bars.y) + (list(miss.y) if miss is not None else [])


def test_presentation_splits_many_places_into_screens_that_stay_readable():
    rows, keys, inds, year = _forty()
    per = slides.present_capacity()
    assert len(keys) > 2 * per  # the case in question: more places than one screen holds
    for k in inds[:3]:
        screens = charts.present_screens(rows, k)
        sizes = [len(s) for s in screens]  # a tie is never cut, so a screen may hold one more or less
        assert len(sizes) == len(slides.place_groups(len(keys))) and sum(sizes) == len(keys) and max(sizes) <= per
        figs = [charts.indicator_panel(rows, k, RESULT, year, present=True, group=g)
                for g in range(1, len(screens) + 1)]
        shown = []
        for g, (fig, names) in enumerate(zip(figs, screens), 1):
            go.Figure(fig.to_dict())  # valid plotly
            on = _on_screen(fig)
            assert len(on) <= per and sorted(on) == sorted(names)
            assert list(fig.layout.yaxis.categoryarray) == names  # in ranking order
            assert fig.layout.meta["screen"] == dict(group=g, groups=len(screens), first=len(shown) + 1,
                                                     last=len(shown) + len(names), places=len(keys))
            shown += names
            # every text on the projector is at least 22 px
            assert fig.layout.yaxis.tickfont.size >= 22 and fig.layout.xaxis.tickfont.size >= 22
            texts = [t for t in (_trace(fig, "label"), _trace(fig, "missing")) if t is not None]
            assert texts and min(t.textfont.size for t in texts) >= 22
            assert fig.layout.legend.font.size >= 22 and fig.layout.title.font.size >= 36
            notes = {a.name: a for a in fig.layout.annotations}
            assert notes["source"].font.size >= 22 and "来源:各地政府工作报告" in notes["source"].text
            assert notes["unit"].font.size >= 22 and f"第 {g}/{len(screens)} 组" in notes["unit"].text
            assert fig.layout.height == slides.PRESENT_FIG_PX
        assert sorted(shown) == sorted(r.short for r in rows if r.indicator == k)  # none dropped
        assert len({tuple(f.layout.xaxis.range) for f in figs}) == 1  # one scale across the screens
        assert {f.layout.meta["unit"] for f in figs} == {figs[0].layout.meta["unit"]}
        first_values = list(_trace(figs[0], "value").x)
        assert first_values == sorted(first_values, reverse=True)
        if len(_trace(figs[-1], "value").x):
            assert min(first_values) >= max(_trace(figs[-1], "value").x)  # the top of the ranking first


def test_presentation_marks_scale_up_and_the_normal_view_is_unchanged():
    rows, keys, inds, year = _forty()
    normal = charts.indicator_panel(rows, "gdp", RESULT, year)
    assert len(_on_screen(normal)) + len(normal.layout.meta["missing"] if normal.layout.meta["missing_collapsed"]
                                         else []) == len(keys)  # one chart, every place
    assert normal.layout.yaxis.tickfont.size == 13 and "screen" not in normal.layout.meta
    big = [charts.indicator_panel(rows, "gdp", RESULT, year, present=True, group=g)
           for g in range(1, len(slides.place_groups(len(keys))) + 1)]
    arrows = [t for f in big for t in f.data if (t.meta or {}).get("role") == "arrow"]
    whiskers = [t for f in big for t in f.data if (t.meta or {}).get("role") == "whisker"]
    assert arrows and min(t.marker.size for t in arrows) >= 2 * _trace(normal, "arrow").marker.size
    assert whiskers and whiskers[0].error_x.thickness >= 4 and whiskers[0].error_x.width >= 20
    small = charts.indicator_panel(rows[:3 * len(inds)], "gdp", RESULT, year, present=True, group=5)
    assert small.layout.meta["screen"]["groups"] == 1 and small.layout.meta["screen"]["group"] == 1  # clamped
    assert "组" not in next(a.text for a in small.layout.annotations if a.name == "unit")


def test_a_figure_in_another_unit_is_not_drawn_on_the_same_axis():
    from dataclasses import replace

    nb = build_report("nb.txt", "浙江省", "宁波市", figures=(
        ("fdi", RESULT, "实际利用外资37亿美元。", "37亿美元", 37.0, EQ, None),))
    pd_ = build_report("pd.txt", "上海市", "", "浦东新区", "区", figures=(
        ("fdi", RESULT, "实际使用外资1597亿元。", "1597亿元", 1597.0, EQ, None),))
    pd_ = replace(pd_, facts=[replace(f, unit="亿元") for f in pd_.facts])
    idx = index.build_index([nb, pd_])
    view = views.view_table(idx, RESULT, 2023, choices.place_options(idx, RESULT, 2023), ["fdi"])
    fig = charts.indicator_panel(view, "fdi", RESULT, 2023)
    assert list(_trace(fig, "value").y) == ["宁波市"] and fig.layout.meta["unit"] == "亿美元"
    other = _trace(fig, "missing")
    assert list(other.y) == ["浦东新区"] and "单位不同" in other.text[0] and "1597亿元" in other.text[0]


@pytest.mark.parametrize("n", [1, 2, 5])
def test_a_few_places_keep_a_plot_area_under_the_legend_and_over_the_source(n):
    """Room for title, unit, two legend rows and a wrapped source line, and still ~25 px a bar."""
    view, source = _plan_view()
    few = view[view["short"].isin(list(dict.fromkeys(view["short"]))[:n])]
    fig = charts.indicator_panel(few, "gdp_growth", PLAN, 2024)
    legend_bottom = 58 + 2 * 22  # the legend's top (container px) and two rows
    plot = fig.layout.height - max(fig.layout.margin.t, legend_bottom) - fig.layout.margin.b
    assert plot >= 25 * n

"""lib.present (index, choices, views, tables, slides, highlight), lib.present.urlstate and tests.support.synth: pure data shaping, no Streamlit."""
from __future__ import annotations

import html
import io
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.present import urlstate

from lib.present import highlight, index, choices, slides, tables, views
from lib.present import export
from lib.present.format import MISSING, format_figure
from lib.present.labels import category_order, indicator_label
from lib.model import APPROX, EQ, GE, GT, LE, NEAR, PLAN, RANGE, RESULT, Fact, Report, ReportMeta
from tests.support.synth import build_report, places, synth_reports


# ---- labels ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, q, high, est, want", [
    (77000, "元", GT, None, False, "超7.7万元"),
    (8, "%", APPROX, None, False, "8%左右"),
    (6, "%", RANGE, 6.5, False, "6%-6.5%"),
    (500, "亿元", GE, None, False, "500亿元以上"),
    (16500, "亿元", EQ, None, False, "1.65万亿元"),
    (16452.83, "亿元", GE, None, False, "16452.83亿元以上"),  # the stated digits, not 1.65万亿元
    (5.5, "%", LE, None, False, "5.5%以内"),
    (8000, "亿元", NEAR, None, False, "近8000亿元"),
    (-2.1, "%", EQ, None, False, "-2.1%"),
    (3.2, "%", EQ, None, True, "3.2%(预计)"),
    (0, "%", EQ, None, False, "0%"),
    (1.5, "万人", GE, None, False, "1.5万人以上"),
    (300, "亿元", RANGE, 350, False, "300-350亿元"),
])
def test_format_value_reads_like_the_report(value, unit, q, high, est, want):
    assert format_figure(value, unit, q, high, est) == want


def test_format_value_of_nothing_is_not_mentioned_never_zero():
    assert format_figure(None, "%") == MISSING
    assert format_figure(float("nan"), "%") == MISSING


# ---- a small hand-written library --------------------------------------------------------

def _lib():
    ningbo = build_report("宁波.txt", "浙江省", "宁波市", figures=(
        ("gdp_growth", RESULT, "全市地区生产总值增长5.5%。", "5.5%", 5.5, EQ, None),
        ("urban_income", RESULT, "城镇居民人均可支配收入超7.7万元。", "超7.7万元", 77000, GT, None),
        ("cpi", RESULT, "居民消费价格上涨0%。", "0%", 0.0, EQ, None),
        ("gdp_growth", PLAN, "地区生产总值增长5.5%左右。", "5.5%左右", 5.5, APPROX, None),
    ))
    haikou1 = build_report("海口一.txt", "海南省", "海口市", figures=(
        ("gdp_growth", RESULT, "全市地区生产总值增长8.1%。", "8.1%", 8.1, EQ, None),
    ))
    haikou2 = build_report("海口二.txt", "海南省", "海口市", figures=(
        ("gdp_growth", RESULT, "经济增长8.0%。", "8.0%", 8.0, EQ, None),
        ("fai_growth", RESULT, "固定资产投资增长9%。", "9%", 9.0, EQ, None),
        ("gdp_growth", PLAN, "地区生产总值增长6%-6.5%。", "6%-6.5%", 6.0, RANGE, 6.5),
    ))
    erdao = build_report("二道.txt", "吉林省", "长春市", "二道区", "区", figures=(
        ("fai_growth", RESULT, "固定资产投资增长12.3%。", "12.3%", 12.3, EQ, None),
        ("signed_projects", RESULT, "签约项目45个。", "45个", 45, EQ, None),
    ))
    old = build_report("宁波旧.txt", "浙江省", "宁波市", review_year=2022, figures=(
        ("gdp_growth", RESULT, "地区生产总值增长3.5%。", "3.5%", 3.5, EQ, None),
    ))
    return index.build_index([ningbo, haikou1, haikou2, erdao, old])


def test_parts_of_one_report_are_one_place_and_the_first_figure_wins():
    idx = _lib()
    opts = choices.place_options(idx, RESULT, 2023)
    # cities before districts, then by name
    assert opts == ["浙江省宁波市@2024", "海南省海口市@2024", "吉林省长春市二道区@2024"]
    assert idx.groups.at["海南省海口市@2024", "files"] == ["海口一.txt", "海口二.txt"]
    v = views.view_table(idx, RESULT, 2023, ["海南省海口市@2024"], ["gdp_growth", "fai_growth"])
    got = dict(zip(v["indicator"], v["value"]))
    assert got == {"gdp_growth": 8.1, "fai_growth": 9.0}
    assert list(v["file"]) == ["海口一.txt", "海口二.txt"]


def test_place_labels_carry_full_name_level_and_year():
    idx = _lib()
    assert choices.place_label(idx, "吉林省长春市二道区@2024") == "吉林省长春市二道区 · 区级 · 2024年报告"


def test_year_options_and_default_year_follow_the_section():
    idx = _lib()
    assert choices.year_options(idx, RESULT) == [2023, 2022]
    assert choices.default_year(idx, RESULT) == 2023
    assert choices.year_options(idx, PLAN) == [2024, 2023]
    assert choices.default_year(idx, PLAN) == 2024
    assert choices.place_options(idx, RESULT, 2022) == ["浙江省宁波市@2023"]


def test_missing_is_not_zero_in_the_view_and_the_wide_table():
    idx = _lib()
    keys = choices.place_options(idx, RESULT, 2023)
    v = views.view_table(idx, RESULT, 2023, keys, ["gdp_growth", "cpi", "signed_projects"])
    assert len(v) == 9
    cpi = v[v["indicator"] == "cpi"].set_index("short")
    assert cpi.at["宁波市", "value"] == 0.0 and cpi.at["宁波市", "shown"] == "0%"
    assert pd.isna(cpi.at["海口市", "value"]) and cpi.at["海口市", "shown"] == MISSING
    assert cpi.at["海口市", "state"] == MISSING
    w = tables.wide_table(v).set_index("地区")
    assert list(w.columns) == ["级别", "地区生产总值增速(%)", "居民消费价格涨幅(%)", "招商签约项目数(个)"]
    assert w.at["浙江省宁波市", "居民消费价格涨幅(%)"] == "0%"
    assert w.at["海南省海口市", "居民消费价格涨幅(%)"] == MISSING
    assert w.at["吉林省长春市二道区", "招商签约项目数(个)"] == "45个"
    assert w.at["吉林省长春市二道区", "级别"] == "区级"


def test_default_indicators_are_headline_ones_at_least_two_places_state():
    idx = _lib()
    keys = choices.place_options(idx, RESULT, 2023)
    # gdp_growth: 宁波, 海口; fai_growth: 海口, 二道; urban_income and cpi: only 宁波;
    # signed_projects is not headline
    assert choices.default_indicators(idx, RESULT, 2023, keys) == ["gdp_growth", "fai_growth"]
    # one place: whatever it states among the headline ones
    one = choices.default_indicators(idx, RESULT, 2023, ["浙江省宁波市@2024"])
    assert set(one) == {"gdp_growth", "urban_income", "cpi"}


def test_indicator_options_grouped_by_category_order():
    idx = _lib()
    opts = choices.indicator_options(idx, RESULT, 2023)
    cats = [indicator_label(k).split(" › ")[0] for k in opts]
    order = category_order()
    assert [order[c] for c in cats] == sorted(order[c] for c in cats)
    assert indicator_label("gdp_growth") == "经济总量 › 地区生产总值增速(%)"


def test_export_table_has_evidence_and_source_and_not_mentioned_rows():
    idx = _lib()
    keys = choices.place_options(idx, RESULT, 2023)
    v = views.view_table(idx, RESULT, 2023, keys, ["urban_income"])
    t = tables.export_table(v, RESULT, 2023)
    assert {"地区", "指标", "表述", "数值", "单位", "限定", "原文", "来源文件"} <= set(t.columns)
    row = t[t["地区"] == "浙江省宁波市"].iloc[0]
    assert row["表述"] == "超7.7万元" and row["数值"] == 77000 and row["单位"] == "元"
    assert row["限定"] == "超过" and row["原文"] == "城镇居民人均可支配收入超7.7万元。"
    assert row["来源文件"] == "宁波.txt"
    silent = t[t["地区"] == "海南省海口市"].iloc[0]
    assert silent["表述"] == MISSING and pd.isna(silent["数值"]) and silent["原文"] == ""
    csv = export.csv_bytes(t)
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert back.loc[back["地区"] == "浙江省宁波市", "原文"].iloc[0] == "城镇居民人均可支配收入超7.7万元。"
    xlsx = export.xlsx_bytes({"对比表": tables.wide_table(v), "明细": t})
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert list(sheets) == ["对比表", "明细"]
    assert "超7.7万元" in set(sheets["对比表"].iloc[:, 2])
    assert "宁波.txt" in set(sheets["明细"]["来源文件"])


def test_short_names_disambiguate_same_named_places_and_years():
    a = build_report("a.txt", "吉林省", "长春市", "朝阳区", "区", figures=(
        ("gdp_growth", RESULT, "增长5%。", "5%", 5.0, EQ, None),))
    b = build_report("b.txt", "北京市", "", "朝阳区", "区", figures=(
        ("gdp_growth", RESULT, "增长4%。", "4%", 4.0, EQ, None),))
    idx = index.build_index([a, b])
    v = views.view_table(idx, RESULT, 2023, list(idx.groups.index), ["gdp_growth"])
    assert sorted(v["short"]) == ["北京市朝阳区", "吉林省长春市朝阳区"]


def test_short_names_name_report_years_as_whole_years_beside_a_report_without_one():
    """A library holding a report whose years are unknown: the bar labels of a choice that
    spans two years read '宁波市 2024年' and '年份不详年', never '2024.0年' or 'nan年'."""
    fig = (("gdp_growth", RESULT, "增长5%。", "5%", 5.0, EQ, None),)
    reps = [build_report("nb23.txt", "浙江省", "宁波市", review_year=2023, figures=fig),
            build_report("nb22.txt", "浙江省", "宁波市", review_year=2022, figures=fig),
            build_report("sy.txt", "海南省", "三亚市", review_year=None, figures=fig)]
    idx = index.build_index(reps)
    keys = list(idx.info)
    rows = views.view_records(idx, RESULT, None, keys, ["gdp_growth"])
    assert sorted(r.short for r in rows) == ["三亚市 年份不详年", "浙江省宁波市 2023年", "浙江省宁波市 2024年"]


# ---- the report text -------------------------------------------------------------------

def test_highlight_escapes_the_report_and_numbers_every_figure():
    r = build_report("x.txt", "浙江省", "宁波市", head="<script>alert('x')</script>&amp; 报告\n",
                     figures=(("gdp_growth", RESULT, "生产总值增长<b>5.5%</b>。", "5.5%", 5.5, EQ, None),
                              ("cpi", PLAN, "居民消费价格涨幅3%左右。", "3%左右", 3.0, APPROX, None)))
    out = highlight.highlight_html(r)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;amp;" in out
    marks = re.findall(r'<mark class="fig" id="fact-(\d+)"[^>]*>(.*?)</mark><sup>(\d+)</sup>', out)
    assert marks == [("1", "5.5%", "1"), ("2", "3%左右", "2")]
    facts = tables.report_facts(r)
    assert list(facts["#"]) == [1, 2] and list(facts["表述"]) == ["5.5%", "3%左右"]
    focused = highlight.highlight_html(r, focus=2)
    assert '<mark class="fig focus" id="fact-2"' in focused
    assert "3%左右" in highlight.excerpt_html(r, 2) and "<b>" not in highlight.excerpt_html(r, 1)


_text = st.text(alphabet=st.sampled_from(list("增长5.%<>&\"'/ 元亿宁波市\n")), min_size=1, max_size=80)


@settings(max_examples=150, deadline=None)
@given(_text, st.lists(st.tuples(st.integers(0, 80), st.integers(1, 20), st.integers(0, 80),
                                 st.integers(1, 30)), max_size=6))
def test_highlight_never_loses_or_injects_text(text, spans):
    facts = []
    for a, n, ea, en in spans:
        a = min(a, len(text) - 1)
        b = min(len(text), a + n)
        s = min(ea, a)
        e = min(len(text), max(b, s + en))
        facts.append(Fact("gdp_growth", "", RESULT, 2023, 1.0, "%", evidence=text[s:e], start=s, end=e,
                          fig_start=a, fig_end=b))
    r = Report(meta=ReportMeta(file="p.txt"), text=text, facts=facts)
    out = highlight.highlight_html(r)
    plain = re.sub(r"<sup>\d+</sup>", "", out)
    plain = re.sub(r"</?(mark|span)[^>]*>", "", plain)
    assert "<" not in plain.replace("&lt;", "")
    assert html.unescape(plain) == text


def test_meta_rows_show_how_place_and_years_were_inferred():
    r = build_report("x.txt", "浙江省", "宁波市")
    rows = dict(tables.meta_rows(r).values.tolist())
    assert rows["地区"] == "浙江省宁波市" and rows["地区判断依据"] == "标题中的“宁波市”"
    assert rows["地区判断置信度"] == "90%" and rows["年份判断依据"] == "“2023年工作回顾”"


# ---- URL state ---------------------------------------------------------------------------

def test_url_roundtrip_and_defaults():
    v = urlstate.View(section=PLAN, year=2024, places=["浙江省宁波市@2024", "海南省海口市@2024"],
                      indicators=["gdp_growth", "cpi"], tab="table", present=True, slide=2)
    q = urlstate.encode(v, default_places=["浙江省宁波市@2024", "海南省海口市@2024", "吉林省长春市二道区@2024"])
    assert q == {"mode": "plan", "year": "2024", "xplaces": "吉林省长春市二道区@2024", "ind": "gdp_growth,cpi",
                 "view": "table", "present": "1", "slide": "2"}
    q2 = urlstate.encode(v)
    back = urlstate.decode(q2)
    assert (back.section, back.year, back.places, back.indicators, back.tab, back.present, back.slide) == \
        (PLAN, 2024, v.places, v.indicators, "table", True, 2)
    assert urlstate.share_url(v, "http://h:1").startswith("http://h:1/?mode=plan&year=2024&places=")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["浙江省宁波市@2024", "海南省海口市@2024", "北京市@2024", "中国@2024",
                                 "文件:a b.txt"]), unique=True),
       st.lists(st.sampled_from(["gdp_growth", "cpi", "fai_growth"]), unique=True),
       st.booleans(), st.integers(2000, 2030))
def test_url_roundtrip_property(places_, inds, present, year):
    v = urlstate.View(section=RESULT, year=year, places=places_, indicators=inds, present=present)
    back = urlstate.decode(urlstate.encode(v))
    assert back.places == places_ and back.indicators == inds and back.present == present
    assert back.year == year


def test_resolve_drops_what_the_library_lacks_with_a_chinese_note():
    idx = _lib()
    v = urlstate.resolve(idx, urlstate.decode({"mode": "result", "year": "2023",
                                               "places": "浙江省宁波市@2024,火星市@2024",
                                               "ind": "gdp_growth,grain_output"}))
    assert v.places == ["浙江省宁波市@2024"] and v.indicators == ["gdp_growth"]
    assert any("火星市" in n for n in v.notes) and any("粮食产量" in n for n in v.notes)
    bad = urlstate.resolve(idx, urlstate.decode({"year": "abc"}))
    assert bad.year == 2023 and any("无法识别" in n for n in bad.notes)
    none = urlstate.resolve(idx, urlstate.decode({}))
    assert none.places == choices.place_options(idx, RESULT, 2023)
    assert none.indicators == ["gdp_growth", "fai_growth"]
    excl = urlstate.resolve(idx, urlstate.decode({"xplaces": "浙江省宁波市@2024"}))
    assert "浙江省宁波市@2024" not in excl.places and len(excl.places) == 2


def test_switching_section_keeps_the_same_reports():
    idx = _lib()
    assert urlstate.shift_year(idx, 2023, RESULT, PLAN) == 2024
    assert urlstate.shift_year(idx, 2024, PLAN, RESULT) == 2023
    assert urlstate.carry_places(idx, ["浙江省宁波市@2024"], RESULT, 2022) == ["浙江省宁波市@2023"]
    assert urlstate.carry_places(idx, ["吉林省长春市二道区@2024"], RESULT, 2022) == ["浙江省宁波市@2023"]


# ---- synthetic reports ---------------------------------------------------------------------

def test_synth_reports_are_exact_real_and_plausible():
    reports = synth_reports(150, seed=3)
    real = {(p, c, d, lvl) for p, c, d, lvl in places()}
    seen = set()
    for r in reports:
        m = r.meta
        assert (m.province, m.city, m.district, m.level) in real
        assert (m.place, m.review_year) not in seen
        seen.add((m.place, m.review_year))
        assert m.plan_year == m.review_year + 1 and str(m.plan_year) in m.title
        assert "各位代表" in r.text and f"{m.review_year}年工作回顾" in r.text
        assert r.facts and {f.section for f in r.facts} <= {RESULT, PLAN}
        for f in r.facts:
            assert r.text[f.start:f.end] == f.evidence
            fig = r.text[f.fig_start:f.fig_end]
            assert f.start <= f.fig_start < f.fig_end <= f.end
            number = float(re.match(r"[\d.]+", fig).group())
            scale = 1e4 if ("万元" in fig and f.unit == "元") or "万亿" in fig else 1
            assert abs(number * scale - abs(f.value)) < 1e-6, (fig, f)
            if f.qualifier == RANGE:
                assert f.value_high > f.value
            if f.indicator == "gdp_growth" and f.section == RESULT:
                assert -10 < f.value < 15
    assert synth_reports(5, seed=3)[0].text == reports[0].text  # deterministic
    levels = {r.meta.level for r in reports}
    assert {"省", "市"} <= levels and levels & {"区", "县"}


def test_synth_totals_are_plausible_for_the_place_level_and_year():
    """GDP in 亿元: a county or district tens to hundreds (a few big ones thousands), a prefecture
    city thousands (the largest a few 万亿), a province tens of thousands (西藏 small), the
    nation about 126万亿 in 2023; growth 3-9%; the same place grows from year to year."""
    bounds = {"国家": (1_100_000, 1_400_000), "省": (2_000, 150_000), "市": (500, 40_000),
              "区": (50, 20_000), "县": (50, 6_000)}
    gdp: dict = {}
    for r in synth_reports(600, seed=1):
        m = r.meta
        for f in r.facts:
            if f.section != RESULT:
                continue
            if f.indicator == "gdp":
                lo, hi = bounds[m.level]
                lo *= 0.94 ** (2023 - m.review_year)  # earlier years are smaller
                assert lo <= f.value <= hi, (m.place, m.level, m.review_year, f.value)
                gdp[(m.place, m.review_year)] = f.value
            if f.indicator == "gdp_growth":
                assert 3 <= f.value <= 9, (m.place, f.value)
            if f.indicator == "urban_income":
                assert 25_000 <= f.value <= 110_000, (m.place, f.value)
    assert 1_200_000 <= next(v for (p, y), v in gdp.items() if p == "中国" and y == 2023) <= 1_300_000
    tibet = [v for (p, y), v in gdp.items() if p == "西藏自治区"]
    guangdong = [v for (p, y), v in gdp.items() if p == "广东省"]
    assert tibet and guangdong and max(tibet) < 6_000 < 60_000 < min(guangdong)
    by_place: dict = {}
    for (p, y), v in sorted(gdp.items(), key=lambda kv: kv[0][1]):
        by_place.setdefault(p, []).append(v)
    assert all(a <= b * 1.0001 for vs in by_place.values() for a, b in zip(vs, vs[1:]))
    assert sum(len(vs) > 2 for vs in by_place.values()) > 10


# ---- 演示模式: places per screen, screens, paging --------------------------------------------

def test_present_capacity_follows_from_the_projector_geometry():
    per = slides.present_capacity()
    plot = slides.PRESENT_FIG_PX - slides.PRESENT_MARGIN_T - slides.PRESENT_MARGIN_B
    row = slides.PRESENT_LABEL_PX * slides.ROW_PITCH
    assert slides.PRESENT_FIG_PX <= slides.PRESENT_SCREEN_PX - 200  # room for the slide buttons
    assert slides.PRESENT_LABEL_PX >= slides.PRESENT_MIN_PX >= 22
    assert per * row <= plot < (per + 1) * row  # as many rows as fit, and no more
    assert 8 <= per <= 14
    assert slides.present_capacity(label_px=32) < per < slides.present_capacity(label_px=18)
    assert slides.present_capacity(fig_px=100) == 1


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 1200), st.integers(1, 40))
def test_place_groups_cover_every_place_once_in_order_and_evenly(n, per):
    groups = slides.place_groups(n, per)
    assert groups[0][0] == 0 and groups[-1][1] == n
    assert all(a[1] == b[0] for a, b in zip(groups, groups[1:]))  # consecutive, no gap, no overlap
    sizes = [b - a for a, b in groups]
    assert max(sizes) <= per and max(sizes) - min(sizes) <= 1
    assert len(groups) == max(1, -(-n // per))  # no more screens than needed


def test_place_groups_default_to_what_a_screen_holds():
    per = slides.present_capacity()
    assert slides.place_groups(per) == [(0, per)]
    assert len(slides.place_groups(per + 1)) == 2
    assert slides.place_groups(40, 11) == [(0, 10), (10, 20), (20, 30), (30, 40)]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(1, 6))
def test_step_slide_visits_every_indicator_and_group_once_and_back(n_slides, n_groups):
    at, seen = (1, 1), []
    for _ in range(n_slides * n_groups):
        seen.append(at)
        nxt = slides.step_slide(*at, n_slides, n_groups, 1)
        assert slides.step_slide(*nxt, n_slides, n_groups, -1) == at
        at = nxt
    assert at == (1, 1)  # wrapped around
    assert seen == [(s, g) for s in range(1, n_slides + 1) for g in range(1, n_groups + 1)]


def test_step_slide_clamps_a_stale_position():
    assert slides.step_slide(9, 7, 3, 2, 1) == (1, 1)  # (3, 2) is the last screen
    assert slides.step_slide(1, 1, 3, 2, -1) == (3, 2)


def test_url_keeps_the_group_of_places_on_screen():
    v = urlstate.View(section=RESULT, year=2023, places=["a@2024"], indicators=["gdp"], present=True,
                      slide=2, group=3)
    q = urlstate.encode(v)
    assert q["slide"] == "2" and q["group"] == "3"
    back = urlstate.decode(q)
    assert (back.slide, back.group) == (2, 3)
    assert "group" not in urlstate.encode(urlstate.View(present=True, group=1))
    assert urlstate.decode({"group": "x"}).group == 1 and urlstate.decode({"group": "-4"}).group == 1
    assert urlstate.share_url(v, "http://h:1").startswith("http://h:1/?")  # 对比 is the root page
    assert urlstate.share_url(urlstate.View(page="report", file="a.txt"), "http://h:1") == "http://h:1/report?file=a.txt"


def test_resolve_clamps_the_group_to_the_screens_the_places_fill():
    reports = synth_reports(30)
    idx = index.build_index(reports)
    year = choices.default_year(idx, RESULT)
    n = len(choices.place_options(idx, RESULT, year))
    v = urlstate.resolve(idx, urlstate.View(section=RESULT, year=year, present=True, group=99))
    assert v.group == len(slides.place_groups(n)) and v.group >= 2
    one = urlstate.resolve(idx, urlstate.View(section=RESULT, year=year, places=v.places[:2], present=True, group=3))
    assert one.group == 1


# ---- the 对比表 sorts by value -----------------------------------------------------------

def _sort_lib():
    figs = {"甲市": (10.0, GE), "乙市": (9.5, EQ), "丙市": (2.0, EQ), "丁市": None, "戊市": (-1.5, EQ)}
    reps = []
    for city, f in figs.items():
        rows = (("gdp_growth", RESULT, "经济增长。", "", 5.0, EQ, None),)
        if f:
            rows += (("fai_growth", RESULT, "投资增长。", "", f[0], f[1], None),)
        reps.append(build_report(f"{city}.txt", "河北省", city, figures=rows))
    return index.build_index(reps)


@pytest.mark.parametrize("descending, want", [
    (True, ["甲市", "乙市", "丙市", "戊市", "丁市"]),
    (False, ["戊市", "丙市", "乙市", "甲市", "丁市"]),
])
def test_table_sorts_by_value_and_not_mentioned_is_always_last(descending, want):
    idx = _sort_lib()
    keys = choices.place_options(idx, RESULT, 2023)
    v = views.view_table(idx, RESULT, 2023, keys, ["gdp_growth", "fai_growth"])
    text, nums = tables.wide_table(v), tables.wide_values(v)
    col = "固定资产投资增速(%)"
    assert list(nums.columns) == list(text.columns)
    text, nums = tables.sort_wide(text, nums, col, descending)
    assert [p.replace("河北省", "") for p in text["地区"]] == want
    assert list(text["地区"]) == list(nums["地区"])  # the two tables stay aligned
    shown = dict(zip(text["地区"], text[col]))
    assert shown["河北省甲市"] == "10%以上" and shown["河北省丁市"] == MISSING
    # the styled table shows the report's wording over the numbers
    html_ = tables.styled_wide(text, nums, "color:grey").to_html()
    assert "10%以上" in html_ and MISSING in html_ and "color: grey" in html_


def test_table_order_as_chosen_leaves_the_rows_alone():
    idx = _sort_lib()
    keys = choices.place_options(idx, RESULT, 2023)
    v = views.view_table(idx, RESULT, 2023, keys, ["fai_growth"])
    text, nums = tables.wide_table(v), tables.wide_values(v)
    t2, _ = tables.sort_wide(text, nums, tables.ORDER_AS_CHOSEN)
    assert list(t2["地区"]) == list(text["地区"])


# ---- 演示模式: ties stay on one screen; every place on one screen when it fits --------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=0, max_size=80), st.integers(2, 20))
def test_place_groups_never_cut_a_tie_and_still_cover_every_place(raw, per):
    stated = sorted((k for k in raw if k is not None), reverse=True)
    keys = stated + [None] * (len(raw) - len(stated))  # ranked high to low, 未提及 last
    groups = slides.place_groups(len(keys), per, keys)
    assert groups[0][0] == 0 and groups[-1][1] == len(keys)
    assert all(a[1] == b[0] for a, b in zip(groups, groups[1:]))
    assert max(b - a for a, b in groups) <= per
    ties_fit = all(stated.count(v) <= per // 2 for v in set(stated))
    if ties_fit:  # a tie that fits half a screen is never cut
        for _, cut in groups[:-1]:
            assert keys[cut - 1] is None or keys[cut] is None or keys[cut - 1] != keys[cut]
    assert len(groups) <= max(1, -(-len(keys) // per)) + 2


def test_a_tie_at_the_cut_moves_the_cut_not_the_places():
    keys = [9, 8, 7, 7, 7, 6, 5, 5, 4, 3, 3, 3, 3, 2, 1, 1, 1, 0, 0, None, None]
    assert slides.place_groups(len(keys), 11) == [(0, 11), (11, 21)]  # count only: 3, 3 | 3, 3
    groups = slides.place_groups(len(keys), 11, keys)
    assert all(keys[b - 1] != keys[b] for _, b in groups[:-1])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=8))
def test_step_slides_visits_every_screen_once_and_back(counts):
    at, seen = (1, 1), []
    for _ in range(sum(counts)):
        seen.append(at)
        nxt = slides.step_slides(*at, counts, 1)
        assert slides.step_slides(*nxt, counts, -1) == at
        at = nxt
    assert at == (1, 1)
    assert seen == [(s, g) for s, c in enumerate(counts, 1) for g in range(1, c + 1)]


def test_all_places_on_one_screen_only_at_legible_type():
    compact = slides.present_capacity_compact()
    assert slides.present_capacity() < compact
    plot = slides.PRESENT_FIG_PX - slides.PRESENT_MARGIN_T - slides.PRESENT_MARGIN_B
    assert compact * slides.PRESENT_MIN_PX * slides.PRESENT_COMPACT_PITCH <= plot  # rows still fit


def test_place_picker_summary_counts_what_the_chips_hide():
    idx = _lib()
    keys = choices.place_options(idx, RESULT, 2023)
    assert choices.selection_summary(idx, keys, keys) == "已选 3/3 份报告(全部):市级 2 · 区级 1"
    assert choices.selection_summary(idx, keys[:1], keys) == "已选 1/3 份报告:市级 1"
    assert choices.selection_summary(idx, [], keys) == "已选 0/3 份报告"


def test_library_table_search_and_pages():
    t = pd.DataFrame({"文件": [f"r{i}.txt" for i in range(60)], "地区": ["浙江省宁波市"] * 30 + ["海南省海口市"] * 30,
                      "计划年份": [2024, 2025] * 30})
    assert len(tables.search_rows(t, "")) == 60
    hit = tables.search_rows(t, "宁波 2025")
    assert len(hit) == 15 and set(hit["地区"]) == {"浙江省宁波市"} and set(hit["计划年份"]) == {2025}
    assert len(tables.search_rows(t, "R1.TXT")) == 1  # case ignored
    rows, page, pages = tables.page_of(t, 3, 25)
    assert (len(rows), page, pages) == (10, 3, 3) and rows.iloc[0]["文件"] == "r50.txt"
    assert tables.page_of(t, 9, 25)[1] == 3 and tables.page_of(t.iloc[:0], 1, 25)[2] == 1


# ---- a big library: readable default places, filters, counts from the index ----------------

def _year_lib(n: int = 60):
    idx = index.build_index(synth_reports(n))
    year = choices.default_year(idx, RESULT)
    return idx, year, choices.place_options(idx, RESULT, year)


def test_default_places_are_every_place_while_a_year_has_few():
    idx, year, options = _year_lib(30)
    assert choices.default_places(idx, RESULT, year) == options
    v = urlstate.resolve(idx, urlstate.View(section=RESULT, year=year))
    assert v.places == options


def test_default_places_of_a_crowded_year_are_one_readable_level(monkeypatch):
    monkeypatch.setattr(choices, "DEFAULT_PLACES_MAX", 8)
    idx, year, options = _year_lib()
    assert len(options) > 8
    chosen = choices.default_places(idx, RESULT, year)
    levels = {idx.groups.at[k, "level"] for k in chosen}
    assert 1 <= len(chosen) <= 8 and set(chosen) <= set(options) and len(levels) == 1
    top = [k for k in options if idx.groups.at[k, "level"] == "省"]
    if 2 <= len(top) <= 8:
        assert chosen == top
    else:  # one province's places of one level
        assert len({idx.groups.at[k, "province"] for k in chosen}) == 1
    v = urlstate.resolve(idx, urlstate.View(section=RESULT, year=year))  # a link without places
    assert v.places == chosen
    assert "places" not in urlstate.encode(v, default_places=chosen)  # the default is not written
    places, _ = urlstate.follow(idx, (RESULT, year), (PLAN, year + 1), chosen, [], False)
    assert places == choices.default_places(idx, PLAN, year + 1)  # the default stays the default


def test_places_filter_by_province_and_level():
    idx, year, options = _year_lib()
    provs = choices.province_options(idx, options)
    assert provs == sorted(set(provs)) and "" not in provs
    prov = max(provs, key=lambda p: sum(idx.groups.at[k, "province"] == p for k in options))
    mine = choices.filter_places(idx, options, province=prov)
    assert mine and all(idx.groups.at[k, "province"] == prov for k in mine)
    assert len(mine) < len(options)
    low = choices.filter_places(idx, options, level="区县")
    assert {idx.groups.at[k, "level"] for k in low} <= {"区", "县"}
    assert choices.filter_places(idx, options, prov, "区县") == [k for k in low if k in mine]
    assert choices.filter_places(idx, options) == options


def test_indicator_counts_agree_with_the_view_rows():
    idx, year, options = _year_lib()
    chosen = options[::3]
    counts = choices.indicator_counts(idx, RESULT, year, chosen)
    inds = choices.indicator_options(idx, RESULT, year)
    rows = views.view_records(idx, RESULT, year, chosen, inds)
    stated = {}
    for r in rows:
        if r.state != MISSING:
            stated[r.indicator] = stated.get(r.indicator, 0) + 1
    assert counts == stated and counts
    assert choices.indicator_counts(idx, RESULT, year, []) == {}


def test_trends_picker_counts_places_per_indicator():
    reps = [build_report(f"{c}{y}.txt", "河北省", c, review_year=y, figures=(
        ("gdp_growth", RESULT, "经济增长。", "", 5.0, EQ, None),)) for c in ("甲市", "乙市") for y in (2021, 2022)]
    reps.append(build_report("丙市.txt", "河北省", "丙市", figures=(("cpi", PLAN, "物价。", "", 3.0, LE, None),)))
    idx = index.build_index(reps)
    assert idx.fact_count == 5
    assert {k: len(v) for k, v in idx.indicator_places.items()} == {"gdp_growth": 2, "cpi": 1}


def test_the_report_choice_round_trips_through_the_url_even_with_a_comma_in_the_file_name():
    use = {"浙江省宁波市@2024": "宁波,修订 100%.txt", "海南省海口市@2024": "海口.docx"}
    v = urlstate.View(section=RESULT, year=2023, use=use)
    q = urlstate.encode(v)
    assert q["use"].count(",") == 1  # the separator only
    assert urlstate.decode(q).use == use
    assert urlstate.decode({"use": "no-separator,~x,y~"}).use == {}

"""Plan vs result on hand-built records: pairing, judging, ambition, amplification."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.analysis import pairs as pr
from lib.analysis.pairs import EXCEEDED, MET, MISSED, UNKNOWN
from lib.present import plan_tables as tz
from tests.support.pairs_data import P, R, meta, report, world


def by(rows, **kw):
    hits = [r for r in rows if all(getattr(r, k) == v for k, v in kw.items())]
    assert len(hits) == 1, (kw, hits)
    return hits[0]


# ---- judge: every qualifier, both directions ---------------------------------------

@pytest.mark.parametrize("tq,t,th,res,unit,better,want", [
    # eq / ge / gt on "up": met from the target to target + band (0.5 pp), exceeded beyond
    ("eq", 5.0, None, 5.0, "%", "up", MET),
    ("eq", 5.0, None, 5.5, "%", "up", MET),
    ("eq", 5.0, None, 5.6, "%", "up", EXCEEDED),
    ("eq", 5.0, None, 4.9, "%", "up", MISSED),
    ("ge", 500, None, 509, "亿元", "up", MET),        # band 2% of 500 = 10
    ("ge", 500, None, 511, "亿元", "up", EXCEEDED),
    ("gt", 500, None, 499, "亿元", "up", MISSED),
    # approx: met within ±0.5 pp / ±2%, exceeded above, missed below
    ("approx", 5.0, None, 4.5, "%", "up", MET),
    ("approx", 5.0, None, 4.4, "%", "up", MISSED),
    ("approx", 5.0, None, 5.6, "%", "up", EXCEEDED),
    ("approx", 1000, None, 981, "亿元", "up", MET),
    ("approx", 1000, None, 979, "亿元", "up", MISSED),
    # approx on a "down" indicator is mirrored
    ("approx", 3.0, None, 2.4, "%", "down", EXCEEDED),
    ("approx", 3.0, None, 3.6, "%", "down", MISSED),
    ("approx", 3.0, None, 3.4, "%", "down", MET),
    # le: a ceiling, met at or under it, never exceeded
    ("le", 3.0, None, 0.2, "%", "down", MET),
    ("le", 5.5, None, 5.5, "%", "down", MET),
    ("le", 5.5, None, 5.6, "%", "down", MISSED),
    # eq on a "down" indicator (PM2.5 35): a ceiling with a band below
    ("eq", 35, None, 35.5, "微克/立方米", "down", MISSED),
    ("eq", 35, None, 34.5, "微克/立方米", "down", MET),
    ("eq", 35, None, 30, "微克/立方米", "down", EXCEEDED),
    # range
    ("range", 6.0, 6.5, 6.0, "%", "up", MET),
    ("range", 6.0, 6.5, 6.5, "%", "up", MET),
    ("range", 6.0, 6.5, 6.6, "%", "up", EXCEEDED),
    ("range", 6.0, 6.5, 5.9, "%", "up", MISSED),
    ("range", 30, 32, 29, "微克/立方米", "down", EXCEEDED),
    ("range", 30, 32, 33, "微克/立方米", "down", MISSED),
    # nothing to judge
    ("eq", 5.0, None, None, "%", "up", UNKNOWN),
    ("eq", 5.0, None, float("nan"), "%", "up", UNKNOWN),
])
def test_judge(tq, t, th, res, unit, better, want):
    assert pr.judge(t, tq, th, res, unit, better) == want


def test_float_noise_at_the_band_edge_is_met():
    # 6.3 - 5.8 is 0.5000000000000004 in floating point: still inside the band
    assert pr.judge(5.8, "approx", None, 6.3, "%", "up") == MET
    assert pr.judge(5.8, "eq", None, 6.3, "%", "up") == MET


def test_result_with_a_qualifier_counts_at_its_stated_bound():
    assert pr.counted_value(10.0, "ge", None, "up") == 10.0
    assert pr.counted_value(8000, "gt", None, "up") == 8000
    assert pr.counted_value(5.0, "range", 6.0, "up") == 5.0       # conservative end
    assert pr.counted_value(30, "range", 32, "down") == 32


RANK = {MISSED: 0, MET: 1, EXCEEDED: 2}


@given(t=st.floats(-10, 1e5), lo=st.floats(-20, 2e5), step=st.floats(0, 1e4),
       q=st.sampled_from(["eq", "ge", "gt", "approx", "near"]),
       unit=st.sampled_from(["%", "亿元"]), better=st.sampled_from(["up", "down"]))
def test_a_better_result_never_gets_a_worse_status(t, lo, step, q, unit, better):
    hi = lo + step
    worse, better_res = (lo, hi) if better == "up" else (hi, lo)
    a = pr.judge(t, q, None, worse, unit, better)
    b = pr.judge(t, q, None, better_res, unit, better)
    assert RANK[b] >= RANK[a]


@given(t=st.floats(0, 100), r=st.floats(-10, 100))
def test_a_ceiling_is_met_exactly_when_not_passed(t, r):
    assert pr.judge(t, "le", None, r, "%", "down") == (MET if r <= t + 1e-9 else MISSED)


# ---- pairing ----------------------------------------------------------------------

def test_city_targets_are_paired_with_next_years_review():
    rows = pr.pair_rows(world())
    cc = [r for r in rows if r.place == "吉林省长春市" and r.year == 2023]
    assert {r.indicator for r in cc} == {
        "gdp_growth", "retail_sales_growth", "fiscal_revenue_growth", "cpi", "unemployment_rate",
        "fai_growth", "rd_intensity", "new_jobs"}
    g = by(cc, indicator="gdp_growth")
    assert (g.target_value, g.target_high, g.target_qualifier) == (6.0, 6.5, "range")
    assert (g.actual_value, g.actual_file, g.status, g.gap) == (6.8, "长春2024.txt", EXCEEDED, 0.8)
    assert g.target_file == "长春2023.txt" and g.level == "市"
    assert by(cc, indicator="retail_sales_growth").status == MET
    f = by(cc, indicator="fiscal_revenue_growth")
    assert (f.status, f.gap) == (MISSED, -2.0)
    cpi = by(cc, indicator="cpi")
    assert cpi.status == EXCEEDED and cpi.better == "down"
    u = by(cc, indicator="unemployment_rate")
    assert (u.status, u.gap, u.target_qualifier) == (MET, -0.5, "le")
    fai = by(cc, indicator="fai_growth")  # target 超10%, result 10%以上: counts at 10 -> reaches
    assert (fai.actual_qualifier, fai.status, fai.gap) == ("ge", MET, 0.0)
    rd = by(cc, indicator="rd_intensity")
    assert rd.status == UNKNOWN and rd.actual_value is None and rd.gap is None
    assert rd.note == "暂无实绩"
    jobs = by(cc, indicator="new_jobs")
    assert jobs.actual_estimated is True and jobs.status == EXCEEDED


def test_this_years_targets_have_no_result_yet():
    rows = pr.pair_rows(world())
    for r in rows:
        if r.year == 2024:
            assert r.status == UNKNOWN and r.actual_file is None


def test_nation_is_one_place_across_reports():
    rows = pr.pair_rows(world())
    cn = by(rows, place="中国", year=2023)
    assert (cn.actual_value, cn.status, cn.actual_file) == (5.2, MET, "国务院2024.txt")
    assert cn.gap == pytest.approx(0.2)


def test_final_figure_beats_estimate_and_later_report_beats_earlier():
    m = lambda f, rv: meta(f, "浙江省", "宁波市", level="市", review=rv, plan=rv + 1)
    plan = report(m("甬2023.txt", 2022), P("gdp_growth", 2023, 5.0, "%", "ge"))
    est = report(m("甬2023底.txt", 2023), R("gdp_growth", 2023, 5.4, "%", est=True))
    final = report(m("甬2024.txt", 2023), R("gdp_growth", 2023, 4.8, "%"))
    later = report(m("甬2025.txt", 2024), R("gdp_growth", 2023, 4.9, "%"))
    row = pr.pair_rows([plan, est, final])[0]
    assert (row.actual_value, row.actual_estimated, row.status) == (4.8, False, MISSED)
    row = pr.pair_rows([plan, final, later])[0]
    assert (row.actual_file, row.actual_value) == ("甬2025.txt", 4.9)
    row = pr.pair_rows([plan, est])[0]
    assert (row.actual_estimated, row.status, row.note) == (True, MET, "实绩为预计数")


def test_a_result_in_another_unit_is_not_judged():
    m = lambda f, rv: meta(f, "广东省", "佛山市", level="市", review=rv, plan=rv + 1)
    rows = pr.pair_rows([report(m("a.txt", 2022), P("old_community_renovation", 2023, 800, "万平方米")),
                         report(m("b.txt", 2023), R("old_community_renovation", 2023, 120, "个"))])
    assert rows[0].status == UNKNOWN and rows[0].actual_value == 120
    assert "单位不一致" in rows[0].note


def test_other_places_and_unknown_places_do_not_pair():
    a = report(meta("x.txt", review=2022, plan=2023), P("gdp_growth", 2023, 5.0, "%"))
    b = report(meta("y.txt", review=2023, plan=2024), R("gdp_growth", 2023, 5.5, "%"))
    c = report(meta("z.txt", "吉林省", "吉林市", level="市", review=2023, plan=2024),
               R("gdp_growth", 2023, 5.5, "%"))
    assert [r.status for r in pr.pair_rows([a, b, c])] == [UNKNOWN]
    d = report(meta("x.txt", review=2022, plan=2023), R("gdp_growth", 2023, 5.5, "%"))
    assert pr.pair_rows([a, d])[0].status == MET  # the same (unnamed) file pairs with itself


def test_duplicate_targets_keep_the_plan_years_report_and_first_statement():
    m = meta("长沙2024.txt", "湖南省", "长沙市", level="市", review=2023, plan=2024)
    r24 = report(m, P("gdp_growth", 2024, 5.5, "%", "approx", start=900),
                 P("gdp_growth", 2024, 6.0, "%", start=100))
    r23 = report(meta("长沙2023.txt", "湖南省", "长沙市", level="市", review=2022, plan=2023),
                 P("gdp_growth", 2024, 7.0, "%"))  # a forward figure stated a year early
    rows = pr.pair_rows([r24, r23])
    assert len(rows) == 1 and rows[0].target_value == 6.0 and rows[0].target_file == "长沙2024.txt"


def test_rows_carry_exactly_the_csv_columns_plus_extras():
    rows = pr.pair_rows(world())
    assert rows and all(set(pr.PAIR_COLUMNS) <= set(r.as_row()) for r in rows)
    assert all(type(v) in (str, int, float, bool, type(None)) for r in rows for v in r.as_row().values())
    assert {r.status for r in rows} == {EXCEEDED, MET, MISSED, UNKNOWN}


def test_completion_counts_per_place_and_year():
    rows = pr.completion_rows(pr.pair_rows(world()))
    cc = by(rows, place="吉林省长春市", year=2023)
    assert (cc.exceeded, cc.met, cc.missed, cc.unknown, cc.targets) == (3, 3, 1, 1, 8)
    assert cc.rate == pytest.approx(6 / 7, abs=1e-4)
    assert by(rows, place="吉林省长春市", year=2024).rate is None
    total = rows[-1]
    assert total.place == "合计" and total.targets == len(pr.pair_rows(world()))


# ---- ambition ---------------------------------------------------------------------

def test_ambition_spans_the_files_of_one_report():
    rows = pr.ambition_rows(world())
    hk = by(rows, place="海南省海口市", indicator="dead_end_roads")
    assert (hk.last_value, hk.target_value, hk.change) == (13, 8, -5)
    assert hk.stance == pr.LESS and hk.change_pct == pytest.approx(-38.4615, abs=1e-3)
    assert (hk.last_file, hk.target_file) == ("海口2024上.txt", "海口2024下.txt")
    school = by(rows, place="海南省海口市", indicator="new_school_places")
    assert school.last_value is None and school.stance is None


def test_ambition_uses_direction_and_the_committed_end_of_a_range():
    rows = pr.ambition_rows(world())
    g = by(rows, place="吉林省长春市", indicator="gdp_growth", year=2024)  # 6%左右 vs 6.8
    assert g.change == pytest.approx(-0.8) and g.stance == pr.LESS and g.change_pct is None
    g23 = by(rows, place="吉林省长春市", indicator="gdp_growth", year=2023)  # 6-6.5 vs 2.2
    assert g23.change == pytest.approx(3.8) and g23.stance == pr.MORE
    cpi = by(rows, place="吉林省长春市", indicator="cpi", year=2024)  # ceiling 3 vs 0.3: looser
    assert cpi.stance == pr.LESS
    assert by(rows, place="中国", year=2024).stance == pr.LESS  # 5左右 vs 5.2


# ---- amplification ----------------------------------------------------------------

def test_amplification_chain_district_city_province_nation():
    assert ("gdp_growth", 2024) in pr.amplification_options(world())
    rows = pr.amplification_rows(world(), "gdp_growth", 2024)
    ed = [r for r in rows if r.chain == "吉林省长春市二道区"]
    assert [r.level for r in ed] == ["区县", "市", "省", "国家"]
    assert [r.target_value for r in ed] == [7.0, 6.0, 5.0, 5.0]
    assert [r.step for r in ed] == [1.0, 1.0, 0.0, None]
    assert all(r.loaded for r in ed)


def test_municipality_district_skips_the_city_rung_and_missing_rungs_show():
    rows = pr.amplification_rows(world(), "gdp_growth", 2024)
    wq = [r for r in rows if r.chain == "天津市武清区"]
    assert [(r.level, r.place, r.loaded) for r in wq] == [
        ("区县", "天津市武清区", True), ("省", "天津市", False), ("国家", "中国", True)]
    assert wq[0].step == 1.0  # against the nation, the next loaded rung


def test_the_index_gives_the_same_chains_as_one_at_a_time():
    index = pr.amplification_index(world())
    assert list(index) == pr.amplification_options(world())
    assert list(index)[0] == ("gdp_growth", 2024)  # newest year first, then vocabulary order
    for ind, year in index:
        rows = pr.amplification_from(index, ind, year)
        assert rows and rows == pr.amplification_rows(world(), ind, year)


def test_no_chain_without_two_loaded_levels():
    assert ("dead_end_roads", 2024) not in pr.amplification_options(world())
    assert pr.amplification_rows(world(), "dead_end_roads", 2024) == []
    assert ("gdp_growth", 2023) in pr.amplification_options(world())  # 长春 and 中国


def test_ancestors():
    assert pr.ancestors(("吉林省", "长春市", "二道区")) == [("吉林省", "长春市", ""), ("吉林省", "", ""), pr.NATION]
    assert pr.ancestors(("天津市", "", "武清区")) == [("天津市", "", ""), pr.NATION]
    assert pr.ancestors(pr.NATION) == []


# ---- charts -----------------------------------------------------------------------

from lib.charts import pairs as cp  # noqa: E402


def _texts(fig):
    return " ".join(a.text for a in fig.layout.annotations)


def test_bullet_chart_bars_are_results_coloured_by_status_and_missing_has_no_bar():
    rows = [r for r in pr.pair_rows(world()) if r.place == "吉林省长春市" and r.year == 2023]
    fig = cp.bullet_chart(rows)
    bars = [t for t in fig.data if t.type == "bar" and t.customdata is not None]
    keys = [t.name for t in fig.data if t.showlegend is not False]
    assert keys == ["完成区间", "目标", "超额完成", "完成", "未完成", "预计数"]
    judged = [r for r in rows if r.gap is not None]
    assert len(bars) == len(judged) == 7
    for bar, row in zip(bars, judged):
        assert bar.marker.color == cp.STATUS_COLOR[row.status]
        assert bar.x[0] == pytest.approx(row.target_value + row.gap)
    ticks = [t for t in fig.data if t.name == "目标"]
    assert len(ticks) == len(rows)
    assert list(ticks[0].x) == [6.0, 6.5]  # a range shows both ends
    text = _texts(fig)
    assert "暂无实绩" in text and "来源:" in text and "长春2024.txt" in text
    assert "6%-6.5%" in text and "5.5%以内" in text and "10%以上" in text and "(预计)" in text
    est = [b for b in bars if b.marker.pattern.shape == "/"]
    assert len(est) == 1  # only the estimated 新增就业 is striped, over its status colour
    assert est[0].marker.pattern.fillmode == "overlay" and est[0].marker.color == cp.STATUS_COLOR[EXCEEDED]


def test_completion_chart_stacks_counts_per_status():
    comp = pr.completion_rows(pr.pair_rows(world()))
    fig = cp.completion_chart(comp)
    met = next(t for t in fig.data if t.name == "完成")
    i = list(met.y).index("吉林省长春市 · 2023年")
    assert met.x[i] == 3 and "合计 · None年" not in list(met.y)
    assert "来源:" in _texts(fig)


def test_ambition_chart_marks_the_missing_last_year():
    rows = [r for r in pr.ambition_rows(world()) if r.place == "海南省海口市"]
    fig = cp.ambition_chart(rows)
    text = _texts(fig)
    assert "更保守" in text and "报告未提及2023年实绩" in text and "来源:" in text
    last = [t for t in fig.data if t.name == "上年实绩"]
    assert len(last) == 1 and list(last[0].x) == [13]


def test_amplification_chart_leaves_missing_rungs_empty():
    fig = cp.amplification_chart(pr.amplification_rows(world(), "gdp_growth", 2024))
    wq = next(t for t in fig.data if t.name == "天津市武清区")
    assert list(wq.x) == ["国家", "省", "区县"] and list(wq.y) == [5.0, None, 6.0]
    assert "天津市:未载入" in _texts(fig)
    assert list(fig.layout.xaxis.categoryarray) == ["国家", "省", "市", "区县"]


def test_empty_inputs_say_so():
    assert "暂无目标" in _texts(cp.bullet_chart([]))
    assert "没有两级以上" in _texts(cp.amplification_chart([]))


def test_tables_for_the_page_read_in_chinese():
    rows = pr.pair_rows(world())
    assert pr.places_by_progress(rows)[0] == "吉林省长春市"  # nationwide has 1 judged, 长春 7
    t = tz.pair_table([r for r in rows if r.place == "吉林省长春市" and r.indicator == "new_jobs"])[0]
    assert (t["目标"], t["实绩"], t["状态"], t["差距"]) == ("22万人以上", "23.5万人(预计)", "超额完成", "+1.5万人")
    rd = tz.pair_table([r for r in rows if r.indicator == "rd_intensity"])[0]
    assert (rd["实绩"], rd["状态"], rd["差距"], rd["实绩出处"]) == ("—", "未知", "—", "—")
    comp = tz.completion_table(pr.completion_rows(rows))
    assert next(c for c in comp if c["地区"] == "吉林省长春市" and c["目标年份"] == 2023)["完成率"] == "85.7%"
    assert next(c for c in comp if c["目标年份"] == 2024)["完成率"] == "—"
    amb = tz.ambition_table([r for r in pr.ambition_rows(world()) if r.indicator == "dead_end_roads"])[0]
    assert (amb["上年实绩"], amb["今年目标"], amb["变化"], amb["力度"]) == ("13条", "8条", "-5条", "更保守")
    amp = tz.amplification_table(pr.amplification_rows(world(), "gdp_growth", 2024))
    assert {"目标": "未载入", "地区": "天津市"}.items() <= next(a for a in amp if a["地区"] == "天津市").items()
    assert pr.report_choices(pr.ambition_rows(world()))[0][1] == 2024
    assert pr.default_year(rows, "吉林省长春市") == 2023 and pr.default_year(rows, "吉林省") is None
    assert pr.overall_rate(rows) == pytest.approx(7 / 8) and pr.overall_rate([]) is None


# ---- end to end: report texts through the parser ---------------------------------------

import subprocess  # noqa: E402
import sys  # noqa: E402
import csv  # noqa: E402

from tests.support import pairs_texts as tx  # noqa: E402
from conftest import ROOT  # noqa: E402



@pytest.fixture(scope="module", params=[
    "extract", "pipeline"])
def parsed(request):
    parse = tx.parse_known if request.param == "extract" else tx.parse_pipeline
    return [parse(name) for name in tx.REPORTS]


def test_texts_city_targets_judged_against_next_years_review(parsed):
    rows = [r for r in pr.pair_rows(parsed) if r.place == "吉林省长春市" and r.year == 2023]
    got = {r.indicator: (r.status, r.gap) for r in rows}
    assert got == {
        "gdp_growth": (EXCEEDED, pytest.approx(0.8)),          # 6%-6.5% -> 6.8% (预计)
        "industrial_va_growth": (MET, pytest.approx(0.3)),     # 7%左右 -> 7.3%
        "fai_growth": (MET, 0.0),                              # 10%以上 -> 10%以上, at its bound
        "retail_sales_growth": (MISSED, pytest.approx(-1.9)),  # 8%左右 -> 6.1%
        "fiscal_revenue_growth": (MISSED, -2.0),               # 7%以上 -> 5%
        "new_jobs": (EXCEEDED, pytest.approx(1.5)),            # 22万人以上 -> 23.5万人
        "unemployment_rate": (MET, pytest.approx(-0.4)),       # 5.5%以内 -> 5.1%
        "cpi": (MET, pytest.approx(-2.6)),                     # 3%以内 -> 0.4%
        "rd_intensity": (UNKNOWN, None),                       # 2.6%: not reported a year later
    }
    gdp = by(rows, indicator="gdp_growth")
    assert (gdp.target_qualifier, gdp.target_high, gdp.actual_estimated) == ("range", 6.5, True)
    assert (gdp.target_file, gdp.actual_file, gdp.level) == ("长春市2023.txt", "长春市2024.txt", "市")
    assert by(rows, indicator="fai_growth").actual_qualifier == "ge"
    assert by(rows, indicator="cpi").target_qualifier == "le"


def test_texts_national_targets_judged(parsed):
    rows = [r for r in pr.pair_rows(parsed) if r.place == "中国" and r.year == 2023]
    assert {r.indicator: r.status for r in rows} == {
        "gdp_growth": MET,             # 5%左右 -> 5.2%
        "new_jobs": EXCEEDED,          # 1200万人左右 -> 1244万人 (band ±24)
        "unemployment_rate": MET,      # 5.5%左右 -> 5.2%, a "down" indicator inside the band
        "cpi": EXCEEDED,               # 3%左右 -> 0.2%, mirrored
        "grain_output": EXCEEDED}      # 1.3万亿斤以上 -> 13908亿斤
    assert by(rows, indicator="grain_output").gap == pytest.approx(908)


def test_texts_amplification_district_city_province_nation(parsed):
    rows = pr.amplification_rows(parsed, "gdp_growth", 2024)
    chain = [r for r in rows if r.chain == "吉林省长春市二道区"]
    assert [(r.level, r.target_value, r.target_qualifier) for r in chain] == [
        ("区县", 7.0, "ge"), ("市", 6.0, "approx"), ("省", 5.5, "approx"), ("国家", 5.0, "approx")]
    assert [r.step for r in chain] == [1.0, 0.5, 0.5, None]


def test_texts_ambition_within_each_report(parsed):
    rows = pr.ambition_rows(parsed)
    gdp = by(rows, place="吉林省长春市", indicator="gdp_growth", year=2024)
    assert (gdp.last_value, gdp.target_value, gdp.stance) == (6.8, 6.0, pr.LESS)
    fai = by(rows, place="吉林省长春市二道区", indicator="fai_growth")
    assert fai.change == pytest.approx(-3.2) and fai.stance == pr.LESS
    jobs = by(rows, place="吉林省长春市二道区", indicator="new_jobs")  # no 2023 figure stated
    assert jobs.last_value is None and jobs.stance is None


def test_texts_every_status_appears(parsed):
    assert {r.status for r in pr.pair_rows(parsed)} == {EXCEEDED, MET, MISSED, UNKNOWN}


def _extract_cli(tmp_path):
    files = []
    for name, entry in tx.REPORTS.items():
        p = tmp_path / name
        p.write_text(entry[0], encoding="utf-8")
        files.append(str(p))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "lib", "extract", *files, "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    with open(out / "pairs.csv", encoding="utf-8", newline="") as fh:
        return proc, list(csv.reader(fh))


def test_cli_writes_pairs_csv_with_exactly_the_columns(tmp_path):
    proc, table = _extract_cli(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert table[0] == pr.PAIR_COLUMNS


def test_cli_pairs_csv_rows(tmp_path):
    proc, table = _extract_cli(tmp_path)
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    gdp = next(r for r in rows if r["place"] == "吉林省长春市" and r["year"] == "2023"
               and r["indicator"] == "gdp_growth")
    assert (gdp["target_value"], gdp["target_high"], gdp["target_qualifier"]) == ("6.0", "6.5", "range")
    assert (gdp["actual_value"], gdp["actual_estimated"], gdp["status"]) == ("6.8", "True", "exceeded")
    assert gdp["target_file"].endswith("长春市2023.txt") and gdp["actual_file"].endswith("长春市2024.txt")
    rd = next(r for r in rows if r["indicator"] == "rd_intensity")
    assert (rd["status"], rd["actual_value"], rd["gap"]) == ("unknown", "", "")
    assert {r["place"] for r in rows} >= {"中国", "吉林省", "吉林省长春市", "吉林省长春市二道区"}


@given(st.permutations(range(len(world()))))
def test_the_order_reports_are_loaded_in_does_not_matter(perm):
    reports = world()
    shuffled = [reports[i] for i in perm]
    assert pr.pair_rows(shuffled) == pr.pair_rows(reports)
    assert pr.ambition_rows(shuffled) == pr.ambition_rows(reports)
    assert pr.amplification_index(shuffled).keys() == pr.amplification_index(reports).keys()


def test_unusable_facts_are_skipped_not_fatal():
    m = meta("坏.txt", "山东省", "潍坊市", level="市", review=2023, plan=2024)
    bad = report(m, P("gdp_growth", None, 5.0, "%"), P("", 2024, 5.0, "%"),
                 P("gdp_growth", 2024, float("nan"), "%"), R("gdp_growth", 2023, float("inf"), "%"),
                 P("不在词表的指标", 2024, 3.0, "个"))
    rows = pr.pair_rows([bad])
    assert [(r.indicator, r.label, r.better, r.status) for r in rows] == [
        ("不在词表的指标", "不在词表的指标", "up", UNKNOWN)]
    fig = cp.bullet_chart(rows)
    assert not [t for t in fig.data if t.type == "bar" and t.customdata is not None]  # no result bar
    assert [list(t.x) for t in fig.data if t.name == "目标"] == [[3.0]] and "暂无实绩" in _texts(fig)


def test_the_unvalidated_bullet_and_ambition_charts_are_valid_plotly():
    """The stacked charts hand plotly plain traces (speed); every shape they draw must still be
    valid: each place's bullets (all statuses, 预计, ranges, units) and each report's ambition."""
    import plotly.graph_objects as go

    from lib.charts import pairs as charts

    rows, amb = pr.pair_rows(world()), pr.ambition_rows(world())
    for place in {r.place for r in rows}:
        for theme in ("light", "dark"):
            go.Figure(charts.bullet_chart([r for r in rows if r.place == place], "t", theme).to_dict())
    for pick in pr.report_choices(amb):
        go.Figure(charts.ambition_chart([r for r in amb if (r.place, r.year) == pick], "t").to_dict())

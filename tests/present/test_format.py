"""lib.present.format: the one formatter, and the same fact reading the same on every page."""
from __future__ import annotations

import json
import math

import pytest

from lib.analysis import pairs as pr
from lib.charts import compare as compare_charts
from lib.charts import pairs as pair_charts
from lib.model import APPROX, EQ, GE, GT, LE, NEAR, PLAN, RANGE, RESULT
from lib.present import index, choices, tables, views
from lib.present import plan_tables
from lib.present.format import (MISSING, NONE, format_figure, format_number, format_percent_change,
                               format_share, format_signed, scale_unit)
from tests.support.synth import build_report


@pytest.mark.parametrize("value, want", [
    (12.0, "12"), (5.50, "5.5"), (0.613, "0.613"), (16452.83, "16452.83"), (1 / 3, "0.3333"),
    (-2.1, "-2.1"), (-0.0, "0"), (-0.00001, "0"), (3, "3"),
])
def test_a_bare_number_keeps_its_digits_and_drops_trailing_zeros(value, want):
    assert format_number(value) == want


@pytest.mark.parametrize("nothing", [None, float("nan"), math.inf, "5", True])
def test_no_number_reads_as_the_missing_mark_never_zero(nothing):
    assert format_number(nothing) == NONE
    assert format_figure(nothing, "%") == MISSING
    assert format_figure(nothing, "%", missing=NONE) == NONE


def test_numpy_and_pandas_numbers_are_numbers():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert format_figure(np.int64(500), "亿元", GE) == "500亿元以上"
    assert format_figure(np.float64(6.5), "%") == "6.5%"
    assert format_figure(pd.NA, "%") == MISSING


@pytest.mark.parametrize("value, unit, q, high, est, want", [
    (16452.83, "亿元", GE, None, False, "16452.83亿元以上"),  # not 1.65万亿元: that drops the stated digits
    (16500, "亿元", EQ, None, False, "1.65万亿元"),  # the report's own 1.65万亿元
    (77000, "元", GT, None, False, "超7.7万元"),
    (123456, "元", EQ, None, False, "123456元"),
    (9999, "亿元", EQ, None, False, "9999亿元"),
    (20000, "亿元", RANGE, 25000, False, "2-2.5万亿元"),
    (20000, "亿元", RANGE, 20500.5, False, "20000-20500.5亿元"),  # one scale for both ends
    (8, "%", APPROX, None, False, "8%左右"), (8000, "亿元", NEAR, None, False, "近8000亿元"),
    (3, "%", LE, None, False, "3%以内"), (6, "%", RANGE, 6.5, False, "6%-6.5%"),
    (3.2, "%", EQ, None, True, "3.2%(预计)"), (5, "%", RANGE, None, False, "5%"),
])
def test_a_figure_reads_as_the_report_states_it(value, unit, q, high, est, want):
    assert format_figure(value, unit, q, high, est) == want


def test_signed_changes_say_percentage_points_for_rates():
    assert format_signed(0.5, "%") == "+0.5个百分点"
    assert format_signed(-120, "亿元") == "-120亿元"
    assert format_signed(0.0, "万人") == "0万人"
    assert format_signed(None, "%") == NONE


def test_shares_and_relative_changes_are_per_cent_with_one_decimal():
    assert format_share(6 / 7) == "85.7%" and format_share(None) == NONE
    assert format_percent_change(12.5) == "+12.5%" and format_percent_change(-3) == "-3.0%"


def test_a_chart_axis_keeps_one_unit_for_the_panel():
    assert scale_unit([300, 16452.83], "亿元") == (1e4, "万亿元")
    assert scale_unit([300, 9000], "亿元") == (1.0, "亿元")
    assert scale_unit([None, float("nan")], "元") == (1.0, "元")


# ---- the same fact on 对比, 计划与实绩 and 报告 -----------------------------------------------

STATED = "16452.83亿元以上"


def _two_years():
    """A city's 2023 target and its 2024 report's result of 16452.83亿元以上 (the issue's example)."""
    y23 = build_report("某市2023.txt", "某省", "某市", review_year=2022, figures=(
        ("gdp", PLAN, "全市生产总值达到16000亿元。", "16000亿元", 16000.0, EQ, None),))
    y24 = build_report("某市2024.txt", "某省", "某市", review_year=2023, figures=(
        ("gdp", RESULT, f"全市生产总值{STATED}。", STATED, 16452.83, GE, None),))
    return [y23, y24]


def _strings(fig) -> str:
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


def test_the_same_fact_reads_the_same_on_every_page():
    reports = _two_years()
    idx = index.build_index(reports)
    groups = choices.place_options(idx, RESULT, 2023)
    rows = views.view_records(idx, RESULT, 2023, groups, ["gdp"])
    compare_cell = rows[0].shown
    compare_chart = _strings(compare_charts.indicator_panel(rows, "gdp", RESULT, 2023))
    pair = next(p for p in pr.pair_rows(reports) if p.indicator == "gdp")
    plan_cell = plan_tables.pair_table([pair])[0]["实绩"]
    plan_chart = _strings(pair_charts.bullet_chart([pair], "某市"))
    report_cell = tables.report_facts(reports[1])["表述"].iloc[0]
    assert compare_cell == plan_cell == report_cell == STATED
    assert STATED in compare_chart and STATED in plan_chart
    assert "1.65万亿元" not in compare_chart + plan_chart

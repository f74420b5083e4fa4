"""A five-year review (a new government's first report): the levels reached are the reviewed
year's figures; the start levels, 年均 rates and five-year sums are not (spec/README.md)."""
from __future__ import annotations

from lib.parse.pipeline import parse_text

HEAD = """XX县政府工作报告
——2021年1月20日在XX县第十七届人民代表大会第五次会议上
各位代表:
现在,我代表县人民政府向大会报告工作,请予审议。
一、“十三五”时期工作回顾
过去五年,全县生产总值由96.3亿元增长到131.8亿元,年均增长6.5%;一般公共预算收入由5.1亿元增加到7.9亿元;城镇和农村常住居民人均可支配收入分别达到32150元和15820元。五年累计新增城镇就业2.1万人,城镇登记失业率控制在4%以内。
"""
PLAN = """二、2021年工作安排
今年经济社会发展的主要预期目标是:地区生产总值增长7%左右,一般公共预算收入增长6%。
"""


def _facts(text):
    return {(f.indicator, f.section): (f.value, f.year) for f in parse_text(text, "xx.txt").facts}


def test_levels_reached_in_a_five_year_review_are_the_reviewed_years():
    got = _facts(HEAD + PLAN)
    assert got[("gdp", "result")] == (131.8, 2020)
    assert got[("fiscal_revenue", "result")] == (7.9, 2020)
    assert got[("urban_income", "result")] == (32150, 2020)
    assert got[("rural_income", "result")] == (15820, 2020)
    assert got[("unemployment_rate", "result")] == (4, 2020)
    # not facts: the start levels, the average rate, the five-year sum of new jobs
    assert ("gdp_growth", "result") not in got and ("new_jobs", "result") not in got
    assert got[("gdp_growth", "plan")] == (7, 2021)


def test_the_years_own_review_wins_over_the_five_year_level():
    year = """(一)2020年主要工作
2020年,全县生产总值达到131.9亿元,增长4.1%。
"""
    got = _facts(HEAD + year + PLAN)
    assert got[("gdp", "result")] == (131.9, 2020)
    assert got[("gdp_growth", "result")] == (4.1, 2020)
    assert got[("fiscal_revenue", "result")] == (7.9, 2020)


def test_a_production_capacity_is_not_the_years_output():
    got = _facts(HEAD.replace("城镇登记失业率控制在4%以内", "粮食综合生产能力达到12.6万吨") + PLAN)
    assert ("grain_output", "result") not in got

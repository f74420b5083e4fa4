"""Report records for the plan-vs-result tests (built by hand, no parser needed).

A small world of nested places over consecutive years:
  中国 (国务院) 2023 and 2024 reports
  吉林省 2024 report (targets 2024)
  吉林省长春市 2023 report (targets 2023) and 2024 report (2023 results, 2024 targets)
  吉林省长春市二道区 2024 report (targets 2024)
  天津市武清区 2024 report (a district of a municipality: no city rung)
  海南省海口市 2024 report split over two files (as the seeds are)
"""
from __future__ import annotations

from lib.model import Fact, Report, ReportMeta


def meta(file, province="", city="", district="", level="", review=None, plan=None, **kw):
    return ReportMeta(file=file, province=province, city=city, district=district, level=level,
                      review_year=review, plan_year=plan, **kw)


def fact(indicator, section, year, value, unit, qualifier="eq", high=None, estimated=False,
         start=0, evidence=""):
    return Fact(indicator=indicator, label="", section=section, year=year, value=value, unit=unit,
                qualifier=qualifier, value_high=high, estimated=estimated,
                evidence=evidence or f"{indicator} {value}{unit}", start=start, end=start + 5)


def report(m: ReportMeta, *facts) -> Report:
    return Report(meta=m, text="", facts=list(facts))


def P(ind, year, value, unit, q="eq", high=None, start=0):
    return fact(ind, "plan", year, value, unit, q, high, start=start)


def R(ind, year, value, unit, q="eq", high=None, est=False, start=0):
    return fact(ind, "result", year, value, unit, q, high, est, start=start)


def world() -> list[Report]:
    cc23 = report(meta("长春2023.txt", "吉林省", "长春市", level="市", review=2022, plan=2023),
                  R("gdp_growth", 2022, 2.2, "%"),
                  P("gdp_growth", 2023, 6.0, "%", "range", 6.5),        # -> 6.8 exceeded
                  P("retail_sales_growth", 2023, 8.0, "%", "approx"),   # -> 8.3 met
                  P("fiscal_revenue_growth", 2023, 7.0, "%", "ge"),     # -> 5.0 missed
                  P("cpi", 2023, 3.0, "%", "approx"),                   # -> 0.3 exceeded (down)
                  P("unemployment_rate", 2023, 5.5, "%", "le"),          # -> 5.0 met
                  P("fai_growth", 2023, 10.0, "%", "gt"),               # -> 10以上 met at bound
                  P("rd_intensity", 2023, 2.6, "%"),                    # no result -> unknown
                  P("new_jobs", 2023, 22.0, "万人", "ge"))               # -> 23.5 (estimated) exceeded
    cc24 = report(meta("长春2024.txt", "吉林省", "长春市", level="市", review=2023, plan=2024),
                  R("gdp_growth", 2023, 6.8, "%"),
                  R("retail_sales_growth", 2023, 8.3, "%"),
                  R("fiscal_revenue_growth", 2023, 5.0, "%"),
                  R("cpi", 2023, 0.3, "%"),
                  R("unemployment_rate", 2023, 5.0, "%"),
                  R("fai_growth", 2023, 10.0, "%", "ge"),
                  R("new_jobs", 2023, 23.5, "万人", est=True),
                  P("gdp_growth", 2024, 6.0, "%", "approx"),
                  P("retail_sales_growth", 2024, 7.0, "%", "ge"),
                  P("cpi", 2024, 3.0, "%", "le"))
    jl24 = report(meta("吉林2024.txt", "吉林省", level="省", review=2023, plan=2024),
                  P("gdp_growth", 2024, 5.0, "%", "approx"))
    ed24 = report(meta("二道2024.txt", "吉林省", "长春市", "二道区", "区", 2023, 2024),
                  P("gdp_growth", 2024, 7.0, "%", "ge"))
    cn23 = report(meta("国务院2023.txt", "中国", level="国家", review=2022, plan=2023),
                  P("gdp_growth", 2023, 5.0, "%", "approx"))
    cn24 = report(meta("国务院2024.txt", "中国", level="国家", review=2023, plan=2024),
                  R("gdp_growth", 2023, 5.2, "%"),
                  P("gdp_growth", 2024, 5.0, "%", "approx"))
    wq24 = report(meta("武清2024.txt", "天津市", "", "武清区", "区", 2023, 2024),
                  P("gdp_growth", 2024, 6.0, "%", "ge"))
    hk_a = report(meta("海口2024上.txt", "海南省", "海口市", level="市", review=2023, plan=2024),
                  R("dead_end_roads", 2023, 13, "条"), R("pocket_parks", 2023, 20, "个"))
    hk_b = report(meta("海口2024下.txt", "海南省", "海口市", level="市", review=2023, plan=2024),
                  P("dead_end_roads", 2024, 8, "条"), P("new_school_places", 2024, 10000, "个"))
    return [cc23, cc24, jl24, ed24, cn23, cn24, wq24, hk_a, hk_b]

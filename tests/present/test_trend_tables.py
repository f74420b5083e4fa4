"""The 趋势 page's detail table (lib/present/trend_tables.py): a row per place and year, figures as
the reports state them, the status only where there is a target."""
from __future__ import annotations

from lib.analysis.pairs import EXCEEDED
from lib.analysis.trends import TrendPoint
from lib.model import APPROX, EQ, RANGE
from lib.present.trend_tables import trend_table


def test_a_row_per_place_and_year_with_figures_as_stated():
    points = [
        TrendPoint(place="甲市", year=2022, indicator="gdp_growth", unit="%", result=6.1, result_qual=EQ,
                   estimated=True, result_file="/data/甲市2023.txt", target=6.0, target_qual=APPROX,
                   status=EXCEEDED, target_file="/data/甲市2022.txt"),
        TrendPoint(place="甲市", year=2023, indicator="gdp_growth"),  # a year no report speaks of
    ]
    other = [TrendPoint(place="乙市", year=2023, indicator="gdp_growth", unit="%", target=5.0, target_high=5.5,
                        target_qual=RANGE, status="", target_file="乙市2023.txt")]
    rows = trend_table([("甲市", points), ("乙市", other)])
    assert [(r["地区"], r["年份"]) for r in rows] == [("甲市", 2022), ("甲市", 2023), ("乙市", 2023)]
    first, gap, ranged = rows
    assert (first["实绩"], first["目标"], first["完成情况"]) == ("6.1%(预计)", "6%左右", "超额完成")
    assert (first["实绩出处"], first["目标出处"]) == ("甲市2023.txt", "甲市2022.txt")  # the file name only
    assert (gap["实绩"], gap["目标"], gap["完成情况"], gap["实绩出处"]) == ("—", "—", "", "")
    assert (ranged["实绩"], ranged["目标"]) == ("—", "5%-5.5%")


def test_no_status_without_a_target():
    p = TrendPoint(place="甲市", year=2022, indicator="gdp_growth", unit="%", result=5.0, status=EXCEEDED)
    assert trend_table([("甲市", [p])])[0]["完成情况"] == ""
    assert trend_table([]) == []

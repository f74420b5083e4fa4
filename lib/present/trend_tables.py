"""The 趋势 page's detail table: lib/analysis/trends.py points in, Chinese-headed rows out, every
figure through lib/present/format.py.  Pure, no Streamlit."""
from __future__ import annotations

from lib.analysis.pairs import STATUS_ZH, short_file
from lib.analysis.trends import TrendPoint
from lib.present.format import NONE, format_figure


def trend_table(rows: list[tuple[str, list[TrendPoint]]]) -> list[dict]:
    """One row per place and year of `rows` ((place, points) as the chart draws them): the result
    and target as the reports state them (— for none), the target's status, the two source files."""
    return [{"地区": p.place, "年份": p.year,
             "实绩": format_figure(p.result, p.unit, p.result_qual, None, p.estimated, missing=NONE),
             "目标": format_figure(p.target, p.unit, p.target_qual, p.target_high, missing=NONE),
             "完成情况": STATUS_ZH.get(p.status, "") if p.target is not None else "",
             "实绩出处": short_file(p.result_file), "目标出处": short_file(p.target_file)}
            for _, points in rows for p in points]

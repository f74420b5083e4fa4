"""The 计划与实绩 page's tables: lib/analysis/pairs.py records (numbers) in, Chinese-headed rows out,
every figure through lib/present/format.py; and what the page's pickers, figures and charts show
(app_pages/plan.py only lays them out).  Pure, no Streamlit."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlencode

from lib.analysis.pairs import EXCEEDED, MET, MISSED, STANCE_ZH, STATUS_ZH, UNKNOWN, label, short_file, vouched_mark
from lib.model import Ambition, Completion, Pair, Rung
from lib.present.escape import md
from lib.present.format import NONE, format_figure, format_percent_change, format_share, format_signed

MAX_COMPLETION_BARS = 40  # more place-years than this: the chart shows the most judged, the table all
MAX_CHAINS = 20  # more amplification chains than this: the chart shows these, the table all
ALL_YEARS, ALL_INDICATORS = "全部年份", "全部指标"  # the pickers' first choice: no filter
TREND_INDICATOR = "gdp_growth"  # the trend a link with 全部指标 opens


def _figure(row: Pair | Ambition, prefix: str, unit: str, estimated: bool = False) -> str:
    """`prefix`_value / _qualifier / _high of a pair or ambition as the report states it, with the
    person's mark (✓ ✎ ✚) when a person vouched for it; — when there is no figure."""
    value = getattr(row, f"{prefix}_value")
    if value is None:
        return NONE
    return (format_figure(value, unit, getattr(row, f"{prefix}_qualifier") or "", getattr(row, f"{prefix}_high"),
                          estimated, missing=NONE) + vouched_mark(getattr(row, f"{prefix}_provenance")))


def pair_table(pairs: list[Pair]) -> list[dict]:
    return [{"地区": p.place, "年份": p.year, "指标": p.label,
             "目标": _figure(p, "target", p.unit),
             "实绩": _figure(p, "actual", p.unit, bool(p.actual_estimated)),
             "状态": STATUS_ZH[p.status], "差距": format_signed(p.gap, p.unit),
             "目标出处": short_file(p.target_file), "实绩出处": short_file(p.actual_file) or NONE,
             "说明": p.note or ""} for p in pairs]


def completion_table(rows: list[Completion]) -> list[dict]:
    return [{"地区": r.place, "层级": r.level, "目标年份": r.year, "目标数": r.targets,
             "超额完成": r.exceeded, "完成": r.met, "未完成": r.missed, "未知": r.unknown,
             "完成率": format_share(r.rate)} for r in rows]


def ambition_table(rows: list[Ambition]) -> list[dict]:
    return [{"指标": r.label,
             "上年实绩": _figure(r, "last", r.unit, bool(r.last_estimated)),
             "今年目标": _figure(r, "target", r.unit),
             "变化": format_signed(r.change, r.unit),
             "变化率": format_percent_change(r.change_pct),
             "力度": STANCE_ZH.get(r.stance, "无从比较")} for r in rows]


def amplification_table(rows: list[Rung]) -> list[dict]:
    return [{"链条": r.chain, "层级": r.level, "地区": r.place,
             "目标": format_figure(r.target_value, r.unit or "", r.target_qualifier, r.target_high,
                                 missing=NONE) if r.loaded else "未载入",
             "比上一级": format_signed(r.step, r.unit or ""),
             "出处": short_file(r.target_file) or NONE} for r in rows]


@dataclass(frozen=True)
class Tally:
    """The page's head figures: targets, those with a result, met or exceeded, missed."""

    targets: int
    judged: int
    done: int
    missed: int

    @property
    def rate(self) -> Optional[float]:
        """(完成+超额)÷已有实绩的目标; None before any target has a result."""
        return self.done / self.judged if self.judged else None


def tally(counts: dict) -> Tally:
    """`counts` (status -> targets, PlanIndex.counts()) as the page's head figures."""
    total = sum(counts.values())
    return Tally(targets=total, judged=total - counts.get(UNKNOWN, 0),
                 done=counts.get(MET, 0) + counts.get(EXCEEDED, 0), missed=counts.get(MISSED, 0))


def completion_bars(rows: list[Completion], places: list[str]) -> list[Completion]:
    """The place-years the chart draws: all of them, or those of the places with the most judged
    targets (`places` in that order) when there are more than MAX_COMPLETION_BARS."""
    if len(rows) <= MAX_COMPLETION_BARS:
        return rows
    rank = {p: i for i, p in enumerate(places)}
    return sorted(sorted(rows, key=lambda r: (rank.get(r.place, len(rank)), -(r.year or 0)))[:MAX_COMPLETION_BARS],
                  key=lambda r: (r.place, r.year or 0))


def bars_note(bars: list, rows: list) -> str:
    """What the completion chart leaves to the table, or "" when it draws every place-year."""
    if len(bars) >= len(rows):
        return ""
    return f"图中为已有实绩最多的地区的 {len(bars)} 个地区·年份(共 {len(rows)} 个,全部见下表)。"


def year_options(pairs: list[Pair]) -> list:
    """全部年份, then the target years of `pairs`, latest first."""
    return [ALL_YEARS] + sorted({p.year for p in pairs}, reverse=True)


def indicator_options(pairs: list[Pair]) -> list[str]:
    """全部指标, then the indicators of `pairs` in their first order."""
    return [ALL_INDICATORS] + list(dict.fromkeys(p.indicator for p in pairs))


def chosen_pairs(pairs: list[Pair], year, indicator: str) -> list[Pair]:
    """The pairs of the picked target year and indicator (ALL_YEARS / ALL_INDICATORS: any)."""
    return [p for p in pairs if (year == ALL_YEARS or p.year == year)
            and (indicator == ALL_INDICATORS or p.indicator == indicator)]


def trend_link(place: str, indicator: str) -> str:
    """A markdown link to 趋势 for the place and indicator (全部指标: GDP growth); the label is
    escaped, so a place name with markdown in it shows as written."""
    query = urlencode({"ind": TREND_INDICATOR if indicator == ALL_INDICATORS else indicator,
                       "places": place}, safe=",")
    what = "" if indicator == ALL_INDICATORS else label(indicator)
    return f"[{md(f'看{place}{what}的历年趋势')} →](trends?{query})"


def report_default(choices: list[tuple], place: str) -> int:
    """Where the 报告 picker (place, year) starts: the first report of `place`, else the first."""
    return next((i for i, k in enumerate(choices) if k[0] == place), 0)


def chains_drawn(rungs: list[Rung], place: str) -> list[Rung]:
    """The rungs of the chains the chart draws: all, or MAX_CHAINS of them when there are more,
    those through the chosen place first (a province at 10,000 reports heads 2,000 chains)."""
    names = list(dict.fromkeys(r.chain for r in rungs))
    if len(names) <= MAX_CHAINS:
        return rungs
    through = {r.chain for r in rungs if r.place == place}
    keep = set(sorted(names, key=lambda c: c not in through)[:MAX_CHAINS])
    return [r for r in rungs if r.chain in keep]


def chains_note(drawn: list[Rung], rungs: list[Rung]) -> str:
    """What the amplification chart leaves to the table, or "" when it draws every chain."""
    if len(drawn) >= len(rungs):
        return ""
    return (f"图中为 {len({r.chain for r in drawn})} 条链(含所选地区的在前),"
            f"共 {len({r.chain for r in rungs})} 条,全部见下表。")

"""The 计划与实绩 page's tables: lib/analysis/pairs.py records (numbers) in, Chinese-headed rows out,
every figure through lib/present/format.py.  Pure, no Streamlit."""
from __future__ import annotations

from lib.analysis.pairs import STANCE_ZH, STATUS_ZH, short_file, vouched_mark
from lib.model import Ambition, Completion, Pair, Rung
from lib.present.format import NONE, format_figure, format_percent_change, format_share, format_signed


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

"""The one number formatter: every page, chart label, hover and table writes a figure through
`format_figure` and a bare number through `format_number`, so the same fact reads the same on
对比, 计划与实绩, 趋势 and 报告.  Plain functions, no Streamlit.

A figure reads as the report states it: 超7.7万元, 8%左右, 6%-6.5%, 300-350亿元, 500亿元以上,
3.2%(预计).  The stated digits are kept (16452.83亿元 stays 16452.83亿元, never the rounded
1.65万亿元); a figure the parser normalised from 万 (1.65万亿元 -> 16500 亿元, 7.7万元 -> 77000 元)
is written back in 万 because that loses no digit.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional

from lib.model import APPROX, GE, GT, LE, NEAR, RANGE

MISSING = "未提及"  # a place's report does not state the figure (对比, 报告)
NONE = "—"  # no number to show (a gap without a result, a table cell)
ESTIMATED = "(预计)"
MAX_DECIMALS = 4  # the parser's figures carry at most 2; computed gaps are rounded to this

# 元 and 亿元 figures of 10000 and more read in 万: 77000 元 = 7.7万元, 16500 亿元 = 1.65万亿元
WAN_UNITS = {"元": "万元", "亿元": "万亿元"}
WAN = 1e4
WAN_DECIMALS = 2  # 1.65万亿元 yes, 1.645283万亿元 no (then 16452.83亿元)

_QUALIFIED = {GT: "超{}", GE: "{}以上", APPROX: "{}左右", NEAR: "近{}", LE: "{}以内"}


def _finite(v) -> bool:
    """A real number (numpy's too); None, NaN, inf, pd.NA and text are not."""
    if v is None or isinstance(v, (bool, str)):
        return False
    try:
        return math.isfinite(v)
    except (TypeError, ValueError):
        return False


def format_number(v, missing: str = NONE) -> str:
    """A bare number with no trailing zeros: 12.0 -> '12', 5.50 -> '5.5', 0.613 -> '0.613',
    16452.83 -> '16452.83', 1/3 -> '0.3333'; `missing` for None/NaN/inf."""
    if not _finite(v):
        return missing
    s = f"{v:.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def format_signed(v, unit: str = "", missing: str = NONE) -> str:
    """A change or a gap: '+0.5个百分点' (a % indicator), '-120亿元', '0'."""
    if not _finite(v):
        return missing
    body = format_number(v)
    return ("+" if v > 0 and body != "0" else "") + body + ("个百分点" if unit == "%" else unit)


def format_share(share, missing: str = NONE) -> str:
    """A share of 1 as a percentage with one decimal: 6/7 -> '85.7%' (完成率)."""
    return f"{share * 100:.1f}%" if _finite(share) else missing


def format_percent_change(pct, missing: str = NONE) -> str:
    """A relative change already in per cent, signed, one decimal: '+12.5%', '-3.0%' (变化率)."""
    return f"{pct:+.1f}%" if _finite(pct) else missing


def _in_wan(values: list, unit: str) -> bool:
    """Whether every value reads in 万 with at most WAN_DECIMALS decimals (no digit lost)."""
    if unit not in WAN_UNITS or not values or max(abs(v) for v in values) < WAN:
        return False
    return all(abs(v / WAN - round(v / WAN, WAN_DECIMALS)) < 1e-9 for v in values)


def format_figure(value, unit: str = "", qualifier: str = "", value_high: Optional[float] = None,
                  estimated: bool = False, missing: str = MISSING) -> str:
    """The figure as a report states it: '超7.7万元', '8%左右', '6%-6.5%', '300-350亿元',
    '500亿元以上', '3.2%(预计)'; `missing` when there is no number."""
    if not _finite(value):
        return missing
    unit = unit or ""
    high = value_high if qualifier == RANGE and _finite(value_high) else None
    values = [value] + ([high] if high is not None else [])
    factor, shown = (WAN, WAN_UNITS[unit]) if _in_wan(values, unit) else (1.0, unit)
    x = format_number(value / factor)
    if high is not None:
        hi = format_number(high / factor)
        body = f"{x}%-{hi}%" if shown == "%" else f"{x}-{hi}{shown}"
    else:
        body = _QUALIFIED.get(qualifier, "{}").format(f"{x}{shown}")
    return body + (ESTIMATED if estimated else "")


def scale_unit(values: Iterable[float], unit: str) -> tuple[float, str]:
    """One axis unit for a chart panel: 77000 元 -> (1e4, '万元'), 16000 亿元 -> (1e4, '万亿元').
    Chosen from the largest magnitude so one panel keeps one unit (the bar labels stay
    `format_figure`'s)."""
    vals = [abs(v) for v in values if _finite(v)]
    if unit in WAN_UNITS and vals and max(vals) >= WAN:
        return WAN, WAN_UNITS[unit]
    return 1.0, unit

"""The place filters of the 对比 and 趋势 pickers, one definition for both pages.

A big library has thousands of places per year: a picker filters them by province and level
first ('区县' = 区 or 县) and, while they are still too many to list, lists the places above
district and county level only (a chosen place stays pickable: the pages keep it).  `where`
gives a place's (province, level) in the page's own records.
"""
from __future__ import annotations

from typing import Callable, Iterable

LEVEL_FILTERS = ["", "国家", "省", "市", "区县"]  # '' = any level
LOW_LEVELS = ("区", "县")

Where = Callable[[str], tuple]  # place key -> (province, level)


def level_matches(level: str, wanted: str) -> bool:
    """'' matches any level; '区县' matches 区 and 县."""
    return not wanted or level == wanted or (wanted == "区县" and level in LOW_LEVELS)


def filter_places(options: Iterable[str], where: Where, province: str = "", level: str = "") -> list:
    """The options of one province and/or level ('' = any), in their order."""
    options = list(options)
    if not province and not level:
        return options
    out = []
    for k in options:
        prov, lvl = where(k)
        if (not province or prov == province) and level_matches(lvl, level):
            out.append(k)
    return out


def province_choices(options: Iterable[str], where: Where) -> list:
    """The provinces of the options (the 先按省份筛选 picker), by name."""
    return sorted({p for p in (where(k)[0] for k in options) if p})


def above_districts(options: Iterable[str], where: Where) -> list:
    """The options above district and county level (国家, 省, 市)."""
    return [k for k in options if where(k)[1] not in LOW_LEVELS]


def listed_places(options: list, where: Where, max_options: int) -> tuple[list, bool]:
    """What a picker lists: every option while they are at most `max_options`, else those above
    district and county level; and whether it was cut so."""
    if len(options) <= max_options:
        return list(options), False
    return above_districts(options, where), True

"""What the pickers of 对比, 地图 and 报告 offer: years, places, indicators, their defaults and
labels, all from the index (lib.present.index) and cached in it per section and year."""
from __future__ import annotations

from typing import Optional


from lib.model import RESULT
from lib.present import places
from lib.present.index import DashIndex, indicators_by_group, shown_rows
from lib.present.labels import HEADLINE, LEVEL_LABELS, MAX_DEFAULT_INDICATORS, indicator_sort_key


# ---- pickers -------------------------------------------------------------------------

def _section_years(idx: DashIndex, section: str) -> set:
    """The years the groups' reports review (实绩) or plan (目标)."""
    col = "review_year" if section == RESULT else "plan_year"
    return {y for y in (getattr(g, col) for g in idx.info.values()) if y is not None}


def year_options(idx: DashIndex, section: str) -> list[int]:
    """Years that reports speak about for this section, newest first."""
    ck = ("years", section)
    hit = idx._cache.get(ck)
    if hit is None:
        years = {y for (sec, y) in idx.stated if sec == section and y is not None}
        years |= _section_years(idx, section)
        hit = idx._cache[ck] = sorted(years, reverse=True)
    return list(hit)


def default_year(idx: DashIndex, section: str) -> Optional[int]:
    """The year most reports state figures for (ties: the newest)."""
    ck = ("default_year", section)
    if ck not in idx._cache:
        counts = {y: len(set(idx.row_group[lst].tolist())) for (sec, y), lst in idx.stated.items()
                  if sec == section and y is not None and len(lst)}
        if counts:
            best = max(counts.values())
            idx._cache[ck] = max(y for y, c in counts.items() if c == best)
        else:
            years = year_options(idx, section)
            idx._cache[ck] = years[0] if years else None
    return idx._cache[ck]


LEVEL_ORDER = ("国家", "省", "市", "区", "县")


def place_options(idx: DashIndex, section: str, year: Optional[int]) -> list[str]:
    """Group keys whose report covers `year` for the section (all when year is None),
    sorted by level then name (cached per section and year)."""
    ck = ("places", section, year)
    hit = idx._cache.get(ck)
    if hit is None:
        info = idx.info
        col = "review_year" if section == RESULT else "plan_year"
        keys = [k for k, gi in info.items() if year is None or getattr(gi, col) == year]
        rank = {lvl: i for i, lvl in enumerate(LEVEL_ORDER)}
        hit = idx._cache[ck] = sorted(keys, key=lambda k: (rank.get(info[k].level, 9), info[k].place, k))
    return list(hit)


# A year of a big library holds hundreds of places; the default shows every place while they are
# at most DEFAULT_PLACES_MAX (a year of the 120-report demo: ~110 places, paged in 演示模式), else
# the top level the year has when it has 2..DEFAULT_PLACES_MAX places (the 31 provinces), else the
# places of one level in one province (the largest such set).
DEFAULT_PLACES_MAX = 150


def default_places(idx: DashIndex, section: str, year: Optional[int]) -> list[str]:
    """The place picker's default for a section and year: every report of it while they are at
    most DEFAULT_PLACES_MAX, else a readable subset (never thousands)."""
    ck = ("default_places", section, year)
    hit = idx._cache.get(ck)
    if hit is None:
        hit = idx._cache[ck] = _default_places(idx, place_options(idx, section, year))
    return list(hit)


def _default_places(idx: DashIndex, options: list) -> list:
    if len(options) <= DEFAULT_PLACES_MAX:
        return options
    info = idx.info
    for level in LEVEL_ORDER[:3]:  # 国家, 省, 市: the highest level present, when few enough
        top = [k for k in options if info[k].level == level]
        if 2 <= len(top) <= DEFAULT_PLACES_MAX:
            return top
    by_prov: dict = {}
    for k in options:
        by_prov.setdefault((info[k].province, info[k].level), []).append(k)
    best = max(by_prov.values(), key=len)  # one province's places of one level
    return best[:DEFAULT_PLACES_MAX]


def _where(idx: DashIndex):
    """group -> (province, level), for lib.present.places."""
    info = idx.info
    return lambda k: (info[k].province, info[k].level)


def filter_places(idx: DashIndex, options: list, province: str = "", level: str = "") -> list:
    """The options of one province and/or level ('' = any; level '区县' = 区 or 县)."""
    return places.filter_places(options, _where(idx), province, level)


def province_options(idx: DashIndex, options: list) -> list[str]:
    """The provinces of the options (for the 先按省份筛选 picker), by name."""
    return places.province_choices(options, _where(idx))


def same_year_files(idx: DashIndex, groups: list) -> dict:
    """group -> its files, for the chosen places that have more than one report of the year
    (a user's corrected copy beside the original, or a report in parts)."""
    info = idx.info
    return {k: list(info[k].files) for k in groups if k in info and len(info[k].files) > 1}


def selection_summary(idx: DashIndex, chosen: list, options: list) -> str:
    """What the place picker holds, in one line, for when its chips do not all show:
    '已选 19/19 份报告(全部):省级 14 · 市级 2 · 区级 3'."""
    info = idx.info
    counts: dict = {}
    for k in chosen:
        lvl = info[k].level if k in info else ""
        label = LEVEL_LABELS.get(lvl, lvl or "级别不详")
        counts[label] = counts.get(label, 0) + 1
    order = list(LEVEL_LABELS.values())
    parts = " · ".join(f"{k} {v}" for k, v in sorted(counts.items(),
                                                      key=lambda kv: order.index(kv[0]) if kv[0] in order else 9))
    whole = "(全部)" if chosen and set(chosen) >= set(options) else ""
    return f"已选 {len(chosen)}/{len(options)} 份报告{whole}" + (f":{parts}" if parts else "")


def place_label(idx: DashIndex, key: str) -> str:
    gi = idx.info.get(key)
    return gi.label if gi else key


def place_labels(idx: DashIndex) -> dict:
    """group -> its picker label ('浙江省宁波市 · 市级 · 2024年报告'), for a picker's format_func."""
    d = idx._cache.get("labels")
    if d is None:
        d = idx._cache["labels"] = {k: gi.label for k, gi in idx.info.items()}
    return d


def listed_places(idx: DashIndex, options: list, max_options: int) -> tuple[list, bool]:
    """What the place picker lists (lib.present.places.listed_places) and whether it was cut."""
    return places.listed_places(options, _where(idx), max_options)


def top_places(idx: DashIndex, options: list) -> list:
    """The options above district and county level (国家, 省, 市): what a picker lists before
    a province or level is chosen, when a year has too many places to list them all."""
    return places.above_districts(options, _where(idx))


def indicator_options(idx: DashIndex, section: str, year: Optional[int]) -> list[str]:
    """Indicators stated by any report for the section/year, grouped by category order."""
    ck = ("ind_opts", section, year)
    hit = idx._cache.get(ck)
    if hit is None:
        keys = {k for _, k in shown_rows(idx, section, year)}
        hit = idx._cache[ck] = sorted(keys, key=indicator_sort_key)
    return list(hit)


def indicator_counts(idx: DashIndex, section: str, year: Optional[int], groups: list) -> dict:
    """indicator -> how many of `groups` state it (work proportional to the groups chosen)."""
    by_group = indicators_by_group(idx, section, year)
    counts: dict = {}
    for g in dict.fromkeys(groups):
        for k in by_group.get(g, ()):
            counts[k] = counts.get(k, 0) + 1
    return counts


def default_indicators(idx: DashIndex, section: str, year: Optional[int], groups: list,
                       limit: int = MAX_DEFAULT_INDICATORS) -> list[str]:
    """Headline indicators stated by at least two of the chosen places (by how many state
    them); with fewer than two places, or none shared, the most stated indicators."""
    counts = indicator_counts(idx, section, year, groups)
    need = 2 if len(groups) >= 2 else 1
    head = [k for k in HEADLINE if counts.get(k, 0) >= need]
    if not head:
        head = [k for k, c in counts.items() if c >= need]
    head.sort(key=lambda k: (-counts[k], HEADLINE.index(k) if k in HEADLINE else 99))
    return sorted(head[:limit], key=indicator_sort_key)


# ---- the report page -----------------------------------------------------------------

def report_options(idx: DashIndex) -> list[str]:
    return sorted(idx.reports, key=lambda f: (idx.reports[f].meta.place, f))


def report_label(idx: DashIndex, file: str) -> str:
    r = idx.reports.get(file)
    if r is None:
        return file
    m = r.meta
    years = f"{m.plan_year}年报告" if m.plan_year else "年份不详"
    return f"{m.place} · {years} · {file.rsplit('/', 1)[-1]}"

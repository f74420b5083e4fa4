"""Data shaping for the dashboard: reports and facts in, plain tables out.

Pure functions (pandas at most, never Streamlit).  The pages call
`build_index` once per library version (cached in the page layer) and then the
cheap selectors on every rerun.

Vocabulary of this module:
- a *group* is one report of one place for one pair of years; two files that are
  parts of the same report (摘要一、二) are merged into one group;
- a *view* is (section, year, groups, indicators): what the 对比 page shows.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Optional

import pandas as pd

from lib.perf import gc_paused
from lib.present import places
from lib.model import APPROX, EQ, GE, GT, LE, NEAR, PARSED, PLAN, RANGE, RESULT, Report
from lib.lang.vocab import indicators
from lib.present import export
from lib.present.format import MISSING, format_figure, scale_unit  # noqa: F401  (the pages import them from here)

SECTION_LABELS = {RESULT: "实绩(回顾年度)", PLAN: "目标(计划年度)"}
QUALIFIER_LABELS = {EQ: "", GT: "超过", GE: "以上", APPROX: "左右", NEAR: "接近", LE: "以内",
                    RANGE: "区间"}
LEVEL_LABELS = {"国家": "国家级", "省": "省级", "市": "市级", "区": "区级", "县": "县级"}

# The figures a reader of a 政府工作报告 looks for first; the default indicator pick is the
# headline ones that at least two of the chosen places state.
HEADLINE = (
    "gdp_growth", "gdp", "fiscal_revenue_growth", "fiscal_revenue", "industrial_va_growth",
    "fai_growth", "retail_sales_growth", "trade_growth", "exports_growth", "fdi",
    "urban_income_growth", "rural_income_growth", "urban_income", "rural_income", "cpi",
    "new_jobs", "unemployment_rate", "rd_intensity", "grain_output", "energy_intensity_reduction",
    "air_quality_rate", "pm25",
)
MAX_DEFAULT_INDICATORS = 8


# ---- formatting: lib/present/format.py (the one formatter; these names stay for the pages) ----
format_value = format_figure


def indicator_label(key: str, with_category: bool = True) -> str:
    ind = indicators().get(key)
    if ind is None:
        return key
    unit = f"({ind.unit})" if ind.unit else ""
    return f"{ind.category} › {ind.label}{unit}" if with_category else f"{ind.label}{unit}"


def category_order() -> dict[str, int]:
    order: dict[str, int] = {}
    for ind in indicators().values():
        order.setdefault(ind.category, len(order))
    return order


def _indicator_sort_key(key: str):
    inds = indicators()
    keys = list(inds)
    ind = inds.get(key)
    if ind is None:
        return (999, 999, key)
    return (category_order().get(ind.category, 999), keys.index(key), key)


# ---- the index -----------------------------------------------------------------------
# Built once per library version from the facts in columns (lib.store.library.FactTable: no Fact
# object per fact); every selector after that works on row numbers keyed by section and year (and
# caches what it derives), so a rerun costs what is shown, not the size of the library.  A row
# becomes a figure on screen (`_carried`) only when it is shown.


def group_key_of(m) -> str:
    """One key per place and report year: '浙江省宁波市@2024'; an unplaced report keys by file."""
    if m.place == "未知地区" and not m.level:
        return f"文件:{m.file}"
    year = m.plan_year or ((m.review_year + 1) if m.review_year else None)
    return f"{m.place}@{year or '年份不详'}"


def group_key(r: Report) -> str:
    return group_key_of(r.meta)


@dataclass
class DashIndex:
    """Everything the pages need, computed once per library version."""

    reports: dict  # file -> Report (its facts read only by a page that shows that report)
    groups: pd.DataFrame  # one row per group key (index)
    stated: dict = field(default_factory=dict)  # (section, year) -> row numbers of `table`, library order
    fact_count: int = 0
    indicator_places: dict = field(default_factory=dict)  # indicator -> {place stating it (result/plan, dated)}
    version: str = ""
    table: object = None  # lib.store.library.FactTable: every fact of the library in columns
    row_group: object = None  # row -> code of its group in `group_keys`
    row_year: object = None  # row -> the year it speaks of (the report's for its section when unsaid), NaN
    group_keys: list = field(default_factory=list)
    table_files: list = field(default_factory=list)  # table.report code -> file
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def files(self) -> list[str]:
        return list(self.reports)


def _group_label(place: str, level: str, year) -> str:
    lvl = LEVEL_LABELS.get(level, level or "级别不详")
    return f"{place} · {lvl} · {year}年报告" if year else f"{place} · {lvl}"


GROUP_COLS = ["group", "place", "short", "level", "province", "review_year", "plan_year", "report_year",
              "files", "label", "facts"]


def _new_group(key: str, m) -> dict:
    year = m.plan_year or ((m.review_year + 1) if m.review_year else None)
    name = m.place if m.place != "未知地区" else f"未知地区({m.file.rsplit('/', 1)[-1]})"
    return dict(group=key, place=name, short=m.short_place if m.place != "未知地区" else name,
                level=m.level, province=m.province or "", review_year=m.review_year,
                plan_year=m.plan_year, report_year=year, files=[m.file],
                label=_group_label(name, m.level, year), facts=0)


def build_index(reports: Iterable[Report], version: str = "", table=None) -> DashIndex:
    """The index of `reports`; `table` is their facts in columns (Library.fact_table); without
    it the reports' facts are put in columns here (reports held in memory)."""
    from lib.present.facts_columns import table_of_reports

    reports = list(reports)
    with gc_paused():
        if table is None:
            table = table_of_reports(reports)
        return _build_index(reports, version, table)


def _build_index(reports: list, version: str, table) -> DashIndex:
    import numpy as np

    by_file: dict[str, Report] = {}
    grows: dict[str, dict] = {}
    for r in reports:
        m = r.meta
        by_file[m.file] = r
        key = group_key_of(m)
        g = grows.get(key)
        if g is None:
            grows[key] = _new_group(key, m)
        elif m.file not in g["files"]:
            g["files"].append(m.file)
    for m in table.metas:  # a report the list lacks (never, from the store) still has a group
        key = group_key_of(m)
        if key not in grows:
            grows[key] = _new_group(key, m)
    keys = list(grows)
    code = {k: i for i, k in enumerate(keys)}
    rep_group = np.array([code[group_key_of(m)] for m in table.metas], dtype=np.int64)
    row_group = rep_group[table.report] if len(table) else np.zeros(0, dtype=np.int64)
    per_report = np.bincount(table.report, minlength=len(table.metas)) if len(table) else np.zeros(len(table.metas))
    for i, n in enumerate(per_report.tolist()):
        grows[keys[rep_group[i]]]["facts"] += int(n)
    row_year = _row_years(table)
    stated = _stated(table, row_year)
    places = [grows[k]["place"] for k in keys]
    groups = pd.DataFrame(list(grows.values()), columns=GROUP_COLS).set_index("group", drop=False)
    return DashIndex(by_file, groups, stated, len(table), _indicator_places(table, row_group, row_year, places),
                     version, table, row_group, row_year, keys, [m.file for m in table.metas])


def _row_years(table):
    """Each row's year: its own, else the report's year for its section (review year of a
    result, plan year of a plan); NaN when neither is known."""
    import numpy as np

    year = np.array(table.columns["year"], dtype=float) if len(table) else np.zeros(0)
    missing = np.isnan(year)
    if missing.any():
        sec = table.columns["section"]
        for section, attr in ((RESULT, "review_year"), (PLAN, "plan_year")):
            per = np.array([np.nan if getattr(m, attr) is None else float(getattr(m, attr)) for m in table.metas])
            take = missing & (sec == section)
            year[take] = per[table.report[take]]
    return year


def _stated(table, row_year) -> dict:
    """(section, year) -> the rows of that section and year, in library order."""
    import numpy as np

    if not len(table):
        return {}
    sec_code, secs = pd.factorize(table.columns["section"])
    ycode = np.where(np.isnan(row_year), -1, row_year).astype(np.int64)
    combo = sec_code.astype(np.int64) * 100000 + (ycode + 1)
    order = np.argsort(combo, kind="stable")
    vals, starts = np.unique(combo[order], return_index=True)
    out = {}
    for v, rows in zip(vals.tolist(), np.split(order, starts[1:])):
        y = v % 100000 - 1
        out[(str(secs[v // 100000]), None if y < 0 else int(y))] = rows
    return out


def _indicator_places(table, row_group, row_year, places: list) -> dict:
    """indicator -> the places that state it for a dated result or plan."""
    import numpy as np

    if not len(table):
        return {}
    sec = table.columns["section"]
    mask = ((sec == RESULT) | (sec == PLAN)) & ~np.isnan(row_year)
    icode, inds = pd.factorize(table.columns["indicator"][mask])
    n = len(places)
    pairs = np.sort(icode.astype(np.int64) * n + row_group[mask])  # unique, by sorting (numpy's hash
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # unique: 10x slower)
    names = np.empty(n, dtype=object)
    names[:] = places
    cut = np.flatnonzero(np.diff(pairs // n)) + 1
    return {str(inds[chunk[0] // n]): set(names[chunk % n].tolist()) for chunk in np.split(pairs, cut)}


def _section_rows(idx: DashIndex, section: str, year: Optional[int]):
    """The rows of a section and year, in library order; year None: every year of the section."""
    import numpy as np

    if year is not None:
        return idx.stated.get((section, year), np.zeros(0, dtype=np.int64))
    ck = ("rows", section)
    rows = idx._cache.get(ck)
    if rows is None:
        parts = [lst for (sec, _), lst in idx.stated.items() if sec == section]
        rows = idx._cache[ck] = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
    return rows


def panel_reports(idx: DashIndex, keys: Optional[Iterable[str]] = None) -> list[Report]:
    """The reports with only their dated result and plan Facts of `keys` (None = all), made
    from the index's columns: what lib.analysis.panel.build_panel needs for the 趋势 view of one
    indicator, without a Fact for every figure of the library."""
    from lib.present.facts_columns import dated_rows, reports_of_rows

    return reports_of_rows(idx.table, dated_rows(idx.table, keys))


# ---- pickers -------------------------------------------------------------------------

def _section_year(idx: DashIndex, section: str) -> pd.Series:
    col = "review_year" if section == RESULT else "plan_year"
    return idx.groups[col]


def year_options(idx: DashIndex, section: str) -> list[int]:
    """Years that reports speak about for this section, newest first."""
    ck = ("years", section)
    hit = idx._cache.get(ck)
    if hit is None:
        years = {y for (sec, y) in idx.stated if sec == section and y is not None}
        years |= set(int(y) for y in _section_year(idx, section).dropna().unique())
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
        info = _group_info(idx)
        col = "review_year" if section == RESULT else "plan_year"
        keys = [k for k, gi in info.items() if year is None or gi[col] == year]
        rank = {lvl: i for i, lvl in enumerate(LEVEL_ORDER)}
        hit = idx._cache[ck] = sorted(keys, key=lambda k: (rank.get(info[k]["level"], 9), info[k]["place"], k))
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
    info = _group_info(idx)
    for level in LEVEL_ORDER[:3]:  # 国家, 省, 市: the highest level present, when few enough
        top = [k for k in options if info[k]["level"] == level]
        if 2 <= len(top) <= DEFAULT_PLACES_MAX:
            return top
    by_prov: dict = {}
    for k in options:
        by_prov.setdefault((info[k]["province"], info[k]["level"]), []).append(k)
    best = max(by_prov.values(), key=len)  # one province's places of one level
    return best[:DEFAULT_PLACES_MAX]


def _where(idx: DashIndex):
    """group -> (province, level), for lib.present.places."""
    info = _group_info(idx)
    return lambda k: (info[k]["province"], info[k]["level"])


def filter_places(idx: DashIndex, options: list, province: str = "", level: str = "") -> list:
    """The options of one province and/or level ('' = any; level '区县' = 区 or 县)."""
    return places.filter_places(options, _where(idx), province, level)


def province_options(idx: DashIndex, options: list) -> list[str]:
    """The provinces of the options (for the 先按省份筛选 picker), by name."""
    return places.province_choices(options, _where(idx))


def same_year_files(idx: DashIndex, groups: list) -> dict:
    """group -> its files, for the chosen places that have more than one report of the year
    (a user's corrected copy beside the original, or a report in parts)."""
    info = _group_info(idx)
    return {k: list(info[k]["files"]) for k in groups if k in info and len(info[k]["files"]) > 1}


def used_files(view_rows: list) -> dict:
    """group -> the files the figures on screen come from, in the order first used."""
    out: dict = {}
    for r in view_rows:
        if r["file"]:
            out.setdefault(r["group"], [])
            if r["file"] not in out[r["group"]]:
                out[r["group"]].append(r["file"])
    return out


def selection_summary(idx: DashIndex, chosen: list, options: list) -> str:
    """What the place picker holds, in one line, for when its chips do not all show:
    '已选 19/19 份报告(全部):省级 14 · 市级 2 · 区级 3'."""
    info = _group_info(idx)
    counts: dict = {}
    for k in chosen:
        lvl = info[k]["level"] if k in info else ""
        label = LEVEL_LABELS.get(lvl, lvl or "级别不详")
        counts[label] = counts.get(label, 0) + 1
    order = list(LEVEL_LABELS.values())
    parts = " · ".join(f"{k} {v}" for k, v in sorted(counts.items(),
                                                      key=lambda kv: order.index(kv[0]) if kv[0] in order else 9))
    whole = "(全部)" if chosen and set(chosen) >= set(options) else ""
    return f"已选 {len(chosen)}/{len(options)} 份报告{whole}" + (f":{parts}" if parts else "")


def place_label(idx: DashIndex, key: str) -> str:
    gi = _group_info(idx).get(key)
    return gi["label"] if gi else key


def place_labels(idx: DashIndex) -> dict:
    """group -> its picker label ('浙江省宁波市 · 市级 · 2024年报告'), for a picker's format_func."""
    d = idx._cache.get("labels")
    if d is None:
        d = idx._cache["labels"] = {k: gi["label"] for k, gi in _group_info(idx).items()}
    return d


def listed_places(idx: DashIndex, options: list, max_options: int) -> tuple[list, bool]:
    """What the place picker lists (lib.present.places.listed_places) and whether it was cut."""
    return places.listed_places(options, _where(idx), max_options)


def top_places(idx: DashIndex, options: list) -> list:
    """The options above district and county level (国家, 省, 市): what a picker lists before
    a province or level is chosen, when a year has too many places to list them all."""
    return places.above_districts(options, _where(idx))


def _lookup(idx: DashIndex, section: str, year: Optional[int], pick: Optional[dict] = None) -> dict:
    """(group, indicator) -> the row shown for it: the first stated (file order, then text
    order); for a group in `pick` only its chosen file's.  Cached per section, year, pick."""
    import numpy as np

    pick = {g: f for g, f in (pick or {}).items() if f}
    ck = ("lookup", section, year, tuple(sorted(pick.items())))
    d = idx._cache.get(ck)
    if d is None:
        rows = _section_rows(idx, section, year)
        if pick:
            rows = rows[_picked(idx, rows, pick)]
        d = idx._cache[ck] = _first_rows(idx, rows)
    return d


def _picked(idx: DashIndex, rows, pick: dict):
    """Mask of `rows` kept by `pick` (group -> file): a picked group's rows of its file only."""
    import numpy as np

    code = {k: i for i, k in enumerate(idx.group_keys)}
    file_code = {f: i for i, f in enumerate(idx.table_files)}
    want = np.full(len(idx.group_keys), -2, dtype=np.int64)  # -2: any file
    for g, f in pick.items():
        if g in code:
            want[code[g]] = file_code.get(f, -1)
    w = want[idx.row_group[rows]]
    return (w == -2) | (w == idx.table.report[rows])


def _first_rows(idx: DashIndex, rows) -> dict:
    """(group, indicator) -> the first of `rows` (in library order) that states it."""
    import numpy as np

    if not len(rows):
        return {}
    icode, inds = pd.factorize(idx.table.columns["indicator"][rows])
    combo = idx.row_group[rows] * len(inds) + icode
    _, first = np.unique(combo, return_index=True)
    first.sort()  # keep library order for the dict
    keys, n = idx.group_keys, len(inds)
    return {(keys[c // n], str(inds[c % n])): int(r)
            for c, r in zip(combo[first].tolist(), rows[first].tolist())}


def _by_group(idx: DashIndex, section: str, year: Optional[int]) -> dict:
    """group -> the indicators it states for the section and year (cached)."""
    ck = ("by_group", section, year)
    d = idx._cache.get(ck)
    if d is None:
        d = {}
        for g, k in _lookup(idx, section, year):
            d.setdefault(g, []).append(k)
        idx._cache[ck] = d
    return d


def indicator_options(idx: DashIndex, section: str, year: Optional[int]) -> list[str]:
    """Indicators stated by any report for the section/year, grouped by category order."""
    ck = ("ind_opts", section, year)
    hit = idx._cache.get(ck)
    if hit is None:
        keys = {k for _, k in _lookup(idx, section, year)}
        hit = idx._cache[ck] = sorted(keys, key=_indicator_sort_key)
    return list(hit)


def indicator_counts(idx: DashIndex, section: str, year: Optional[int], groups: list) -> dict:
    """indicator -> how many of `groups` state it (work proportional to the groups chosen)."""
    by_group = _by_group(idx, section, year)
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
    return sorted(head[:limit], key=_indicator_sort_key)


# ---- the view table ------------------------------------------------------------------

VIEW_COLS = ["group", "place", "short", "level", "indicator", "ind_label", "category", "unit",
             "better", "value", "value_high", "qualifier", "estimated", "shown", "state",
             "evidence", "file", "year", "start", "end", "provenance"]


def _carried(idx: DashIndex, row: int) -> dict:
    """The columns a stated figure (a row of the index's table) gives a view row."""
    from lib.analysis.doubt import provenance_mark

    c = idx.table.columns
    value, vh = float(c["value"][row]), float(c["value_high"][row])
    vh = None if vh != vh else vh
    unit, qual, est = c["unit"][row], c["qualifier"][row], bool(c["estimated"][row])
    prov = c["provenance"][row] if "provenance" in c else ""
    year = float(idx.row_year[row])
    return dict(value=value, value_high=vh, unit=unit, qualifier=qual, estimated=est,
                shown=format_value(value, unit, qual, vh, est)
                + provenance_mark(prov),  # '6.3%✎': a person corrected it
                evidence=c["evidence"][row], file=idx.table_files[int(idx.table.report[row])],
                year=None if year != year else int(year), start=int(c["start"][row]), end=int(c["end"][row]),
                provenance=prov or PARSED)


def _group_info(idx: DashIndex) -> dict:
    d = idx._cache.get("ginfo")
    if d is None:
        g = idx.groups
        d = {k: dict(place=p, short=s, level=lv, province=pv, report_year=y, label=lb, review_year=ry,
                     plan_year=py, files=fs)
             for k, p, s, lv, pv, y, lb, ry, py, fs in zip(
                 g.index, g["place"], g["short"], g["level"], g["province"], g["report_year"], g["label"],
                 g["review_year"], g["plan_year"], g["files"])}
        idx._cache["ginfo"] = d
    return d


def view_records(idx: DashIndex, section: str, year: Optional[int], groups: list, inds: list,
                 pick: Optional[dict] = None) -> list:
    """One dict per chosen place × chosen indicator (VIEW_COLS); a place that does not state a
    figure gets state '未提及', shown '未提及' and value None (never zero).  Plain Python, so a
    rerun over a thousand reports stays fast.  `pick`: group -> the one file to read where a
    place has several reports of the year (`same_year_files`); otherwise the first stating wins."""
    info = _group_info(idx)
    groups = [g for g in groups if g in info]
    look = _lookup(idx, section, year, pick)
    shorts = _short_names(info, groups)
    meta = indicators()
    out = []
    for g in groups:
        gi = info[g]
        for k in inds:
            ind = meta.get(k)
            rec = look.get((g, k))
            row = dict(group=g, place=gi["place"], short=shorts[g], level=gi["level"], indicator=k,
                       ind_label=ind.label if ind else k, category=ind.category if ind else "",
                       better=ind.better if ind else "up")
            if rec is None:
                row.update(value=None, value_high=None, unit=ind.unit if ind else "", qualifier="",
                           estimated=False, shown=MISSING, state=MISSING, evidence="", file="",
                           year=None, start=None, end=None, provenance="")
            else:
                row.update(_carried(idx, rec))
                row["unit"] = row["unit"] or (ind.unit if ind else "")
                row["state"] = "已提及"
            out.append(row)
    return out


def view_table(idx: DashIndex, section: str, year: Optional[int], groups: list,
               inds: list, pick: Optional[dict] = None) -> pd.DataFrame:
    """`view_records` as a DataFrame (for the table tab and the exports)."""
    df = pd.DataFrame(view_records(idx, section, year, groups, inds, pick), columns=VIEW_COLS)
    df["value"] = df["value"].astype(float)
    df["value_high"] = df["value_high"].astype(float)
    return df


def _short_names(info: dict, keys: list) -> dict:
    """Short bar labels: the lowest unit name, the full name when two chosen places share it,
    plus the report year when the selection spans several years."""
    short = {k: info[k]["short"] for k in keys}
    counts: dict = {}
    for v in short.values():
        counts[v] = counts.get(v, 0) + 1
    short = {k: (info[k]["place"] if counts[v] > 1 else v) for k, v in short.items()}
    if len({info[k]["report_year"] for k in keys}) > 1:
        short = {k: f"{v} {info[k]['report_year'] or '年份不详'}年" for k, v in short.items()}
    seen: dict = {}
    for k, v in short.items():
        if v in seen:
            seen[v] += 1
            short[k] = f"{v}({seen[v]})"
        else:
            seen[v] = 0
    return short


def wide_table(view: pd.DataFrame) -> pd.DataFrame:
    """Place × indicator, cells as stated ('超7.7万元'), '未提及' where a place is silent;
    the column header names the indicator and its unit."""
    if view.empty:
        return pd.DataFrame(columns=["地区", "级别"])
    meta = indicators()
    cols = {}
    for k in dict.fromkeys(view["indicator"]):
        ind = meta.get(k)
        cols[k] = f"{ind.label}({ind.unit})" if ind and ind.unit else (ind.label if ind else k)
    w = view.pivot(index="group", columns="indicator", values="shown")
    order = list(dict.fromkeys(view["group"]))
    w = w.reindex(index=order, columns=list(cols))
    w.columns = [cols[k] for k in w.columns]
    head = view.drop_duplicates("group").set_index("group").loc[order]
    w.insert(0, "级别", head["level"].map(lambda x: LEVEL_LABELS.get(x, x)).to_numpy())
    w.insert(0, "地区", head["place"].to_numpy())
    return w.reset_index(drop=True).fillna(MISSING)


def wide_values(view: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind `wide_table`, cell for cell (same rows and columns): the stated value
    (a range's midpoint), NaN where a place is silent.  '10%以上' sorts as 10, not as text."""
    text = wide_table(view)
    if view.empty:
        return text
    v = view.assign(num=view["value"].where(view["qualifier"] != RANGE,
                                            (view["value"] + view["value_high"].fillna(view["value"])) / 2))
    w = v.pivot(index="group", columns="indicator", values="num")
    w = w.reindex(index=list(dict.fromkeys(view["group"])), columns=list(dict.fromkeys(view["indicator"])))
    w.columns = list(text.columns[2:])
    w.insert(0, "级别", text["级别"].to_numpy())
    w.insert(0, "地区", text["地区"].to_numpy())
    return w.reset_index(drop=True)


ORDER_AS_CHOSEN = "按所选顺序"


def sort_wide(text: pd.DataFrame, values: pd.DataFrame, column: str = ORDER_AS_CHOSEN,
              descending: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables with the rows ordered by `column`'s value; places that do not state it
    (未提及) always last, whichever the direction; ties keep the chosen order."""
    if column not in values.columns or column in ("地区", "级别"):
        return text, values
    nums = pd.to_numeric(values[column], errors="coerce")
    stated = nums.dropna().sort_values(ascending=not descending, kind="stable")
    order = list(stated.index) + [i for i in values.index if pd.isna(nums.at[i])]
    return text.loc[order].reset_index(drop=True), values.loc[order].reset_index(drop=True)


def styled_wide(text: pd.DataFrame, values: pd.DataFrame, missing_css: str = ""):
    """A Styler over the numbers (so a click on a column header sorts by value) that shows each
    cell as the report states it ('超7.7万元', '未提及')."""
    st = values.style
    # Styler.format(subset=one cell) per cell costs ~1 ms each; this is what it stores
    for ci, c in enumerate(values.columns):
        if ci < 2:
            continue
        for ri, s in enumerate(text[c].tolist()):
            st._display_funcs[(ri, ci)] = lambda v, s=s: s
    if missing_css:
        st = st.apply(lambda col: [missing_css if t == MISSING else "" for t in text[col.name]],
                      subset=list(values.columns[2:]))
    return st


def export_table(view: pd.DataFrame, section: str, year: Optional[int]) -> pd.DataFrame:
    """The long table for CSV/Excel: every place × indicator with value, unit, qualifier,
    the evidence sentence and the source file."""
    out = pd.DataFrame({
        "地区": view["place"], "级别": view["level"], "类型": SECTION_LABELS.get(section, section),
        "年份": year if year is not None else view["year"], "指标": view["ind_label"],
        "类别": view["category"], "表述": view["shown"], "数值": view["value"],
        "上限": view["value_high"], "单位": view["unit"],
        "限定": view["qualifier"].map(lambda q: QUALIFIER_LABELS.get(q, q) or ("等于" if q else "")),
        "预计数": view["estimated"].map({True: "是", False: ""}), "原文": view["evidence"],
        "来源文件": view["file"].map(lambda p: p.rsplit("/", 1)[-1] if p else ""),
        "核对": view["provenance"].fillna(""),
        "指标键": view["indicator"],
    })
    return out.reset_index(drop=True)


# The downloads: lib/present/export.py (the one table writer; these names stay for the page).
csv_bytes = export.csv_bytes  # UTF-8 with BOM, so that Excel opens the Chinese correctly
excel_bytes = export.xlsx_bytes  # sheets: name -> DataFrame


# ---- 演示模式 geometry: how many places one projector screen holds -----------------------
# A 1920×1080 projector; the page's own chrome (the title row with the slide buttons, the folded
# pickers, paddings) takes about PRESENT_CHROME_PX, the figure the rest.  Inside the figure the
# title, unit and legend take PRESENT_MARGIN_T, the axis numbers and the source line
# PRESENT_MARGIN_B.  Every text in the figure is at least PRESENT_MIN_PX (readable from the back
# of a room); a bar row is ROW_PITCH label heights tall (a line of type and as much again between
# bars), so a screen holds (plot height) / (ROW_PITCH × label px) places and more places go on
# further screens instead of shrinking the type.
PRESENT_SCREEN_PX = 1080
PRESENT_CHROME_PX = 220
PRESENT_FIG_PX = PRESENT_SCREEN_PX - PRESENT_CHROME_PX  # 860
PRESENT_MARGIN_T = 170
PRESENT_MARGIN_B = 120
PRESENT_MIN_PX = 22
PRESENT_LABEL_PX = 24  # value labels ("超7.7万元", "8%左右")
PRESENT_TICK_PX = 26  # place names
ROW_PITCH = 2.0


PRESENT_COMPACT_PITCH = 1.5  # "all places on one screen": type at PRESENT_MIN_PX, rows closer


def present_capacity(fig_px: int = PRESENT_FIG_PX, label_px: int = PRESENT_LABEL_PX,
                     pitch: float = ROW_PITCH) -> int:
    """How many bar rows one presentation screen holds at `label_px` type (at least one)."""
    plot = fig_px - PRESENT_MARGIN_T - PRESENT_MARGIN_B
    return max(1, int(plot // (label_px * pitch)))


def present_capacity_compact() -> int:
    """How many places fit one screen at the smallest legible type (the 一屏显示全部 option)."""
    return present_capacity(label_px=PRESENT_MIN_PX, pitch=PRESENT_COMPACT_PITCH)


def place_groups(n: int, per_screen: Optional[int] = None,
                 keys: Optional[list] = None) -> list[tuple[int, int]]:
    """Split n ordered places into consecutive screens of at most `per_screen` (default: what a
    projector screen holds), as even as possible: 40 places at 11 a screen -> 10, 10, 10, 10
    rather than 11, 11, 11, 7.  Returns [(start, end)] slices; no place is left out; n = 0 gives
    one empty screen so an indicator always has a slide.

    `keys` (the ranked values, None for a place that states none): a cut never falls between
    two equal values, so places tied at 5% share a screen; a cut moves to the nearest untied
    place that keeps every screen within `per_screen`, and when there is none the places are
    spread over one screen more."""
    per = per_screen or present_capacity()
    if n <= 0:
        return [(0, 0)]
    k = -(-n // per)
    for screens in range(k, min(n, k + 2) + 1):  # a tie may need one more screen, rarely two
        cuts = _even_cuts(n, screens)
        if keys is None or len(keys) != n:
            break
        cuts = _cuts_between_ties(cuts, keys, per, n)
        if not any(_tied(keys, c) for c in cuts):
            break
    bounds = [0, *cuts, n]
    return list(zip(bounds[:-1], bounds[1:]))


def _even_cuts(n: int, screens: int) -> list:
    base, extra = divmod(n, screens)
    cuts, start = [], 0
    for i in range(screens - 1):
        start += base + (1 if i < extra else 0)
        cuts.append(start)
    return cuts


def _tied(keys: list, cut: int) -> bool:
    a, b = keys[cut - 1], keys[cut]
    return a is not None and b is not None and a == b


def _cuts_between_ties(cuts: list, keys: list, per: int, n: int) -> list:
    """Move each cut that splits a tie to the nearest untied position that keeps the screens on
    both sides within `per` places (left as it is when there is none)."""
    out = list(cuts)
    for i, c in enumerate(out):
        if not _tied(keys, c):
            continue
        lo = out[i - 1] if i else 0
        hi = out[i + 1] if i + 1 < len(out) else n
        for d in range(1, per):
            moved = next((p for p in (c - d, c + d) if lo < p < hi and not _tied(keys, p)
                          and p - lo <= per and hi - p <= per), None)
            if moved is not None:
                out[i] = moved
                break
    return out


def step_slide(slide: int, group: int, n_slides: int, n_groups: int, step: int) -> tuple[int, int]:
    """Page through (indicator, group of places) pairs in reading order: every group of one
    indicator, then the next indicator; wraps around at both ends.  1-based in and out."""
    n_slides, n_groups = max(1, n_slides), max(1, n_groups)
    slide = min(max(1, slide), n_slides)
    group = min(max(1, group), n_groups)
    i = ((slide - 1) * n_groups + group - 1 + step) % (n_slides * n_groups)
    return i // n_groups + 1, i % n_groups + 1


def step_slides(slide: int, group: int, groups_per_slide: list, step: int) -> tuple[int, int]:
    """`step_slide` when each indicator has its own number of screens (ties kept together
    can take one more): reading order, wrapping around at both ends.  1-based in and out."""
    counts = [max(1, c) for c in groups_per_slide] or [1]
    slide = min(max(1, slide), len(counts))
    group = min(max(1, group), counts[slide - 1])
    flat = [(s, g) for s, c in enumerate(counts, 1) for g in range(1, c + 1)]
    i = (flat.index((slide, group)) + step) % len(flat)
    return flat[i]


def source_line(files: Iterable[str], section: str, year: Optional[int], limit: int = 3) -> str:
    names = [f.rsplit("/", 1)[-1] for f in dict.fromkeys(x for x in files if x)]
    what = f"{year}年" if year else ""
    what += "实绩" if section == RESULT else "目标" if section == PLAN else ""
    if not names:
        return f"来源:各地政府工作报告({what});政报对比整理"
    shown = "、".join(names[:limit]) + (f" 等 {len(names)} 份" if len(names) > limit else "")
    return f"来源:各地政府工作报告({what}),文件 {shown};政报对比整理"


# ---- long tables: search and pages (the 库 table) --------------------------------------

def search_rows(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows where any cell contains every word of `query` (spaces separate words; case ignored)."""
    words = [w.lower() for w in (query or "").split()]
    if not words or table.empty:
        return table
    text = table.astype(str).apply(lambda col: col.str.lower()).agg(" ".join, axis=1)
    keep = text.map(lambda t: all(w in t for w in words))
    return table[keep]


def page_of(table: pd.DataFrame, page: int, per_page: int) -> tuple[pd.DataFrame, int, int]:
    """(the rows of 1-based `page`, clamped; that page; the number of pages, at least 1)."""
    pages = max(1, -(-len(table) // per_page))
    page = min(max(1, page), pages)
    return table.iloc[(page - 1) * per_page: page * per_page], page, pages


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


def meta_rows(r: Report) -> pd.DataFrame:
    m = r.meta
    rows = [("文件", m.file), ("标题", m.title), ("地区", m.place),
            ("级别", LEVEL_LABELS.get(m.level, m.level or "不详")),
            ("省", m.province), ("市", m.city), ("区县", m.district), ("行政区划代码", m.adcode),
            ("回顾年度", m.review_year), ("计划年度", m.plan_year), ("报告日期", m.delivered),
            ("字数", m.chars), ("指标数", len(r.facts)),
            ("地区判断依据", m.place_evidence or "(无)"),
            ("地区判断置信度", f"{m.place_confidence:.0%}"),
            ("年份判断依据", m.year_evidence or "(无)")]
    return pd.DataFrame([(k, "" if v is None else str(v)) for k, v in rows], columns=["项目", "内容"])


REPORT_FACT_COLUMNS = ["#", "指标", "类别", "类型", "年份", "表述", "数值", "单位", "限定", "核对", "疑点",
                       "原文", "位置"]


def report_facts(r: Report, by_doubt: bool = False) -> pd.DataFrame:
    """The report's facts in text order, numbered as in the highlighted text, with who vouched
    for each (核对: 解析 / 已核对 / 已修正 / 手工添加) and why a parsed one is doubtful (疑点).
    by_doubt: the doubtful figures first (most reasons first), then text order.  The doubts are
    lib.analysis.doubt.doubt_reasons, the parser's recorded rules included (as the 库 counts)."""
    from lib.analysis.doubt import doubt_reasons

    meta = indicators()
    rows = []
    for n, f in _numbered(r):
        ind = meta.get(f.indicator)
        rows.append({"#": n, "指标": ind.label if ind else (f.label or f.indicator),
                     "类别": f.category or (ind.category if ind else ""),
                     "类型": {RESULT: "实绩", PLAN: "目标"}.get(f.section, "其他"),
                     "年份": f.year, "表述": format_value(f.value, f.unit, f.qualifier,
                                                      f.value_high, f.estimated),
                     "数值": f.value, "单位": f.unit,
                     "限定": QUALIFIER_LABELS.get(f.qualifier, f.qualifier),
                     "核对": f.provenance or PARSED,
                     "疑点": ";".join(doubt_reasons(f, r.facts, r.meta.level)),
                     "原文": f.evidence, "位置": f"{f.start}-{f.end}"})
    if by_doubt:
        rows.sort(key=lambda row: -(row["疑点"].count(";") + 1 if row["疑点"] else 0))
    return pd.DataFrame(rows, columns=REPORT_FACT_COLUMNS)


def numbered_fact(r: Report, num: int):
    """The fact shown as row `num` (#) of `report_facts`, or None."""
    return dict(_numbered(r)).get(num)


def _numbered(r: Report) -> list:
    facts = sorted(r.facts, key=lambda f: (f.fig_start if f.fig_end > f.fig_start else f.start,
                                           f.start))
    return list(enumerate(facts, 1))


def highlight_html(r: Report, focus: Optional[int] = None) -> str:
    """The cleaned text, html-escaped, with each extracted figure in a <mark> numbered as its
    row in `report_facts` (and its evidence sentence underlined).  `focus` is a row number
    to emphasise.  Nothing of the report's own text is ever passed through unescaped."""
    text = r.text
    n = len(text)
    spans = []
    for num, f in _numbered(r):
        s, e = (f.fig_start, f.fig_end) if f.fig_end > f.fig_start else (f.start, f.end)
        if not (0 <= s < e <= n):
            continue
        spans.append((s, e, num, f))
    spans.sort(key=lambda t: (t[0], -t[1]))
    out = []
    pos = 0
    last_end = -1
    ev_spans = sorted({(f.start, f.end) for _, f in _numbered(r) if 0 <= f.start < f.end <= n})
    ev_marks = _merge(ev_spans)
    events = []
    for s, e in ev_marks:
        events.append((s, 1, '<span class="ev">'))
        events.append((e, 0, "</span>"))
    for s, e, num, f in spans:
        if s < last_end:  # overlapping figure: keep the first, still numbered in the table
            continue
        last_end = e
        cls = "fig focus" if focus == num else "fig"
        tip = html.escape(f"#{num} {indicator_label(f.indicator, False)} = "
                          f"{format_value(f.value, f.unit, f.qualifier, f.value_high, f.estimated)}",
                          quote=True)
        events.append((s, 2, f'<mark class="{cls}" id="fact-{num}" title="{tip}">'))
        events.append((e, -1, f"</mark><sup>{num}</sup>"))
    # close before open at the same position; figure marks nest inside evidence spans
    events.sort(key=lambda t: (t[0], t[1]))
    for p, _, tag in events:
        if p > pos:
            out.append(html.escape(text[pos:p]))
            pos = p
        out.append(tag)
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _merge(spans: list) -> list:
    out = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def excerpt_html(r: Report, num: int, context: int = 80) -> str:
    """The focused fact's sentence with some context, escaped, its figure marked."""
    pairs = dict(_numbered(r))
    f = pairs.get(num)
    if f is None:
        return ""
    s, e = (f.fig_start, f.fig_end) if f.fig_end > f.fig_start else (f.start, f.end)
    a, b = max(0, min(s, f.start) - context), min(len(r.text), max(e, f.end) + context)
    t = r.text
    return ("…" + html.escape(t[a:s]) + f'<mark class="fig focus">{html.escape(t[s:e])}</mark>'
            f"<sup>{num}</sup>" + html.escape(t[e:b]) + "…")

"""The 对比 index: reports and facts in, the columns every page selects from.

Pure functions (pandas and numpy, never Streamlit).  The pages call `build_index` once per
library version (cached in app_state) and then the cheap selectors (lib.present.choices,
lib.present.views) on every rerun.

Vocabulary:
- a *group* is one report of one place for one pair of years; two files that are
  parts of the same report (摘要一、二) are merged into one group;
- a *view* is (section, year, groups, indicators): what the 对比 page shows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from lib.model import PLAN, RESULT, Report
from lib.perf import gc_paused
from lib.present.labels import LEVEL_LABELS
from lib.present.records import PlaceGroup


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
    info: dict  # group key -> PlaceGroup, in library order
    stated: dict = field(default_factory=dict)  # (section, year) -> row numbers of `table`, library order
    fact_count: int = 0
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

    def derived(self, key: str, build):
        """What `build()` makes from this index (计划与实绩's pairing), made once and kept with the
        index, so it goes when a new library version brings a new index."""
        value = self._cache.get(key)
        if value is None:
            value = self._cache[key] = build()
        return value

    @property
    def indicator_places(self) -> dict:
        """indicator -> the places that state it for a dated result or plan (趋势's picker);
        made on first use (~0.2 s at 10,000 reports, which 对比's first render need not wait for)."""
        d = self._cache.get("indicator_places")
        if d is None:
            names = [g.place for g in self.info.values()]
            d = self._cache["indicator_places"] = _indicator_places(self.table, self.row_group, self.row_year, names)
        return d

    @property
    def groups(self) -> pd.DataFrame:
        """`info` as a table, one row per group key (index); made on first use (the 对比 page
        never needs it: 10,000 groups cost ~50 ms)."""
        df = self._cache.get("groups")
        if df is None:
            rows = [[g.key, g.place, g.short, g.level, g.province, g.review_year, g.plan_year, g.report_year,
                     list(g.files), g.label, g.facts] for g in self.info.values()]
            df = self._cache["groups"] = pd.DataFrame(rows, columns=GROUP_COLS).set_index("group", drop=False)
        return df


def _group_label(place: str, level: str, year) -> str:
    lvl = LEVEL_LABELS.get(level, level or "级别不详")
    return f"{place} · {lvl} · {year}年报告" if year else f"{place} · {lvl}"


GROUP_COLS = ["group", "place", "short", "level", "province", "review_year", "plan_year", "report_year",
              "files", "label", "facts"]


def _new_group(key: str, m) -> dict:
    """A group's fields (PlaceGroup's) from its first report's metadata; `files` grows."""
    year = m.plan_year or ((m.review_year + 1) if m.review_year else None)
    full = m.place
    name = full if full != "未知地区" else f"未知地区({m.file.rsplit('/', 1)[-1]})"
    return dict(key=key, place=name, short=m.short_place if full != "未知地区" else name,
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
    meta_keys = [group_key_of(m) for m in table.metas]
    grows, by_file = _group_fields(reports, table.metas, meta_keys)
    keys = list(grows)
    code = {k: i for i, k in enumerate(keys)}
    rep_group = np.array([code[k] for k in meta_keys], dtype=np.int64)
    row_group = rep_group[table.report] if len(table) else np.zeros(0, dtype=np.int64)
    per_report = np.bincount(table.report, minlength=len(table.metas)) if len(table) else np.zeros(len(table.metas))
    for i, n in enumerate(per_report.tolist()):
        grows[keys[rep_group[i]]]["facts"] += int(n)
    info = {k: PlaceGroup(**{**g, "files": tuple(g["files"])}) for k, g in grows.items()}
    row_year = _row_years(table)
    return DashIndex(by_file, info, _stated(table, row_year), len(table), version, table, row_group, row_year,
                     keys, [m.file for m in table.metas])


def _group_fields(reports: list, metas: list, meta_keys: list) -> tuple[dict, dict]:
    """(group key -> its fields, file -> Report): each report's group, files in library order;
    `meta_keys` are the group keys of `metas` (the table's reports)."""
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
    for m, key in zip(metas, meta_keys):  # a report the list lacks still has a group
        if key not in grows:
            grows[key] = _new_group(key, m)
    return grows, by_file


def _row_years(table):
    """Each row's year: its own, else the report's year for its section (review year of a
    result, plan year of a plan); NaN when neither is known."""
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


def shown_rows(idx: DashIndex, section: str, year: Optional[int], pick: Optional[dict] = None) -> dict:
    """(group, indicator) -> the row shown for it: the first stated (file order, then text
    order); for a group in `pick` only its chosen file's.  Cached per section, year, pick."""
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
    if not len(rows):
        return {}
    icode, inds = pd.factorize(idx.table.columns["indicator"][rows])
    combo = idx.row_group[rows] * len(inds) + icode
    _, first = np.unique(combo, return_index=True)
    first.sort()  # keep library order for the dict
    keys, n = idx.group_keys, len(inds)
    names = [str(k) for k in inds]  # a pandas Index read item by item costs ~4 µs an item
    return {(keys[c // n], names[c % n]): r for c, r in zip(combo[first].tolist(), rows[first].tolist())}


def indicators_by_group(idx: DashIndex, section: str, year: Optional[int]) -> dict:
    """group -> the indicators it states for the section and year (cached)."""
    ck = ("by_group", section, year)
    d = idx._cache.get(ck)
    if d is None:
        d = {}
        for g, k in shown_rows(idx, section, year):
            d.setdefault(g, []).append(k)
        idx._cache[ck] = d
    return d

"""Every fact of a library in columns, and Facts made only for the rows a page shows.

The store gives the library's facts as one `lib.store.library.FactTable` (Library.fact_table: no
Fact object per fact); reports held in memory (GOVREPORT_SYNTH, tests) are put in the same
columns by `table_of_reports`.  The 对比 index and the 趋势 panel read these columns; a Fact is
built (`fact_at`) only for a figure that is shown or that a panel of one indicator needs.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Iterable, Optional

import numpy as np

from lib.model import Fact, PLAN, RESULT, Report
from lib.store.fact_bins import FactTable

FACT_FIELDS = [f.name for f in fields(Fact)]
FLOATS = ("value", "value_high", "year")  # NaN = none
INTS = ("start", "end", "fig_start", "fig_end")


def table_of_reports(reports: Iterable[Report]) -> FactTable:
    """The facts of reports held in memory as a FactTable (the store's columns and types)."""
    reports = list(reports)
    metas = [r.meta for r in reports]
    lists = [r.facts or [] for r in reports]
    report = np.repeat(np.arange(len(reports)), [len(fs) for fs in lists]).astype(np.int64)
    flat = [f for fs in lists for f in fs]
    columns = {}
    for name in FACT_FIELDS:
        vals = [getattr(f, name) for f in flat]
        if name in FLOATS:
            columns[name] = np.array([np.nan if v is None else float(v) for v in vals], dtype=float)
        elif name in INTS:
            columns[name] = np.array([int(v or 0) for v in vals], dtype=np.int64)
        elif name == "estimated":
            columns[name] = np.array([bool(v) for v in vals], dtype=bool)
        else:
            col = np.empty(len(vals), dtype=object)
            col[:] = ["" if v is None else v for v in vals]
            columns[name] = col
    return FactTable(metas=metas, ids=list(range(len(reports))), report=report, columns=columns)


def _plain(name: str, v):
    if name in FLOATS:
        v = float(v)
        if v != v:
            return None
        return int(v) if name == "year" else v
    if name in INTS:
        return int(v)
    if name == "estimated":
        return bool(v)
    return v


def fact_at(table: FactTable, row: int) -> Fact:
    """Row `row` of the table as a Fact (value NaN stays NaN: the store's 'no value')."""
    cols = table.columns
    kw = {name: _plain(name, cols[name][row]) for name in FACT_FIELDS if name in cols}
    if kw.get("value") is None:
        kw["value"] = float("nan")
    return Fact(**kw)


def dated_rows(table: FactTable, keys: Optional[Iterable[str]] = None) -> np.ndarray:
    """The rows a panel can use: result or plan figures with a year, of `keys` (None = all)."""
    cols = table.columns
    if not len(table):
        return np.zeros(0, dtype=np.int64)
    sec = cols["section"]
    mask = ((sec == RESULT) | (sec == PLAN)) & ~np.isnan(cols["year"])
    if keys is not None:
        mask &= np.isin(cols["indicator"], list(keys))
    return np.flatnonzero(mask)


def facts_of_rows(table: FactTable, rows: np.ndarray) -> list[Fact]:
    """The rows as Facts, column by column (one conversion per column, not per cell)."""
    cols = table.columns
    names = [n for n in FACT_FIELDS if n in cols]
    values = []
    for n in names:
        col = cols[n][rows]
        if n in FLOATS:
            lst = [None if v != v else v for v in col.tolist()]
            if n == "year":
                lst = [None if v is None else int(v) for v in lst]
            elif n == "value":
                lst = [float("nan") if v is None else v for v in lst]
            values.append(lst)
        else:
            values.append(col.tolist())
    return [Fact(**dict(zip(names, vals))) for vals in zip(*values)]


def reports_of_rows(table: FactTable, rows: np.ndarray) -> list[Report]:
    """The reports that state these rows, each holding only their Facts (no text): the input of
    lib.analysis.panel.build_panel for one indicator without a Fact per fact of the library."""
    out: dict = {}
    rows = np.sort(np.asarray(rows, dtype=np.int64))
    for r, f in zip(table.report[rows].tolist(), facts_of_rows(table, rows)):
        rep = out.get(r)
        if rep is None:
            rep = out[r] = Report(meta=table.metas[r], text="", facts=[])
        rep.facts.append(f)
    return [out[r] for r in sorted(out)]

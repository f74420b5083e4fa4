"""The 对比 view: one record per chosen place × chosen indicator, a figure as the report
states it or 未提及, and the source line under a chart."""
from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Iterable, Optional

import pandas as pd

from lib.lang.vocab import indicators
from lib.model import PARSED, PLAN, RESULT
from lib.present.format import MISSING, format_figure
from lib.present.index import DashIndex, shown_rows
from lib.present.records import STATED, ViewRow


def used_files(view_rows: list) -> dict:
    """group -> the files the figures on screen come from, in the order first used."""
    out: dict = {}
    for r in view_rows:
        if r.file:
            files = out.setdefault(r.group, [])
            if r.file not in files:
                files.append(r.file)
    return out


# ---- the view table ------------------------------------------------------------------

VIEW_COLS = [f.name for f in fields(ViewRow)]


def _carried(idx: DashIndex, row: int, unit_default: str) -> dict:
    """The fields a stated figure (a row of the index's table) gives a view row."""
    from lib.analysis.doubt import provenance_mark

    c = idx.table.columns
    value, vh = float(c["value"][row]), float(c["value_high"][row])
    vh = None if vh != vh else vh
    unit, qual, est = c["unit"][row], c["qualifier"][row], bool(c["estimated"][row])
    prov = c["provenance"][row] if "provenance" in c else ""
    year = float(idx.row_year[row])
    return dict(value=value, value_high=vh, unit=unit or unit_default, qualifier=qual, estimated=est,
                shown=format_figure(value, unit, qual, vh, est)
                + provenance_mark(prov),  # '6.3%✎': a person corrected it
                state=STATED, evidence=c["evidence"][row], file=idx.table_files[int(idx.table.report[row])],
                year=None if year != year else int(year), start=int(c["start"][row]), end=int(c["end"][row]),
                provenance=prov or PARSED)


def _silent(unit: str) -> dict:
    """The fields of a place that does not state the figure: 未提及, never zero."""
    return dict(value=None, value_high=None, unit=unit, qualifier="", estimated=False, shown=MISSING,
                state=MISSING, evidence="", file="", year=None, start=None, end=None, provenance="")


def view_records(idx: DashIndex, section: str, year: Optional[int], groups: list, inds: list,
                 pick: Optional[dict] = None) -> list[ViewRow]:
    """One ViewRow per chosen place × chosen indicator; a place that does not state a figure
    gets state '未提及', shown '未提及' and value None (never zero).  Plain Python, so a rerun over
    a thousand reports stays fast.  `pick`: group -> the one file to read where a place has
    several reports of the year (`same_year_files`); otherwise the first stating wins."""
    info = idx.info
    groups = [g for g in groups if g in info]
    look = shown_rows(idx, section, year, pick)
    shorts = short_names(info, groups)
    meta = indicators()
    out = []
    for g in groups:
        gi = info[g]
        for k in inds:
            ind = meta.get(k)
            rec = look.get((g, k))
            unit = ind.unit if ind else ""
            out.append(ViewRow(group=g, place=gi.place, short=shorts[g], level=gi.level, indicator=k,
                               ind_label=ind.label if ind else k, category=ind.category if ind else "",
                               better=ind.better if ind else "up",
                               **(_silent(unit) if rec is None else _carried(idx, rec, unit))))
    return out


def view_table(idx: DashIndex, section: str, year: Optional[int], groups: list,
               inds: list, pick: Optional[dict] = None) -> pd.DataFrame:
    """`view_records` as a DataFrame (for the table tab and the exports)."""
    rows = view_records(idx, section, year, groups, inds, pick)
    df = pd.DataFrame(list(map(attrgetter(*VIEW_COLS), rows)), columns=VIEW_COLS)
    df["value"] = df["value"].astype(float)
    df["value_high"] = df["value_high"].astype(float)
    return df


def short_names(info: dict, keys: list) -> dict:
    """Short bar labels: the lowest unit name, the full name when two chosen places share it,
    plus the report year when the selection spans several years."""
    short = {k: info[k].short for k in keys}
    counts: dict = {}
    for v in short.values():
        counts[v] = counts.get(v, 0) + 1
    short = {k: (info[k].place if counts[v] > 1 else v) for k, v in short.items()}
    if len({info[k].report_year for k in keys}) > 1:
        short = {k: f"{v} {info[k].report_year or '年份不详'}年" for k, v in short.items()}
    seen: dict = {}
    for k, v in short.items():
        if v in seen:
            seen[v] += 1
            short[k] = f"{v}({seen[v]})"
        else:
            seen[v] = 0
    return short


def source_line(files: Iterable[str], section: str, year: Optional[int], limit: int = 3) -> str:
    names = [f.rsplit("/", 1)[-1] for f in dict.fromkeys(x for x in files if x)]
    what = f"{year}年" if year else ""
    what += "实绩" if section == RESULT else "目标" if section == PLAN else ""
    if not names:
        return f"来源:各地政府工作报告({what});政报对比整理"
    shown = "、".join(names[:limit]) + (f" 等 {len(names)} 份" if len(names) > limit else "")
    return f"来源:各地政府工作报告({what}),文件 {shown};政报对比整理"


def rows_of_table(df: pd.DataFrame) -> list[ViewRow]:
    """The ViewRows of a `view_table` (or some of its rows): what a chart reads; NaN back to None,
    columns that are not a ViewRow's ignored."""
    out = []
    for rec in df.to_dict("records"):
        out.append(ViewRow(**{c: None if isinstance(v, float) and v != v else v
                              for c, v in rec.items() if c in _VIEW_FIELDS}))
    return out


_VIEW_FIELDS = frozenset(VIEW_COLS)

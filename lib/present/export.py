"""The one table writer: CSV, xlsx, Stata .dta and Parquet bytes of plain tables.  No Streamlit.

A table is a pandas DataFrame or `(columns, rows)` with rows as dicts (extra keys ignored) or
sequences.  Every download and file the project writes goes through here: the 对比 CSV and
workbook (lib/present/compare.py), the 库 tables (lib/store/library.py export_table), the panel
(lib/analysis/panel.py) and the 计划与实绩 pairs.csv.

- CSV is UTF-8 with a BOM: Excel opens a BOM-less UTF-8 file as GBK and garbles the Chinese.
- xlsx: one sheet per table, names cut to Excel's 31 characters, columns as wide as their text,
  characters Excel refuses (control characters from a user's file) dropped instead of crashing.
- .dta: Stata 118 (Unicode), text over 2000 bytes as strL; the caller prepares names and labels.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable, Optional, Union

import pandas as pd

FORMATS = (".csv", ".xlsx", ".dta", ".parquet")
SHEET_NAME_MAX = 31  # Excel's limit
WIDTH_ROWS = 200  # column widths are measured on the first rows only (a big table stays fast)
STATA_STR_MAX = 2000  # bytes: longer text needs Stata's strL

Table = Union[pd.DataFrame, tuple]


class ExportError(ValueError):
    """A format this writer does not know (the message is Chinese, for the user)."""


def frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame.  `(columns, rows)` keeps each cell's own type (object columns):
    a year column with a gap stays 2024, not 2024.0, and None is an empty cell."""
    if isinstance(table, pd.DataFrame):
        return table
    columns, rows = table
    rows = list(rows)
    if rows and isinstance(rows[0], dict):
        rows = [[row.get(c) for c in columns] for row in rows]
    return pd.DataFrame(rows, columns=list(columns), dtype=object)


def csv_bytes(table: Table, bom: bool = True) -> bytes:
    """UTF-8 CSV, with a BOM unless `bom=False` (a file for a program, not a spreadsheet)."""
    text = frame(table).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def _clean_cell(v):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v


def _fit_widths(ws) -> None:
    for col in ws.columns:
        width = max(len(str(c.value if c.value is not None else "")) for c in col[:WIDTH_ROWS])
        ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width * 1.6))


def xlsx_bytes(sheets: dict) -> bytes:
    """A workbook: sheet name -> table, in order."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, table in sheets.items():
            df = frame(table)
            texty = [c for c in df.columns if df[c].dtype == object]
            if texty:
                df = df.copy()
                df[texty] = df[texty].map(_clean_cell)
            sheet = str(name)[:SHEET_NAME_MAX]
            df.to_excel(xw, sheet_name=sheet, index=False)
            _fit_widths(xw.sheets[sheet])
    return buf.getvalue()


def _long_text(df: pd.DataFrame) -> list:
    """The text columns with a cell over STATA_STR_MAX bytes (they must be strL)."""
    out = []
    for c in df.columns:
        if len(df) and df[c].dtype == object:
            sizes = df[c].map(lambda v: len(v.encode()) if isinstance(v, str) else 0)
            if sizes.max() > STATA_STR_MAX:
                out.append(c)
    return out


def dta_bytes(df: pd.DataFrame, variable_labels: Optional[dict] = None, title: str = "") -> bytes:
    """Stata 118 bytes of a frame whose column names are already valid Stata names."""
    buf = io.BytesIO()
    df.to_stata(buf, write_index=False, version=118, variable_labels=variable_labels or None,
                data_label=title[:80] or None, convert_strl=_long_text(df))
    return buf.getvalue()


def parquet_bytes(table: Table) -> bytes:
    buf = io.BytesIO()
    frame(table).to_parquet(buf, index=False)
    return buf.getvalue()


def table_bytes(table: Table, fmt: str, sheet: str = "表") -> bytes:
    """One table in a format named by its extension (.csv, .xlsx, .dta, .parquet)."""
    fmt = check_format(fmt)
    if fmt == ".csv":
        return csv_bytes(table)
    if fmt == ".xlsx":
        return xlsx_bytes({sheet: table})
    if fmt == ".dta":
        return dta_bytes(frame(table))
    return parquet_bytes(table)


def check_format(fmt: str, allowed: Iterable[str] = FORMATS) -> str:
    """'.csv' from 'csv', '.CSV' or '.csv'; a Chinese ExportError for anything else."""
    fmt = fmt.lower() if fmt.startswith(".") else "." + fmt.lower()
    if fmt not in allowed:
        raise ExportError(f"不支持的格式「{fmt}」:请用 " + "、".join(allowed))
    return fmt


# The names lib/__main__.py uses (helper q5 moves it into lib/cli/; then it calls xlsx_bytes).
workbook_bytes = xlsx_bytes


def write_workbook(path: Path, sheets: dict) -> None:
    Path(path).write_bytes(xlsx_bytes(sheets))

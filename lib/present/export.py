"""The one table writer: CSV, xlsx, Stata .dta and Parquet bytes of plain tables.  No Streamlit.

A table is a pandas DataFrame or `(columns, rows)` with rows as dicts (extra keys ignored) or
sequences.  Every download and file the project writes goes through here: the 对比 CSV and
workbook (lib/present/compare.py), the 库 tables (lib/store/library.py export_table), the panel
(lib/analysis/panel.py), the 计划与实绩 pairs.csv, the review workbook (lib/store/workbook.py) and
`python -m lib extract`'s tables (lib/cli/extract.py).

- CSV is UTF-8 with a BOM: Excel opens a BOM-less UTF-8 file as GBK and garbles the Chinese.
- xlsx: one sheet per table, names cut to Excel's 31 characters, columns as wide as their text,
  characters Excel refuses (control characters from a user's file) dropped instead of crashing,
  text that starts with "=" kept as text (never a formula); a `style` hook for cell styles.
- .dta: Stata 118 (Unicode), text over 2000 bytes as strL; the caller prepares names and labels.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

import pandas as pd

FORMATS = (".csv", ".xlsx", ".dta", ".parquet")
SHEET_NAME_MAX = 31  # Excel's limit
WIDTH_ROWS = 200  # column widths are measured on the first rows only (a big table stays fast)
STATA_STR_MAX = 2000  # bytes: longer text needs Stata's strL

Table = Union[pd.DataFrame, tuple]


class ExportError(ValueError):
    """A format this writer does not know (the message is Chinese, for the user)."""


def frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame.  `(columns, rows)` keeps each cell's own type: a column of whole
    numbers with gaps (a year missing in one row) becomes a nullable integer column (2024, not
    2024.0, and an empty cell), every other column keeps its Python values (object), None is an
    empty cell.  A DataFrame is written as it is: its dtypes are the caller's."""
    if isinstance(table, pd.DataFrame):
        return table
    columns, rows = table
    rows = list(rows)
    if rows and isinstance(rows[0], dict):
        rows = [[row.get(c) for c in columns] for row in rows]
    df = pd.DataFrame(rows, columns=list(columns), dtype=object)
    whole = [c for c in df.columns if _whole_numbers(df[c])]
    return df.astype({c: "Int64" for c in whole}) if whole else df


def _whole_numbers(col: pd.Series) -> bool:
    """Only ints (not bools) and gaps, at least one int: a year or count column."""
    return pd.api.types.infer_dtype(col, skipna=True) == "integer"


def csv_bytes(table: Table, bom: bool = True) -> bytes:
    """UTF-8 CSV, with a BOM unless `bom=False` (a file for a program, not a spreadsheet)."""
    text = frame(table).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def write_csv(path: Path, table: Table, bom: bool = True) -> None:
    Path(path).write_bytes(csv_bytes(table, bom))


def _clean_cell(v):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v


def _fit_widths(ws) -> None:
    for col in ws.columns:
        width = max(len(str(c.value if c.value is not None else "")) for c in col[:WIDTH_ROWS])
        ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width * 1.6))


def _text_not_formulas(ws, df: pd.DataFrame, texty: list) -> None:
    """A text cell that starts with "=" stays text: openpyxl would store it as a formula, and a
    report's text is user data (a line "=HYPERLINK(...)" from a user's file must not run)."""
    for c in texty:
        col = df.columns.get_loc(c) + 1
        starts = df[c].map(lambda v: isinstance(v, str) and v.startswith("="))
        for r in (starts.to_numpy().nonzero()[0] + 2):
            ws.cell(int(r), col).data_type = "s"


def xlsx_bytes(sheets: dict, style: Optional[Callable] = None) -> bytes:
    """A workbook: sheet name -> table, in order.  `style(name, worksheet)`, if given, is called
    for every sheet after it is written and its columns fitted: the review workbook's fills,
    fixed widths and frozen header (lib/store/workbook.py)."""
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
            ws = xw.sheets[sheet]
            _text_not_formulas(ws, df, texty)
            _fit_widths(ws)
            if style:
                style(sheet, ws)
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


def write_workbook(path: Path, sheets: dict, style: Optional[Callable] = None) -> None:
    Path(path).write_bytes(xlsx_bytes(sheets, style))

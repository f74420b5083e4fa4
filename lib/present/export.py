"""Excel export of plain row tables (openpyxl via pandas)."""
from __future__ import annotations

from pathlib import Path


def workbook_bytes(sheets: dict) -> bytes:
    """sheets: name -> (columns, rows).  Returns xlsx bytes."""
    import io

    import pandas as pd

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, (columns, rows) in sheets.items():
            pd.DataFrame(rows, columns=columns).to_excel(xw, sheet_name=name[:31], index=False)
    return buf.getvalue()


def write_workbook(path: Path, sheets: dict) -> None:
    Path(path).write_bytes(workbook_bytes(sheets))

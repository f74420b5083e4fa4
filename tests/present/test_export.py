"""lib.present.export: every format read back (pandas) equals the rows written."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from lib.present import export

COLUMNS = ["地区", "年份", "数值", "原文"]
ROWS = [
    {"地区": "某省某市", "年份": 2024, "数值": 5.5, "原文": "地区生产总值增长5.5%左右。", "多余": "x"},
    {"地区": "某县", "年份": None, "数值": 16452.83, "原文": "引号\"与,逗号\n换行"},
    {"地区": "另一县", "年份": 2023, "数值": None, "原文": ""},
]


def _expected() -> pd.DataFrame:
    return pd.DataFrame([[r.get(c) for c in COLUMNS] for r in ROWS], columns=COLUMNS)


def _same(back: pd.DataFrame) -> None:
    want = _expected()
    assert list(back.columns) == COLUMNS
    assert back["地区"].tolist() == want["地区"].tolist()
    assert [None if pd.isna(v) else int(v) for v in back["年份"]] == [2024, None, 2023]
    assert [None if pd.isna(v) else float(v) for v in back["数值"]] == [5.5, 16452.83, None]
    assert [("" if pd.isna(v) else v) for v in back["原文"]] == [r["原文"] for r in ROWS]


def test_csv_has_a_bom_for_a_spreadsheet_and_reads_back():
    data = export.csv_bytes((COLUMNS, ROWS))
    assert data.startswith(b"\xef\xbb\xbf")
    _same(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig"))
    assert "2024.0" not in data.decode("utf-8-sig")  # a year with a gap in its column stays a year


def test_csv_for_a_program_has_no_bom():
    data = export.csv_bytes((COLUMNS, ROWS), bom=False)
    assert not data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8").startswith("地区,")


def test_rows_as_sequences_and_frames_write_the_same_csv():
    seqs = [[r.get(c) for c in COLUMNS] for r in ROWS]
    assert export.csv_bytes((COLUMNS, seqs)) == export.csv_bytes((COLUMNS, ROWS))
    assert export.csv_bytes(pd.DataFrame(seqs, columns=COLUMNS, dtype=object)) == export.csv_bytes((COLUMNS, ROWS))


def test_xlsx_holds_every_sheet_in_order_and_reads_back():
    long_name = "明细(含原文与来源)" * 4
    data = export.xlsx_bytes({"对比表": (COLUMNS, ROWS), long_name: _expected()})
    book = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(book) == ["对比表", long_name[:31]]
    for sheet in book.values():
        _same(sheet)


def test_xlsx_drops_control_characters_from_a_users_file_instead_of_failing():
    data = export.xlsx_bytes({"表": (["原文"], [{"原文": "第一段\x0b第二段\x1f。"}])})
    assert pd.read_excel(io.BytesIO(data))["原文"].tolist() == ["第一段第二段。"]


def test_parquet_reads_back():
    df = _expected().astype({"年份": "Int64"})
    _same(pd.read_parquet(io.BytesIO(export.parquet_bytes(df))))


def test_dta_reads_back_with_labels_and_long_text():
    df = _expected().rename(columns={"地区": "place", "年份": "year", "数值": "value", "原文": "evidence"})
    df["year"] = df["year"].astype("float64")
    df.loc[0, "evidence"] = "很长的原文。" * 200  # over Stata's 2000-byte str limit: strL
    data = export.dta_bytes(df, {"place": "地区", "value": "数值"}, "政报对比 测试")
    with pd.io.stata.StataReader(io.BytesIO(data)) as reader:
        back = reader.read()
        labels = reader.variable_labels()
        title = reader.data_label
    assert back["place"].tolist() == df["place"].tolist()
    assert back["evidence"].tolist()[0] == "很长的原文。" * 200
    assert back["value"].tolist()[:2] == [5.5, 16452.83]
    assert labels["place"] == "地区" and title == "政报对比 测试"


def test_table_bytes_dispatches_by_extension_and_refuses_others_in_chinese():
    assert export.table_bytes((COLUMNS, ROWS), "CSV") == export.csv_bytes((COLUMNS, ROWS))
    _same(pd.read_excel(io.BytesIO(export.table_bytes((COLUMNS, ROWS), ".xlsx"))))
    with pytest.raises(export.ExportError, match="不支持的格式"):
        export.table_bytes((COLUMNS, ROWS), ".sav")


def test_a_column_of_whole_numbers_with_gaps_is_a_nullable_integer_column():
    df = export.frame((COLUMNS, ROWS))
    assert str(df["年份"].dtype) == "Int64" and df["年份"].isna().tolist() == [False, True, False]
    assert df["数值"].dtype == object and df["地区"].dtype == object  # floats and text keep their values
    flags = export.frame((["flag"], [{"flag": True}, {"flag": None}]))
    assert flags["flag"].dtype == object  # True is an int to Python, not a count


def test_a_year_with_a_gap_is_a_number_in_the_workbook_and_a_whole_number_in_the_csv():
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"表": (COLUMNS, ROWS)})))
    years = [row[1].value for row in book["表"].iter_rows(min_row=2)]
    assert years == [2024, None, 2023] and isinstance(years[0], int)
    lines = export.csv_bytes((COLUMNS, ROWS), bom=False).decode("utf-8").splitlines()
    assert lines[1].split(",")[1] == "2024" and lines[-1].split(",")[1] == "2023"


def test_text_that_starts_with_an_equals_sign_stays_text_in_the_workbook():
    """A line of a user's file ("=HYPERLINK(...)") is data, never a formula Excel would run."""
    import openpyxl

    rows = [{"原文": "=HYPERLINK(\"http://x\",\"点此\")"}, {"原文": "-3.2%"}, {"原文": "增长=6%"}]
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"表": (["原文"], rows)})))["表"]
    cells = [c for c in ws["A"][1:]]
    assert [c.value for c in cells] == [r["原文"] for r in rows]
    assert [c.data_type for c in cells] == ["s", "s", "s"]


def test_the_style_hook_sees_every_sheet_after_it_is_written():
    seen = []

    def style(name, ws):
        seen.append((name, ws.max_row))
        ws.freeze_panes = "A2"

    import openpyxl

    data = export.xlsx_bytes({"甲": (COLUMNS, ROWS), "乙": (["x"], [[1]])}, style=style)
    assert seen == [("甲", len(ROWS) + 1), ("乙", 2)]
    assert openpyxl.load_workbook(io.BytesIO(data))["甲"].freeze_panes == "A2"

"""The Excel round trip of the figures: export, edit in a workbook (values, deleted rows, added
rows, 已核对), import as fact corrections with a Chinese report; a damaged file changes nothing."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lib.__main__ import main
from lib.store.workbook import COLUMNS, SHEET, export_workbook, import_workbook
from lib.store.library import Library
from lib.model import ADDED, CHECKED, CORRECTED, PARSED
from tests.support.review_texts import HUZHOU_2023, HUZHOU_2024

HEAD = [h for _, h in COLUMNS]


@pytest.fixture
def lib_(tmp_path):
    lib = Library(tmp_path / "x.sqlite")
    for text, name in ((HUZHOU_2023, "湖州2023.txt"), (HUZHOU_2024, "湖州2024.txt")):
        assert lib.add_text(text, name).status == "added"
    return lib


def _sheet(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    return wb, wb[SHEET]


def _find(ws, file, indicator, section="实绩"):
    col = {h: i for i, h in enumerate(HEAD)}
    for row in ws.iter_rows(min_row=2):
        v = [c.value for c in row]
        if v[col["文件"]] == file and v[col["指标键"]] == indicator and v[col["类型"]] == section:
            return row, col
    raise AssertionError(f"no row {file} {indicator}")


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _state(lib, file="湖州2024.txt"):
    rep = next(r for r in lib.load_reports() if r.meta.file == file)
    return {(f.indicator, f.section): (f.value, f.provenance) for f in rep.facts}


def _edited(lib) -> bytes:
    wb, ws = _sheet(export_workbook(lib))
    row, col = _find(ws, "湖州2024.txt", "gdp_growth")
    row[col["数值"]].value = 6.3
    row, col = _find(ws, "湖州2024.txt", "gdp")
    row[col["核对"]].value = "已核对"
    row, _ = _find(ws, "湖州2024.txt", "retail_sales_growth")
    ws.delete_rows(row[0].row)
    ws.append(["", "湖州2024.txt", "", "trade", "", "实绩", 2023, 1520, None, "亿元", "等于", "", "", "",
               "进出口1520亿元", "", ""])
    return _save(wb)


def test_the_export_holds_every_fact_with_id_provenance_doubt_and_evidence(lib_):
    wb, ws = _sheet(export_workbook(lib_))
    assert [c.value for c in ws[1]] == HEAD and "说明" in wb.sheetnames
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(r.facts) for r in lib_.load_reports())
    row, col = _find(ws, "湖州2024.txt", "gdp_growth")
    assert row[col["编号"]].value.endswith("-2") and row[col["核对"]].value == PARSED
    assert row[col["原文数字"]].value == "6.2%" and "同比增长6.2%" in row[col["原文"]].value
    listed = _find(ws, "湖州2024.txt", "industrial_va_growth")
    assert "分别" in listed[0][listed[1]["疑点"]].value


def test_edits_deletions_additions_and_checks_become_corrections(lib_):
    rep = import_workbook(lib_, _edited(lib_))
    assert rep.ok, rep.lines()
    assert len(rep.changed) == 1 and "数值 → 6.3" in rep.changed[0]
    assert len(rep.checked) == 1 and len(rep.removed) == 1 and len(rep.added) == 1
    st = _state(lib_)
    assert st[("gdp_growth", "result")] == (6.3, CORRECTED) and st[("gdp", "result")] == (4015.0, CHECKED)
    assert ("retail_sales_growth", "result") not in st and st[("trade", "result")] == (1520.0, ADDED)
    assert _state(lib_, "湖州2023.txt") and all(p == PARSED for _, p in _state(lib_, "湖州2023.txt").values())
    # importing the same edits again changes nothing more
    again = import_workbook(lib_, export_workbook(lib_))
    assert again.ok and not (again.changed or again.removed or again.added or again.checked)


def test_a_dry_run_reports_and_stores_nothing(lib_):
    rep = import_workbook(lib_, _edited(lib_), dry_run=True)
    assert len(rep.changed) == 1 and len(rep.added) == 1
    assert lib_.fact_corrections("湖州2024.txt") == []


def test_bad_rows_are_refused_with_reasons_and_the_rest_goes_in(lib_):
    wb, ws = _sheet(export_workbook(lib_))
    row, col = _find(ws, "湖州2024.txt", "gdp_growth")
    row[col["数值"]].value = "六点三"
    row, col = _find(ws, "湖州2024.txt", "urban_income_growth")
    row[col["数值"]].value = 5.6
    row, col = _find(ws, "湖州2023.txt", "gdp_growth")
    row[col["编号"]].value = "999-1"
    ws.append(["", "不存在.txt", "", "trade", "", "实绩", 2023, 1, None, "亿元", "等于", "", "", "", "1", "", ""])
    ws.append(["", "湖州2024.txt", "", "no_such", "", "实绩", 2023, 1, None, "亿元", "等于", "", "", "",
               "进出口1520亿元", "", ""])
    rep = import_workbook(lib_, _save(wb))
    text = "\n".join(rep.refused)
    assert len(rep.refused) == 4, rep.refused
    assert "不是数字" in text and "999-1" in text and "不存在.txt" in text and "未知指标" in text
    assert _state(lib_)[("urban_income_growth", "result")] == (5.6, CORRECTED)
    assert _state(lib_)[("gdp_growth", "result")] == (6.2, PARSED)


@pytest.mark.parametrize("damage", ["truncated", "not_excel", "no_columns", "empty"])
def test_a_damaged_file_changes_nothing(lib_, damage):
    good = _edited(lib_)
    if damage == "truncated":
        data = good[: len(good) // 2]
    elif damage == "not_excel":
        data = "编号,数值\n1-1,5\n".encode("utf-8")
    elif damage == "no_columns":
        wb, ws = _sheet(good)
        ws.delete_cols(HEAD.index("数值") + 1)
        data = _save(wb)
    else:
        data = b""
    rep = import_workbook(lib_, data)
    assert rep.error and "没有任何改动" in rep.summary()
    assert lib_.fact_corrections("湖州2024.txt") == []


def test_a_report_absent_from_the_file_is_not_deleted(lib_):
    wb, ws = _sheet(export_workbook(lib_))
    col = {h: i for i, h in enumerate(HEAD)}
    for row in reversed(list(ws.iter_rows(min_row=2))):
        if row[col["文件"]].value == "湖州2023.txt":
            ws.delete_rows(row[0].row)
    rep = import_workbook(lib_, _save(wb))
    assert rep.ok and not rep.removed


def test_the_command_line_round_trip(lib_, tmp_path, capsys):
    out = tmp_path / "facts.xlsx"
    assert main(["library", "facts", "export", str(out), "--db", str(lib_.path)]) == 0
    assert out.stat().st_size > 0
    out.write_bytes(_edited(lib_))
    assert main(["library", "facts", "import", str(out), "--db", str(lib_.path), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out and lib_.fact_corrections("湖州2024.txt") == []
    assert main(["library", "facts", "import", str(out), "--db", str(lib_.path)]) == 0
    printed = capsys.readouterr().out
    assert "修正 1 项" in printed and "添加 1 项" in printed and "删除 1 项" in printed
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    assert main(["library", "facts", "import", str(bad), "--db", str(lib_.path)]) == 1
    assert "未导入" in capsys.readouterr().err


def test_the_workbook_keeps_its_styles_and_writes_years_and_values_as_numbers(lib_):
    """Through the one table writer (lib.present.export) with the review workbook's style hook."""
    wb, ws = _sheet(export_workbook(lib_))
    assert ws.freeze_panes == "B2"
    col = {h: i for i, h in enumerate(HEAD)}
    row, _ = _find(ws, "湖州2024.txt", "gdp_growth")
    assert row[col["编号"]].fill.fgColor.rgb.endswith("EEEEEE")  # not to edit: grey
    assert row[col["数值"]].fill.fill_type is None
    assert isinstance(row[col["年份"]].value, int) and isinstance(row[col["数值"]].value, float)
    assert ws.column_dimensions[ws.cell(1, col["原文"] + 1).column_letter].width == 60
    assert wb["说明"].column_dimensions["B"].width == 100

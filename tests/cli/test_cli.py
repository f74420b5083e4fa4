"""`python -m lib extract`: the tables, the workbook, failures per file."""
from __future__ import annotations

import csv
import subprocess
import sys

from conftest import ROOT

REPORT = """XX县2024年政府工作报告
各位代表:
一、2023年工作回顾
全县生产总值完成312.5亿元,同比增长6.8%;一般公共预算收入完成18.2亿元,增长12.6%。
二、2024年工作安排
主要预期目标是:地区生产总值增长6.5%左右,城镇调查失业率控制在5.5%以内。
"""


def run(*args):
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True)


def test_extract_writes_csvs_and_a_workbook(tmp_path):
    src = tmp_path / "county.txt"
    src.write_text(REPORT, encoding="gb18030")
    proc = run("extract", str(src), "--out", str(tmp_path / "o"), "--xlsx")
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "o" / "facts.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {"file", "indicator", "section", "year", "value", "value_high", "unit", "qualifier",
            "estimated", "evidence", "start", "end", "province", "level"} <= set(rows[0])
    assert all(r["file"] == str(src) for r in rows)
    got = {(r["indicator"], r["value"]) for r in rows}
    assert ("gdp", "312.5") in got
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "o" / "extract.xlsx")
    assert wb.sheetnames == ["facts", "reports", "pairs"]
    assert wb["facts"].max_row == len(rows) + 1


def test_unreadable_files_are_named_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run("extract", str(empty), str(good), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 2 and "empty.txt" in lines[0] and "nope.txt" in lines[1]
    assert "Traceback" not in proc.stderr
    with open(tmp_path / "o" / "reports.csv", encoding="utf-8") as fh:
        assert [r["file"] for r in csv.DictReader(fh)] == [str(good)]


def test_a_report_without_years_leaves_its_year_cells_empty_and_the_others_stay_whole(tmp_path):
    """reports.csv through the one CSV writer: a column of years with a gap is 2023, not 2023.0."""
    dated = tmp_path / "county.txt"
    dated.write_text(REPORT, encoding="utf-8")
    undated = tmp_path / "notes.txt"
    undated.write_text("XX县政府工作报告\n各位代表:\n全县生产总值完成312.5亿元,同比增长6.8%。\n", encoding="utf-8")
    proc = run("extract", str(dated), str(undated), "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    raw = (tmp_path / "o" / "reports.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # a file for programs: no BOM
    with open(tmp_path / "o" / "reports.csv", encoding="utf-8") as fh:
        years = {r["file"]: r["review_year"] for r in csv.DictReader(fh)}
    assert years == {str(dated): "2023", str(undated): ""}

"""`python -m lib library ...`: add, list, remove, export, import, correct, reextract."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from lib.__main__ import main
from lib.store.library import Library

from conftest import ROOT
from tests.support.library_helpers import docx_bytes, make_report, make_reports

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listing(capsys, db) -> list[dict]:
    code, out, err = run(capsys, "library", "list", "--db", str(db))
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture
def files(tmp_path):
    paths = []
    for name, text, _ in make_reports(3, start=60):
        p = tmp_path / name
        p.write_bytes(text.encode("gb18030"))
        paths.append(p)
    return paths


def test_add_then_list_is_csv_with_one_row_per_report(capsys, tmp_path, files):
    db = tmp_path / "lib.sqlite"
    code, out, err = run(capsys, "library", "add", *map(str, files), "--db", str(db))
    assert code == 0, err
    assert out.count("已加入") == 3 and "新增 3 份" in err
    rows = listing(capsys, db)
    assert [r["file"] for r in rows] == [p.name for p in files]
    assert {"id", "file", "place", "level", "review_year", "plan_year", "facts", "place_confidence", "source",
            "added_at", "sha256", "same_place_year"} <= set(rows[0])
    assert {r["source"] for r in rows} == {"cli"}
    assert all(len(r["sha256"]) == 64 for r in rows)


def test_a_batch_with_bad_files_names_each_on_stderr_and_adds_the_rest(capsys, tmp_path, files):
    db = tmp_path / "lib.sqlite"
    empty = tmp_path / "空白.txt"
    empty.write_bytes(b"")
    broken = tmp_path / "残缺.docx"
    broken.write_bytes(docx_bytes(make_report(1)[0])[:3000])
    exe = tmp_path / "程序.exe"
    exe.write_bytes(b"MZ" + bytes(300))
    args = [str(files[0]), str(empty), str(broken), str(files[1]), str(exe), str(tmp_path / "没有.txt"),
            str(files[0]), str(files[2])]
    code, out, err = run(capsys, "library", "add", *args, "--db", str(db))
    assert code == 1
    for name in ("空白.txt", "残缺.docx", "程序.exe", "没有.txt"):
        assert f"「{name}」" in err
    assert "已在库中" in err and "失败 4 份" in err and "新增 3 份" in err
    assert len(listing(capsys, db)) == 3


def test_db_flag_then_env_variable(capsys, tmp_path, files, monkeypatch):
    env_db, flag_db = tmp_path / "env.sqlite", tmp_path / "flag.sqlite"
    monkeypatch.setenv("GOVREPORT_DB", str(env_db))
    assert run(capsys, "library", "add", str(files[0]))[0] == 0
    assert run(capsys, "library", "add", str(files[1]), "--db", str(flag_db))[0] == 0
    assert run(capsys, "library", "--db", str(flag_db), "add", str(files[2]))[0] == 0
    assert Library(env_db).count() == 1 and Library(flag_db).count() == 2


def test_remove_by_id_or_name_and_unknown_is_named(capsys, tmp_path, files):
    db = tmp_path / "lib.sqlite"
    run(capsys, "library", "add", *map(str, files), "--db", str(db))
    code, out, err = run(capsys, "library", "remove", "1", files[2].name, "nosuch.txt", "--db", str(db))
    assert code == 1 and "「nosuch.txt」" in err
    assert f"已删除「{files[0].name}」" in out and f"已删除「{files[2].name}」" in out
    assert [r["file"] for r in listing(capsys, db)] == [files[1].name]
    # removal is permanent on the command line: adding again gives a fresh copy
    assert run(capsys, "library", "add", str(files[0]), "--db", str(db))[0] == 0
    assert len(listing(capsys, db)) == 2


def test_export_zip_and_import_merge_without_duplicates(capsys, tmp_path, files):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    run(capsys, "library", "add", *map(str, files), "--db", str(a))
    run(capsys, "library", "correct", "2", "--province", "云南省", "--city", "大理白族自治州", "--district", "",
        "--level", "市", "--db", str(a))
    bundle = tmp_path / "out" / "库.zip"
    code, out, err = run(capsys, "library", "export", str(bundle), "--db", str(a))
    assert code == 0 and bundle.exists() and "3 份报告" in out
    run(capsys, "library", "add", str(files[1]), "--db", str(b))
    code, out, err = run(capsys, "library", "import", str(bundle), "--db", str(b))
    assert code == 0 and "新增 2 份,已存在 1 份" in err
    rows_a = {r["sha256"]: r for r in listing(capsys, a)}
    rows_b = {r["sha256"]: r for r in listing(capsys, b)}
    assert set(rows_a) == set(rows_b)
    corrected = [r for r in rows_b.values() if r["place"] == "云南省大理白族自治州"]
    assert len(corrected) == 0  # files[1] was already in b, uncorrected: the existing copy wins
    code, out, err = run(capsys, "library", "import", str(bundle), "--db", str(tmp_path / "c.sqlite"))
    assert [r["place"] for r in listing(capsys, tmp_path / "c.sqlite")].count("云南省大理白族自治州") == 1
    code, out, err = run(capsys, "library", "import", str(files[0]), str(tmp_path / "无.zip"), "--db", str(b))
    assert code == 1 and f"「{files[0].name}」" in err and "「无.zip」" in err


def test_export_tables_csv_and_xlsx(capsys, tmp_path):
    import pandas as pd

    db = tmp_path / "lib.sqlite"
    run(capsys, "library", "add", *map(str, SEEDS), "--db", str(db))
    assert run(capsys, "library", "export", str(tmp_path / "facts.csv"), "--db", str(db))[0] == 0
    facts = pd.read_csv(tmp_path / "facts.csv", encoding="utf-8-sig")
    n = sum(len(r.facts) for r in Library(db).load_reports())
    assert len(facts) == n and {"indicator", "value", "unit", "evidence", "place"} <= set(facts.columns)
    assert run(capsys, "library", "export", str(tmp_path / "r.csv"), "--what", "reports", "--db", str(db))[0] == 0
    reports = pd.read_csv(tmp_path / "r.csv", encoding="utf-8-sig")
    assert sorted(reports["file"]) == [p.name for p in SEEDS]
    assert run(capsys, "library", "export", str(tmp_path / "all.xlsx"), "--db", str(db))[0] == 0
    book = pd.read_excel(tmp_path / "all.xlsx", sheet_name=None)
    assert set(book) == {"指标", "报告"} and len(book["报告"]) == 5
    assert run(capsys, "library", "export", str(tmp_path / "backup.sqlite"), "--db", str(db))[0] == 0
    assert Library(tmp_path / "backup.sqlite").count() == 5
    code, _, err = run(capsys, "library", "export", str(tmp_path / "x.pdf"), "--db", str(db))
    assert code == 2 and "x.pdf" in err


def test_correct_and_its_errors(capsys, tmp_path, files):
    db = tmp_path / "lib.sqlite"
    run(capsys, "library", "add", *map(str, files), "--db", str(db))
    code, out, err = run(capsys, "library", "correct", files[0].name, "--province", "湖南省", "--city", "衡阳市",
                         "--district", "", "--level", "市", "--review-year", "2020", "--plan-year", "2021", "--db", str(db))
    assert code == 0, err
    row = listing(capsys, db)[0]
    assert (row["place"], row["level"], row["review_year"], row["plan_year"]) == ("湖南省衡阳市", "市", "2020", "2021")
    assert row["place_confidence"] == "1.0" and "province" in row["corrected"]
    code, _, err = run(capsys, "library", "correct", "1", "--level", "乡", "--db", str(db))
    assert code == 1 and "级别「乡」无效" in err
    code, _, err = run(capsys, "library", "correct", "1", "--db", str(db))
    assert code == 2
    assert run(capsys, "library", "correct", "1", "--clear", "--db", str(db))[0] == 0
    assert listing(capsys, db)[0]["corrected"] == ""


def test_reextract_reports_what_it_did(capsys, tmp_path, files):
    db = tmp_path / "lib.sqlite"
    run(capsys, "library", "add", *map(str, files), "--db", str(db))
    code, out, err = run(capsys, "library", "reextract", "--db", str(db))
    assert code == 0 and "没有需要重新抽取的报告" in err
    code, out, err = run(capsys, "library", "reextract", "2", "--db", str(db))
    assert code == 0 and f"已重新抽取「{files[1].name}」" in out


def test_a_file_that_is_not_a_library_is_refused_and_left_alone(capsys, tmp_path, files):
    notdb = tmp_path / "notes.sqlite"
    notdb.write_bytes("这不是数据库,只是一段文字。".encode() * 200)
    before = notdb.read_bytes()
    code, out, err = run(capsys, "library", "add", str(files[0]), "--db", str(notdb))
    assert code == 3 and "notes.sqlite" in err and "无法打开报告库" in err
    assert notdb.read_bytes() == before


def test_the_module_entry_point_and_help(tmp_path, files):
    db = tmp_path / "p.sqlite"
    proc = subprocess.run([sys.executable, "-m", "lib", "library", "add", str(files[0]), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "lib", "library", "list", "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert proc.returncode == 0 and [r["file"] for r in rows] == [files[0].name]
    proc = subprocess.run([sys.executable, "-m", "lib", "library", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and "导入" in proc.stdout and "GOVREPORT_DB" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "lib", "library", "frobnicate"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2

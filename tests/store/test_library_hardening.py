"""Hostile input to the library and the readers: decompression bombs, forged library files,
special files, broken or foreign databases, and the small leaks (terminal escapes, units,
English messages)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from lib.store import service as appdata

from lib.present import index
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB
from lib.store.library import Library
from lib.store.meta import clean_corrections
from lib.store.records import LibraryError, _human_size
from lib.model import ReadError
from lib.parse import readers
from lib.limits import MAX_DOCX_PARAGRAPHS, MAX_PDF_PAGES, MAX_REPORT_CHARS
from lib.present.escape import CONTROL

from conftest import ROOT
from tests.support.library_helpers import (docx_bytes, make_report, make_reports, stand_in_parse_bytes,
                             stand_in_parse_text, text_pdf_bytes)


def _lib(path):
    return Library(path, parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)


def _chinese(msg: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in msg)


def _cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "lib", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


# ---- 3. decompression bombs --------------------------------------------------------------------

def _docx_with_body(paragraphs) -> bytes:
    """A real docx whose word/document.xml is replaced by one with these paragraphs."""
    src = zipfile.ZipFile(io.BytesIO(docx_bytes("某市政府工作报告\n各位代表:")))
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    body = head + "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs) + "</w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = body.encode("utf-8") if info.filename == "word/document.xml" else src.read(info)
            zf.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def test_a_docx_that_unpacks_to_tens_of_megabytes_is_refused_by_name(tmp_path):
    bomb = _docx_with_body(["政府工作报告" * 200] * 12_000)  # document.xml: about 44 MB
    assert len(bomb) < 1_000_000
    res = _lib(tmp_path / "b.sqlite").add_bytes(bomb, "炸弹.docx")
    assert res.status == "error" and "炸弹.docx" in res.message and "解压" in res.message, res.message


def test_a_docx_with_more_text_than_any_report_is_refused_while_reading():
    data = _docx_with_body(["政府工作报告" * 1000] * (MAX_REPORT_CHARS // 6000 + 10))
    with pytest.raises(ReadError) as err:
        readers.read_bytes(data, "长.docx")
    assert "长.docx" in str(err.value) and "万字" in str(err.value)


def test_a_docx_of_countless_tiny_paragraphs_is_refused_before_python_docx_reads_it():
    # 365,000 empty paragraphs in 15 MB took python-docx 90 s
    data = _docx_with_body(["政"] * (MAX_DOCX_PARAGRAPHS + 1))
    with pytest.raises(ReadError) as err:
        readers.read_bytes(data, "碎.docx")
    assert "碎.docx" in str(err.value) and "段落" in str(err.value)


def test_a_pdf_with_more_pages_than_any_report_is_refused():
    data = text_pdf_bytes(["第一页政府工作报告", "第二页地区生产总值"], repeat=MAX_PDF_PAGES // 2 + 1)
    with pytest.raises(ReadError) as err:
        readers.read_bytes(data, "页数.pdf")
    assert "页数.pdf" in str(err.value) and str(MAX_PDF_PAGES) in str(err.value)


def test_a_pdf_of_identical_pages_says_so_instead_of_no_text(tmp_path):
    page = "某市人民政府工作报告\n地区生产总值增长百分之五,城乡居民收入稳步增长。\n第1页"
    res = _lib(tmp_path / "p.sqlite").add_bytes(text_pdf_bytes([page], repeat=40), "同页.pdf")
    assert res.status == "error" and "同页.pdf" in res.message and "相同" in res.message, res.message
    # pages that differ only in their page number are the same page too
    pages = [page.replace("第1页", f"第{i}页") for i in range(1, 41)]
    res = _lib(tmp_path / "p.sqlite").add_bytes(text_pdf_bytes(pages), "页码.pdf")
    assert res.status == "error" and "相同" in res.message, res.message


# ---- 4. imported data is not trusted --------------------------------------------------------------

def _rewrite(blob: bytes, change) -> bytes:
    """A copy of a library zip with change(name, bytes) -> bytes applied to each member."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, change(info.filename, src.read(info)))
    return out.getvalue()


def _forge(name: str, data: bytes) -> bytes:
    if not name.startswith("extractions/"):
        return data
    ext = json.loads(data)
    ext["meta"].update(province="伪造省", city="", review_year="abc", plan_year="abc")
    ext["facts"][0]["value"] = "abc"
    ext["facts"][1]["value"] = 999999.0
    ext["warnings"] = ["**x**[点我](http://evil.example/)"]
    ext["text"] = "伪" * (MAX_REPORT_CHARS + 1)
    return json.dumps(ext, ensure_ascii=False).encode()


def test_an_imported_extraction_is_not_trusted_the_original_is_read_again(tmp_path):
    src = _lib(tmp_path / "src.sqlite")
    for name, text, _ in make_reports(2):
        src.add_bytes(text.encode(), name)
    forged = _rewrite(src.export_library(), _forge)
    dst = _lib(tmp_path / "dst.sqlite")
    assert [r.status for r in dst.import_library(forged, "伪造.zip")] == ["added", "added"]
    want = {r.meta.file: r for r in src.load_reports()}
    got = {r.meta.file: r for r in dst.load_reports()}
    assert {f: r.facts for f, r in got.items()} == {f: r.facts for f, r in want.items()}
    assert {f: r.text for f, r in got.items()} == {f: r.text for f, r in want.items()}
    assert {f: r.warnings for f, r in got.items()} == {f: r.warnings for f, r in want.items()}
    assert all(e.meta.province != "伪造省" and isinstance(e.meta.review_year, int) for e in dst.entries())
    index.build_index(dst.load_reports())  # the pages' index builds


def test_bad_values_already_stored_do_not_break_listing_loading_or_the_pages(tmp_path):
    lib_ = _lib(tmp_path / "old.sqlite")
    for name, text, _ in make_reports(2):
        lib_.add_bytes(text.encode(), name)
    with sqlite3.connect(lib_.path) as con:  # what an older version's import could have stored
        eid, meta, pack = con.execute("SELECT id, meta, facts_pack FROM extractions ORDER BY id").fetchone()
        meta = json.loads(meta)
        meta.update(review_year="abc", plan_year=[2024], place_confidence="high", province=["伪"], chars="x")
        pack = json.loads(pack)
        vi = pack["fields"].index("value")
        yi = pack["fields"].index("year")
        pack["cols"][vi][0], pack["cols"][yi][0] = "abc", "二〇二四"
        con.execute("UPDATE extractions SET meta = ?, facts_pack = ? WHERE id = ?",
                    (json.dumps(meta), json.dumps(pack), eid))
    fresh = Library(lib_.path)
    entries = fresh.entries()
    appdata.entries_frame(entries)  # the 库 page's table
    bad = entries[0].meta
    assert bad.review_year is None and bad.plan_year is None and isinstance(bad.place_confidence, float)
    reports = fresh.load_reports()
    assert reports[0].facts[0].value is None and reports[0].facts[0].year is None
    index.build_index(reports)


def test_a_manifest_of_bogus_entries_is_summarised_not_listed_one_by_one(tmp_path):
    src = _lib(tmp_path / "src.sqlite")
    name, text, _ = make_reports(1)[0]
    src.add_bytes(text.encode(), name)

    def bogus(member, data):
        if member != "manifest.json":
            return data
        m = json.loads(data)
        m["reports"] += [{"sha256": "zz", "file": f"假{i}.txt"} for i in range(20_000)] + ["junk", 7]
        return json.dumps(m).encode()

    res = _lib(tmp_path / "dst.sqlite").import_library(_rewrite(src.export_library(), bogus), "清单.zip")
    assert [r.status for r in res].count("added") == 1
    errors = [r for r in res if r.status == "error"]
    assert 1 <= len(errors) <= 3 and any("20002" in r.message for r in errors), [r.message for r in errors]


def test_content_already_present_is_found_before_its_member_is_read(tmp_path):
    src = _lib(tmp_path / "src.sqlite")
    items = make_reports(2)
    for name, text, _ in items:
        src.add_bytes(text.encode(), name)
    blob = src.export_library()
    present = hashlib.sha256(items[0][1].encode()).hexdigest()
    # the member of the report already present is damaged: reading it would fail
    broken = bytearray(blob)
    at = broken.find(f"originals/{present}".encode(), 0) + len(f"originals/{present}") + 40
    broken[at:at + 20] = b"\x00" * 20
    dst = _lib(tmp_path / "dst.sqlite")
    dst.add_bytes(items[0][1].encode(), "已有.txt")
    res = dst.import_library(bytes(broken), "库.zip")
    assert res[0].status == "duplicate", res[0].message


# ---- 6. special files and broken libraries ---------------------------------------------------------

@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "管道.txt"
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_and_the_rest_of_the_batch_runs(tmp_path, fifo):
    good = tmp_path / "好.txt"
    good.write_text(make_report(1)[0], encoding="utf-8")
    db = tmp_path / "f.sqlite"
    proc = _cli("library", "add", fifo, good, "--db", db, timeout=60)
    assert proc.returncode == 1 and "管道.txt" in proc.stderr and "普通文件" in proc.stderr, proc.stderr
    assert Library(db).count() == 1
    proc = _cli("extract", fifo, good, "--out", tmp_path / "out", timeout=60)
    assert proc.returncode == 1 and "管道.txt" in proc.stderr and "普通文件" in proc.stderr, proc.stderr
    assert "1 份报告" in proc.stdout


def test_a_device_is_refused_without_reading_it(tmp_path):
    res = Library(tmp_path / "d.sqlite").add_paths(["/dev/zero"])
    assert res[0].status == "error" and "zero" in res[0].message and "普通文件" in res[0].message
    with pytest.raises(ReadError) as err:
        readers.read_path("/dev/zero")
    assert "普通文件" in str(err.value)


def test_extract_of_a_directory_says_so_in_chinese(tmp_path):
    proc = _cli("extract", tmp_path, "--out", tmp_path / "out")
    assert proc.returncode == 1 and "目录" in proc.stderr and "Is a directory" not in proc.stderr, proc.stderr


def _corrupt(path) -> None:
    """Damage from the middle of the file on, as a disk or a copy cut short would: part of
    every third page after the first half overwritten (tables, indexes and originals alike)."""
    with sqlite3.connect(path) as con:
        page = con.execute("PRAGMA page_size").fetchone()[0]
    size = os.path.getsize(path)
    with open(path, "r+b") as fh:
        for at in range((size // 2) // page * page, size, 3 * page):
            fh.seek(at + 8)
            fh.write(os.urandom(page // 2))


@pytest.fixture
def corrupt_db(tmp_path):
    lib_ = _lib(tmp_path / "坏库.sqlite")
    for name, text, _ in make_reports(12):
        lib_.add_bytes(text.encode(), name)
    lib_.backup(tmp_path / "坏库.sqlite.bak")  # the last good backup
    _corrupt(lib_.path)
    from lib.store import schema

    schema._initialised.clear()
    return lib_.path


def _reopen(path) -> Library:
    """The library as a new process opens it (its first open checks the file and backs it up)."""
    from lib.store import schema

    schema._initialised.clear()
    return _lib(path)


def test_the_first_open_backs_up_a_library_in_the_background_once_a_day(tmp_path):
    lib_ = _lib(tmp_path / "库.sqlite")
    assert lib_.wait_for_backup(30) and not lib_.backup_path().exists()  # nothing to keep yet
    for name, text, _ in make_reports(3):
        lib_.add_bytes(text.encode(), name)
    again = _reopen(lib_.path)
    assert again.wait_for_backup(60)
    bak = again.backup_path()
    assert bak.name == "库.sqlite.bak" and not list(tmp_path.glob("*.tmp"))
    assert Library(bak).count() == 3
    lib_.add_bytes(make_report(50)[0].encode(), "新的一份.txt")
    _reopen(lib_.path).wait_for_backup(60)  # a copy of today is kept, not replaced by every open
    assert Library(bak).count() == 3
    old = bak.stat().st_mtime - 25 * 3600
    os.utime(bak, (old, old))
    _reopen(lib_.path).wait_for_backup(60)
    assert Library(bak).count() == 4


def test_a_backup_that_cannot_be_written_stops_nothing(tmp_path):
    lib_ = _lib(tmp_path / "库.sqlite")
    for name, text, _ in make_reports(2):
        lib_.add_bytes(text.encode(), name)
    lib_.backup_path().mkdir()  # where the copy goes is taken by a folder
    again = _reopen(lib_.path)
    assert again.wait_for_backup(60)
    assert again.count() == 2 and lib_.backup_path().is_dir() and not list(tmp_path.glob("*.tmp"))


def test_a_corrupt_library_is_refused_in_chinese_and_never_written(corrupt_db):
    with pytest.raises(LibraryError) as err:
        Library(corrupt_db)
    msg = str(err.value)
    assert "坏库.sqlite" in msg and "损坏" in msg and "坏库.sqlite.bak" in msg, msg
    before = corrupt_db.read_bytes()
    good = corrupt_db.parent / "新报告.txt"
    good.write_text(make_report(99)[0], encoding="utf-8")
    proc = _cli("library", "add", good, "--db", corrupt_db)
    assert proc.returncode == 3 and "损坏" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert corrupt_db.read_bytes() == before


@pytest.mark.parametrize("page", ["app_pages/compare.py", "app_pages/report.py", "app_pages/library.py",
                                  "app_pages/plan.py"])
def test_pages_on_a_corrupt_library_show_a_message_not_a_traceback(corrupt_db, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    import app_state as dashdata

    monkeypatch.setenv("GOVREPORT_DB", str(corrupt_db))
    appdata._cache.clear()
    appdata._seeded.clear()
    dashdata.refresh()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    if page.endswith("library.py"):
        assert any("损坏" in e.value for e in at.error)
    dashdata.refresh()


def test_another_programs_sqlite_file_is_left_as_it_was(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("INSERT INTO users VALUES (1, 'x')")
    before = path.read_bytes()
    with pytest.raises(LibraryError) as err:
        Library(path)
    assert "other.db" in str(err.value) and _chinese(str(err.value))
    assert path.read_bytes() == before and not (tmp_path / "other.db-wal").exists()
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


# ---- 7. small ones ------------------------------------------------------------------------------

def test_library_list_prints_no_control_characters(tmp_path):
    name = "报告\x1b[2J\x1b]0;标题\x07\u202etxt.exe.txt"
    path = tmp_path / name
    path.write_text(make_report(3)[0], encoding="utf-8")
    db = tmp_path / "l.sqlite"
    assert _cli("library", "add", path, "--db", db).returncode == 0
    out = _cli("library", "list", "--db", db).stdout
    assert "报告" in out and not CONTROL.search(out.replace("\n", "")), repr(out)
    with sqlite3.connect(db) as con:  # nothing of it stored either
        assert not any(CONTROL.search(v) for v, in con.execute("SELECT original_name FROM reports"))


def test_one_size_unit_everywhere():
    assert MAX_FILE_BYTES == MAX_FILE_MB * 1_000_000
    assert _human_size(30_000_000) == "30.0 MB"  # what Streamlit says of the same file
    with pytest.raises(ReadError) as err:
        from lib.store.intake import _check_bytes

        _check_bytes(b"x" * 25_000_000, "大.txt")
    assert "25.0 MB" in str(err.value) and f"{MAX_FILE_MB} MB" in str(err.value)


def test_the_upload_limits_are_the_librarys(tmp_path, monkeypatch):
    import tomllib

    from streamlit.testing.v1 import AppTest

    from lib.store.archive import MAX_LIBRARY_ZIP_MB

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["maxUploadSize"] == MAX_LIBRARY_ZIP_MB  # the largest upload: a library zip
    monkeypatch.setenv("GOVREPORT_DB", str(tmp_path / "u.sqlite"))
    appdata._cache.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("app_pages/library.py")
    at.run()
    limits = {u.proto.label: u.proto.max_upload_size_mb for u in at.get("file_uploader")}
    # the browser takes up to the library zip's limit everywhere; a report's own limit is checked by
    # the page, which names a bigger file in Chinese (tests/e2e/test_e2e_chinese.py), and said once
    assert set(limits.values()) == {MAX_LIBRARY_ZIP_MB}, limits
    assert sum(f"单个文件不超过 {MAX_FILE_MB} MB" in c.value for c in at.caption) == 1


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], 3.5, b"bytes"])
def test_a_correction_that_is_not_text_is_refused(value):
    with pytest.raises(LibraryError) as err:
        clean_corrections({"city": value})
    assert "city" in str(err.value) and _chinese(str(err.value))

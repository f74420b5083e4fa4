"""Bad input never crashes and never damages what is stored; concurrent writers lose
nothing; a process killed mid-import leaves a consistent library."""
from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

import lib.store.service as appdata
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB
from lib.store.intake import MAX_NAME_CHARS, safe_name
from lib.store.library import Library

from conftest import ROOT
from tests.support.library_helpers import (docx_bytes, make_report, make_reports, pdf_bytes, stand_in_parse_bytes,
                             stand_in_parse_text)


def junk(n: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(n)


def snapshot(path) -> dict:
    """Everything stored per report: row, original, extraction and facts."""
    with sqlite3.connect(path) as con:
        out = {}
        for rid, sha, file, corr in con.execute("SELECT id, sha256, file, corrections FROM reports"):
            orig = con.execute("SELECT data FROM originals WHERE sha256=?", (sha,)).fetchone()[0]
            ext = con.execute("SELECT id, n_facts, text, facts_pack FROM extractions WHERE sha256=?",
                              (sha,)).fetchone()
            bins = con.execute("SELECT data FROM fact_bins WHERE ext_id=?", (ext[0],)).fetchone()
            out[sha] = (file, corr, bytes(orig), ext[1], ext[2], ext[3], bytes(bins[0]))
    return out


def assert_whole(path) -> None:
    """integrity_check ok, and every stored report complete: original with its hash,
    one extraction whose fact count matches its stored facts (the pack and the binary records)."""
    from lib.store.fact_bins import _split_fact_bin, _unpack_facts
    import hashlib

    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        for sha, in con.execute("SELECT sha256 FROM reports"):
            data = con.execute("SELECT data FROM originals WHERE sha256=?", (sha,)).fetchone()
            assert data and hashlib.sha256(bytes(data[0])).hexdigest() == sha
            exts = con.execute("SELECT id, n_facts FROM extractions WHERE sha256=? AND error IS NULL",
                               (sha,)).fetchall()
            assert len(exts) == 1
            ext_id, n = exts[0]
            pack = con.execute("SELECT facts_pack FROM extractions WHERE id=?", (ext_id,)).fetchone()[0]
            assert len(_unpack_facts(con, ext_id, pack)[0]) == n
            data = con.execute("SELECT data FROM fact_bins WHERE ext_id=?", (ext_id,)).fetchone()[0]
            assert _split_fact_bin(data)[0] == n


@pytest.fixture
def filled(tmp_path):
    """A library with three good reports (one corrected) to be kept intact."""
    lib_ = Library(tmp_path / "lib.sqlite", parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    for name, text, _ in make_reports(3, start=40):
        assert lib_.add_bytes(text.encode("gb18030"), name).status == "added"
    lib_.save_correction(2, city="某市", level="市")
    return lib_


def _truncated_docx() -> bytes:
    data = docx_bytes(make_report(1)[0])
    return data[: len(data) // 2]


BAD = [
    # (name given, bytes, words the message must contain; a tuple: one of them)
    ("junk.txt", junk(20_000), ["junk.txt"]),
    ("junk.docx", junk(20_000, 2), ["junk.docx"]),
    ("junk.pdf", junk(20_000, 3), ["junk.pdf"]),
    ("nulls.txt", b"\x00" * 5000, ["nulls.txt", "二进制"]),
    ("empty.txt", b"", ["empty.txt", "为空"]),
    ("blank.txt", b" \n\r\n\t  \n" * 100, ["blank.txt", ("没有文字", "为空")]),
    ("truncated.docx", _truncated_docx(), ["truncated.docx"]),
    ("corrupt.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog" + junk(3000, 4), ["corrupt.pdf"]),
    ("setup.exe", b"MZ\x90\x00" + junk(4000, 5), ["setup.exe", "不支持的文件类型"]),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + junk(4000, 6), ["photo.jpg", "不支持"]),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + junk(4000, 7), ["old.doc", ".docx"]),
    ("latin.txt", bytes(range(0x80, 0x100)) * 40, ["latin.txt"]),
    ("english.txt", b"The quick brown fox jumps over the lazy dog. " * 100, ["english.txt", "中文"]),
    ("big.txt", b"a", ["big.txt", f"{MAX_FILE_MB} MB"]),  # bytes replaced by 50 MB below
]


def _bad_items():
    for name, data, words in BAD:
        if name == "big.txt":
            data = make_report(9)[0].encode() * (50 * 1024 * 1024 // len(make_report(9)[0].encode()) + 1)
            assert len(data) > 50 * 1024 * 1024 > MAX_FILE_BYTES
        yield name, data, words


@pytest.mark.parametrize("name, data, words", list(_bad_items()), ids=[b[0] for b in BAD])
def test_each_bad_file_gets_a_clear_message_and_the_batch_goes_on(filled, name, data, words):
    before = snapshot(filled.path)
    good = make_reports(2, start=70)
    results = filled.add_many([(good[0][0], good[0][1].encode()), (name, data), (good[1][0], good[1][1].encode())])
    assert [r.status for r in results] == ["added", "error", "added"], results[1].message
    msg = results[1].message
    assert all((any(x in msg for x in w) if isinstance(w, tuple) else w in msg) for w in words), msg
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg.replace(name, ""))  # Chinese
    after = snapshot(filled.path)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(after) == len(before) + 2
    assert_whole(filled.path)


def test_undecodable_bytes_inside_gbk_text_do_not_store_garbage(filled):
    text = make_report(3)[0].encode("gb18030")
    broken = bytearray(text)
    for i in range(100, len(broken), 37):
        broken[i] = 0xFF  # never valid in GBK/GB18030 or UTF-8
    res = filled.add_bytes(bytes(broken), "broken.txt")
    if res.status == "added":  # a lenient reader may recover it; then the text must still be mostly right
        rep = [r for r in filled.load_reports() if r.meta.file == "broken.txt"][0]
        assert rep.text.count("\ufffd") < len(rep.text) * 0.02 and "政府工作报告" in rep.text
    else:
        assert "broken.txt" in res.message
    assert_whole(filled.path)


@pytest.mark.parametrize("given, shown", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\System32\\报告.txt", "报告.txt"),
    ("C:\\Users\\王\\Desktop\\区政府工作报告.txt", "区政府工作报告.txt"),
    ("报\x00告.txt", "报告.txt"),
    ("/tmp/../../root/.bashrc", "bashrc"),
])
def test_path_tricks_in_file_names_are_neutralised(filled, tmp_path, given, shown):
    text = make_report(hash(given) % 1000 + 100)[0]
    res = filled.add_bytes(text.encode(), given)
    assert res.status == "added" and res.file == shown and shown in res.message
    assert filled.entry(res.report_id).file == shown
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in tmp_path.iterdir()
                                                                if p.name.startswith("lib.sqlite"))


def test_a_very_long_file_name_is_shortened(filled):
    res = filled.add_bytes(make_report(5)[0].encode(), "很长的名字" * 2000 + ".txt")
    assert res.status == "added" and len(res.file) <= MAX_NAME_CHARS and res.file.endswith(".txt")
    assert res.file in res.message


def test_stored_file_names_are_safe(filled):
    names = ["../x.txt", "a/b\\c.txt", "\x00\x01.txt", "...", "  ", "名" * 500]
    for i, n in enumerate(names):
        filled.add_bytes(make_report(200 + i)[0].encode(), n)
    for e in filled.entries():
        assert e.file == safe_name(e.file) and not set(e.file) & {"/", "\\", "\x00"}
        assert 0 < len(e.file) <= MAX_NAME_CHARS


def test_cli_names_each_failed_file_and_goes_on(tmp_path):
    good = tmp_path / "好报告.txt"
    good.write_text(make_report(1)[0], encoding="gb18030")
    bad = tmp_path / "坏.docx"
    bad.write_bytes(_truncated_docx())
    big = tmp_path / "大文件.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    good2 = tmp_path / "另一份.txt"
    good2.write_text(make_report(2)[0], encoding="utf-8")
    db = tmp_path / "cli.sqlite"
    proc = subprocess.run([sys.executable, "-m", "lib", "library", "add", str(good), str(bad), str(big),
                           str(empty), str(tmp_path / "不存在.txt"), str(tmp_path), str(good2), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    for name in ("坏.docx", "大文件.txt", "空.txt", "不存在.txt"):
        assert name in proc.stderr
    assert "上限为 20 MB" in proc.stderr and "为空" in proc.stderr
    assert Library(db).count() == 2
    assert_whole(db)


def test_the_size_limit_is_within_streamlits_upload_limit():
    import tomllib

    # the reports uploader has the library's own limit (test_library_hardening); the server's
    # ceiling, for a whole library zip, is above it
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["maxUploadSize"] > MAX_FILE_MB


def test_appdata_add_files_reports_each_bad_upload(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORT_DB", str(tmp_path / "app.sqlite"))
    appdata._cache.clear()
    n0 = len(appdata.load_reports())
    results = appdata.add_files([("a.txt", make_report(1)[0].encode()), ("b.pdf", junk(500)),
                                 ("../c.txt", b""), ("d.txt", make_report(2)[0].encode("gb18030"))])
    assert [r.status for r in results] == ["added", "error", "error", "added"]
    assert "b.pdf" in results[1].message and "c.txt" in results[2].message
    assert len(appdata.load_reports()) == n0 + 2


# ---- properties ----------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=400))
def test_any_name_becomes_a_safe_one(name):
    out = safe_name(name)
    assert out and len(out) <= MAX_NAME_CHARS
    assert not set(out) & {"/", "\\", "\x00", ":"} and not out.startswith(".")
    assert safe_name(out) == out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), name=st.text(max_size=40), ext=st.sampled_from(
    ["txt", "docx", "pdf", "html", "htm", "exe", "", "doc", "TXT"]))
def test_arbitrary_bytes_never_raise_and_never_damage(filled, data, name, ext):
    before = snapshot(filled.path)
    res = filled.add_bytes(data, f"{name}.{ext}" if ext else name)
    assert res.status in ("added", "duplicate", "error") and res.message
    if res.status == "error":
        assert res.file in res.message
        assert snapshot(filled.path) == before
    after = snapshot(filled.path)
    assert {k: v for k, v in after.items() if k in before} == before


# ---- real PDFs (printed by chromium) ---------------------------------------------------------

@pytest.mark.e2e
def test_pdf_reports_good_truncated_and_misnamed(filled, browser):
    text, truth = make_report(33)
    pdf = pdf_bytes(browser, text)
    assert pdf.startswith(b"%PDF")
    ok = filled.add_bytes(pdf, "报告.pdf")
    assert ok.status == "added", ok.message
    rep = [r for r in filled.load_reports() if r.meta.file == "报告.pdf"][0]
    assert truth.short_place in rep.text and rep.meta.plan_year == truth.plan_year
    cut = filled.add_bytes(pdf[: len(pdf) // 3], "截断.pdf")
    assert cut.status == "error" and "截断.pdf" in cut.message
    # a PDF with a .txt name is read as the PDF it is
    other = pdf_bytes(browser, make_report(34)[0])
    named = filled.add_bytes(other, "其实是PDF.txt")
    assert named.status == "added", named.message
    assert_whole(filled.path)


# ---- concurrency -------------------------------------------------------------------------------

def _writer(db: str, items: list, barrier, out) -> None:
    lib_ = Library(db, parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    barrier.wait()
    res = lib_.add_many(items)
    out.put([(r.status, r.file, r.message) for r in res])


def test_two_processes_adding_at_the_same_time_lose_nothing(tmp_path):
    db = str(tmp_path / "conc.sqlite")  # both create it: the schema set-up races too
    reports = [(n, t.encode()) for n, t, _ in make_reports(50, start=300)]
    shared = reports[:10]
    a = shared + reports[10:30]
    b = shared[::-1] + reports[30:50]
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(db, items, barrier, out)) for items in (a, b)]
    for p in procs:
        p.start()
    results = [out.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    statuses = [s for res in results for s, _, _ in res]
    assert "error" not in statuses, [m for res in results for s, _, m in res if s == "error"]
    assert statuses.count("added") == 50 and statuses.count("duplicate") == 10
    lib_ = Library(db)
    assert lib_.count() == 50
    assert {e.sha256 for e in lib_.entries()} == {__import__("hashlib").sha256(d).hexdigest() for _, d in reports}
    assert_whole(db)


def test_two_sessions_in_one_process_adding_at_once(tmp_path):
    db = tmp_path / "threads.sqlite"
    lib_ = Library(db, parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    reports = [(n, t.encode()) for n, t, _ in make_reports(30, start=500)]
    results, barrier = [], threading.Barrier(3)

    def run(items):
        barrier.wait()
        results.extend(lib_.add_many(items))

    threads = [threading.Thread(target=run, args=(reports[i::3] + reports[:3],)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert [r for r in results if r.status == "error"] == []
    assert lib_.count() == 30 and sum(r.status == "added" for r in results) == 30
    assert_whole(db)


# ---- a process killed in the middle of an import ---------------------------------------------------

def test_sigkill_during_import_leaves_a_consistent_library(tmp_path):
    src = Library(tmp_path / "src.sqlite", parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    for n, t, _ in make_reports(600, start=1000):
        src.add_bytes(t.encode(), n)
    bundle = tmp_path / "big.zip"
    src.export_library(bundle)

    db = tmp_path / "victim.sqlite"
    victim = Library(db, parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    for n, t, _ in make_reports(5, start=40):
        victim.add_bytes(t.encode(), n)
    victim.save_correction(3, province="海南省", city="三亚市", level="市")
    before = snapshot(db)

    proc = subprocess.Popen([sys.executable, "-m", "lib", "library", "import", str(bundle), "--db", str(db), "-q"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    seen = 0
    while time.time() < deadline:
        with sqlite3.connect(db, timeout=30) as con:
            seen = con.execute("SELECT count(*) FROM reports").fetchone()[0]
        if seen >= 5 + 40:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL

    assert_whole(db)
    after = snapshot(db)
    assert {k: v for k, v in after.items() if k in before} == before
    n = len(after) - len(before)
    assert 40 <= n < 600, f"the import was not interrupted ({n} of 600 stored)"
    # importing again completes the rest without duplicates
    res = Library(db).import_library(bundle)
    assert sum(r.status == "duplicate" for r in res) == n and sum(r.status == "added" for r in res) == 600 - n
    assert Library(db).count() == 605
    assert_whole(db)

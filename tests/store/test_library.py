"""The report library (lib.store.library, lib.store.service): storage, caching, corrections, dedup,
soft delete, export/import, first-start seeding."""
from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from dataclasses import fields, replace

import pytest

import lib
import lib.store.service as appdata
from lib.store import fact_bins, intake, records
from lib.store.intake import safe_name
from lib.store.library import Library
from lib.store.records import LibraryError
from lib.store.schema import resolve_db_path
from lib.model import Fact
from lib.parse.pipeline import parse_bytes

from conftest import ROOT
from tests.support.library_helpers import (as_an_earlier_version_stored_them, docx_bytes, html_bytes, make_report,
                                           make_reports, stand_in_parse_bytes, stand_in_parse_text)
from tests.support.synth import noisy_places

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def lib_(tmp_path):
    """A library whose parser fills metadata and facts from the generated reports."""
    return Library(tmp_path / "lib.sqlite", parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    path = tmp_path / "app.sqlite"
    monkeypatch.setenv("GOVREPORT_DB", str(path))
    appdata._cache.clear()
    yield path
    appdata._cache.clear()


# ---- paths and names -----------------------------------------------------------------------

def test_db_path_flag_beats_env_beats_default(tmp_path, monkeypatch):
    monkeypatch.delenv("GOVREPORT_DB", raising=False)
    assert resolve_db_path() == ROOT / "data" / "library.sqlite"
    monkeypatch.setenv("GOVREPORT_DB", str(tmp_path / "env.sqlite"))
    assert resolve_db_path() == tmp_path / "env.sqlite"
    assert resolve_db_path(tmp_path / "flag.sqlite") == tmp_path / "flag.sqlite"
    assert "data/" in (ROOT / ".gitignore").read_text()


@pytest.mark.parametrize("given, expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\system32\\报告.txt", "报告.txt"),
    ("C:\\Users\\王\\Desktop\\2024年政府工作报告.docx", "2024年政府工作报告.docx"),
    ("a\x00b.txt", "ab.txt"),
    ("/", "未命名文件"),
    ("..", "未命名文件"),
    ("", "未命名文件"),
    (".hidden.txt", "hidden.txt"),
    ("报告\u202egpj.exe", "报告gpj.exe"),
])
def test_safe_name_strips_path_tricks(given, expected):
    assert safe_name(given) == expected


def test_safe_name_bounds_very_long_names_and_keeps_the_extension():
    name = safe_name("政" * 5000 + ".docx")
    assert len(name) <= intake.MAX_NAME_CHARS and name.endswith(".docx")


# ---- storing and loading ----------------------------------------------------------------------

def test_add_stores_bytes_hash_text_meta_and_every_fact_field(lib_):
    name, text, truth = make_reports(1, start=5)[0]
    data = text.encode("gb18030")
    res = lib_.add_bytes(data, name, source="upload")
    assert res.status == "added" and res.facts > 3, res.message
    expected = stand_in_parse_bytes(data, name)
    got = lib_.load_reports()
    assert len(got) == 1
    rep = got[0]
    assert rep.text == expected.text
    assert rep.facts == expected.facts  # every field, types included
    assert all(type(f.estimated) is bool for f in rep.facts) and any(f.estimated for f in rep.facts)
    assert any(f.value_high is not None for f in rep.facts) and any(f.value_high is None for f in rep.facts)
    for f in rep.facts:
        assert rep.text[f.start:f.end] == f.evidence
    assert (rep.meta.province, rep.meta.city, rep.meta.district) == (truth.province, truth.city, truth.district)
    assert rep.meta.plan_year == truth.plan_year and rep.meta.facts == len(rep.facts)
    e = lib_.entries()[0]
    assert e.sha256 == intake.sha256(data) and e.source == "upload" and e.size == len(data)
    assert e.added_at[:4].isdigit() and e.meta.place_confidence == pytest.approx(0.75)
    assert lib_.original(e.id) == (name, data)


def test_facts_frame_from_the_store_equals_the_pipeline_frame(lib_):
    import pandas as pd

    from lib.parse.pipeline import facts_frame

    for name, text, _ in make_reports(4, start=20):
        lib_.add_bytes(text.encode(), name)
    lib_.save_correction(2, province="湖北省", city="襄阳市", district="", review_year=2001, plan_year=2002)
    fast = lib_.facts_frame()
    slow = facts_frame(lib_.load_reports())
    assert len(fast) == len(slow) > 10
    pd.testing.assert_frame_equal(fast, slow, check_dtype=False)
    assert set(fast.loc[fast["place"] == "湖北省襄阳市", "year"]) == {2001, 2002}


def test_facts_load_from_rows_when_the_pack_is_missing_and_keep_odd_evidence(tmp_path):
    def odd(data, name):
        rep = stand_in_parse_bytes(data, name)
        facts = [replace(f, evidence="【摘录】" + f.evidence) if i % 2 else f for i, f in enumerate(rep.facts)]
        return replace(rep, facts=facts)

    lib_ = Library(tmp_path / "p.sqlite", parse_bytes=odd, parse_text=stand_in_parse_text)
    name, text, _ = make_reports(1)[0]
    lib_.add_bytes(text.encode(), name)
    packed = lib_.load_reports()[0].facts
    assert packed == odd(text.encode(), name).facts and any(f.evidence.startswith("【摘录】") for f in packed)
    as_an_earlier_version_stored_them(lib_.path)
    fact_bins._decoded.clear()
    assert lib_.load_reports()[0].facts == packed


def test_facts_table_has_a_column_for_every_fact_field(lib_):
    with sqlite3.connect(lib_.path) as con:
        cols = {r[1] for r in con.execute("PRAGMA table_info(facts)")}
    assert {f.name for f in fields(Fact)} <= cols


def test_real_pipeline_result_is_stored_as_parsed(tmp_path):
    lib_ = Library(tmp_path / "real.sqlite")
    for p in SEEDS:
        assert lib_.add_bytes(p.read_bytes(), p.name, "cli").status == "added"
    loaded = {r.meta.file: r for r in lib_.load_reports()}
    for p in SEEDS:
        fresh = parse_bytes(p.read_bytes(), p.name)
        assert loaded[p.name].text == fresh.text
        assert loaded[p.name].facts == fresh.facts
        assert replace(loaded[p.name].meta, file=p.name) == fresh.meta
        assert loaded[p.name].sections == fresh.sections and loaded[p.name].warnings == fresh.warnings


def test_sections_and_warnings_are_decoded_on_first_use(tmp_path):
    lib_ = Library(tmp_path / "lazy.sqlite")
    text = ("2024年某县政府工作报告\n各位代表:\n一、2023年工作回顾\n全县地区生产总值增长6.1%。\n"
            "二、2024年主要目标\n地区生产总值增长6%左右。\n")
    lib_.add_text(text, "某县")
    fresh = parse_bytes(text.encode("utf-8"), "某县.txt")
    assert fresh.sections  # the check below means something
    rep = lib_.load_reports()[0]
    assert rep.__dict__["_sections"] is None and isinstance(rep.__dict__["_sections_raw"], str)
    assert rep.sections == fresh.sections and rep.warnings == fresh.warnings
    assert "_sections_raw" not in rep.__dict__ and rep.sections is rep.sections
    rep.sections = []
    assert rep.sections == [] and replace(rep, warnings=["改过"]).warnings == ["改过"]


def test_texts_are_read_on_first_use_and_survive_pickling(lib_):
    import copy
    import pickle

    for name, text, _ in make_reports(2):
        lib_.add_bytes(text.encode("gb18030"), name)
    expected = {n: stand_in_parse_bytes(t.encode(), n).text for n, t, _ in make_reports(2)}
    lazy = lib_.load_reports()
    assert all("_text" in r.__dict__ and r.__dict__["_text"] is None for r in lazy)
    clones = pickle.loads(pickle.dumps(lazy))
    assert {r.meta.file: r.text for r in lazy} == expected
    assert {r.meta.file: r.text for r in clones} == expected
    assert {r.meta.file: copy.deepcopy(r).text for r in lib_.load_reports()} == expected
    eager = lib_.load_reports(lazy_text=False)
    assert {r.meta.file: r.__dict__["_text"] for r in eager} == expected
    assert replace(lazy[0], facts=[]).text == lazy[0].text
    plain = stand_in_parse_bytes(make_reports(1)[0][1].encode(), make_reports(1)[0][0])
    assert lazy[0] == plain and plain == lazy[0] and lazy[0] != lazy[1]
    # one text alone, then the rest of the batch in one go
    batch = lib_.load_reports()
    source = batch[0].__dict__["_source"][0]
    assert batch[0].text and len(source.texts) == 1
    assert batch[1].text and len(source.texts) == 2
    # a library file that has gone is not created again by a late text read
    late = lib_.load_reports()[0]
    for p in lib_.path.parent.glob(lib_.path.name + "*"):
        p.unlink()
    assert late.text == "" and not lib_.path.exists()


def test_loading_never_parses_again(tmp_path):
    calls = []

    def counting(data, name):
        calls.append(name)
        return stand_in_parse_bytes(data, name)

    lib_ = Library(tmp_path / "c.sqlite", parse_bytes=counting, parse_text=stand_in_parse_text)
    for name, text, _ in make_reports(3):
        lib_.add_bytes(text.encode(), name)
    assert len(calls) == 3
    again = Library(tmp_path / "c.sqlite", parse_bytes=counting, parse_text=stand_in_parse_text)
    reports = again.load_reports()
    assert len(reports) == 3 and sum(len(r.facts) for r in reports) > 10
    assert len(calls) == 3


def test_a_new_parser_version_re_extracts_in_one_explicit_step(tmp_path, monkeypatch, app_db):
    lib_ = Library(app_db, parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    lib_.set_setting("seeded", "1")
    for name, text, _ in make_reports(2):
        lib_.add_bytes(text.encode(), name)
    lib_.save_correction(1, city="测试市")
    assert lib_.stale_ids() == [] and appdata.stale_count() == 0
    before = {r.meta.file: r.facts for r in lib_.load_reports()}
    assert all(before.values())
    # the parser is upgraded: its output changes, and so does lib.PARSER_VERSION
    monkeypatch.setattr("lib.PARSER_VERSION", "test-upgrade")
    assert lib_.stale_ids() == [1, 2]
    assert appdata.stale_count() == 2  # counted once per library state, the parser's version in it
    # until re-extracted the old facts still show (never an empty library)
    assert {r.meta.file: r.facts for r in lib_.load_reports()} == before
    # reading through the app's facade never re-extracts (a read has no side effects) ...
    assert len(appdata.load_reports()) == 2 and appdata.data_version() and lib_.stale_ids() == [1, 2]
    # ... the one explicit step does (app.py runs it before a page), with the real pipeline (no
    # facts yet from the stub extractor would make this test vacuous: check the extraction rows)
    appdata.refresh_stale()
    assert lib_.stale_ids() == [] and appdata.stale_count() == 0
    with sqlite3.connect(app_db) as con:
        versions = sorted(r[0] for r in con.execute("SELECT parser_version FROM extractions"))
    assert versions == ["test-upgrade", "test-upgrade"]  # the old cache is gone
    assert lib_.entry(1).meta.city == "测试市"  # corrections survive re-extraction


def test_forced_re_extraction_that_fails_keeps_the_previous_facts(tmp_path):
    state = {"broken": False}

    def flaky(data, name):
        if state["broken"]:
            raise RuntimeError("parser bug")
        return stand_in_parse_bytes(data, name)

    lib_ = Library(tmp_path / "f.sqlite", parse_bytes=flaky, parse_text=stand_in_parse_text)
    name, text, _ = make_reports(1)[0]
    lib_.add_bytes(text.encode(), name)
    facts = lib_.load_reports()[0].facts
    state["broken"] = True
    res = lib_.reextract([1])
    assert res[0].status == "error" and name in res[0].message and "保留" in res[0].message
    assert lib_.load_reports()[0].facts == facts


# ---- duplicates ----------------------------------------------------------------------------------

def test_same_content_is_not_stored_twice_even_in_another_encoding_or_format(lib_):
    name, text, _ = make_reports(1)[0]
    first = lib_.add_bytes(text.encode("utf-8"), name)
    assert first.status == "added"
    again = lib_.add_bytes(text.encode("utf-8"), "copy.txt")
    assert again.status == "duplicate" and again.report_id == first.report_id
    assert "copy.txt" in again.message and name in again.message
    gbk = lib_.add_bytes(text.encode("gb18030"), "gbk.txt")
    assert gbk.status == "duplicate"
    pasted = lib_.add_text(text)
    assert pasted.status == "duplicate"
    assert lib_.count() == 1


def test_same_place_and_year_from_a_different_file_is_kept_and_flagged(lib_):
    text, truth = make_report(7)
    other = text.replace("各位代表", "各位代表、同志们", 1)  # the same place and year, a different file
    a = lib_.add_bytes(text.encode(), "a.txt")
    b = lib_.add_bytes(other.encode(), "b.txt")
    assert a.status == b.status == "added"
    assert b.same_place_year == ["a.txt"] and "a.txt" in b.message and "同一地区" in b.message
    flags = {e.file: e.same_place_year for e in lib_.entries()}
    assert flags == {"a.txt": ["b.txt"], "b.txt": ["a.txt"]}
    # a different year of the same place is not flagged
    later, _ = make_report(7 + len(noisy_places()))  # the same place, a year later
    c = lib_.add_bytes(later.encode(), "c.txt")
    assert c.status == "added" and c.same_place_year == []


def test_same_file_name_with_other_content_gets_a_unique_name(lib_):
    (n1, t1, _), (n2, t2, _) = make_reports(2)
    a = lib_.add_bytes(t1.encode(), "政府工作报告.txt")
    b = lib_.add_bytes(t2.encode(), "政府工作报告.txt")
    assert a.file == "政府工作报告.txt" and b.file == "政府工作报告 (2).txt"
    assert "改名" in b.message
    assert {r.meta.file for r in lib_.load_reports()} == {a.file, b.file}


def test_numbered_names_count_only_the_copies_of_that_name(lib_):
    texts = [t for _, t, _ in make_reports(7)]
    # names that LIKE would have read as patterns, and neighbours that only look alike
    given = ["100%_报告.txt", "100%_报告.txt", "100x_报告 (2).txt", "100%_报告.txt", "Report.txt", "report.txt",
             "Report.txt"]
    files = [lib_.add_bytes(t.encode(), n).file for t, n in zip(texts, given)]
    assert files == ["100%_报告.txt", "100%_报告 (2).txt", "100x_报告 (2).txt", "100%_报告 (3).txt", "Report.txt",
                     "report.txt", "Report (2).txt"]


# ---- corrections --------------------------------------------------------------------------

def test_corrections_are_kept_apart_and_laid_over_the_inferred_metadata(lib_):
    name, text, truth = make_reports(1)[0]
    rid = lib_.add_bytes(text.encode(), name).report_id
    old = lib_.load_reports()[0]
    e = lib_.save_correction(rid, province="湖北省", city="襄阳市", district="", level="市",
                             review_year="2019", plan_year=2020)
    assert e.corrections == {"province": "湖北省", "city": "襄阳市", "district": "", "level": "市",
                             "review_year": 2019, "plan_year": 2020}
    assert e.meta.place == "湖北省襄阳市" and e.meta.place_confidence == 1.0 and e.corrected
    rep = lib_.load_reports()[0]
    assert (rep.meta.province, rep.meta.city, rep.meta.review_year) == ("湖北省", "襄阳市", 2019)
    # facts dated with the inferred years follow the corrected years
    assert {f.year for f in rep.facts if f.section == "result"} == {2019}
    assert {f.year for f in rep.facts if f.section == "plan"} == {2020}
    assert [f.value for f in rep.facts] == [f.value for f in old.facts]
    # the inferred metadata is untouched in the store
    with sqlite3.connect(lib_.path) as con:
        stored = json.loads(con.execute("SELECT meta FROM extractions").fetchone()[0])
    assert stored["province"] == truth.province and stored["plan_year"] == truth.plan_year
    # clearing one correction keeps the others; clearing all restores the inference
    assert lib_.save_correction(rid, city=None).meta.city == truth.city  # None: back to inferred
    assert lib_.save_correction(rid, district="", review_year="").meta.review_year is None  # '': empty
    assert lib_.entry(rid).corrections["district"] == "" and lib_.entry(rid).meta.district == ""
    assert lib_.entry(rid).meta.province == "湖北省"
    back = lib_.clear_corrections(name)
    assert back.meta.place == truth.place and not back.corrected
    assert lib_.load_reports()[0].facts == old.facts


@pytest.mark.parametrize("fields_, why", [
    ({"level": "镇"}, "级别"), ({"review_year": "去年"}, "年份"), ({"plan_year": 1800}, "超出范围"),
    ({"facts": 3}, "不能修改"), ({"province": "省" * 300}, "太长"),
])
def test_bad_corrections_are_refused_in_chinese_and_change_nothing(lib_, fields_, why):
    name, text, _ = make_reports(1)[0]
    rid = lib_.add_bytes(text.encode(), name).report_id
    before = lib_.entry(rid)
    with pytest.raises(LibraryError, match=why):
        lib_.save_correction(rid, **fields_)
    assert lib_.entry(rid).meta == before.meta


def test_correction_of_an_unknown_report_names_it(lib_):
    with pytest.raises(LibraryError, match="没有报告「nosuch.txt」"):
        lib_.save_correction("nosuch.txt", city="某市")


# ---- delete, undo, purge ---------------------------------------------------------------------

def test_delete_then_undo_then_purge(lib_):
    for name, text, _ in make_reports(3):
        lib_.add_bytes(text.encode(), name)
    files = [e.file for e in lib_.entries()]
    assert lib_.remove([2]) == [files[1]]
    assert [e.file for e in lib_.entries()] == [files[0], files[2]]
    assert len(lib_.load_reports()) == 2
    assert [e.file for e in lib_.entries(include_deleted=True) if e.deleted] == [files[1]]
    assert lib_.restore([2]) == [files[1]]
    assert [e.file for e in lib_.entries()] == files
    lib_.remove([files[0]])
    assert lib_.purge_deleted(older_than_hours=1) == 0  # just deleted: still undoable
    assert lib_.purge_deleted(older_than_hours=0) == 1
    assert lib_.restore([1]) == []
    with sqlite3.connect(lib_.path) as con:
        assert con.execute("SELECT count(*) FROM originals").fetchone()[0] == 2
        assert con.execute("SELECT count(DISTINCT sha256) FROM extractions").fetchone()[0] == 2


def test_adding_again_what_was_deleted_stores_a_fresh_copy(lib_):
    name, text, _ = make_reports(1)[0]
    lib_.add_bytes(text.encode(), name)
    lib_.save_correction(1, city="某市")
    lib_.remove([1])
    res = lib_.add_bytes(text.encode(), name)
    assert res.status == "added" and lib_.count(include_deleted=True) == 1
    assert lib_.entries()[0].corrections == {}


def test_permanent_remove_deletes_original_and_cached_facts(lib_):
    for name, text, _ in make_reports(2):
        lib_.add_bytes(text.encode(), name)
    lib_.remove([1], permanent=True)
    with sqlite3.connect(lib_.path) as con:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM originals").fetchone()[0] == 1
        left = con.execute("SELECT count(*) FROM fact_bins").fetchone()[0]
        packs = con.execute("SELECT count(*) FROM extractions WHERE facts_pack IS NOT NULL").fetchone()[0]
    assert left == packs == 1 and len(lib_.load_reports()[0].facts) > 0


# ---- export / import ----------------------------------------------------------------------------

def test_library_zip_round_trip_merges_without_duplicates(tmp_path, lib_):
    items = make_reports(4)
    for name, text, _ in items[:3]:
        lib_.add_bytes(text.encode("gb18030"), name, source="upload")
    lib_.add_text(items[3][1], "粘贴的报告")
    lib_.save_correction(2, city="改过的市")
    blob = lib_.export_library()
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "govreport-library" and len(manifest["reports"]) == 4
        assert manifest["parser_version"] == lib.PARSER_VERSION

    other = Library(tmp_path / "other.sqlite", parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    other.add_bytes(items[0][1].encode("gb18030"), "already.txt")  # one is already there
    res = other.import_library(blob, "库.zip")
    assert [r.status for r in res] == ["duplicate", "added", "added", "added"]
    src = {e.sha256: e for e in lib_.entries()}
    dst = {e.sha256: e for e in other.entries()}
    assert set(src) == set(dst)
    for sha, e in src.items():
        if e.file == items[0][0]:
            continue
        assert (dst[sha].file, dst[sha].source, dst[sha].added_at, dst[sha].corrections) == \
            (e.file, e.source, e.added_at, e.corrections)
    assert dst[[s for s, e in src.items() if e.source == "paste"][0]].source == "paste"
    facts_src = {r.meta.file: r.facts for r in lib_.load_reports()}
    facts_dst = {r.meta.file: r.facts for r in other.load_reports()}
    assert {k: v for k, v in facts_dst.items() if k != "already.txt"} == \
        {k: v for k, v in facts_src.items() if k != items[0][0]}
    again = other.import_library(blob, "库.zip")
    assert all(r.status == "duplicate" for r in again) and other.count() == 4


def test_import_from_another_parser_version_re_extracts(tmp_path, lib_, monkeypatch):
    for name, text, _ in make_reports(2):
        lib_.add_bytes(text.encode(), name)
    blob = lib_.export_library()
    monkeypatch.setattr("lib.PARSER_VERSION", "next")
    calls = []

    def counting(data, name):
        calls.append(name)
        return stand_in_parse_bytes(data, name)

    other = Library(tmp_path / "o.sqlite", parse_bytes=counting, parse_text=stand_in_parse_text)
    assert [r.status for r in other.import_library(blob, "x.zip")] == ["added", "added"]
    assert len(calls) == 2 and other.stale_ids() == []


def test_a_tampered_library_file_skips_the_bad_entry_and_imports_the_rest(tmp_path, lib_):
    for name, text, _ in make_reports(3):
        lib_.add_bytes(text.encode(), name)
    blob = lib_.export_library()
    src = zipfile.ZipFile(io.BytesIO(blob))
    manifest = json.loads(src.read("manifest.json"))
    victim = manifest["reports"][1]["sha256"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == f"originals/{victim}":
                data = data[:-50] + b"tampered" * 7
            zf.writestr(info.filename, data)
    other = Library(tmp_path / "t.sqlite", parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    res = other.import_library(buf.getvalue(), "坏库.zip")
    assert [r.status for r in res] == ["added", "error", "added"]
    assert manifest["reports"][1]["file"] in res[1].message and "哈希" in res[1].message
    assert other.count() == 2 and other.integrity_check() == "ok"


@pytest.mark.parametrize("blob, why", [
    (b"", "文件为空"), (b"PK\x03\x04garbage", "不是有效的库文件"), (b"just text", "不是有效的库文件"),
])
def test_a_bad_library_file_is_one_clear_error(tmp_path, blob, why):
    other = Library(tmp_path / "b.sqlite")
    res = other.import_library(blob, "我的库.zip")
    assert len(res) == 1 and res[0].status == "error" and "我的库.zip" in res[0].message and why in res[0].message


def test_a_zip_that_is_not_a_library_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "something-else"}))
    res = Library(tmp_path / "b.sqlite").import_library(buf.getvalue(), "别的.zip")
    assert res[0].status == "error" and "不是政报对比导出的库文件" in res[0].message


def test_table_exports_csv_and_excel_carry_the_corrected_place(lib_, app_db):
    import pandas as pd

    for name, text, _ in make_reports(3):
        lib_.add_bytes(text.encode(), name)
    lib_.save_correction(1, province="湖北省", city="襄阳市", level="市")
    facts_csv = lib_.export_table("facts", "csv")
    assert facts_csv.startswith("\ufeff".encode())
    df = pd.read_csv(io.BytesIO(facts_csv), encoding="utf-8-sig")
    n = sum(len(r.facts) for r in lib_.load_reports())
    assert len(df) == n > 0 and "evidence" in df.columns
    first = lib_.entries()[0].file
    assert set(df.loc[df["file"] == first, "place"]) == {"湖北省襄阳市"}
    reports = pd.read_csv(io.BytesIO(lib_.export_table("reports", "csv")), encoding="utf-8-sig")
    assert list(reports["file"]) == [e.file for e in lib_.entries()]
    assert reports.loc[0, "corrected"] == "city,level,province"
    book = pd.read_excel(io.BytesIO(lib_.export_table("all", "xlsx")), sheet_name=None)
    assert set(book) == {"指标", "报告"} and len(book["指标"]) == n and len(book["报告"]) == 3


# ---- appdata: the app's data source -----------------------------------------------------------

def test_first_start_with_an_empty_library_loads_the_seeds(app_db):
    reports = appdata.load_reports()
    assert sorted(r.meta.file for r in reports) == [p.name for p in SEEDS]
    assert {e.source for e in appdata.entries()} == {"seed"}
    # deleting them all does not bring them back on the next start
    appdata.delete_reports([e.id for e in appdata.entries()])
    appdata._seeded.clear()
    assert appdata.load_reports() == []


def test_a_library_made_elsewhere_is_not_seeded(app_db):
    name, text, _ = make_reports(1)[0]
    Library(app_db).add_bytes(text.encode(), name, "cli")
    appdata._seeded.clear()
    assert [r.meta.file for r in appdata.load_reports()] == [name]


def test_load_reports_cache_follows_writes(app_db):
    first = appdata.load_reports()
    v0 = appdata.data_version()
    assert appdata.data_version() == v0  # reading changes nothing
    res = appdata.add_pasted(make_report(3)[0], "粘贴")
    v1 = appdata.data_version()
    appdata.save_correction(res.report_id, level="市")
    v2 = appdata.data_version()
    appdata.delete_reports([res.report_id])
    v3 = appdata.data_version()
    appdata.restore_reports([res.report_id])
    assert len({v0, v1, v2, v3, appdata.data_version()}) == 5
    appdata.clear_corrections(res.report_id)
    assert res.status == "added" and res.file == "粘贴.txt"
    assert len(appdata.load_reports()) == len(first) + 1
    appdata.save_correction("粘贴.txt", province="四川省", city="成都市", level="市")
    assert [r.meta.place for r in appdata.load_reports() if r.meta.file == "粘贴.txt"] == ["四川省成都市"]
    rows = appdata.entries_table()
    assert list(rows[0]) == appdata.TABLE_COLUMNS
    assert [r["已修正"] for r in rows if r["文件"] == "粘贴.txt"] == ["是"]


def test_edit_form_values_become_minimal_corrections(lib_):
    name, text, truth = next(r for r in make_reports(6) if r[2].district)  # a district report
    rid = lib_.add_bytes(text.encode(), name).report_id
    e = lib_.entry(rid)
    vals = appdata.form_values(e)
    assert vals["district"] == truth.district and vals["plan_year"] == str(truth.plan_year)
    assert appdata.correction_changes(e, vals) == {}  # nothing edited: nothing stored
    vals.update(district="", plan_year="2031")
    changes = appdata.correction_changes(e, vals)
    assert changes == {"district": "", "plan_year": "2031"}
    e = lib_.save_correction(rid, **changes)
    assert e.meta.district == "" and e.meta.plan_year == 2031
    vals = appdata.form_values(e)
    vals["plan_year"] = str(truth.plan_year)  # typed back the inferred value: correction removed
    e = lib_.save_correction(rid, **appdata.correction_changes(e, vals))
    assert e.corrections == {"district": ""}


def test_summarise_counts_each_outcome():
    rs = [records.AddResult("a", "added", ""), records.AddResult("b", "duplicate", ""),
          records.AddResult("c", "error", ""), records.AddResult("d", "added", "")]
    assert appdata.summarise(rs) == "新增 2 份,已存在 1 份,失败 1 份"


def test_docx_and_html_reports_are_added(lib_):
    name, text, truth = make_reports(1, start=11)[0]
    d = lib_.add_bytes(docx_bytes(text), "报告.docx")
    assert d.status == "added", d.message
    h = lib_.add_bytes(html_bytes(make_report(12)[0], "gb18030"), "报告.html")
    assert h.status == "added", h.message
    meta = {r.meta.file: r.meta for r in lib_.load_reports()}
    assert meta["报告.docx"].plan_year == truth.plan_year

"""The library's string table of the facts cache (lib.store.fact_strings): each text once for the
whole library, the same facts read back, a library of the earlier format (records holding their
own strings) rebuilt when opened, and a damaged table refused in Chinese."""
from __future__ import annotations

import math
import sqlite3
import struct

import pytest

from lib.store import fact_bins, meta, schema
from lib.store.fact_strings import DAMAGED
from lib.store.library import Library
from lib.store.records import FACT_FIELDS, LibraryError

from tests.support.library_helpers import stand_in_library


@pytest.fixture
def lib_(tmp_path):
    return stand_in_library(tmp_path / "lib.sqlite", 6, start=50)


def _rows(table) -> list[tuple]:
    def plain(c, v):
        return None if c in ("year", "value_high") and isinstance(v, float) and math.isnan(v) else v

    return [(table.metas[table.report[i]].file, *[plain(c, table.columns[c][i]) for c in FACT_FIELDS])
            for i in range(len(table))]


def _fresh(path) -> Library:
    """The library opened as a new process would: nothing decoded, the schema checked again."""
    fact_bins._decoded.clear()
    meta._decoded_meta.clear()
    schema._initialised.clear()
    return Library(path)


def test_each_text_is_stored_once_for_the_whole_library(lib_):
    with sqlite3.connect(lib_.path) as con:
        texts = [t for (t,) in con.execute("SELECT text FROM fact_strings")]
        pages = con.execute("SELECT count(*) FROM fact_string_pages").fetchone()[0]
    table = lib_.fact_table()
    assert len(texts) == len(set(texts))
    # every report states 地区生产总值 and 亿元: one code each, whatever the number of reports
    assert texts.count("地区生产总值") == 1 and texts.count("亿元") == 1
    assert set(table.columns["label"]) <= set(texts) and set(table.columns["evidence"]) <= set(texts)
    assert 1 <= pages <= 6  # a page per report that brought new texts


def test_a_library_of_the_earlier_format_is_rebuilt_when_opened(lib_):
    expected = _rows(lib_.fact_table())
    with sqlite3.connect(lib_.path) as con:
        for ext_id, pack in con.execute("SELECT id, facts_pack FROM extractions").fetchall():
            rec, texts = fact_bins._fact_records(fact_bins._unpack_facts(con, ext_id, pack))
            blob = "\0".join(texts).encode("utf-8")  # schema version 1: the record holds its strings
            old = b"GRF2" + struct.pack("<III", len(rec), len(blob), len(texts)) + blob + rec.tobytes()
            con.execute("UPDATE fact_bins SET data = ? WHERE ext_id = ?", (old, ext_id))
        con.execute("DROP TABLE fact_strings")
        con.execute("DROP TABLE fact_string_pages")
        con.execute("PRAGMA user_version=1")
    reopened = _fresh(lib_.path)
    assert _rows(reopened.fact_table()) == expected
    with sqlite3.connect(lib_.path) as con:
        heads = {bytes(b[:4]) for (b,) in con.execute("SELECT data FROM fact_bins")}
        assert heads == {b"GRF3"} and con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_a_library_of_the_earlier_format_without_binary_records_is_rebuilt_from_the_packs(lib_):
    expected = _rows(lib_.fact_table())
    with sqlite3.connect(lib_.path) as con:
        con.execute("DELETE FROM fact_bins")
        con.execute("DELETE FROM fact_strings")
        con.execute("DELETE FROM fact_string_pages")
        con.execute("PRAGMA user_version=1")
    reopened = _fresh(lib_.path)
    with sqlite3.connect(lib_.path) as con:
        assert con.execute("SELECT count(*) FROM fact_bins").fetchone()[0] == 6
    assert _rows(reopened.fact_table()) == expected


def test_texts_of_a_removed_report_go_at_the_next_rebuild_and_the_rest_reads_the_same(lib_):
    lib_.remove([1], permanent=True)
    expected = _rows(lib_.fact_table())
    with sqlite3.connect(lib_.path) as con:
        before = con.execute("SELECT count(*) FROM fact_strings").fetchone()[0]
        con.execute("PRAGMA user_version=1")
    reopened = _fresh(lib_.path)
    with sqlite3.connect(lib_.path) as con:
        after = con.execute("SELECT count(*) FROM fact_strings").fetchone()[0]
    assert after < before and _rows(reopened.fact_table()) == expected


def test_a_lost_page_of_texts_is_refused_with_a_chinese_message(lib_):
    with sqlite3.connect(lib_.path) as con:
        last = con.execute("SELECT max(id) FROM fact_string_pages").fetchone()[0]
        con.execute("DELETE FROM fact_string_pages WHERE id = ?", (last,))
    with pytest.raises(LibraryError, match="指标数据已损坏"):
        _fresh(lib_.path).fact_table()
    assert "重新解析" in DAMAGED


def test_a_page_whose_texts_do_not_match_its_codes_is_refused(lib_):
    with sqlite3.connect(lib_.path) as con:
        con.execute("UPDATE fact_string_pages SET data = ? WHERE id = 1", ("只有一段".encode("utf-16-le"),))
    with pytest.raises(LibraryError, match="指标数据已损坏"):
        _fresh(lib_.path).fact_table()


def test_texts_of_every_kind_come_back_as_written(tmp_path):
    from lib.store.fact_strings import read_pool, string_codes

    lib_ = Library(tmp_path / "t.sqlite")
    texts = ["", "地区生产总值", "𠮷野家增长6.5%", "a,b;c", "亿元"]
    with lib_.transaction() as con:
        codes = string_codes(con, texts)
        again = string_codes(con, ["亿元", "新的一句。"])
    assert again[0] == codes[-1] and len(set(codes + again)) == 6
    with lib_._read() as con:
        pool = read_pool(con)
    import numpy as np

    assert list(pool.take(np.array(codes + again, dtype="<i4"))) == texts + ["亿元", "新的一句。"]


def test_an_import_forgets_the_codes_of_a_report_it_had_to_undo(tmp_path, monkeypatch):
    """An import keeps the code of each text it has seen (lib.store.fact_strings.CodedConnection);
    a report whose write fails is undone with its new texts, and the next report that states the
    same sentences must not be written with the codes that went with it."""
    from lib.store.importing import ImportItem, import_items
    from tests.support.library_helpers import make_report

    text = make_report(7)[0]
    items = [ImportItem("先.txt", text.encode()), ImportItem("后.txt", (text + "\n附:本报告共五部分。\n").encode())]
    real = Library._refresh_effective

    def fails_for_the_first(con, rid):
        if con.execute("SELECT file FROM reports WHERE id = ?", (rid,)).fetchone()[0] == "先.txt":
            raise sqlite3.OperationalError("disk I/O error")
        return real(con, rid)

    monkeypatch.setattr(Library, "_refresh_effective", staticmethod(fails_for_the_first))
    lib_ = Library(tmp_path / "lib.sqlite")
    results = import_items(lib_, items, jobs=1)
    assert [r.status for r in results] == ["error", "added"]
    monkeypatch.undo()
    alone = Library(tmp_path / "alone.sqlite")
    assert import_items(alone, items[1:], jobs=1)[0].status == "added"
    got = _fresh(lib_.path).fact_table()
    assert len(got) > 5 and _rows(got) == _rows(_fresh(alone.path).fact_table())

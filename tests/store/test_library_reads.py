"""Reading the library at scale: the report rows read once per library state and shared by
entries(), load_reports() and fact_table(), and lazily read facts that survive a
re-extraction between the load and the first read."""
from __future__ import annotations

import sqlite3

import pytest

import lib
from lib.store import fact_bins, meta, records
from lib.store.library import Library

from tests.support.library_helpers import (as_an_earlier_version_stored_them, make_reports,
                                           stand_in_parse_bytes, stand_in_parse_text)


def _library(path, parse_bytes=stand_in_parse_bytes) -> Library:
    return Library(path, parse_bytes=parse_bytes, parse_text=stand_in_parse_text)


@pytest.fixture
def lib_(tmp_path):
    lib_ = _library(tmp_path / "lib.sqlite")
    for name, text, _ in make_reports(20, start=50):
        lib_.add_bytes(text.encode(), name)
    return lib_


def _cold():
    fact_bins._decoded.clear()
    meta._decoded_meta.clear()


def _one_fewer_fact(data, name):
    """A parser that has changed its mind: the stand-in's facts but the first."""
    rep = stand_in_parse_bytes(data, name)
    rep.facts = rep.facts[1:]
    return rep


@pytest.mark.parametrize("position", [0, 19])  # read alone, and with the batch's other packs
def test_facts_read_after_a_re_extraction_are_never_empty(tmp_path, lib_, position):
    """Read alone (the first reports asked), a report's facts are the new extraction's; once
    the batch has read every pack (the 16th report asked on), they are those of the load."""
    rid = lib_.entries()[position].id
    as_loaded = lib_.load_reports([rid])[0].facts
    _cold()
    loaded = lib_.load_reports()
    for r in loaded[:position]:
        assert r.facts
    target = loaded[position]
    _library(lib_.path, parse_bytes=_one_fewer_fact).reextract([rid])  # before target's facts are read
    fresh = lib_.load_reports([rid])[0].facts
    assert len(fresh) == len(as_loaded) - 1 > 0
    assert target.facts == (fresh if position < 15 else as_loaded)


def test_facts_come_from_the_rows_of_a_library_stored_without_packs(tmp_path, lib_):
    _cold()
    target = lib_.load_reports()[3]
    rid = lib_.entries()[3].id
    _library(lib_.path, parse_bytes=_one_fewer_fact).reextract([rid])
    as_an_earlier_version_stored_them(lib_.path)
    _cold()
    fresh = lib_.load_reports([rid])[0].facts
    assert len(fresh) > 1 and target.facts == fresh


def test_a_second_library_object_sees_the_first_ones_writes(tmp_path, lib_):
    reader = Library(lib_.path)
    before = [e.file for e in reader.entries()]
    assert len(reader.load_reports()) == len(before) == len(reader.fact_table().metas)
    name, text, _ = make_reports(1, start=90)[0]
    added = lib_.add_bytes(text.encode(), name)
    lib_.remove([lib_.entries()[0].id])
    after = [e.file for e in reader.entries()]
    assert added.file in after and before[0] not in after and len(after) == len(before)
    assert [r.meta.file for r in reader.load_reports()] == after
    assert [m.file for m in reader.fact_table().metas] == after
    assert before[0] in [e.file for e in reader.entries(include_deleted=True)]


def test_a_content_with_two_parser_versions_lists_the_current_ones_facts(tmp_path, lib_, monkeypatch):
    rid = lib_.entries()[0].id
    with sqlite3.connect(lib_.path) as con:
        # an older version's extraction left beside the current one (as during a re-extraction)
        ext = con.execute("SELECT e.* FROM extractions e JOIN reports r ON r.sha256 = e.sha256 "
                          "WHERE r.id = ?", (rid,)).fetchone()
        con.execute("INSERT INTO extractions (sha256, parser_version, extracted_at, n_facts, meta, "
                    "warnings, sections, facts_pack, text) VALUES (?, '0-old', ?, 0, ?, '[]', '[]', NULL, '')",
                    (ext[1], ext[3], '{"title": "旧版本"}'))
    entry = Library(lib_.path).entries()[0]
    assert entry.parser_version == lib.PARSER_VERSION and entry.meta.title != "旧版本"
    monkeypatch.setattr("lib.PARSER_VERSION", "999")  # no extraction for this version: the newest
    entry = Library(lib_.path).entries()[0]
    assert entry.stale and entry.meta.title == "旧版本"


@pytest.mark.parametrize("stored, expected", [
    ({"plan_year": 2024, "review_year": None, "place_confidence": 0.5}, (2024, None, 0.5)),
    ({"plan_year": 12345, "review_year": 0, "place_confidence": 7.0}, (None, None, 1.0)),
    ({"plan_year": True, "review_year": 2023.0, "place_confidence": -1}, (None, None, 0.0)),
    ({"plan_year": 2024, "place_confidence": float("nan"), "title": 5, "unknown": 1}, (2024, None, 0.0)),
])
def test_stored_metadata_is_read_as_written_or_repaired(stored, expected):
    read = meta._meta_from_json(records._dump(stored), "a.txt")
    assert (read.plan_year, read.review_year, read.place_confidence) == expected
    assert read.file == "a.txt" and isinstance(read.title, str)


@pytest.mark.parametrize("broken", ['{"plan_year": "abc", "review_year": 2023, "title": "修过"}', '{"title": '])
def test_metas_decoded_together_match_each_decoded_alone(lib_, broken):
    """The listing decodes every stored meta in one go; a meta that needs repairs (a year "abc"
    written by an older version) or does not read at all changes nothing for the others."""
    with sqlite3.connect(lib_.path) as con:
        con.execute("UPDATE extractions SET meta = ? WHERE id = (SELECT min(id) FROM extractions)", (broken,))
        stored = dict(con.execute("SELECT e.sha256, e.meta FROM extractions e"))
    _cold()
    together = {e.sha256: e.inferred for e in Library(lib_.path).entries()}
    alone = {sha: meta._meta_from_json(text, together[sha].file) for sha, text in stored.items()}
    assert together == alone and len(together) == len(stored) == 20
    repaired = [m for m in together.values() if m.plan_year is None]
    assert len(repaired) == 1 and repaired[0].title in ("修过", "")

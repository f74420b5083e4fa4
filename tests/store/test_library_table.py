"""Library.fact_table (every fact in columns, from the packed binary records) and the lazy
Report.facts of load_reports: the same facts, corrections included, whatever the store holds."""
from __future__ import annotations

import math
import sqlite3

import pytest

from lib.store import fact_bins, meta
from lib.store.records import FACT_FIELDS
from lib.model import CORRECTED
from lib.store.corrections import FactCorrection
from lib.store.anchors import anchor_of

from tests.support.library_helpers import stand_in_library


@pytest.fixture
def lib_(tmp_path):
    return stand_in_library(tmp_path / "lib.sqlite", 5, start=30)


def _rows_of_table(table) -> list[tuple]:
    out = []
    for i in range(len(table)):
        row = []
        for c in FACT_FIELDS:
            v = table.columns[c][i]
            if c in ("year", "value_high") and isinstance(v, float) and math.isnan(v):
                v = None
            row.append(v)
        out.append((table.metas[table.report[i]].file, *row))
    return out


def _rows_of_reports(reports) -> list[tuple]:
    return [(r.meta.file, *[getattr(f, c) for c in FACT_FIELDS]) for r in reports for f in r.facts]


def _cold():
    fact_bins._decoded.clear()
    meta._decoded_meta.clear()


def test_the_table_holds_the_same_facts_as_the_reports(lib_):
    _cold()
    table = lib_.fact_table()
    reports = lib_.load_reports()
    assert len(table) > 20 and [m.file for m in table.metas] == [r.meta.file for r in reports]
    assert _rows_of_table(table) == _rows_of_reports(reports)
    assert table.columns["year"].dtype.kind == "f" and table.columns["estimated"].dtype == bool


def test_the_table_follows_year_and_fact_corrections(lib_):
    lib_.save_correction(2, review_year=2001, plan_year=2002)
    fact = lib_.load_reports([3])[0].facts[0]
    lib_.save_fact_correction(3, FactCorrection(action="edit", anchor=anchor_of(fact), changes={"value": 12345.0}))
    _cold()
    table = lib_.fact_table()
    reports = lib_.load_reports()
    assert _rows_of_table(table) == _rows_of_reports(reports)
    years = {y for y, k in zip(table.columns["year"], table.report) if table.ids[k] == 2}
    assert years <= {2001.0, 2002.0} and years
    edited = [i for i in range(len(table)) if table.columns["value"][i] == 12345.0]
    assert len(edited) == 1 and table.columns["provenance"][edited[0]] == CORRECTED


def test_without_the_binary_records_the_table_reads_the_packs(lib_):
    expected = _rows_of_table(lib_.fact_table())
    with sqlite3.connect(lib_.path) as con:
        con.execute("UPDATE fact_bins SET data = x'475246310000'")  # cut short: not trusted
    _cold()
    assert _rows_of_table(lib_.fact_table()) == expected
    with sqlite3.connect(lib_.path) as con:
        con.execute("DELETE FROM fact_bins")
    _cold()
    assert _rows_of_table(lib_.fact_table()) == expected


def test_a_report_decodes_its_facts_only_when_asked(lib_):
    _cold()
    reports = lib_.load_reports()
    assert not fact_bins._decoded  # nothing decoded by the load itself
    first = reports[0].facts
    assert len(fact_bins._decoded) == 1 and first
    assert reports[0].facts is first


def test_removing_a_report_removes_its_binary_records(lib_):
    lib_.remove([1], permanent=True)
    with sqlite3.connect(lib_.path) as con:
        kept = con.execute("SELECT count(*) FROM fact_bins").fetchone()[0]
        live = con.execute("SELECT count(*) FROM extractions").fetchone()[0]
    assert kept == live == 4


def test_a_text_with_a_nul_is_stored_without_binary_records_and_still_loads():
    cols = [[v] for v in ("gdp", "地区生产总值", "result", 2023, 1.0, "亿元", "eq", None, False,
                          "a\0b", 0, 3, 1, 2, "经济", "解析", "")]
    assert fact_bins._fact_records(cols) is None
    rec, strings = fact_bins._fact_records(cols, lossy=True)
    assert strings[rec["evidence"][0]] == "a\ufffdb" and rec["year"][0] == 2023

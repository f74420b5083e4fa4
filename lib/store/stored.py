"""StoredReport: a Report from the library whose text, sections, warnings and facts are read on
first use (loading 10,000 reports reads none of them), and the batched reads behind it."""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Optional

import lib
from lib.model import Report, ReportMeta, Section
from lib.perf import gc_paused
from lib.store.fact_bins import _decode_facts, _decoded, _facts_from_columns, _pack_columns
from lib.store.fact_store import _reviewed_columns, _with_provenance
from lib.store.meta import _remap_fact_years
from lib.store.records import FACT_FIELDS, _loads


class _TextBatch:
    """The texts of one load_reports() batch: the first text asked for is read alone (the
    Report page); from the second on, every text of the batch is read in one query (a
    page that reads them all).  With column="facts_pack", the same for the reports' facts,
    from the 16th report asked (a page comparing a few places reads a few packs)."""

    def __init__(self, path: str, ext_ids: list, column: str = "text"):
        self.path, self.ext_ids, self.texts, self.asked = path, ext_ids, {}, 0
        self.column = column  # "text", or "facts_pack" (the packs of the batch, each taken once)
        self.lock = threading.Lock()

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("lock", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.lock = threading.Lock()

    def get(self, ext_id: int, digest: str) -> str:
        column = self.__dict__.get("column", "text")
        with self.lock:
            if ext_id not in self.texts:
                self.asked += 1
                alone = self.asked < (2 if column == "text" else 16)  # facts: a page reads a few places
                taken = self.__dict__.setdefault("taken", set())
                wanted = [ext_id] if alone else [i for i in self.ext_ids if i not in self.texts and i not in taken]
                self.texts.update(_read_texts(self.path, wanted, column))
            if column != "text":  # a pack is decoded once, then cached as columns: don't keep it twice
                self.taken.add(ext_id)
                return self.texts.pop(ext_id, None)
            text = self.texts.get(ext_id)
        return text if text is not None else _read_text_by_hash(self.path, digest)


@dataclass
class _FactSource:
    """Where a StoredReport's facts come from: its extraction's pack (read with the batch's
    others on the second report asked) and what to lay over the parser's facts."""
    packs: "_TextBatch"
    ext_id: int
    digest: str
    inferred: ReportMeta
    effective: ReportMeta
    reviewed: Optional[list]  # the report's fact corrections (lib.store.corrections), if any

    def facts(self) -> list:
        key = self.packs.path
        cols = _decoded.get((key, self.ext_id))
        if cols is None:
            cols = self._columns(key)
        cols = _with_provenance(cols)
        if self.reviewed:
            cols = _reviewed_columns(cols, self.reviewed)
        return _remap_fact_years(_facts_from_columns(cols), self.inferred, self.effective)

    def _columns(self, key: str) -> list:
        cols = _pack_columns(self.packs.get(self.ext_id, self.digest))
        if cols is not None:  # the common case: no connection of its own
            _decoded[(key, self.ext_id)] = cols
            return cols
        try:
            con = _ro_connect(key)
        except sqlite3.Error:
            return [[] for _ in FACT_FIELDS]
        try:  # no pack: the facts rows, or (re-extracted since the load) the content's newest
            return _decode_facts(con, key, self._current_ext_id(con), None)
        except sqlite3.Error:
            return [[] for _ in FACT_FIELDS]
        finally:
            con.close()

    def _current_ext_id(self, con) -> int:
        """The loaded extraction, or when it has been replaced since (a re-extraction between
        load_reports() and the first read of these facts) the content's newest good one: its
        facts, never an empty list for a report that still has them."""
        if con.execute("SELECT 1 FROM extractions WHERE id = ?", (self.ext_id,)).fetchone():
            return self.ext_id
        row = con.execute("SELECT id FROM extractions WHERE sha256 = ? AND error IS NULL "
                          "ORDER BY parser_version = ? DESC, id DESC LIMIT 1",
                          (self.digest, lib.PARSER_VERSION)).fetchone()
        return row[0] if row else self.ext_id


class StoredReport(Report):
    """A Report from the library whose text is read (and sections and warnings decoded) on
    first use, so loading 1,000 reports for the Compare page does not read 1,000 full texts.
    Otherwise a plain Report."""

    @property
    def text(self) -> str:
        value = self.__dict__.get("_text")
        if value is None:  # not read yet
            batch, ext_id, digest = self.__dict__.get("_source", (None, None, None))
            value = self.__dict__["_text"] = batch.get(ext_id, digest) if batch is not None else ""
        return value

    @text.setter
    def text(self, value) -> None:
        self.__dict__["_text"] = value

    @property
    def facts(self) -> list:
        value = self.__dict__.get("_facts")
        if value is None:  # not decoded yet
            source = self.__dict__.get("_facts_source")  # kept: two threads may ask at once
            with gc_paused():
                value = self.__dict__["_facts"] = source.facts() if source is not None else []
        return value

    @facts.setter
    def facts(self, value) -> None:
        self.__dict__["_facts"] = value

    @property
    def sections(self) -> list:
        value = self.__dict__.get("_sections")
        if value is None:
            raw = self.__dict__.pop("_sections_raw", None)
            value = self.__dict__["_sections"] = [Section(**x) for x in _loads(raw, []) if isinstance(x, dict)]
        return value

    @sections.setter
    def sections(self, value) -> None:
        self.__dict__["_sections"] = value

    @property
    def warnings(self) -> list:
        value = self.__dict__.get("_warnings")
        if value is None:
            value = self.__dict__["_warnings"] = list(_loads(self.__dict__.pop("_warnings_raw", None), []))
        return value

    @warnings.setter
    def warnings(self, value) -> None:
        self.__dict__["_warnings"] = value

    def __eq__(self, other):  # equal to a plain Report with the same contents
        if not isinstance(other, Report):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(Report))

    __hash__ = None


def _ro_connect(path) -> sqlite3.Connection:
    """Read-only: a late read never creates a library file that has gone."""
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=30)


def _read_texts(path, ext_ids: list, column: str = "text") -> dict:
    """{extraction id: its text (or its facts_pack)}; an extraction that has gone is missing."""
    assert column in ("text", "facts_pack")
    out = {}
    try:
        con = _ro_connect(path)
        try:
            for k in range(0, len(ext_ids), 900):
                chunk = ext_ids[k:k + 900]
                marks = ",".join("?" * len(chunk))
                out.update(con.execute(f"SELECT id, {column} FROM extractions WHERE id IN ({marks})", chunk))
        finally:
            con.close()
    except sqlite3.Error:
        pass
    return out


def _read_text_by_hash(path, digest) -> str:
    """The text of the newest good extraction of a content (its extraction was replaced)."""
    try:
        con = _ro_connect(path)
        try:
            row = con.execute("SELECT text FROM extractions WHERE sha256 = ? AND error IS NULL ORDER BY id DESC",
                              (digest,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""

"""The report library: a SQLite store of the user's reports (standard sqlite3, WAL mode).

What is kept per report (table `reports` + `originals`): the original bytes, the content
hash (sha256 of the bytes), a hash of the text (so the same report as GBK txt and as UTF-8
paste is recognised), the file name (cleaned of path tricks and made unique in the library),
the name as given, the source (upload / paste / seed / cli / import), the time added and the
user's corrections (JSON), kept apart from what the parser inferred.

What the parser made of it (tables `extractions` + `facts`) is cached by
(content hash, lib.PARSER_VERSION): cleaned text, inferred ReportMeta, sections, warnings and
one row per Fact (every field of lib.model.Fact).  Loading never re-parses; when the parser
version changes, reports without an extraction for the current version are re-extracted from
their original bytes (`refresh_stale`, run lazily by lib.store.service on load).

Every write is one short transaction (BEGIN IMMEDIATE, one per report) with a busy timeout,
so two sessions or processes can add at once, and a process killed mid-import leaves every
committed report whole.  Parsing happens outside the transaction.

Bad input never raises out of `add_*`: each file gets an `AddResult` with a Chinese message
naming it, and the rest of a batch goes on.

This module is the store class: adding, metadata corrections, removing, re-extraction.  Its
other parts are rooms of their own: schema.py (opening, tables, migrations, transactions),
backup.py, reads.py (listing and loading), fact_store.py (fact corrections), archive.py (the
zip), with intake.py (file to parsed report), meta.py, fact_bins.py and fact_strings.py (the
facts cache and its string table), stored.py (lazily read reports) and records.py (AddResult,
Entry, LibraryError) beside them.
"""
from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Optional

import lib
from lib.model import ReadError, Report, ReportMeta
from lib.limits import MAX_FILE_BYTES
from lib.present.escape import CONTROL as _CTRL
from lib.store.archive import LibraryArchive
from lib.store.backup import LibraryBackup
from lib.store.fact_bins import _pack_facts
from lib.store.fact_strings import write_fact_bin
from lib.store.fact_store import FactCorrectionStore, _drop_fact_corrections, _reanchor_fact_corrections
from lib.store.intake import _Parsed, _check_bytes, _ext, parse_for_library, safe_name, sha256
from lib.store.meta import _meta_from_json, apply_corrections, clean_corrections
from lib.store.records import (AddResult, Entry, FACT_FIELDS, LibraryError, Progress, SOURCES, _dump, _loads,
                               _now, _parse_time, db_error_text)
from lib.store.reads import LibraryReads
from lib.store.schema import LibraryFile, resolve_db_path


class Library(LibraryFile, LibraryBackup, LibraryReads, FactCorrectionStore, LibraryArchive):
    """One SQLite library file.  Cheap to create; every call opens its own connection,
    so an instance can be shared across threads (Streamlit sessions) and processes."""

    def __init__(self, path: str | os.PathLike | None = None, *, parse_bytes=None, parse_text=None,
                 timeout: float = 30.0):
        self.path = resolve_db_path(path)
        self.timeout = timeout
        self._parse_bytes = parse_bytes
        self._parse_text = parse_text
        self._ensure_schema()


    # -- adding --

    def _parse(self, data: bytes, name: str, pasted: bool) -> _Parsed:
        return parse_for_library(data, name, pasted=pasted, parse_bytes=self._parse_bytes,
                                 parse_text=self._parse_text)

    def add_bytes(self, data: bytes, name: str, source: str = "upload", *,
                  added_at: str | None = None, corrections: dict | None = None,
                  original_name: str | None = None) -> AddResult:
        """Add one file.  Never raises for bad input: the AddResult says what happened."""
        return self._add(data, name, source, pasted=False, added_at=added_at,
                         corrections=corrections, original_name=original_name)

    def add_text(self, text: str, name: str = "", source: str = "paste") -> AddResult:
        """Add pasted text.  `name` is optional: the title line is used when it is empty."""
        text = text if isinstance(text, str) else ""
        if not text.strip():
            return AddResult(safe_name(name or "粘贴文本"), "error", "粘贴的文本为空:请先粘贴报告全文")
        if not name.strip():
            first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
            name = (first[:30] or "粘贴文本") + ".txt"
        elif not _ext(safe_name(name)):
            name = name.strip() + ".txt"
        return self._add(text.encode("utf-8", "replace"), name, source, pasted=True)

    def add_paths(self, paths: Iterable, source: str = "cli", progress: Progress = None) -> list[AddResult]:
        paths = list(paths)
        results = []
        for i, p in enumerate(paths):
            name = safe_name(Path(str(p)).name if not str(p).endswith(("/", "\\")) else str(p))
            if progress:
                progress(i, len(paths), name)
            try:
                from lib.parse.readers import read_file

                data = read_file(p, name, MAX_FILE_BYTES)  # regular files only, never more than the limit
            except ReadError as exc:
                results.append(AddResult(name, "error", str(exc)))
                continue
            except ValueError:  # a NUL in the path
                results.append(AddResult(name, "error", str(ReadError(name, "文件名无效"))))
                continue
            results.append(self.add_bytes(data, str(p), source, original_name=str(p)))
        if progress:
            progress(len(paths), len(paths), "")
        return results

    def add_many(self, items: Iterable[tuple], source: str = "upload", progress: Progress = None) -> list[AddResult]:
        """items: (name, bytes) pairs, e.g. the files of one upload.  One transaction per file."""
        items = list(items)
        out = []
        for i, (name, data) in enumerate(items):
            if progress:
                progress(i, len(items), safe_name(name))
            out.append(self.add_bytes(data, name, source))
        if progress:
            progress(len(items), len(items), "")
        return out

    def _add(self, data, name, source, *, pasted, added_at=None, corrections=None,
             original_name=None) -> AddResult:
        given = original_name if original_name is not None else name
        name = safe_name(name)
        if source not in SOURCES:
            source = "upload"
        try:
            _check_bytes(data, name)
            digest = sha256(bytes(data))
            dup = self._find_live(digest, None)
            if dup:
                return AddResult(name, "duplicate", f"「{name}」已在库中(与「{dup[1]}」内容相同),未重复保存",
                                 report_id=dup[0])
            parsed = self._parse(bytes(data), name, pasted)
        except ReadError as exc:
            return AddResult(name, "error", str(exc))
        try:
            corr = clean_corrections(corrections or {})
        except LibraryError:
            corr = {}
        try:
            return self._store(bytes(data), digest, name, str(given), source, parsed,
                               added_at or _now(), corr)
        except sqlite3.Error as exc:
            return AddResult(name, "error", f"「{name}」保存失败({db_error_text(exc)}),库中已有内容未受影响")

    def _find_live(self, digest: str, tsha: Optional[str]):
        with self._read() as con:
            row = con.execute("SELECT id, file FROM reports WHERE deleted_at IS NULL AND "
                              "(sha256 = ? OR text_sha256 = ?)", (digest, tsha or "-")).fetchone()
        return row

    def _unique_name(self, con, name: str) -> str:
        low, high = _numbered_range(name)  # a range the file index answers (LIKE scanned every row)
        taken = {r[0] for r in con.execute("SELECT file FROM reports WHERE file = ? OR (file >= ? AND file < ?)",
                                           (name, low, high))}
        if name not in taken:
            return name
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        n = 2
        while True:
            cand = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
            if cand not in taken:
                return cand
            n += 1

    def _store(self, data, digest, name, given, source, parsed: _Parsed, added_at, corr) -> AddResult:
        rep = parsed.report
        with self.transaction() as con:
            row = con.execute("SELECT id, file, deleted_at FROM reports WHERE sha256 = ? OR "
                              "text_sha256 = ? ORDER BY deleted_at IS NOT NULL", (digest, parsed.text_sha)).fetchall()
            live = [r for r in row if r[2] is None]
            if live:
                return AddResult(name, "duplicate",
                                 f"「{name}」已在库中(与「{live[0][1]}」内容相同),未重复保存", report_id=live[0][0])
            for r in row:  # the same content deleted earlier: replaced by this fresh copy
                self._purge_one(con, r[0])
            file = self._unique_name(con, name)
            cur = con.execute(
                "INSERT INTO reports (sha256, text_sha256, file, original_name, source, added_at, size, "
                "corrections) VALUES (?,?,?,?,?,?,?,?)",
                (digest, parsed.text_sha, file, _CTRL.sub("", given)[:1000], source, added_at, len(data),
                 _dump(corr)))
            rid = cur.lastrowid
            con.execute("INSERT OR REPLACE INTO originals VALUES (?, ?)", (digest, sqlite3.Binary(data)))
            self._write_extraction(con, digest, rep)
            meta = self._refresh_effective(con, rid)
            others = self._same_place_year(con, rid)
        msg = f"已加入「{file}」:{meta.place},{len(rep.facts)} 条指标"
        if file != name:
            msg += f"(库中已有同名文件,改名为「{file}」)"
        if others:
            msg += f";注意:库中已有同一地区、同一年份的报告「{'」「'.join(others)}」,已保留并标注"
        return AddResult(file, "added", msg, report_id=rid, facts=len(rep.facts), same_place_year=others)

    @staticmethod
    def _write_extraction(con, digest: str, rep: Report, version: str | None = None) -> None:
        version = version or lib.PARSER_VERSION
        con.execute("DELETE FROM extractions WHERE sha256 = ? AND parser_version = ?", (digest, version))
        meta = asdict(rep.meta)
        cur = con.execute(
            "INSERT INTO extractions (sha256, parser_version, extracted_at, n_facts, error, meta, "
            "warnings, sections, facts_pack, text) VALUES (?,?,?,?,NULL,?,?,?,?,?)",
            (digest, version, _now(), len(rep.facts), _dump(meta),
             _dump([str(w) for w in rep.warnings]), _dump([asdict(s) for s in rep.sections]),
             _pack_facts(rep.facts), rep.text))
        # the facts are kept twice: facts_pack (above, the whole record) and the binary records
        # every page reads; the facts table holds only what libraries of earlier versions wrote
        # there (a row per fact cost the import of 10,000 reports ≈10 s and the file 140 MB)
        write_fact_bin(con, cur.lastrowid, [[getattr(f, c) for f in rep.facts] for c in FACT_FIELDS])
        # other parser versions of the same content are no longer needed
        con.execute("DELETE FROM extractions WHERE sha256 = ? AND parser_version != ?", (digest, version))
        _reanchor_fact_corrections(con, digest, rep.facts, rep.text)


    def same_place_year_of(self, file_or_id) -> list[str]:
        """Files of other live reports with the same (effective) place and years."""
        rid = self.resolve_id(file_or_id, include_deleted=True)
        with self._read() as con:
            return self._same_place_year(con, rid)

    @staticmethod
    def _same_place_year(con, rid: int) -> list[str]:
        row = con.execute("SELECT place, review_year, plan_year FROM reports WHERE id = ?", (rid,)).fetchone()
        if not row or not row[0] or (row[1] is None and row[2] is None):
            return []
        return [r[0] for r in con.execute(
            "SELECT file FROM reports WHERE deleted_at IS NULL AND id != ? AND place = ? AND "
            "review_year IS ? AND plan_year IS ? ORDER BY id", (rid, *row))]

    @staticmethod
    def _refresh_effective(con, rid: int) -> ReportMeta:
        """Recompute the denormalised effective place/years of one report; returns its meta."""
        row = con.execute(
            "SELECT r.file, r.corrections, (SELECT x.meta FROM extractions x WHERE x.sha256 = r.sha256 AND "
            "x.error IS NULL ORDER BY x.parser_version = ? DESC, x.id DESC LIMIT 1) FROM reports r "
            "WHERE r.id = ?", (lib.PARSER_VERSION, rid)).fetchone()
        meta = apply_corrections(_meta_from_json(row[2], row[0]), _loads(row[1], {}))
        known = bool(meta.province or meta.city or meta.district)
        con.execute("UPDATE reports SET place = ?, review_year = ?, plan_year = ? WHERE id = ?",
                    (meta.place if known else "", meta.review_year, meta.plan_year, rid))
        return meta

    # -- corrections --

    def save_correction(self, file_or_id, **fields_) -> Entry:
        """Correct metadata fields (CORRECTABLE); the other corrections stay.  A value of None
        removes that correction (back to the inferred value); '' sets it empty (a year: unknown).
        Returns the updated Entry.  Raises LibraryError on an unknown report or a bad value."""
        rid = self.resolve_id(file_or_id)
        clearing = {k for k, v in fields_.items() if v is None}
        new = clean_corrections(fields_)
        with self.transaction() as con:
            row = con.execute("SELECT corrections FROM reports WHERE id = ?", (rid,)).fetchone()
            if not row:
                raise LibraryError(f"库中没有报告「{file_or_id}」")
            corr = _loads(row[0], {})
            for k in clearing:
                corr.pop(k, None)
            corr.update(new)
            con.execute("UPDATE reports SET corrections = ? WHERE id = ?", (_dump(corr), rid))
            self._refresh_effective(con, rid)
        return self.entry(rid)

    def clear_corrections(self, file_or_id) -> Entry:
        rid = self.resolve_id(file_or_id)
        with self.transaction() as con:
            con.execute("UPDATE reports SET corrections = '{}' WHERE id = ?", (rid,))
            self._refresh_effective(con, rid)
        return self.entry(rid)


    # -- removing --

    def remove(self, ids: Iterable, *, permanent: bool = False) -> list[str]:
        """Delete reports.  By default a soft delete that `restore` undoes; `permanent`
        removes the row, original and cached facts.  Returns the removed files' names."""
        removed = []
        for x in ids:
            rid = self.resolve_id(x, include_deleted=permanent)
            with self.transaction() as con:
                row = con.execute("SELECT file FROM reports WHERE id = ?", (rid,)).fetchone()
                if permanent:
                    _drop_fact_corrections(con, rid)
                    self._purge_one(con, rid)
                else:
                    con.execute("UPDATE reports SET deleted_at = ? WHERE id = ?", (_now(), rid))
            removed.append(row[0])
        return removed

    def restore(self, ids: Iterable[int]) -> list[str]:
        """Undo a soft delete.  A report whose content was added again since is skipped."""
        restored = []
        for rid in ids:
            with self.transaction() as con:
                row = con.execute("SELECT file FROM reports WHERE id = ? AND deleted_at IS NOT NULL",
                                  (int(rid),)).fetchone()
                if row:
                    con.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", (int(rid),))
                    restored.append(row[0])
        return restored

    @staticmethod
    def _purge_one(con, rid: int) -> None:
        row = con.execute("SELECT sha256 FROM reports WHERE id = ?", (rid,)).fetchone()
        if not row:
            return
        con.execute("DELETE FROM reports WHERE id = ?", (rid,))
        con.execute("DELETE FROM originals WHERE sha256 = ?", (row[0],))
        con.execute("DELETE FROM facts WHERE ext_id IN (SELECT id FROM extractions WHERE sha256 = ?)", (row[0],))
        con.execute("DELETE FROM extractions WHERE sha256 = ?", (row[0],))

    def purge_deleted(self, older_than_hours: float = 24.0) -> int:
        """Remove for good the reports soft-deleted more than `older_than_hours` ago."""
        cutoff = (_dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(hours=older_than_hours))
        with self._read() as con:
            rows = con.execute("SELECT id, deleted_at FROM reports WHERE deleted_at IS NOT NULL").fetchall()
        old = [rid for rid, at in rows if _parse_time(at) <= cutoff]
        for rid in old:
            with self.transaction() as con:
                _drop_fact_corrections(con, rid)
                self._purge_one(con, rid)
        return len(old)

    # -- re-extraction --

    def stale_ids(self) -> list[int]:
        """Live reports without a successful or failed extraction for the current parser."""
        with self._read() as con:
            return [r[0] for r in con.execute(
                "SELECT r.id FROM reports r WHERE r.deleted_at IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM extractions e WHERE e.sha256 = r.sha256 AND e.parser_version = ?) "
                "ORDER BY r.id", (lib.PARSER_VERSION,))]

    def reextract(self, ids: Iterable | None = None, progress: Progress = None) -> list[AddResult]:
        """Parse again from the original bytes (all stale reports when ids is None).
        A failure keeps the previous facts and records the reason."""
        ids = self.stale_ids() if ids is None else [self.resolve_id(x) for x in ids]
        results = []
        for i, rid in enumerate(ids):
            with self._read() as con:
                row = con.execute("SELECT r.file, r.source, r.sha256, o.data FROM reports r "
                                  "JOIN originals o ON o.sha256 = r.sha256 WHERE r.id = ?", (rid,)).fetchone()
            if not row:
                continue
            file, source, digest, data = row
            if progress:
                progress(i, len(ids), file)
            try:
                parsed = self._parse(bytes(data), file, source == "paste")
            except ReadError as exc:
                with self.transaction() as con:
                    # recorded only when there is no good extraction for this version to keep
                    con.execute("INSERT OR IGNORE INTO extractions (sha256, parser_version, extracted_at, "
                                "error) VALUES (?,?,?,?)", (digest, lib.PARSER_VERSION, _now(), exc.reason))
                results.append(AddResult(file, "error", f"重新抽取失败,保留原有结果:{exc}", report_id=rid))
                continue
            with self.transaction() as con:
                if con.execute("SELECT 1 FROM reports WHERE id = ?", (rid,)).fetchone():
                    self._write_extraction(con, digest, parsed.report)
                    con.execute("UPDATE reports SET text_sha256 = ? WHERE id = ?", (parsed.text_sha, rid))
                    self._refresh_effective(con, rid)
            results.append(AddResult(file, "added", f"已重新抽取「{file}」:{len(parsed.report.facts)} 条指标",
                                     report_id=rid, facts=len(parsed.report.facts)))
        if progress:
            progress(len(ids), len(ids), "")
        return results

    refresh_stale = reextract


def _numbered_range(name: str) -> tuple[str, str]:
    """The file names "stem (…" that numbered copies of `name` take ("报告 (2).txt"): every
    text from "stem (" up to "stem )" (")" follows "(" in every encoding), for the index."""
    stem = name.rpartition(".")[0] or name
    return stem + " (", stem + " )"

"""Reading the library: the listing (entries), reports with lazily read facts (load_reports),
every fact in columns (fact_table), one report's original, and the table exports."""
from __future__ import annotations

import re
from typing import Iterable

import lib
from lib.model import Report, ReportMeta
from lib.perf import gc_paused
from lib.store.fact_bins import (FactTable, _decode_facts, _decoded, _fact_records, _facts_from_columns,
                                 _split_fact_bin, _table_from_parts, _typed_fact_columns)
from lib.store.fact_strings import add_report_texts, read_pool
from lib.store.fact_store import _fact_corrections_by_sha, _reviewed_columns, _with_provenance
from lib.store.intake import safe_name
from lib.store.meta import decode_metas, _cached_meta, _flag_same_place_year, _remap_fact_years, apply_corrections
from lib.store.records import Entry, FACT_FIELDS, LibraryError, _loads
from lib.store.stored import StoredReport, _FactSource, _TextBatch


REPORT_EXPORT_COLUMNS = ["id", "file", "place", "province", "city", "district", "level", "adcode",
                         "review_year", "plan_year", "title", "facts", "chars", "place_confidence",
                         "source", "added_at", "original_name", "size", "sha256", "corrected",
                         "same_place_year"]
SHEET_NAMES = {"facts": "指标", "reports": "报告"}

class LibraryReads:
    """Reading the library (a part of Library)."""

    # -- reading --

    def _rows(self, con, include_deleted: bool):
        """(id, file, original_name, source, added_at, size, sha256, corrections, deleted_at,
        extraction id, parser version, meta, error) per report in id order, the extraction
        being the content's newest good one for this parser (else for any parser).  Read once
        per library state (generation) and Library: entries(), load_reports() and fact_table()
        in a row share one read (see _RowsRead)."""
        return self._rows_read(con).rows(include_deleted)

    def _rows_read(self, con) -> "_RowsRead":
        gen = con.execute("SELECT value FROM settings WHERE key='generation'").fetchone()
        key = (gen[0] if gen else None, lib.PARSER_VERSION)
        hit = self.__dict__.get("_rows_cache")
        if hit is None or hit.key != key:
            hit = self._rows_cache = _RowsRead(key, *self._read_rows(con))
            decode_metas(str(self.path), [(r[9], r[11], r[1]) for r in hit.all])
        return hit

    def _metas(self, r) -> tuple:
        """(inferred meta, effective meta, corrections) of a report row from _rows, worked out once
        per library state: entries(), load_reports() and fact_table() in a row share them."""
        memo = self._rows_cache.metas
        hit = memo.get(r[0])
        if hit is None or hit[0] is not r:  # a row of another state (another thread read one)
            inferred = _cached_meta(str(self.path), r[9], r[11], r[1])
            corrections = _loads(r[7], {})
            hit = memo[r[0]] = (r, (inferred, apply_corrections(inferred, corrections), corrections))
        return hit[1]

    @staticmethod
    def _read_rows(con) -> tuple[list, dict]:
        """Two plain scans (a correlated subquery per report cost ≈0.1 s CPU at 10,000): the rows,
        and {extraction id: (warnings, sections)} of the extractions they use, which
        load_reports would otherwise read in a scan of its own."""
        best: dict = {}  # sha256 -> (prefers, ext id, version, meta, warnings, sections)
        for eid, digest, ver, meta, warnings, sections in con.execute(
                "SELECT id, sha256, parser_version, meta, warnings, sections FROM extractions WHERE error IS NULL"):
            cand = (ver == lib.PARSER_VERSION, eid, ver, meta, warnings, sections)
            old = best.get(digest)
            if old is None or cand[:2] > old[:2]:
                best[digest] = cand
        none = (None, None, None, None, None, None)
        rows = [(*r, *best.get(r[6], none)[1:4], None) for r in con.execute(
            "SELECT id, file, original_name, source, added_at, size, sha256, corrections, deleted_at "
            "FROM reports ORDER BY id")]
        return rows, {b[1]: b[4:] for b in best.values()}

    def _entries_from_rows(self, rows, con) -> list[Entry]:
        errors = dict(con.execute("SELECT sha256, error FROM extractions WHERE parser_version = ? "
                                  "AND error IS NOT NULL", (lib.PARSER_VERSION,)).fetchall())
        out = []
        for row in rows:
            (rid, file, oname, source, added, size, digest, corr, deleted, ext_id, ver, meta, err) = row
            inferred, effective, corrections = self._metas(row)
            out.append(Entry(id=rid, file=file, original_name=oname, source=source, added_at=added,
                             size=size, sha256=digest, meta=effective, inferred=inferred,
                             corrections=dict(corrections), parser_version=ver or "",
                             stale=(ver != lib.PARSER_VERSION), error=errors.get(digest, "") or "",
                             deleted=deleted is not None))
        _flag_same_place_year(out)
        return out

    def entries(self, include_deleted: bool = False) -> list[Entry]:
        """The listing: one Entry per report, corrections applied, same place+year flagged."""
        with self._read() as con:
            return self._entries_from_rows(self._rows(con, include_deleted), con)

    def entry(self, file_or_id) -> Entry:
        rid = self.resolve_id(file_or_id, include_deleted=True)
        for e in self.entries(include_deleted=True):
            if e.id == rid:
                return e
        raise LibraryError(f"库中没有报告「{file_or_id}」")

    def count(self, include_deleted: bool = False) -> int:
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        with self._read() as con:
            return con.execute("SELECT count(*) FROM reports" + where).fetchone()[0]

    def resolve_id(self, file_or_id, include_deleted: bool = False) -> int:
        """A report id from an id, a numeric string or a (unique) file name."""
        cond = "" if include_deleted else " AND deleted_at IS NULL"
        with self._read() as con:
            if isinstance(file_or_id, int) or (isinstance(file_or_id, str) and file_or_id.isdigit()):
                row = con.execute(f"SELECT id FROM reports WHERE id = ?{cond}", (int(file_or_id),)).fetchone()
                if row:
                    return row[0]
            name = str(file_or_id)
            row = con.execute(f"SELECT id FROM reports WHERE file = ?{cond}", (name,)).fetchone()
            if not row:
                row = con.execute(f"SELECT id FROM reports WHERE file = ?{cond}", (safe_name(name),)).fetchone()
            if not row and len(name) >= 8 and re.fullmatch(r"[0-9a-f]+", name):
                rows = con.execute(f"SELECT id FROM reports WHERE sha256 LIKE ?{cond}", (name + "%",)).fetchall()
                row = rows[0] if len(rows) == 1 else None
        if not row:
            raise LibraryError(f"库中没有报告「{file_or_id}」")
        return row[0]

    def _load(self, ids=None, with_text: bool = False, with_facts: bool = True):
        """(row, inferred meta, effective meta, text or None, warnings, sections, fact columns)
        per live report, from one read snapshot.  Fact columns follow FACT_FIELDS; without
        with_facts they are None (a report's reviewed corrections take their place, or None)."""
        with self._read() as con:
            rows = self._rows(con, False)
            if ids is not None:
                wanted = set(ids)
                rows = [r for r in rows if r[0] in wanted]
            want = {r[9] for r in rows if r[9] is not None}
            if not (with_text or with_facts):  # the listing's read has them: no second scan
                kept = self._rows_read(con).parts
                exts = {eid: (None, *kept[eid], None) for eid in want}
            else:
                exts = self._extraction_parts(con, want, with_text, with_facts)
            if len(_decoded) > 20_000:
                _decoded.clear()
            reviewed = _fact_corrections_by_sha(con, {r[6] for r in rows})
        out = []
        for r in rows:
            if r[9] is None:
                continue
            inferred, effective, _ = self._metas(r)
            text, warnings, sections, cols = exts[r[9]]
            if not with_facts:
                cols = reviewed.get(r[6])
            else:
                cols = _with_provenance(cols)
                if r[6] in reviewed:  # the one place a person's fact corrections are laid over the parser's
                    cols = _reviewed_columns(cols, reviewed[r[6]])
            out.append((r, inferred, effective, text, warnings, sections, cols))
        return out

    def _extraction_parts(self, con, want: set, with_text: bool, with_facts: bool) -> dict:
        """{extraction id: (text or None, warnings, sections, fact columns or None)}."""
        exts = {}
        text_col = "text" if with_text else "NULL"
        pack_col = "facts_pack" if with_facts else "NULL"
        key = str(self.path)
        for eid, text, warnings, sections, pack in con.execute(
                f"SELECT id, {text_col}, warnings, sections, {pack_col} FROM extractions WHERE error IS NULL"):
            if eid in want:
                exts[eid] = (text, warnings, sections, _decode_facts(con, key, eid, pack) if with_facts else None)
        return exts

    def load_reports(self, ids: Iterable[int] | None = None, *, lazy_text: bool = True) -> list[Report]:
        """Reports with their cached facts (never re-parses), corrections applied.  With
        lazy_text (default) each report's text is read from the library on first use."""
        with gc_paused():
            return self._load_reports(ids, lazy_text)

    def _load_reports(self, ids, lazy_text: bool) -> list[Report]:
        """The reports, each decoding its facts on first use (10,000 reports hold ≈600,000
        facts: a page that reads a few places' facts does not pay for all of them)."""
        reports = []
        loaded = self._load(ids, with_text=not lazy_text, with_facts=False)
        ext_ids = [x[0][9] for x in loaded]
        batch = _TextBatch(str(self.path), ext_ids) if lazy_text else None
        packs = _TextBatch(str(self.path), ext_ids, column="facts_pack")
        for r, inferred, effective, text, warnings, sections, reviewed in loaded:
            rep = StoredReport(meta=effective, text=None if lazy_text else text, facts=None,
                               sections=None, warnings=None)
            # sections and warnings are decoded on first use (the Report page), like the text
            rep.__dict__.update(_source=(batch, r[9], r[6]), _sections_raw=sections, _warnings_raw=warnings,
                                _facts_source=_FactSource(packs, r[9], r[6], inferred, effective, reviewed))
            reports.append(rep)
        return reports

    def fact_table(self) -> FactTable:
        """Every fact of the live library in columns (see FactTable), read in one snapshot: the
        path for all facts at once (10,000 reports, ≈600,000 facts, well under a second)."""
        with gc_paused(), self._read() as con:
            rows = [r for r in self._rows(con, False) if r[9] is not None]
            want = {r[9] for r in rows}
            blobs = {eid: b for eid, b in con.execute("SELECT ext_id, data FROM fact_bins") if eid in want}
            pool = read_pool(con)
            reviewed = _fact_corrections_by_sha(con, {r[6] for r in rows})
            key = str(self.path)
            parts, metas = [], []
            for r in rows:
                inferred, effective, _ = self._metas(r)
                part = None
                if r[6] not in reviewed and effective.review_year == inferred.review_year \
                        and effective.plan_year == inferred.plan_year:
                    part = _split_fact_bin(blobs.get(r[9]))
                if part is None:
                    cols = _report_columns(con, key, r, inferred, effective, reviewed.get(r[6]))
                    rec, texts = _fact_records(_typed_fact_columns(cols), lossy=True)
                    add_report_texts(pool, rec, texts)
                    part = (len(rec), rec.tobytes())
                parts.append(part)
                metas.append(effective)
        return _table_from_parts(parts, metas, [r[0] for r in rows], pool)

    def facts_frame(self):
        """Every fact of the live library as a DataFrame with the columns of
        lib.parse.pipeline.facts_frame (corrections applied), built from fact_table()."""
        import numpy as np
        import pandas as pd

        from lib.parse.pipeline import FACT_COLUMNS

        table = self.fact_table()
        columns = FACT_COLUMNS + [c for c in ("fig_start", "fig_end") if c not in FACT_COLUMNS]
        data = {}
        for c in ("file", "province", "city", "district", "level", "place"):
            per_report = np.empty(len(table.metas), dtype=object)
            per_report[:] = [getattr(m, c) for m in table.metas]
            data[c] = per_report[table.report]
        for c in columns:
            if c in table.columns:
                data[c] = table.columns[c]
        year = data["year"]  # whole years, or floats with NaN where one is unknown (as pandas reads a list)
        if len(year) and not np.isnan(year).any():
            data["year"] = year.astype(np.int64)
        high = data["value_high"]
        if len(high) and np.isnan(high).all():
            data["value_high"] = np.full(len(high), None, dtype=object)
        return pd.DataFrame(data, columns=columns)

    def facts_rows(self) -> list[dict]:
        """One dict per fact of every live report, with the report's effective place columns."""
        from lib.parse.pipeline import fact_rows

        return fact_rows(self.load_reports())

    def original(self, file_or_id) -> tuple[str, bytes]:
        rid = self.resolve_id(file_or_id, include_deleted=True)
        with self._read() as con:
            row = con.execute("SELECT r.file, o.data FROM reports r JOIN originals o ON o.sha256 = r.sha256 "
                              "WHERE r.id = ?", (rid,)).fetchone()
        if not row:
            raise LibraryError(f"报告「{file_or_id}」的原始文件缺失")
        return row[0], bytes(row[1])


    # -- exports of tables --

    def table_rows(self, kind: str) -> tuple[list[str], list[dict]]:
        """kind: facts | reports -> (columns, rows) of the live library, corrections applied."""
        from lib.parse.pipeline import FACT_COLUMNS, fact_rows

        if kind == "facts":
            return FACT_COLUMNS, fact_rows(self.load_reports())
        if kind == "reports":
            return REPORT_EXPORT_COLUMNS, [e.as_row() for e in self.entries()]
        raise LibraryError(f"未知的导出内容「{kind}」")

    def export_table(self, kind: str, fmt: str = "csv") -> bytes:
        """CSV (UTF-8 with BOM, opens in Excel) or xlsx bytes.  kind: facts | reports | all
        (all: a workbook with both sheets; CSV holds one table, so all means facts there)."""
        from lib.present import export

        if fmt == "xlsx":
            kinds = ["facts", "reports"] if kind == "all" else [kind]
            return export.xlsx_bytes({SHEET_NAMES[k]: self.table_rows(k) for k in kinds})
        if fmt == "csv":
            return export.csv_bytes(self.table_rows("facts" if kind == "all" else kind))
        raise LibraryError(f"未知的导出格式「{fmt}」")


class _RowsRead:
    """One read of the report rows for one library state: `all` (deleted reports included), the
    warnings and sections of the extractions they use (`parts`), and each row's metas once
    worked out (`metas`: report id -> (row, (inferred, effective, corrections)))."""

    def __init__(self, key: tuple, rows: list, parts: dict):
        self.key, self.all, self.parts, self.metas = key, rows, parts, {}
        self.live = [r for r in rows if r[8] is None]

    def rows(self, include_deleted: bool) -> list:
        return self.all if include_deleted else self.live


def _report_columns(con, key: str, row, inferred: ReportMeta, effective: ReportMeta, reviewed) -> list:
    """One report's fact columns the slow way (a correction to lay over, or no binary pack)."""
    cols = _with_provenance(_decode_facts(con, key, row[9], None if row[9] is None else _pack_of(con, row[9])))
    if reviewed:
        cols = _reviewed_columns(cols, reviewed)
    if (effective.review_year, effective.plan_year) != (inferred.review_year, inferred.plan_year):
        cols = [[getattr(f, c) for f in _remap_fact_years(_facts_from_columns(cols), inferred, effective)]
                for c in FACT_FIELDS]
    return cols


def _pack_of(con, ext_id: int):
    row = con.execute("SELECT facts_pack FROM extractions WHERE id = ?", (ext_id,)).fetchone()
    return row[0] if row else None

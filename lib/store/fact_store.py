"""Storing a person's corrections of figures (the logic is lib.store.corrections): reading them per
report, laying them over the parser's fact columns, re-anchoring them after a re-extraction."""
from __future__ import annotations

from dataclasses import asdict, fields, replace
from typing import Iterable

import lib
from lib.model import Fact
from lib.store.fact_bins import _facts_from_columns, _unpack_facts
from lib.store.records import FACT_FIELDS, LibraryError, _dump, _loads, _now


def _fact_corrections_by_sha(con, shas: set) -> dict:
    """sha256 -> [FactCorrection] (oldest first) for the given contents."""
    from lib.store.anchors import Anchor
    from lib.store.corrections import FactCorrection

    if not shas:
        return {}
    out: dict = {}
    rows = con.execute("SELECT id, sha256, action, anchor, changes, created_at, note, lost FROM fact_corrections "
                       "ORDER BY id").fetchall()
    anchor_fields = {f.name for f in fields(Anchor)}
    for cid, sha, action, anchor, changes, created, note, lost in rows:
        if sha not in shas:
            continue
        a = _loads(anchor, {})
        try:
            anc = Anchor(**{k: v for k, v in a.items() if k in anchor_fields})
        except TypeError:
            continue
        out.setdefault(sha, []).append(FactCorrection(action=action, anchor=anc, changes=_loads(changes, {}),
                                                      sha256=sha, id=cid,
                                                      created_at=created, note=note, lost=bool(lost)))
    return out


_PROVENANCE = FACT_FIELDS.index("provenance")


def _with_provenance(cols: list) -> list:
    """Facts stored before Fact had a provenance (its column added empty) are the parser's."""
    prov = cols[_PROVENANCE]
    if None in prov:
        from lib.model import PARSED

        cols = list(cols)
        cols[_PROVENANCE] = [p or PARSED for p in prov]
    return cols


def _reviewed_columns(cols: list, corrections: list) -> list:
    """Fact columns (FACT_FIELDS order) with the corrections applied (lib.store.corrections)."""
    from lib.store.corrections import apply_corrections

    applied = apply_corrections(_facts_from_columns(cols), corrections).facts
    return [[getattr(f, c) for f in applied] for c in FACT_FIELDS]


def _current_facts(con, digest: str) -> tuple[list, str]:
    """(the parser's facts, the cleaned text) of the extraction a report is read from."""
    row = con.execute("SELECT id, facts_pack, text FROM extractions WHERE sha256 = ? AND error IS NULL "
                      "ORDER BY parser_version = ? DESC, id DESC LIMIT 1", (digest, lib.PARSER_VERSION)).fetchone()
    if not row:
        return [], ""
    cols = _unpack_facts(con, row[0], row[1])
    return [Fact(**dict(zip(FACT_FIELDS, vals))) for vals in zip(*cols)], row[2] or ""


def _reanchor_fact_corrections(con, digest: str, facts: list, text: str) -> None:
    """After a (re-)extraction: find every correction's figure again in the new facts and text,
    refresh its anchor, and flag the ones that cannot be found (kept, to be reviewed)."""
    from lib.store.anchors import anchor_of, locate, resolve
    from lib.store.corrections import ADD

    rows = con.execute("SELECT id, action, anchor FROM fact_corrections WHERE sha256 = ?", (digest,)).fetchall()
    if not rows:
        return
    for c in _fact_corrections_by_sha(con, {digest}).get(digest, []):
        if c.action == ADD:
            moved = resolve(c.anchor, text)
        else:
            i = locate(c.anchor, facts)
            moved = None if i is None else replace(anchor_of(facts[i]), indicator=facts[i].indicator)
        con.execute("UPDATE fact_corrections SET anchor = ?, lost = ? WHERE id = ?",
                    (_dump(asdict(moved or c.anchor)), int(moved is None), c.id))


def _drop_fact_corrections(con, rid: int) -> None:
    """A report removed for good takes its fact corrections along (unless the same content is
    still in the library as another report)."""
    row = con.execute("SELECT sha256 FROM reports WHERE id = ?", (rid,)).fetchone()
    if row and not con.execute("SELECT 1 FROM reports WHERE sha256 = ? AND id != ?", (row[0], rid)).fetchone():
        con.execute("DELETE FROM fact_corrections WHERE sha256 = ?", (row[0],))

class FactCorrectionStore:
    """A report's fact corrections (a part of Library)."""

    # -- fact corrections (lib.store.corrections) --

    def _sha_of(self, con, rid: int) -> str:
        row = con.execute("SELECT sha256 FROM reports WHERE id = ?", (rid,)).fetchone()
        if not row:
            raise LibraryError(f"库中没有编号为 {rid} 的报告")
        return row[0]

    def fact_corrections(self, file_or_id) -> list:
        """The person's corrections of one report's figures (FactCorrection, oldest first),
        each with `lost` set when its figure is not in the current extraction."""
        rid = self.resolve_id(file_or_id, include_deleted=True)
        with self._read() as con:
            sha = self._sha_of(con, rid)
            return _fact_corrections_by_sha(con, {sha}).get(sha, [])

    def parsed_facts(self, file_or_id) -> list:
        """The parser's facts of one report, before any person's correction."""
        rid = self.resolve_id(file_or_id, include_deleted=True)
        with self._read() as con:
            return _current_facts(con, self._sha_of(con, rid))[0]

    def save_fact_correction(self, file_or_id, correction):
        """Store a FactCorrection of one report.  One decision per figure: a new edit merges
        with an earlier edit of the same figure, a removal replaces it, a check after an edit
        changes nothing (a corrected figure is checked); `correction.id` set on an added figure
        replaces that addition.  Returns the stored correction; raises LibraryError (Chinese)."""
        from lib.store.anchors import ReviewError, locate
        from lib.store.corrections import ADD, CHECK, EDIT, REMOVE, clean_changes

        rid = self.resolve_id(file_or_id)
        try:
            changes = clean_changes(correction.changes, adding=correction.action == ADD)
        except ReviewError as exc:
            raise LibraryError(str(exc)) from None
        with self.transaction() as con:
            sha = self._sha_of(con, rid)
            facts, text = _current_facts(con, sha)
            existing = _fact_corrections_by_sha(con, {sha}).get(sha, [])
            drop = []
            if correction.action == ADD:
                drop = [c for c in existing if correction.id is not None and c.id == correction.id]
            else:
                i = locate(correction.anchor, facts)
                if i is None:
                    raise LibraryError("在这份报告的解析结果中找不到这个数字,修正未保存")
                same = [c for c in existing if c.action != ADD and locate(c.anchor, facts) == i]
                if correction.action == CHECK and any(c.action == EDIT for c in same):
                    return next(c for c in same if c.action == EDIT)
                if correction.action == EDIT:
                    merged = {}
                    for c in same:
                        merged.update(c.changes if c.action == EDIT else {})
                    changes = {**merged, **changes}
                drop = [c for c in same if correction.action in (EDIT, REMOVE) or c.action == CHECK]
            for c in drop:
                con.execute("DELETE FROM fact_corrections WHERE id = ?", (c.id,))
            stored = replace(correction, changes=changes, sha256=sha, created_at=correction.created_at or _now(),
                             lost=False, id=None)
            cur = con.execute("INSERT INTO fact_corrections (sha256, action, anchor, changes, created_at, note) "
                              "VALUES (?,?,?,?,?,?)", (sha, stored.action, _dump(asdict(stored.anchor)),
                                                       _dump(changes), stored.created_at, stored.note))
            stored.id = cur.lastrowid
            _reanchor_fact_corrections(con, sha, facts, text)
        return stored

    def delete_fact_corrections(self, ids: Iterable[int]) -> int:
        """Undo corrections (the figure goes back to what the parser said); returns how many."""
        n = 0
        with self.transaction() as con:
            for i in ids:
                n += con.execute("DELETE FROM fact_corrections WHERE id = ?", (int(i),)).rowcount
        return n

    def lost_fact_corrections(self) -> dict:
        """file -> number of corrections whose figure is not in the current extraction."""
        with self._read() as con:
            return dict(con.execute("SELECT r.file, count(*) FROM fact_corrections c JOIN reports r "
                                    "ON r.sha256 = c.sha256 WHERE c.lost AND r.deleted_at IS NULL "
                                    "GROUP BY r.file").fetchall())

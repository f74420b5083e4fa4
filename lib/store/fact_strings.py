"""The library's string table of the facts cache: every distinct text of the stored facts
(indicator, label, unit, evidence…) once, with a code that the binary records of lib.store.fact_bins
hold instead of the text.

Written a page at a time: an extraction that brings texts the library has not seen adds them to
`fact_strings` (the lookup, text -> code) and as one row of `fact_string_pages` (their codes and the
texts NUL-joined, UTF-16: mostly Chinese, it is smaller than UTF-8 and decodes in half the time), so
reading every text is one scan of a few blobs, one decode and one split (10,000 generated reports:
160,000 distinct texts, where per-report strings were 1.5 million).

Texts no extraction uses any more (a report removed, a re-extraction that reworded a sentence) stay
until the next `rebuild`, which writes the whole cache again from the stored facts: the step that
turns a library of an earlier version (whose records held their own strings) into this one, run
once when the library is opened (lib.store.schema).
"""
from __future__ import annotations

import struct
from typing import Optional

from lib.store.fact_bins import (_BIN_RECORD, _BIN_TEXTS, _bin_dtype, _encode_fact_bin, _fact_records, _recode,
                                 _unpack_facts)
from lib.store.records import LibraryError

DAMAGED = "报告库中的指标数据已损坏:请在「库」页重新解析这些报告"


class StringPool:
    """The texts of the facts cache by code, read once per fact_table; texts of reports laid out
    the slow way (a correction to lay over) are appended after them (`add`)."""

    def __init__(self, codes, texts: list):
        import numpy as np

        size = int(codes.max()) + 1 if len(codes) else 0
        self.strings = np.empty(size, dtype=object)
        self.strings[codes] = texts
        self.known = np.zeros(size, dtype=bool)
        self.known[codes] = True
        self.gaps = not self.known.all()  # codes are given from 0 without gaps: a gap is a lost page
        self._extra: list = []

    def add(self, texts: list) -> int:
        """Append a report's own texts; returns the code of the first."""
        base = len(self.strings) + len(self._extra)
        self._extra.extend(texts)
        return base

    def take(self, codes):
        """The texts of `codes` as an object array; LibraryError for a code that names no text."""
        import numpy as np

        if self._extra:
            extra = np.empty(len(self._extra), dtype=object)
            extra[:] = self._extra
            self.strings = np.concatenate([self.strings, extra])
            self.known = np.concatenate([self.known, np.ones(len(extra), dtype=bool)])
            self._extra = []
        codes = np.ascontiguousarray(codes).view("<u4")  # a negative code reads as a huge one
        if len(codes) and (codes.max() >= len(self.strings) or (self.gaps and not self.known[codes].all())):
            raise LibraryError(DAMAGED)
        return self.strings[codes]


def read_pool(con) -> StringPool:
    """Every text of the library's facts cache, from one snapshot (`con` inside a read)."""
    import numpy as np

    codes, blobs = [], []
    for ids, data in con.execute("SELECT ids, data FROM fact_string_pages"):
        codes.append(ids)
        blobs.append(data)
    codes = np.frombuffer(b"".join(codes), "<u4")
    texts = b"\0\0".join(blobs).decode("utf-16-le", "replace").split("\0") if len(codes) else []
    if len(texts) != len(codes):
        raise LibraryError(DAMAGED)
    return StringPool(codes, texts)


class CodedConnection:
    """A connection of an import (lib.store.importing) that keeps the code of every text it has
    looked up or added, so a text that recurs in report after report ("万元", "地区生产总值",
    "一般公共预算收入") is looked up once per import, not once per report (10,000 reports: ≈1.5
    million lookups in a unique index of long sentences, the import's slowest statement).
    Codes are never renumbered while a library is open (only `rebuild`, when it is opened), so
    they hold across the import's transactions; a report rolled back forgets them (`forget`)."""

    def __init__(self, con, codes: dict):
        self.con, self.codes = con, codes

    def __getattr__(self, name):
        return getattr(self.con, name)

    def forget(self) -> None:
        self.codes.clear()


def string_codes(con, texts: list, known: Optional[dict] = None) -> list[int]:
    """The library codes of distinct texts, adding the ones it has not seen (one page for them).
    `known`: every text -> code of a table being rebuilt, held by the caller, so nothing is looked
    up and the pages are written at the end (`rebuild`); without it the texts are looked up
    (those a CodedConnection has not seen yet)."""
    rebuilding = known is not None
    if not rebuilding:
        known = getattr(con, "codes", None)
        if known is None:
            known = {}
        ask = [t for t in texts if t not in known]
        for k in range(0, len(ask), 500):
            chunk = ask[k:k + 500]
            marks = ",".join("?" * len(chunk))
            known.update(con.execute(f"SELECT text, id FROM fact_strings WHERE text IN ({marks})", chunk))
    new = [t for t in texts if t not in known]
    if new:
        start = len(known) if rebuilding else \
            con.execute("SELECT coalesce(max(id) + 1, 0) FROM fact_strings").fetchone()[0]
        codes = list(range(start, start + len(new)))  # from 0 and without gaps: StringPool.take
        con.executemany("INSERT INTO fact_strings (id, text) VALUES (?, ?)", zip(codes, new))
        if not rebuilding:
            _add_page(con, codes, new)
        known.update(zip(new, codes))
    return [known[t] for t in texts]


def _add_page(con, codes: list, texts: list) -> None:
    import numpy as np

    con.execute("INSERT INTO fact_string_pages (ids, data) VALUES (?, ?)",
                (np.array(codes, dtype="<u4").tobytes(), "\0".join(texts).encode("utf-16-le")))


def write_fact_bin(con, ext_id: int, cols: list) -> bool:
    """Store an extraction's fact columns as binary records (False when a value does not fit:
    its facts then load from facts_pack)."""
    encoded = _fact_records(cols)
    if encoded is None:
        return False
    _store_records(con, ext_id, *encoded)
    return True


def _store_records(con, ext_id: int, rec, texts: list, known: Optional[dict] = None) -> None:
    _recode(rec, string_codes(con, texts, known))
    con.execute("INSERT OR REPLACE INTO fact_bins (ext_id, data) VALUES (?, ?)", (ext_id, _encode_fact_bin(rec)))


def rebuild(con) -> int:
    """The facts cache written again for every good extraction with a fresh string table, from
    its binary records of schema version 1 (which held their own strings) or else its stored
    facts (pack or rows); returns how many extractions have binary records.  Inside the caller's
    write transaction (10,000 reports: a few seconds, once)."""
    old = dict(con.execute("SELECT ext_id, data FROM fact_bins").fetchall())
    for table in ("fact_bins", "fact_string_pages", "fact_strings"):
        con.execute(f"DELETE FROM {table}")
    known: dict = {}
    done = 0
    for ext_id, pack in con.execute("SELECT id, facts_pack FROM extractions WHERE error IS NULL").fetchall():
        encoded = _own_strings_records(old.pop(ext_id, None))
        if encoded is None:
            encoded = _fact_records(_unpack_facts(con, ext_id, pack))
        if encoded is not None:
            _store_records(con, ext_id, *encoded, known)
            done += 1
    texts = list(known)  # in code order, from 0
    for k in range(0, len(texts), 100_000):
        _add_page(con, list(range(k, k + len(texts[k:k + 100_000]))), texts[k:k + 100_000])
    return done


def _own_strings_records(blob) -> Optional[tuple]:
    """(records, texts) of a binary record of schema version 1: b"GRF2", n, the bytes of its
    strings and their count, the strings NUL-joined, then n records of today's layout."""
    import numpy as np

    if type(blob) is not bytes or len(blob) < 16 or not blob.startswith(b"GRF2"):
        return None
    n, size, count = struct.unpack_from("<III", blob, 4)
    if len(blob) != 16 + size + n * _BIN_RECORD or (count == 0) != (n == 0):
        return None
    texts = blob[16:16 + size].decode("utf-8", "replace").split("\0") if count else []
    rec = np.frombuffer(blob[16 + size:], _bin_dtype(), n).copy()
    if len(texts) != count or any((rec[c].view("<u4") >= count).any() for c in _BIN_TEXTS):
        return None
    return rec, texts


def add_report_texts(pool: StringPool, rec, texts: list) -> None:
    """Lay a report's own texts (records coded into `texts`) after the pool's: the slow path."""
    base = pool.add(texts)
    for c in _BIN_TEXTS:
        rec[c] += base

"""The facts cache: each extraction's facts as columnar JSON (extractions.facts_pack) and as packed
binary records (table fact_bins), decoded once per process; FactTable, every fact of the
library in columns."""
from __future__ import annotations

import json
import struct
from functools import lru_cache
from dataclasses import MISSING, dataclass
from dataclasses import fields as dataclass_fields
from typing import Optional

from lib.model import Fact
from lib.store.meta import _is_number
from lib.store.records import FACT_FIELDS, _dump


_decoded: dict = {}  # (library path, extraction id) -> fact columns; extractions are immutable

def _pack_facts(facts: list) -> str:
    """The facts as columnar JSON (FACT_FIELDS order): one json.loads per report on load."""
    return _dump({"fields": FACT_FIELDS, "cols": [[getattr(f, c) for f in facts] for c in FACT_FIELDS]})


def _unpack_facts(con, ext_id: int, pack) -> list:
    """Fact columns in FACT_FIELDS order, from the pack or (when the pack is missing or was
    written for other Fact fields) from the facts rows."""
    cols = _pack_columns(pack)
    if cols is not None:
        return cols
    names = ", ".join(f'"{c}"' for c in FACT_FIELDS)
    rows = con.execute(f"SELECT {names} FROM facts WHERE ext_id = ? ORDER BY seq", (ext_id,)).fetchall()
    cols = [list(c) for c in zip(*rows)] if rows else [[] for _ in FACT_FIELDS]
    est = FACT_FIELDS.index("estimated")
    cols[est] = [bool(x) for x in cols[est]]
    return _typed_fact_columns(cols)


def _pack_columns(pack) -> Optional[list]:
    """Fact columns from a facts_pack, or None when it is missing or unreadable.  A pack written
    for other Fact fields is read by name: a field it lacks takes Fact's default (a pack written
    before Fact had `provenance` or `parser_rules`); a field Fact no longer has is dropped."""
    if pack:
        try:
            data = json.loads(pack)
            given = data["fields"]
            if not isinstance(given, list) or len(data["cols"]) != len(given) \
                    or len({len(c) for c in data["cols"]}) != 1:
                return None
            if given == FACT_FIELDS:
                return _typed_fact_columns(data["cols"])
            by_name = dict(zip(given, data["cols"]))
            n = len(data["cols"][0])
            if any(f not in by_name and f not in _FACT_DEFAULTS for f in FACT_FIELDS):
                return None
            return _typed_fact_columns([list(by_name[f]) if f in by_name else [_FACT_DEFAULTS[f]] * n
                                        for f in FACT_FIELDS])
        except (ValueError, AttributeError, KeyError, TypeError, IndexError):
            pass
    return None


_FACT_DEFAULTS = {f.name: f.default for f in dataclass_fields(Fact) if f.default is not MISSING}


_FACT_NUMBERS = [(FACT_FIELDS.index(k), kind) for k, kind in (
    ("value", float), ("value_high", float), ("year", int), ("start", int), ("end", int),
    ("fig_start", int), ("fig_end", int))]
_FACT_TEXTS = [FACT_FIELDS.index(k) for k in ("indicator", "label", "section", "unit", "qualifier",
                                              "evidence", "category")]


def _typed_fact_columns(cols: list) -> list:
    """Fact columns with every value of its field's type: a value "abc" (stored by an older
    version's import) becomes None instead of a TypeError on 对比 and 报告.  One pass over
    columns that are nearly always fine; a bad one is rebuilt."""
    for i, kind in _FACT_NUMBERS:
        col = cols[i]
        if not all(x is None or (type(x) in (int, float) and x == x) for x in col):
            nullable = FACT_FIELDS[i] in ("value_high", "year", "value")
            cols[i] = [x if _is_number(x) and (kind is float or x == int(x)) else (None if nullable else 0)
                       for x in col]
            if kind is int:
                cols[i] = [int(x) if x is not None else None for x in cols[i]]
    for i in _FACT_TEXTS:
        if not all(type(x) is str for x in cols[i]):
            cols[i] = [x if isinstance(x, str) else "" for x in cols[i]]
    return cols


# ---- every fact at once: packed binary records -----------------------------------------------
# One extraction's facts as b"GRF3" + n + n fixed-size records (numpy): for each text field a code
# into the library's string table (lib.store.fact_strings: each distinct text once, decoded once
# per fact_table), the numbers in place.  10,000 reports' blobs become one table with one join.
# (GRF2 blobs held their own strings: 1.5 million strings decoded for 160,000 distinct ones at
# 10,000 reports; opening such a library rebuilds its cache, lib.store.fact_strings.rebuild.)
_BIN_MAGIC = b"GRF3"
_BIN_TEXTS = ["indicator", "label", "section", "unit", "qualifier", "evidence", "category", "provenance",
              "parser_rules"]
_BIN_INTS = ["year", "start", "end", "fig_start", "fig_end"]
_NO_YEAR = -2 ** 31
_BIN_HEADER = struct.Struct("<I")  # facts
_BIN_RECORD = 4 * (len(_BIN_TEXTS) + len(_BIN_INTS)) + 8 * 2 + 1  # bytes a fact (_bin_dtype, packed)


@lru_cache(maxsize=1)
def _bin_dtype():
    import numpy as np

    return np.dtype([(c, "<i4") for c in _BIN_TEXTS] + [("value", "<f8"), ("value_high", "<f8")]
                    + [(c, "<i4") for c in _BIN_INTS] + [("estimated", "u1")])


def _fact_records(cols: list, lossy: bool = False) -> Optional[tuple]:
    """(records, texts) of fact columns (FACT_FIELDS order): each text field of a record is the
    index of its text in `texts`, the report's distinct texts.  None when a value does not fit
    (a NUL in a text, a number that is not a number): such facts load from facts_pack.
    lossy: a NUL in a text becomes U+FFFD instead (columns already typed by _typed_fact_columns)."""
    import numpy as np

    by = dict(zip(FACT_FIELDS, cols))
    n = len(cols[0]) if cols else 0
    strings: dict = {}
    try:
        rec = np.zeros(n, dtype=_bin_dtype())
        for c in _BIN_TEXTS:
            texts = [v if v is not None else "" for v in by[c]]
            if lossy:
                texts = [v.replace("\0", "\ufffd") if isinstance(v, str) else "" for v in texts]
            rec[c] = [strings.setdefault(v, len(strings)) for v in texts]
        rec["value"] = [np.nan if v is None else float(v) for v in by["value"]]
        rec["value_high"] = [np.nan if v is None else float(v) for v in by["value_high"]]
        for c in _BIN_INTS:
            rec[c] = [_NO_YEAR if v is None else int(v) for v in by[c]]
        rec["estimated"] = [bool(v) for v in by["estimated"]]
    except (TypeError, ValueError, OverflowError, KeyError):
        return None
    if any(not isinstance(t, str) or "\0" in t for t in strings):
        return None
    return rec, list(strings)


def _recode(rec, codes) -> None:
    """Point the records' text fields at other codes: report code i becomes codes[i]."""
    import numpy as np

    codes = np.asarray(codes, dtype=np.int64)
    for c in _BIN_TEXTS:
        rec[c] = codes[rec[c]] if len(codes) else rec[c]


def _encode_fact_bin(rec) -> bytes:
    """Records whose text fields are library codes, as stored in fact_bins."""
    return _BIN_MAGIC + _BIN_HEADER.pack(len(rec)) + rec.tobytes()


def _split_fact_bin(blob) -> Optional[tuple]:
    """(n facts, the records' bytes) of _encode_fact_bin's bytes, or None for anything else (a
    blob cut short, not ours, an earlier version's)."""
    if type(blob) is not bytes or len(blob) < 8 or not blob.startswith(_BIN_MAGIC):
        return None
    n, = _BIN_HEADER.unpack_from(blob, 4)
    if len(blob) != 8 + n * _BIN_RECORD:
        return None
    return n, memoryview(blob)[8:]


@dataclass
class FactTable:
    """Every fact of the live library as columns, one row per fact (corrections applied, as
    load_reports gives them): for a page that reads all ≈600,000 facts of 10,000 reports
    without a Fact object each.  `columns` has every FACT_FIELDS name: texts as numpy object
    arrays, value and value_high float (NaN = none), year float (NaN = unknown), offsets int,
    estimated bool.  `report[i]` is the index in `metas` (effective ReportMeta, library order)
    of row i's report; `ids` the reports' library ids."""
    metas: list
    ids: list
    report: object
    columns: dict

    def __len__(self) -> int:
        return len(self.report)


def _table_from_parts(parts: list, metas: list, ids: list, pool) -> FactTable:
    """One FactTable from per-report (n facts, records) parts whose text codes index `pool`
    (lib.store.fact_strings.StringPool): one join of the records, one take per text column."""
    import numpy as np

    ns = np.array([p[0] for p in parts], dtype=np.int64)
    rec = np.frombuffer(b"".join(p[1] for p in parts), _bin_dtype(), int(ns.sum()))
    columns = {c: pool.take(rec[c]) for c in _BIN_TEXTS}
    columns["value"] = rec["value"].astype(float)
    columns["value_high"] = rec["value_high"].astype(float)
    year = rec["year"].astype(float)
    year[rec["year"] == _NO_YEAR] = np.nan
    columns["year"] = year
    for c in _BIN_INTS[1:]:
        columns[c] = rec[c].astype(np.int64)
    columns["estimated"] = rec["estimated"].astype(bool)
    report = np.repeat(np.arange(len(parts)), ns)
    return FactTable(metas=metas, ids=ids, report=report, columns=columns)


def _decode_facts(con, key: str, eid: int, pack) -> list:
    """An extraction's fact columns, decoded once per process (an extraction never changes)."""
    cols = _decoded.get((key, eid))
    if cols is None:
        cols = _decoded[(key, eid)] = _unpack_facts(con, eid, pack)
    return cols


def _facts_from_columns(cols: list) -> list:
    """Fact objects from fact columns (FACT_FIELDS order).  The one place the store skips the
    dataclass __init__ (it only assigns the fields): 60,000 facts take ≈140 ms CPU this way and
    ≈290 ms through Fact(**fields) (measured on the shared 2-core machine); a page that reads every
    report's facts pays it, as does the `make bench` row "library: list + load facts, 1000 reports,
    every figure a fact"."""
    new, set_attr, names = object.__new__, object.__setattr__, FACT_FIELDS
    facts = []
    for vals in zip(*cols):
        fact = new(Fact)
        set_attr(fact, "__dict__", dict(zip(names, vals)))
        facts.append(fact)
    return facts

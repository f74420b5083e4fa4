"""The facts cache: each extraction's facts as columnar JSON (extractions.facts_pack) and as packed
binary records (table fact_bins), decoded once per process; FactTable, every fact of the
library in columns."""
from __future__ import annotations

import json
import struct
from functools import lru_cache
from dataclasses import dataclass
from typing import Optional

from lib.model import Fact
from lib.store.meta import _is_number
from lib.store.records import FACT_FIELDS, LibraryError, _dump


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
    """Fact columns from a facts_pack, or None when it is missing or not for these fields."""
    if pack:
        try:
            data = json.loads(pack)
            if data.get("fields") == FACT_FIELDS and len(data["cols"]) == len(FACT_FIELDS) \
                    and len({len(c) for c in data["cols"]}) == 1:
                return _typed_fact_columns(data["cols"])
        except (ValueError, AttributeError, KeyError, TypeError):
            pass
    return None


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
# One extraction's facts as b"GRF1" + n + the byte length of its strings + its distinct strings
# (UTF-8, NUL-separated) + n fixed-size records (numpy): a code into those strings for each text
# field, the numbers in place.  10,000 reports' blobs become one table with one concatenate.
_BIN_MAGIC = b"GRF2"  # GRF2: with parser_rules (a GRF1 record is read from the pack instead)
_BIN_TEXTS = ["indicator", "label", "section", "unit", "qualifier", "evidence", "category", "provenance",
              "parser_rules"]
_BIN_INTS = ["year", "start", "end", "fig_start", "fig_end"]
_NO_YEAR = -2 ** 31
_BIN_HEADER = struct.Struct("<III")  # facts, bytes of strings, strings
_BIN_RECORD = 4 * (len(_BIN_TEXTS) + len(_BIN_INTS)) + 8 * 2 + 1  # bytes a fact (_bin_dtype, packed)


@lru_cache(maxsize=1)
def _bin_dtype():
    import numpy as np

    return np.dtype([(c, "<i4") for c in _BIN_TEXTS] + [("value", "<f8"), ("value_high", "<f8")]
                    + [(c, "<i4") for c in _BIN_INTS] + [("estimated", "u1")])


def _encode_fact_bin(cols: list, lossy: bool = False) -> Optional[bytes]:
    """Fact columns (FACT_FIELDS order) as packed records, or None when a value does not fit
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
    blob = "\0".join(strings).encode("utf-8")
    return _BIN_MAGIC + np.array([n, len(blob), len(strings)], "<u4").tobytes() + blob + rec.tobytes()


def _split_fact_bin(blob) -> Optional[tuple]:
    """(n facts, n strings, the strings' bytes, the records' bytes) of _encode_fact_bin's
    bytes, or None for anything else (a blob cut short, not ours)."""
    if type(blob) is not bytes or len(blob) < 16 or not blob.startswith(_BIN_MAGIC):
        return None
    n, size, count = _BIN_HEADER.unpack_from(blob, 4)
    if len(blob) != 16 + size + n * _BIN_RECORD or (count == 0) != (n == 0) or (size and not count):
        return None
    return n, count, blob[16:16 + size], blob[16 + size:]


def _decode_fact_bin(blob) -> Optional[tuple]:
    """(records, strings) of one extraction's packed facts, or None."""
    import numpy as np

    part = _split_fact_bin(blob)
    if part is None:
        return None
    n, count, strings, rec = part
    return np.frombuffer(rec, _bin_dtype(), n), strings.decode("utf-8", "replace").split("\0") if count else []


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


def _table_from_parts(parts: list, metas: list, ids: list) -> FactTable:
    """One FactTable from per-report _split_fact_bin parts: one join of the records, one
    decode of every string, codes shifted to the report's strings."""
    import numpy as np

    ns = np.array([p[0] for p in parts], dtype=np.int64)
    counts = np.array([p[1] for p in parts], dtype=np.int64)
    rec = np.frombuffer(b"".join(p[3] for p in parts), _bin_dtype(), int(ns.sum()))
    strings = b"\0".join(p[2] for p in parts if p[1]).decode("utf-8", "replace").split("\0") \
        if counts.sum() else []
    if len(strings) != counts.sum():
        raise LibraryError("报告库中的指标数据已损坏:请在「库」页重新解析这些报告")
    report = np.repeat(np.arange(len(parts)), ns)
    offsets = (np.cumsum(counts) - counts)[report]
    limit = counts[report]
    pool = np.empty(len(strings), dtype=object)
    pool[:] = strings
    del strings
    columns = {}
    for c in _BIN_TEXTS:
        codes = rec[c].view("<u4")  # a negative code reads as a huge one: one comparison finds both
        if len(codes) and (codes >= limit).any():
            raise LibraryError("报告库中的指标数据已损坏:请在「库」页重新解析这些报告")
        columns[c] = pool[offsets + codes]
    columns["value"] = rec["value"].astype(float)
    columns["value_high"] = rec["value_high"].astype(float)
    year = rec["year"].astype(float)
    year[rec["year"] == _NO_YEAR] = np.nan
    columns["year"] = year
    for c in _BIN_INTS[1:]:
        columns[c] = rec[c].astype(np.int64)
    columns["estimated"] = rec["estimated"].astype(bool)
    return FactTable(metas=metas, ids=ids, report=report, columns=columns)


def _decode_facts(con, key: str, eid: int, pack) -> list:
    """An extraction's fact columns, decoded once per process (an extraction never changes)."""
    cols = _decoded.get((key, eid))
    if cols is None:
        cols = _decoded[(key, eid)] = _unpack_facts(con, eid, pack)
    return cols


def _facts_from_columns(cols: list) -> list:
    new, set_attr, names = object.__new__, object.__setattr__, FACT_FIELDS
    facts = []
    for vals in zip(*cols):
        fact = new(Fact)  # the dataclass __init__ only assigns the fields: skip it for speed
        set_attr(fact, "__dict__", dict(zip(names, vals)))
        facts.append(fact)
    return facts

"""A report's metadata as stored: the parser's inferred ReportMeta (decoded once per extraction,
repaired when an older version stored a bad value), the user's corrections laid over it, and
reports of the same place and years flagged."""
from __future__ import annotations

import json
from dataclasses import fields, replace

from lib.model import PLAN, RESULT, ReportMeta
from lib.present.escape import CONTROL as _CTRL
from lib.store.records import Entry, LibraryError


CORRECTABLE = ("title", "province", "city", "district", "level", "adcode", "review_year",
               "plan_year", "delivered")
PLACE_FIELDS = ("province", "city", "district", "level", "adcode")
YEAR_FIELDS = ("review_year", "plan_year")
USER_EVIDENCE = "用户修正"

META_FIELDS = [f.name for f in fields(ReportMeta)]

_decoded_meta: dict = {}  # (library path, extraction id) -> inferred ReportMeta

def _cached_meta(path: str, ext_id, text: str, file: str) -> ReportMeta:
    """The inferred meta of an extraction, parsed once per process (extractions never change).
    Callers must not modify it (they use dataclasses.replace)."""
    if ext_id is None:
        return _meta_from_json(text, file)
    hit = _decoded_meta.get((path, ext_id))
    if hit is None:
        if len(_decoded_meta) > 20_000:
            _decoded_meta.clear()
        hit = _decoded_meta[(path, ext_id)] = _meta_from_json(text, file)
    # one extraction per content and one report per content: the file rarely differs
    return replace(hit, file=file) if hit.file != file else hit


_META_INTS = ("review_year", "plan_year", "chars", "facts")


def decode_metas(path: str, rows) -> None:
    """Decode at once the inferred metas of (extraction id, stored JSON, file) rows that are not
    decoded yet: one json.loads for all of them (10,000 reports: ≈45 ms less CPU than one call
    each).  A meta that needs repairs, or a batch that does not read, is left to _cached_meta."""
    missing = [(eid, text, file) for eid, text, file in rows
               if eid is not None and (path, eid) not in _decoded_meta and text]
    if not missing:
        return
    try:
        datas = json.loads("[" + ",".join(text for _, text, _ in missing) + "]")
    except ValueError:
        return
    if type(datas) is not list or len(datas) != len(missing):
        return
    if len(_decoded_meta) + len(missing) > 20_000:
        _decoded_meta.clear()
    for (eid, _, file), data in zip(missing, datas):
        if type(data) is dict and _plain_meta(data):
            data["file"] = file
            _decoded_meta[(path, eid)] = ReportMeta(**data)


def _meta_from_json(text: str, file: str) -> ReportMeta:
    """The stored meta, each field of its type: a year "abc" stored by an older version's
    import is unknown (None), never a ValueError on the 库 page before its delete button."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {}
    if type(data) is dict and _plain_meta(data):  # what this version writes: no checks to make
        data["file"] = file
        return ReportMeta(**data)
    known = {k: v for k, v in data.items() if k in META_FIELDS} if isinstance(data, dict) else {}
    for k, v in known.items():
        if k in _META_INTS:
            ok = isinstance(v, int) and not isinstance(v, bool) and (k not in YEAR_FIELDS or 0 < v < 10000)
            known[k] = v if ok else (None if k in YEAR_FIELDS else 0)
        elif k == "place_confidence":
            known[k] = min(1.0, max(0.0, float(v))) if _is_number(v) else 0.0
        elif not isinstance(v, str):
            known[k] = ""
    known["file"] = file
    return ReportMeta(**known)


_META_TYPES = {f.name: (float if f.name == "place_confidence" else int if f.name in _META_INTS else str)
               for f in fields(ReportMeta)}
_META_KEYS = tuple(_META_TYPES)  # the order asdict(ReportMeta) writes


def _signatures() -> set:
    """The value types of a meta as this version writes it, a year known or not."""
    out = set()
    for review in (int, type(None)):
        for plan in (int, type(None)):
            sig = dict(_META_TYPES, review_year=review, plan_year=plan)
            out.add(tuple(sig[k] for k in _META_KEYS))
    return out


_PLAIN_SIGNATURES = _signatures()


def _plain_meta(data: dict) -> bool:
    """Every key a ReportMeta field and every value of its type, in range (10,000 reports are
    decoded on the first listing: the per-field repairs of _meta_from_json are for the rest)."""
    if tuple(data) == _META_KEYS and tuple(map(type, data.values())) in _PLAIN_SIGNATURES:
        c, r, p = data["place_confidence"], data["review_year"], data["plan_year"]  # as this version writes
        return 0.0 <= c <= 1.0 and (r is None or 0 < r < 10000) and (p is None or 0 < p < 10000)
    types = _META_TYPES
    for k, v in data.items():
        t = types.get(k)
        if t is None or type(v) is not t:
            if v is None and k in YEAR_FIELDS:
                continue
            return False
    c = data.get("place_confidence", 0.0)
    years = [data.get(k) for k in YEAR_FIELDS]
    return 0.0 <= c <= 1.0 and all(y is None or 0 < y < 10000 for y in years)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf")


def apply_corrections(meta: ReportMeta, corrections: dict) -> ReportMeta:
    """The inferred metadata with the user's corrections laid over it."""
    if not corrections:  # nearly every report
        return meta
    corr = {k: v for k, v in (corrections or {}).items() if k in CORRECTABLE}
    if not corr:
        return meta
    out = replace(meta, **corr)
    if any(k in corr for k in PLACE_FIELDS):
        out = replace(out, place_confidence=1.0, place_evidence=USER_EVIDENCE)
    if any(k in corr for k in YEAR_FIELDS):
        out = replace(out, year_evidence=USER_EVIDENCE)
    return out


def _remap_fact_years(facts: list, inferred: ReportMeta, effective: ReportMeta) -> list:
    """When the user corrected the years, facts dated with the inferred year follow."""
    moves = {}
    if effective.review_year != inferred.review_year:
        moves[RESULT] = (inferred.review_year, effective.review_year)
    if effective.plan_year != inferred.plan_year:
        moves[PLAN] = (inferred.plan_year, effective.plan_year)
    if not moves:
        return facts
    out = []
    for f in facts:
        mv = moves.get(f.section)
        out.append(replace(f, year=mv[1]) if mv and f.year == mv[0] else f)
    return out


def _valid_corrections(value) -> dict:
    """Corrections from an untrusted source (an imported manifest): the valid fields only."""
    out = {}
    for key, v in (value.items() if isinstance(value, dict) else ()):
        try:
            out.update(clean_corrections({key: v}))
        except LibraryError:
            continue
    return out


def clean_corrections(fields_: dict) -> dict:
    """Validate user corrections.  None means 'use the inferred value' (dropped here;
    save_correction removes it); '' sets an empty value (a year becomes unknown).
    Raises LibraryError (Chinese) on a bad field or value."""
    out = {}
    for key, value in fields_.items():
        if key not in CORRECTABLE:
            raise LibraryError(f"不能修改字段「{key}」;可修改:{'、'.join(CORRECTABLE)}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise LibraryError(f"「{key}」的值应是文字或年份数字,不能是{type(value).__name__}类型的值")
        if isinstance(value, str) and not value.strip():
            out[key] = None if key in YEAR_FIELDS else ""
            continue
        if key in YEAR_FIELDS:
            try:
                year = int(str(value).strip().rstrip("年"))
            except ValueError:
                raise LibraryError(f"年份「{value}」不是有效的年份") from None
            if not 1949 <= year <= 2100:
                raise LibraryError(f"年份 {year} 超出范围(1949–2100)")
            out[key] = year
        elif key == "level":
            from lib.model import LEVELS

            value = str(value).strip()
            if value not in LEVELS + ("",):
                raise LibraryError(f"级别「{value}」无效;可选:{'、'.join(LEVELS)}")
            out[key] = value
        else:
            value = _CTRL.sub("", str(value)).strip()
            if len(value) > 200:
                raise LibraryError(f"「{key}」太长(最多 200 字)")
            out[key] = value
    return out


def _flag_same_place_year(entries: list[Entry]) -> None:
    groups: dict = {}
    for e in entries:
        m = e.meta
        if e.deleted or not (m.province or m.city or m.district) or (m.review_year is None and m.plan_year is None):
            continue
        groups.setdefault((m.place, m.review_year, m.plan_year), []).append(e)
    for group in groups.values():
        if len(group) > 1:
            for e in group:
                e.same_place_year = [o.file for o in group if o is not e]

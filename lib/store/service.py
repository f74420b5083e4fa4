"""Where the app gets its reports: the report library (lib.store.library, SQLite).

Pages call only these functions.  The library file is `GOVREPORT_DB` or
data/library.sqlite; the first start with an empty library loads seeds/ so the app is
useful at once.

Reading
- load_reports() -> list[Report]: every live report with its cached facts, user
  corrections applied (place, level, years; facts dated with a corrected year follow).
  Cached in-process until the library changes; reports whose facts were extracted by an
  older parser are re-extracted first (once).
- data_version(): a token that changes with every change of the library (a cache key).
- library_problem(): why the library file cannot be used (Chinese), or None.
- fact_table(): every fact in columns (no Fact objects), cached like load_reports().
- facts_frame(): every fact as a DataFrame straight from the store (no Fact objects; the
  fast path for a large library); reports_frame(): one row per report.  Pipeline columns.
- entries(), entries_table(): the 库 page listing (one row per report, Chinese headers).

Writing (each returns results with Chinese messages; bad input never raises)
- add_files([(name, bytes)], progress) / add_pasted(text, name) -> AddResult(s)
- save_correction(file_or_id, **fields): province, city, district, level, review_year,
  plan_year, title, adcode, delivered.  '' or None clears that correction.
- save_form_correction(file_or_id, form values): the correction form of 报告 and 库 (one rule:
  a field left unchanged is not a correction)
- clear_corrections, delete_reports / restore_reports (undo), reextract, refresh_stale
- export_table(kind, fmt), export_library(), import_library(bytes, name, progress)
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Iterable

import lib as lib_package  # its PARSER_VERSION read at each call, as the store does
from lib.store.library import Library
from lib.store.records import SOURCE_LABELS, AddResult, Entry, LibraryError, Progress, db_error_text
from lib.store.schema import resolve_db_path
from lib.model import Report

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

_lock = threading.Lock()
_seeded: set = set()
_cache: dict = {}


def db_path() -> Path:
    return resolve_db_path()


def library() -> Library:
    """The app's library, seeded from seeds/ on the very first start (an empty library
    that was never seeded).  Deleting every report later does not bring the seeds back."""
    lib = Library(db_path())
    key = str(lib.path.resolve())
    if key not in _seeded:
        with _lock:
            if key not in _seeded:
                ensure_seeded(lib)
                lib.purge_deleted(older_than_hours=24)
                _seeded.add(key)
    return lib


_opening = None  # the thread of open_in_background, once per process


def open_in_background() -> None:
    """Open the library in a thread while the first page's code is still being imported: a
    process's first open checks the whole file (PRAGMA quick_check: ≈0.8 s at 10,000 reports,
    SQLite code that lets go of the GIL) and the page's imports (pandas ≈0.7 s) need not wait for
    each other.  Once per process; the page's own first call waits for this open (schema's lock)
    and a problem is left for that call to report."""
    global _opening
    if _opening is not None:  # app.py asks on every run: no lock once started
        return
    with _lock:
        if _opening is not None:
            return
        _opening = threading.Thread(target=_open_quietly, name="open library", daemon=True)
    _opening.start()


def _open_quietly() -> None:
    try:
        library()
    except Exception:  # the page's own call raises it again, with its message
        pass


def ensure_seeded(lib: Library, folder: Path = SEEDS) -> list[AddResult]:
    if lib.get_setting("seeded") is not None:
        return []
    results = []
    if lib.count(include_deleted=True) == 0:
        results = lib.add_paths(sorted(folder.glob("*.txt")), source="seed")
    lib.set_setting("seeded", "1")
    return results


# a library damaged while the app runs (its check passed at open) raises sqlite3.DatabaseError:
# the pages then work on the seeds and say why, as for a library that cannot be opened
UNUSABLE = (LibraryError, sqlite3.DatabaseError)


def load_samples(progress: Progress = None) -> list[AddResult]:
    """The example reports (seeds/) again, e.g. after the user deleted them in an earlier
    session; those still in the library are reported as already there."""
    return library().add_paths(sorted(SEEDS.glob("*.txt")), source="seed", progress=progress)


def library_problem() -> str | None:
    """Why the library cannot be used (Chinese), or None.  Pages show it."""
    try:
        library().count()
    except LibraryError as exc:
        return str(exc)
    except sqlite3.DatabaseError as exc:
        return f"报告库「{db_path()}」无法使用:{db_error_text(exc)}"
    return None


def _seed_reports() -> list[Report]:
    from lib.parse.pipeline import parse_bytes

    return [parse_bytes(p.read_bytes(), p.name) for p in sorted(SEEDS.glob("*.txt"))]


def data_version() -> str:
    """A token that changes whenever the library does (add, correct, delete, re-extract):
    a cache key for pages.  A read: reports of an older parser are re-extracted by
    refresh_stale(), the step the app runs once before a page (app.py)."""
    try:
        lib = library()
        return f"{lib.path}:{lib.generation()}:{lib_package.PARSER_VERSION}"
    except UNUSABLE:
        return "seeds"


def load_reports() -> list[Report]:
    """Every live report (see the module doc).  When the library file itself is unusable
    (not a database, no permission) the seeds are parsed in memory so the app still works;
    library_problem() says why."""
    try:
        lib = _reader()
        return list(_cached(lib, "reports", lib.load_reports))
    except UNUSABLE:
        return _seed_reports()


def _cached(lib: Library, name: str, compute):
    """compute() once per library state (path, generation, parser version)."""
    key = (str(lib.path), lib.generation(), lib_package.PARSER_VERSION)
    hit = _cache.get(name)
    if hit is None or hit[0] != key:
        hit = _cache[name] = (key, compute())
    return hit[1]


def _reader() -> Library:
    """The one Library object the cached reads of a file run on, so that the reads of one state
    (load_reports, fact_table, facts_frame) share its report rows: read and decoded once (10,000
    reports: ≈0.3 s of the first page).  Reads only: an import never runs on it."""
    lib = library()
    reader = _readers.get(str(lib.path))
    if reader is None:  # the last file's alone
        _readers.clear()
        reader = _readers[str(lib.path)] = lib
    return reader


_readers: dict = {}  # library path -> the Library object the cached reads run on


def fact_table():
    """Every fact of the live library in columns (lib.store.library.FactTable, corrections
    applied), once per library state: what the 对比 index and the 趋势 panel read instead of a
    Fact object per fact.  When the library is unusable, the seeds' facts in the same columns."""
    try:
        lib = _reader()
        return _cached(lib, "fact_table", lib.fact_table)
    except UNUSABLE:
        from lib.present.facts_columns import table_of_reports

        return table_of_reports(load_reports())


def facts_frame():
    """Every fact as a DataFrame (columns of lib.parse.pipeline.facts_frame, corrections applied),
    built straight from the store: the fast way to the facts of a large library."""
    try:
        lib = _reader()
        return _cached(lib, "facts_frame", lib.facts_frame).copy()
    except UNUSABLE:
        from lib.parse.pipeline import facts_frame as frame

        return frame(load_reports())


def reports_frame():
    from lib.parse.pipeline import reports_frame as _rf

    return _rf(load_reports())


# ---- the 库 page ---------------------------------------------------------------------------

def entries(include_deleted: bool = False) -> list[Entry]:
    return library().entries(include_deleted)


TABLE_COLUMNS = ["编号", "文件", "地区", "级别", "回顾年份", "计划年份", "指标数", "地名把握", "同地同年",
                 "已修正", "来源", "加入时间", "状态"]


def entries_table(rows: list[Entry] | None = None) -> list[dict]:
    """The listing as rows with Chinese headers (TABLE_COLUMNS)."""
    rows = entries() if rows is None else rows
    out = []
    for e in rows:
        m = e.meta
        status = ("重新抽取失败:" + e.error) if e.error else ("待重新抽取" if e.stale else "")
        out.append({"编号": e.id, "文件": e.file, "地区": m.place, "级别": m.level or "",
                    "回顾年份": m.review_year, "计划年份": m.plan_year, "指标数": m.facts,
                    "地名把握": round(float(m.place_confidence or 0.0), 2),
                    "同地同年": "、".join(e.same_place_year), "已修正": "是" if e.corrected else "",
                    "来源": SOURCE_LABELS.get(e.source, e.source),
                    "加入时间": e.added_at[:16].replace("T", " "), "状态": status})
    return out


def entries_frame(rows: list[Entry] | None = None):
    """The listing as a DataFrame for st.dataframe: years as nullable integers, so a
    missing year shows as an empty cell rather than 'None'."""
    import pandas as pd

    df = pd.DataFrame(entries_table(rows), columns=TABLE_COLUMNS)
    for col in ("回顾年份", "计划年份"):
        df[col] = df[col].astype("Int64")
    return df


def add_files(files: Iterable[tuple], progress: Progress = None, source: str = "upload") -> list[AddResult]:
    """(name, bytes) pairs, e.g. from st.file_uploader; one transaction per file."""
    return library().add_many(files, source=source, progress=progress)


def add_pasted(text: str, name: str = "") -> AddResult:
    return library().add_text(text, name)


def entry(file_or_id) -> Entry:
    return library().entry(file_or_id)


def save_correction(file_or_id, **fields) -> Entry:
    """Correct a report's metadata (province, city, district, level, review_year, plan_year,
    title, adcode, delivered).  Stored apart from what was inferred and laid over it when
    read; '' or None clears one correction.  Raises LibraryError (Chinese) on bad values."""
    return library().save_correction(file_or_id, **fields)


FORM_FIELDS = ("province", "city", "district", "level", "review_year", "plan_year")


def meta_form_values(meta) -> dict:
    """The correction form's starting values (a report's effective metadata) as strings."""
    return {k: ("" if getattr(meta, k) is None else str(getattr(meta, k))) for k in FORM_FIELDS}


def form_values(e: Entry) -> dict:
    """The edit form's starting values (effective metadata) as strings."""
    return meta_form_values(e.meta)


def correction_changes(e: Entry, values: dict) -> dict:
    """From an edit form's values to save_correction arguments: a value equal to what was
    inferred removes that correction (None); a different one becomes a correction; a field
    left as the form showed it is not a correction (saving an unchanged form stores nothing)."""
    out = {}
    inferred = e.inferred or e.meta
    shown = form_values(e)
    for k, v in values.items():
        v = "" if v is None else str(v).strip()
        was = getattr(inferred, k)
        was = "" if was is None else str(was)
        if v != shown.get(k):
            out[k] = None if v == was else v
    return out


def save_form_correction(file_or_id, values: dict) -> tuple[Entry, dict]:
    """The one metadata-correction rule, for the form on 报告 and on 库: only what differs from
    the form's starting values is stored (correction_changes).  Returns the entry after the
    save and the changes stored ({}: nothing changed, nothing stored).  Raises LibraryError
    (Chinese) on an unknown report or a bad value; then nothing is stored."""
    e = entry(file_or_id)
    changes = correction_changes(e, values)
    if changes:
        e = save_correction(e.id, **changes)
    return e, changes


def clear_corrections(file_or_id) -> Entry:
    return library().clear_corrections(file_or_id)


def delete_reports(ids: Iterable) -> list[str]:
    """Soft delete (undo with restore_reports during the session)."""
    return library().remove(ids)


def restore_reports(ids: Iterable[int]) -> list[str]:
    return library().restore(ids)


def reextract(ids: Iterable | None = None, progress: Progress = None) -> list[AddResult]:
    return library().reextract(ids, progress=progress)


def stale_count() -> int:
    """Reports from an older parser; asked on every app run, so counted once per library state
    (≈15 ms at 10,000 reports, where reading the state costs <1 ms)."""
    lib = library()
    return len(_cached(lib, "stale", lib.stale_ids))


def refresh_stale(progress: Progress = None) -> list[AddResult]:
    return library().refresh_stale(progress=progress)


# ---- exports -------------------------------------------------------------------------------

def export_table(kind: str, fmt: str = "csv") -> bytes:
    """Facts or reports (kind: facts | reports | all) as CSV (UTF-8 with BOM) or xlsx bytes."""
    return library().export_table(kind, fmt)


def export_library() -> bytes:
    """The whole library as one zip (manifest + originals + cached facts)."""
    return library().export_library()


def import_library(data: bytes, name: str = "", progress: Progress = None) -> list[AddResult]:
    """Merge a library zip; content already present is skipped."""
    return library().import_library(data, name=name, progress=progress)


def summarise(results: list[AddResult]) -> str:
    """One Chinese line about a batch: how many added, already present, failed."""
    added = sum(r.status == "added" for r in results)
    dup = sum(r.status == "duplicate" for r in results)
    bad = sum(r.status == "error" for r in results)
    parts = [f"新增 {added} 份"]
    if dup:
        parts.append(f"已存在 {dup} 份")
    if bad:
        parts.append(f"失败 {bad} 份")
    return ",".join(parts)


def report_doc(file_or_id, fallback_text: str = ""):
    """The parser's whole Doc for a stored report, parsed again from its original (the 报告
    page's "why"); `fallback_text` is parsed when the library holds no original (synthetic)."""
    from lib.parse.pipeline import parse_doc
    from lib.parse.readers import read_bytes

    try:
        lib = library()
        e = lib.entry(file_or_id)
        name, data = lib.original(file_or_id)
    except Exception:  # not in the library (synthetic demo reports): the shown text will do
        return parse_doc(fallback_text, str(file_or_id))
    text = data.decode("utf-8", "replace") if e.source == "paste" else read_bytes(data, name)
    return parse_doc(text, e.file)


# ---- reviewing figures (lib.store.corrections) -----------------------------------------------------

def fact_corrections(file_or_id) -> list:
    """A report's fact corrections (lib.store.corrections.FactCorrection), oldest first."""
    return Library(db_path()).fact_corrections(file_or_id)  # no seeding: only for reports shown


def save_fact_correction(file_or_id, correction):
    """Store a person's check, edit, removal or addition of a figure; raises LibraryError (Chinese)."""
    return library().save_fact_correction(file_or_id, correction)


def parsed_facts(file_or_id) -> list:
    """The parser's facts of one report, before any person's correction (to re-anchor one)."""
    return Library(db_path()).parsed_facts(file_or_id)


def replace_lost_correction(file_or_id, lost, new):
    """A lost fact correction re-attached (lib.store.corrections.reanchored / kept_as_added): `new`
    is stored first, then the lost one removed (unless `new` replaced it by its id), so a
    refusal leaves the lost one as it was.  Raises LibraryError (Chinese)."""
    stored = library().save_fact_correction(file_or_id, new)
    if lost.id is not None and lost.id != stored.id and new.id != lost.id:
        library().delete_fact_corrections([lost.id])
    return stored


def delete_fact_corrections(ids: Iterable[int]) -> int:
    """Undo fact corrections: the figures go back to what the parser said."""
    return library().delete_fact_corrections(ids)


REVIEW_COLUMNS = ["文件", "地区", "主要指标", "有疑点", "未核对", "已人工处理", "缺少", "待复核的修正"]


def review_rows(reports: list[Report] | None = None) -> list[dict]:
    """The 库 page's review table: per report, how many headline figures are doubtful or
    unchecked, what a report with such a section should state but does not, and how many
    corrections lost their figure after a re-extraction."""
    from lib.analysis.doubt import review_summary

    if reports is None:
        try:
            lib = library()
        except LibraryError:
            return []
        return _cached(lib, "review_rows", lambda: review_rows(load_reports()))  # once per library state
    try:
        lost = library().lost_fact_corrections()
    except LibraryError:
        lost = {}
    out = []
    for r in reports:
        s = review_summary(r, lost.get(r.meta.file, 0))
        out.append({"文件": r.meta.file, "地区": r.meta.place, "主要指标": s.headline, "有疑点": s.doubtful,
                    "未核对": s.unchecked, "已人工处理": s.corrected, "缺少": "、".join(s.missing),
                    "待复核的修正": s.lost})
    return out


def upload_warnings(results: list[AddResult]) -> dict:
    """file -> what is wrong with each report just added (unknown place, no years, no figures,
    no headline figure), so the page shows it as a warning, not a plain success."""
    from lib.analysis.doubt import upload_warnings as warnings_of

    added = {r.report_id: r.file for r in results if r.status == "added" and r.report_id is not None}
    if not added:
        return {}
    try:
        reports = library().load_reports(list(added))
    except LibraryError:
        return {}
    return {r.meta.file: w for r in reports if (w := warnings_of(r))}


def export_facts_workbook() -> bytes:
    """Every figure as an xlsx to review in Excel (lib.store.workbook)."""
    from lib.store.workbook import export_workbook

    return export_workbook(library())


def import_facts_workbook(data: bytes, dry_run: bool = False):
    """The edits of such a workbook as fact corrections -> lib.store.workbook.ImportReport."""
    from lib.store.workbook import import_workbook

    return import_workbook(library(), data, dry_run=dry_run)

"""Import a corpus: a table of reports (one per row), a folder or a .zip of report files.

  collect(paths, text_column)    -> Collected(items, bad): what to add, and the rows or members
                                    that cannot be (empty text, binary, unreadable), each with a
                                    Chinese reason naming the row or member
  import_items(lib, items, jobs) -> list[AddResult]: parse on `jobs` processes (default: every
                                    core), write in the main process as results come back

Tables: .csv .tsv .jsonl .xlsx .dta .parquet.  The text column is found by name (TEXT_NAMES) or
given; optional columns give the file name, the place and the year, which are stored as the
user's corrections (so they beat what the parser infers): the place is looked up in the
divisions (安徽省芜湖市, 芜湖市 or 芜湖), the year is the report's year (its plan year; the
reviewed year is the one before).

Content already in the library is skipped before parsing (by its SHA-256), so running the same
import again after an interruption only parses and stores what is missing.
"""
from __future__ import annotations

import hashlib
import os
import re
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Optional

from lib.store.fact_strings import CodedConnection
from lib.store.intake import SUPPORTED_EXTS, parse_for_library, safe_name
from lib.store.library import Library
from lib.store.meta import clean_corrections
from lib.store.records import AddResult, LibraryError, _now
from lib.model import ReadError

TABLE_EXTS = (".csv", ".tsv", ".jsonl", ".xlsx", ".dta", ".parquet")
TEXT_NAMES = ("text", "content", "full_text", "fulltext", "body", "report_text", "报告全文", "正文", "全文",
              "文本", "内容", "报告内容")
FILE_NAMES = ("file", "filename", "file_name", "name", "文件", "文件名", "文件名称")
PLACE_NAMES = ("place", "region", "area", "地区", "地名", "地方", "行政区")
YEAR_NAMES = ("year", "report_year", "年份", "年度", "报告年份")
Progress = Optional[Callable[[int, int, str], None]]


@dataclass
class ImportItem:
    name: str
    data: bytes
    pasted: bool = False  # a table's text (UTF-8), not a file
    corrections: dict = field(default_factory=dict)
    origin: str = ""  # 「reports.csv」第 12 行, 「2020.zip」中的 a.txt


@dataclass
class Collected:
    items: list
    bad: list  # AddResult(status="error")
    notes: list = field(default_factory=list)  # Chinese, about the whole source (columns used)


def is_corpus_source(path) -> bool:
    """A folder, a .zip or a table: what `library add` hands to this module."""
    p = Path(str(path))
    return p.is_dir() or p.suffix.lower() in TABLE_EXTS + (".zip",)


# ---- tables ---------------------------------------------------------------------------------

def _read_table(path: Path):
    import pandas as pd

    ext = path.suffix.lower()
    if ext in (".csv", ".tsv"):
        sep = "\t" if ext == ".tsv" else ","
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding=enc)
            except UnicodeDecodeError:
                continue
        raise ReadError(path.name, "表格的编码无法识别(请存为 UTF-8)")
    if ext == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    if ext == ".xlsx":
        return pd.read_excel(path, dtype=object)
    if ext == ".dta":
        return pd.read_stata(path, convert_categoricals=True)
    return pd.read_parquet(path)


def _find_column(columns, wanted: tuple, given: Optional[str] = None) -> Optional[str]:
    if given:
        return given if given in columns else None
    low = {str(c).strip().lower(): c for c in columns}
    return next((low[w] for w in wanted if w in low), None)


def resolve_place(name: str) -> Optional[dict]:
    """安徽省芜湖市 / 芜湖市 / 芜湖 -> province, city, district, level of the one division so named
    (the newest when names repeat over time); None when no division or several differ."""
    from lib.parse.places import gazetteer

    s = re.sub(r"\s+", "", str(name or ""))
    if not s:
        return None
    places = gazetteer().places
    hits = [p for p in places if p.full_name() == s] or [p for p in places if s in (p.name, p.short)]
    keys = {p.key for p in hits}
    if len(keys) != 1:
        return None
    p = hits[0]
    province, city, district = p.key
    return {"province": province, "city": city, "district": district, "level": p.level}


def _year(value) -> Optional[int]:
    m = re.search(r"(19|20)\d{2}", str(value or ""))
    return int(m.group(0)) if m else None


def _row_corrections(place, year) -> tuple[dict, list]:
    corr, notes = {}, []
    if place not in (None, "") and str(place).strip() and str(place) != "nan":
        found = resolve_place(str(place))
        if found:
            corr.update(found)
        else:
            notes.append(f"地区「{str(place)[:30]}」无法唯一确定,改用自动识别")
    y = _year(year) if year not in (None, "") else None
    if y:
        corr.update(plan_year=y, review_year=y - 1)
    try:
        return clean_corrections(corr), notes
    except LibraryError as exc:
        return {}, notes + [str(exc)]


def _cell_text(v) -> tuple[Optional[str], Optional[str]]:
    """(text, problem) of one text cell."""
    if isinstance(v, (bytes, bytearray, memoryview)):  # a binary column: text only if it is UTF-8
        try:
            v = bytes(v).decode("utf-8")
        except UnicodeDecodeError:
            return None, "正文是二进制数据,不是文本"
    if v is None or (isinstance(v, float) and v != v):
        return None, "正文为空"
    text = str(v)
    if not text.strip():
        return None, "正文为空"
    from lib.store.intake import text_problem

    problem = text_problem(text)
    return (None, problem) if problem else (text, None)


def _table_items(path: Path, text_column: Optional[str]) -> Collected:
    name = path.name
    try:
        df = _read_table(path)
    except ReadError as exc:
        return Collected([], [AddResult(name, "error", str(exc))])
    except Exception as exc:  # a broken table names itself, the rest of the batch goes on
        return Collected([], [AddResult(name, "error", f"无法读取表格「{name}」:{type(exc).__name__}")])
    cols = list(df.columns)
    tcol = _find_column(cols, TEXT_NAMES, text_column)
    if tcol is None:
        why = f"没有名为「{text_column}」的列" if text_column else \
            "找不到正文列(列名应为 text、content、full_text、报告全文、正文 等,或用 --text-column 指定)"
        return Collected([], [AddResult(name, "error", f"无法导入表格「{name}」:{why}")])
    fcol, pcol, ycol = (_find_column(cols, FILE_NAMES), _find_column(cols, PLACE_NAMES),
                        _find_column(cols, YEAR_NAMES))
    used = "、".join(f"{k}「{c}」" for k, c in (("正文", tcol), ("文件名", fcol), ("地区", pcol), ("年份", ycol)) if c)
    out = Collected([], [], [f"表格「{name}」:{len(df)} 行,使用列 {used}"])
    for i, rec in enumerate(df.to_dict("records"), start=2 if path.suffix.lower() in (".csv", ".tsv", ".xlsx") else 1):
        where = f"表格「{name}」第 {i} 行"
        text, problem = _cell_text(rec.get(tcol))
        given = str(rec.get(fcol) or "").strip() if fcol else ""
        fname = safe_name(given or f"{path.stem}_第{i}行")
        if not os.path.splitext(fname)[1]:
            fname += ".txt"
        if problem:
            out.bad.append(AddResult(fname, "error", f"{where}未导入:{problem}"))
            continue
        corr, notes = _row_corrections(rec.get(pcol) if pcol else None, rec.get(ycol) if ycol else None)
        out.notes += [f"{where}:{n}" for n in notes]
        out.items.append(ImportItem(fname, text.encode("utf-8"), True, corr, where))
    return out


# ---- folders and zips -----------------------------------------------------------------------

def _wanted(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return (bool(parts) and not any(p.startswith(".") or p == "__MACOSX" for p in parts)
            and PurePosixPath(name).suffix.lower() in SUPPORTED_EXTS)


def _folder_items(path: Path) -> Collected:
    out = Collected([], [])
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = f.relative_to(path).as_posix()
        if not _wanted(rel):
            continue
        try:
            out.items.append(ImportItem(rel, f.read_bytes(), origin=f"文件夹「{path.name}」中的 {rel}"))
        except OSError as exc:
            out.bad.append(AddResult(rel, "error", f"无法读取「{rel}」:{exc.strerror or '无法打开'}"))
    out.notes.append(f"文件夹「{path.name}」:{len(out.items)} 个报告文件")
    return out


def _zip_items(path: Path) -> Collected:
    out = Collected([], [])
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return Collected([], [AddResult(path.name, "error", f"无法打开压缩包「{path.name}」:文件已损坏或不是 zip")])
    with zf:
        for info in zf.infolist():
            if info.is_dir() or not _wanted(info.filename):
                continue
            try:
                out.items.append(ImportItem(info.filename, zf.read(info), origin=f"压缩包「{path.name}」中的 {info.filename}"))
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
                out.bad.append(AddResult(info.filename, "error", f"压缩包「{path.name}」中的「{info.filename}」无法解压"))
    out.notes.append(f"压缩包「{path.name}」:{len(out.items)} 个报告文件")
    return out


def collect(paths: Iterable, text_column: Optional[str] = None) -> Collected:
    """Every report in the given tables, folders, zips and plain report files."""
    out = Collected([], [])
    for raw in paths:
        p = Path(str(raw))
        if p.is_dir():
            part = _folder_items(p)
        elif not p.exists():
            part = Collected([], [AddResult(safe_name(p.name), "error", f"无法导入「{safe_name(p.name)}」:文件不存在")])
        elif p.suffix.lower() == ".zip":
            part = _zip_items(p)
        elif p.suffix.lower() in TABLE_EXTS:
            part = _table_items(p, text_column)
        else:
            part = Collected([ImportItem(str(p), p.read_bytes(), origin=p.name)], [])
        out.items += part.items
        out.bad += part.bad
        out.notes += part.notes
    return out


# ---- parsing on every core, writing in the main process ----------------------------------------

def _parse_one(item: ImportItem):
    """Worker: parse one item; (parsed, None) or (None, Chinese error)."""
    try:
        return parse_for_library(item.data, safe_name(item.name), pasted=item.pasted), None
    except ReadError as exc:
        return None, str(exc)


def _stored_digests(lib: Library) -> set:
    with lib._read() as con:
        return {r[0] for r in con.execute("SELECT sha256 FROM reports WHERE deleted_at IS NULL")}


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


BATCH = 200  # reports per write transaction


class _SharedTxn:
    """Stands in for `Library.transaction()` while a batch is open: every `Library._store` of the
    batch runs its own statements (the library's logic, unchanged) on one connection, and the
    batch commits once.  One commit per report costs more than parsing it at 10,000 reports."""

    def __init__(self, lib: Library):
        self.lib, self.con, self.n = lib, None, 0
        self.codes: dict = {}  # text -> code in the library's string table, over every batch

    def open(self) -> None:
        self.con = CodedConnection(self.lib.connect(), self.codes)
        self.con.execute("BEGIN IMMEDIATE")
        self.lib.transaction = lambda: self  # instance attribute: this Library object only

    def __enter__(self):
        self.con.execute("SAVEPOINT one_report")
        return self.con

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.con.execute("RELEASE one_report")
            self.n += 1
        else:  # only this report is undone; the batch goes on
            self.con.execute("ROLLBACK TO one_report")
            self.con.execute("RELEASE one_report")
            self.con.forget()  # the codes it added are gone with it
        return False

    def close(self, commit: bool) -> None:
        done = False
        try:
            if commit:
                self.con.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
                self.con.execute("COMMIT")
                done = True
            else:
                self.con.execute("ROLLBACK")
        finally:
            if not done:  # the batch's new codes were not kept
                self.codes.clear()
            self.con.close()
            self.con, self.n = None, 0
            self.lib.__dict__.pop("transaction", None)


def import_items(lib: Library, items: list, jobs: Optional[int] = None, progress: Progress = None,
                 source: str = "cli") -> list[AddResult]:
    """Add the items: content already stored is skipped without parsing; the rest is parsed on
    `jobs` processes and written here as each comes back, BATCH reports a transaction.  An
    interruption keeps every report written so far (the open batch is committed first)."""
    stored = _stored_digests(lib)
    results, todo, seen = [], [], set()
    for it in items:
        digest = hashlib.sha256(it.data).hexdigest()
        if digest in stored or digest in seen:
            results.append(AddResult(safe_name(it.name), "duplicate", f"「{safe_name(it.name)}」已在库中,跳过"))
        else:
            seen.add(digest)
            todo.append((digest, it))
    total, done = len(items), len(results)
    if progress:
        progress(done, total, "")
    txn = _SharedTxn(lib)
    try:
        for digest, it, (parsed, error) in _parsed_stream(todo, jobs or default_jobs()):
            done += 1
            if error:
                results.append(AddResult(safe_name(it.name), "error", f"{it.origin or it.name}:{error}"))
            else:
                results.append(_store(lib, txn, it, digest, parsed, source))
            if txn.n >= BATCH:
                txn.close(commit=True)
            if progress:
                progress(done, total, safe_name(it.name))
    finally:
        if txn.con is not None:
            txn.close(commit=True)
    return results


def _store(lib: Library, txn: _SharedTxn, it: ImportItem, digest: str, parsed, source: str) -> AddResult:
    import sqlite3

    name = safe_name(it.name)
    if txn.con is None:
        txn.open()
    try:
        return lib._store(it.data, digest, name, it.origin or it.name, source, parsed, _now(), it.corrections)
    except sqlite3.Error as exc:
        from lib.store.records import db_error_text

        return AddResult(name, "error", f"「{name}」保存失败({db_error_text(exc)}),库中已有内容未受影响")


def _parsed_stream(todo: list, jobs: int):
    """(digest, item, (parsed, error)) in completion order; inline when one job is asked for."""
    if jobs <= 1 or len(todo) <= 1:
        for digest, it in todo:
            yield digest, it, _parse_one(it)
        return
    import multiprocessing as mp

    ex = ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn"))
    try:
        futures = {ex.submit(_parse_one, it): (digest, it) for digest, it in todo}
        for fut in as_completed(futures):
            digest, it = futures[fut]
            try:
                yield digest, it, fut.result()
            except Exception as exc:  # a worker died: name the file, go on
                yield digest, it, (None, f"解析进程出错({type(exc).__name__})")
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def import_paths(lib: Library, paths: Iterable, jobs: Optional[int] = None, text_column: Optional[str] = None,
                 progress: Progress = None, source: str = "cli") -> tuple[list[AddResult], list[str]]:
    """collect + import_items; returns (results in input order of kind, notes)."""
    got = collect(paths, text_column)
    return got.bad + import_items(lib, got.items, jobs, progress, source), got.notes


def text_bar(stream) -> Callable[[int, int, str], None]:
    """A progress bar for the command line: one line on `stream`, redrawn in place."""
    def show(i: int, n: int, name: str) -> None:
        width = 30
        filled = int(width * i / n) if n else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {i}/{n} {name[:40]:<40}")
        if i >= n:
            stream.write("\n")
        stream.flush()
    return show


def import_uploads(lib: Library, uploads: list, jobs: Optional[int] = None, progress: Progress = None,
                   source: str = "upload") -> tuple[list[AddResult], list[str]]:
    """Uploaded tables and zips ((name, bytes) pairs, e.g. from st.file_uploader): saved to a
    temporary folder (pandas and zipfile read paths), imported, removed."""
    import shutil
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="govreport_import_"))
    try:
        paths = []
        for name, data in uploads:
            p = d / safe_name(Path(str(name)).name)
            p.write_bytes(bytes(data))
            paths.append(p)
        return import_paths(lib, paths, jobs=jobs, progress=progress, source=source)
    finally:
        shutil.rmtree(d, ignore_errors=True)

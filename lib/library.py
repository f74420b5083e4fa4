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
their original bytes (`refresh_stale`, run lazily by lib.appdata on load).

Every write is one short transaction (BEGIN IMMEDIATE, one per report) with a busy timeout,
so two sessions or processes can add at once, and a process killed mid-import leaves every
committed report whole.  Parsing happens outside the transaction.

Bad input never raises out of `add_*`: each file gets an `AddResult` with a Chinese message
naming it, and the rest of a batch goes on.
"""
from __future__ import annotations

import datetime as _dt
import gc
import hashlib
import io
import json
import os
import re
import sqlite3
import threading
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import PARSER_VERSION
from .model import PLAN, RESULT, Fact, ReadError, Report, ReportMeta, Section

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "library.sqlite"
ENV_DB = "GOVREPORT_DB"

MAX_FILE_MB = 20
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024  # = .streamlit/config.toml server.maxUploadSize
MAX_NAME_CHARS = 120
MIN_HAN_CHARS = 10  # fewer Chinese characters than this is not a report

SOURCES = ("upload", "paste", "seed", "cli", "import")
SOURCE_LABELS = {"upload": "上传", "paste": "粘贴", "seed": "示例", "cli": "命令行", "import": "导入"}
TEXT_EXTS = {".txt", ".text", ".md", ""}
DOC_EXTS = {".docx", ".pdf", ".html", ".htm", ".xhtml"}
SUPPORTED_EXTS = TEXT_EXTS | DOC_EXTS
OLD_FORMATS = {".doc": "旧版 Word(.doc)", ".wps": "WPS 文字(.wps)", ".rtf": "RTF"}
CORRECTABLE = ("title", "province", "city", "district", "level", "adcode", "review_year",
               "plan_year", "delivered")
PLACE_FIELDS = ("province", "city", "district", "level", "adcode")
YEAR_FIELDS = ("review_year", "plan_year")
USER_EVIDENCE = "用户修正"
LIBRARY_FORMAT = "govreport-library"
LIBRARY_FORMAT_VERSION = 1
SCHEMA_VERSION = 1

FACT_FIELDS = [f.name for f in fields(Fact)]
META_FIELDS = [f.name for f in fields(ReportMeta)]

Progress = Optional[Callable[[int, int, str], None]]  # (done, total, file name)


# ---- paths and names ------------------------------------------------------------------------

def resolve_db_path(path: str | os.PathLike | None = None) -> Path:
    """--db flag, else $GOVREPORT_DB, else data/library.sqlite in the project."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get(ENV_DB, "").strip()
    return Path(env).expanduser() if env else DEFAULT_DB


_CTRL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def safe_name(name) -> str:
    """A file name fit to show and store: no directories (/ or \\), no control or NUL
    characters, no leading dots, at most MAX_NAME_CHARS characters (extension kept)."""
    text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name or "")
    text = unicodedata.normalize("NFC", _CTRL.sub("", text))
    parts = [p for p in re.split(r"[\\/]+", text) if p.strip() and p.strip(". ")]
    base = parts[-1].strip() if parts else ""
    base = base.lstrip(". ").replace(":", "_")
    if not base:
        return "未命名文件"
    if len(base) > MAX_NAME_CHARS:
        stem, dot, ext = base.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            base = stem[: MAX_NAME_CHARS - len(ext) - 2] + "…." + ext
        else:
            base = base[: MAX_NAME_CHARS - 1] + "…"
    return base


def _ext(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return "." + ext.lower() if dot and stem and len(ext) <= 10 and " " not in ext else ""


def _sniff(data: bytes) -> str:
    """The real type of the bytes when it is obvious: .pdf, .docx, .html, or ''."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx" if b"word/" in data[:200_000] or b"[Content_Types].xml" in data[:4096] else ".zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:200]:
        return ".html"
    return ""


def _human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """Hash of the text with all whitespace removed: the same report from a different file."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


def text_problem(text: str) -> Optional[str]:
    """Why a decoded text is not a report (Chinese), or None when it plausibly is one."""
    body = re.sub(r"\s+", "", text)
    if not body:
        return "没有文字内容"
    ctrl = sum(1 for ch in body if unicodedata.category(ch) == "Cc")
    if ctrl / len(body) > 0.01:
        return "内容像是二进制数据,不是文本"
    bad = body.count("\ufffd")
    if bad / len(body) > 0.02:
        return "包含大量无法解码的字符,可能是编码错误或文件已损坏"
    han = sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    if han < MIN_HAN_CHARS:
        return "没有找到中文正文(不像是政府工作报告)"
    priv = sum(1 for ch in body if unicodedata.category(ch) in ("Co", "Cn"))
    if priv / len(body) > 0.02:
        return "包含大量无效字符,可能是编码错误或文件已损坏"
    return None


# ---- records --------------------------------------------------------------------------------

@dataclass
class AddResult:
    """What happened to one file of a batch.  status: added | duplicate | error."""

    file: str
    status: str
    message: str
    report_id: Optional[int] = None
    facts: int = 0
    same_place_year: list = field(default_factory=list)  # other files of the same place and year

    @property
    def ok(self) -> bool:
        return self.status != "error"


@dataclass
class Entry:
    """One row of the library listing (effective metadata: corrections applied)."""

    id: int
    file: str
    original_name: str
    source: str
    added_at: str
    size: int
    sha256: str
    meta: ReportMeta
    corrections: dict
    parser_version: str = ""
    stale: bool = False
    error: str = ""
    deleted: bool = False
    same_place_year: list = field(default_factory=list)
    inferred: Optional[ReportMeta] = None  # what the parser inferred, before corrections

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)

    def as_row(self) -> dict:
        m = self.meta
        return {"id": self.id, "file": self.file, "original_name": self.original_name,
                "source": self.source, "added_at": self.added_at, "size": self.size,
                "sha256": self.sha256, "place": m.place, "province": m.province, "city": m.city,
                "district": m.district, "level": m.level, "adcode": m.adcode,
                "review_year": m.review_year, "plan_year": m.plan_year, "title": m.title,
                "facts": m.facts, "chars": m.chars, "place_confidence": m.place_confidence,
                "corrected": ",".join(sorted(self.corrections)),
                "same_place_year": ";".join(self.same_place_year),
                "parser_version": self.parser_version, "stale": int(self.stale), "error": self.error}


ENTRY_COLUMNS = ["id", "file", "original_name", "source", "added_at", "size", "sha256", "place",
                 "province", "city", "district", "level", "adcode", "review_year", "plan_year",
                 "title", "facts", "chars", "place_confidence", "corrected", "same_place_year",
                 "parser_version", "stale", "error"]


REPORT_EXPORT_COLUMNS = ["id", "file", "place", "province", "city", "district", "level", "adcode",
                         "review_year", "plan_year", "title", "facts", "chars", "place_confidence",
                         "source", "added_at", "original_name", "size", "sha256", "corrected",
                         "same_place_year"]
SHEET_NAMES = {"facts": "指标", "reports": "报告"}


def db_error_text(exc: Exception) -> str:
    """A SQLite error in Chinese."""
    text = str(exc).lower()
    for key, zh in (("not a database", "这不是报告库文件(SQLite),或文件已损坏"),
                    ("malformed", "报告库文件已损坏"),
                    ("unable to open", "无法打开(路径不存在或没有权限)"),
                    ("readonly", "报告库是只读的"),
                    ("locked", "报告库正被占用,请稍后再试"), ("busy", "报告库正被占用,请稍后再试"),
                    ("disk i/o", "磁盘读写出错"), ("full", "磁盘空间不足")):
        if key in text:
            return zh
    return f"数据库错误({exc})"


class LibraryError(Exception):
    """A library-level failure with a Chinese message (unknown report, bad library file...)."""


# ---- parsing (outside any transaction) -------------------------------------------------------

@dataclass
class _Parsed:
    report: Report
    text_sha: str


def _default_parse_bytes(data: bytes, name: str) -> Report:
    from .parse.pipeline import parse_bytes

    return parse_bytes(data, name)


def _default_parse_text(text: str, name: str) -> Report:
    from .parse.pipeline import parse_text

    return parse_text(text, name)


def _check_bytes(data, name: str) -> None:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ReadError(name, "内容不是文件数据")
    if len(data) == 0:
        raise ReadError(name, "文件为空")
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(name, f"文件太大({_human_size(len(data))}),单个文件上限为 {MAX_FILE_MB} MB")


def parse_for_library(data: bytes, name: str, *, pasted: bool = False,
                      parse_bytes=None, parse_text=None) -> _Parsed:
    """Parse one file (or pasted text as UTF-8 bytes) the way the library stores it.
    Raises ReadError with a Chinese reason; any other parser failure becomes a ReadError too."""
    parse_bytes = parse_bytes or _default_parse_bytes
    parse_text = parse_text or _default_parse_text
    _check_bytes(data, name)
    data = bytes(data)
    try:
        if pasted:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ReadError(name, "粘贴的文本不是有效的 UTF-8") from None
            if text_problem(text):
                raise ReadError(name, text_problem(text))
            report = parse_text(text, name)
        else:
            ext, real = _ext(name), _sniff(data)
            if ext in OLD_FORMATS or real == ".doc":
                kind = OLD_FORMATS.get(ext, OLD_FORMATS[".doc"])
                raise ReadError(name, f"不支持{kind}格式,请另存为 .docx、.pdf 或 .txt 后再添加")
            if ext not in SUPPORTED_EXTS and real not in DOC_EXTS:
                raise ReadError(name, f"不支持的文件类型「{ext}」,支持 txt、docx、pdf、html")
            if real == ".zip" and ext in DOC_EXTS - {".docx"}:
                raise ReadError(name, "文件内容是压缩包,与扩展名不符")
            parse_name = name
            if real in DOC_EXTS and ext != real and not (real == ".html" and ext in {".htm", ".xhtml"}):
                # a PDF named .txt and the like: read it as what it is
                parse_name = (name[: -len(ext)] if ext else name) + real
            report = parse_bytes(data, parse_name)
    except ReadError as exc:
        raise ReadError(name, exc.reason) from None
    except MemoryError:
        raise ReadError(name, "文件过大,内存不足") from None
    except Exception as exc:  # a parser bug must not take the app down
        raise ReadError(name, f"解析时出错({type(exc).__name__}),文件可能已损坏") from None
    problem = text_problem(report.text)
    if problem:
        raise ReadError(name, problem)
    return _Parsed(report=report, text_sha=text_hash(report.text))


# ---- the store ------------------------------------------------------------------------------

_SQL_TYPES = {int: "INTEGER", float: "REAL", str: "TEXT", bool: "INTEGER"}


def _fact_columns_sql() -> str:
    cols = []
    for f in fields(Fact):
        t = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "")
        sqltype = ("INTEGER" if "int" in t or "bool" in t else "REAL" if "float" in t else "TEXT")
        cols.append(f'"{f.name}" {sqltype}')
    return ", ".join(cols)


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    text_sha256 TEXT,
    file TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    source TEXT NOT NULL,
    added_at TEXT NOT NULL,
    size INTEGER NOT NULL,
    corrections TEXT NOT NULL DEFAULT '{{}}',
    deleted_at TEXT,
    place TEXT NOT NULL DEFAULT '',   -- effective (corrections applied), for same-place flags
    review_year INTEGER,
    plan_year INTEGER
);
CREATE INDEX IF NOT EXISTS reports_text_sha ON reports(text_sha256);
CREATE TABLE IF NOT EXISTS originals (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS extractions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    parser_version TEXT NOT NULL,
    extracted_at TEXT NOT NULL,
    n_facts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    meta TEXT NOT NULL DEFAULT '{{}}',
    warnings TEXT NOT NULL DEFAULT '[]',
    sections TEXT NOT NULL DEFAULT '[]',
    facts_pack TEXT,  -- the facts rows again, columnar JSON: the fast path for loading
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (sha256, parser_version)
);
CREATE TABLE IF NOT EXISTS facts (
    ext_id INTEGER NOT NULL REFERENCES extractions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    {_fact_columns_sql()},
    PRIMARY KEY (ext_id, seq)
);
"""

_ADDED_COLUMNS = [("reports", "place", "TEXT NOT NULL DEFAULT ''"), ("reports", "review_year", "INTEGER"),
                  ("reports", "plan_year", "INTEGER"), ("extractions", "facts_pack", "TEXT")]

_initialised: set = set()
_decoded: dict = {}  # (library path, extraction id) -> fact columns; extractions are immutable
_decoded_meta: dict = {}  # (library path, extraction id) -> inferred ReportMeta
_init_lock = threading.Lock()


def _plain(o):
    """numpy scalars and the like, for JSON and SQLite."""
    return o.item() if hasattr(o, "item") else str(o)


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_plain)


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


def _meta_from_json(text: str, file: str) -> ReportMeta:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {}
    known = {k: v for k, v in data.items() if k in META_FIELDS}
    known["file"] = file
    return ReportMeta(**known)


def apply_corrections(meta: ReportMeta, corrections: dict) -> ReportMeta:
    """The inferred metadata with the user's corrections laid over it."""
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
            from .model import LEVELS

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


class Library:
    """One SQLite library file.  Cheap to create; every call opens its own connection,
    so an instance can be shared across threads (Streamlit sessions) and processes."""

    def __init__(self, path: str | os.PathLike | None = None, *, parse_bytes=None, parse_text=None,
                 timeout: float = 30.0):
        self.path = resolve_db_path(path)
        self.timeout = timeout
        self._parse_bytes = parse_bytes
        self._parse_text = parse_text
        self._ensure_schema()

    # -- connections and transactions --

    def connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None,
                              check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA synchronous=NORMAL")
        return con

    def _schema_key(self):
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (str(self.path.resolve()), st.st_dev, st.st_ino)

    def _ensure_schema(self) -> None:
        key = self._schema_key()
        if key and key in _initialised:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"无法打开报告库「{self.path}」:无法创建目录({exc.strerror or exc})") from None
        with _init_lock:
            try:
                con = self.connect()
            except sqlite3.Error as exc:
                raise LibraryError(f"无法打开报告库「{self.path}」:{db_error_text(exc)}") from None
            try:
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("BEGIN IMMEDIATE")
                try:
                    for stmt in SCHEMA.split(";"):
                        if stmt.strip():
                            con.execute(stmt)
                    have = {r[1] for r in con.execute("PRAGMA table_info(facts)")}
                    for f in fields(Fact):  # a field added to Fact later: add the column
                        if f.name not in have:
                            con.execute(f'ALTER TABLE facts ADD COLUMN "{f.name}"')
                    for table, column, decl in _ADDED_COLUMNS:  # libraries made by earlier versions
                        if column not in {r[1] for r in con.execute(f"PRAGMA table_info({table})")}:
                            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
                    con.execute("INSERT OR IGNORE INTO settings VALUES ('generation', '0')")
                    con.execute("INSERT OR IGNORE INTO settings VALUES ('created_at', ?)", (_now(),))
                    con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise LibraryError(f"无法打开报告库「{self.path}」:{db_error_text(exc)}") from None
            finally:
                con.close()
            _initialised.add(self._schema_key())

    class _Txn:
        def __init__(self, lib: "Library"):
            self.lib = lib

        def __enter__(self) -> sqlite3.Connection:
            self.con = self.lib.connect()
            self.con.execute("BEGIN IMMEDIATE")
            return self.con

        def __exit__(self, exc_type, exc, tb):
            try:
                if exc_type is None:
                    self.con.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 "
                                     "WHERE key = 'generation'")
                    self.con.execute("COMMIT")
                else:
                    self.con.execute("ROLLBACK")
            finally:
                self.con.close()
            return False

    def transaction(self) -> "Library._Txn":
        """`with lib.transaction() as con:` one write transaction (BEGIN IMMEDIATE)."""
        return Library._Txn(self)

    def _read(self):
        return _ReadCon(self)

    def generation(self) -> int:
        """A counter bumped by every committed write: a cheap cache key for readers."""
        with self._read() as con:
            row = con.execute("SELECT value FROM settings WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as con:
            row = con.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as con:
            con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

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
                path = Path(p)
                if path.is_dir():
                    raise ReadError(name, "这是一个目录,不是文件")
                size = path.stat().st_size
                if size > MAX_FILE_BYTES:
                    raise ReadError(name, f"文件太大({_human_size(size)}),单个文件上限为 {MAX_FILE_MB} MB")
                data = path.read_bytes()
            except ReadError as exc:
                results.append(AddResult(name, "error", str(exc)))
                continue
            except (OSError, ValueError) as exc:
                why = getattr(exc, "strerror", None) or "无法打开"
                results.append(AddResult(name, "error", str(ReadError(name, f"无法打开({why})"))))
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
        taken = {r[0] for r in con.execute("SELECT file FROM reports WHERE file = ? OR file LIKE ? ESCAPE '\\'",
                                           (name, _like_prefix(name)))}
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
                (digest, parsed.text_sha, file, given[:1000], source, added_at, len(data), _dump(corr)))
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
        version = version or PARSER_VERSION
        con.execute("DELETE FROM extractions WHERE sha256 = ? AND parser_version = ?", (digest, version))
        meta = asdict(rep.meta)
        cur = con.execute(
            "INSERT INTO extractions (sha256, parser_version, extracted_at, n_facts, error, meta, "
            "warnings, sections, facts_pack, text) VALUES (?,?,?,?,NULL,?,?,?,?,?)",
            (digest, version, _now(), len(rep.facts), _dump(meta),
             _dump([str(w) for w in rep.warnings]), _dump([asdict(s) for s in rep.sections]),
             _pack_facts(rep.facts), rep.text))
        ext_id = cur.lastrowid
        cols = ", ".join(f'"{c}"' for c in FACT_FIELDS)
        marks = ", ".join("?" for _ in FACT_FIELDS)
        con.executemany(f"INSERT INTO facts (ext_id, seq, {cols}) VALUES (?, ?, {marks})",
                        [(ext_id, i, *[_sql_value(getattr(f, c)) for c in FACT_FIELDS])
                         for i, f in enumerate(rep.facts)])
        # other parser versions of the same content are no longer needed
        con.execute("DELETE FROM extractions WHERE sha256 = ? AND parser_version != ?", (digest, version))

    # -- reading --

    def _rows(self, con, include_deleted: bool):
        where = "" if include_deleted else "WHERE r.deleted_at IS NULL"
        return con.execute(
            "SELECT r.id, r.file, r.original_name, r.source, r.added_at, r.size, r.sha256, r.corrections, "
            "r.deleted_at, e.id, e.parser_version, e.meta, e.error FROM reports r "
            "LEFT JOIN extractions e ON e.id = (SELECT x.id FROM extractions x WHERE x.sha256 = r.sha256 "
            "AND x.error IS NULL ORDER BY x.parser_version = ? DESC, x.id DESC LIMIT 1) "
            f"{where} ORDER BY r.id", (PARSER_VERSION,)).fetchall()

    def _entries_from_rows(self, rows, con) -> list[Entry]:
        errors = dict(con.execute("SELECT sha256, error FROM extractions WHERE parser_version = ? "
                                  "AND error IS NOT NULL", (PARSER_VERSION,)).fetchall())
        out = []
        key = str(self.path)
        for (rid, file, oname, source, added, size, digest, corr, deleted, ext_id, ver, meta, err) in rows:
            inferred = _cached_meta(key, ext_id, meta, file)
            corrections = _loads(corr, {})
            out.append(Entry(id=rid, file=file, original_name=oname, source=source, added_at=added,
                             size=size, sha256=digest, meta=apply_corrections(inferred, corrections),
                             inferred=inferred,
                             corrections=corrections, parser_version=ver or "",
                             stale=(ver != PARSER_VERSION), error=errors.get(digest, "") or "",
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

    def _load(self, ids=None, with_text: bool = False):
        """(row, inferred meta, effective meta, text or None, warnings, sections, fact columns)
        per live report, from one read snapshot.  Fact columns follow FACT_FIELDS."""
        with self._read() as con:
            rows = self._rows(con, False)
            if ids is not None:
                wanted = set(ids)
                rows = [r for r in rows if r[0] in wanted]
            want = {r[9] for r in rows if r[9] is not None}
            exts = {}
            text_col = "text" if with_text else "NULL"
            key = str(self.path)
            for eid, text, warnings, sections, pack in con.execute(
                    f"SELECT id, {text_col}, warnings, sections, facts_pack FROM extractions WHERE error IS NULL"):
                if eid in want:
                    cols = _decoded.get((key, eid))
                    if cols is None:  # an extraction never changes: decode it once per process
                        cols = _decoded[(key, eid)] = _unpack_facts(con, eid, pack)
                    exts[eid] = (text, warnings, sections, cols)
            if len(_decoded) > 20_000:
                _decoded.clear()
        out = []
        for r in rows:
            if r[9] is None:
                continue
            inferred = _cached_meta(key, r[9], r[11], r[1])
            effective = apply_corrections(inferred, _loads(r[7], {}))
            text, warnings, sections, cols = exts[r[9]]
            out.append((r, inferred, effective, text, warnings, sections, cols))
        return out

    def load_reports(self, ids: Iterable[int] | None = None, *, lazy_text: bool = True) -> list[Report]:
        """Reports with their cached facts (never re-parses), corrections applied.  With
        lazy_text (default) each report's text is read from the library on first use."""
        with _gc_paused():
            return self._load_reports(ids, lazy_text)

    def _load_reports(self, ids, lazy_text: bool) -> list[Report]:
        reports = []
        new = object.__new__
        loaded = self._load(ids, with_text=not lazy_text)
        batch = _TextBatch(str(self.path), [x[0][9] for x in loaded]) if lazy_text else None
        set_attr, names = object.__setattr__, FACT_FIELDS
        for r, inferred, effective, text, warnings, sections, cols in loaded:
            facts = []
            for vals in zip(*cols):
                fact = new(Fact)  # the dataclass __init__ only assigns the fields: skip it for speed
                set_attr(fact, "__dict__", dict(zip(names, vals)))
                facts.append(fact)
            facts = _remap_fact_years(facts, inferred, effective)
            rep = StoredReport(meta=effective, text=None if lazy_text else text, facts=facts,
                               sections=None, warnings=None)
            # sections and warnings are decoded on first use (the Report page), like the text
            rep.__dict__.update(_source=(batch, r[9], r[6]), _sections_raw=sections, _warnings_raw=warnings)
            reports.append(rep)
        return reports

    def facts_frame(self):
        """Every fact of the live library as a DataFrame with the columns of
        lib.parse.pipeline.facts_frame (corrections applied), built without Fact objects."""
        import pandas as pd

        from .parse.pipeline import FACT_COLUMNS

        columns = FACT_COLUMNS + [c for c in ("fig_start", "fig_end") if c not in FACT_COLUMNS]
        data = {c: [] for c in columns}
        for r, inferred, m, _, _, _, cols in self._load():
            n = len(cols[0]) if cols else 0
            if not n:
                continue
            by = dict(zip(FACT_FIELDS, cols))
            if (m.review_year, m.plan_year) != (inferred.review_year, inferred.plan_year):
                moves = {"result": (inferred.review_year, m.review_year), "plan": (inferred.plan_year, m.plan_year)}
                by["year"] = [moves[s][1] if s in moves and y == moves[s][0] else y
                              for s, y in zip(by["section"], by["year"])]
            for c, v in (("file", m.file), ("province", m.province), ("city", m.city),
                         ("district", m.district), ("level", m.level), ("place", m.place)):
                data[c].extend([v] * n)
            for c in columns:
                if c in by:
                    data[c].extend(by[c])
        return pd.DataFrame(data, columns=columns)

    def facts_rows(self) -> list[dict]:
        """One dict per fact of every live report, with the report's effective place columns."""
        from .parse.pipeline import fact_rows

        return fact_rows(self.load_reports())

    def original(self, file_or_id) -> tuple[str, bytes]:
        rid = self.resolve_id(file_or_id, include_deleted=True)
        with self._read() as con:
            row = con.execute("SELECT r.file, o.data FROM reports r JOIN originals o ON o.sha256 = r.sha256 "
                              "WHERE r.id = ?", (rid,)).fetchone()
        if not row:
            raise LibraryError(f"报告「{file_or_id}」的原始文件缺失")
        return row[0], bytes(row[1])

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
            "WHERE r.id = ?", (PARSER_VERSION, rid)).fetchone()
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
                self._purge_one(con, rid)
        return len(old)

    # -- re-extraction --

    def stale_ids(self) -> list[int]:
        """Live reports without a successful or failed extraction for the current parser."""
        with self._read() as con:
            return [r[0] for r in con.execute(
                "SELECT r.id FROM reports r WHERE r.deleted_at IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM extractions e WHERE e.sha256 = r.sha256 AND e.parser_version = ?) "
                "ORDER BY r.id", (PARSER_VERSION,))]

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
                                "error) VALUES (?,?,?,?)", (digest, PARSER_VERSION, _now(), exc.reason))
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

    # -- whole-library export / import --

    def export_library(self, out=None) -> bytes | None:
        """One zip: manifest.json (reports, corrections, sources, times), originals/<sha256>
        and the cached extraction per report (extractions/<sha256>.json).  Returns the bytes
        when `out` (a path or binary file) is None."""
        buf = io.BytesIO() if out is None else None
        target = buf if out is None else out
        with self._read() as con:
            rows = con.execute("SELECT id, sha256, file, original_name, source, added_at, size, corrections "
                               "FROM reports WHERE deleted_at IS NULL ORDER BY id").fetchall()
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                items = []
                for rid, digest, file, oname, source, added, size, corr in rows:
                    data = con.execute("SELECT data FROM originals WHERE sha256 = ?", (digest,)).fetchone()
                    if not data:
                        continue
                    zf.writestr(f"originals/{digest}", bytes(data[0]))
                    ext = con.execute("SELECT id, meta, warnings, sections, text FROM extractions WHERE sha256 = ? "
                                      "AND parser_version = ? AND error IS NULL", (digest, PARSER_VERSION)).fetchone()
                    if ext:
                        facts = [dict(zip(FACT_FIELDS, f)) for f in con.execute(
                            f"SELECT {', '.join(chr(34) + c + chr(34) for c in FACT_FIELDS)} FROM facts "
                            "WHERE ext_id = ? ORDER BY seq", (ext[0],))]
                        zf.writestr(f"extractions/{digest}.json", _dump(
                            {"parser_version": PARSER_VERSION, "meta": _loads(ext[1], {}),
                             "warnings": _loads(ext[2], []), "sections": _loads(ext[3], []),
                             "text": ext[4], "facts": facts}))
                    items.append({"sha256": digest, "file": file, "original_name": oname, "source": source,
                                  "added_at": added, "size": size, "corrections": _loads(corr, {})})
                zf.writestr("manifest.json", json.dumps(
                    {"format": LIBRARY_FORMAT, "version": LIBRARY_FORMAT_VERSION, "exported_at": _now(),
                     "parser_version": PARSER_VERSION, "reports": items}, ensure_ascii=False, indent=1))
        return buf.getvalue() if buf is not None else None

    def import_library(self, source, name: str = "", progress: Progress = None) -> list[AddResult]:
        """Merge a library file made by `export_library` (a path, bytes or binary file).
        Content already present is skipped; each report is its own transaction.  A bad
        library file gives a single error AddResult naming it."""
        label = safe_name(name or (Path(source).name if isinstance(source, (str, os.PathLike)) else "库文件"))
        try:
            if isinstance(source, (bytes, bytearray)):
                if len(source) == 0:
                    raise LibraryError("文件为空")
                zf = zipfile.ZipFile(io.BytesIO(bytes(source)))
            else:
                zf = zipfile.ZipFile(source)
            with zf:
                if zf.getinfo("manifest.json").file_size > 64 * 1024 * 1024:
                    raise LibraryError("库文件清单过大,可能已损坏")
                manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
                if not isinstance(manifest, dict) or manifest.get("format") != LIBRARY_FORMAT:
                    raise LibraryError("不是政报对比导出的库文件")
                items = manifest.get("reports")
                if not isinstance(items, list):
                    raise LibraryError("库文件清单损坏")
                version_ok = str(manifest.get("parser_version")) == PARSER_VERSION
                results = []
                for i, item in enumerate(items):
                    item = item if isinstance(item, dict) else {}
                    file = safe_name(item.get("file") or f"第{i + 1}份报告")
                    if progress:
                        progress(i, len(items), file)
                    results.append(self._import_one(zf, item, file, version_ok))
                if progress:
                    progress(len(items), len(items), "")
                return results
        except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError, OSError) as exc:
            why = "不是有效的库文件(zip)" if isinstance(exc, (zipfile.BadZipFile, EOFError)) else \
                "缺少清单 manifest.json" if isinstance(exc, KeyError) else f"文件损坏({type(exc).__name__})"
            return [AddResult(label, "error", f"无法导入「{label}」:{why}")]
        except LibraryError as exc:
            return [AddResult(label, "error", f"无法导入「{label}」:{exc}")]

    def _import_one(self, zf: zipfile.ZipFile, item: dict, file: str, version_ok: bool) -> AddResult:
        digest = str(item.get("sha256", ""))
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            return AddResult(file, "error", f"「{file}」:库文件中的记录损坏(缺少内容哈希)")
        try:
            info = zf.getinfo(f"originals/{digest}")
            if info.file_size > MAX_FILE_BYTES:
                return AddResult(file, "error", f"「{file}」:原始文件太大,单个文件上限为 {MAX_FILE_MB} MB")
            data = zf.read(info)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            return AddResult(file, "error", f"「{file}」:库文件中缺少或损坏了原始文件({type(exc).__name__})")
        if sha256(data) != digest:
            return AddResult(file, "error", f"「{file}」:原始文件与记录的哈希不符,已跳过")
        source = item.get("source") if item.get("source") in SOURCES else "import"
        added = item.get("added_at") if isinstance(item.get("added_at"), str) else None
        corr = item.get("corrections") if isinstance(item.get("corrections"), dict) else {}
        cached = _cached_report(zf, digest, file) if version_ok else None
        if cached is None:
            res = self._add(data, file, source, pasted=(source == "paste"), added_at=added, corrections=corr,
                            original_name=str(item.get("original_name") or file))
        else:
            dup = self._find_live(digest, None)
            if dup:
                return AddResult(file, "duplicate", f"「{file}」已在库中(与「{dup[1]}」内容相同),未重复保存",
                                 report_id=dup[0])
            try:
                corr = clean_corrections(corr)
            except LibraryError:
                corr = {}
            try:
                res = self._store(data, digest, file, str(item.get("original_name") or file), source,
                                  _Parsed(cached, text_hash(cached.text)), added or _now(), corr)
            except sqlite3.Error as exc:
                res = AddResult(file, "error", f"「{file}」保存失败(数据库错误:{exc})")
        return res

    # -- exports of tables --

    def table_rows(self, kind: str) -> tuple[list[str], list[dict]]:
        """kind: facts | reports -> (columns, rows) of the live library, corrections applied."""
        from .parse.pipeline import FACT_COLUMNS, fact_rows

        if kind == "facts":
            return FACT_COLUMNS, fact_rows(self.load_reports())
        if kind == "reports":
            return REPORT_EXPORT_COLUMNS, [e.as_row() for e in self.entries()]
        raise LibraryError(f"未知的导出内容「{kind}」")

    def export_table(self, kind: str, fmt: str = "csv") -> bytes:
        """CSV (UTF-8 with BOM, opens in Excel) or xlsx bytes.  kind: facts | reports | all
        (all: a workbook with both sheets; CSV holds one table, so all means facts there)."""
        if fmt == "xlsx":
            from .export import workbook_bytes

            kinds = ["facts", "reports"] if kind == "all" else [kind]
            return workbook_bytes({SHEET_NAMES[k]: self.table_rows(k) for k in kinds})
        if fmt == "csv":
            return csv_bytes(*self.table_rows("facts" if kind == "all" else kind))
        raise LibraryError(f"未知的导出格式「{fmt}」")

    def backup(self, dest: str | os.PathLike) -> Path:
        """A consistent SQLite copy of the whole library (sqlite3 backup API)."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = self.connect()
        try:
            out = sqlite3.connect(str(dest))
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        return dest

    def integrity_check(self) -> str:
        with self._read() as con:
            return con.execute("PRAGMA integrity_check").fetchone()[0]


class _ReadCon:
    def __init__(self, lib: Library):
        self.lib = lib

    def __enter__(self) -> sqlite3.Connection:
        self.con = self.lib.connect()
        self.con.execute("BEGIN")  # one consistent snapshot for the whole read
        return self.con

    def __exit__(self, *exc):
        try:
            self.con.execute("COMMIT")
        finally:
            self.con.close()
        return False


def _sql_value(v):
    return v if v is None or isinstance(v, (str, int, float, bytes)) else _plain(v)


def _loads(text, default):
    if not text or text in ("{}", "[]"):  # the common case, without the decoder
        return type(default)()
    try:
        value = json.loads(text) if text else default
    except (TypeError, ValueError):
        return default
    return value if isinstance(value, type(default)) else default


def _parse_time(text: str) -> _dt.datetime:
    try:
        t = _dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return _dt.datetime.min.replace(tzinfo=_dt.timezone.utc)
    return t if t.tzinfo else t.replace(tzinfo=_dt.timezone.utc)


def _like_prefix(name: str) -> str:
    stem = name.rpartition(".")[0] or name
    return stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " (%"


def _cached_report(zf: zipfile.ZipFile, digest: str, file: str) -> Optional[Report]:
    """The extraction stored in an exported library, when it is well formed."""
    try:
        info = zf.getinfo(f"extractions/{digest}.json")
        if info.file_size > 20 * MAX_FILE_BYTES:
            return None
        data = json.loads(zf.read(info).decode("utf-8"))
        meta = {k: v for k, v in data["meta"].items() if k in META_FIELDS}
        meta["file"] = file
        facts = [Fact(**{k: v for k, v in f.items() if k in FACT_FIELDS}) for f in data["facts"]]
        sections = [Section(**s) for s in data.get("sections", [])]
        text = data["text"]
        if not isinstance(text, str):
            return None
        return Report(meta=ReportMeta(**meta), text=text, facts=facts, sections=sections,
                      warnings=[str(w) for w in data.get("warnings", [])])
    except Exception:  # anything odd: parse the original again instead
        return None


def _pack_facts(facts: list) -> str:
    """The facts as columnar JSON (FACT_FIELDS order): one json.loads per report on load."""
    return _dump({"fields": FACT_FIELDS, "cols": [[getattr(f, c) for f in facts] for c in FACT_FIELDS]})


def _unpack_facts(con, ext_id: int, pack) -> list:
    """Fact columns in FACT_FIELDS order, from the pack or (when the pack is missing or was
    written for other Fact fields) from the facts rows."""
    if pack:
        try:
            data = json.loads(pack)
            if data.get("fields") == FACT_FIELDS and len(data["cols"]) == len(FACT_FIELDS):
                return data["cols"]
        except (ValueError, AttributeError, KeyError, TypeError):
            pass
    names = ", ".join(f'"{c}"' for c in FACT_FIELDS)
    rows = con.execute(f"SELECT {names} FROM facts WHERE ext_id = ? ORDER BY seq", (ext_id,)).fetchall()
    cols = [list(c) for c in zip(*rows)] if rows else [[] for _ in FACT_FIELDS]
    est = FACT_FIELDS.index("estimated")
    cols[est] = [bool(x) for x in cols[est]]
    return cols


class _TextBatch:
    """The texts of one load_reports() batch: the first text asked for is read alone (the
    Report page); from the second on, every text of the batch is read in one query (a
    page that reads them all)."""

    def __init__(self, path: str, ext_ids: list):
        self.path, self.ext_ids, self.texts, self.asked = path, ext_ids, {}, 0
        self.lock = threading.Lock()

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("lock", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.lock = threading.Lock()

    def get(self, ext_id: int, digest: str) -> str:
        with self.lock:
            if ext_id not in self.texts:
                self.asked += 1
                wanted = [ext_id] if self.asked < 2 else [i for i in self.ext_ids if i not in self.texts]
                self.texts.update(_read_texts(self.path, wanted))
            text = self.texts.get(ext_id)
        return text if text is not None else _read_text_by_hash(self.path, digest)


@contextmanager
def _gc_paused():
    """No cyclic garbage collection while a load builds its many small objects: they are all
    kept, and the collector's passes over them took a third of the load time (nothing
    cyclic is made, and the collector runs as usual afterwards)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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


def _read_texts(path, ext_ids: list) -> dict:
    out = {}
    try:
        con = _ro_connect(path)
        try:
            for k in range(0, len(ext_ids), 900):
                chunk = ext_ids[k:k + 900]
                marks = ",".join("?" * len(chunk))
                out.update(con.execute(f"SELECT id, text FROM extractions WHERE id IN ({marks})", chunk))
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


# ---- tables for export ------------------------------------------------------------------------

def csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    """UTF-8 CSV with a BOM, so Excel opens the Chinese correctly."""
    import csv

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")

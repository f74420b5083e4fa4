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
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import os
import re
import sqlite3
import struct
import threading
import time
import unicodedata
import zipfile
from functools import lru_cache
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Callable, Iterable, Optional
from zlib import error as zlib_error

from lib import PARSER_VERSION
from lib.model import PLAN, RESULT, Fact, ReadError, Report, ReportMeta, Section
from lib.perf import gc_paused
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB, MB, human_size
from lib.present.escape import CONTROL as _CTRL

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "library.sqlite"
ENV_DB = "GOVREPORT_DB"

# MAX_FILE_MB, MAX_FILE_BYTES (lib.limits): one report file, MB = 10^6 bytes as Streamlit counts
MAX_LIBRARY_ZIP_MB = 200  # a whole exported library: .streamlit/config.toml maxUploadSize
MAX_MANIFEST_BYTES = 32 * MB
MAX_LISTED_ERRORS = 20  # an import lists this many failed reports one by one, then sums up the rest
BACKUP_SUFFIX = ".bak"
BACKUP_EVERY_HOURS = 24
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
    return human_size(n)


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
    from lib.parse.pipeline import parse_bytes

    return parse_bytes(data, name)


def _default_parse_text(text: str, name: str) -> Report:
    from lib.parse.pipeline import parse_text

    return parse_text(text, name)


@lru_cache(maxsize=1)
def _warm_parser() -> None:
    """Load the parser's tables (gazetteer, lexicon, OpenCC) here once, so that each forked parse
    worker starts with them instead of loading them again."""
    _default_parse_text("全市地区生产总值增长5%。", "warm-up.txt")


def _check_bytes(data, name: str) -> None:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ReadError(name, "内容不是文件数据")
    if len(data) == 0:
        raise ReadError(name, "文件为空")
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(name, f"文件太大({_human_size(len(data))}),单个文件上限为 {MAX_FILE_MB} MB")


def parse_for_library(data: bytes, name: str, *, pasted: bool = False,
                      parse_bytes=None, parse_text=None, seconds: float | None = None) -> _Parsed:
    """Parse one file (or pasted text as UTF-8 bytes) the way the library stores it.
    Raises ReadError with a Chinese reason; any other parser failure becomes a ReadError too.
    The parser runs in a worker stopped after `seconds` (default: lib.parse.budget.parse_seconds()),
    refused as "处理超时…": a hostile text never holds the app.  Injected parse functions (test
    stand-ins) run in this process unless `seconds` is given."""
    from lib.parse.budget import in_process, run_with_budget
    from lib.parse.readers import check_length

    run = run_with_budget
    if (parse_bytes or parse_text) and seconds is None:
        run = in_process
    elif not (parse_bytes or parse_text):
        _warm_parser()
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
            check_length(text, name)
            parsed = run(_parse_pasted, (parse_text, text, name), name, seconds)
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
            parsed = run(_parse_file, (parse_bytes, data, parse_name, name), parse_name, seconds)
    except ReadError as exc:
        raise ReadError(name, exc.reason) from None
    except MemoryError:
        raise ReadError(name, "文件过大,内存不足") from None
    except Exception as exc:  # a parser bug must not take the app down
        raise ReadError(name, f"解析时出错({type(exc).__name__}),文件可能已损坏") from None
    return parsed


# The checks of a text run with the parse, inside its budget: on a 1.5 MB paste they take
# seconds of Python, which the app's own process must not spend.

def _parse_pasted(parse_text, text: str, name: str) -> _Parsed:
    problem = text_problem(text)
    if problem:
        raise ReadError(name, problem)
    return _checked(parse_text(text, name), name)


def _parse_file(parse_bytes, data: bytes, parse_name: str, name: str) -> _Parsed:
    return _checked(parse_bytes(data, parse_name), name)


def _checked(report: Report, name: str) -> _Parsed:
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
CREATE TABLE IF NOT EXISTS fact_bins (  -- the facts again as packed binary records (_encode_fact_bin):
    ext_id INTEGER PRIMARY KEY REFERENCES extractions(id) ON DELETE CASCADE,  -- every fact at once,
    data BLOB NOT NULL                     -- a table apart so that reading them skips the texts
);
CREATE TABLE IF NOT EXISTS fact_corrections (  -- lib.store.corrections.FactCorrection, kept across parsers
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,          -- the report's content hash
    action TEXT NOT NULL,          -- edit | remove | check | add
    anchor TEXT NOT NULL,          -- JSON Anchor: figure, evidence, offsets (refreshed on re-extraction)
    changes TEXT NOT NULL DEFAULT '{{}}',
    created_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    lost INTEGER NOT NULL DEFAULT 0  -- the figure was not found in the current extraction
);
CREATE INDEX IF NOT EXISTS fact_corrections_sha ON fact_corrections(sha256);
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


_META_INTS = ("review_year", "plan_year", "chars", "facts")


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


def _plain_meta(data: dict) -> bool:
    """Every key a ReportMeta field and every value of its type, in range (10,000 reports are
    decoded on the first listing: the per-field repairs of _meta_from_json are for the rest)."""
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
                self._check_file(con)  # before anything is written, WAL mode included
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
        self._auto_backup()

    def _check_file(self, con) -> None:
        """The file is empty or a library, and not damaged: another program's SQLite file is
        left as it was (not switched to WAL), and a damaged library is neither read nor written
        (raw sqlite3 errors on every page, or an `add` writing into it and reporting success)."""
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and not {"reports", "settings"} <= tables:
                names = "、".join(_CTRL.sub("", t)[:40] for t in sorted(tables)[:5])
                raise LibraryError(f"「{self.path}」不是政报对比的报告库(其中是其他程序的数据表:{names}),"
                                   "未做任何改动。请用 --db 或环境变量 GOVREPORT_DB 指定另一个文件")
            problem = con.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc).lower():
                raise  # "这不是报告库文件" (db_error_text)
            problem = str(exc)
        if problem != "ok":
            raise LibraryError(self.damaged_message())

    def backup_path(self) -> Path:
        """Where the automatic copy of the last good state is kept: `<library>.bak`."""
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def damaged_message(self) -> str:
        """A damaged library, in Chinese, with the way back: the last good backup, or an export."""
        msg = f"报告库文件「{self.path}」已损坏(SQLite 完整性检查未通过),为免损失更多内容,没有读写它。"
        bak = self.backup_path()
        if bak.is_file():
            when = _dt.datetime.fromtimestamp(bak.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            msg += f"最近一次完好的备份是「{bak}」({when}):关闭本程序,用它替换损坏的文件即可恢复;"
        msg += "也可以让 --db 或环境变量 GOVREPORT_DB 指向一个新文件,再导入以前导出的整库文件(.zip)。"
        return msg

    def _auto_backup(self) -> None:
        """Copy a library that has just passed its check, at most once every BACKUP_EVERY_HOURS:
        the backup that damaged_message offers.  A backup that cannot be made stops nothing."""
        bak = self.backup_path()
        try:
            if bak.is_file() and time.time() - bak.stat().st_mtime < BACKUP_EVERY_HOURS * 3600:
                return
            if not self.count(include_deleted=True):
                return
            tmp = bak.with_name(f"{bak.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            self.backup(tmp)
            os.replace(tmp, bak)
        except (OSError, sqlite3.Error):
            pass

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
        packed = _encode_fact_bin([[getattr(f, c) for f in rep.facts] for c in FACT_FIELDS])
        if packed is not None:
            con.execute("INSERT INTO fact_bins (ext_id, data) VALUES (?, ?)", (ext_id, packed))
        cols = ", ".join(f'"{c}"' for c in FACT_FIELDS)
        marks = ", ".join("?" for _ in FACT_FIELDS)
        con.executemany(f"INSERT INTO facts (ext_id, seq, {cols}) VALUES (?, ?, {marks})",
                        [(ext_id, i, *[_sql_value(getattr(f, c)) for c in FACT_FIELDS])
                         for i, f in enumerate(rep.facts)])
        # other parser versions of the same content are no longer needed
        con.execute("DELETE FROM extractions WHERE sha256 = ? AND parser_version != ?", (digest, version))
        _reanchor_fact_corrections(con, digest, rep.facts, rep.text)

    # -- reading --

    def _rows(self, con, include_deleted: bool):
        """(id, file, original_name, source, added_at, size, sha256, corrections, deleted_at,
        extraction id, parser version, meta, error) per report in id order, the extraction
        being the content's newest good one for this parser (else for any parser).  Read once
        per library state (generation) and Library: entries(), load_reports() and fact_table()
        in a row share one read."""
        gen = con.execute("SELECT value FROM settings WHERE key='generation'").fetchone()
        key = (gen[0] if gen else None, PARSER_VERSION)
        hit = self.__dict__.get("_rows_cache")
        if hit is None or hit[0] != key:
            hit = self._rows_cache = (key, self._read_rows(con))
        return hit[1] if include_deleted else [r for r in hit[1] if r[8] is None]

    @staticmethod
    def _read_rows(con) -> list:
        """Two plain scans (a correlated subquery per report cost ≈0.1 s CPU at 10,000)."""
        best: dict = {}  # sha256 -> (prefers, ext id, version, meta)
        for eid, digest, ver, meta in con.execute(
                "SELECT id, sha256, parser_version, meta FROM extractions WHERE error IS NULL"):
            cand = (ver == PARSER_VERSION, eid, ver, meta)
            old = best.get(digest)
            if old is None or cand[:2] > old[:2]:
                best[digest] = cand
        none = (None, None, None, None)
        return [(*r, *best.get(r[6], none)[1:], None) for r in con.execute(
            "SELECT id, file, original_name, source, added_at, size, sha256, corrections, deleted_at "
            "FROM reports ORDER BY id")]

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
            exts = {}
            text_col = "text" if with_text else "NULL"
            pack_col = "facts_pack" if with_facts else "NULL"
            key = str(self.path)
            for eid, text, warnings, sections, pack in con.execute(
                    f"SELECT id, {text_col}, warnings, sections, {pack_col} FROM extractions WHERE error IS NULL"):
                if eid in want:
                    exts[eid] = (text, warnings, sections, _decode_facts(con, key, eid, pack) if with_facts else None)
            if len(_decoded) > 20_000:
                _decoded.clear()
            reviewed = _fact_corrections_by_sha(con, {r[6] for r in rows})
        out = []
        for r in rows:
            if r[9] is None:
                continue
            inferred = _cached_meta(key, r[9], r[11], r[1])
            effective = apply_corrections(inferred, _loads(r[7], {}))
            text, warnings, sections, cols = exts[r[9]]
            if not with_facts:
                cols = reviewed.get(r[6])
            else:
                cols = _with_provenance(cols)
                if r[6] in reviewed:  # the one place a person's fact corrections are laid over the parser's
                    cols = _reviewed_columns(cols, reviewed[r[6]])
            out.append((r, inferred, effective, text, warnings, sections, cols))
        return out

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
        """Every fact of the live library in columns (see FactTable), read in one query: the
        path for all facts at once (10,000 reports, ≈600,000 facts, well under a second)."""
        with gc_paused(), self._read() as con:
            rows = [r for r in self._rows(con, False) if r[9] is not None]
            want = {r[9] for r in rows}
            blobs = {eid: b for eid, b in con.execute("SELECT ext_id, data FROM fact_bins") if eid in want}
            reviewed = _fact_corrections_by_sha(con, {r[6] for r in rows})
            key = str(self.path)
            parts, metas = [], []
            for r in rows:
                inferred = _cached_meta(key, r[9], r[11], r[1])
                effective = apply_corrections(inferred, _loads(r[7], {}))
                part = None
                if r[6] not in reviewed and effective.review_year == inferred.review_year \
                        and effective.plan_year == inferred.plan_year:
                    part = _split_fact_bin(blobs.get(r[9]))
                if part is None:
                    cols = _report_columns(con, key, r, inferred, effective, reviewed.get(r[6]))
                    part = _split_fact_bin(_encode_fact_bin(_typed_fact_columns(cols), lossy=True))
                parts.append(part)
                metas.append(effective)
        return _table_from_parts(parts, metas, [r[0] for r in rows])

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
        from lib.store.corrections import ADD, CHECK, EDIT, REMOVE, ReviewError, clean_changes, locate

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
                                  "added_at": added, "size": size, "corrections": _loads(corr, {}),
                                  "fact_corrections": [c.as_json() for c in
                                                       _fact_corrections_by_sha(con, {digest}).get(digest, [])]})
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
                if zf.getinfo("manifest.json").file_size > MAX_MANIFEST_BYTES:
                    raise LibraryError("库文件清单过大,可能已损坏")
                manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
                if not isinstance(manifest, dict) or manifest.get("format") != LIBRARY_FORMAT:
                    raise LibraryError("不是政报对比导出的库文件")
                items = manifest.get("reports")
                if not isinstance(items, list):
                    raise LibraryError("库文件清单损坏")
                return self._import_items(zf, items, label, progress)
        except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError, OSError) as exc:
            why = "不是有效的库文件(zip)" if isinstance(exc, (zipfile.BadZipFile, EOFError)) else \
                "缺少清单 manifest.json" if isinstance(exc, KeyError) else f"文件损坏({type(exc).__name__})"
            return [AddResult(label, "error", f"无法导入「{label}」:{why}")]
        except LibraryError as exc:
            return [AddResult(label, "error", f"无法导入「{label}」:{exc}")]

    def _import_items(self, zf: zipfile.ZipFile, items: list, label: str, progress: Progress) -> list[AddResult]:
        """The manifest is untrusted: an entry without a valid hash or an original of its own
        (20,000 bogus entries, the same content listed twice) is counted and summed up in one
        result, and past MAX_LISTED_ERRORS failures the rest are summed up too."""
        results, invalid, seen, failed = [], [], set(), 0
        for i, item in enumerate(items):
            item = item if isinstance(item, dict) else {}
            file = safe_name(item.get("file") if isinstance(item.get("file"), str) else f"第{i + 1}份报告")
            if progress and (i % 50 == 0 or i == len(items) - 1):
                progress(i, len(items), file)
            digest = item.get("sha256")
            if not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)) or digest in seen \
                    or f"originals/{digest}" not in zf.NameToInfo:
                invalid.append(file)
                continue
            seen.add(digest)
            res = self._import_one(zf, item, digest, file)
            if res.status == "error":
                failed += 1
                if failed > MAX_LISTED_ERRORS:
                    continue
            results.append(res)
        if progress:
            progress(len(items), len(items), "")
        if failed > MAX_LISTED_ERRORS:
            results.append(AddResult(label, "error", f"「{label}」中另有 {failed - MAX_LISTED_ERRORS} 份报告未能导入"
                                                      "(原因与上面列出的相同或相近)"))
        if invalid:
            results.append(AddResult(label, "error", f"「{label}」的清单中有 {len(invalid)} 条记录无效(内容哈希缺失或"
                                                      f"重复,或没有对应的原始文件),已跳过;例如「{invalid[0]}」"))
        return results

    def _import_one(self, zf: zipfile.ZipFile, item: dict, digest: str, file: str) -> AddResult:
        """One manifest entry.  Only the original is taken, after its hash is checked, and
        parsed again: the cached extraction in the zip is never trusted (a value "abc" or a
        forged province would be stored as they are).  Content already present is found before
        its member is read."""
        dup = self._find_live(digest, None)
        if dup:
            return AddResult(file, "duplicate", f"「{file}」已在库中(与「{dup[1]}」内容相同),未重复保存",
                             report_id=dup[0])
        try:
            info = zf.getinfo(f"originals/{digest}")
            if info.file_size > MAX_FILE_BYTES:
                return AddResult(file, "error", f"「{file}」:原始文件太大,单个文件上限为 {MAX_FILE_MB} MB")
            data = zf.read(info)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib_error) as exc:
            return AddResult(file, "error", f"「{file}」:库文件中的原始文件已损坏({type(exc).__name__})")
        if sha256(data) != digest:
            return AddResult(file, "error", f"「{file}」:原始文件与记录的哈希不符,已跳过")
        source = item.get("source") if item.get("source") in SOURCES else "import"
        added = item.get("added_at")
        added = added if isinstance(added, str) and _parse_time(added).year > 1 and len(added) < 40 else None
        original = item.get("original_name")
        res = self._add(data, file, source, pasted=(source == "paste"), added_at=added,
                        corrections=_valid_corrections(item.get("corrections")),
                        original_name=original if isinstance(original, str) else file)
        if res.status == "added":
            self._import_fact_corrections(digest, item.get("fact_corrections"))
        return res

    def _import_fact_corrections(self, digest: str, items) -> int:
        """The fact corrections of an imported report (malformed ones are skipped)."""
        from lib.store.corrections import FactCorrection, ReviewError

        good = []
        for raw in items if isinstance(items, list) else []:
            try:
                good.append(FactCorrection.from_json(raw, digest))
            except ReviewError:
                continue
        if good:
            with self.transaction() as con:
                for c in good:
                    con.execute("INSERT INTO fact_corrections (sha256, action, anchor, changes, created_at, note) "
                                "VALUES (?,?,?,?,?,?)", (digest, c.action, _dump(asdict(c.anchor)),
                                                         _dump(c.changes), c.created_at or _now(), c.note))
                _reanchor_fact_corrections(con, digest, *_current_facts(con, digest))
        return len(good)

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


class _TextBatch:
    """The texts of one load_reports() batch: the first text asked for is read alone (the
    Report page); from the second on, every text of the batch is read in one query (a
    page that reads them all).  With column="facts_pack", the same for the reports' facts,
    from the 16th report asked (a page comparing a few places reads a few packs)."""

    def __init__(self, path: str, ext_ids: list, column: str = "text"):
        self.path, self.ext_ids, self.texts, self.asked = path, ext_ids, {}, 0
        self.column = column  # "text", or "facts_pack" (the packs of the batch, each taken once)
        self.lock = threading.Lock()

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("lock", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.lock = threading.Lock()

    def get(self, ext_id: int, digest: str) -> str:
        column = self.__dict__.get("column", "text")
        with self.lock:
            if ext_id not in self.texts:
                self.asked += 1
                alone = self.asked < (2 if column == "text" else 16)  # facts: a page reads a few places
                taken = self.__dict__.setdefault("taken", set())
                wanted = [ext_id] if alone else [i for i in self.ext_ids if i not in self.texts and i not in taken]
                self.texts.update(_read_texts(self.path, wanted, column))
            if column != "text":  # a pack is decoded once, then cached as columns: don't keep it twice
                self.taken.add(ext_id)
                return self.texts.pop(ext_id, None)
            text = self.texts.get(ext_id)
        return text if text is not None else _read_text_by_hash(self.path, digest)


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


@dataclass
class _FactSource:
    """Where a StoredReport's facts come from: its extraction's pack (read with the batch's
    others on the second report asked) and what to lay over the parser's facts."""
    packs: "_TextBatch"
    ext_id: int
    digest: str
    inferred: ReportMeta
    effective: ReportMeta
    reviewed: Optional[list]  # the report's fact corrections (lib.store.corrections), if any

    def facts(self) -> list:
        key = self.packs.path
        cols = _decoded.get((key, self.ext_id))
        if cols is None:
            cols = self._columns(key)
        cols = _with_provenance(cols)
        if self.reviewed:
            cols = _reviewed_columns(cols, self.reviewed)
        return _remap_fact_years(_facts_from_columns(cols), self.inferred, self.effective)

    def _columns(self, key: str) -> list:
        cols = _pack_columns(self.packs.get(self.ext_id, self.digest))
        if cols is not None:  # the common case: no connection of its own
            _decoded[(key, self.ext_id)] = cols
            return cols
        try:
            con = _ro_connect(key)
        except sqlite3.Error:
            return [[] for _ in FACT_FIELDS]
        try:  # no pack: the facts rows, or (re-extracted since the load) the content's newest
            return _decode_facts(con, key, self._current_ext_id(con), None)
        except sqlite3.Error:
            return [[] for _ in FACT_FIELDS]
        finally:
            con.close()

    def _current_ext_id(self, con) -> int:
        """The loaded extraction, or when it has been replaced since (a re-extraction between
        load_reports() and the first read of these facts) the content's newest good one: its
        facts, never an empty list for a report that still has them."""
        if con.execute("SELECT 1 FROM extractions WHERE id = ?", (self.ext_id,)).fetchone():
            return self.ext_id
        row = con.execute("SELECT id FROM extractions WHERE sha256 = ? AND error IS NULL "
                          "ORDER BY parser_version = ? DESC, id DESC LIMIT 1",
                          (self.digest, PARSER_VERSION)).fetchone()
        return row[0] if row else self.ext_id


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
    def facts(self) -> list:
        value = self.__dict__.get("_facts")
        if value is None:  # not decoded yet
            source = self.__dict__.get("_facts_source")  # kept: two threads may ask at once
            with gc_paused():
                value = self.__dict__["_facts"] = source.facts() if source is not None else []
        return value

    @facts.setter
    def facts(self, value) -> None:
        self.__dict__["_facts"] = value

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


def _read_texts(path, ext_ids: list, column: str = "text") -> dict:
    """{extraction id: its text (or its facts_pack)}; an extraction that has gone is missing."""
    assert column in ("text", "facts_pack")
    out = {}
    try:
        con = _ro_connect(path)
        try:
            for k in range(0, len(ext_ids), 900):
                chunk = ext_ids[k:k + 900]
                marks = ",".join("?" * len(chunk))
                out.update(con.execute(f"SELECT id, {column} FROM extractions WHERE id IN ({marks})", chunk))
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


# ---- fact corrections: storage helpers (the logic is lib.store.corrections) ----------------------------

def _fact_corrections_by_sha(con, shas: set) -> dict:
    """sha256 -> [FactCorrection] (oldest first) for the given contents."""
    from lib.store.corrections import Anchor, FactCorrection

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

    new, set_attr = object.__new__, object.__setattr__
    facts = []
    for vals in zip(*cols):  # as in _load_reports: the dataclass __init__ only assigns the fields
        fact = new(Fact)
        set_attr(fact, "__dict__", dict(zip(FACT_FIELDS, vals)))
        facts.append(fact)
    applied = apply_corrections(facts, corrections).facts
    return [[getattr(f, c) for f in applied] for c in FACT_FIELDS]


def _current_facts(con, digest: str) -> tuple[list, str]:
    """(the parser's facts, the cleaned text) of the extraction a report is read from."""
    row = con.execute("SELECT id, facts_pack, text FROM extractions WHERE sha256 = ? AND error IS NULL "
                      "ORDER BY parser_version = ? DESC, id DESC LIMIT 1", (digest, PARSER_VERSION)).fetchone()
    if not row:
        return [], ""
    cols = _unpack_facts(con, row[0], row[1])
    return [Fact(**dict(zip(FACT_FIELDS, vals))) for vals in zip(*cols)], row[2] or ""


def _reanchor_fact_corrections(con, digest: str, facts: list, text: str) -> None:
    """After a (re-)extraction: find every correction's figure again in the new facts and text,
    refresh its anchor, and flag the ones that cannot be found (kept, to be reviewed)."""
    from lib.store.corrections import ADD, anchor_of, locate, resolve

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

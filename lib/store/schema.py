"""Opening a library file: where it is, the tables (DDL), migrations of libraries made by earlier
versions, the quick check that refuses another program's SQLite file or a damaged library,
connections, read snapshots, write transactions and settings."""
from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import fields
from pathlib import Path

from lib.model import Fact
from lib.present.escape import CONTROL as _CTRL
from lib.store.records import LibraryError, _now, db_error_text


ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "library.sqlite"
ENV_DB = "GOVREPORT_DB"

SCHEMA_VERSION = 2  # 2: fact_bins codes into the library's string table (fact_strings)

def resolve_db_path(path: str | os.PathLike | None = None) -> Path:
    """--db flag, else $GOVREPORT_DB, else data/library.sqlite in the project."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get(ENV_DB, "").strip()
    return Path(env).expanduser() if env else DEFAULT_DB

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
    facts_pack TEXT,  -- the facts, columnar JSON (lib.store.fact_bins._pack_facts): the whole record
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (sha256, parser_version)
);
CREATE TABLE IF NOT EXISTS facts (  -- a row per fact: written by earlier versions only, read
                                    -- where such a library has no facts_pack
    ext_id INTEGER NOT NULL REFERENCES extractions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    {_fact_columns_sql()},
    PRIMARY KEY (ext_id, seq)
);
CREATE TABLE IF NOT EXISTS fact_bins (  -- the facts again as packed binary records (_encode_fact_bin):
    ext_id INTEGER PRIMARY KEY REFERENCES extractions(id) ON DELETE CASCADE,  -- every fact at once,
    data BLOB NOT NULL                     -- a table apart so that reading them skips the texts
);
CREATE TABLE IF NOT EXISTS fact_strings (  -- lib.store.fact_strings: each text of fact_bins once, by code
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS fact_string_pages (  -- the same texts for reading them all at once:
    id INTEGER PRIMARY KEY,                      -- their codes (uint32) and the texts NUL-joined (UTF-16-LE)
    ids BLOB NOT NULL,
    data BLOB NOT NULL
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

# after the added columns (the reports of an earlier version have no place to index)
_LATE_INDEXES = [
    # the same place and years (Library._same_place_year, on every add: a scan of every report
    # made the import of 10,000 reports quadratic)
    "CREATE INDEX IF NOT EXISTS reports_place_years ON reports(place, review_year, plan_year)",
    # the extractions that failed, for the listing (without it a scan of every extraction's text)
    "CREATE INDEX IF NOT EXISTS extractions_errors ON extractions(parser_version, error)",
]

_initialised: set = set()
_init_lock = threading.Lock()


def _migrate(con) -> None:
    """The tables of this version, in the caller's write transaction: created in a new library,
    columns added to one made by an earlier version, and (schema version 1, whose binary fact
    records held their own strings) the facts cache rebuilt once with the library's string table."""
    from lib.store.fact_strings import rebuild

    made_by = con.execute("PRAGMA user_version").fetchone()[0]
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
    for stmt in _LATE_INDEXES:
        con.execute(stmt)
    con.execute("INSERT OR IGNORE INTO settings VALUES ('generation', '0')")
    con.execute("INSERT OR IGNORE INTO settings VALUES ('created_at', ?)", (_now(),))
    if made_by < 2 and con.execute("SELECT 1 FROM extractions LIMIT 1").fetchone():
        rebuild(con)
    con.execute(f"PRAGMA user_version={max(made_by, SCHEMA_VERSION)}")

class LibraryFile:
    """Connections, schema and settings of one library file (a part of Library)."""

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
            if key and key in _initialised:  # checked by another thread while this one waited
                return
            try:
                con = self.connect()
            except sqlite3.Error as exc:
                raise LibraryError(f"无法打开报告库「{self.path}」:{db_error_text(exc)}") from None
            try:
                self._check_file(con)  # before anything is written, WAL mode included
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("BEGIN IMMEDIATE")
                try:
                    _migrate(con)
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


    class _Txn:
        def __init__(self, lib: "LibraryFile"):
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

    def transaction(self) -> "LibraryFile._Txn":
        """`with lib.transaction() as con:` one write transaction (BEGIN IMMEDIATE)."""
        return LibraryFile._Txn(self)

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


class _ReadCon:
    def __init__(self, lib: LibraryFile):
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

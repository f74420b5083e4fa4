"""The library's records and small codecs: what one added file came to (AddResult), one row of
the listing (Entry), the library's error (LibraryError, db_error_text), the sources, and the JSON
and time helpers every room of the store uses."""
from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field, fields
from typing import Callable, Optional

from lib.model import Fact, ReportMeta
from lib.limits import human_size


SOURCES = ("upload", "paste", "seed", "cli", "import")
SOURCE_LABELS = {"upload": "上传", "paste": "粘贴", "seed": "示例", "cli": "命令行", "import": "导入"}

FACT_FIELDS = [f.name for f in fields(Fact)]

Progress = Optional[Callable[[int, int, str], None]]  # (done, total, file name)

def _human_size(n: int) -> str:
    return human_size(n)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")

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


def _plain(o):
    """numpy scalars and the like, for JSON and SQLite."""
    return o.item() if hasattr(o, "item") else str(o)


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_plain)


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

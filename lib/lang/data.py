"""Where the language knowledge lives, and the one way every data file is read.

One comment rule for every file in lib/data: a blank line, or a line whose first visible
character is `#`, is not data; in a text file a `#` after white space starts a trailing comment
(`page\t第 *\\d{1,4} *页\t# 第3页`).  CSV files have a header row; a row missing a required
column is an error that names the file and the line, so a broken edit fails loudly at load,
not as a silently missing rule.  `validate()` checks every file at once (a test runs it).
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
_TRAILING = re.compile(r"\s#(?:\s|$).*$")


class DataError(ValueError):
    """A data file that cannot be used as it is: names the file, the line and what is wrong."""


def _is_comment(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def lines(name: str) -> list[str]:
    """The data lines of a text file, trailing comments and edge white space removed."""
    out = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        if _is_comment(raw):
            continue
        line = _TRAILING.sub("", raw).strip()
        if line:
            out.append(line)
    return out


def rows(name: str, required: tuple = ()) -> list[dict]:
    """The rows of a CSV file as dicts (header from its first data line); comment lines skipped;
    every `required` column must be present and non-empty."""
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        numbered = [(i, ln) for i, ln in enumerate(fh, 1) if not _is_comment(ln)]
    reader = csv.DictReader([ln for _, ln in numbered])
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(f"lib/data/{name}: 缺少列 {', '.join(missing)}")
    out = []
    for (lineno, _), row in zip(numbered[1:], reader):
        empty = [c for c in required if not (row.get(c) or "").strip()]
        if empty:
            raise DataError(f"lib/data/{name} 第 {lineno} 行: {', '.join(empty)} 为空")
        out.append({k: v or "" for k, v in row.items() if k is not None})
    return out


def ini_sections(name: str) -> dict[str, list[str]]:
    """A text file of `[section]` headers, each followed by its data lines."""
    out: dict[str, list[str]] = {}
    current = None
    for line in lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], [])
        elif current is None:
            raise DataError(f"lib/data/{name}: 「{line}」不在任何 [节] 之下")
        else:
            current.append(line)
    return out


def compiled(name: str, pattern: str, where: str = "") -> re.Pattern:
    """Compile a pattern from a data file, naming the file when it does not compile."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise DataError(f"lib/data/{name}{where}: 正则表达式无法编译({exc}):{pattern}") from None


@lru_cache(maxsize=1)
def indicator_keys() -> frozenset:
    return frozenset(r["key"] for r in rows("indicators.csv", ("key",)))

"""From a user's file to a parsed report the library can store: file names made safe, the real
type sniffed, hashes, the checks that a text is a report, and parsing outside any transaction
(inside the parse budget)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from typing import Optional

from lib.model import ReadError, Report
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB
from lib.present.escape import CONTROL as _CTRL
from lib.store.records import _human_size


# MAX_FILE_MB, MAX_FILE_BYTES (lib.limits): one report file, MB = 10^6 bytes as Streamlit counts

MAX_NAME_CHARS = 120
MIN_HAN_CHARS = 10  # fewer Chinese characters than this is not a report

TEXT_EXTS = {".txt", ".text", ".md", ""}
DOC_EXTS = {".docx", ".pdf", ".html", ".htm", ".xhtml"}
SUPPORTED_EXTS = TEXT_EXTS | DOC_EXTS
OLD_FORMATS = {".doc": "旧版 Word(.doc)", ".wps": "WPS 文字(.wps)", ".rtf": "RTF"}

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

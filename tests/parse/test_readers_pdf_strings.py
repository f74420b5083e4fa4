"""The fast string readers for pypdf's content-stream parser (lib/parse/pdf_strings.py) give what
pypdf's own readers give, and a PDF whose one stream repeats a sentence still reads in full."""
from __future__ import annotations

import io

import pytest
from pypdf.errors import PdfStreamError
from pypdf.generic import _utils as pypdf_strings
from pypdf.generic._utils import create_string_object

from bench.hostile import pdf_bytes
from lib.parse.pdf_strings import _hex_string, _literal_string
from lib.parse.readers import read_bytes

FAST_HEX = _hex_string(pypdf_strings.read_hex_string_from_stream, create_string_object)
FAST_LITERAL = _literal_string(pypdf_strings.read_string_from_stream, create_string_object)

HEX = [b"<>", b"<4E2D>", b"<4e2d 6587>", b"<4E2\n D6\t5>", b"<901FA>", b"< 00\x0c41\r\n>",
       b"<" + b"5168" * 5000 + b">", b"<4E2D> Tj <6587> Tj", b"<4G2D>", b"<4E2D", b"<>>"]
LITERAL = [b"()", b"(Hello)", b"(a(b)c)", b"(line\\nbreak)", b"(\\101\\102)", b"(\\0533)", b"(cont\\\nued)",
           b"(tab\\tand\\))", b"(unknown \\q)", b"(" + b"x" * 5000 + b") Tj", b"(no end", b"(\xb9\xfa)",
           b"(a\\\r\nb)", b"(\\777)"]


def _outcome(reader, data: bytes):
    stream = io.BytesIO(data + b" Tj")
    try:
        value = reader(stream, None)
    except PdfStreamError as exc:
        return ("error", str(exc), stream.tell())
    return (type(value).__name__, bytes(value.original_bytes if hasattr(value, "original_bytes") else value),
            str(value), stream.tell())


@pytest.mark.parametrize("data", HEX)
def test_hex_string_reads_as_pypdf_reads_it(data):
    assert _outcome(FAST_HEX, data) == _outcome(pypdf_strings.read_hex_string_from_stream, data)


@pytest.mark.parametrize("data", LITERAL)
def test_literal_string_reads_as_pypdf_reads_it(data):
    assert _outcome(FAST_LITERAL, data) == _outcome(pypdf_strings.read_string_from_stream, data)


def test_a_pdf_whose_one_stream_repeats_a_sentence_reads_in_full():
    # 4,000 copies of one sentence in one content stream: a few KB of file, 100,000 characters
    sentence = "全县新建改造农村公路186公里,粮食总产量达到52.3万吨。"
    data = pdf_bytes("各位代表:" + sentence * 4000)
    assert len(data) < 20_000
    text = read_bytes(data, "repeat.pdf")
    assert text.startswith("各位代表:" + sentence)
    assert text.count(sentence) == 4000


def test_a_pdf_of_a_report_reads_its_lines_in_order():
    lines = ["2024年政府工作报告", "各位代表:", "过去一年,地区生产总值增长5.6%。", "一般公共预算收入增长7.1%。"]
    text = read_bytes(pdf_bytes("\n".join(lines)), "report.pdf")
    assert [ln for ln in text.split("\n") if ln.strip()] == lines

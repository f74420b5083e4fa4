"""Helpers for the library tests: report files in several formats, and a stand-in parser.

The stand-in wraps the real pipeline (reading, cleaning) and then fills the metadata and a
few facts by regex from the generated reports, so the library's storage of every Fact field
and of inferred metadata is tested whatever stage the real extractor is at.  Tests that are
about the real pipeline use lib.parse.pipeline directly.
"""
from __future__ import annotations

import io
import re
import zlib
from dataclasses import replace

from tests.support.synth import make_report, make_reports, places  # noqa: F401  (re-exported)
from lib.model import APPROX, EQ, GE, LE, PLAN, RESULT, Fact, ReportMeta
from lib.parse.pipeline import parse_bytes as real_parse_bytes
from lib.parse.pipeline import parse_text as real_parse_text

_BY_SHORT = {(d or c or p): (p, c, d, lvl) for p, c, d, lvl in places()}
_SESSION = re.compile(r"(\d{4})年\d{1,2}月\d{1,2}日在(\S+?)第")
_FIG = re.compile(r"(地区生产总值|一般公共预算收入|社会消费品零售总额|规模以上工业增加值|固定资产投资)"
                  r"(?:达到|完成)?(增长|下降)?(\d+(?:\.\d+)?)(亿元|%)(左右|以上|以内)?")
_QUAL = {"左右": APPROX, "以上": GE, "以内": LE, None: EQ}


def stand_in_meta(text: str, file: str) -> ReportMeta:
    m = _SESSION.search(text)
    if not m or m.group(2) not in _BY_SHORT:
        return ReportMeta(file=file, chars=len(text))
    p, c, d, lvl = _BY_SHORT[m.group(2)]
    year = int(m.group(1))
    return ReportMeta(file=file, title=text.strip().splitlines()[0][:60], province=p, city=c, district=d,
                      level=lvl, review_year=year - 1, plan_year=year, chars=len(text),
                      place_confidence=0.75, place_evidence=m.group(0), year_evidence=m.group(1) + "年")


def stand_in_facts(text: str, meta: ReportMeta) -> list[Fact]:
    plan_at = text.find("主要目标")
    facts = []
    for i, m in enumerate(_FIG.finditer(text)):
        section = PLAN if plan_at >= 0 and m.start() > plan_at else RESULT
        value = float(m.group(3)) * (-1 if m.group(2) == "下降" else 1)
        s = text.rfind("。", 0, m.start()) + 1
        e = text.find("。", m.end())
        e = len(text) if e < 0 else e + 1
        facts.append(Fact(indicator=("gdp" if m.group(1) == "地区生产总值" else f"ind{len(m.group(1))}")
                          + ("_growth" if m.group(4) == "%" else ""),
                          label=m.group(1), section=section,
                          year=meta.plan_year if section == PLAN else meta.review_year,
                          value=value, unit=m.group(4), qualifier=_QUAL[m.group(5)],
                          value_high=value + 0.5 if m.group(5) == "左右" else None,
                          estimated=(i % 3 == 0), evidence=text[s:e], start=s, end=e,
                          fig_start=m.start(3), fig_end=m.end(), category="经济"))
    return facts


def stand_in_parse_text(raw: str, file: str = "(粘贴文本)"):
    rep = real_parse_text(raw, file)
    meta = stand_in_meta(rep.text, file)
    facts = stand_in_facts(rep.text, meta)
    return replace(rep, meta=replace(meta, facts=len(facts)), facts=facts)


def stand_in_parse_bytes(data: bytes, file: str):
    rep = real_parse_bytes(data, file)
    return stand_in_parse_text(rep.text, file)


def stand_in_library(path, n: int = 0, start: int = 0):
    """A library at `path` parsing with the stand-ins, holding make_reports(n, start)."""
    from lib.store.library import Library

    lib_ = Library(path, parse_bytes=stand_in_parse_bytes, parse_text=stand_in_parse_text)
    for name, text, _ in make_reports(n, start=start):
        lib_.add_bytes(text.encode(), name)
    return lib_


def docx_bytes(text: str) -> bytes:
    import docx

    doc = docx.Document()
    for para in text.split("\n"):
        doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def html_bytes(text: str, encoding: str = "utf-8") -> bytes:
    paras = "".join(f"<p>{ln}</p>" for ln in text.split("\n") if ln.strip())
    return (f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>政府工作报告</title></head>'
            f"<body><div class=nav>首页 > 政务公开</div>{paras}</body></html>").encode(encoding)


def pdf_bytes(browser, text: str) -> bytes:
    """A real PDF with a CJK text layer, printed by chromium."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        paras = "".join(f"<p>{ln}</p>" for ln in text.split("\n") if ln.strip())
        page.set_content(f"<html><body style='font-family: Noto Sans CJK SC, sans-serif'>{paras}</body></html>")
        return page.pdf(format="A4")
    finally:
        ctx.close()


def text_pdf_bytes(pages: list, repeat: int = 1) -> bytes:
    """A minimal PDF made without a browser: one text page per string (CJK through an
    Identity-H font whose ToUnicode map is the identity on the characters used, at most 100),
    `repeat` times over; identical pages share one content stream."""
    objs = {}
    used = sorted({ord(ch) for t in pages for ch in t if ch != "\n" and ord(ch) <= 0xFFFF})[:100]
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
            + b"%d beginbfchar " % len(used) + b" ".join(b"<%04X> <%04X>" % (c, c) for c in used)
            + b" endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    objs[3] = b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
    objs[4] = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>"
    objs[5] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    objs[6] = b"<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    n = 7
    contents = []
    for text in pages:
        ops = [b"BT /F1 10 Tf 40 800 Td 12 TL"]
        for line in text.split("\n"):
            ops.append(b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*")
        ops.append(b"ET")
        body = zlib.compress(b"\n".join(ops))
        objs[n] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
        contents.append(n)
        n += 1
    kids = []
    for _ in range(repeat):
        for c in contents:
            objs[n] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >> >>" % c
            kids.append(n)
            n += 1
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = b"<< /Type /Pages /Count %d /Kids [" % len(kids) + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>"
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def as_an_earlier_version_stored_them(path) -> None:
    """The facts as a version before facts_pack stored them: a row per fact, no pack."""
    import sqlite3

    from lib.store.fact_bins import _unpack_facts
    from lib.store.records import FACT_FIELDS

    with sqlite3.connect(path) as con:
        names = ", ".join(f'"{c}"' for c in FACT_FIELDS)
        marks = ", ".join("?" for _ in FACT_FIELDS)
        for eid, pack in con.execute("SELECT id, facts_pack FROM extractions").fetchall():
            rows = [(eid, i, *vals) for i, vals in enumerate(zip(*_unpack_facts(con, eid, pack)))]
            con.executemany(f"INSERT INTO facts (ext_id, seq, {names}) VALUES (?, ?, {marks})", rows)
        con.execute("UPDATE extractions SET facts_pack = NULL")

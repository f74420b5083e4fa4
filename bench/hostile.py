"""Crafted (hostile) inputs for the parser and a per-stage timer.

Each shape is a text, web page or PDF of about `size` characters built to hit one of the places
where a parser stage could go quadratic: long OCR-like runs of l/|/I/O after a Chinese sentence,
a long digit run after an "Il万", a never-ending sentence of figures, runs of 分别, "1 1 1 …",
hard-wrapped lines that never end a sentence, deeply nested <div>s, one line full of ©, and a
small PDF whose one content stream repeats a figure sentence.  `normal(size)` is a real report of
the same size (the seeds, repeated): the yardstick the hostile inputs are compared with.

`stage_times(item)` runs the parser one stage at a time (read, clean, meta, sections, facts) and
returns the seconds each took; bench/bench_hostile.py and tests/parse/test_hostile.py use both.
"""
from __future__ import annotations

import gc
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

LEAD = "全市地区生产总值增长5.2%。"  # the one Chinese sentence a run follows


@dataclass(frozen=True)
class Item:
    """One input: `data` is the file's bytes (what a user uploads or pastes)."""

    name: str  # file name, its extension says the kind (.txt, .html, .pdf)
    data: bytes


def _fill(unit: str, size: int, head: str = LEAD, tail: str = "") -> str:
    n = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail


def normal_text(size: int) -> str:
    """A real report of `size` characters: the seeds one after another, repeated."""
    whole = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return (whole * (size // len(whole) + 1))[:size]


# ---- the shapes: each a function of the size in characters --------------------------------

def ocr_l(size: int) -> str:
    return _fill("l", size)  # 25,000 × l after one sentence froze the server


def ocr_mixed(size: int) -> str:
    return _fill("l|IO", size)


def digits_il(size: int) -> str:
    return _fill("1", size, head=LEAD + "Il万")  # one OCR-damaged figure, then a long digit run


def figure_sentence(size: int) -> str:
    # one sentence that never ends: figure after figure, comma after comma
    return _fill("地区生产总值增长5.2%,", size, head="全市")


def fenbie(size: int) -> str:
    return _fill("分别", size, head="城镇和农村居民人均可支配收入")


def fenbie_lists(size: int) -> str:
    return _fill("工业、农业分别增长5%和6%,", size, head="全市")


def ones(size: int) -> str:
    return _fill("1 ", size)


def wrapped(size: int) -> str:
    # a hard-wrapped text layer whose lines never end a sentence: everything joins into one line
    line = "12.3亿元投资用于基础设施建设和公共服务项目以及生态环境保护工程"
    return _fill(line + "\n", size, head="全市\n")


def numbered(size: int) -> str:
    # numbered list items, hard-wrapped at the usual width, no sentence end anywhere
    out, i, n = [], 0, 0
    while n < size:
        i += 1
        out.append(f"{i % 100}.完成固定资产投资{i % 97}.5亿元增长{i % 9}.1%重点项目建设\n"
                   "持续推进城乡融合发展和乡村振兴战略实施新建改造道路公里\n")
        n += len(out[-1])
    return "".join(out)


def page_markers(size: int) -> str:
    # web copies' fused page markers "\nN、" mid-sentence, one per short page, numbered 1, 2, 3, …
    out, i, n = [LEAD], 0, len(LEAD)
    while n < size:
        i += 1
        out.append(f"\n{i}、推进城乡融合发展和乡村振兴战略实施新建改造道路公里数")
        n += len(out[-1])
    return "".join(out)


def copyright_line(size: int) -> str:
    return _fill("©", size)  # one line full of a chrome word


def nested_html(size: int) -> str:
    """Divs nested `size // 11` deep, a sentence at the bottom (8k and 100k divs in the issue)."""
    n = max(1, size // 11)
    return ("<html><body>" + "<div>" * n + "<p>" + LEAD * 3 + "</p>" + "</div>" * n
            + "</body></html>")


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose only content stream shows `text` (Flate-compressed, so a megabyte of a
    repeated sentence is a few kilobytes of file).  A Type0 font with Identity-H encoding and a
    ToUnicode map from each 2-byte code to the same code point, listing only the characters the
    text uses, as a real PDF's subset font does (a map of the whole plane, 63,000 codes, cost
    pypdf 0.25 s to parse: a fixed cost of this generator, not of any input)."""
    codes = "".join(f"{ord(c):04X}" for c in text if ord(c) < 0x10000)
    content = zlib.compress(f"BT /F1 12 Tf 72 720 Td <{codes}> Tj ET".encode("ascii"), 9)
    used = sorted({ord(c) for c in text if ord(c) < 0x10000 and not 0xD800 <= ord(c) <= 0xDFFF})
    blocks = [used[i:i + 100] for i in range(0, len(used), 100)]  # at most 100 entries a block
    bfchars = "\n".join(f"{len(b)} beginbfchar\n" + "\n".join(f"<{c:04X}> <{c:04X}>" for c in b)
                        + "\nendbfchar" for b in blocks)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{bfchars}\nendcmap CMapName currentdict /CMap defineresource pop end end")
    cmap_z = zlib.compress(cmap.encode("ascii"), 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(cmap_z) + cmap_z + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def pdf_repeat(size: int) -> bytes:
    return pdf_bytes(_fill("固定资产投资增长5.2%,", size, head="全市"))


TEXT_SHAPES = {"ocr_l": ocr_l, "ocr_mixed": ocr_mixed, "digits_il": digits_il,
               "figure_sentence": figure_sentence, "fenbie": fenbie, "fenbie_lists": fenbie_lists,
               "ones": ones, "wrapped": wrapped, "numbered": numbered, "page_markers": page_markers,
               "copyright": copyright_line}
SHAPES = [*TEXT_SHAPES, "nested_html", "pdf_repeat"]


def item(shape: str, size: int) -> Item:
    """The crafted input `shape` at about `size` characters of text."""
    if shape == "normal":
        return Item("normal.txt", normal_text(size).encode("utf-8"))
    if shape == "normal_html":  # the same report as a web page, one <p> per paragraph
        paras = "".join(f"<p>{p}</p>\n" for p in normal_text(size).split("\n") if p.strip())
        return Item("normal.html", f"<html><body><div class=\"content\">{paras}</div></body></html>".encode("utf-8"))
    if shape == "normal_pdf":  # the same report as a PDF built like pdf_repeat
        return Item("normal.pdf", pdf_bytes(normal_text(size)))
    if shape == "nested_html":
        return Item("nested.html", nested_html(size).encode("utf-8"))
    if shape == "pdf_repeat":
        return Item("repeat.pdf", pdf_repeat(size))
    return Item(f"{shape}.txt", TEXT_SHAPES[shape](size).encode("utf-8"))


# ---- timing ---------------------------------------------------------------------------------

STAGES = ("read", "clean", "meta", "sections", "facts")


def stage_calls(it: Item) -> list[tuple[str, object, tuple]]:
    """(stage, function, arguments) for each parser stage on `it`, the arguments of each stage
    being the output of the one before (the pipeline is run once to get them)."""
    from lib.parse.bind import extract_facts
    from lib.parse.clean import clean
    from lib.parse.meta import infer_meta
    from lib.parse.readers import read_bytes
    from lib.parse.sections import split_sections

    raw = read_bytes(it.data, it.name)
    cleaned = clean(raw)
    meta = infer_meta(cleaned.match, it.name)
    sections = split_sections(cleaned.match, meta.review_year, meta.plan_year)
    return [("read", read_bytes, (it.data, it.name)), ("clean", clean, (raw,)),
            ("meta", infer_meta, (cleaned.match, it.name)),
            ("sections", split_sections, (cleaned.match, meta.review_year, meta.plan_year)),
            ("facts", extract_facts, (cleaned, sections, meta))]


from lib.perf import gc_paused  # noqa: E402


def best_times(it: Item, repeats: int = 3, stages=STAGES) -> dict[str, float]:
    """The least CPU time of `repeats` runs of each stage, after one warm-up run of the whole
    pipeline; "total" is their sum.  CPU time of this process, not wall time: the machine is
    shared, and waiting for a core says nothing about the parser."""
    out = {}
    for stage, fn, args in stage_calls(it):
        if stage not in stages:
            continue
        best = float("inf")
        for _ in range(repeats):
            gc.collect()  # the collector's passes depend on what earlier tests left: not the parser's work
            with gc_paused():
                t0 = time.process_time()
                fn(*args)
                best = min(best, time.process_time() - t0)
        out[stage] = best
    out["total"] = sum(out.values())
    return out

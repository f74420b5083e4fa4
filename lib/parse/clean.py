"""Normalise report text: one cleaned text for display and evidence, and a
same-length copy for matching (simplified characters).

`clean(raw)` removes the noise seen in published copies of reports - page
markers, OCR digit errors, broken lines and numbers, website and
document-sharing chrome, pinyin glosses - and keeps every real word, figure,
heading and list marker.  The patterns are data (lib/data/noise.txt,
menu_words.txt, number_units.txt, ocr_confusion.csv, radicals.csv,
charmap.csv); this module only applies them.  Every step is a compiled regex
or a loop over lines, never over characters, so cleaning a 20,000-character
report takes a few milliseconds.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..lang.chars import HAN  # noqa: E402
from ..lang.data import DATA  # noqa: E402
from .layout import unflatten


@dataclass(frozen=True)
class Cleaned:
    text: str  # shown to users; fact offsets point here
    match: str  # same length as text; what the extractor reads

    def __post_init__(self):
        assert len(self.text) == len(self.match)


# ---- character classes --------------------------------------------------------------------

CJK = HAN  # lib/lang/chars.py
CJK_PUNCT = "、。〈〉《》「」『』【】〔〕〖〗“”‘’…—·"
SENT_END = "。!?;:…"  # after NFKC: ! ? ; : are ASCII
CLOSERS = "”’」』)】》\"'"
NUMERALS = "一二三四五六七八九十"
PAGE = "\ue000"  # private sentinel: a page break that may split a sentence
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"


# ---- data files ---------------------------------------------------------------------------

def _data_lines(name: str) -> list[str]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]


def _csv_rows(name: str) -> list[dict]:
    return list(csv.DictReader(_data_lines(name)))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _load_noise() -> tuple[dict[str, list[str]], dict[str, int]]:
    rules: dict[str, list[str]] = {"line": [], "page": [], "inline": [], "tail": []}
    has: dict[str, int] = {}  # literal word -> longest line it may remove
    for ln in _data_lines("noise.txt"):
        kind, rx, *rest = ln.split("\t")
        if kind == "has":
            for w in rest[0].split("|"):
                has[w] = max(has.get(w, 0), int(rx))
            continue
        re.compile(rx)  # fail loudly on a bad rule
        rules[kind].append(rx)
    return rules, has


_RULES, _HAS = _load_noise()
_HAS_RE = re.compile(_alternation(_HAS))
_HAS_LONGEST = max(_HAS.values())
_MENU = _alternation(_data_lines("menu_words.txt"))
_MENU_WORD = rf"[【\[]?(?:{_MENU})[】\]]?"
_MENU_LINE = rf"{_MENU_WORD}(?:[ |/>»›·,、]*{_MENU_WORD})*[ |/>»›·]*"

# a whole line: "\n" + (page rule | noise rule | menu line) followed by "\n"
_LINE_RE = re.compile(
    r"\n(?:(?P<page>" + "|".join(f"(?:{r})" for r in _RULES["page"]) + r")|(?:"
    + "|".join(f"(?:{r})" for r in _RULES["line"]) + "|" + _MENU_LINE + r")) *(?=\n)")
_INLINE_RES = [re.compile(r) for r in _RULES["inline"]]  # one each: a leading charset scans fast
_TAIL_RE = re.compile(r"\n(?:" + "|".join(f"(?:{r})" for r in _RULES["tail"]) + ")")

_UNIT_LINES = [u.split(" ")[0] for u in _data_lines("number_units.txt")]
_UNITS = _alternation(_UNIT_LINES)
_BREAK_UNITS = _alternation(u.split(" ")[0] for u in _data_lines("number_units.txt") if u.endswith(" +"))
_FIGURE_RE = re.compile(r"\d(?:%|万|亿|元)")
_CHARMAP = {r["from"]: r["to"] for r in _csv_rows("charmap.csv")}
_CHARMAP_RE = re.compile(_alternation(_CHARMAP))
_RADICALS = {r["radical"]: r["ideograph"] for r in _csv_rows("radicals.csv")}
_RADICAL_RE = re.compile("[" + "".join(_RADICALS) + "]")
_OCR = {r["char"]: r["replacement"] for r in _csv_rows("ocr_confusion.csv")}
_OCR_CHARS = re.escape("".join(_OCR))

# ---- compiled steps -----------------------------------------------------------------------

# control and invisible characters; \f and vertical breaks become line/page breaks
_CTRL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029"
                      "\u202a-\u202e\u2060-\u2064\ufeff\ue000\ud800-\udfff]")  # lone surrogates too
_CTRL_MAP = {"\f": "\n" + PAGE + "\n", "\x0b": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n",
             "\x1c": "\n", "\x1d": "\n", "\x1e": "\n"}
_EDGE_SPACE_RE = re.compile(r" \n ?|\n ")  # spaces are single after _MULTI_SPACE_RE
_MULTI_SPACE_RE = re.compile(" {2,}")

# fused web page markers: "\nN、" at a line start, N the next page number
_FUSED_RE = re.compile(r"\n(\d{1,3})、")

# "現(xiàn)在" -> "現在": a parenthesised pinyin gloss with tone marks after a CJK character
_TONE_RE = re.compile(f"[{_TONES}]")
_PINYIN_RE = re.compile(rf"(?<=[{CJK}])\((?=[a-z{_TONES}ü ]*[{_TONES}])[a-z{_TONES}ü]+(?: [a-z{_TONES}ü]+)*\)")

# OCR-damaged numeric tokens right before a unit: IL9万户, 4L6%, Ll%, 2O23年.  A token is a whole
# run of digits, points and confusable letters (the lookbehind starts it at the run's start, so a
# long run of l or of digits is scanned once, not once per character) holding at least one letter.
# The leading lookahead restates the token's first characters so the regex skips everything
# else fast (0.073 -> 0.031 s CPU for bench_parser's 60 reports).
_OCR_RUN_RE = re.compile(rf"(?=[0-9.{_OCR_CHARS}])(?<![0-9{_OCR_CHARS}.])[0-9.]*[{_OCR_CHARS}][0-9{_OCR_CHARS}.]*")
_UNIT_AFTER_RE = re.compile(rf" ?(?:{_UNITS}|年|月|日)")
_LATIN_BEFORE = re.compile(r"[A-Za-z0-9_.|]")

# spaces and line breaks inside numbers: "89.9\n%", "1671.9 亿元", "4 .3亿元", "4. 3亿元"
_NUM_UNIT_RE = re.compile(rf"(\d)(?: +(?=[%‰]|(?:{_UNITS}))| *\n *(?={_BREAK_UNITS}))")
_NUM_POINT_RE = re.compile(r"(\d)(?: +\n? *| *\n *)\. *(?=\d)")
_NUM_POINT2_RE = re.compile(rf"(\d)\. +(?=\d+ *(?:[%‰]|(?:{_UNITS})))")

# spaces between CJK characters ("关 键 词"), except after a line-initial numeral ("一 着力…")
_CJK_SPACE_RE = re.compile(rf"([{CJK}{CJK_PUNCT},.;:!?()]) +(?=[{CJK}{CJK_PUNCT}(])")

_HEADING_RE = re.compile(
    rf"(?:[{NUMERALS}百]+[、.]|[((][{NUMERALS}百\d]{{1,3}}[))]|\d{{1,2}}[、.](?!\d)|"
    rf"第[{NUMERALS}百\d]+[章节部分篇条]|[—\-•·●○■□◆◇▲△★☆※▶►]|附件|附表)")
_ORPHAN_RE = re.compile(rf"[{CJK}][。!?;:,、”’)]?")
_BLANKS_RE = re.compile(r"\n{3,}")
# flattened copies glue headings into the running text ("…提出意见。一、2023年工作回顾…"):
# a Chinese-numeral heading marker right after the end of a sentence starts a new line
_GLUED_HEADING_RE = re.compile(rf"([。!?])(?=[{NUMERALS}]{{1,3}}、|\([{NUMERALS}]{{1,3}}\))")


# ---- steps --------------------------------------------------------------------------------

def _ends_sentence(line: str) -> bool:
    s = line.rstrip(CLOSERS)
    return not s or s[-1] in SENT_END


def fix_radicals(text: str) -> str:
    """Radical-block characters that PDFs emit for ordinary ones (⺠ -> 民, ⻓ -> 长); the Kangxi
    radicals (⼯ -> 工) are NFKC's job."""
    if _RADICAL_RE.search(text):
        text = _RADICAL_RE.sub(lambda m: _RADICALS[m.group()], text)
    return text


def _normalise(raw: str) -> str:
    t = raw
    if _CHARMAP_RE.search(t):
        t = _CHARMAP_RE.sub(lambda m: _CHARMAP[m.group()], t)
    t = unicodedata.normalize("NFKC", t)
    if "\r" in t:
        t = t.replace("\r\n", "\n").replace("\r", "\n")
    if _CTRL_RE.search(t):
        t = _CTRL_RE.sub(lambda m: _CTRL_MAP.get(m.group(), ""), t)
    t = fix_radicals(t)
    for rx in _INLINE_RES:  # before spaces are tidied: removing a marker can leave one
        t = rx.sub("", t)
    if "\t" in t:
        t = t.replace("\t", " ")
    if "  " in t:
        t = _MULTI_SPACE_RE.sub(" ", t)
    return _EDGE_SPACE_RE.sub("\n", "\n" + t + "\n")


def _chrome_lines(t: str) -> list[tuple[int, int]]:
    """(start, end) of the short lines holding a chrome word (版权所有, 扫一扫 …) that state no
    figure.  Each line is looked at once, however many chrome words it holds: a line longer than
    any word's limit is skipped whole (a line of 50,000 © is content, measured once)."""
    drop = []
    pos = 0
    while (m := _HAS_RE.search(t, pos)) is not None:
        a = t.rfind("\n", 0, m.start())
        b = t.find("\n", m.end())
        if b == -1:
            b = len(t)
        pos = b
        if b - a - 1 > _HAS_LONGEST:
            continue
        words = {w.group() for w in _HAS_RE.finditer(t, m.start(), b)}
        if any(b - a - 1 <= _HAS[w] for w in words) and not _FIGURE_RE.search(t, a, b):
            drop.append((a, b))  # a line stating a figure is content
    return drop


def _remove_noise(t: str) -> str:
    drop = _chrome_lines(t)
    if drop:
        parts, at = [], 0
        for a, b in drop:
            parts.append(t[at:a])
            at = b
        parts.append(t[at:])
        t = "".join(parts)
    t = _LINE_RE.sub(lambda m: "\n" + PAGE if m.group("page") is not None else "", t)
    if t.count(PAGE) >= 2:
        t = _running_heads(t)
    half = len(t) // 2
    for m in _TAIL_RE.finditer(t, half):
        return t[:m.start()] + "\n"
    return t


_DIGITS_RE = re.compile(r"\d+")


def _running_heads(t: str) -> str:
    """Running headers and footers of a paginated text ("XX市人民政府公报 2024年第3期"): a short
    line that opens or closes at least three pages and half of them.  Only page-edge lines go."""
    pages = t.split(PAGE)
    edges = []  # per page: (first line, last line) keys
    for pg in pages:
        ls = [ln for ln in pg.split("\n") if ln]
        edges.append({_DIGITS_RE.sub("#", ln) for ln in (ls[:1] + ls[-1:])
                      if len(ln) <= 40 and not _ends_sentence(ln)})
    counts = Counter(k for e in edges for k in e)
    heads = {k for k, n in counts.items() if n >= 3 and n >= len(pages) / 2}
    if not heads:
        return t
    out = []
    for pg, e in zip(pages, edges):
        if e & heads:
            ls = pg.split("\n")
            idx = [i for i, ln in enumerate(ls) if ln]
            for i in (idx[:1] + idx[-1:]) if idx else []:
                if _DIGITS_RE.sub("#", ls[i]) in heads:
                    ls[i] = ""
            pg = "\n".join(ls)
        out.append(pg)
    return PAGE.join(out)


def _fused_page_markers(t: str) -> str:
    """Web copies of paginated documents start each page with "N、" glued to the text
    ("资金4\\n5、.3亿元").  Remove the markers that form a run 1, 2, 3, … of page numbers."""
    cands = []  # (pos, n, prev_mid_sentence, prev_len, end)
    for m in _FUSED_RE.finditer(t):
        pos = m.start()
        prev = t[t.rfind("\n", 0, pos) + 1:pos]
        cands.append((pos, int(m.group(1)), bool(prev) and not _ends_sentence(prev), len(prev), m.end()))
    if len(cands) < 2:
        return t
    mid = [c for c in cands if c[2] and c[3] >= 20]
    best: list = []
    run: list = []
    for c in mid:
        run = run + [c] if run and c[1] == run[-1][1] + 1 else [c]
        if len(run) > len(best):
            best = run
    if not best:
        return t
    if len(best) == 1:
        # two pages only: "1、" opening the text and "2、" glued mid-sentence far below it
        first_line = cands[0] if not t[:cands[0][0]].strip() else None
        if not (best[0][1] == 2 and first_line and first_line[1] == 1 and best[0][0] - first_line[0] >= 150):
            return t
    elif (best[-1][0] - best[0][0]) / (len(best) - 1) < 80:
        return t
    accepted = list(best)
    first, last = best[0], best[-1]
    for c in reversed([c for c in cands if c[0] < first[0]]):  # pages before the run
        if c[1] == accepted[0][1] - 1:
            accepted.insert(0, c)
    for c in [c for c in cands if c[0] > last[0]]:  # pages after it
        if c[1] == accepted[-1][1] + 1:
            accepted.append(c)
    out, at = [], 0
    for pos, n, is_mid, _, end in accepted:
        out.append(t[at:pos])
        out.append("" if is_mid and n > 1 else "\n")  # page 1 never continues a line
        at = end
    out.append(t[at:])
    return "".join(out)


def _ocr_fix(m: re.Match) -> str:
    """Read an OCR-damaged numeric token with the confusion table: I l | -> 1, O o -> 0 next to
    a digit, L -> "1." (IL9 -> 11.9) unless the token already has its point or L ends it."""
    tok = m.group()
    s = m.start()
    if tok[0] in ".|" or not _UNIT_AFTER_RE.match(m.string, m.end()):
        return tok  # no unit after it, or a bar or point first (never a number's start)
    if s and _LATIN_BEFORE.match(m.string, s - 1):
        return tok  # part of a Latin word or code (CPI, PM2.5)
    if not any(c.isdigit() for c in tok):
        # no digit at all: only "Ll", "lI"... (never "II": a Roman numeral after NFKC)
        if len(tok) < 2 or any(c in "Oo." for c in tok) or not any(c in "Ll" for c in tok):
            return tok
    if tok.count(".") > 1 or tok.endswith("."):
        return tok
    out = []
    point = "." in tok or tok.count("L") > 1
    n = len(tok)
    for i, c in enumerate(tok):
        if c == "L":
            out.append("1" if point or i == n - 1 else "1.")
        elif c in "Oo":
            near = (i > 0 and tok[i - 1].isdigit()) or (i + 1 < n and tok[i + 1].isdigit())
            out.append("0" if near else c)
        elif c in _OCR:
            out.append(_OCR[c])
        else:
            out.append(c)
    return "".join(out)


def _numbers(t: str) -> str:
    if _TONE_RE.search(t):
        t = _PINYIN_RE.sub("", t)
    t = _OCR_RUN_RE.sub(_ocr_fix, t)
    t = _NUM_UNIT_RE.sub(r"\1", t)
    if " ." in t or "\n." in t:
        t = _NUM_POINT_RE.sub(r"\1.", t)
    if ". " in t:
        t = _NUM_POINT2_RE.sub(r"\1.", t)
    return t


def _cjk_spaces(t: str) -> str:
    def repl(m: re.Match) -> str:
        c = m.group(1)
        if c in NUMERALS:
            j = m.start()
            while j > 0 and t[j - 1] in NUMERALS:
                j -= 1
            if j == 0 or t[j - 1] == "\n":
                return m.group(0)  # "一 着力深化改革攻坚": a heading numeral keeps its space
        return c

    return _CJK_SPACE_RE.sub(repl, t)


def _width(line: str) -> int:
    """Printed width in half-width cells: CJK characters and Chinese punctuation (ASCII after NFKC
    here) take two, digits and Latin letters one, as on the page the text was extracted from."""
    wide = (len(line.encode("utf-8", "surrogatepass")) - len(line)) // 2  # CJK: 3 bytes in UTF-8
    return len(line) + wide + line.count(",") + line.count(":") + line.count(";")


def _wrap_width(widths: list[int]) -> int:
    """The usual width of a hard-wrapped line, or 0 when the text is not hard-wrapped."""
    if len(widths) < 5:
        return 0
    cnt = Counter(x for x in widths if x >= 24)
    if not cnt:
        return 0
    w = max(cnt, key=lambda x: (sum(cnt[x + d] for d in range(-3, 4)), x))
    support = sum(cnt[w + d] for d in range(-3, 4))
    longer = sum(1 for x in widths if x > w + 12)
    if support >= max(3, 0.25 * len(widths)) and longer <= 0.1 * len(widths):
        return w
    return 0


def _join_lines(t: str) -> str:
    """Join lines broken by the page, not by the author: hard-wrapped lines (about the usual
    wrapped width, the first line of a paragraph being shorter by its indent), sentences split
    by a page break, and a lone character wrapped off a title ("政府工作报\n告")."""
    lines = t.split("\n")
    widths = {s: _width(s) for s in set(lines) if s and s != PAGE}
    width = _wrap_width([widths[s] for s in lines if s in widths])
    out: list[str] = []  # finished paragraphs, "" for a blank line between two
    para: list[str] = []  # the physical lines of the paragraph being built (joined once, at its end)
    para_len = 0
    ends = False  # the paragraph so far ends a sentence
    last_len = 0  # width of the last physical line appended to para
    first = False  # para is a single physical line (a paragraph's first line: indented)
    gap_blank = gap_page = False
    for cur in lines:
        if not cur:
            gap_blank = True
            continue
        if cur == PAGE:
            gap_page = True
            continue
        join = False
        if para and not ends and not _HEADING_RE.match(cur):
            full = 0
            if width:
                indent = 4 if first and not _HEADING_RE.match(para[0]) else 0
                full = width - 4 - indent
            if gap_page:
                join = last_len >= (full or 40) and not (para_len < 40 and _HEADING_RE.match("".join(para)))
            elif not gap_blank:
                join = bool(full and last_len >= full) or (
                    _ORPHAN_RE.fullmatch(cur) is not None and cur[0] not in NUMERALS)
        if join:
            end = para[-1][-1]
            sep = " " if end.isascii() and end.isalpha() and cur[0].isascii() and cur[0].isalpha() else ""
            para.append(sep + cur)
            para_len += len(sep) + len(cur)
            if cur.rstrip(CLOSERS):  # a line of closers only leaves the sentence as it was
                ends = _ends_sentence(cur)
            first = False
        else:
            if para:
                out.append("".join(para))
            if gap_blank and out:
                out.append("")
            para, para_len, ends, first = [cur], len(cur), _ends_sentence(cur), True
        last_len = widths[cur]
        gap_blank = gap_page = False
    if para:
        out.append("".join(para))
    return "\n".join(out)


# ---- traditional -> simplified, char-aligned ------------------------------------------------

def _in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC t2s, the per-character table of traditional-only characters (t2s changes them and
    they are not in GB2312, so simplified text never has them) and a regex that finds them."""
    import opencc

    cc = opencc.OpenCC("t2s")
    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    conv = cc.convert("\n".join(chars)).split("\n")
    table = {}
    if len(conv) == len(chars):
        table = {ord(a): b for a, b in zip(chars, conv) if a != b and len(b) == 1 and not _in_gb2312(a)}
    rx = re.compile("[" + "".join(chr(k) for k in sorted(table)) + "]") if table else re.compile("(?!)")
    return cc, table, rx


_CJK_RE = re.compile(f"[{CJK}]")


def fix_stray_variants(text: str) -> str:
    """A simplified text with a handful of traditional-only characters (PDF fonts map a shared
    glyph to 戶 for 户, 吿 for 告): such strays are glyph noise, made simplified char for char.
    A traditional text (more than 1% of its characters) is left as it is."""
    _, table, rx = _t2s()
    strays = len(rx.findall(text))
    if strays and strays <= 0.01 * len(_CJK_RE.findall(text)):
        return text.translate(table)
    return text


def to_simplified(text: str) -> str:
    """`text` with traditional characters made simplified, char for char (same length)."""
    cc, table, rx = _t2s()
    if not rx.search(text):
        return text
    conv = cc.convert(text)
    if len(conv) == len(text):
        return conv
    parts = []
    for line in text.split("\n"):
        c = cc.convert(line)
        parts.append(c if len(c) == len(line) else line.translate(table))
    return "\n".join(parts)


# ---- entry point --------------------------------------------------------------------------

def clean(raw: str) -> Cleaned:
    t = _normalise(unflatten(raw))  # a report flattened onto one line gets its paragraphs back
    t = _remove_noise(t)
    t = _fused_page_markers(t)
    t = _numbers(t)
    t = _cjk_spaces(t)
    t = _join_lines(t)
    t = _GLUED_HEADING_RE.sub("\\1\n", t)
    t = _BLANKS_RE.sub("\n\n", t).strip()
    return Cleaned(t, to_simplified(t))

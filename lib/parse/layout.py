"""Recover a report's paragraphs when a copy has flattened them.

Research datasets and spreadsheet cells store whole reports on one line: the paragraphs joined
by a space or by the U+3000 / U+2003 indent of the next paragraph
("…请予审议。　　一、2023年工作回顾　　2023年,是…"), or with the line breaks written as the
four characters ``\\r\\n``.  Two steps undo that:

* `unflatten(raw)` runs before cleaning (the spaces are the evidence, and cleaning squeezes
  them out): escaped line breaks become real ones, and inside an overlong line a blank run after
  a sentence end, or after a short unpunctuated heading, becomes a line break.
* `paragraphs(text)` is the layer the later stages read: one `Paragraph` per non-empty line of
  the cleaned text, with its offsets.

Both are single passes over the text (no backtracking regex on a long line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LONG_LINE = 1000  # a line this long holds several paragraphs: no real paragraph is
MAX_HEADING = 40  # a heading is short and has no sentence punctuation
MAX_HEADINGS_IN_A_ROW = 3
_ESCAPED_BREAK = re.compile(r"\\r\\n|\\n|\\r")
_SPACE_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|#160|#8194|#8195|#12288);")
_BLANK = re.compile(r"[ \t\u00a0\u2002\u2003\u3000]+")
SENT_END = "。!?;:！？；：…"
CLOSERS = "”’」』)）】》\"'"
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_FIGURE_AHEAD = re.compile(r"[\d.０-９]+(?![\d.０-９]*年)")  # "地区生产总值 215.6亿元" is no heading


@dataclass(frozen=True)
class Paragraph:
    start: int  # offsets in the cleaned text: text[start:end] is the paragraph's line
    end: int

    def text(self, text: str) -> str:
        return text[self.start:self.end]


def unescape_breaks(raw: str) -> str:
    """``\\r\\n`` written as text (a spreadsheet cell saved with its escapes) is a line break,
    when such escapes outnumber the real breaks; ``&nbsp;`` left in plain text is a space."""
    if "\\" in raw:
        n = len(_ESCAPED_BREAK.findall(raw))
        if n >= 3 and n > raw.count("\n"):
            raw = _ESCAPED_BREAK.sub("\n", raw)
    if "&" in raw:
        raw = _SPACE_ENTITY.sub(" ", raw)
    return raw


def _ends_sentence(s: str) -> bool:
    s = s.rstrip(CLOSERS)
    return bool(s) and s[-1] in SENT_END


_END_BLANK = re.compile(rf"[{re.escape(SENT_END)}][{re.escape(CLOSERS)}]*({_BLANK.pattern})")


def _split_long_line(line: str) -> str:
    """Line breaks at the blanks that join paragraphs: after a sentence end, or after a short
    heading with no punctuation ("二〇二四年工作回顾　过去的一年,…").  The sentence ends are
    found by one regex; only the few blanks just after a break are read one by one (a line of
    500,000 blanks between digits costs what one regex pass does)."""
    ends = [m.span(1) for m in _END_BLANK.finditer(line)]
    out, last, headings, k = [], 0, 0, 0  # last: where the current paragraph starts
    while True:
        while k < len(ends) and ends[k][0] <= last:
            k += 1
        at_end = ends[k] if k < len(ends) and ends[k][1] != len(line) else None
        heading = _heading_blank(line, last) if headings < MAX_HEADINGS_IN_A_ROW else None
        if heading is not None and (at_end is None or heading[0] < at_end[0]):
            cut, headings = heading, headings + 1  # headings are followed by text, soon
        elif at_end is not None:
            cut, headings = at_end, 0
        else:
            break
        out.append(line[last:cut[0]])
        last = cut[1]
    if not out:
        return line
    out.append(line[last:])
    return "\n".join(out)


def _heading_blank(line: str, last: int):
    """The first blank within MAX_HEADING characters of `last` that ends a short heading: CJK
    before it, no punctuation, no figure after it (not the line's last blank); else None."""
    for m in _BLANK.finditer(line, last, last + MAX_HEADING + 1):
        if m.start() == last or m.end() == len(line) or m.start() - last > MAX_HEADING:
            continue
        before = line[last:m.start()]
        if (_CJK_RE.search(before) and not any(c in before for c in ",，。;；")
                and not _FIGURE_AHEAD.match(line, m.end())):
            return m.span()
    return None


MAX_INLINE = 20  # a link or highlighted phrase a web page put on a line of its own
_CONTINUES = "”’」』)）,，、。;；:：!！?？"


def rejoin_inline_breaks(raw: str) -> str:
    """Web pages render a link or a highlighted phrase inside a sentence on its own line
    ("实施“\n十四五\n”规划", "居\n全国第一\n,单位GDP能耗…"): a short line between a line that
    stops mid-sentence and a line that goes on with a closing quote or punctuation is put back."""
    if "\n" not in raw:
        return raw
    lines = raw.split("\n")
    out = [lines[0]]
    i = 1
    while i < len(lines) - 1:
        prev, cur, nxt = out[-1].rstrip("\r"), lines[i].rstrip("\r"), lines[i + 1]
        if (prev and 0 < len(cur.strip()) <= MAX_INLINE and not _ends_sentence(prev)
                and not any(c in cur for c in "。!?;！？；") and nxt[:1] and nxt[0] in _CONTINUES):
            out[-1] = prev + cur.strip() + nxt
            i += 2
            continue
        out.append(lines[i])
        i += 1
    out.extend(lines[i:])
    return "\n".join(out)


def unflatten(raw: str) -> str:
    """The raw text with flattened paragraphs broken into lines again (see module doc), and
    phrases a web page broke out of their sentence put back."""
    raw = rejoin_inline_breaks(unescape_breaks(raw))
    if len(raw) < LONG_LINE:
        return raw
    lines = raw.split("\n")
    if not any(len(ln) >= LONG_LINE for ln in lines):
        return raw
    return "\n".join(_split_long_line(ln) if len(ln) >= LONG_LINE else ln for ln in lines)


_LINE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[Paragraph]:
    """One paragraph per line of the cleaned text that holds anything but blanks (its indent
    included, so a section opened at a paragraph starts where its line starts)."""
    return [Paragraph(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]

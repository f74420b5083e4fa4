"""Names in the text: every indicator name, weak subject, coordinated name or blocker.

Quote marks are squeezed out of the matching copy first (“专精特新”中小企业 reads as
专精特新中小企业); `squeeze` returns the squeezed text and the map of its offsets back.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..lang.lexicon import Name, _lines, alternation, lexicon

QUOTES = "“”\"‘’'「」『』"
_QUOTE_RE = re.compile(f"[{re.escape(QUOTES)}]")


@dataclass
class Hit:
    """One name found in the squeezed text; `suppressed` names a rule code when a guard
    (sub-area, other place, a 分别 list that used it) took it out of binding."""

    start: int
    end: int
    name: Name
    suppressed: str = ""


def squeeze(match: str):
    """Drop quote marks; return the squeezed text and a function mapping its offsets back."""
    removed = [m.start() for m in _QUOTE_RE.finditer(match)]
    if not removed:
        return match, (lambda i: i)
    sq = _QUOTE_RE.sub("", match)
    adj = [p - j for j, p in enumerate(removed)]
    return sq, (lambda i: i + bisect_right(adj, i))


def find_names(sq: str) -> list[Hit]:
    """Longest leftmost non-overlapping name matches.  The matches come in the order of their
    ends, so the last one kept for a start is its longest; then the starts are walked in order.
    No sort of every overlapping match ("地区生产总值" also holds 生产总值 and 生产总值增长:
    three matches a name in a sentence that repeats it, 230,000 in 1 MB)."""
    longest = {end + 1 - size_name[0]: size_name for end, size_name in lexicon().automaton.iter(sq)}
    get = longest.get
    for head_re, by_prefix in _shared_heads():
        for m in head_re.finditer(sq):  # only where longer than the name matched there
            s, e = m.span()
            kept = get(s)
            if kept is None or kept[0] < e - s:
                longest[s] = (e - s, by_prefix[m.group(1)])
    out, last = [], -1
    for s in sorted(longest):
        if s >= last:
            size, name = longest[s]
            last = s + size
            out.append(Hit(s, last, name))
    return out


@lru_cache(maxsize=1)
def _shared_heads():
    """For "A、B<head>" where A<head> is a name: one regex per head (lib/data/heads.txt)."""
    out = []
    names = {name.surface: name for _, (_, name) in lexicon().automaton.items()}
    for head in _lines("heads.txt"):
        by_prefix = {n[: -len(head)]: names[n] for n in names
                     if n.endswith(head) and len(n) > len(head) and names[n].kind == "alias"}
        if by_prefix:
            rx = re.compile(rf"({alternation(by_prefix)})、[\u4e00-\u9fff]{{2,12}}?{re.escape(head)}")
            out.append((rx, by_prefix))
    return out

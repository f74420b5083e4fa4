"""Guards that take a name or a figure out of binding: sub-areas and other places before the
name, and 年均/累计/一季度 words before the figure."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Optional

from ..model import ReportMeta
from .context import WINDOW, Run, Sentence
from .quantities import COUNTLIKE, Quantity

_WHOLE = re.compile(r"[全本我][国省市区县州盟旗]")
_LIST_GLUE = re.compile(r"[、和及与的\s]|等地|等")


def own_names(meta: ReportMeta) -> frozenset:
    """The report's own place and its parents, full and short (昆山市, 昆山): a figure after
    them is the place's, or a parent's and then caught as another place (mark_subareas)."""
    from .places import gazetteer

    gaz = gazetteer()
    idx = gaz.by_key.get((meta.province, meta.city, meta.district))
    if idx is None:
        return frozenset()
    p = gaz.places[idx]
    return frozenset({p.name, p.short})


def _places_of(lead: str) -> Optional[tuple]:
    """The place names `lead` is nothing but (南华县、牟定县; 襄阳、宜昌), or None: a figure's
    subject after them is theirs, not the report's unless they are its own (own_names).
    A lead with a character no place name or list glue holds ("完成固定资产投资3.5亿元":
    a digit) is none, without a scan."""
    if not 2 <= len(lead) <= 24 or not _list_chars().issuperset(lead):
        return None
    return _place_list(lead)


@lru_cache(maxsize=1)
def _list_chars() -> frozenset:
    """The characters of every place name and short name, and of _LIST_GLUE (、和及与的, 等地,
    and the white space \\s matches, all below U+3001)."""
    from .places import gazetteer

    spaces = (c for c in map(chr, range(0x3001)) if c.isspace())
    return gazetteer().chars | frozenset("、和及与的等地") | frozenset(spaces)


def _opens_with_other_place(lead: str, own) -> bool:
    """"永州果蔬出口突破百亿元" in a province's report: a clause that opens with another
    place's name (not a generic or common word) is that place's figure."""
    first = _first_place(lead[:8]) if len(lead) >= 3 else None
    return first is not None and first not in own


@lru_cache(maxsize=8192)
def _first_place(head: str) -> Optional[str]:
    from .places import gazetteer, scan as scan_places

    gaz = gazetteer()
    hits = scan_places(head, gaz)
    if not hits or hits[0].start != 0 or len(hits[0].word) < 2:
        return None
    word = hits[0].word
    return None if word in gaz.generic or word in gaz.common else word


@lru_cache(maxsize=8192)
def _place_list(lead: str) -> Optional[tuple]:
    """The place names `lead` consists of, or None when it holds anything else."""
    from .places import PLACE_LIKE, gazetteer, scan as scan_places

    hits = [h for h in scan_places(lead, gazetteer()) if h.strength >= PLACE_LIKE]
    if not hits:
        return None
    rest, last = [], 0
    for h in hits:
        rest.append(lead[last:h.start])
        last = h.end
    rest.append(lead[last:])
    if _LIST_GLUE.sub("", "".join(rest)):
        return None
    return tuple(h.word for h in hits)


def mark_subareas(run: Run, sent: Sentence) -> None:
    """Suppress the names whose subject is a part of the place or another place.

    A marker (开发区, 集团…) or other places (南华县、牟定县; 武汉市 in a province's report) in
    the clause before the name.  The sub-area stays the subject for the rest of the sentence
    ("高新区规上工业增加值增长15%,实际利用外资2.1亿美元") until a clause names the whole
    place again (全县, 本市) or the place itself.  A clause without a name that states a figure
    for a sub-area also makes it the subject ("示范区引进项目46个,签约金额超过380亿元").
    """
    sq, w = run.sq, run.w
    seps = run.comma_seps  # the COMMA_SEP positions, found once for the document
    sticky, seen_to = "", sent.start
    k = bisect_left(seps, seen_to)  # the next comma to read: each is read once a sentence
    for h in sent.names:
        cs = run.clause_start(sent.start, h.start)
        while k < len(seps) and seps[k] < cs:
            p = seps[k]
            if _WHOLE.search(sq, seen_to, p):
                sticky = ""  # "基地产值占全省比重提高到82.1%": a share of the whole, then the whole
            elif w.subject.search(sq, seen_to, p) and run.quants_in(seen_to, p):
                sticky = "drop.subarea"
            seen_to = p + 1
            k += 1
        seen_to = max(seen_to, cs)
        lead = sq[max(cs, h.start - WINDOW):h.start]
        if not lead:  # the name opens its clause: nothing before it to read
            if sticky:
                h.suppressed = sticky
            continue
        places = _places_of(lead)
        if w.subarea.search(lead):
            h.suppressed = "drop.subarea"
            sticky = "drop.subarea" if w.subject.search(lead) else ""
        elif (places is not None and any(place not in run.own for place in places)
              or _opens_with_other_place(lead, run.own)):
            h.suppressed = sticky = "drop.other_place"
        elif places is not None or _WHOLE.search(lead):
            sticky = ""
        elif sticky:
            h.suppressed = sticky


def skipped(run: Run, lo: int, hi: int, q: Optional[Quantity] = None) -> bool:
    """年均, 累计, 一季度… before the figure, outside a name (PM2.5年均浓度 is a level); but
    全年累计 is the year's own total, and a count 累计达到109家 is the year-end stock."""
    sq, w = run.sq, run.w
    for m in w.skip.finditer(sq, max(lo, hi - WINDOW), hi):
        if run.in_name(m.start()):
            continue
        near = w.keep.finditer(sq, max(0, m.start() - 4), m.end() + 4)
        if any(k.start() <= m.start() < k.end() for k in near):
            continue
        if q is not None and q.dim in COUNTLIKE and w.stock_total.match(sq, m.start()):
            continue
        return True
    return False

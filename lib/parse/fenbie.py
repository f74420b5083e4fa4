"""分别 lists: "A、B分别…X和Y" pairs the items with the figures by position.

Also "A X、B Y,分别增长x和y" (the list is the sentence's last names that have a figure),
a second 分别 that goes on with the first list ("A、B分别达到X、Y,分别增长x、y") and a
clause that goes on with the list without 分别 ("…分别达到46931元、16945元,增长7.2%、9.4%").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

from .context import WINDOW, Run, Sentence
from .guards import skipped
from .names import Hit
from .resolve import resolve

FENBIE = "分别"
# before a 分别 that refers back to the sentence's named figures ("…,分别增长6.1%和7.4%"):
# nothing but these words; "工业投资、民间投资分别增长11.2%、8.1%" names its own (unknown) items
_BARE_LEAD = re.compile(r"(?:同比|比上年|较上年|比去年|较去年|并|且|也|都|还)?$")
_ITEM_SEP = re.compile(r"[、和与及]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Slot:
    """One item of a list: the name and the indicator it stands for; `drop` names the rule
    that keeps its figure from binding (an item without a name, a sub-area…)."""

    hit: Optional[Hit]
    key: str
    drop: str = ""


def items(run: Run, lo: int, hi: int) -> list[tuple]:
    """Split a list "A、B和C" into item spans; a name is never split (城镇和农村居民…)."""
    cuts = [m.start() for m in _ITEM_SEP.finditer(run.sq, lo, hi) if not run.in_name(m.start())]
    bounds = [lo] + cuts + [hi]
    return [(bounds[i] + (1 if i else 0), bounds[i + 1]) for i in range(len(bounds) - 1)
            if bounds[i + 1] > bounds[i] + (1 if i else 0)]


def _figures(run: Run, sent: Sentence, lo: int, hi: int) -> range:
    """Local indexes of the sentence's figures that lie wholly in [lo, hi) (a range: a list
    that never ends is not copied for every 分别 in it)."""
    r = run.quants_in(lo, hi)
    a, b = max(r.start - sent.q0, 0), min(r.stop - sent.q0, len(sent.quants))
    if b > a and sent.quants[b - 1].end > hi:
        b -= 1
    return range(a, max(a, b))


def _list_slots(run: Run, lo: int, fpos: int) -> list[Slot]:
    """The items before 分别, one slot each (a coordinated name gives one slot per key)."""
    slots = []
    spans = items(run, lo, fpos)
    if _shared_head(run, spans):
        return [Slot(None, "", "drop.subarea") for _ in spans]
    for a, b in spans:
        inside = [run.names[j] for j in run.names_in(a, b)
                  if run.names[j].end <= b and run.names[j].name.kind != "block"]
        if inside and inside[-1].name.kind == "coord":
            slots.extend(Slot(inside[-1], k) for k in inside[-1].name.keys)
        elif inside:
            slots.append(Slot(inside[-1], inside[-1].name.keys[0]))
        else:
            slots.append(Slot(None, "", "drop.no_subject"))
    return slots


def _shared_head(run: Run, spans) -> bool:
    """"多晶硅、锂电池出口分别增长…": the unnamed items and the words before the last item's
    name modify one shared head (出口), so every item is a sub-group, not the place's total."""
    if len(spans) < 2:
        return False
    a, b = spans[-1]
    last = [run.names[j] for j in run.names_in(a, b) if run.names[j].end <= b]
    if not last or last[0].start - a < 2 or not _CJK.match(run.sq, last[0].start - 1):
        return False
    return any(not run.names_in(x, y) for x, y in spans[:-1])


def named_figures(run: Run, lo: int, hi: int, want: int) -> list[Hit]:
    """The last `want` names in [lo, hi) followed by a figure of their own before the next name."""
    r = run.names_in(max(lo, hi - WINDOW), hi)
    out = []
    for j in reversed(r):
        h = run.names[j]
        if h.end > hi or h.name.kind != "alias":
            continue
        stop = min(run.names[j + 1].start if j + 1 < len(run.names) else hi, hi)
        if any(run.quants[k].end <= stop for k in run.quants_in(h.end, stop)):
            out.append(h)
            if len(out) == want:
                break
    return out[::-1]


def pair_lists(run: Run, sent: Sentence, emit: Callable) -> None:
    """Every 分别 of the sentence, paired with its list."""
    prev = None  # the last list's slots: "A、B分别达到X、Y,分别增长x、y" pairs both with A、B
    pos = sent.start
    while True:
        fpos = run.sq.find(FENBIE, pos, sent.end)
        if fpos < 0:
            return
        pos = fpos + len(FENBIE)
        got = _one_list(run, sent, fpos, prev, emit)
        prev = got if got is not None else prev


def _one_list(run: Run, sent: Sentence, fpos: int, prev, emit) -> Optional[list]:
    sq, w = run.sq, run.w
    cs = run.clause_start(sent.start, fpos, comma_only=True)
    lo = max(cs, fpos - WINDOW)
    ce = run.next_sep(fpos, sent.end, comma_only=True)
    ce = sent.end if ce is None else ce
    right = _figures(run, sent, fpos, ce)
    slots = _list_slots(run, lo, fpos)
    backward = False
    if prev and not run.names_in(lo, fpos):
        slots = prev
    elif not any(s.hit for s in slots) and len(right) >= 2 and _BARE_LEAD.match(sq, lo, fpos):
        # "A X、B Y,分别增长x和y": the list is the sentence's last names that have a figure
        slots = [Slot(h, h.name.keys[0], h.suppressed)
                 for h in named_figures(run, sent.start, cs, len(right))]
        backward = True
    else:
        first = min((s.hit.start for s in slots if s.hit is not None), default=fpos)
        shared = "drop.subarea" if w.subarea.search(sq, lo, first) else ""  # 园区营收、固投分别…
        slots = [Slot(s.hit, s.key, s.drop or (s.hit.suppressed if s.hit else "") or shared)
                 for s in slots]
    if len(right) < 2 or len(right) != len(slots):
        if len(right) >= 2 and not backward and len(slots) < len(right):
            # 粮肉奶产量分别稳定在800亿斤、60亿斤、160亿斤: items we cannot split
            for k in _figures(run, sent, fpos, min(ce, fpos + WINDOW)):
                sent.used.add(k)
                run.decide(sent, k, "drop.list_mismatch")
        return None
    pair(run, sent, slots, right, fpos, cs, emit, "bind.fenbie")
    _next_clause(run, sent, slots, ce, emit)
    if not backward:
        for s in slots:
            if s.hit is not None:
                s.hit.suppressed = s.hit.suppressed or "drop.list_used"  # consumed by the list
    return slots


def _next_clause(run: Run, sent: Sentence, slots, ce: int, emit) -> None:
    """"…分别达到46931元、16945元,增长7.2%、9.4%": the next clause goes on with the same list."""
    if ce >= sent.end:
        return
    ne = run.next_sep(ce + 1, sent.end, comma_only=True)
    ne = sent.end if ne is None else ne
    more = _figures(run, sent, ce + 1, ne)
    if len(more) == 1 and run.sq.startswith("均", ce + 1):
        more = [more[0]] * len(slots)  # "…分别完成31098元、12347元,均增长8.5%": the same for each
    if (len(more) == len(slots) and not run.names_in(ce + 1, ne)
            and run.sq.find(FENBIE, ce, ne) < 0
            and run.w.continuation.match(run.sq[ce + 1:sent.quants[more[0]].start])):
        pair(run, sent, slots, more, ce + 1, ce + 1, emit, "bind.fenbie_next")


def pair(run: Run, sent: Sentence, slots, right, ctx_from: int, cs: int, emit, rule: str) -> None:
    """Bind right[k] to slots[k]; "分别增长7%和9%左右": a qualifier after the last figure holds
    for the whole list."""
    sq, quants = run.sq, sent.quants
    last = quants[right[-1]]
    shared = last.qualifier if sq[last.start:last.end].endswith(run.w.post) else None
    between = "".join(sq[quants[a].end:quants[b].start] for a, b in zip(right, right[1:]))
    if shared and _ITEM_SEP.sub("", between):
        shared = None
    done = {qi for qi in right if qi in sent.used}  # already dropped (a period's figure)
    for slot, qi in zip(slots, right):
        if qi in done:
            continue
        sent.used.add(qi)
        q = quants[qi]
        if slot.drop:
            run.decide(sent, qi, slot.drop, key=slot.key, subject=slot.hit)
            continue
        if shared and q.qualifier == "eq":
            q = replace(q, qualifier=shared)
        r = resolve((slot.key,), q, sq[ctx_from:q.start], slot.hit.name.surface)
        if isinstance(r, str):
            run.decide(sent, qi, r, key=slot.key, subject=slot.hit)
        elif skipped(run, cs, q.start, q):
            run.decide(sent, qi, "drop.period", key=r.key, subject=slot.hit)
        else:
            emit(run, sent, qi, r, rule, slot.hit, q)

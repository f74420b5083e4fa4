"""Where a figure is (Anchor: the figure as written, its sentence, their offsets) and finding it
again after a new parser version moved the offsets: in a report's facts (`locate`) or in its
text (`resolve`), or at a span a person picked (`anchor_for_span`, `find_span`).

Pure functions on lib.model records: no SQLite, no Streamlit (lib.store.corrections uses them)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from lib.model import Fact

MAX_TEXT = 2000  # characters of evidence a correction keeps
_TERMINATORS = "。!?;!?;\n"
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class ReviewError(ValueError):
    """A correction that cannot be saved; the message is Chinese and says why."""



@dataclass(frozen=True)
class Anchor:
    """Where a figure is: its text ("增长6.5%"), its sentence and their offsets in the cleaned text."""

    figure: str
    evidence: str
    start: int = 0
    end: int = 0
    fig_start: int = 0
    fig_end: int = 0
    indicator: str = ""  # what the parser (or the user) called it: a tie-break when finding it again
    # how the figure read when last found (anchor_of): what a lost correction shows it was
    value: Optional[float] = None
    value_high: Optional[float] = None
    unit: str = ""
    qualifier: str = ""
    section: str = ""
    year: Optional[int] = None
    estimated: bool = False
    keep: bool = False  # an added figure a person kept though its sentence is gone: not lost



def _clean_text(value, limit: int) -> str:
    text = _CTRL.sub("", "" if value is None else str(value)).strip()
    return text[:limit]


# ---- anchors ----------------------------------------------------------------------------------

def figure_text(f: Fact) -> str:
    """The figure as written ("超7.7万元"), cut from the evidence by the offsets."""
    a, b = f.fig_start - f.start, f.fig_end - f.start
    return f.evidence[a:b] if 0 <= a < b <= len(f.evidence) else ""


def anchor_of(f: Fact) -> Anchor:
    return Anchor(figure=figure_text(f), evidence=f.evidence[:MAX_TEXT], start=f.start, end=f.end,
                  fig_start=f.fig_start, fig_end=f.fig_end, indicator=f.indicator,
                  value=f.value, value_high=f.value_high, unit=f.unit, qualifier=f.qualifier,
                  section=f.section, year=f.year, estimated=bool(f.estimated))


def _squeeze(s: str) -> str:
    return "".join((s or "").split())


def _context(evidence: str, a: int, b: int, width: int = 8) -> tuple[str, str]:
    return _squeeze(evidence[:max(a, 0)])[-width:], _squeeze(evidence[max(b, 0):])[:width]


@dataclass(frozen=True)
class _Wanted:
    """An anchor's parts, squeezed once for comparing with many facts."""

    anchor: Anchor
    fig: str
    ev: str
    ctx: tuple


def _wanted(anchor: Anchor) -> _Wanted:
    return _Wanted(anchor, _squeeze(anchor.figure), _squeeze(anchor.evidence),
                   _context(anchor.evidence, anchor.fig_start - anchor.start, anchor.fig_end - anchor.start))


def _match_score(anchor, f: Fact):
    """How well a fact answers an anchor (a tuple to maximise), or None when it is another figure."""
    w = anchor if isinstance(anchor, _Wanted) else _wanted(anchor)
    anchor, fig = w.anchor, w.fig
    if fig and _squeeze(figure_text(f)) != fig:
        return None
    ev_a, ev_f = w.ev, _squeeze(f.evidence)
    same_ev = ev_a == ev_f
    ctx_a = w.ctx
    ctx_f = _context(f.evidence, f.fig_start - f.start, f.fig_end - f.start)
    same_ctx = bool(fig) and (ctx_a[0] == ctx_f[0] or ctx_a[1] == ctx_f[1])
    if not fig and not (same_ev and f.indicator == anchor.indicator):
        return None
    if not (same_ev or same_ctx or (ev_a and ev_f and (ev_a in ev_f or ev_f in ev_a))):
        return None
    rel = abs((f.fig_start - f.start) - (anchor.fig_start - anchor.start))
    return (same_ev, same_ctx, f.indicator == anchor.indicator, -rel, -abs(f.fig_start - anchor.fig_start))


def figure_index(facts: list) -> dict:
    """Squeezed figure text -> indexes of the facts stating it: `locate` looks at those only."""
    out: dict = {}
    for i, f in enumerate(facts):
        out.setdefault(_squeeze(figure_text(f)), []).append(i)
    return out


def locate(anchor: Anchor, facts: list, index: Optional[dict] = None) -> Optional[int]:
    """The index of the fact the anchor points at (the same figure in the same sentence, found
    again after offsets moved), or None.  `index`: figure_index(facts), when locating many."""
    best, best_i = None, None
    w = _wanted(anchor)
    candidates = index.get(w.fig, ()) if index is not None and w.fig else range(len(facts))
    for i in candidates:
        f = facts[i]
        score = _match_score(w, f)
        if score is not None and (best is None or score > best):
            best, best_i = score, i
    return best_i


def _squeezed_index(text: str) -> tuple[str, list]:
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in keep), keep


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end]: from after the previous 。!?; or line break to
    the next one (included)."""
    s = max((text.rfind(ch, 0, start) for ch in _TERMINATORS), default=-1) + 1
    ends = [p for p in (text.find(ch, end) for ch in _TERMINATORS) if p >= 0]
    e = min(ends) + 1 if ends else len(text)
    while s < start and text[s].isspace():
        s += 1
    if text[e - 1:e] == "\n":
        e -= 1
    return s, max(e, end)


def resolve(anchor: Anchor, text: str) -> Optional[Anchor]:
    """The anchor re-found in `text` (white space ignored, nearest occurrence to where it was):
    the same anchor when nothing moved, a moved one, or None when the sentence and the figure in
    its context are both gone (an anchor a person chose to keep: `unplaced`)."""
    if not text:
        return unplaced(anchor) if anchor.keep else None
    if text[anchor.start:anchor.end] == anchor.evidence and \
            (not anchor.figure or text[anchor.fig_start:anchor.fig_end] == anchor.figure):
        return anchor
    sq, pos = _squeezed_index(text)
    ev, fig = _squeeze(anchor.evidence), _squeeze(anchor.figure)
    if ev:
        hits = [m.start() for m in re.finditer(re.escape(ev), sq)]
        if hits:
            h = min(hits, key=lambda k: abs(pos[k] - anchor.start))
            s, e = pos[h], pos[h + len(ev) - 1] + 1
            fs, fe = _figure_in(text, s, e, anchor)
            return replace(anchor, evidence=text[s:e], start=s, end=e, fig_start=fs, fig_end=fe, keep=False)
    if fig:
        before, after = _context(anchor.evidence, anchor.fig_start - anchor.start, anchor.fig_end - anchor.start)
        hits = [m.start() for m in re.finditer(re.escape(fig), sq)
                if (before and sq[max(0, m.start() - len(before)):m.start()] == before)
                or (after and sq[m.end():m.end() + len(after)] == after)]
        if hits:
            h = min(hits, key=lambda k: abs(pos[k] - anchor.fig_start))
            fs, fe = pos[h], pos[h + len(fig) - 1] + 1
            s, e = sentence_around(text, fs, fe)
            return replace(anchor, evidence=text[s:e], start=s, end=e, fig_start=fs, fig_end=fe, keep=False)
    return unplaced(anchor) if anchor.keep else None


def unplaced(anchor: Anchor) -> Anchor:
    """An added figure kept without a place in the text (its old evidence shown, nothing
    highlighted): found again if its sentence comes back, never reported lost."""
    return replace(anchor, start=0, end=0, fig_start=0, fig_end=0, keep=True)


def _figure_in(text: str, s: int, e: int, anchor: Anchor) -> tuple[int, int]:
    """The figure's offsets inside the re-found sentence text[s:e]."""
    fig = _squeeze(anchor.figure)
    if not fig:
        return s, s
    sq, pos = _squeezed_index(text[s:e])
    want = len(_squeeze(anchor.evidence[:max(0, anchor.fig_start - anchor.start)]))
    hits = [m.start() for m in re.finditer(re.escape(fig), sq)]
    if not hits:
        return s, s
    h = min(hits, key=lambda k: abs(k - want))
    return s + pos[h], s + pos[h + len(fig) - 1] + 1


def anchor_for_span(text: str, start: int, end: int) -> Anchor:
    """An anchor for a figure the user selected (text[start:end]); the evidence is its sentence."""
    if not (0 <= start < end <= len(text)):
        raise ReviewError("所选位置不在原文中")
    s, e = sentence_around(text, start, end)
    return Anchor(figure=text[start:end], evidence=text[s:e][:MAX_TEXT], start=s, end=e,
                  fig_start=start, fig_end=end)


def find_span(text: str, snippet: str, near: int = 0) -> Optional[tuple[int, int]]:
    """Where a snippet the user typed or pasted is in the text (white space ignored; the
    occurrence nearest to `near`), or None."""
    want = _squeeze(_clean_text(snippet, MAX_TEXT))
    if not want or not text:
        return None
    sq, pos = _squeezed_index(text)
    hits = [m.start() for m in re.finditer(re.escape(want), sq)]
    if not hits:
        return None
    h = min(hits, key=lambda k: abs(pos[k] - near))
    return pos[h], pos[h + len(want) - 1] + 1

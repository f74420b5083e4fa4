"""The binder's working state: one `Run` per document, one `Sentence` at a time.

Every position-based question (where does this clause start, is this inside a name, which
figures lie in this span) is answered from sorted offsets by bisection, so a sentence that
never ends costs no more per figure than a short one.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model import OTHER, ReportMeta
from .doc import DROPPED, KEPT, Decision
from .names import Hit
from .sections import section_at
from .words import Words

CLAUSE_SEP = re.compile(r"[,,、::]")
COMMA_SEP = re.compile(r"[,,::]")
# how far back a guard reads before a figure inside one clause: real clauses are far shorter,
# a clause that never ends (figures glued by spaces) must not be reread for every figure
WINDOW = 160


def _positions(rx: re.Pattern, s: str) -> list[int]:
    return [m.start() for m in rx.finditer(s)]


@dataclass
class Run:
    """One document: the squeezed matching text, its names and figures, and the results."""

    text: str  # the cleaned text (offsets of facts and decisions)
    sq: str  # the squeezed matching copy (offsets of names and quantities)
    back: Callable[[int], int]
    names: list  # Hit, sorted, non-overlapping
    quants: list  # Quantity, sorted
    w: Words
    sections: list
    meta: ReportMeta
    own: frozenset = frozenset()
    decisions: Optional[list] = None  # Decision, when asked for
    facts: list = field(default_factory=list)
    seen: dict = field(default_factory=dict)  # (key, section) -> (fact index, sentence, is_new)
    kept_at: dict = field(default_factory=dict)  # fact index -> decision index
    rule_at: dict = field(default_factory=dict)  # a kept fact's fig_start -> the rule that kept it
    from_five: set = field(default_factory=set)  # facts read in a five-year review (weaker)

    def __post_init__(self):
        self.clause_seps = _positions(CLAUSE_SEP, self.sq)
        # COMMA_SEP is CLAUSE_SEP without 、: filtered from it rather than a second pass
        self.comma_seps = [p for p in self.clause_seps if self.sq[p] != "、"]
        self.name_starts = [h.start for h in self.names]
        self.q_starts = [q.start for q in self.quants]
        self._last_section = None

    def section(self, pos: int):
        """The section holding `pos` (a squeezed-text offset), or None when there are none.
        The last one found is asked first: a sentence's figures lie in one section."""
        if not self.sections:
            return None
        s, p = self._last_section, self.back(pos)
        if s is None or not s.start <= p < s.end:
            s = self._last_section = section_at(self.sections, p)
        return s

    def clause_start(self, lo: int, pos: int, comma_only: bool = False) -> int:
        """The start of the clause holding `pos`, not before `lo` (the sentence's start)."""
        seps = self.comma_seps if comma_only else self.clause_seps
        i = bisect_left(seps, pos) - 1
        return max(lo, seps[i] + 1) if i >= 0 else lo

    def next_sep(self, lo: int, hi: int, comma_only: bool = False) -> Optional[int]:
        """The first separator in [lo, hi), or None."""
        seps = self.comma_seps if comma_only else self.clause_seps
        i = bisect_left(seps, lo)
        return seps[i] if i < len(seps) and seps[i] < hi else None

    def in_name(self, pos: int) -> bool:
        i = bisect_left(self.name_starts, pos + 1) - 1
        return i >= 0 and self.names[i].start <= pos < self.names[i].end

    def quants_in(self, lo: int, hi: int) -> range:
        """Indexes of the figures that start in [lo, hi)."""
        return range(bisect_left(self.q_starts, lo), bisect_left(self.q_starts, hi))

    def decide(self, sent: "Sentence", i: int, rule: str, key: str = "",
               subject: Optional[Hit] = None, section: str = "", count: str = "") -> Optional[int]:
        """Record what became of the sentence's figure i (once: the first decision holds).
        A rule "bind.*" keeps it, any other drops it.  Returns the decision's index."""
        if i in sent.decided:
            return None
        sent.decided.add(i)
        if self.decisions is None:
            return None
        q = sent.quants[i]
        s, e = self.back(q.start), self.back(q.end - 1) + 1
        if not section:
            sec = section_at(self.sections, s) if self.sections else None
            section = sec.kind if sec else OTHER
        outcome = KEPT if rule.startswith("bind.") else DROPPED
        self.decisions.append(Decision(s, e, self.text[s:e], outcome, rule, key,
                                       subject.name.surface if subject else "", section, count))
        return len(self.decisions) - 1

    def names_in(self, lo: int, hi: int) -> range:
        """Indexes of the names that start in [lo, hi)."""
        return range(bisect_left(self.name_starts, lo), bisect_left(self.name_starts, hi))

    def first_name(self, lo: int, hi: int) -> Optional[Hit]:
        """The first name that starts in [lo, hi), or None."""
        r = self.names_in(lo, hi)
        return self.names[r.start] if r else None


@dataclass
class Sentence:
    start: int
    end: int
    names: list  # Hit
    quants: list  # Quantity
    q0: int = 0  # index of quants[0] in the run's figures
    used: set = field(default_factory=set)  # local figure indexes already decided by a list
    decided: set = field(default_factory=set)  # local figure indexes with a Decision
    period: tuple = ()  # (from, to): a five-year review's span of the sentence (bind._period_scope)

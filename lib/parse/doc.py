"""The one document record the parser's stages fill in, layer by layer.

Every stage adds its layer and keeps the ones before it, so any decision can be shown and
explained (`python -m lib explain`, the 报告 page):

    raw -> cleaned (text, matching copy) -> paragraphs -> meta (+ how inferred)
        -> sections -> quantities, names -> decisions (one per candidate figure) -> facts
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

KEPT, DROPPED = "kept", "dropped"


@dataclass(frozen=True)
class Decision:
    """What became of one candidate figure, and the rule that decided.

    `start`/`end` are the figure's offsets in the cleaned text (`Doc.text`), so
    `doc.text[start:end] == figure`.  `rule` is a code listed in lib/data/rules.csv with its
    Chinese explanation ("drop.subarea": 主语是园区、开发区等局部,不是全域数字).
    """

    start: int
    end: int
    figure: str
    outcome: str  # KEPT | DROPPED
    rule: str
    indicator: str = ""  # the indicator it was bound (or would have been bound) to
    subject: str = ""  # the name it was read against ("地区生产总值")
    section: str = ""  # result | plan | other, where known
    count: str = ""  # for a count: "increment" (新增13家) or "total" (总数达201家)

    @property
    def kept(self) -> bool:
        return self.outcome == KEPT


@dataclass
class Doc:
    """A report as the stages see it.  `report()` gives the plain `Report` the library stores."""

    file: str
    raw: str
    cleaned: Optional[object] = None  # clean.Cleaned: text (shown), match (normalised), same length
    paragraphs: list = field(default_factory=list)  # layout.Paragraph
    meta: Optional[object] = None  # model.ReportMeta, with place/year evidence
    sections: list = field(default_factory=list)  # model.Section
    quantities: list = field(default_factory=list)  # quantities.Quantity (offsets in `text`)
    names: list = field(default_factory=list)  # names.Hit, with the rule that suppressed it, if any
    decisions: list = field(default_factory=list)  # Decision
    facts: list = field(default_factory=list)  # model.Fact
    warnings: list = field(default_factory=list)  # str, Chinese
    layers: bool = True  # False: names, quantities and decisions are left empty (parse_text)

    @property
    def text(self) -> str:
        return self.cleaned.text if self.cleaned is not None else ""

    def repaired_figures(self, facts: list | None = None) -> set:
        """The starts of kept figures (of `facts`, by default the doc's) that the raw text does
        not hold as written (white space and character width aside): cleaning repaired them
        ("l2.5亿元" read by OCR is 12.5亿元), so a person should compare them with the original.
        Linear: each number of a figure (with the character after it) is looked up among the raw
        text's numbers."""
        facts = self.facts if facts is None else facts
        if not facts:
            return set()
        raw, text = _number_keys(self.raw), self.text
        return {f.fig_start for f in facts if not _number_keys(text[f.fig_start:f.fig_end]) <= raw}


_NUMBER = None


def _number_keys(s: str) -> set:
    """Each number written in s (digits of any width, with their . and ,), folded, alone and
    with the first character after it: "８.４%" -> {"8.4", "8.4%"}."""
    import re

    global _NUMBER
    if _NUMBER is None:
        _NUMBER = re.compile(r"[0-9０-９][0-9０-９.．,，]*(?=\s*(\S)?)")
    out = set()
    for m in _NUMBER.finditer(s or ""):
        run, after = m.group(0), m.group(1) or ""
        run = run if run.isascii() else _folded(run)  # full-width digits: fold
        after = after if after.isascii() else _folded(after)
        out.add(run)
        if after:
            out.add(run + after)
    return out


def _folded(s: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", s or "").split())

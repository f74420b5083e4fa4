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

    def repaired_figures(self) -> set:
        """The starts of kept figures that the raw text does not hold as written (white space
        and character width aside): cleaning repaired them ("l2.5亿元" read by OCR is 12.5亿元),
        so a person should compare them with the original."""
        raw = _folded(self.raw)
        return {d.start for d in self.decisions if d.kept and _folded(d.figure) not in raw}


def _folded(s: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", s or "").split())

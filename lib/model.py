"""Typed records shared by the parser, the library and the app.

One `Fact` per stated headline figure, carrying its evidence span; one
`ReportMeta` per report; a `Report` bundles the cleaned text the offsets refer
to.  Everything here is plain data: no pandas, no Streamlit.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Optional

RESULT, PLAN, OTHER = "result", "plan", "other"
SECTIONS = (RESULT, PLAN, OTHER)

# qualifier codes (spec/README.md)
EQ, GT, GE, APPROX, NEAR, LE, RANGE = "eq", "gt", "ge", "approx", "near", "le", "range"
QUALIFIERS = (EQ, GT, GE, APPROX, NEAR, LE, RANGE)

LEVELS = ("国家", "省", "市", "区", "县")

# where a fact comes from (lib.store.corrections): as parsed, checked by a person, corrected by a
# person, or added by a person where the parser missed it
PARSED, CHECKED, CORRECTED, ADDED = "解析", "已核对", "已修正", "手工添加"
PROVENANCES = (PARSED, CHECKED, CORRECTED, ADDED)


@dataclass(frozen=True)
class Fact:
    """One headline figure as stated in a report.

    `start`/`end` are character offsets of `evidence` in `Report.text`
    (so `report.text[start:end] == evidence`); `fig_start`/`fig_end` are the
    offsets of the figure itself ("超7.7万元") inside the same text.
    """

    indicator: str
    label: str
    section: str  # result | plan | other
    year: Optional[int]
    value: float
    unit: str
    qualifier: str = EQ
    value_high: Optional[float] = None
    estimated: bool = False
    evidence: str = ""
    start: int = 0
    end: int = 0
    fig_start: int = 0
    fig_end: int = 0
    category: str = ""
    provenance: str = PARSED  # PROVENANCES: set by the user's fact corrections, never the parser
    # the parser's rule codes for this figure, ";"-joined: the rule that kept it (lib/data/rules.csv,
    # "bind.fenbie") and "clean.repaired" when cleaning changed its characters (OCR); read by
    # lib.analysis.doubt, so the 报告 page and the 库 counts share one source of doubt
    parser_rules: str = ""

    def as_row(self) -> dict:
        return asdict(self)


@dataclass
class Section:
    kind: str  # result | plan | other
    start: int
    end: int
    heading: str = ""
    year: Optional[int] = None
    # what the part is, finer than kind (lib/parse/sections.py): "" (opening), result, plan,
    # five (a five-year review: other, but its end-of-period levels are the reviewed year's),
    # five_plan, conduct, closing, targets (a target list found by its content)
    part: str = ""


@dataclass
class ReportMeta:
    file: str
    title: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    level: str = ""
    adcode: str = ""
    review_year: Optional[int] = None
    plan_year: Optional[int] = None
    delivered: str = ""  # ISO date when stated
    chars: int = 0
    facts: int = 0
    # how the place and the years were inferred, for the Report page
    place_confidence: float = 0.0
    place_evidence: str = ""
    year_evidence: str = ""

    @property
    def place(self) -> str:
        """Full place name: 吉林省长春市二道区, 上海市, 中国."""
        if self.level == "国家" or self.province == "中国":
            return "中国"
        return f"{self.province}{self.city}{self.district}" or "未知地区"

    @property
    def short_place(self) -> str:
        """The lowest named unit: 二道区, 长春市, 上海市."""
        return self.district or self.city or self.province or "未知地区"

    def as_row(self) -> dict:
        row = {f.name: getattr(self, f.name) for f in fields(self)}
        row["place"] = self.place
        return row


@dataclass
class Report:
    meta: ReportMeta
    text: str  # cleaned text; fact offsets point here
    facts: list = field(default_factory=list)  # list[Fact]
    sections: list = field(default_factory=list)  # list[Section]
    warnings: list = field(default_factory=list)  # list[str], Chinese, for the UI


class ReadError(Exception):
    """A file that cannot be read.  The message is Chinese, names the file and says why."""

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"无法读取文件「{file}」:{reason}")

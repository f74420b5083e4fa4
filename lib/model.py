"""Typed records shared by the parser, the library and the app.

One `Fact` per stated headline figure, carrying its evidence span; one
`ReportMeta` per report; a `Report` bundles the cleaned text the offsets refer
to.  Everything here is plain data: no pandas, no Streamlit.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Optional


class Kind(StrEnum):
    """What a figure is: a result of the reviewed year, a plan target, or other."""
    RESULT = "result"
    PLAN = "plan"
    OTHER = "other"


class Qualifier(StrEnum):
    """How a figure is stated (spec/README.md): 等于, 超, 以上, 左右, 近, 以内, a range."""
    EQ = "eq"
    GT = "gt"
    GE = "ge"
    APPROX = "approx"
    NEAR = "near"
    LE = "le"
    RANGE = "range"


# the codes as plain strings, as Facts and the store hold them (a StrEnum member equals its code)
RESULT, PLAN, OTHER = (k.value for k in Kind)
SECTIONS = (RESULT, PLAN, OTHER)
EQ, GT, GE, APPROX, NEAR, LE, RANGE = (q.value for q in Qualifier)
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


# ---- plan vs result (lib.analysis.pairs) ------------------------------------------------------

class Status(StrEnum):
    """A target judged against its result (lib.analysis.pairs.judge)."""
    EXCEEDED = "exceeded"
    MET = "met"
    MISSED = "missed"
    UNKNOWN = "unknown"


class Stance(StrEnum):
    """This year's target against last year's result: more, less or as ambitious."""
    MORE = "more"
    LESS = "less"
    SAME = "same"


def _plain_row(record) -> dict:
    """A record's fields as a dict of plain values (an enum as its code): CSV and Excel rows."""
    return {f.name: (v.value if isinstance(v := getattr(record, f.name), StrEnum) else v)
            for f in fields(record)}


@dataclass(frozen=True)
class Pair:
    """One target (place, indicator, year) with the result that answers it and its status.

    The CSV columns are lib.analysis.pairs.PAIR_COLUMNS; `note` says why a status is unknown
    ("暂无实绩", "单位不一致(…)") or that the result is an estimate."""

    place: str
    level: str
    indicator: str
    year: int
    target_value: float
    target_high: Optional[float]
    target_qualifier: str
    target_file: str
    label: str
    unit: str
    better: str  # up | down
    band: Optional[float]
    province: str = ""
    city: str = ""
    district: str = ""
    target_evidence: str = ""
    target_provenance: str = PARSED
    actual_value: Optional[float] = None
    actual_high: Optional[float] = None
    actual_qualifier: Optional[str] = None
    actual_estimated: Optional[bool] = None
    actual_file: Optional[str] = None
    actual_evidence: Optional[str] = None
    actual_provenance: Optional[str] = None
    status: Status = Status.UNKNOWN
    gap: Optional[float] = None
    note: str = "暂无实绩"

    @property
    def judged(self) -> bool:
        return self.status != Status.UNKNOWN

    def as_row(self) -> dict:
        return _plain_row(self)


@dataclass(frozen=True)
class Completion:
    """Targets of one place and target year (or 合计) by status; rate = (exceeded + met) / decided."""

    place: str
    level: str
    year: Optional[int]
    exceeded: int = 0
    met: int = 0
    missed: int = 0
    unknown: int = 0

    @property
    def targets(self) -> int:
        return self.exceeded + self.met + self.missed + self.unknown

    @property
    def rate(self) -> Optional[float]:
        decided = self.exceeded + self.met + self.missed
        return round((self.exceeded + self.met) / decided, 4) if decided else None

    def count(self, status: str) -> int:
        return getattr(self, Status(status).value)


@dataclass(frozen=True)
class Ambition:
    """Within one report: this year's target against last year's result for one indicator.

    change = committed target - counted last result (pp for %), change_pct relative to the last
    result (not for %); stance None when there is no last result to compare with."""

    place: str
    level: str
    indicator: str
    label: str
    unit: str
    better: str
    year: int
    target_value: float
    target_high: Optional[float]
    target_qualifier: str
    target_file: str
    target_evidence: str = ""
    target_provenance: str = PARSED
    last_year: int = 0
    last_value: Optional[float] = None
    last_qualifier: Optional[str] = None
    last_high: Optional[float] = None
    last_estimated: Optional[bool] = None
    last_file: Optional[str] = None
    last_evidence: Optional[str] = None
    last_provenance: Optional[str] = None
    change: Optional[float] = None
    change_pct: Optional[float] = None
    stance: Optional[Stance] = None


@dataclass(frozen=True)
class Rung:
    """One level of a chain district -> city -> province -> 中国 for one indicator and year;
    a rung whose report is not loaded has loaded=False and no figures.  step = committed target
    minus the next loaded rung above (pp for %)."""

    chain: str
    indicator: str
    label: str
    year: int
    place: str
    better: str
    level: str
    loaded: bool = False
    target_value: Optional[float] = None
    target_high: Optional[float] = None
    target_qualifier: Optional[str] = None
    unit: Optional[str] = None
    target_file: Optional[str] = None
    target_evidence: Optional[str] = None
    committed: Optional[float] = None
    step: Optional[float] = None

"""The typed records of the 对比 layer: a place's report of one year (PlaceGroup) and one cell of
a view (ViewRow), what the pickers, tables and charts (lib.charts.compare, lib.charts.map) read."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

STATED = "已提及"  # a view row's state when the report gives the figure (else format.MISSING)


@dataclass(frozen=True)
class PlaceGroup:
    """One report of one place for one pair of years: '浙江省宁波市@2024'.  Two files that are
    parts of the same report (摘要一、二), or a corrected copy beside the original, share it."""

    key: str
    place: str  # 浙江省宁波市; an unplaced report: 未知地区(file name)
    short: str  # 宁波市: the lowest named unit
    level: str  # 国家 省 市 区 县, or ''
    province: str
    review_year: Optional[int]
    plan_year: Optional[int]
    report_year: Optional[int]  # the plan year (the review year + 1 when only that is known)
    files: tuple  # its files, in library order
    label: str  # the picker's label: 浙江省宁波市 · 市级 · 2024年报告
    facts: int = 0


@dataclass(frozen=True)
class ViewRow:
    """One chosen place × one chosen indicator of a 对比 view.  A place that does not state the
    figure has state MISSING, shown MISSING and value None (never zero)."""

    group: str
    place: str
    short: str  # the bar label (lib.present.views.short_names)
    level: str
    indicator: str
    ind_label: str
    category: str
    unit: str
    better: str  # up | down
    value: Optional[float]
    value_high: Optional[float]
    qualifier: str
    estimated: bool
    shown: str  # as the report states it, '超7.7万元', with a person's mark ('6.3%✎')
    state: str  # STATED or MISSING
    evidence: str
    file: str
    year: Optional[int]
    start: Optional[int]
    end: Optional[int]
    provenance: str

    @property
    def stated(self) -> bool:
        return self.value is not None

    def but(self, **changes) -> "ViewRow":
        """A copy with some fields changed (a chart escapes a label, say)."""
        return replace(self, **changes)

"""Doubt first: why a parsed figure deserves a person's look, and what a report lacks.

`doubt_reasons` is the one source of doubt (the 报告 page's sort, the 库 counts, the Excel
sheet): first the doubts the parser recorded on the fact (Fact.parser_rules: bound across a
clause, a 分别 list, an OCR repair; lib/data/doubt_rules.csv words them), then what the figure
and its report show (预计数, the indicator's name far from the figure, conflicting figures for one
indicator and year, a value outside the typical range of lib/data/typical_ranges.csv).  `review_summary` counts a report's doubtful, unchecked and missing headline figures
(the 库 page); `upload_warnings` says what is wrong with a report just added.  Pure functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from lib.store.corrections import SECTION_NAMES
from lib.model import ADDED, CHECKED, CORRECTED, PARSED, PLAN, RESULT, Fact, Report


# ---- doubt ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Range:
    low: float
    high: float


@lru_cache(maxsize=1)
def typical_ranges() -> dict:
    """(indicator, level or '*') -> Range, from lib/data/typical_ranges.csv."""
    from lib.lang.data import rows

    out = {}
    for r in rows("typical_ranges.csv", ("key", "level", "low", "high")):
        out[(r["key"].strip(), r["level"].strip())] = Range(float(r["low"]), float(r["high"]))
    return out


@lru_cache(maxsize=1)
def doubt_rules() -> dict:
    """Parser rule code -> the doubt it raises (lib/data/doubt_rules.csv)."""
    from lib.lang.data import rows

    return {r["rule"].strip(): r["reason"].strip() for r in rows("doubt_rules.csv", ("rule", "reason"))}


REPAIRED = "clean.repaired"  # lib.parse.pipeline.REPAIRED
FAR_CHARS = 30  # the indicator's name further than this from its figure: bound across a clause?


def _name_distance(f: Fact) -> Optional[int]:
    """Characters between the figure and the nearest mention of its indicator in the sentence
    (None when no name of the indicator is in the sentence)."""
    from lib.lang.vocab import indicators

    ind = indicators().get(f.indicator)
    if ind is None or not f.evidence:
        return None
    names = {n for n in (ind.label, *ind.aliases) if n}
    names |= {n[:-2] for n in names if n.endswith(("增长", "增速")) and len(n) > 3}
    names |= {n[:-2] for n in list(names) if n.endswith("增速") and len(n) > 3}
    a, b = f.fig_start - f.start, f.fig_end - f.start
    if not (0 <= a < b <= len(f.evidence)):
        return None
    best = None
    for n in names:
        for m in re.finditer(re.escape(n), f.evidence):
            d = a - m.end() if m.end() <= a else m.start() - b if m.start() >= b else 0
            best = d if best is None else min(best, d)
    return best


def parser_doubts(f: Fact, rule: Optional[str] = None, repaired: Optional[bool] = None) -> list[str]:
    """The doubts the parser recorded on the figure (Fact.parser_rules: the rule that kept it,
    clean.repaired), as lib/data/doubt_rules.csv words them.  `rule` / `repaired` replace the
    recorded ones when given (a Doc parsed again)."""
    codes = [c for c in (f.parser_rules or "").split(";") if c]
    if rule is not None:
        codes = [c for c in codes if c == REPAIRED] + [rule]
    if repaired is not None:
        codes = [c for c in codes if c != REPAIRED] + ([REPAIRED] if repaired else [])
    codes.sort(key=lambda c: c != REPAIRED)  # a repaired figure first: the text itself is in doubt
    return [doubt_rules()[c] for c in codes if c in doubt_rules()]


def doubt_reasons(f: Fact, report_facts: Iterable[Fact] = (), level: str = "",
                  rule: Optional[str] = None, repaired: Optional[bool] = None) -> list[str]:
    """Why a parsed figure deserves a look (Chinese, most serious first); [] for a figure a
    person checked, corrected or added.  The parser's own doubts come first (parser_doubts:
    bound across a clause, a 分别 list, an OCR repair), then what the figure and its report
    show: a value outside the typical range, conflicting figures, the name far away, 预计数.
    The one source of doubt for the 报告 page and the 库 counts."""
    if f.provenance != PARSED:
        return []
    out = parser_doubts(f, rule, repaired)
    recorded = bool(f.parser_rules) or rule is not None
    rng = typical_ranges().get((f.indicator, level)) or typical_ranges().get((f.indicator, "*"))
    if rng is not None and f.value is not None and not rng.low <= f.value <= rng.high:
        out.append(f"数值超出常见范围({rng.low:g}–{rng.high:g})")
    others = {g.value for g in report_facts if g is not f and g.indicator == f.indicator
              and g.section == f.section and g.year == f.year and g.unit == f.unit}
    if others - {f.value}:
        out.append("同一报告中同一指标、同一年份另有不同数字")
    if not recorded and "分别" in f.evidence:  # stored before the parser recorded its rules
        out.append("“分别”列举,数字与指标可能错配")
    dist = _name_distance(f)
    if dist is None or dist > FAR_CHARS:
        out.append("句中找不到指标名称" if dist is None else "指标名称与数字相距较远")
    if f.estimated:
        out.append("预计数")
    return out


# ---- per-report summaries ------------------------------------------------------------------------

EXPECTED = {PLAN: ("gdp_growth",), RESULT: ("gdp_growth",)}  # a report with such a section states these


@dataclass
class ReviewSummary:
    headline: int = 0  # headline figures (lib.present.labels.HEADLINE)
    doubtful: int = 0  # of which have a doubt
    unchecked: int = 0  # of which nobody checked (provenance 解析)
    corrected: int = 0  # figures checked, corrected or added by a person
    missing: list = field(default_factory=list)  # "目标:地区生产总值增速" ...
    lost: int = 0  # corrections that could not be placed


def review_summary(r: Report, lost: int = 0) -> ReviewSummary:
    from lib.lang.vocab import label
    from lib.present.labels import HEADLINE

    head = [f for f in r.facts if f.indicator in HEADLINE]
    out = ReviewSummary(headline=len(head), lost=lost,
                        doubtful=sum(1 for f in head if doubt_reasons(f, r.facts, r.meta.level)),
                        unchecked=sum(1 for f in head if f.provenance == PARSED),
                        corrected=sum(1 for f in r.facts if f.provenance != PARSED))
    kinds = {s.kind for s in (r.sections or [])} | {f.section for f in r.facts}
    for section, keys in EXPECTED.items():
        if section in kinds:
            out.missing += [f"{SECTION_NAMES[section]}:{label(k)}" for k in keys
                            if not any(f.indicator == k and f.section == section for f in r.facts)]
    return out


def upload_warnings(r: Report) -> list[str]:
    """What is wrong with a freshly added report, so the upload is not reported as a plain
    success: unknown place, no years, no figures, no headline figure."""
    from lib.present.labels import HEADLINE

    m = r.meta
    out = []
    if m.place == "未知地区":
        out.append("未能识别地区")
    if m.review_year is None and m.plan_year is None:
        out.append("未能识别年份")
    if not r.facts:
        out.append("没有提取出任何指标")
    elif not any(f.indicator in HEADLINE for f in r.facts):
        out.append("没有提取出主要指标(如地区生产总值增速)")
    return out


def provenance_mark(provenance: str) -> str:
    """The small mark a chart label and hover carry for a figure a person vouched for."""
    return {CHECKED: "✓", CORRECTED: "✎", ADDED: "✚"}.get(provenance or PARSED, "")

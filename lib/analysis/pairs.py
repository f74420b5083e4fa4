"""Plan vs result: pair each target with its outcome, judge it, and compare targets.

Pure functions on `lib.model` records (no pandas, no Streamlit).

Pairing
    A plan fact (place, indicator, year Y) is paired with a result fact for the same place,
    indicator and year Y from any loaded report (normally the next year's review).  Place
    identity is (province, city, district) of `ReportMeta`; every national report is one place
    (中国); a report whose place is unknown only pairs with itself.  Among several results the
    one in the target's unit wins, then a final figure over a 预计 estimate, then the later report
    (review year, plan year, delivery date, file name), then the first statement in the text.
    Among several targets for the same (place, indicator, Y) the one from the report whose plan
    year is Y wins, then the later report, then the first statement.

Judging (`judge`) by the target's qualifier and the indicator's direction (`better` in
indicators.csv; unknown indicators count as "up").  The tolerance band is ±0.5 percentage points
for % indicators and ±2% of the target for levels and counts (`band`).
    eq / ge / gt   a floor ("up") or, on a "down" indicator, a ceiling.  Met when the result
                   reaches it; exceeded when it passes it by more than the band; missed otherwise.
    approx / near  met within target ± band; beyond the band on the better side exceeded, on
                   the worse side missed.
    le             a ceiling (以内, 控制在, 低于): met when result <= target, else missed.  A ceiling
                   is never "exceeded" (CPI at 0.2% under a 3% ceiling is not over-achievement).
    range          met inside [low, high]; past the better end exceeded, past the worse end missed.
A result stated with a qualifier counts at its stated bound: 以上/超/近/左右 at its value, 以内 at
its value, a range at its conservative end (low end for "up", high end for "down").
Status: exceeded, met, missed, unknown (no result, a result in another unit, no number).
gap = result - target_value, in the indicator's unit (percentage points for % indicators);
for a range target target_value is the low end, so the gap is measured from the low end.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Optional

from lib.model import (APPROX, LE, NEAR, PARSED, PLAN, RANGE, RESULT, Ambition, Completion, Fact, Pair,
                       Report, ReportMeta, Rung, Stance, Status)
from lib.lang.vocab import indicators, label

PAIR_COLUMNS = ["place", "level", "indicator", "year", "target_value", "target_high",
                "target_qualifier", "target_file", "actual_value", "actual_qualifier",
                "actual_estimated", "actual_file", "status", "gap", "target_provenance",
                "actual_provenance"]

EXCEEDED, MET, MISSED, UNKNOWN = Status
STATUSES = tuple(Status)
STATUS_ZH = {EXCEEDED: "超额完成", MET: "完成", MISSED: "未完成", UNKNOWN: "未知"}

RATE_BAND_PP = 0.5  # ± percentage points for % indicators
LEVEL_BAND = 0.02  # ± share of the target for levels and counts
_EPS = 1e-9

NATION = ("中国", "", "")
LEVEL_ORDER = ("国家", "省", "市", "区县")  # top-down, as the amplification chart shows it
_LEVEL_GROUP = {"国家": "国家", "省": "省", "市": "市", "区": "区县", "县": "区县"}

MORE, LESS, SAME = Stance
STANCE_ZH = {MORE: "更进取", LESS: "更保守", SAME: "持平"}


# ---- places -------------------------------------------------------------------------

def place_key(meta: ReportMeta) -> tuple:
    """(province, city, district); 中国 for the nation; a report without a place is its own key."""
    if meta.level == "国家" or meta.province.strip() == "中国":
        return NATION
    key = (meta.province.strip(), meta.city.strip(), meta.district.strip())
    if not any(key):
        return ("", "", "", meta.file)
    return key


def place_name(key: tuple) -> str:
    if key == NATION:
        return "中国"
    return "".join(key[:3]) or "未知地区"


def ancestors(key: tuple) -> list[tuple]:
    """The enclosing places, lowest first, ending with the nation: 区 -> 市 -> 省 -> 中国.

    A district of a municipality (city empty) goes straight to the province."""
    if key == NATION or len(key) != 3:
        return []
    province, city, district = key
    out = []
    if district and city:
        out.append((province, city, ""))
    if (district or city) and province:
        out.append((province, "", ""))
    out.append(NATION)
    return out


def _key_level(key: tuple) -> str:
    if key == NATION:
        return "国家"
    if len(key) != 3:
        return ""
    return "区县" if key[2] else ("市" if key[1] else "省")


def level_group(level: str) -> str:
    """国家, 省, 市 or 区县 (区 and 县 share a rung of the ladder)."""
    return _LEVEL_GROUP.get(level, level)


# ---- numbers ------------------------------------------------------------------------

def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def direction(indicator: str) -> str:
    ind = indicators().get(indicator)
    return ind.better if ind is not None and ind.better in ("up", "down") else "up"


def band(target_value: float, unit: str) -> float:
    """Half-width of the 'met' band: 0.5 pp for % indicators, 2% of the target otherwise."""
    return RATE_BAND_PP if unit == "%" else abs(target_value) * LEVEL_BAND


def counted_value(value: float, qualifier: str, value_high: Optional[float], better: str) -> float:
    """The number a stated figure counts as: its stated bound; a range at its conservative end."""
    if qualifier == RANGE and _finite(value_high):
        return value if better == "up" else value_high
    return value


def judge(target_value, target_qualifier: str, target_high, result, unit: str,
          better: str = "up") -> str:
    """Status of one target given the (counted) result.  See the module docstring."""
    if not _finite(target_value) or not _finite(result):
        return UNKNOWN
    sign = 1.0 if better != "down" else -1.0
    tol = band(target_value, unit)
    if target_qualifier == LE:
        return MET if result <= target_value + _EPS else MISSED
    if target_qualifier == RANGE and _finite(target_high):
        lo, hi = sorted((target_value, target_high))
        if result < lo - _EPS:
            return MISSED if sign > 0 else EXCEEDED
        if result > hi + _EPS:
            return EXCEEDED if sign > 0 else MISSED
        return MET
    d = (result - target_value) * sign  # > 0: on the better side
    if target_qualifier in (APPROX, NEAR):
        if d > tol + _EPS:
            return EXCEEDED
        if d < -tol - _EPS:
            return MISSED
        return MET
    # eq, ge, gt: a floor on an "up" indicator, a ceiling on a "down" one
    if d < -_EPS:
        return MISSED
    if d > tol + _EPS:
        return EXCEEDED
    return MET


def _round(x: Optional[float]) -> Optional[float]:
    return None if x is None else round(x, 6) + 0.0


# ---- choosing among statements -------------------------------------------------------

def _lateness(meta: ReportMeta) -> tuple:
    return (meta.review_year if meta.review_year is not None else -1,
            meta.plan_year if meta.plan_year is not None else -1,
            meta.delivered or "", meta.file)


def _usable(f: Fact, section: str) -> bool:
    return f.section == section and f.year is not None and _finite(f.value) and bool(f.indicator)


def choose_targets(reports: Iterable[Report]) -> dict:
    """(place key, indicator, year) -> (Fact, ReportMeta) of the target that counts."""
    best: dict = {}
    for r in reports:
        key = place_key(r.meta)
        for f in r.facts:
            if not _usable(f, PLAN):
                continue
            k = (key, f.indicator, f.year)
            rank = (r.meta.plan_year == f.year, _lateness(r.meta), -f.start)
            if k not in best or rank > best[k][0]:
                best[k] = (rank, f, r.meta)
    return {k: (f, m) for k, (_, f, m) in best.items()}


def _results_index(reports: Iterable[Report]) -> dict:
    idx = defaultdict(list)
    for r in reports:
        key = place_key(r.meta)
        for f in r.facts:
            if _usable(f, RESULT):
                idx[(key, f.indicator, f.year)].append((f, r.meta))
    return idx


def choose_result(candidates: list, unit: str):
    """The result that counts: same unit, then final over 预计, then later report, then first."""
    if not candidates:
        return None
    return max(candidates, key=lambda fm: (fm[0].unit == unit, not fm[0].estimated,
                                           _lateness(fm[1]), -fm[0].start))


def _indicator_order() -> dict:
    return {k: i for i, k in enumerate(indicators())}


def _sort_key(place: str, indicator: str, year, order: dict) -> tuple:
    return (place, year if year is not None else 0, order.get(indicator, len(order)), indicator)


# ---- pairs --------------------------------------------------------------------------

def pair_rows(reports) -> list[Pair]:
    """One Pair per target (place, indicator, year) with the result that answers it."""
    reports = list(reports)
    targets = choose_targets(reports)
    results = _results_index(reports)
    order = _indicator_order()
    rows = [_pair(f, m, results.get((key, ind, year), [])) for (key, ind, year), (f, m) in targets.items()]
    rows.sort(key=lambda r: _sort_key(r.place, r.indicator, r.year, order))
    return rows


def _pair(f: Fact, m: ReportMeta, candidates: list) -> Pair:
    """The target `f` of report `m` judged against the result that counts among `candidates`."""
    better = direction(f.indicator)
    target_high = f.value_high if f.qualifier == RANGE else None
    pair = dict(place=m.place, level=m.level, indicator=f.indicator, year=f.year, target_value=f.value,
                target_high=target_high, target_qualifier=f.qualifier, target_file=m.file,
                label=f.label or label(f.indicator), unit=f.unit, better=better,
                band=_round(band(f.value, f.unit)), province=m.province, city=m.city,
                district=m.district, target_evidence=f.evidence, target_provenance=f.provenance or PARSED)
    res = choose_result(candidates, f.unit)
    if res is None:
        return Pair(**pair)
    a, am = res
    pair.update(actual_value=a.value, actual_qualifier=a.qualifier, actual_estimated=bool(a.estimated),
                actual_file=am.file, actual_high=a.value_high if a.qualifier == RANGE else None,
                actual_evidence=a.evidence, note="", actual_provenance=a.provenance or PARSED)
    if a.unit != f.unit:
        pair["note"] = f"单位不一致(目标{f.unit or '无'},实绩{a.unit or '无'})"
    else:
        counted = counted_value(a.value, a.qualifier, a.value_high, better)
        pair.update(status=Status(judge(f.value, f.qualifier, target_high, counted, f.unit, better)),
                    gap=_round(counted - f.value), note="实绩为预计数" if a.estimated else "")
    return Pair(**pair)


def completion_rows(pairs: list[Pair], total: bool = True) -> list[Completion]:
    """Per place and target year: how many targets exceeded / met / missed / unknown, with a
    合计 row last when `total`; rate None when nothing is decided yet."""
    counts: dict = {}
    for p in pairs:
        g = counts.setdefault((p.place, p.level, p.year), dict.fromkeys(STATUSES, 0))
        g[p.status] += 1
    rows = [Completion(place, level, year, **{s.value: n for s, n in g.items()})
            for (place, level, year), g in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][2]))]
    if total and rows:
        rows.append(Completion("合计", "", None, **{s.value: sum(r.count(s) for r in rows) for s in STATUSES}))
    return rows


# ---- ambition -----------------------------------------------------------------------

def committed_value(value: float, qualifier: str, high, better: str) -> float:
    """The number a target commits to: a range's low end ("up") or high end ("down")."""
    if qualifier == RANGE and _finite(high):
        return value if better == "up" else high
    return value


def ambition_rows(reports) -> list[Ambition]:
    """Within one report: this year's target against last year's result for the same indicator.

    The files of one report (same place, review year and plan year) count as one report.
    change = committed target - counted last result (pp for %); change_pct relative to the last
    result for non-% indicators; stance more / less / same ambitious given the direction."""
    groups = defaultdict(list)
    for r in reports:
        groups[(place_key(r.meta), r.meta.review_year, r.meta.plan_year)].append(r)
    order = _indicator_order()
    rows = []
    for (key, _, plan_year), members in groups.items():
        results = _results_index(members)
        for (_, ind, year), (f, m) in choose_targets(members).items():
            rows.append(_ambition(f, m, choose_result(results.get((key, ind, year - 1), []), f.unit)))
    rows.sort(key=lambda r: _sort_key(r.place, r.indicator, r.year, order))
    return rows


def _ambition(f: Fact, m: ReportMeta, last) -> Ambition:
    """The target `f` of report `m` against `last` (Fact, meta) of the year before, or None."""
    better = direction(f.indicator)
    row = dict(place=m.place, level=m.level, indicator=f.indicator, label=f.label or label(f.indicator),
               unit=f.unit, better=better, year=f.year, target_value=f.value,
               target_high=f.value_high if f.qualifier == RANGE else None,
               target_qualifier=f.qualifier, target_file=m.file, target_evidence=f.evidence,
               last_year=f.year - 1, target_provenance=f.provenance or PARSED)
    if last is None or last[0].unit != f.unit:
        return Ambition(**row)
    a, am = last
    lv = counted_value(a.value, a.qualifier, a.value_high, better)
    change = committed_value(f.value, f.qualifier, f.value_high, better) - lv
    sign = 1 if better == "up" else -1
    return Ambition(**row, last_value=a.value, last_qualifier=a.qualifier,
                    last_high=a.value_high if a.qualifier == RANGE else None,
                    last_estimated=bool(a.estimated), last_file=am.file, last_evidence=a.evidence,
                    change=_round(change), last_provenance=a.provenance or PARSED,
                    change_pct=_round(change / abs(lv) * 100) if f.unit != "%" and lv else None,
                    stance=SAME if abs(change) < _EPS else (MORE if change * sign > 0 else LESS))


# ---- top-down amplification -----------------------------------------------------------

def _targets_by_indicator_year(reports) -> dict:
    return targets_by_indicator_year(choose_targets(reports))


def targets_by_indicator_year(targets: dict) -> dict:
    """(indicator, year) -> {place key: (Fact, ReportMeta)} from `choose_targets`' answer."""
    by = defaultdict(dict)
    for (key, ind, year), hit in targets.items():
        by[(ind, year)][key] = hit
    return by


def amplification_options(reports) -> list[tuple]:
    """(indicator, year) for which targets of at least two nested levels are loaded, newest first."""
    return list(amplification_index(reports))


def amplification_index(reports) -> dict:
    """(indicator, year) -> {place key: (Fact, ReportMeta)} for every option with a chain,
    newest year first, then vocabulary order.  Rows for one option: `amplification_from`."""
    return amplification_index_of(choose_targets(list(reports)))


def amplification_index_of(targets: dict) -> dict:
    """`amplification_index` from the chosen targets ((key, indicator, year) -> (Fact, meta))."""
    order = _indicator_order()
    out = {k: v for k, v in targets_by_indicator_year(targets).items() if _chains(set(v))}
    return dict(sorted(out.items(), key=lambda kv: (-kv[0][1], order.get(kv[0][0], len(order)),
                                                     kv[0][0])))


def amplification_from(index: dict, indicator: str, year: int) -> list[Rung]:
    return _amplification(index.get((indicator, year), {}), indicator, year)


def _chains(keys: set) -> list[list[tuple]]:
    """For the loaded keys, each lowest loaded place with its ancestors, if two are loaded."""
    covered = {a for k in keys for a in ancestors(k)}
    chains = []
    for leaf in sorted(k for k in keys if k not in covered):
        chain = [leaf] + ancestors(leaf)
        if sum(k in keys for k in chain) >= 2:
            chains.append(chain)
    return chains


def amplification_rows(reports, indicator: str, year: int) -> list[Rung]:
    """The targets for one indicator and year up each chain district -> city -> province -> 中国.

    One row per rung, missing rungs included with loaded=False.  `step` is the committed target
    minus the next loaded rung above (pp for %): positive on an "up" indicator means the lower
    level set the higher target."""
    return _amplification(_targets_by_indicator_year(list(reports)).get((indicator, year), {}),
                          indicator, year)


def _amplification(targets: dict, indicator: str, year: int) -> list[Rung]:
    better = direction(indicator)
    rows = []
    for chain in _chains(set(targets)):
        rungs = [_rung(place_name(chain[0]), key, targets.get(key), indicator, year, better) for key in chain]
        for i, rung in enumerate(rungs):
            above = next((r for r in rungs[i + 1:] if r.loaded), None)
            if rung.loaded and above is not None and rung.unit == above.unit:
                rungs[i] = replace(rung, step=_round(rung.committed - above.committed))
        rows.extend(rungs)
    return rows


def _rung(chain: str, key: tuple, hit, indicator: str, year: int, better: str) -> Rung:
    """One rung of a chain: the target that counts for place `key` (hit = (Fact, meta)) or none."""
    level = level_group(hit[1].level) if hit and hit[1].level else _key_level(key)
    if not hit:
        return Rung(chain, indicator, label(indicator), year, place_name(key), better, level)
    f, m = hit
    return Rung(chain, indicator, label(indicator), year, m.place, better, level, loaded=True,
                target_value=f.value, target_high=f.value_high if f.qualifier == RANGE else None,
                target_qualifier=f.qualifier, unit=f.unit, target_file=m.file, target_evidence=f.evidence,
                committed=committed_value(f.value, f.qualifier, f.value_high, better))


def short_file(file: Optional[str]) -> str:
    return Path(file).name if file else ""


def places_by_progress(pairs: list[Pair]) -> list[str]:
    """Places with the most judged targets first (then by name): the page's place picker."""
    decided, seen = defaultdict(int), {}
    for p in pairs:
        seen[p.place] = True
        decided[p.place] += p.status != UNKNOWN
    return sorted(seen, key=lambda pl: (-decided[pl], pl))


def vouched_mark(provenance) -> str:
    """A person's mark on a figure: ✓ checked, ✎ corrected, ✚ added (nothing for a parsed one)."""
    from lib.analysis.doubt import provenance_mark

    return provenance_mark(provenance or PARSED)


def default_year(pairs: list[Pair], place: str):
    """The latest target year of a place with a judged target, else None (show all years)."""
    judged = [p.year for p in pairs if p.place == place and p.status != UNKNOWN]
    return max(judged) if judged else None


def overall_rate(pairs: list[Pair]):
    """Share of judged targets met or exceeded, None when nothing is judged."""
    judged = [p for p in pairs if p.status != UNKNOWN]
    return sum(p.status in (MET, EXCEEDED) for p in judged) / len(judged) if judged else None


def report_choices(ambition: list[Ambition]) -> list[tuple]:
    """(place, plan year) of the reports that state targets, newest first."""
    return sorted({(r.place, r.year) for r in ambition}, key=lambda k: (-k[1], k[0]))

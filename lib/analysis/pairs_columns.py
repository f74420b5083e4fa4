"""Plan vs result on a library's facts in columns (lib.store.library.FactTable): the 计划与实绩 page
at 10,000 reports without a Fact object per fact.

Which target counts for each (place, indicator, year), and which result answers it, is decided on
the columns by the ranking pairs.py states (the plan year's own report, then the later report,
then the first statement; for a result the target's unit, then a final figure over 预计, then the
later report, then the first statement; among equals the first in library order), and each
target is judged by pairs.judge: that gives the counts, the completion table and the pickers.
The records the page draws (one place's pairs, one report's ambition, one amplification option)
are built when asked, by pairs.py's own functions on that place's reports only.  Both ways give
equal answers (tests/analysis/test_pairs_columns.py).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.analysis.pairs import (STATUSES, UNKNOWN, _amplification, _indicator_order, _lateness, ancestors,
                                _pair, _sort_key, ambition_rows, counted_value, direction, judge, pair_rows,
                                place_key)
from lib.model import PLAN, RANGE, RESULT, Ambition, Completion, Pair, Rung


@dataclass(frozen=True)
class _Codes:
    """Per report: place id (`keys[id]` is its pairs.place_key), lateness rank, plan year; per row:
    indicator code."""

    keys: list
    place: np.ndarray
    late: np.ndarray
    plan_year: np.ndarray
    indicator: np.ndarray


def _codes(table) -> _Codes:
    metas = table.metas
    places: dict = {}
    place = np.array([places.setdefault(place_key(m), len(places)) for m in metas], dtype=np.int64)
    ranks = {t: i for i, t in enumerate(sorted({_lateness(m) for m in metas}))}
    late = np.array([ranks[_lateness(m)] for m in metas], dtype=np.int64)
    plan_year = np.array([-1 if m.plan_year is None else int(m.plan_year) for m in metas], dtype=np.int64)
    indicator = pd.factorize(table.columns["indicator"])[0].astype(np.int64)
    return _Codes(list(places), place, late, plan_year, indicator)


def _usable(table, section: str) -> np.ndarray:
    """Rows of `section` with a year, a finite value and an indicator (pairs._usable)."""
    cols = table.columns
    if not len(table):
        return np.zeros(0, dtype=np.int64)
    mask = ((cols["section"] == section) & ~np.isnan(cols["year"]) & np.isfinite(cols["value"])
            & (cols["indicator"] != ""))
    return np.flatnonzero(mask)


def _key(owner: np.ndarray, indicator: np.ndarray, year: np.ndarray, n_ind: int) -> np.ndarray:
    """One int per (owner, indicator, year): years 1800-2199 fit in 400 slots."""
    return (owner * n_ind + indicator) * 400 + np.clip(year - 1800, 0, 399)


def _winners(group: np.ndarray, keys: list) -> tuple[np.ndarray, np.ndarray]:
    """(position of the best row of each group, position of its first row): best by `keys`
    (most important first, larger wins); groups in the order their first rows come."""
    if not len(group):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.lexsort(tuple(reversed(keys)) + (group,))
    g = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    ends = np.r_[starts[1:], len(g)] - 1
    first = np.minimum.reduceat(order, starts)
    by_first = np.argsort(first, kind="stable")
    return order[ends][by_first], first[by_first]


def _choose(table, codes: _Codes, rows: np.ndarray, owner: np.ndarray):
    """The targets that count among plan `rows`: (their rows, their keys), one per owner (a place
    or a report), indicator and year."""
    rep = table.report[rows]
    year = table.columns["year"][rows].astype(np.int64)
    key = _key(owner[rep], codes.indicator[rows], year, int(codes.indicator.max(initial=0)) + 1)
    keys = [(codes.plan_year[rep] == year).astype(np.int64), codes.late[rep],
            -table.columns["start"][rows], -rows]
    best, _ = _winners(key, keys)
    return rows[best], key[best]


def _answers(table, codes: _Codes, targets: np.ndarray, target_keys: np.ndarray,
             owner: np.ndarray) -> np.ndarray:
    """For each target, the result row that counts (same owner, indicator and year), -1 when none:
    the target's unit first, then final over 预计, then the later report, then the first statement."""
    rows = _usable(table, RESULT)
    rep = table.report[rows]
    year = table.columns["year"][rows].astype(np.int64)
    key = _key(owner[rep], codes.indicator[rows], year, int(codes.indicator.max(initial=0)) + 1)
    order = np.argsort(target_keys, kind="stable")
    pos = np.clip(np.searchsorted(target_keys[order], key), 0, max(0, len(order) - 1))
    hit = (target_keys[order][pos] == key) if len(order) else np.zeros(len(key), dtype=bool)
    rows, key, rep, which = rows[hit], key[hit], rep[hit], order[pos[hit]]
    unit = table.columns["unit"]
    keys = [(unit[rows] == unit[targets[which]]).astype(np.int64),
            (~table.columns["estimated"][rows]).astype(np.int64), codes.late[rep], -table.columns["start"][rows], -rows]
    best, _ = _winners(key, keys)
    out = np.full(len(targets), -1, dtype=np.int64)
    out[which[best]] = rows[best]
    return out


def _hits(table, rows: np.ndarray) -> list:
    """(Fact, ReportMeta) of each row; None for -1."""
    from lib.present.facts_columns import facts_of_rows  # the store's columns as Facts

    good = rows[rows >= 0]
    facts = iter(facts_of_rows(table, good))
    metas = table.metas
    return [None if r < 0 else (next(facts), metas[table.report[r]]) for r in rows.tolist()]


def pairs_of_table(table, codes: _Codes | None = None) -> list[Pair]:
    """pairs.pair_rows over the table (Facts for the chosen targets and results only)."""
    codes = codes or _codes(table)
    targets, keys = _choose(table, codes, _usable(table, PLAN), codes.place)
    answers = _answers(table, codes, targets, keys, codes.place)
    rows = [_pair(f, m, [res] if res else [])
            for (f, m), res in zip(_hits(table, targets), _hits(table, answers))]
    order = _indicator_order()
    rows.sort(key=lambda r: _sort_key(r.place, r.indicator, r.year, order))
    return rows


def _statuses(table, targets: np.ndarray, answers: np.ndarray) -> list:
    """The status `_pair` gives each target, from the columns (pairs.judge on each; unknown without
    a result or with a result in another unit)."""
    cols = table.columns
    value, high, qual, unit, ind = (cols[n] for n in ("value", "value_high", "qualifier", "unit", "indicator"))
    out = []
    better_of = {k: direction(k) for k in set(ind[targets].tolist())}
    for t, a in zip(targets.tolist(), answers.tolist()):
        if a < 0 or unit[a] != unit[t]:
            out.append(UNKNOWN)
            continue
        better = better_of[ind[t]]
        a_high = None if high[a] != high[a] else float(high[a])
        t_high = None if qual[t] != RANGE or high[t] != high[t] else float(high[t])
        counted = counted_value(float(value[a]), qual[a], a_high, better)
        out.append(judge(float(value[t]), qual[t], t_high, counted, unit[t], better))
    return out


def _has_chain(keys, anc: dict) -> bool:
    """pairs._chains(keys) is not empty: some loaded place has a loaded ancestor (each place's
    ancestors computed once, not once per option)."""
    return len(keys) > 1 and any(anc[k] & keys.keys() for k in keys)


@dataclass
class PlanIndex:
    """The 计划与实绩 page over a library in columns: every target that counts with its status (for
    the counts, the completion table and the pickers), and the records of one place, one report or
    one amplification option built when the page asks for them (pairs.py's own functions on that
    place's reports only, so they equal pair_rows / ambition_rows / amplification_from)."""

    table: object
    codes: _Codes
    targets: np.ndarray  # the plan row that counts per (place, indicator, year)
    status: list  # its Status
    place: list  # its report's place name (Pair.place)
    level: list
    year: list
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def reports(self) -> int:
        return len(self.table.metas)

    def _once(self, name, compute):
        """compute() the first time `name` is asked for (a rerun of the page asks again)."""
        if name not in self.memo:
            self.memo[name] = compute()
        return self.memo[name]

    def counts(self) -> dict:
        """Status -> number of targets."""
        got = self._once("counts", lambda: Counter(self.status))
        return {s: got.get(s, 0) for s in STATUSES}

    def completion(self) -> list[Completion]:
        """pairs.completion_rows(total=False): per place and target year, by status."""
        return self._once("completion", self._completion)

    def _completion(self) -> list[Completion]:
        frame = pd.DataFrame({"place": self.place, "level": self.level, "year": self.year,
                              "status": [s.value for s in self.status]})
        counts = frame.groupby(["place", "level", "year", "status"], sort=False).size().unstack(fill_value=0)
        rows = [Completion(p, lv, int(y), **{s.value: int(got.get(s.value, 0)) for s in STATUSES})
                for (p, lv, y), got in zip(counts.index, counts.to_dict("records"))]
        return sorted(rows, key=lambda c: (c.place, c.year))

    def places_by_progress(self) -> list[str]:
        """pairs.places_by_progress: the most judged targets first, then by name."""
        return self._once("places", self._places_by_progress)

    def _places_by_progress(self) -> list[str]:
        decided: dict = {}
        for p, s in zip(self.place, self.status):
            decided[p] = decided.get(p, 0) + (s != UNKNOWN)
        return sorted(decided, key=lambda p: (-decided[p], p))

    def _reports_of(self, place: str) -> list:
        """The reports of the place(s) named `place`, with their dated result and plan Facts."""
        from lib.present.facts_columns import dated_rows, reports_of_rows

        named = {int(self.codes.place[i]) for i, m in enumerate(self.table.metas) if m.place == place}
        mine = np.flatnonzero(np.isin(self.codes.place, list(named)))
        rows = self._once("dated", lambda: dated_rows(self.table))
        return reports_of_rows(self.table, rows[np.isin(self.table.report[rows], mine)])

    def pairs_for(self, place: str) -> list[Pair]:
        """pair_rows of one place (what the page filters the whole list to)."""
        return self._once(("pairs", place),
                          lambda: [p for p in pair_rows(self._reports_of(place)) if p.place == place])

    def report_choices(self) -> list[tuple]:
        """pairs.report_choices: (place, plan year) of the reports that state targets, newest first."""
        return self._once("choices", self._report_choices)

    def _report_choices(self) -> list[tuple]:
        rows = _usable(self.table, PLAN)
        metas = self.table.metas
        pairs = {(metas[r].place, int(y)) for r, y in
                 set(zip(self.table.report[rows].tolist(), self.table.columns["year"][rows].tolist()))}
        return sorted(pairs, key=lambda k: (-k[1], k[0]))

    def ambition_for(self, place: str, year: int) -> list[Ambition]:
        """ambition_rows of the reports of `place` whose targets are for `year`."""
        return [r for r in ambition_rows(self._reports_of(place)) if (r.place, r.year) == (place, year)]

    def amplification_options(self) -> list[tuple]:
        """(indicator, year) with targets of two nested levels loaded (pairs.amplification_index order)."""
        if "options" not in self.memo:
            by: dict = {}
            ind = self.table.columns["indicator"][self.targets].tolist()
            owners = self.codes.place[self.table.report[self.targets]].tolist()
            for i, (k, o, y) in enumerate(zip(ind, owners, self.year)):
                by.setdefault((k, y), {})[self.codes.keys[o]] = i
            order = _indicator_order()
            anc = {key: set(ancestors(key)) for key in self.codes.keys}
            self.memo["by_option"] = by
            self.memo["options"] = sorted((k for k, v in by.items() if _has_chain(v, anc)),
                                          key=lambda k: (-k[1], order.get(k[0], len(order)), k[0]))
        return self.memo["options"]

    def amplification(self, indicator: str, year: int) -> list[Rung]:
        """pairs.amplification_from for one option."""
        self.amplification_options()
        at = self.memo["by_option"].get((indicator, year), {})
        hits = _hits(self.table, self.targets[list(at.values())])
        return _amplification(dict(zip(at, hits)), indicator, year)

    def all_pairs(self) -> list[Pair]:
        """Every pair (pairs.csv), built on request."""
        return self._once("all", lambda: pairs_of_table(self.table, self.codes))


def plan_index(table) -> PlanIndex:
    """The page's index of a library's facts in columns (lib.store.library.FactTable)."""
    codes = _codes(table)
    targets, keys = _choose(table, codes, _usable(table, PLAN), codes.place)
    answers = _answers(table, codes, targets, keys, codes.place)
    metas = [table.metas[r] for r in table.report[targets].tolist()]
    return PlanIndex(table, codes, targets, _statuses(table, targets, answers), [m.place for m in metas],
                     [m.level for m in metas], table.columns["year"][targets].astype(np.int64).tolist())

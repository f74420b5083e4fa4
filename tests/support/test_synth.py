"""tests.support.synth at scale: reports as dense as real ones (≈60 figures), distinct, over real
divisions and years, deterministic, and the parser finds the figures the generator wrote."""
from __future__ import annotations

import collections

from lib.parse.pipeline import parse_text
from tests.support.synth import synth_reports


def test_reports_are_dense_distinct_and_deterministic():
    reps = synth_reports(300, seed=3)
    per = [len(r.facts) for r in reps]
    assert 50 <= sum(per) / len(per) <= 70  # real reports state about 60 figures
    assert len({r.text for r in reps}) == len({(r.meta.place, r.meta.review_year) for r in reps}) == 300
    assert [r.text for r in synth_reports(20, seed=3)] == [r.text for r in reps[:20]]
    assert synth_reports(5, seed=4)[0].text != reps[0].text
    for r in reps:
        for f in r.facts:
            assert r.text[f.start:f.end] == f.evidence and f.fig_start >= f.start and f.fig_end <= f.end


def test_reports_have_results_targets_qualifiers_and_estimates():
    facts = [f for r in synth_reports(200, seed=5) for f in r.facts]
    sections = collections.Counter(f.section for f in facts)
    assert sections["plan"] >= len(facts) // 5 and sections["result"] >= len(facts) // 2
    assert {"eq", "approx", "ge", "gt", "range", "le"} <= {f.qualifier for f in facts}
    assert any(f.estimated for f in facts) and len({f.indicator for f in facts}) >= 40


def test_a_place_reports_across_years():
    reps = synth_reports(300, years=range(2023, 2019, -1))  # 113 places in 2023, then runs of 3 years
    years = collections.defaultdict(set)
    for r in reps:
        years[r.meta.place].add(r.meta.review_year)
    assert len(years) > 100 and sum(len(y) == 4 for y in years.values()) >= 50


def test_the_parser_finds_what_the_generator_wrote():
    reps = synth_reports(2000, seed=7)[::100]
    wrote = found = 0
    for r in reps:
        want = collections.Counter((f.indicator, f.section, round(f.value, 4)) for f in r.facts)
        got = collections.Counter((f.indicator, f.section, round(f.value, 4)) for f in parse_text(r.text, r.meta.file).facts)
        wrote += sum(want.values())
        found += sum((want & got).values())
    assert found >= 0.95 * wrote and found / len(reps) >= 50

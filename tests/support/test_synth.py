"""tests.support.synth at scale: reports as dense as real ones (≈60 figures), distinct, over real
divisions and years, deterministic, and the parser finds the figures the generator wrote."""
from __future__ import annotations

import collections
import re

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


# ---- the noise layer ----------------------------------------------------------------------------

def test_noisy_reports_are_deterministic_distinct_and_carry_the_noise():
    from tests.support.synth import make_report, make_reports

    reps = make_reports(40)
    assert make_reports(3, start=5) == reps[5:8]
    assert len({text for _, text, _ in reps}) == len({name for name, _, _ in reps}) == 40
    texts = "\n".join(text for _, text, _ in reps)
    assert "０" in texts or "．" in texts  # full-width digits in some paragraphs
    assert len(re.findall(r"^— \d+ —$", texts, re.M)) >= 40  # page numbers on their own lines
    clean = synth_report_text(7)
    assert make_report(7)[0] != clean and len(make_report(7)[0]) > len(clean)  # breaks and filler


def synth_report_text(i):
    """Report i with no noise: the clean generator's text, unchanged."""
    from tests.support.synth import CLEAN, make_report

    return make_report(i, CLEAN)[0]


def test_without_noise_the_text_is_the_clean_reports_text_and_its_facts_point_into_it():
    import random

    from tests.support.synth import noisy_places, synth_report

    place = noisy_places()[7]
    clean = synth_report(random.Random(7 * 7919 + 17), 7, place, 2014)
    assert synth_report_text(7) == clean.text
    assert all(clean.text[f.start:f.end] == f.evidence for f in clean.facts)


def test_the_parser_reads_place_and_years_of_noisy_reports_as_the_generator_wrote_them():
    from tests.support.synth import make_report, noisy_places

    n = len(noisy_places())
    right = 0
    picks = [0, 1, 2, 3, 4, 5, 7 + n, 11 + 2 * n, 20 + 5 * n, 33 + 9 * n]
    for i in picks:
        text, truth = make_report(i)
        meta = parse_text(text, truth.file).meta
        # the short name and years exactly; the full place but for a name two provinces share
        # (长春's 朝阳区, written without its city, is read as 北京's)
        assert (meta.short_place, meta.review_year, meta.plan_year) == \
            (truth.short_place, truth.review_year, truth.plan_year)
        right += meta.place == truth.place
    assert right >= len(picks) - 1
    assert make_report(3 + n)[1].place == make_report(3)[1].place  # i + n: the same place ...
    assert make_report(3 + n)[1].review_year == make_report(3)[1].review_year + 1  # ... a year later

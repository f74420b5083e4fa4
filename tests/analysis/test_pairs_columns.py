"""The 计划与实绩 page's columnar index (lib.analysis.pairs_columns) against plan vs result on
Report objects (lib.analysis.pairs): the same targets, results, statuses and records."""
from __future__ import annotations


import pytest

from lib.analysis import pairs as pr
from lib.analysis.pairs_columns import pairs_of_table, plan_index
from lib.present.facts_columns import table_of_reports
from tests.support.pairs_data import P, R, meta, report, world
from tests.support.synth import synth_reports


@pytest.fixture(scope="module", params=["world", "synth"])
def reports(request):
    # the synthetic library: many places over consecutive years, repeated and estimated figures
    return world() if request.param == "world" else synth_reports(160)


def test_every_pair_equals_the_one_pair_rows_gives(reports):
    assert pairs_of_table(table_of_reports(reports)) == pr.pair_rows(reports)


def test_counts_completion_and_place_order_agree(reports):
    want = pr.pair_rows(reports)
    idx = plan_index(table_of_reports(reports))
    assert idx.counts() == {s: sum(p.status == s for p in want) for s in pr.STATUSES}
    assert idx.completion() == pr.completion_rows(want, total=False)
    assert idx.places_by_progress() == pr.places_by_progress(want)


def test_one_place_one_report_and_one_chain_agree(reports):
    pairs, amb = pr.pair_rows(reports), pr.ambition_rows(reports)
    idx = plan_index(table_of_reports(reports))
    for place in pr.places_by_progress(pairs)[:6]:
        assert idx.pairs_for(place) == [p for p in pairs if p.place == place]
    assert idx.report_choices() == pr.report_choices(amb)
    for place, year in idx.report_choices()[:6]:
        assert idx.ambition_for(place, year) == [r for r in amb if (r.place, r.year) == (place, year)]
    index = pr.amplification_index(reports)
    assert idx.amplification_options() == list(index)
    for opt in list(index)[:4]:
        assert idx.amplification(*opt) == pr.amplification_from(index, *opt)


def test_the_ranking_ties_go_as_on_report_objects():
    # two reports of one city: the later one's target wins; an estimate loses to a final result in
    # the target's unit, and a result in another unit leaves the status unknown
    early = report(meta("甲市2023.txt", "乙省", "甲市", level="市", review=2022, plan=2023),
                   P("gdp_growth", 2024, 7.0, "%"), P("fiscal_revenue", 2024, 100, "亿元"))
    late = report(meta("甲市2024.txt", "乙省", "甲市", level="市", review=2023, plan=2024),
                  P("gdp_growth", 2024, 5.0, "%", "approx", start=300), P("gdp_growth", 2024, 6.0, "%", start=10))
    review = report(meta("甲市2025.txt", "乙省", "甲市", level="市", review=2024, plan=2025),
                    R("gdp_growth", 2024, 5.2, "%", est=True, start=5),
                    R("gdp_growth", 2024, 5.9, "%", start=50), R("fiscal_revenue", 2024, 1.1, "万亿元"))
    reps = [early, late, review]
    got = pairs_of_table(table_of_reports(reps))
    assert got == pr.pair_rows(reps)
    gdp = next(p for p in got if p.indicator == "gdp_growth")
    assert (gdp.target_value, gdp.actual_value, gdp.status) == (6.0, 5.9, pr.MISSED)
    assert next(p for p in got if p.indicator == "fiscal_revenue").status == pr.UNKNOWN
    idx = plan_index(table_of_reports(reps))
    assert idx.counts()[pr.MISSED] == 1 and idx.counts()[pr.UNKNOWN] == 1


def test_an_empty_library_has_nothing_to_count():
    idx = plan_index(table_of_reports([]))
    assert idx.counts() == dict.fromkeys(pr.STATUSES, 0)
    assert idx.completion() == [] and idx.places_by_progress() == [] and idx.report_choices() == []
    assert idx.amplification_options() == [] and pairs_of_table(table_of_reports([])) == []

"""What the 计划与实绩 page shows, decided without Streamlit (lib/present/plan_tables.py): the head
figures, which place-years and chains the charts draw, the pickers' choices and the trend link."""
from __future__ import annotations

import re
from urllib.parse import parse_qs

from lib.analysis.pairs import EXCEEDED, MET, MISSED, UNKNOWN
from lib.model import Completion, Pair, Rung
from lib.present import plan_tables as pt


def pair(place: str, indicator: str, year: int) -> Pair:
    return Pair(place=place, level="市", indicator=indicator, year=year, target_value=5.0, target_high=None,
                target_qualifier="about", target_file="a.txt", label=indicator, unit="%", better="up", band=None)


def rung(chain: str, place: str) -> Rung:
    return Rung(chain=chain, indicator="gdp_growth", label="GDP增速", year=2024, place=place, better="up",
                level="区")


def test_tally_counts_a_target_with_a_result_as_judged_and_met_or_exceeded_as_done():
    head = pt.tally({EXCEEDED: 2, MET: 3, MISSED: 1, UNKNOWN: 4})
    assert (head.targets, head.judged, head.done, head.missed) == (10, 6, 5, 1)
    assert abs(head.rate - 5 / 6) < 1e-9


def test_tally_without_a_result_has_no_rate():
    head = pt.tally({UNKNOWN: 3})
    assert (head.targets, head.judged, head.rate) == (3, 0, None)
    assert pt.tally({}).targets == 0


def test_completion_bars_are_all_rows_while_few():
    rows = [Completion("甲市", "市", 2020 + i) for i in range(5)]
    assert pt.completion_bars(rows, ["甲市"]) == rows
    assert pt.bars_note(rows, rows) == ""


def test_completion_bars_keep_the_places_ranked_first_and_their_latest_years():
    # three places of 15 years each, ranked 丙 > 甲 > 乙: 45 rows, the chart takes 40
    rows = [Completion(p, "市", y) for p in ("甲市", "乙市", "丙市") for y in range(2010, 2025)]
    bars = pt.completion_bars(rows, ["丙市", "甲市", "乙市"])
    assert len(bars) == 40
    kept = {(b.place, b.year) for b in bars}
    assert all((p, y) in kept for p in ("丙市", "甲市") for y in range(2010, 2025))
    assert {y for p, y in kept if p == "乙市"} == set(range(2015, 2025))  # its 10 latest years
    assert bars == sorted(bars, key=lambda b: (b.place, b.year))  # drawn by place, then year
    note = pt.bars_note(bars, rows)
    assert "40" in note and "45" in note


def test_a_place_unranked_goes_after_the_ranked():
    rows = [Completion(p, "市", y) for p in ("甲市", "乙市") for y in range(2000, 2025)]  # 50 rows
    bars = pt.completion_bars(rows, ["乙市"])
    assert sum(b.place == "乙市" for b in bars) == 25 and sum(b.place == "甲市" for b in bars) == 15


def test_chains_drawn_are_all_while_few():
    rungs = [rung(f"链{i}", f"区{i}") for i in range(3)]
    assert pt.chains_drawn(rungs, "区9") == rungs
    assert pt.chains_note(rungs, rungs) == ""


def test_chains_drawn_put_the_chosen_place_first_and_keep_whole_chains():
    rungs = [r for i in range(25) for r in (rung(f"链{i}", f"区{i}"), rung(f"链{i}", "某省"))]
    drawn = pt.chains_drawn(rungs, "区24")
    chains = {r.chain for r in drawn}
    assert len(chains) == 20 and "链24" in chains  # the last chain, through the chosen place, is in
    assert chains == {f"链{i}" for i in range(19)} | {"链24"}
    assert len(drawn) == 40  # both rungs of every chain drawn
    note = pt.chains_note(drawn, rungs)
    assert "20 条链" in note and "共 25 条" in note


def test_pickers_offer_all_then_latest_year_first_and_indicators_in_order():
    mine = [pair("甲市", "gdp_growth", 2023), pair("甲市", "cpi", 2024), pair("甲市", "gdp_growth", 2024)]
    assert pt.year_options(mine) == [pt.ALL_YEARS, 2024, 2023]
    assert pt.indicator_options(mine) == [pt.ALL_INDICATORS, "gdp_growth", "cpi"]
    assert pt.chosen_pairs(mine, pt.ALL_YEARS, pt.ALL_INDICATORS) == mine
    assert pt.chosen_pairs(mine, 2024, pt.ALL_INDICATORS) == mine[1:]
    assert pt.chosen_pairs(mine, pt.ALL_YEARS, "gdp_growth") == [mine[0], mine[2]]
    assert pt.chosen_pairs(mine, 2023, "cpi") == []


def _link(text: str) -> tuple[str, dict]:
    m = re.fullmatch(r"\[(.*) →\]\(trends\?([^()\s]*)\)", text)
    assert m, text
    return m.group(1), parse_qs(m.group(2))


def test_trend_link_opens_the_place_and_indicator_on_trends():
    label, query = _link(pt.trend_link("吉林省长春市", "cpi"))
    assert query == {"ind": ["cpi"], "places": ["吉林省长春市"]}
    assert label.startswith("看吉林省长春市") and label.endswith("的历年趋势")
    _, query = _link(pt.trend_link("吉林省长春市", pt.ALL_INDICATORS))
    assert query["ind"] == [pt.TREND_INDICATOR]


def test_trend_link_label_keeps_a_place_name_with_markdown_from_making_a_link():
    name = "某区](http://evil.example)[x"
    label, query = _link(pt.trend_link(name, pt.ALL_INDICATORS))
    assert query["places"] == [name]  # the URL carries the name as written
    assert not re.search(r"(?<!\\)[\[\]()]", label)  # every bracket in the label is escaped


def test_report_picker_starts_at_the_places_first_report():
    choices = [("乙市", 2024), ("甲市", 2025), ("甲市", 2024)]
    assert pt.report_default(choices, "甲市") == 1
    assert pt.report_default(choices, "丙市") == 0

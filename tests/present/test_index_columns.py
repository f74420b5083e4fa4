"""The 对比 index and the 趋势 panel from the library's facts in columns (Library.fact_table):
the same views as from the reports' Fact objects, Facts made only for what is shown, and the
one place filter both pages use (lib.present.places)."""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from lib.analysis import panel as pn
from lib.model import PLAN, RESULT
from lib.present import index, choices, views
from lib.present import places
from lib.present.facts_columns import (FACT_FIELDS, dated_rows, fact_at, facts_of_rows,
                                          table_of_reports)
from lib.store.library import Library
from tests.support.library_helpers import make_reports, stand_in_parse_bytes, stand_in_parse_text
from tests.support.synth import synth_reports


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    lib = Library(tmp_path_factory.mktemp("idx") / "lib.sqlite", parse_bytes=stand_in_parse_bytes,
                  parse_text=stand_in_parse_text)
    for name, text, _ in make_reports(8, start=40):
        lib.add_bytes(text.encode(), name)
    return lib


def _same(a, b) -> bool:
    return (a is None and b is None) or a == b or (isinstance(a, float) and isinstance(b, float)
                                                  and math.isnan(a) and math.isnan(b))


def test_a_row_of_the_table_is_the_fact_it_came_from():
    reps = synth_reports(6)
    table = table_of_reports(reps)
    flat = [f for r in reps for f in r.facts]
    assert len(table) == len(flat) > 50
    import numpy as np

    some = [0, len(flat) // 2, len(flat) - 1]
    made = [fact_at(table, i) for i in some] + facts_of_rows(table, np.array(some))
    for i, f in zip(some + some, made):
        assert all(_same(getattr(f, c), getattr(flat[i], c)) for c in FACT_FIELDS), i


def _views(idx, section):
    out = []
    for year in [None, *choices.year_options(idx, section)]:
        groups = choices.place_options(idx, section, year)
        inds = choices.indicator_options(idx, section, year)
        out.append((year, groups, inds, choices.default_year(idx, section),
                    views.view_records(idx, section, year, groups, inds)))
    return out


def test_the_index_from_the_store_columns_shows_what_the_reports_state(stored):
    reports = stored.load_reports()
    from_table = index.build_index(reports, "t", stored.fact_table())
    from_facts = index.build_index(stored.load_reports(), "f")
    assert from_table.fact_count == from_facts.fact_count > 0
    assert from_table.indicator_places == from_facts.indicator_places
    for section in (RESULT, PLAN):
        assert repr(_views(from_table, section)) == repr(_views(from_facts, section))
    # no report's Facts were built for the index made from the columns
    assert reports and all(vars(r).get("_facts") is None for r in reports)
    assert reports[0].facts and vars(reports[0]).get("_facts")  # (which reading them would have)


def test_a_picked_file_shows_that_files_figure():
    a, b = synth_reports(1)[0], synth_reports(1)[0]
    b = replace(b, meta=replace(b.meta, file="copy.txt"),
                facts=[replace(f, value=f.value + 1) for f in b.facts])
    idx = index.build_index([a, b])
    group = index.group_key(a)
    f = next(f for f in a.facts if f.section == RESULT and f.year == a.meta.review_year)
    section, year, ind = RESULT, a.meta.review_year, f.indicator
    first = views.view_records(idx, section, year, [group], [ind])[0]
    picked = views.view_records(idx, section, year, [group], [ind], pick={group: "copy.txt"})[0]
    assert first.file == a.meta.file and picked.file == "copy.txt"
    assert picked.value == pytest.approx(first.value + 1)


def test_the_panel_of_one_indicator_from_columns_equals_the_panel_of_the_reports():
    reps = synth_reports(30)
    idx = index.build_index(reps)
    assert len(dated_rows(idx.table, ["gdp_growth"])) < len(idx.table)
    ours = pn.build_panel(index.panel_reports(idx, ["gdp_growth"]), keys=["gdp_growth"])
    theirs = pn.build_panel(reps, keys=["gdp_growth"])
    assert ours.rows and ours.rows == theirs.rows and ours.alternatives == theirs.alternatives


WHERE = {"a": ("浙江省", "市"), "b": ("浙江省", "区"), "c": ("江苏省", "县"), "d": ("", "国家"),
         "e": ("江苏省", "省")}.__getitem__


def test_the_place_filter_by_province_and_level():
    opts = ["d", "e", "a", "b", "c"]
    assert places.filter_places(opts, WHERE, "浙江省") == ["a", "b"]
    assert places.filter_places(opts, WHERE, level="区县") == ["b", "c"]
    assert places.filter_places(opts, WHERE, "江苏省", "省") == ["e"]
    assert places.filter_places(opts, WHERE) == opts
    assert places.province_choices(opts, WHERE) == ["江苏省", "浙江省"]


def test_a_long_list_keeps_the_places_above_districts():
    opts = ["d", "e", "a", "b", "c"]
    assert places.listed_places(opts, WHERE, 5) == (opts, False)
    assert places.listed_places(opts, WHERE, 4) == (["d", "e", "a"], True)

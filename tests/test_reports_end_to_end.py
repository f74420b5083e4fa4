"""Whole reports written in the style of real ones (other places, levels, years and
formats than the seeds, with their noise), through the whole pipeline, against a
hand-made expected table for each."""
from __future__ import annotations

import csv

import pytest

from conftest import ROOT
from lib.pipeline import parse_bytes

FIX = ROOT / "tests" / "fixtures"


def expected(name):
    with open(FIX / f"{name}.expected.csv", encoding="utf-8") as fh:
        return {(r["indicator"], r["section"], int(r["year"]), float(r["value"]), r["unit"], r["qualifier"])
                for r in csv.DictReader(fh)}


def got(report):
    return {(f.indicator, f.section, f.year, round(f.value, 6), f.unit, f.qualifier) for f in report.facts}


def big5_traditional(name):
    import opencc

    text = (FIX / f"{name}_simplified.txt").read_text(encoding="utf-8")
    return opencc.OpenCC("s2t").convert(text).encode("big5")


CASES = {
    # name: (bytes, file name, province, city, district, level, review_year, plan_year)
    "anyue_2024": (lambda: (FIX / "anyue_2024.txt").read_bytes(), "anyue_2024.txt",
                   "四川省", "资阳市", "安岳县", "县", 2023, 2024),
    "fuding_2023": (lambda: big5_traditional("fuding_2023"), "fuding_2023.txt",
                    "福建省", "宁德市", "福鼎市", "县", 2022, 2023),
    "wuqing_2024": (lambda: (FIX / "wuqing_2024.html").read_bytes(), "wuqing_2024.html",
                    "天津市", "", "武清区", "区", 2023, 2024),
    "guangdong_2024": (lambda: (FIX / "guangdong_2024.txt").read_bytes(), "guangdong_2024.txt",
                       "广东省", "", "", "省", 2023, 2024),
    "national_2024": (lambda: (FIX / "national_2024.txt").read_text(encoding="utf-8").encode("gb18030"),
                      "national_2024.txt", "中国", "", "", "国家", 2023, 2024),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_facts_match_the_hand_made_table(name):
    data, fname, *_ = CASES[name]
    report = parse_bytes(data(), fname)
    want, have = expected(name), got(report)
    assert have == want, f"missing {sorted(want - have)}\nextra {sorted(have - want)}"
    for f in report.facts:
        assert report.text[f.start:f.end] == f.evidence


@pytest.mark.parametrize("name", sorted(CASES))
def test_metadata(name):
    data, fname, province, city, district, level, ry, py = CASES[name]
    m = parse_bytes(data(), fname).meta
    assert (m.province, m.city, m.district, m.level, m.review_year, m.plan_year) == \
        (province, city, district, level, ry, py)


def test_traditional_text_keeps_its_characters_in_the_evidence():
    report = parse_bytes(big5_traditional("fuding_2023"), "fuding_2023.txt")
    gdp = next(f for f in report.facts if f.indicator == "gdp")
    assert "總值" in gdp.evidence  # matched on a simplified copy, shown as written

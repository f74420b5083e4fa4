"""Plan vs result speed: pairing, ambition and every amplification chain over a large library.

A synthetic library of 1,000 reports: 250 places (the nation, 9 provinces, 60 cities, 180
districts) over four consecutive years, each report with 30 targets and 30 results."""
from __future__ import annotations

import time

from lib.model import Fact, Report, ReportMeta
from lib.analysis.pairs import ambition_rows, amplification_from, amplification_index, pair_rows
from lib.lang.vocab import indicators

YEARS = (2021, 2022, 2023, 2024)


def library() -> list[Report]:
    inds = list(indicators().values())[:30]
    places = [("中国", "", "", "国家")]
    for p in range(9):
        places.append((f"省{p}", "", "", "省"))
        for c in range(6 if p < 6 else 8):
            if len(places) >= 70:
                break
            places.append((f"省{p}", f"市{c}", "", "市"))
    cities = [pl for pl in places if pl[3] == "市"]
    for i in range(180):
        pr_, ci, _, _ = cities[i % len(cities)]
        places.append((pr_, ci, f"区{i}", "区"))
    reports = []
    for n, (prov, city, dist, level) in enumerate(places[:250]):
        for y in YEARS:
            facts = []
            for k, ind in enumerate(inds):
                v = 5.0 + (n * 7 + k * 3 + y) % 11 / 2
                facts.append(Fact(ind.key, ind.label, "result", y - 1, v, ind.unit, start=k * 10))
                facts.append(Fact(ind.key, ind.label, "plan", y, v + 0.5, ind.unit,
                                  qualifier=("approx", "ge", "eq", "le")[k % 4], start=1000 + k * 10))
            meta = ReportMeta(file=f"{prov}{city}{dist}{y}.txt", province=prov, city=city,
                              district=dist, level=level, review_year=y - 1, plan_year=y)
            reports.append(Report(meta=meta, text="", facts=facts))
    return reports


def run() -> list[dict]:
    reports = library()
    facts = sum(len(r.facts) for r in reports)
    t0 = time.perf_counter()
    pairs = pair_rows(reports)
    amb = ambition_rows(reports)
    index = amplification_index(reports)
    dt = time.perf_counter() - t0
    t1 = time.perf_counter()
    chain = amplification_from(index, *next(iter(index)))
    dt_chain = (time.perf_counter() - t1) * 1000
    assert pairs and amb and chain
    return [{"name": f"pairs: {len(reports)} reports / {facts} facts, page tables", "measured": dt,
             "target": "<= 2", "unit": "s", "ok": dt <= 2},
            {"name": "pairs: one amplification chart's rows", "measured": dt_chain,
             "target": "<= 100", "unit": "ms", "ok": dt_chain <= 100}]

"""地图 speed: the rows and the figure of one rerun of the 地图 page over 1,000 synthetic reports,
for the national map (34 provinces and the 南海诸岛 inset) and the largest province's counties.
The boundary files are read once per process (the first call is timed apart)."""
from __future__ import annotations

import time

from lib.charts import map as charts_map

from lib.charts import geo as mapdata

from lib.present import index, choices
from lib.model import RESULT
from tests.support.synth import synth_reports

TARGET_MS = 300  # rows, figure and its JSON (what st.plotly_chart sends), on an idle 2-core machine


def _one(idx, year, scope_key: str) -> float:
    scope = mapdata.parse_scope(scope_key)
    t0 = time.perf_counter()
    ind = (mapdata.indicator_options(idx, RESULT, year, scope) or ["gdp_growth"])[0]
    rows = mapdata.map_rows(idx, RESULT, year, ind, scope)
    charts_map.choropleth(rows, scope, ind, RESULT, year).to_json()
    return (time.perf_counter() - t0) * 1000


def run() -> list[dict]:
    idx = index.build_index(synth_reports(1000), "bench")
    year = choices.default_year(idx, RESULT)
    out = []
    for key, label in (("china", "全国各省"), ("510000-county", "四川各区县")):
        first = _one(idx, year, key)
        best = min(_one(idx, year, key) for _ in range(3))
        out.append(dict(name=f"map: {label}, first call (reads the boundaries)", measured=first,
                        target=1500, unit="ms", ok=first <= 1500))
        out.append(dict(name=f"map: {label}, one rerun", measured=best, target=TARGET_MS, unit="ms",
                        ok=best <= TARGET_MS))
    return out

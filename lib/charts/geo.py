"""What the 地图 page draws: map layers (lib/data/maps, built by tools/build_map.py) and, for one
indicator, year and kind, which loaded report colours which region.

Pure functions (no Streamlit).  A *scope* is the map on screen: 全国 (the province-level units)
or one province's cities or counties.  A region is matched to a report by adcode, else by its
name inside the same province (an adcode changed since the boundaries were drawn or the report
carries none), else by the name without its kind (禄丰县 became 禄丰市 in 2021).  The figures come from `views.view_records`, the same selection as 对比.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from lib.present import choices, index, views
from lib.present.format import MISSING
from lib.present.labels import HEADLINE
from lib.present.records import STATED, ViewRow
from lib.lang.data import DATA

MAPS = DATA / "maps"
NATIONAL = "china"
NO_REPORT = "未载入报告"
# the map level a report's level is drawn at
MAP_LEVEL = {"省": "省", "市": "市", "区": "县", "县": "县"}
SCOPE_WORDS = {"市": "各市", "县": "各区县"}
SCOPE_CODES = {"市": "city", "县": "county"}


@dataclass(frozen=True)
class Region:
    adcode: str
    name: str
    level: str  # 省 | 市 | 县
    parent: str  # the province's adcode ('' for a province)


@dataclass(frozen=True)
class Scope:
    key: str  # 'china' | '330000-city' | '330000-county' (as in the URL)
    label: str
    province: str  # adcode, '' for the national map
    level: str  # the level of the regions drawn


@dataclass
class MapRow:
    """One region of the map: the report that speaks for it (if any) and its figure.
    `record` is the `views.view_records` row (value, unit, qualifier, shown, evidence, file)."""
    region: Region
    group: str = ""  # the report group ('' when no report of this place is loaded)
    record: Optional[ViewRow] = None

    @property
    def state(self) -> str:
        if not self.group:
            return NO_REPORT
        return MISSING if self.record is None or self.record.state == MISSING else STATED


# ---- layers ----------------------------------------------------------------------------

@lru_cache(maxsize=40)
def _read(name: str) -> dict:
    return json.loads((MAPS / f"{name}.geojson").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def provinces() -> tuple[Region, ...]:
    return tuple(_region(f) for f in _read("provinces")["features"])


def _region(f: dict) -> Region:
    p = f["properties"]
    return Region(p["adcode"], p["name"], p["level"], p.get("parent", ""))


@lru_cache(maxsize=256)
def province_of(name_or_code: str) -> Optional[Region]:
    for r in provinces():
        if name_or_code in (r.adcode, r.name):
            return r
    return None


def parse_scope(key: str) -> Scope:
    """'330000-city' -> Scope; anything unknown -> the national map."""
    code, _, level = (key or "").partition("-")
    prov = province_of(code) if code != NATIONAL else None
    lvl = {v: k for k, v in SCOPE_CODES.items()}.get(level)
    if prov is None or lvl is None:
        return Scope(NATIONAL, "全国 · 各省", "", "省")
    return Scope(f"{prov.adcode}-{SCOPE_CODES[lvl]}", f"{prov.name} · {SCOPE_WORDS[lvl]}", prov.adcode, lvl)


@lru_cache(maxsize=80)
def layer(scope: Scope) -> dict:
    """The scope's FeatureCollection (ids are adcodes; shared: do not modify)."""
    if scope.key == NATIONAL:
        return _read("provinces")
    feats = [f for f in _read(scope.province)["features"] if f["properties"]["level"] == scope.level]
    return {"type": "FeatureCollection", "features": feats}


@lru_cache(maxsize=80)
def regions(scope: Scope) -> tuple[Region, ...]:
    return tuple(_region(f) for f in layer(scope)["features"])


def maritime() -> tuple[list, list]:
    """(the ten dashes as [[lon, lat], ...] lines, the 南海诸岛 island points)."""
    feats = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in _read("maritime")["features"]}
    return feats["南海断续线"], feats["南海诸岛"]


# ---- reports onto regions ------------------------------------------------------------------

def _group_place(idx: index.DashIndex, group: str):
    """(adcode, province name, lowest unit name, map level) of a report group (cached per index)."""
    places = idx._cache.get("map_places")
    if places is None:
        places = idx._cache["map_places"] = {}
        for g, info in idx.info.items():
            m = idx.reports[info.files[0]].meta
            places[g] = (m.adcode or "", m.province, m.short_place, MAP_LEVEL.get(m.level, ""))
    return places[group]


def stem(name: str) -> str:
    """A county-level name without its kind, so a renamed unit still finds its shape:
    禄丰县 (the boundaries) and 禄丰市 (a 2021 report) are both 禄丰."""
    return name[:-1] if len(name) > 2 and name[-1] in "市县区旗" else name


def match_groups(idx: index.DashIndex, groups: Iterable[str], scope: Scope) -> dict[str, str]:
    """adcode -> group for the groups drawn on this scope (first group wins a region)."""
    regs = regions(scope)
    by_code = {r.adcode: r for r in regs}
    by_name = {r.name: r for r in regs}
    by_stem = {}
    for r in regs:
        by_stem.setdefault(stem(r.name), []).append(r)
    out: dict[str, str] = {}
    for g in groups:
        code, prov, name, level = _group_place(idx, g)
        if level != scope.level:
            continue
        if scope.province:
            p = province_of(prov)
            if p is None or p.adcode != scope.province:
                continue
        name = prov if scope.level == "省" else name
        r = by_code.get(code) or by_name.get(name)
        if r is None and len(by_stem.get(stem(name), [])) == 1:  # renamed: 禄丰县 -> 禄丰市
            r = by_stem[stem(name)][0]
        if r is not None:
            out.setdefault(r.adcode, g)
    return out


def scope_options(idx: index.DashIndex, section: str, year: Optional[int]) -> list[Scope]:
    """全国, then each province that has city or county reports for the section and year."""
    counts: dict[tuple, int] = {}
    for g in choices.place_options(idx, section, year):
        _, prov, _, level = _group_place(idx, g)
        p = province_of(prov)
        if p is not None and level in SCOPE_WORDS:
            counts[(p.adcode, level)] = counts.get((p.adcode, level), 0) + 1
    out = [parse_scope(NATIONAL)]
    for (code, level) in sorted(counts, key=lambda k: (k[0], k[1] != "市")):
        out.append(parse_scope(f"{code}-{SCOPE_CODES[level]}"))
    return out


def default_scope(idx: index.DashIndex, section: str, year: Optional[int]) -> Scope:
    """The map with the most reports on it (全国 on a tie): a library of city reports opens on
    their province's cities, not on an empty national map."""
    groups = choices.place_options(idx, section, year)
    options = scope_options(idx, section, year)
    counts = [len(match_groups(idx, groups, s)) for s in options]
    return options[counts.index(max(counts))]


def map_rows(idx: index.DashIndex, section: str, year: Optional[int], indicator: str,
             scope: Scope) -> list[MapRow]:
    """Every region of the scope, with the report that speaks for it and its figure (the same
    selection as 对比: `views.view_records`)."""
    matched = match_groups(idx, choices.place_options(idx, section, year), scope)
    records = {r.group: r for r in views.view_records(idx, section, year, list(matched.values()),
                                                        [indicator])}
    out = []
    for reg in regions(scope):
        g = matched.get(reg.adcode, "")
        out.append(MapRow(reg, g, records.get(g)))
    return out


def picked_groups(points: Iterable[dict], rows: list[MapRow]) -> list[str]:
    """The report groups of the regions a user clicked (plotly selection points carry the
    region's adcode as `location`); regions without a report are ignored."""
    by_code = {r.region.adcode: r.group for r in rows}
    out = []
    for p in points:
        g = by_code.get(str(p.get("location") or ""), "")
        if g and g not in out:
            out.append(g)
    return out


def indicator_options(idx: index.DashIndex, section: str, year: Optional[int], scope: Scope) -> list[str]:
    """Indicators stated by a report drawn on this scope: most stated first, the headline ones
    (GDP growth, …) first among equals, then 对比's order."""
    groups = list(match_groups(idx, choices.place_options(idx, section, year), scope).values())
    counts = choices.indicator_counts(idx, section, year, groups)
    keys = choices.indicator_options(idx, section, year)
    head = {k: i for i, k in enumerate(HEADLINE)}
    return sorted((k for k in keys if counts.get(k)), key=lambda k: (-counts[k], head.get(k, 99)))

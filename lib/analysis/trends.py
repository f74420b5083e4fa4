"""趋势: one indicator of one place across the years — each year's result and target.

Built on the panel (lib.analysis.panel), so a year shows exactly the value the panel exports and the
status the 计划与实绩 page gives.  Pure functions on typed records (no pandas, no Streamlit):

  build_trend_index(panel)      once per library version: (indicator, place) -> {year: TrendPoint}
  place_options(ti, k, ...)     the places stating indicator k, filtered by province and level
  series(ti, k, place)          one TrendPoint per year from the first to the last stated year;
                                a year no report speaks of is an empty point (a gap, never joined)
  summary(points, k)            "2016–2022 年 地区生产总值增速目标 6 项:超额完成 2,完成 1,…"
  decode_state / encode_state   the view <-> URL query parameters (ind, places, prov, level,
                                present, slide)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional

from lib.analysis import pairs as pr
from lib.lang.vocab import indicators, label
from lib.analysis.panel import RESULT_KIND, Panel
from lib.present import places

LEVEL_RANK = {"国家": 0, "省": 1, "市": 2, "区": 3, "县": 3}
DEFAULT_INDICATOR = "gdp_growth"
SEP = ","


@dataclass(frozen=True)
class TrendPoint:
    place: str
    year: int
    indicator: str
    unit: str = ""
    result: Optional[float] = None
    result_qual: str = ""
    estimated: bool = False
    result_file: str = ""
    result_evidence: str = ""
    target: Optional[float] = None
    target_high: Optional[float] = None
    target_qual: str = ""
    status: str = ""  # exceeded | met | missed | unknown; "" without a target
    target_file: str = ""
    target_evidence: str = ""

    @property
    def empty(self) -> bool:
        return self.result is None and self.target is None


@dataclass(frozen=True)
class PlaceInfo:
    place: str
    province: str
    level: str
    adcode: str


@dataclass
class TrendIndex:
    points: dict  # (indicator, place) -> {year: TrendPoint}
    places: dict  # place -> PlaceInfo
    by_indicator: dict  # indicator -> [place] (places stating it)
    indicators: list = field(default_factory=list)  # vocabulary order


def build_trend_index(panel: Panel) -> TrendIndex:
    parts: dict = {}
    places: dict = {}
    for r in panel.rows:
        places.setdefault(r.place, PlaceInfo(r.place, r.province, r.level, r.adcode))
        rec = parts.setdefault((r.indicator, r.place), {}).setdefault(r.year, {})
        if r.kind == RESULT_KIND:
            rec.update(result=r.value, result_qual=r.qualifier, estimated=r.estimated,
                       result_file=r.file, result_evidence=r.evidence, unit=rec.get("unit") or r.unit)
        else:
            rec.update(target=r.value, target_high=r.value_high, target_qual=r.qualifier,
                       status=r.status, target_file=r.file, target_evidence=r.evidence, unit=r.unit)
    points = {key: {y: TrendPoint(place=key[1], year=y, indicator=key[0], **rec) for y, rec in years.items()}
              for key, years in parts.items()}
    by_indicator: dict = {}
    for k, place in points:
        by_indicator.setdefault(k, []).append(place)
    order = {k: i for i, k in enumerate(indicators())}
    keys = sorted(by_indicator, key=lambda k: (order.get(k, len(order)), k))
    return TrendIndex(points, places, by_indicator, keys)


def default_indicator(ti: TrendIndex) -> Optional[str]:
    if DEFAULT_INDICATOR in ti.by_indicator:
        return DEFAULT_INDICATOR
    return max(ti.indicators, key=lambda k: len(ti.by_indicator[k]), default=None)


def _where(ti: TrendIndex):
    return lambda p: (ti.places[p].province, ti.places[p].level)


def place_options(ti: TrendIndex, indicator: str, province: str = "", level: str = "") -> list[str]:
    """Places stating the indicator (optionally of one province and level), higher levels first,
    then by name.  The place picker searches these by name."""
    out = places.filter_places(ti.by_indicator.get(indicator, []), _where(ti), province, level)
    return sorted(out, key=lambda p: (LEVEL_RANK.get(ti.places[p].level, 9), p))


def provinces(ti: TrendIndex, indicator: str) -> list[str]:
    return places.province_choices(ti.by_indicator.get(indicator, []), _where(ti))


def listed_places(ti: TrendIndex, options: list, max_options: int) -> tuple[list, bool]:
    """What the place picker lists (lib.present.places.listed_places)."""
    return places.listed_places(options, _where(ti), max_options)


def default_places(ti: TrendIndex, indicator: str, n: int = 2) -> list[str]:
    """The places with the longest run of years for the indicator."""
    opts = ti.by_indicator.get(indicator, [])
    return sorted(opts, key=lambda p: (-len(ti.points[(indicator, p)]), p))[:n]


def series(ti: TrendIndex, indicator: str, place: str,
           years: Optional[tuple] = None) -> list[TrendPoint]:
    """One point per year from `years` (default: the place's first to last stated year);
    a year with nothing stated is an empty point, which the chart draws as a gap."""
    got = ti.points.get((indicator, place), {})
    if not got:
        return []
    lo, hi = years or (min(got), max(got))
    return [got.get(y) or TrendPoint(place=place, year=y, indicator=indicator) for y in range(lo, hi + 1)]


def year_span(ti: TrendIndex, indicator: str, places: list) -> Optional[tuple]:
    ys = [y for p in places for y in ti.points.get((indicator, p), {})]
    return (min(ys), max(ys)) if ys else None


def summary(points: list, indicator: str) -> str:
    """'2016–2022 年 地区生产总值增速目标 6 项:超额完成 2,完成 1,未完成 1,未知 2' (zero counts left
    out); '… 没有目标' when the years hold results only."""
    targets = [p for p in points if p.target is not None]
    name = label(indicator)
    if not targets:
        years = [p.year for p in points if not p.empty]
        span = f"{min(years)}–{max(years)} 年" if years else ""
        return f"{span} {name}:只有实绩,没有目标".strip()
    y0, y1 = min(p.year for p in targets), max(p.year for p in targets)
    span = f"{y0}–{y1} 年" if y0 != y1 else f"{y0} 年"
    counts = [(pr.STATUS_ZH[s], sum(p.status == s for p in targets)) for s in pr.STATUSES]
    return f"{span} {name}目标 {len(targets)} 项:" + ",".join(f"{z} {n}" for z, n in counts if n)


def gaps(points: list) -> list[int]:
    """Years inside the span with no result (the line breaks there)."""
    return [p.year for p in points if p.result is None]


# ---- URL state ------------------------------------------------------------------------------

@dataclass
class TrendState:
    indicator: Optional[str] = None
    places: Optional[list] = None
    province: str = ""
    level: str = ""
    present: bool = False
    slide: int = 1
    notes: list = field(default_factory=list)


def _one(v) -> str:
    if isinstance(v, (list, tuple)):
        return str(v[-1]) if v else ""
    return "" if v is None else str(v)


def decode_state(params: Mapping) -> TrendState:
    p = dict(params)
    s = TrendState(indicator=_one(p.get("ind")).split(SEP)[0].strip() or None,
                   province=_one(p.get("prov")).strip(), level=_one(p.get("level")).strip(),
                   present=_one(p.get("present")).lower() in ("1", "true", "yes", "on", "是"))
    if "places" in p:
        s.places = [] if _one(p.get("places")).strip() == "-" else list(dict.fromkeys(x.strip() for x in _one(p.get("places")).split(SEP) if x.strip()))
    try:
        s.slide = max(1, int(_one(p.get("slide")) or 1))
    except ValueError:
        s.slide = 1
    return s


def resolve_state(ti: TrendIndex, s: TrendState) -> TrendState:
    """Defaults for what the URL leaves out; what the library lacks is dropped with a note."""
    out = TrendState(s.indicator, s.places, s.province, s.level, s.present, s.slide, list(s.notes))
    if out.indicator not in ti.by_indicator:
        if out.indicator:
            out.notes.append(f"链接中的指标「{out.indicator}」在报告库中没有数据,已改用默认指标。")
        out.indicator = default_indicator(ti)
    if out.province and out.province not in provinces(ti, out.indicator):
        out.province = ""
    if out.level not in ("", "国家", "省", "市", "区", "县", "区县"):
        out.level = ""
    known = set(ti.by_indicator.get(out.indicator, []))
    if out.places is None:
        out.places = default_places(ti, out.indicator) if out.indicator else []
    else:
        dropped = [p for p in out.places if p not in known]
        if dropped:
            out.notes.append("链接中的这些地区没有该指标的数据,已忽略:" + "、".join(dropped[:5])
                             + (" 等" if len(dropped) > 5 else ""))
        out.places = [p for p in out.places if p in known]
    out.slide = min(max(1, out.slide), max(1, len(out.places)))
    return out


def encode_state(s: TrendState) -> dict:
    out = {}
    if s.indicator:
        out["ind"] = s.indicator
    if s.places is not None:
        out["places"] = SEP.join(s.places) if s.places else "-"
    if s.province:
        out["prov"] = s.province
    if s.level:
        out["level"] = s.level
    if s.present:
        out["present"] = "1"
        if s.slide > 1:
            out["slide"] = str(s.slide)
    return out

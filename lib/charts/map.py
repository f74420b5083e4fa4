"""The 地图 figure: one indicator, year and kind as a choropleth of a scope's regions.

Layers, bottom to top, on a plotly geo subplot (no base map, no network: plotly.js fetches its
world topojson only when a geo's first trace names `locationmode` or a base layer is shown, so
each geo opens with the ten-dash line, a lon/lat trace):
  - the ten-dash line and the islands of 南海诸岛 (national map and Hainan: also in an inset,
    lower right, as on the standard map of China);
  - regions without a loaded report: a pale fill (legend 未载入报告);
  - regions whose report does not state the figure: grey (legend 未提及), never a colour of the
    scale; a figure in another unit (亿元 beside 亿美元) is grey too, its hover says so;
  - the stated figures, coloured by value on a sequential scale whose lowest colour is a clear
    yellow (a range 6%-6.5% is coloured at its middle).
Hover: the place, the figure as the report states it (超/以上/左右), the evidence sentence and the
file, all escaped.  The source line is an annotation under the map, as on the 对比 charts.
"""
from __future__ import annotations

import html
from typing import Optional

import plotly.graph_objects as go

from lib.charts.compare import FONT, panel_bars, panel_title
from lib.charts.geo import NO_REPORT, MapRow, Scope, layer, maritime
from lib.present import slides
from lib.present.format import MISSING, scale_unit
from lib.present.records import STATED
from lib.present.views import source_line
from lib.lang.vocab import indicators


# sequential, light to dark; the lowest stop is a saturated yellow, far from both greys
SCALE = [[0.0, "#fde68a"], [0.25, "#fdb45c"], [0.5, "#f0703c"], [0.75, "#c9302c"], [1.0, "#6e0f1d"]]
THEMES = {
    "light": dict(paper="#ffffff", text="#1b1b1b", muted="#555555", border="#ffffff",
                  empty="#eef0f2", empty_line="#c5c9cf", missing="#9a9a9a", line="#4a4a4a",
                  frame="#8a8a8a"),
    "dark": dict(paper="#111418", text="#f2f2f2", muted="#b8bcc2", border="#111418",
                 empty="#23282f", empty_line="#3b424c", missing="#6f747b", line="#c9c9c9",
                 frame="#6b7078"),
}
# the inset: 南海诸岛 down to James Shoal, as the standard map shows them
INSET_LON, INSET_LAT = (106.0, 123.0), (2.5, 24.5)
SOUTH_SEA_LAT = 18.0
SANSHA = "4603"
# a click selects a region (to add it to the comparison): keep every colour as it was
KEEP = dict(selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)))


def _south_sea(f: dict, ring: list) -> bool:
    """A ring the inset shows: 三沙市 (4603xx, the city of 南海诸岛, some of whose specks lie north
    of 18°N) or any land south of 18°N east of the Gulf of Tonkin coast."""
    if f["id"].startswith(SANSHA):
        return True
    cx = sum(p[0] for p in ring) / len(ring)
    cy = sum(p[1] for p in ring) / len(ring)
    return cy < SOUTH_SEA_LAT and cx > 108.5


def _bounds(gj: dict) -> tuple:
    """(lon0, lon1, lat0, lat1) of the layer's rings; 南海诸岛 are left to the inset."""
    xs, ys = [], []
    for f in gj["features"]:
        for poly in f["geometry"]["coordinates"]:
            if not _south_sea(f, poly[0]):
                xs += [p[0] for p in poly[0]]
                ys += [p[1] for p in poly[0]]
    return min(xs), max(xs), min(ys), max(ys)


def _has_south_sea(gj: dict) -> bool:
    return any(_south_sea(f, poly[0]) for f in gj["features"] for poly in f["geometry"]["coordinates"])


def _in_box(gj: dict, lon: tuple, lat: tuple) -> dict:
    """The features with a ring whose box meets the inset's box (the inset draws only those)."""
    def meets(f):
        for poly in f["geometry"]["coordinates"]:
            xs = [p[0] for p in poly[0]]
            ys = [p[1] for p in poly[0]]
            if min(xs) <= lon[1] and max(xs) >= lon[0] and min(ys) <= lat[1] and max(ys) >= lat[0]:
                return True
        return False
    return {"type": "FeatureCollection", "features": [f for f in gj["features"] if meets(f)]}


def _wrap(s: str, width: int = 28) -> str:
    """The sentence in lines of `width` characters, each escaped (cut first, so an entity such as
    &amp;lt; is never split by a line break)."""
    s = s or ""
    return "<br>".join(html.escape(s[i:i + width], quote=False) for i in range(0, len(s), width)) or "(无)"


def _hover(row: MapRow, extra: str = "") -> str:
    rec = row.record
    head = f"<b>{html.escape((rec.place if rec else '') or row.region.name, quote=False)}</b>"
    if row.state == NO_REPORT:
        return f"{head}<br>{NO_REPORT}:报告库中没有该地这一年的报告"
    if row.state == MISSING:
        return f"{head}<br>{MISSING}:该报告没有给出这一数字"
    if extra:
        return f"{head}<br>以其他单位表述,不能同色比较:{html.escape(extra, quote=False)}"
    return (f"{head}<br>{html.escape(rec.shown, quote=False)}<br>原文:{_wrap(rec.evidence)}"
            f"<br>来源:{html.escape((rec.file or '').rsplit('/', 1)[-1] or '(无)', quote=False)}")


def _lines(segments: list) -> tuple[list, list]:
    lon, lat = [], []
    for seg in segments:
        lon += [p[0] for p in seg] + [None]
        lat += [p[1] for p in seg] + [None]
    return lon, lat


def _sea_traces(geo: str, colors: dict, dash: list, dots: list) -> list:
    lon, lat = _lines(dash)
    return [dict(type="scattergeo", geo=geo, lon=lon, lat=lat, mode="lines", hoverinfo="skip",
                 line=dict(color=colors["line"], width=1.6), showlegend=False, meta=dict(role="dash")),
            dict(type="scattergeo", geo=geo, lon=[p[0] for p in dots], lat=[p[1] for p in dots],
                 mode="markers", hoverinfo="skip", marker=dict(size=2.5, color=colors["line"]),
                 showlegend=False, meta=dict(role="islands"))]


def _choropleths(geo: str, gj: dict, parts: dict, colors: dict, zrange: tuple, unit: str,
                 main: bool, small: int = 12) -> list:
    """The three region layers (no report, 未提及, stated) on one geo subplot."""
    hover = "%{hovertext}<extra></extra>"
    by_id = {f["id"]: f for f in gj["features"]}

    def shapes(rows):  # each layer carries only its own regions: the map's shapes go out once
        return {"type": "FeatureCollection", "features": [by_id[r.region.adcode] for r, _ in rows]}

    out = []
    for role, name, rows, fill in (("empty", NO_REPORT, parts["empty"], colors["empty"]),
                                   ("missing", MISSING, parts["missing"], colors["missing"])):
        if not rows:
            continue
        out.append(dict(type="choropleth", geo=geo, geojson=shapes(rows), featureidkey="id", name=name,
                        locations=[r.region.adcode for r, _ in rows], z=[0] * len(rows),
                        colorscale=[[0, fill], [1, fill]], showscale=False, showlegend=main,
                        legendrank=2 if role == "missing" else 3,
                        marker=dict(line=dict(color=colors["empty_line"] if role == "empty" else colors["border"],
                                              width=0.6)),
                        hovertext=[_hover(r, x) for r, x in rows], hovertemplate=hover,
                        customdata=[r.group for r, _ in rows], meta=dict(role=role), **KEEP))
    rows = parts["stated"]
    if rows:
        out.append(dict(type="choropleth", geo=geo, geojson=shapes(rows), featureidkey="id", name="已提及",
                        locations=[r.region.adcode for r, _ in rows], z=[z for _, z in rows],
                        zmin=zrange[0], zmax=zrange[1], colorscale=SCALE, showscale=main, showlegend=False,
                        colorbar=dict(title=dict(text=unit, font=dict(size=small + 1), side="top"),
                                      orientation="h", thickness=12, len=0.34, x=1.0, xanchor="right",
                                      y=0, yanchor="top", outlinewidth=0, nticks=5,
                                      tickfont=dict(color=colors["text"], size=small)),
                        marker=dict(line=dict(color=colors["border"], width=0.6)),
                        hovertext=[_hover(r) for r, _ in rows], hovertemplate=hover,
                        customdata=[r.group for r, _ in rows], meta=dict(role="value"), **KEEP))
    return out


def _split(rows: list[MapRow], indicator: str) -> tuple[dict, float, str]:
    """Rows into the layers, with the colour value of each stated row (in the shown unit)."""
    recs = [r.record for r in rows if r.state == STATED]
    _, stated, other, unit = panel_bars(recs, indicator) if recs else ([], [], [], "")
    factor, shown = scale_unit([b.mid for b in stated], unit)
    parts = dict(empty=[], missing=[], stated=[])
    by_group = {b.row.group: b for b in stated + other}
    for row in rows:
        bar = by_group.get(row.group) if row.state == STATED else None
        if row.state == NO_REPORT:
            parts["empty"].append((row, ""))
        elif bar is None or bar.other_unit:  # 未提及, or stated in another unit (its hover says so)
            parts["missing"].append((row, bar.other_unit if bar is not None else ""))
        else:
            parts["stated"].append((row, bar.mid / factor))
    return parts, factor, shown


def choropleth(rows: list[MapRow], scope: Scope, indicator: str, section: str, year: Optional[int],
               theme: str = "light", present: bool = False) -> go.Figure:
    """rows: `mapdata.map_rows` for this scope, indicator, section and year.  theme: light | dark;
    present=True: the projector version (black on white, one screen tall, type >= 22 px)."""
    colors = THEMES["light" if present else theme] if theme in THEMES else THEMES["light"]
    small = slides.PRESENT_MIN_PX if present else 12  # legend, source line, colour bar
    gj = layer(scope)
    parts, _, unit = _split(rows, indicator)
    data, geos = _layers(gj, parts, colors, unit, small)
    files = [r.record.file for r, _ in parts["stated"]]
    layout = dict(
        _frame(indicator, section, year, scope, unit, colors, present),
        annotations=_notes(source_line(files, section, year), "geo2" in geos, colors, present),
        meta=dict(indicator=indicator, scope=scope.key, unit=unit, section=section, year=year,
                  stated=len(parts["stated"]), missing=len(parts["missing"]), empty=len(parts["empty"])),
        **geos,
    )
    # built as plain data and handed over unvalidated (validation costs ~0.3 s on a national map);
    # tests/charts/test_map.py validates every shape this function produces
    return go.Figure(dict(data=data, layout=layout), _validate=False)


def _color_range(parts: dict) -> tuple[float, float]:
    zs = [z for _, z in parts["stated"]]
    zrange = (min(zs), max(zs)) if zs else (0.0, 1.0)
    if zrange[0] == zrange[1]:
        zrange = (zrange[0] - 1, zrange[1] + 1) if zrange[0] else (0.0, 1.0)
    return zrange


def _layers(gj: dict, parts: dict, colors: dict, unit: str, small: int) -> tuple[list, dict]:
    """(traces, geo subplots): the scope's map, and the 南海诸岛 inset when the scope reaches it."""
    zrange = _color_range(parts)
    dash, dots = maritime()
    inset = _has_south_sea(gj)
    lon0, lon1, lat0, lat1 = _bounds(gj)
    pad = 0.03 * max(lon1 - lon0, lat1 - lat0)
    geos = dict(geo=dict(visible=False, bgcolor=colors["paper"], domain=dict(x=[0, 1], y=[0, 1]),
                         projection=dict(type="conic equal area",
                                         parallels=[lat0 + (lat1 - lat0) / 6, lat1 - (lat1 - lat0) / 6],
                                         rotation=dict(lon=(lon0 + lon1) / 2)),
                         lonaxis=dict(range=[lon0 - pad, lon1 + pad]), lataxis=dict(range=[lat0 - pad, lat1 + pad])))
    data = _sea_traces("geo", colors, dash, dots if not inset else []) + \
        _choropleths("geo", gj, parts, colors, zrange, unit, True, small)
    if inset:
        inset_gj = _in_box(gj, INSET_LON, INSET_LAT)
        ids = {f["id"] for f in inset_gj["features"]}
        inset_parts = {k: [(r, z) for r, z in v if r.region.adcode in ids] for k, v in parts.items()}
        data += _sea_traces("geo2", colors, dash, dots) + \
            _choropleths("geo2", inset_gj, inset_parts, colors, zrange, unit, False, small)
        geos["geo2"] = dict(visible=False, bgcolor=colors["paper"], showframe=True, framecolor=colors["frame"],
                            framewidth=1, projection=dict(type="mercator"),
                            lonaxis=dict(range=list(INSET_LON)), lataxis=dict(range=list(INSET_LAT)),
                            domain=dict(x=[0.80, 0.97], y=[0.02, 0.34]))
    return data, geos


def _frame(indicator: str, section: str, year: Optional[int], scope: Scope, unit: str, colors: dict,
           present: bool) -> dict:
    """Title (indicator, scope, unit), fonts, size, margins and legend of the map."""
    small = slides.PRESENT_MIN_PX if present else 12
    title = panel_title(indicator, section, year)
    ind = indicators().get(indicator)
    sub = f"{scope.label}" + (f" · 单位:{unit}" if unit else "") + \
        (" · 数值越低越好" if ind and ind.better == "down" else "")
    base = 22 if present else 13
    return dict(
        title=dict(text=f"{html.escape(title, quote=False)}<br><span style='font-size:{small + 2}px'>"
                        f"{html.escape(sub, quote=False)}</span>", font=dict(size=36 if present else 17),
                   x=0, xref="paper", xanchor="left"),
        font=dict(family=FONT, size=base, color=colors["text"]),
        height=slides.PRESENT_FIG_PX if present else 640,
        paper_bgcolor=colors["paper"], plot_bgcolor=colors["paper"],
        margin=dict(l=8, r=8, t=110 if present else 64, b=100 if present else 70), dragmode=False,
        clickmode="event+select",
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="top", font=dict(size=small),
                    itemsizing="constant"),
        hoverlabel=dict(font=dict(family=FONT, size=base), align="left"),
    )


def _notes(source: str, inset: bool, colors: dict, present: bool) -> list:
    """The source line under the map, and the inset's name."""
    size = slides.PRESENT_MIN_PX if present else 11
    notes = [dict(text=source, xref="paper", yref="paper", x=0, y=0,
                  xanchor="left", yanchor="top", yshift=-(62 if present else 44), showarrow=False, align="left",
                  font=dict(size=size, color=colors["muted"]), name="source")]
    if inset:
        notes.append(dict(text="南海诸岛", xref="paper", yref="paper", x=0.965, y=0.03, xanchor="right",
                          yanchor="bottom", showarrow=False, font=dict(size=size, color=colors["muted"]),
                          name="inset"))
    return notes

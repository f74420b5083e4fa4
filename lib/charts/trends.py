"""The 趋势 figure: one indicator across the years, a panel per place (small multiples).

Pure builder: `trend_figure(rows, indicator, theme)` with rows = [(place, [TrendPoint])] from
lib.analysis.trends.  In each panel
  results   a line through the years with a stated result; a year without one breaks the line
            (never joined across a gap); a 预计 estimate is a hollow marker on a dotted stretch;
  targets   a mark coloured by status (超额完成 / 完成 / 未完成 / 未知, the 计划与实绩 colours),
            shaped by the qualifier: 以上/超 an upward arrow, 以内 a downward one, 左右/近 a whisker
            of the met band (±0.5 pp, ±2%), a range a band from its low to its high end, a plain
            figure a diamond.
Hover shows the figure, the evidence sentence and the file; the source line sits under the plot.
The theme (colours, type sizes) is an argument: LIGHT for the page, PRESENT for a projector.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import plotly.graph_objects as go

from lib.analysis import pairs as pr
from lib.charts.pairs import STATUS_COLOR
from lib.charts.style import FONT
from lib.lang.vocab import indicators, label
from lib.analysis.trends import summary
from lib.present.format import NONE, format_figure



@dataclass(frozen=True)
class TrendTheme:
    text: str = "#222222"
    muted: str = "#666666"
    paper: str = "#ffffff"
    plot: str = "#ffffff"
    grid: str = "#e3e3e3"
    result: str = "#2c3e50"
    font_px: int = 13
    title_px: int = 17
    marker_px: int = 11
    line_px: float = 2.5
    row_px: int = 300


LIGHT = TrendTheme()
# the app's dark theme: light ink on the page's own background (Streamlit's chart theme would set
# light text over LIGHT's white paper: titles and legends all but vanished)
DARK = TrendTheme(text="#e8e8e8", muted="#a8a8a8", paper="rgba(0,0,0,0)", plot="rgba(0,0,0,0)", grid="#3b404a",
                  result="#e8e8e8")
PRESENT = TrendTheme(text="#000000", muted="#333333", grid="#c8c8c8", result="#000000", font_px=24,
                     title_px=34, marker_px=22, line_px=5, row_px=700)

QUAL_SHAPE = {"ge": ("triangle-up", "以上/超:向上箭头"), "gt": ("triangle-up", "以上/超:向上箭头"),
              "le": ("triangle-down", "以内:向下箭头(上限)"),
              "approx": ("line-ew", "左右/接近:须线为完成区间"), "near": ("line-ew", "左右/接近:须线为完成区间"),
              "range": ("line-ew", "区间:色带为目标范围"), "eq": ("diamond", "目标值")}


def _e(s) -> str:
    return html.escape(str(s or ""), quote=False)


def _wrap(s: str, width: int = 30) -> str:
    s = _e(s)
    return "<br>".join(s[i:i + width] for i in range(0, len(s), width)) or "(无)"


def _file(p: str) -> str:
    return p.rsplit("/", 1)[-1] if p else ""


def _result_hover(p) -> str:
    fig = format_figure(p.result, p.unit, p.result_qual, None, p.estimated, missing=NONE)
    return (f"<b>{_e(p.place)}</b> {p.year}年实绩:{_e(fig)}<br>原文:{_wrap(p.result_evidence)}"
            f"<br>来源:{_e(_file(p.result_file)) or '(无)'}")


def _target_hover(p) -> str:
    fig = format_figure(p.target, p.unit, p.target_qual, p.target_high, missing=NONE)
    return (f"<b>{_e(p.place)}</b> {p.year}年目标:{_e(fig)} · {pr.STATUS_ZH.get(p.status, '未知')}"
            f"<br>原文:{_wrap(p.target_evidence)}<br>来源:{_e(_file(p.target_file)) or '(无)'}")


def _result_traces(points, axis: str, theme: TrendTheme) -> list:
    """The line (broken at gaps), final results as filled dots, 预计 as hollow dots on a dotted
    stretch from the year before."""
    years = [p.year for p in points]
    final = [p for p in points if p.result is not None and not p.estimated]
    est = [p for p in points if p.result is not None and p.estimated]
    out = [dict(type="scatter", x=years, y=[None if p.estimated else p.result for p in points],
                mode="lines", connectgaps=False, line=dict(color=theme.result, width=theme.line_px),
                hoverinfo="skip", showlegend=False, xaxis=f"x{axis}", yaxis=f"y{axis}",
                meta=dict(role="result-line"))]
    stated = {p.year: p for p in points if p.result is not None}
    for p in est:  # dotted stretches to and from an estimate, only between neighbouring years
        for a, b in ((stated.get(p.year - 1), p), (p, stated.get(p.year + 1))):
            if a is not None and b is not None:
                out.append(dict(type="scatter", x=[a.year, b.year], y=[a.result, b.result], mode="lines",
                                line=dict(color=theme.result, width=theme.line_px, dash="dot"),
                                hoverinfo="skip", showlegend=False, xaxis=f"x{axis}", yaxis=f"y{axis}",
                                meta=dict(role="estimate-line")))
    for rows, symbol, role in ((final, "circle", "result"), (est, "circle-open", "estimate")):
        if rows:
            out.append(dict(type="scatter", x=[p.year for p in rows], y=[p.result for p in rows],
                            mode="markers", marker=dict(symbol=symbol, size=theme.marker_px, color=theme.result,
                                                        line=dict(width=theme.line_px, color=theme.result)),
                            hovertext=[_result_hover(p) for p in rows], hovertemplate="%{hovertext}<extra></extra>",
                            showlegend=False, xaxis=f"x{axis}", yaxis=f"y{axis}", meta=dict(role=role)))
    return out


def _target_traces(points, axis: str, theme: TrendTheme) -> list:
    targets = [p for p in points if p.target is not None]
    out = []
    bands = [p for p in targets if p.target_qual == "range" and p.target_high is not None]
    if bands:
        out.append(dict(type="bar", x=[p.year for p in bands], y=[p.target_high - p.target for p in bands],
                        base=[p.target for p in bands], width=0.45, opacity=0.45,
                        marker=dict(color=[STATUS_COLOR.get(p.status, STATUS_COLOR[pr.UNKNOWN]) for p in bands],
                                    line=dict(width=1.5, color=[STATUS_COLOR.get(p.status) for p in bands])),
                        hovertext=[_target_hover(p) for p in bands], hovertemplate="%{hovertext}<extra></extra>",
                        showlegend=False, xaxis=f"x{axis}", yaxis=f"y{axis}", meta=dict(role="target-band")))
    for quals, role in ((("ge", "gt"), "target-arrow-up"), (("le",), "target-arrow-down"),
                        (("approx", "near"), "target-whisker"), (("range",), "target-range"),
                        (("eq", ""), "target-point")):
        rows = [p for p in targets if (p.target_qual or "eq") in quals
                and not (role == "target-range" and p.target_high is None)]
        if role == "target-point":
            rows += [p for p in targets if p.target_qual == "range" and p.target_high is None]
        if not rows:
            continue
        colors = [STATUS_COLOR.get(p.status, STATUS_COLOR[pr.UNKNOWN]) for p in rows]
        symbol = QUAL_SHAPE[rows[0].target_qual or "eq"][0] if role != "target-point" else "diamond"
        tr = dict(type="scatter", x=[p.year for p in rows],
                  y=[(p.target + p.target_high) / 2 if role == "target-range" else p.target for p in rows],
                  mode="markers", marker=dict(symbol=symbol, size=theme.marker_px + (12 if symbol == "line-ew" else 5),
                                              color=colors, line=dict(width=theme.line_px * (1.6 if symbol == "line-ew" else 1),
                                                                      color=colors)),
                  hovertext=[_target_hover(p) for p in rows], hovertemplate="%{hovertext}<extra></extra>",
                  showlegend=False, xaxis=f"x{axis}", yaxis=f"y{axis}",
                  meta=dict(role=role, status=[p.status for p in rows]))
        if role == "target-whisker":
            tr["error_y"] = dict(type="data", array=[pr.band(p.target, p.unit) for p in rows],
                                 color=theme.muted, thickness=theme.line_px, width=theme.marker_px)
        out.append(tr)
    return out


def _legend_traces(theme: TrendTheme, present_statuses, present_quals, has_estimate: bool) -> list:
    out = [dict(type="scatter", x=[None], y=[None], mode="lines+markers", name="实绩",
                line=dict(color=theme.result, width=theme.line_px),
                marker=dict(symbol="circle", size=theme.marker_px, color=theme.result),
                meta=dict(role="legend"))]
    if has_estimate:
        out.append(dict(type="scatter", x=[None], y=[None], mode="lines+markers", name="预计数(空心)",
                        line=dict(color=theme.result, width=theme.line_px, dash="dot"),
                        marker=dict(symbol="circle-open", size=theme.marker_px, color=theme.result),
                        meta=dict(role="legend")))
    for s in pr.STATUSES:
        if s in present_statuses:
            out.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=f"目标·{pr.STATUS_ZH[s]}",
                            marker=dict(symbol="square", size=theme.marker_px, color=STATUS_COLOR[s]),
                            meta=dict(role="legend")))
    seen = set()
    for q in ("ge", "le", "approx", "range", "eq"):
        symbol, name = QUAL_SHAPE[q]
        if q in present_quals and name not in seen:
            seen.add(name)
            out.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name,
                            marker=dict(symbol=symbol, size=theme.marker_px + 2, color=theme.muted,
                                        line=dict(width=2, color=theme.muted)),
                            meta=dict(role="legend")))
    return out


def source_text(rows) -> str:
    files = []
    for _, points in rows:
        for p in points:
            for f in (p.result_file, p.target_file):
                n = _file(f)
                if n and n not in files:
                    files.append(n)
    shown = "、".join(files[:3]) + (f" 等 {len(files)} 份" if len(files) > 3 else "")
    return f"来源:各地政府工作报告,文件 {_e(shown) or '(无)'};政报对比整理"


def _panel_axes(axis: str, band: tuple, years: tuple, unit: str, theme: TrendTheme) -> dict:
    """One place's panel: its x axis (the years, matched to the first panel) and y axis (its band
    of the figure's height)."""
    return {f"xaxis{axis}": dict(domain=[0, 1], anchor=f"y{axis}", range=[years[0] - 0.6, years[1] + 0.6],
                                 dtick=1, tickformat="d", showgrid=False, linecolor=theme.muted,
                                 tickfont=dict(size=theme.font_px), **({"matches": "x"} if axis else {})),
            f"yaxis{axis}": dict(domain=list(band), anchor=f"x{axis}", gridcolor=theme.grid,
                                 zeroline=False, ticksuffix=unit if unit == "%" else "", automargin=True,
                                 tickfont=dict(size=theme.font_px))}


def trend_figure(rows: list, indicator: str, theme: TrendTheme = LIGHT) -> go.Figure:
    """rows: [(place, [TrendPoint, ...])] (lib.analysis.trends.series), one panel per place, top down."""
    rows = [(place, pts) for place, pts in rows]
    ind = indicators().get(indicator)
    unit = ind.unit if ind else ""
    n = max(1, len(rows))
    gap = 0.1 if n > 1 else 0.0
    h = (1 - gap * (n - 1)) / n
    years = [p.year for _, pts in rows for p in pts]
    x0, x1 = (min(years), max(years)) if years else (2020, 2024)
    data, layout, notes = [], {}, []
    statuses, quals, has_est = set(), set(), False
    summaries = []
    for i, (place, pts) in enumerate(rows):
        axis = "" if i == 0 else str(i + 1)
        top = 1 - i * (h + gap)
        data += _result_traces(pts, axis, theme) + _target_traces(pts, axis, theme)
        statuses |= {p.status for p in pts if p.target is not None}
        quals |= {("ge" if p.target_qual == "gt" else "approx" if p.target_qual == "near" else p.target_qual or "eq")
                  for p in pts if p.target is not None}
        has_est = has_est or any(p.estimated for p in pts if p.result is not None)
        line = summary(pts, indicator)
        summaries.append(line)
        layout.update(_panel_axes(axis, (max(0, top - h), top), (x0, x1), unit, theme))
        notes.append(dict(text=f"<b>{_e(place)}</b>  <span style='font-size:{theme.font_px}px;color:{theme.muted}'>"
                               f"{_e(line)}</span>", xref="paper", yref="paper", x=0, y=top, xanchor="left",
                          yanchor="bottom", showarrow=False, font=dict(size=theme.font_px + 3, color=theme.text),
                          name="place"))
    data += _legend_traces(theme, statuses, quals, has_est)
    height = 170 + theme.row_px * n if theme.row_px < 600 else theme.row_px
    legend_rows = 3 if theme.font_px > 16 else 2  # the legend wraps on a narrow or a large-type page
    top_px = theme.title_px + 24 + legend_rows * (theme.font_px + 10) + theme.font_px + 22
    source = source_text(rows)
    notes.append(dict(text=source, xref="paper", yref="paper", x=0, y=0, yshift=-48, xanchor="left",
                      yanchor="top", showarrow=False, align="left", name="source",
                      font=dict(size=max(11, int(theme.font_px * 0.85)), color=theme.muted)))
    name = label(indicator) + (f"({unit})" if unit else "")
    layout.update(
        title=dict(text=f"{_e(name)}:历年实绩与目标", x=0, xanchor="left", xref="paper", y=1 - 8 / height,
                   yref="container", yanchor="top", font=dict(size=theme.title_px)),
        font=dict(family=FONT, size=theme.font_px, color=theme.text), height=height,
        paper_bgcolor=theme.paper, plot_bgcolor=theme.plot, barmode="overlay", hovermode="closest",
        margin=dict(l=10, r=20, t=top_px, b=80),
        legend=dict(orientation="h", x=0, xanchor="left", yanchor="top",
                    y=1 + (top_px - theme.title_px - 24) / max(1, height - top_px - 80),
                    font=dict(size=max(11, theme.font_px - 1))),
        hoverlabel=dict(font=dict(family=FONT, size=theme.font_px), align="left"),
        annotations=notes,
        meta=dict(indicator=indicator, places=[p for p, _ in rows], summaries=summaries, source=source,
                  unit=unit),
    )
    if not rows:
        notes.insert(0, dict(text="请选择至少一个地区", x=0.5, y=0.5, xref="paper", yref="paper",
                             showarrow=False, font=dict(size=theme.font_px + 2, color=theme.muted)))
    # handed over unvalidated (plotly's validation is most of the build time at 10,000 reports);
    # tests/analysis/test_trends.py validates every shape this function draws
    return go.Figure(dict(data=data, layout=layout), _validate=False)

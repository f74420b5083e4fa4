"""Charts for the 主题 page: pure functions from plain rows to plotly Figures.

Every chart names its source under the plot; an empty input gives a figure that says so.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib.present.escape import plotly_text as _t
from lib.charts.compare import wrap_line
from lib.charts.style import FONT as FONT_FAMILY, TRANSPARENT, palette

FONT = dict(family=FONT_FAMILY)
PALETTE = ["#c0392b", "#2471a3", "#229954", "#d68910", "#7d3c98", "#17a589", "#a04000", "#5d6d7e",
           "#cb4335", "#1f618d", "#b7950b", "#6c3483"]
COLOR_A, COLOR_B = "#c0392b", "#2471a3"


def _layout(fig: go.Figure, title: str, source: str, height: int, bottom: int = 60,
            theme: str = "light") -> go.Figure:
    """Title with the source as its subtitle (so the source is never hidden by a legend or long
    axis labels), wrapped so a narrow panel does not cut it; the legend its own block under them,
    anchored to the figure (a legend that wraps pushes the plot down, not onto the title or the
    axis labels)."""
    source = wrap_line(source, 40)
    head = 34 + 16 * (source.count("<br>") + 1)
    fig.update_layout(
        title=dict(text=_t(title), x=0, xanchor="left", pad=dict(l=6), xref="container",
                   y=1 - 6 / height, yref="container", yanchor="top",
                   subtitle=dict(text=source, font=dict(size=12, color=palette(theme).muted))),
        font=FONT, height=height, margin=dict(t=head + 40, b=bottom, l=10, r=20),
        plot_bgcolor=TRANSPARENT, paper_bgcolor=TRANSPARENT,
        legend=dict(orientation="h", yref="container", yanchor="top", y=1 - (head + 6) / height,
                    xref="container", x=0, xanchor="left"))
    return fig


def empty_figure(title: str, message: str, source: str, theme: str = "light") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=16, color="#888"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, source, 300, theme=theme)


def _bar_height(n: int) -> int:
    return max(320, 26 * n + 160)


def keywords_chart(panels: Sequence[tuple], source: str, title: str = "各单元关键词(TF-IDF)",
                   theme: str = "light") -> go.Figure:
    """panels: [(unit name, [{"word", "score", "count"}...]), ...] -> side-by-side horizontal bars,
    highest score on top."""
    panels = [(name, rows) for name, rows in panels]
    if not panels or not any(rows for _, rows in panels):
        return empty_figure(title, "没有可显示的关键词", source, theme)
    n = max(len(rows) for _, rows in panels)
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[_t(name) for name, _ in panels],
                        horizontal_spacing=min(0.12, 0.5 / max(1, len(panels))))
    for i, (name, rows) in enumerate(panels, 1):
        rows = list(rows)[::-1]
        fig.add_trace(go.Bar(
            x=[r["score"] * 1000 for r in rows], y=[_t(r["word"]) for r in rows], orientation="h",
            name=_t(name), marker_color=PALETTE[(i - 1) % len(PALETTE)], showlegend=False,
            customdata=[[r["count"]] for r in rows],
            hovertemplate="%{y}<br>TF-IDF ×1000 %{x:.2f}<br>出现 %{customdata[0]} 次<extra>%{fullData.name}</extra>"),
            row=1, col=i)
        fig.update_xaxes(title_text="TF-IDF(×1000)", row=1, col=i, gridcolor=palette(theme).grid)
        if not rows:
            fig.add_annotation(text="无关键词", xref=f"x{i if i > 1 else ''} domain",
                               yref=f"y{i if i > 1 else ''} domain", x=0.5, y=0.5, showarrow=False)
    return _layout(fig, title, source, _bar_height(n), theme=theme)


def distinctive_chart(unit_a: str, words_a: Sequence[dict], unit_b: str, words_b: Sequence[dict],
                      source: str, title: Optional[str] = None, theme: str = "light") -> go.Figure:
    """Two panels: the words most typical of A (z > 0) and of B (shown as B's own z, > 0)."""
    title = title or f"差异词:{unit_a} 与 {unit_b}(加权对数几率 z 值)"
    if not words_a and not words_b:
        return empty_figure(title, "两组之间没有可比较的词", source, theme)
    n = max(len(words_a), len(words_b), 1)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=[_t(f"更多见于 {unit_a}"), _t(f"更多见于 {unit_b}")])
    for col, (rows, color, who, other) in enumerate(
            [(words_a, COLOR_A, unit_a, unit_b), (words_b, COLOR_B, unit_b, unit_a)], 1):
        rows = list(rows)[::-1]
        fig.add_trace(go.Bar(
            x=[abs(r["z"]) for r in rows], y=[_t(r["word"]) for r in rows], orientation="h",
            marker_color=color, showlegend=False, name=_t(who),
            customdata=[[r["count_a"], r["count_b"], _t(unit_a), _t(unit_b)] for r in rows],
            hovertemplate=("%{y}<br>z = %{x:.2f}<br>%{customdata[2]} %{customdata[0]} 次 · "
                           "%{customdata[3]} %{customdata[1]} 次<extra></extra>")),
            row=1, col=col)
        fig.update_xaxes(title_text="z 值(越大越有区分度)", row=1, col=col, gridcolor=palette(theme).grid)
    return _layout(fig, title, source + "。|z| > 1.96 约相当于 95% 置信水平下的显著差异", _bar_height(n),
                   theme=theme)


def theme_chart(rows: Sequence[dict], themes: Sequence[str], source: str, kind: str = "bar",
                title: str = "主题画像:各主题句子占全文字数的比例", theme: str = "light") -> go.Figure:
    """rows: long format {"unit", "theme", "share"} (share 0..1, NaN when unknown).
    kind "bar": grouped bars, one colour per unit; kind "radar": one outline per unit."""
    unit_names = list(dict.fromkeys(r["unit"] for r in rows))
    if not unit_names:
        return empty_figure(title, "没有可显示的报告", source, theme)
    by = {(r["unit"], r["theme"]): r for r in rows}
    fig = go.Figure()
    for i, u in enumerate(unit_names):
        color = PALETTE[i % len(PALETTE)]
        vals = [by.get((u, t), {}).get("share") for t in themes]
        pct = [None if v is None or (isinstance(v, float) and math.isnan(v)) else round(v * 100, 1)
               for v in vals]
        sents = [by.get((u, t), {}).get("sentences") for t in themes]
        if kind == "radar":
            fig.add_trace(go.Scatterpolar(
                r=pct + pct[:1], theta=list(themes) + list(themes[:1]), name=_t(u), mode="lines+markers",
                line=dict(color=color), fill="toself", opacity=0.55,
                hovertemplate="%{theta}<br>%{r:.1f}%<extra>%{fullData.name}</extra>"))
        else:
            fig.add_trace(go.Bar(
                x=list(themes), y=pct, name=_t(u), marker_color=color, customdata=[[s] for s in sents],
                hovertemplate="%{x}<br>%{y:.1f}%<br>%{customdata[0]} 句<extra>%{fullData.name}</extra>"))
    if kind == "radar":
        grid = palette(theme).grid
        fig.update_layout(polar=dict(bgcolor=TRANSPARENT,
                                     radialaxis=dict(ticksuffix="%", angle=90, gridcolor=grid),
                                     angularaxis=dict(direction="clockwise", gridcolor=grid)))
        return _layout(fig, title, source, 600, theme=theme)
    fig.update_layout(barmode="group", yaxis=dict(title="占全文字数 %", ticksuffix="%", gridcolor=palette(theme).grid),
                      xaxis=dict(title=None))
    return _layout(fig, title, source, 520, theme=theme)


def kwic_chart(rows: Sequence[dict], term: str, source: str, pooled: bool = False,
               theme: str = "light") -> go.Figure:
    """rows: {"place", "year", "count", "chars", "per_10k"} -> one bar per place and year (x = the
    place, and its year when the rows span several), one colour per year; a place without a
    report for a year has no bar (missing, not zero) and takes no room.  pooled: the rows
    are all years of a place together (year None), labelled 各年合计."""
    title = f"「{term}」每万字出现次数"
    if not rows:
        return empty_figure(title, "没有可显示的报告", source, theme)
    years = sorted({r["year"] for r in rows}, key=lambda y: (y is None, y or 0))
    several = len(years) > 1
    place_order = {p: i for i, p in enumerate(dict.fromkeys(r["place"] for r in rows))}
    rows = sorted(rows, key=lambda r: (place_order[r["place"]], r["year"] is None, r["year"] or 0))

    def cat(r):  # one category per bar: no empty slots for the years a place has no report of
        place = _t(r["place"])  # category labels: Plotly reads tags in them
        return f"{place}<br>{r['year']}年" if several and r["year"] else place

    fig = go.Figure()
    for i, y in enumerate(years):
        sub = [r for r in rows if r["year"] == y]
        ys = [round(r["per_10k"], 2) for r in sub]
        fig.add_trace(go.Bar(
            x=[cat(r) for r in sub], y=ys, name=f"{y}年报告" if y else ("各年合计" if pooled else "年份不详"),
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=[[r["count"], r["chars"]] for r in sub], text=[f"{v:.1f}" for v in ys],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{x}<br>每万字 %{y:.2f} 次<br>共 %{customdata[0]} 次 / %{customdata[1]} 字<extra></extra>"))
    fig.update_layout(barmode="relative", bargap=0.3,
                      yaxis=dict(title="每万字次数", gridcolor=palette(theme).grid, rangemode="tozero"),
                      xaxis=dict(title=None, type="category", categoryorder="array",
                                 categoryarray=list(dict.fromkeys(cat(r) for r in rows))))
    return _layout(fig, title, source, 480, theme=theme)

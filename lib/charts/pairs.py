"""Plotly figures for the 计划与实绩 page.  Pure builders: records from lib.analysis.pairs in, Figure out.

Every figure says its source under the plot; a missing result or a missing rung is drawn as
missing (no bar, no point, a grey 暂无 / 未载入 label), never as zero.
"""
from __future__ import annotations

import plotly.graph_objects as go

from lib.present.escape import plotly_text
from lib.charts.compare import wrap_line
from lib.charts.style import FONT as FONT_FAMILY, TRANSPARENT, palette
from lib.analysis.pairs import (EXCEEDED, LE, LESS, LEVEL_ORDER, MET, MISSED, MORE, RANGE, SAME, STANCE_ZH,
                    STATUS_ZH, UNKNOWN, short_file)
from lib.analysis.pairs import vouched_mark
from lib.model import Ambition, Completion, Pair, Rung
from lib.present.format import format_figure, format_percent_change, format_signed

FONT = dict(family=FONT_FAMILY, size=13)
STATUS_COLOR = {EXCEEDED: "#1f6fb2", MET: "#2e9d57", MISSED: "#d6452f", UNKNOWN: "#b5b5b5"}
STANCE_COLOR = {MORE: "#1f6fb2", LESS: "#e08214", SAME: "#777777"}
STATUS_RANK = {EXCEEDED: 0, MET: 1, MISSED: 2, UNKNOWN: 3}
# the page's own background shows through (light or dark); see lib/charts/style.py
_BG = dict(plot_bgcolor=TRANSPARENT, paper_bgcolor=TRANSPARENT)
MISSING_COLOR = "#9a9a9a"
# an estimated (预计) result: white stripes over the status colour ("overlay", not "replace",
# which would drop the colour in the browser's plotly.js)
_ESTIMATE_PATTERN = {"pattern": dict(shape="/", fillmode="overlay", fgcolor="white", solidity=0.25)}


# a source line's width in CJK characters: at 400 px (a phone) a chart with place names on its
# left leaves about 26 characters of 11 px before the screen's edge
SOURCE_WIDTH = 26


def _source(fig: go.Figure, text: str, shift: int = -36, theme: str = "light",
            width: float = SOURCE_WIDTH) -> None:
    fig.add_annotation(text=wrap_line(text, width), xref="paper", yref="paper", x=0, y=0, yshift=shift,
                       xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=11, color=palette(theme).muted), name="source")


def _files(*groups) -> str:
    names = []
    for g in groups:
        for f in g:
            n = short_file(f)
            if n and n not in names:
                names.append(n)
    if len(names) > 4:
        return "、".join(names[:4]) + f" 等 {len(names)} 份"
    return "、".join(names) or "无"


def _empty(title: str, message: str, source: str, theme: str = "light") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=15, color=MISSING_COLOR))
    fig.update_layout(title=plotly_text(title), font=FONT, height=220, xaxis_visible=False, yaxis_visible=False,
                      **_BG, margin=dict(t=60, b=60, l=40, r=40))
    _source(fig, source, theme=theme)
    return fig


def _axis_range(values) -> list:
    vals = [v for v in values if v is not None]
    lo, hi = min(vals), max(vals)
    pad = (hi - lo) * 0.08 or max(abs(hi) * 0.1, 1.0)
    return [lo - pad, hi + pad]


def _row_label(row: Pair | Ambition) -> str:
    unit = row.unit or ""
    tail = f"({unit})" if unit and unit != "%" else ""
    return f"{plotly_text(row.label)}{tail}<br><span style='font-size:11px'>{row.year}年</span>"


# Stacked rows that read at any width, a phone's 400 px included: each target's name and verdict
# on two lines of text above its own small axis (no label column on the left, no note column on
# the right), the legend its own block under the title with room for three rows when it wraps.
ROW_TEXT_PX, ROW_BAR_PX, ROW_TICK_PX = 40, 34, 24
TOP_PX = 44 + 3 * 22  # title, then up to three legend rows


def _row_gap(n: int) -> float:
    """make_subplots' vertical spacing: the next row's two lines of text and this row's ticks."""
    return (ROW_TEXT_PX + ROW_TICK_PX) / _plot_px(n) if n > 1 else 0


def _plot_px(n: int) -> int:
    return n * ROW_BAR_PX + max(0, n - 1) * (ROW_TEXT_PX + ROW_TICK_PX)


def _title_over_legend(title: str, height: int) -> dict:
    """The title top left and the legend its own block under it, anchored to the figure: a
    legend that wraps onto more rows (a phone) pushes the plot down, never onto the title."""
    return dict(title=dict(text=plotly_text(title), x=0, xref="container", xanchor="left", pad=dict(l=6),
                           y=1 - 22 / height, yref="container", yanchor="middle"),
                legend=dict(orientation="h", yref="container", y=1 - 44 / height, yanchor="top",
                            xref="container", x=0, xanchor="left"))


def _on(i: int) -> dict:
    """The axes of row i, for a trace drawn in it."""
    return dict(xaxis="x" if i == 1 else f"x{i}", yaxis="y" if i == 1 else f"y{i}")


def _row_axes(n: int) -> dict:
    """make_subplots(rows=n, cols=1)'s axes, to the same floats, as a plain layout: make_subplots
    and updating its axes one row at a time re-validate every row each time (a place with 100
    targets took seconds)."""
    gap = _row_gap(n)
    h = (1.0 - gap * (n - 1)) / n
    out = {}
    for i in range(1, n + 1):
        below = n - i
        lo = sum([h] * below) + below * gap
        x, y = ("", "") if i == 1 else (str(i), str(i))
        out[f"xaxis{x}"] = dict(anchor=f"y{y}", domain=[0.0, 1.0])
        out[f"yaxis{y}"] = dict(anchor=f"x{x}", domain=[max(0.0, lo), min(1.0, lo + h)])
    return out


def _row_text(i: int, row: Pair | Ambition, line: str) -> dict:
    """The two lines above row i's axis: the indicator and year, then the verdict."""
    unit = row.unit or ""
    tail = f"({unit})" if unit and unit != "%" else ""
    return dict(text=f"<b>{row.label}{tail}</b> · {row.year}年<br>{line}",
                xref="x domain" if i == 1 else f"x{i} domain",
                yref="y domain" if i == 1 else f"y{i} domain", x=0, y=1, yshift=2,
                xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=12),
                align="left")




def _stacked_layout(fig: go.Figure, n: int, title: str, source: str, theme: str) -> None:
    source = wrap_line(source, SOURCE_WIDTH)
    lines = source.count("<br>") + 1
    top = TOP_PX + ROW_TEXT_PX
    bottom = ROW_TICK_PX + 16 + 15 * lines
    height = top + _plot_px(n) + bottom
    fig.update_layout(font=FONT, **_BG, height=height, margin=dict(l=12, r=16, t=top, b=bottom),
                      **_title_over_legend(title, height))
    _source(fig, source, shift=-ROW_TICK_PX - 6, theme=theme)


# ---- bullet chart: each target beside its result ---------------------------------------

def met_band(row: Pair) -> tuple:
    """The stretch of results that counts as 'met', for shading behind the bar."""
    t, h, q, b = row.target_value, row.target_high, row.target_qualifier, row.band
    if q == RANGE and h is not None:
        return min(t, h), max(t, h)
    if q == LE:
        return None, t  # open below: drawn from the axis' left end
    if q in ("approx", "near"):
        return t - b, t + b
    return (t, t + b) if row.better != "down" else (t - b, t)


def _trace(kind: str, **props) -> dict:
    """A trace as plain data: the stacked charts hand their rows to plotly unvalidated (validating
    each of a place's ~100 traces was most of a rerun); tests/charts validate every shape drawn."""
    return dict(type=kind, **props)


def _stacked_rows(rows: list, draw, **x_style) -> tuple[go.Figure, set]:
    """The shared frame of the stacked charts (bullets, ambition): one small axis per row with its
    two lines of text above it.  draw(traces, i, row, y label, shown legend groups) appends the
    row's traces and returns (the x range, the row's verdict line); x_style styles every x axis."""
    layout = _row_axes(len(rows))
    traces: list = []
    shown: set = set()
    notes = []
    for i, row in enumerate(rows, start=1):
        rng, line = draw(traces, i, row, _row_label(row), shown)
        notes.append(_row_text(i, row, line))
        x, y = _on(i)["xaxis"][1:], _on(i)["yaxis"][1:]
        layout[f"xaxis{x}"].update(range=rng, ticksuffix="%" if row.unit == "%" else "", tickformat=",~g",
                                   showgrid=False, nticks=6, **x_style)
        layout[f"yaxis{y}"].update(showgrid=False, showticklabels=False)
    return go.Figure(dict(data=traces, layout=dict(layout, annotations=notes)), _validate=False), shown


def _hover(text: str, evidence, file) -> list:
    return [text, plotly_text(evidence or ""), plotly_text(short_file(file))]


def _bullet_row(traces: list, i: int, row: Pair, lab: str, shown: set, pal) -> tuple[list, str]:
    """One target: the grey met band, the result bar coloured by status (striped when 预计), the
    target tick(s)."""
    t, h = row.target_value, row.target_high
    judged = row.actual_value is not None and row.gap is not None
    counted = t + row.gap if judged else None
    blo, bhi = met_band(row)
    rng = _axis_range([0, t, h, counted, blo, bhi])
    blo = rng[0] if blo is None else blo
    traces.append(_trace("bar", y=[lab], x=[bhi - blo], base=[blo], orientation="h", width=0.8,
                         marker=dict(color=pal.band), name="完成区间", legendgroup="band", legendrank=1,
                         showlegend="band" not in shown, hoverinfo="skip", **_on(i)))
    shown.add("band")
    status = row.status
    target_txt = format_figure(t, row.unit, row.target_qualifier, h) + vouched_mark(row.target_provenance)
    if judged:
        est = bool(row.actual_estimated)
        actual_txt = format_figure(row.actual_value, row.unit, row.actual_qualifier,
                                   row.actual_high, est) + vouched_mark(row.actual_provenance)
        traces.append(_trace("bar", 
            y=[lab], x=[counted], base=[0], orientation="h", width=0.36,
            marker=dict(color=STATUS_COLOR[status], **_ESTIMATE_PATTERN if est else {}),
            name=STATUS_ZH[status], legendgroup=status, showlegend=False,
            customdata=[[target_txt, actual_txt, STATUS_ZH[status], plotly_text(row.actual_evidence or ""),
                         plotly_text(short_file(row.actual_file))]],
            hovertemplate="目标 %{customdata[0]}<br>实绩 %{customdata[1]} · %{customdata[2]}"
                          "<br>原文:%{customdata[3]}<br>%{customdata[4]}<extra></extra>", **_on(i)))
        shown.add(status)
        note = (f"<b style='color:{STATUS_COLOR[status]}'>{STATUS_ZH[status]}</b> "
                f"实绩 {actual_txt}(差 {format_signed(row.gap, row.unit)})")
    else:
        note = f"<span style='color:{MISSING_COLOR}'>{row.note or '暂无实绩'}</span>"
    xs = [t] + ([h] if row.target_qualifier == RANGE and h is not None else [])
    traces.append(_trace("scatter", 
        y=[lab] * len(xs), x=xs, mode="markers", name="目标", legendgroup="target", legendrank=2,
        showlegend="target" not in shown,
        marker=dict(symbol="line-ns", size=30, line=dict(width=3, color=pal.mark)),
        customdata=[_hover(target_txt, row.target_evidence, row.target_file)] * len(xs),
        hovertemplate="目标 %{customdata[0]}<br>原文:%{customdata[1]}<br>%{customdata[2]}<extra></extra>", **_on(i)))
    shown.add("target")
    return rng, f"目标 {target_txt} · {note}"


def bullet_chart(rows: list[Pair], title: str = "目标与实绩", theme: str = "light") -> go.Figure:
    """One small bullet per target: grey met band, target tick(s) in the text colour, result bar
    by status."""
    if not rows:
        return _empty(title, "暂无目标", "来源:无", theme)
    pal = palette(theme)
    fig, shown = _stacked_rows(rows, lambda traces, i, row, lab, shown: _bullet_row(traces, i, row, lab, shown, pal),
                               zeroline=True, zerolinecolor="#999")
    # legend keys of their own: solid status colours, and one striped key for 预计
    first = _row_label(rows[0])
    keys = [(s, STATUS_ZH[s], dict(color=STATUS_COLOR[s])) for s in (EXCEEDED, MET, MISSED) if s in shown]
    if any(r.actual_estimated for r in rows if r.gap is not None):
        keys.append(("estimated", "预计数", dict(color="#8c8c8c", **_ESTIMATE_PATTERN)))
    for k, (group, name, marker) in enumerate(keys):
        fig.add_trace(go.Bar(y=[first], x=[0], base=[0], orientation="h", name=name, marker=marker,
                             legendgroup=group, legendrank=3 + k, hoverinfo="skip", **_on(1)))
    fig.update_layout(barmode="overlay")
    _stacked_layout(fig, len(rows), title, "来源:目标取自 " + _files([r.target_file for r in rows]) + ";实绩取自 "
                    + _files([r.actual_file for r in rows if r.actual_file])
                    + "。条纹 = 预计数;灰色区间 = 算作“完成”的范围。", theme)
    return fig


# ---- completion across places --------------------------------------------------------

def completion_chart(rows: list[Completion], title: str = "各地目标完成情况", theme: str = "light") -> go.Figure:
    """Stacked bars per place and target year: how many targets exceeded / met / missed / unknown."""
    rows = [r for r in rows if r.place != "合计"]
    if not rows:
        return _empty(title, "暂无目标", "来源:无", theme)
    ys = [plotly_text(f"{r.place} · {r.year}年") for r in rows]
    fig = go.Figure()
    for s in (EXCEEDED, MET, MISSED, UNKNOWN):
        fig.add_trace(go.Bar(y=ys, x=[r.count(s) for r in rows], orientation="h", name=STATUS_ZH[s],
                             marker_color=STATUS_COLOR[s], text=[r.count(s) or "" for r in rows],
                             textposition="inside", textangle=0, insidetextanchor="middle",
                             hovertemplate="%{y}<br>" + STATUS_ZH[s] + " %{x} 项<extra></extra>"))
    height = 80 + 120 + 48 + 36 * len(rows)  # title and legend, source line, bars
    fig.update_layout(font=FONT, barmode="stack", **_BG,
                      xaxis_title="目标数(项)", yaxis=dict(autorange="reversed"),
                      height=height, margin=dict(l=10, r=20, t=80, b=120),
                      **_title_over_legend(title, height), legend_traceorder="normal")
    _source(fig, f"来源:已载入报告中的 {sum(r.targets for r in rows)} 项目标及其次年实绩;"
                 "灰色 = 尚无实绩或无法判断。", shift=-62, theme=theme,
            width=19)  # it starts after the place · year labels (165 px on a 400 px phone)
    return fig


# ---- ambition: this year's target against last year's result ----------------------------

def _ambition_row(traces: list, i: int, row: Ambition, lab: str, shown: set) -> tuple[list, str]:
    """One indicator: last year's result (grey dot), a grey stretch to this year's target (a
    diamond coloured by stance; both ends of a range)."""
    t, h, unit, stance = row.target_value, row.target_high, row.unit, row.stance
    target_txt = format_figure(t, unit, row.target_qualifier, h)
    vals = [t, h]
    if row.last_value is not None:
        lv = row.last_value
        vals.append(lv)
        last_txt = format_figure(lv, unit, row.last_qualifier, row.last_high, bool(row.last_estimated))
        traces.append(_trace("scatter", y=[lab, lab], x=[lv, t], mode="lines", hoverinfo="skip",
                                 line=dict(color="#c8c8c8", width=6), showlegend=False, **_on(i)))
        traces.append(_trace("scatter", 
            y=[lab], x=[lv], mode="markers", name="上年实绩", legendgroup="last",
            showlegend="last" not in shown, marker=dict(size=14, color="#8c8c8c"),
            customdata=[_hover(last_txt, row.last_evidence, row.last_file)],
            hovertemplate=f"{row.last_year}年实绩 " + "%{customdata[0]}<br>原文:%{customdata[1]}"
                          "<br>%{customdata[2]}<extra></extra>", **_on(i)))
        shown.add("last")
        pct = "," + format_percent_change(row.change_pct) if row.change_pct is not None else ""
        note = (f"{row.last_year}年实绩 {last_txt} → <b style='color:{STANCE_COLOR[stance]}'>"
                f"{STANCE_ZH[stance]}</b>({format_signed(row.change, unit)}{pct})")
    else:
        note = f"<span style='color:{MISSING_COLOR}'>报告未提及{row.last_year}年实绩</span>"
    color = STANCE_COLOR.get(stance, MISSING_COLOR)
    xs = [t] + ([h] if row.target_qualifier == RANGE and h is not None else [])
    key = stance or "none"
    traces.append(_trace("scatter", 
        y=[lab] * len(xs), x=xs, mode="markers+lines", line=dict(color=color, width=3),
        name=f"今年目标({STANCE_ZH[stance]})" if stance else "今年目标(无从比较)",
        legendgroup=key, showlegend=key not in shown,
        marker=dict(symbol="diamond", size=16, color=color, line=dict(width=1, color="white")),
        customdata=[_hover(target_txt, row.target_evidence, row.target_file)] * len(xs),
        hovertemplate=f"{row.year}年目标 " + "%{customdata[0]}<br>原文:%{customdata[1]}"
                      "<br>%{customdata[2]}<extra></extra>", **_on(i)))
    shown.add(key)
    return _axis_range(vals), f"目标 {target_txt} · {note}"


def ambition_chart(rows: list[Ambition], title: str = "目标力度:今年目标与上年实绩",
                   theme: str = "light") -> go.Figure:
    if not rows:
        return _empty(title, "该报告没有目标", "来源:无", theme)
    fig, _ = _stacked_rows(rows, _ambition_row)
    _stacked_layout(fig, len(rows), title, "来源:" + _files([r.target_file for r in rows],
                                                            [r.last_file for r in rows if r.last_file])
                    + "(同一份报告中的上年实绩与今年目标;区间目标取其承诺端)。", theme)
    return fig


# ---- amplification: the same target down the ladder ------------------------------------

def _rung(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def amplification_chart(rows: list[Rung], title: str | None = None, theme: str = "light") -> go.Figure:
    """One line per chain, from the nation down to the lowest loaded place."""
    if not rows:
        return _empty(title or "层层加码", "没有两级以上的同一指标目标", "来源:无", theme)
    lab, year = rows[0].label, rows[0].year
    unit = next((r.unit for r in rows if r.unit), "")
    title = plotly_text(title or f"层层加码:{year}年{lab}目标")
    present = {r.level for r in rows}
    levels = sorted(present, key=_rung)
    fig = go.Figure()
    chains = list(dict.fromkeys(r.chain for r in rows))
    missing, labelled = [], set()
    for chain in chains:
        rs = sorted((r for r in rows if r.chain == chain), key=lambda r: _rung(r.level))
        xs = [r.level for r in rs]
        ys = [r.committed for r in rs]
        hi = [(r.target_high - r.committed) if r.loaded and r.target_high is not None else 0
              for r in rs]
        lo = [(r.committed - r.target_value) if r.loaded and r.target_high is not None else 0
              for r in rs]
        text = [format_figure(r.target_value, r.unit, r.target_qualifier, r.target_high)
                if r.loaded and r.place not in labelled else "" for r in rs]
        labelled.update(r.place for r in rs)  # a shared rung (中国) is labelled once
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers+text", name=plotly_text(chain), legendrank=len(fig.data) + 1, text=text, textposition="middle right",
            connectgaps=False, marker=dict(size=12), line=dict(width=2.5),
            error_y=dict(type="data", array=hi, arrayminus=lo, visible=any(hi) or any(lo), width=8),
            customdata=[[plotly_text(r.place), plotly_text(r.target_evidence or ""),
                         plotly_text(short_file(r.target_file)),
                         format_figure(r.target_value, r.unit, r.target_qualifier,
                                       r.target_high) if r.loaded else "未载入"] for r in rs],
            hovertemplate="%{customdata[0]}<br>目标 %{customdata[3]}<br>原文:%{customdata[1]}"
                          "<br>%{customdata[2]}<extra></extra>"))
        missing += [(r.level, r.place) for r in rs if not r.loaded]
    missing = list(dict.fromkeys(missing))
    for k, (lv, place) in enumerate(missing):  # under the level's tick label
        fig.add_annotation(x=lv, xref="x", yref="paper", y=0, yshift=-30 - 17 * k, yanchor="top",
                           showarrow=False, text=plotly_text(f"{place}:未载入"),
                           font=dict(size=12, color=MISSING_COLOR))
    fig.update_layout(font=FONT, **_BG, height=460,
                      xaxis=dict(type="category", categoryorder="array", categoryarray=levels),
                      yaxis=dict(title=f"目标({unit})" if unit else "目标", gridcolor=palette(theme).grid,
                                 ticksuffix="%" if unit == "%" else ""),
                      margin=dict(l=70, r=40, t=80, b=90 + 17 * len(missing)))
    fig.update_layout(**_title_over_legend(title, 460))
    files = [r.target_file for r in rows if r.loaded]
    _source(fig, "来源:" + _files(files) + "。层级自上而下;区间目标画出全区间,点为承诺端;"
                 "断线 = 该层级报告未载入。", shift=-40 - 17 * len(missing), theme=theme)
    return fig

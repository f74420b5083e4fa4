"""Plotly figure builders for the 对比 page: tables in, `go.Figure` out.

One panel per indicator (units differ), a horizontal bar per place sorted by
value.  The qualifier is drawn in the mark itself:
  超/以上 (gt/ge)  an arrow at the bar's end pointing on (the true figure is beyond);
  左右/约 (approx) a whisker around the end; 近 (near) a whisker below it;
  以内 (le)         a cap (an upper bound);
  区间 (range)      a band from the low to the high end;
  预计 (estimated)  a hatched bar.
A figure a person vouched for carries a small mark in its label and its hover
(✓ 已核对, ✎ 已修正, ✚ 手工添加; lib.analysis.doubt.provenance_mark).
A place that does not state the figure gets a row reading 未提及, never a zero bar.
Every figure carries its source line.  lib.charts.image renders PNG/SVG.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

import pandas as pd
import plotly.graph_objects as go

from lib.model import APPROX, GE, GT, LE, NEAR, PLAN, RANGE, RESULT
from lib.charts import style as chartstyle
from lib.present import slides
from lib.present.format import MISSING, format_figure, scale_unit
from lib.present.records import ViewRow
from lib.present.views import rows_of_table, source_line

from lib.lang.vocab import indicators
from lib.present.escape import plotly_text

FONT = chartstyle.FONT
PRIMARY = "#c0392b"
MARK = "#2471a3"  # arrows, whiskers, caps: visible on white, on the dark theme and against the red bars
BAND = "rgba(192,57,43,0.30)"
GREY = "#8a8a8a"
BAND_PRESENT = "rgba(155,28,28,0.35)"


def _wrap(s: str, width: int = 28) -> str:
    s = s or ""
    return "<br>".join(plotly_text(s[i:i + width]) for i in range(0, len(s), width)) or "(无)"


def _width(s: str) -> float:
    return sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in s)


def wrap_line(text: str, width: float = 30) -> str:
    """Break a plain source line into lines of about `width` CJK characters (Latin letters count
    about half), at 、 , ; or a space where one is near: '文件 a.docx、b.docx 等 16 份' keeps file
    names whole.  Returns Plotly text: each line escaped, joined by <br>."""
    out = []
    for line in text.split("<br>"):
        while _width(line) > width:
            cut, w = 0, 0.0
            for i, c in enumerate(line):
                w += _width(c)
                if w > width:
                    break
                if c in "、,,;; ":
                    cut = i + 1
            cut = cut or i
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return "<br>".join(plotly_text(x) for x in out)  # plain text (it names files): escaped here


def _basename(p: str) -> str:
    return p.rsplit("/", 1)[-1] if p else ""


def panel_title(key: str, section: str, year: Optional[int]) -> str:
    ind = indicators().get(key)
    name = ind.label if ind else key
    what = ("实绩" if section == RESULT else "目标" if section == PLAN else "")
    return f"{name}" + (f" · {year}年{what}" if year else f" · {what}" if what else "")


def _num(x):
    return None if x is None or x != x else float(x)


@dataclass
class Bar:
    """One place's row of a panel: its view row and what the chart derives from it."""

    row: ViewRow
    short: str  # the bar label, escaped (Plotly reads tags in it; a place name is user text)
    mid: Optional[float] = None  # the value (a range's middle) in the row's unit: the ranking
    other_unit: str = ""  # the figure as stated when its unit is not the panel's (FDI in 亿元)
    x: float = 0.0  # the value in the panel's shown unit
    xh: Optional[float] = None  # a range's high end in the shown unit
    label: str = ""  # the bar's label as the report writes it


def _panel_unit(stated: list, key: str) -> str:
    """One unit per panel: the indicator's own when a place states it, else the most common."""
    ind = indicators().get(key)
    units = [b.row.unit for b in stated if isinstance(b.row.unit, str) and b.row.unit]
    if ind and (ind.unit in units or not units):
        return ind.unit
    return Counter(units).most_common(1)[0][0] if units else ""


def panel_bars(rows, key: str) -> tuple[list, list, list, str]:
    """This indicator's rows as Bars: (all, stated sorted by value high to low, missing by name,
    unit).  `rows`: ViewRows, or a `views.view_table`.  A figure stated in another unit (FDI in
    亿元 beside 亿美元) cannot share the axis: it is listed with the missing rows, marked 单位不同
    with its own value."""
    if isinstance(rows, pd.DataFrame):
        rows = rows_of_table(rows)
    recs = [Bar(r, plotly_text(r.short)) for r in rows if r.indicator == key]
    stated = [b for b in recs if _num(b.row.value) is not None]
    unit = _panel_unit(stated, key)
    for b in stated:
        r = b.row
        if isinstance(r.unit, str) and r.unit and r.unit != unit:
            b.other_unit = format_figure(_num(r.value), r.unit, r.qualifier, _num(r.value_high), bool(r.estimated))
    missing = sorted((b for b in recs if _num(b.row.value) is None or b.other_unit), key=lambda b: b.short)
    stated = [b for b in stated if not b.other_unit]
    for b in stated:
        lo_, hi_ = _num(b.row.value), _num(b.row.value_high)
        b.mid = (lo_ + hi_) / 2 if b.row.qualifier == RANGE and hi_ is not None else lo_
    stated.sort(key=lambda b: b.short)
    stated.sort(key=lambda b: b.mid, reverse=True)
    return recs, stated, missing, unit


def _mark(provenance) -> str:
    """✓ 已核对, ✎ 已修正, ✚ 手工添加 (the hover's figure, views' `shown`, carries it too)."""
    from lib.analysis.doubt import provenance_mark

    return provenance_mark(provenance if isinstance(provenance, str) else "")


def present_screens(rows, key: str, per_screen: Optional[int] = None) -> list[list[str]]:
    """The places (bar labels) of one indicator's presentation screens, in order: the panel's
    ranking (highest first, then the places that do not state it) cut into consecutive screens
    of at most `per_screen` (default: what a 1080p screen holds at readable type).  Every place
    is on exactly one screen."""
    _, stated, missing, _ = panel_bars(rows, key)
    order = [b.short for b in stated] + [b.short for b in missing]
    return [order[a:b] for a, b in slides.place_groups(len(order), per_screen, _rank_keys(stated, missing))]


def _rank_keys(stated, missing) -> list:
    """The ranked values a presentation screen must not cut between (ties); None for 未提及."""
    return [b.mid for b in stated] + [None] * len(missing)


@dataclass
class _Look:
    """How one panel is drawn: sizes, colours and the axis' geometry."""

    present: bool
    colors: dict
    tick: int
    label_size: int
    small: Optional[int]  # legend, unit, source, 未提及 in presentation: never below PRESENT_MIN_PX
    base_font: int
    span: float
    collapse: bool  # the 未提及 places folded into one note under a normal panel

    @property
    def whisker(self) -> float:
        return 0.03 * self.span

    @property
    def gap(self) -> float:
        return 0.025 * self.span


def indicator_panel(rows, key: str, section: str, year: Optional[int],
                    source: Optional[str] = None, present: bool = False, group: int = 1,
                    per_screen: Optional[int] = None, theme: str = "light") -> go.Figure:
    """rows: `views.view_records` (or `view_table`) rows, one per chosen place; rows of other
    indicators are ignored.  `source` defaults to the files this panel's figures come from.

    present=True: the projector version.  Every place gets a row (none collapsed into a note),
    at most `per_screen` rows a screen (default `slides.present_capacity()`), and `group` picks
    which consecutive screen of the ranking this figure is (1-based, see `present_screens`).
    The axis and the unit are those of all the places, so screens compare with each other.
    `theme` ("light"/"dark"): the colours the chart sets itself (chartstyle.palette)."""
    pal = chartstyle.palette(theme)
    recs, stated, missing, unit = panel_bars(rows, key)
    source = _panel_source(source, recs, section, year, present)
    shown_unit, factor = _place_on_axis(stated, unit)
    lo, hi = _axis_ends(stated)
    all_missing = [b.row.place for b in missing]
    screen = None
    if present:
        stated, missing, screen = _one_screen(stated, missing, per_screen, group)
    look = _look(present, per_screen, stated, missing, pal, (hi - lo) or 1.0)
    order = [b.short for b in stated] + ([] if look.collapse else [b.short for b in missing])
    data = _value_traces(stated, section, look) + _label_traces(stated, missing, look)
    meta = dict(indicator=key, unit=shown_unit, factor=factor, source=source, section=section,
                missing=all_missing if present else [b.row.place for b in missing], missing_collapsed=look.collapse,
                year=year, **(dict(screen=screen) if present else {}))
    layout = _layout(key, section, year, look, pal, order, (lo, hi), source, shown_unit, screen, stated, missing)
    layout["meta"] = meta
    # built as plain data and handed over unvalidated: plotly's validation costs ~20 ms a panel,
    # and tests/charts/test_charts.py validates every shape this function can produce
    return go.Figure(dict(data=data, layout=layout), _validate=False)


def _panel_source(source: Optional[str], recs: list, section: str, year: Optional[int], present: bool) -> str:
    """The source line (default: the files of this panel's figures), wrapped for the panel."""
    if source is None:
        source = source_line([b.row.file for b in recs], section, year, limit=2)
    if not present:  # half-width panels and phones: short lines, never cut at the right edge
        return wrap_line(source.replace("),文件 ", ")<br>文件 ", 1), 24)
    return wrap_line(source, 40)  # lines that fit the slide at its narrowest layout (a phone's slide)


def _place_on_axis(stated: list, unit: str) -> tuple[str, float]:
    """Each bar's x, xh and label in the panel's shown unit (亿元 -> 万亿元 for big figures);
    returns (shown unit, factor)."""
    factor, shown_unit = scale_unit([_num(b.row.value) for b in stated] +
                                    [_num(b.row.value_high) for b in stated if _num(b.row.value_high) is not None], unit)
    for b in stated:
        r = b.row
        b.x = _num(r.value) / factor
        b.xh = _num(r.value_high) / factor if _num(r.value_high) is not None else None
        # bar labels as a report writes them: 300亿元 beside 4.56万亿元, not 0.03万亿元
        b.label = format_figure(_num(r.value), unit, r.qualifier, _num(r.value_high),
                                bool(r.estimated)) + _mark(r.provenance)
    return shown_unit, factor


def _axis_ends(stated: list) -> tuple[float, float]:
    """The axis spans every place's figure (also on a presentation screen showing only some)."""
    ends = [b.x for b in stated] + [b.xh for b in stated if b.xh is not None] or [0.0]
    return min(0.0, min(ends)), max(0.0, max(ends))


def _one_screen(stated: list, missing: list, per_screen: Optional[int], group: int):
    """The bars of presentation screen `group` (clamped), and what the screen is."""
    n_places = len(stated) + len(missing)
    groups = slides.place_groups(n_places, per_screen, _rank_keys(stated, missing))
    g = min(max(1, group), len(groups))
    a, b = groups[g - 1]
    keep = {id(x) for x in (stated + missing)[a:b]}
    screen = dict(group=g, groups=len(groups), first=a + 1, last=b, places=n_places)
    return [x for x in stated if id(x) in keep], [x for x in missing if id(x) in keep], screen


def _look(present: bool, per_screen: Optional[int], stated: list, missing: list, pal, span: float) -> _Look:
    collapse = not present and len(missing) > 8 and len(stated) + len(missing) > 20
    n = len(stated) + (0 if collapse else len(missing))
    if present and per_screen and per_screen > slides.present_capacity():  # all on one screen
        tick = label_size = slides.PRESENT_MIN_PX
    elif present:  # fixed, large: a screen never holds more rows than fit at this size
        tick, label_size = slides.PRESENT_TICK_PX, slides.PRESENT_LABEL_PX
    else:
        tick = 13 if n <= 40 else max(9, int(520 / n))
        label_size = tick
    colors = (dict(bar=pal.bar, mark=pal.text, band=BAND_PRESENT, missing=pal.muted) if present
              else dict(bar=PRIMARY, mark=MARK, band=BAND, missing=GREY))
    return _Look(present, colors, tick, label_size, slides.PRESENT_MIN_PX if present else None,
                 24 if present else 13, span, collapse)


HOVER = "%{hovertext}<extra></extra>"


def _hovers(bars: list) -> list:
    """One pre-formatted string per point (cheaper to copy and serialise than nested lists)."""
    return [f"<b>{plotly_text(b.row.place)}</b><br>{plotly_text(b.row.shown)}"
            f"<br>原文:{_wrap(b.row.evidence)}<br>来源:{plotly_text(_basename(b.row.file) or '(无)')}"
            for b in bars]


def _value_traces(stated: list, section: str, look: _Look) -> list:
    """The bars, the range bands and the qualifier marks (arrows, caps, whiskers)."""
    c = look.colors
    data = [dict(type="bar", name="数值", x=[b.x for b in stated], y=[b.short for b in stated], orientation="h",
                 showlegend=False,
                 marker=dict(color=c["bar"],
                             pattern=dict(shape=["/" if b.row.estimated else "" for b in stated],
                                          bgcolor=c["bar"], fgcolor="#ffffff", fillmode="replace",
                                          solidity=0.35)),
                 hovertext=_hovers(stated), hovertemplate=HOVER, meta=dict(role="value"))]
    rng = [b for b in stated if b.row.qualifier == RANGE and b.xh is not None]
    if rng:
        data.append(dict(type="bar", name="区间:色带为目标范围", x=[b.xh - b.x for b in rng],
                         base=[b.x for b in rng], y=[b.short for b in rng], orientation="h",
                         marker=dict(color=c["band"], line=dict(color=c["bar"], width=1.5),
                                     pattern=dict(shape=".", fgcolor=c["bar"], solidity=0.2)),
                         hovertext=_hovers(rng), hovertemplate=HOVER, meta=dict(role="range")))
    return data + _bound_traces(stated, section, look) + _whisker_traces(stated, look)


def _bound_traces(stated: list, section: str, look: _Look) -> list:
    """超过/以上: an arrow past the bar's end; 以内: a cap at it."""
    arrow_means = ("超过/以上:箭头表示目标是下限,力争更高" if section == PLAN
                   else "超过/以上:箭头表示实际数高于所写数")
    present, mark, data = look.present, look.colors["mark"], []
    for quals, symbol, name, role in (((GT, GE), "arrow-right", arrow_means, "arrow"),
                                      ((LE,), "line-ns", "以内:竖线为上限", "cap")):
        m = [b for b in stated if b.row.qualifier in quals]
        if m:
            shift = 0.015 * look.span if role == "arrow" else 0.0
            size = (34 if present else 15) if role == "arrow" else (40 if present else 18)
            data.append(dict(type="scatter", name=name, x=[b.x + shift for b in m], y=[b.short for b in m],
                             mode="markers",
                             marker=dict(symbol=symbol, size=size, color=mark,
                                         line=dict(width=(5 if present else 3) if role == "cap" else 1, color=mark)),
                             hovertext=_hovers(m), hovertemplate=HOVER, meta=dict(role=role)))
    return data


def _whisker_traces(stated: list, look: _Look) -> list:
    """左右/接近: a whisker around (below, for 接近) the bar's end; 预计: its legend entry."""
    present, c, data = look.present, look.colors, []
    w = [b for b in stated if b.row.qualifier in (APPROX, NEAR)]
    if w:
        data.append(dict(type="scatter", name="左右/接近:须线表示约数", x=[b.x for b in w], y=[b.short for b in w],
                         mode="markers", marker=dict(size=1, color=c["mark"]),
                         error_x=dict(type="data", symmetric=False,
                                      array=[0 if b.row.qualifier == NEAR else look.whisker for b in w],
                                      arrayminus=[look.whisker] * len(w), color=c["mark"],
                                      thickness=5 if present else 2.5, width=22 if present else 8),
                         hovertext=_hovers(w), hovertemplate=HOVER, showlegend=False, meta=dict(role="whisker")))
        # its legend entry: a whisker-like mark (the trace's own 1-pixel marker is invisible there)
        data.append(dict(type="scatter", name="左右/接近:须线表示约数", x=[None], y=[None], mode="markers",
                         marker=dict(symbol="line-ew-open", size=26 if present else 16, color=c["mark"],
                                     line=dict(width=5 if present else 3, color=c["mark"])),
                         hoverinfo="skip", meta=dict(role="legend-whisker")))
    if any(b.row.estimated for b in stated):
        data.append(dict(type="bar", name="预计数:斜线填充", x=[None], y=[None], orientation="h",
                         hoverinfo="skip", marker=dict(color=c["bar"], pattern=dict(shape="/", bgcolor=c["bar"], fgcolor="#ffffff",
                                                                          fillmode="replace", solidity=0.35)),
                         meta=dict(role="legend-estimated")))
    return data


def _label_traces(stated: list, missing: list, look: _Look) -> list:
    """The value labels beside the bars, and the 未提及 rows with their legend entry."""
    data = []
    if stated:
        tx, pos = [], []
        for b in stated:
            neg = b.x < 0
            extra = look.gap + (look.whisker if b.row.qualifier == APPROX else 0) + \
                (0.02 * look.span if b.row.qualifier in (GT, GE) else 0)
            end = b.x if neg else max(b.x, b.xh if b.xh is not None else b.x)
            tx.append(end - extra if neg else end + extra)
            pos.append("middle left" if neg else "middle right")
        data.append(dict(type="scatter", name="标注", x=tx, y=[b.short for b in stated], mode="text",
                         text=[b.label for b in stated], textposition=pos,
                         textfont=dict(size=look.label_size), showlegend=False, hoverinfo="skip",
                         cliponaxis=False, meta=dict(role="label")))
    if missing and not look.collapse:
        data += _missing_traces(missing, look)
    return data


def _missing_traces(missing: list, look: _Look) -> list:
    grey = look.colors["missing"]
    return [dict(type="scatter", name=f"{MISSING}:报告未给出", x=[0] * len(missing),
                 y=[b.short for b in missing], mode="text",
                 text=[" " + (f"单位不同:{b.other_unit}" if b.other_unit else MISSING) for b in missing],
                 textposition="middle right",
                 textfont=dict(color=grey, size=look.small or min(look.label_size, 12), style="italic"),
                 hovertext=[f"<b>{plotly_text(b.row.place)}</b><br>"
                            + (f"以其他单位表述,不能同轴比较:{plotly_text(b.other_unit)}"
                               if b.other_unit else f"{MISSING}:该报告没有给出这一数字")
                            for b in missing],
                 hovertemplate=HOVER, showlegend=False, meta=dict(role="missing")),
            # its legend entry: a grey square (a text trace's own legend symbol is a bare "Aa")
            dict(type="scatter", name=f"{MISSING}:报告未给出", x=[None], y=[None], mode="markers",
                 marker=dict(symbol="square-open", size=18 if look.present else 11, color=grey),
                 hoverinfo="skip", meta=dict(role="legend-missing"))]


def _subtitle(key: str, shown_unit: str, screen: Optional[dict], stated: list, missing: list) -> str:
    """The unit, 数值越低越好, and in presentation which part of the ranking this screen is."""
    ind = indicators().get(key)
    sub = f"单位:{shown_unit}" if shown_unit else ""
    if (ind.better if ind else "up") == "down":
        sub += ("  " if sub else "") + "数值越低越好"
    if screen and screen["groups"] > 1:
        ranks = (f"第 {screen['first']}–{screen['first'] + len(stated) - 1} 名" if stated else "")
        if missing:
            ranks += ("、" if ranks else "") + f"{MISSING} {len(missing)} 地"
        sub += (" · " if sub else "") + f"第 {screen['group']}/{screen['groups']} 组:{ranks}(共 {screen['places']} 地)"
    return sub


def _layout(key: str, section: str, year: Optional[int], look: _Look, pal, order: list, ends: tuple,
            source: str, shown_unit: str, screen: Optional[dict], stated: list, missing: list) -> dict:
    present, n, lo, hi = look.present, len(order), ends[0], ends[1]
    src_lines = source.count("<br>") + 1
    # normal panels: title, unit and up to two legend rows above, the wrapped source below
    height = (slides.PRESENT_FIG_PX if present else
              190 + (30 if n <= 40 else 20) * max(n, 1) + (30 if look.collapse else 0) + 16 * (src_lines - 1))
    sub = _subtitle(key, shown_unit, screen, stated, missing)
    title, legend, notes = _heading(key, section, year, look, pal, height, sub)
    if look.collapse:
        notes.insert(0, _collapsed_note(missing, look))
    span = hi - lo or 1.0
    return dict(
        title=title,
        font=dict(family=FONT, size=look.base_font, **({"color": pal.text} if present else {})),
        barmode="overlay", bargap=0.35, height=height,
        margin=dict(l=10, r=30, t=slides.PRESENT_MARGIN_T if present else 86,
                    b=(slides.PRESENT_MARGIN_B if present else 60) + (26 if look.collapse else 0)
                    + (src_lines - 1) * (28 if present else 16)),
        legend=legend,
        xaxis=dict(zeroline=True, zerolinewidth=2, showgrid=True,
                   **(dict(gridcolor=pal.grid, zerolinecolor=pal.text, linecolor=pal.text) if present else {}),
                   range=[lo - (0.25 * span if lo < 0 else 0), hi + 0.30 * span],
                   **(dict(tickfont=dict(size=look.label_size)) if present else {})),
        yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed", automargin=True,
                   type="category", tickfont=dict(size=look.tick)),
        hoverlabel=dict(font=dict(family=FONT, size=look.base_font), align="left"),
        **(dict(paper_bgcolor=pal.page, plot_bgcolor=pal.page) if present
           else dict(paper_bgcolor=chartstyle.TRANSPARENT, plot_bgcolor=chartstyle.TRANSPARENT)),
        annotations=[dict(text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left",
                          yanchor="top", showarrow=False, align="left",
                          yshift=-(62 if present else 32) - (26 if look.collapse else 0),
                          font=dict(size=look.small or int(look.base_font * 0.8),
                                    color=pal.text if present else pal.muted),
                          name="source")] + notes,
    )


def _collapsed_note(missing: list, look: _Look) -> dict:
    names = "、".join(b.short for b in missing[:12]) + (" 等" if len(missing) > 12 else "")
    return dict(text=f"<i>{MISSING}({len(missing)} 地,报告没有给出):{names}</i>",
                xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                yshift=-30, showarrow=False, name="missing", align="left",
                font=dict(size=int(look.base_font * 0.85), color=look.colors["missing"]))


def _heading(key: str, section: str, year: Optional[int], look: _Look, pal, height: int, sub: str):
    """(title, legend, notes): title and unit top left; the legend its own block under them
    (anchored to the figure, so a legend that wraps onto more rows on a phone pushes the plot
    down instead of onto the title); in presentation each on its own row."""
    present, base_font = look.present, look.base_font
    sub_px = 26 if present else int(base_font * 0.85)
    title = dict(text=f"{panel_title(key, section, year)}<br>"
                      f"<span style='font-size:{sub_px}px'>{sub}</span>",
                 font=dict(size=base_font + (16 if present else 4)))
    title.update(x=0, xref="container", xanchor="left", pad=dict(l=6), y=1 - 28 / height,
                 yref="container", yanchor="middle")
    legend = dict(orientation="h", yref="container", yanchor="top", y=1 - 58 / height, x=0,
                  xref="container", xanchor="left", font=dict(size=look.small or int(base_font * 0.8)))
    notes = []
    if present:  # title, unit and legend each on their own row, top left: nothing overlaps
        title.update(text=panel_title(key, section, year), x=0, xref="container", xanchor="left",
                     y=1 - 8 / height, yref="container", yanchor="top")
        legend.update(x=0, xref="paper", xanchor="left", y=1.005, yref="paper", yanchor="bottom",
                      itemsizing="constant")
        notes += [dict(text=sub, xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
                       yshift=slides.PRESENT_MARGIN_T - 100, showarrow=False, name="unit", align="left",
                       font=dict(size=sub_px, color=pal.text))] if sub else []
    return title, legend, notes


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(family=FONT, size=16, color=GREY))
    fig.update_layout(xaxis=dict(visible=False), yaxis=dict(visible=False), height=220,
                      font=dict(family=FONT))
    return fig

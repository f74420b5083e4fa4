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
Every figure carries its source line.  `figure_image` renders PNG/SVG with
kaleido on the system chromium, offline.
"""
from __future__ import annotations

import os
import shutil
from collections import Counter
from typing import Optional

import pandas as pd
import plotly.graph_objects as go

from lib.model import APPROX, GE, GT, LE, NEAR, PLAN, RANGE, RESULT
from lib.charts import style as chartstyle
from lib.present import slides
from lib.present.format import MISSING, format_figure, scale_unit
from lib.present.views import source_line

from lib.lang.vocab import indicators
from lib.present.escape import plotly_text

FONT = chartstyle.FONT
PRIMARY = "#c0392b"
MARK = "#2471a3"  # arrows, whiskers, caps: visible on white, on the dark theme and against the red bars
BAND = "rgba(192,57,43,0.30)"
GREY = "#8a8a8a"
BAND_PRESENT = "rgba(155,28,28,0.35)"
CHROMIUM = "/usr/bin/chromium"


class ExportError(Exception):
    """Image export is unavailable; the message is Chinese and says why."""


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


def _panel_unit(stated, key: str) -> str:
    """One unit per panel: the indicator's own when a place states it, else the most common."""
    ind = indicators().get(key)
    units = [r["unit"] for r in stated if isinstance(r["unit"], str) and r["unit"]]
    if ind and (ind.unit in units or not units):
        return ind.unit
    return Counter(units).most_common(1)[0][0] if units else ""


def _panel_rows(rows, key: str):
    """This indicator's rows: (recs, stated sorted by value high to low, missing by name, unit).
    A figure stated in another unit (FDI in 亿元 beside 亿美元) cannot share the axis: it is
    listed with the missing rows, marked 单位不同 with its own value."""
    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    recs = [dict(r) for r in rows if r.get("indicator", key) == key]
    for r in recs:  # the bar labels (Plotly reads tags in them): a place name is user text
        r["short"] = plotly_text(r["short"])
    stated = [r for r in recs if _num(r["value"]) is not None]
    unit = _panel_unit(stated, key)
    for r in stated:
        if isinstance(r["unit"], str) and r["unit"] and r["unit"] != unit:
            r["other_unit"] = format_figure(_num(r["value"]), r["unit"], r["qualifier"],
                                           _num(r["value_high"]), bool(r["estimated"]))
    missing = sorted((r for r in recs if _num(r["value"]) is None or r.get("other_unit")),
                     key=lambda r: r["short"])
    stated = [r for r in stated if not r.get("other_unit")]
    for r in stated:
        lo_, hi_ = _num(r["value"]), _num(r["value_high"])
        r["_mid"] = (lo_ + hi_) / 2 if r["qualifier"] == RANGE and hi_ is not None else lo_
    stated.sort(key=lambda r: r["short"])
    stated.sort(key=lambda r: r["_mid"], reverse=True)
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
    _, stated, missing, _ = _panel_rows(rows, key)
    order = [r["short"] for r in stated] + [r["short"] for r in missing]
    return [order[a:b] for a, b in slides.place_groups(len(order), per_screen, _rank_keys(stated, missing))]


def _rank_keys(stated, missing) -> list:
    """The ranked values a presentation screen must not cut between (ties); None for 未提及."""
    return [r["_mid"] for r in stated] + [None] * len(missing)


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
    recs, stated, missing, unit = _panel_rows(rows, key)
    if source is None:
        source = source_line([r["file"] for r in recs], section, year, limit=2)
    if not present:  # half-width panels and phones: short lines, never cut at the right edge
        source = wrap_line(source.replace("),文件 ", ")<br>文件 ", 1), 24)
    else:  # lines that fit the slide at its narrowest layout (lib/ui.SLIDE_MIN_PX, a phone's slide)
        source = wrap_line(source, 40)
    src_lines = source.count("<br>") + 1
    ind = indicators().get(key)
    num = _num
    factor, shown_unit = scale_unit([num(r["value"]) for r in stated] +
                                    [num(r["value_high"]) for r in stated if num(r["value_high"]) is not None], unit)
    for r in stated:
        r["x"] = num(r["value"]) / factor
        r["xh"] = num(r["value_high"]) / factor if num(r["value_high"]) is not None else None
        r["mid"] = (r["x"] + r["xh"]) / 2 if r["qualifier"] == RANGE and r["xh"] is not None else r["x"]
    for r in stated:  # bar labels as a report writes them: 300亿元 beside 4.56万亿元, not 0.03万亿元
        r["label"] = format_figure(num(r["value"]), unit, r["qualifier"], num(r["value_high"]),
                                  bool(r["estimated"])) + _mark(r.get("provenance", ""))
    # the axis spans every place's figure, also on a presentation screen showing only some
    ends = [r["x"] for r in stated] + [r["xh"] for r in stated if r["xh"] is not None] or [0.0]
    lo, hi = min(0.0, min(ends)), max(0.0, max(ends))
    n_places = len(stated) + len(missing)
    screen = None
    if present:
        groups = slides.place_groups(n_places, per_screen, _rank_keys(stated, missing))
        g = min(max(1, group), len(groups))
        a, b = groups[g - 1]
        ranked = stated + missing
        all_missing = [r["place"] for r in missing]
        keep = {id(r) for r in ranked[a:b]}
        stated = [r for r in stated if id(r) in keep]
        missing = [r for r in missing if id(r) in keep]
        screen = dict(group=g, groups=len(groups), first=a + 1, last=b, places=n_places)
    n_all = len(stated) + len(missing)
    collapse = not present and len(missing) > 8 and n_all > 20
    order = [r["short"] for r in stated] + ([] if collapse else [r["short"] for r in missing])
    n = len(order)
    if present and per_screen and per_screen > slides.present_capacity():  # all on one screen
        tick = label_size = slides.PRESENT_MIN_PX
    elif present:  # fixed, large: a screen never holds more rows than fit at this size
        tick, label_size = slides.PRESENT_TICK_PX, slides.PRESENT_LABEL_PX
    else:
        tick = 13 if n <= 40 else max(9, int(520 / n))
        label_size = tick
    small = slides.PRESENT_MIN_PX if present else None  # legend, unit, source, 未提及: never below
    colors = (dict(bar=pal.bar, mark=pal.text, band=BAND_PRESENT, missing=pal.muted) if present
              else dict(bar=PRIMARY, mark=MARK, band=BAND, missing=GREY))

    span = (hi - lo) or 1.0
    whisker = 0.03 * span
    gap = 0.025 * span
    base_font = 24 if present else 13

    def custom(rs):
        # one pre-formatted string per point (cheaper to copy and serialise than nested lists)
        return [f"<b>{plotly_text(r['place'])}</b><br>{plotly_text(r['shown'])}"
                f"<br>原文:{_wrap(r['evidence'])}<br>来源:{plotly_text(_basename(r['file']) or '(无)')}"
                for r in rs]

    def col(rs, k):
        return [r[k] for r in rs]

    hover = "%{hovertext}<extra></extra>"
    data = [dict(type="bar", name="数值", x=col(stated, "x"), y=col(stated, "short"), orientation="h",
                 showlegend=False,
                 marker=dict(color=colors["bar"],
                             pattern=dict(shape=["/" if r["estimated"] else "" for r in stated],
                                          bgcolor=colors["bar"], fgcolor="#ffffff", fillmode="replace",
                                          solidity=0.35)),
                 hovertext=custom(stated), hovertemplate=hover, meta=dict(role="value"))]
    rng = [r for r in stated if r["qualifier"] == RANGE and r["xh"] is not None]
    if rng:
        data.append(dict(type="bar", name="区间:色带为目标范围", x=[r["xh"] - r["x"] for r in rng],
                         base=col(rng, "x"), y=col(rng, "short"), orientation="h",
                         marker=dict(color=colors["band"], line=dict(color=colors["bar"], width=1.5),
                                     pattern=dict(shape=".", fgcolor=colors["bar"], solidity=0.2)),
                         hovertext=custom(rng), hovertemplate=hover, meta=dict(role="range")))
    arrow_means = ("超过/以上:箭头表示目标是下限,力争更高" if section == PLAN
                   else "超过/以上:箭头表示实际数高于所写数")
    for quals, symbol, name, role in (((GT, GE), "arrow-right", arrow_means, "arrow"),
                                      ((LE,), "line-ns", "以内:竖线为上限", "cap")):
        m = [r for r in stated if r["qualifier"] in quals]
        if m:
            shift = 0.015 * span if role == "arrow" else 0.0
            size = (34 if present else 15) if role == "arrow" else (40 if present else 18)
            data.append(dict(type="scatter", name=name, x=[r["x"] + shift for r in m], y=col(m, "short"),
                             mode="markers",
                             marker=dict(symbol=symbol, size=size, color=colors["mark"],
                                         line=dict(width=(5 if present else 3) if role == "cap" else 1,
                                                   color=colors["mark"])),
                             hovertext=custom(m), hovertemplate=hover, meta=dict(role=role)))
    w = [r for r in stated if r["qualifier"] in (APPROX, NEAR)]
    if w:
        data.append(dict(type="scatter", name="左右/接近:须线表示约数", x=col(w, "x"), y=col(w, "short"),
                         mode="markers", marker=dict(size=1, color=colors["mark"]),
                         error_x=dict(type="data", symmetric=False,
                                      array=[0 if r["qualifier"] == NEAR else whisker for r in w],
                                      arrayminus=[whisker] * len(w), color=colors["mark"],
                                      thickness=5 if present else 2.5, width=22 if present else 8),
                         hovertext=custom(w), hovertemplate=hover, showlegend=False, meta=dict(role="whisker")))
        # its legend entry: a whisker-like mark (the trace's own 1-pixel marker is invisible there)
        data.append(dict(type="scatter", name="左右/接近:须线表示约数", x=[None], y=[None], mode="markers",
                         marker=dict(symbol="line-ew-open", size=26 if present else 16, color=colors["mark"],
                                     line=dict(width=5 if present else 3, color=colors["mark"])),
                         hoverinfo="skip", meta=dict(role="legend-whisker")))
    if any(r["estimated"] for r in stated):
        data.append(dict(type="bar", name="预计数:斜线填充", x=[None], y=[None], orientation="h",
                         hoverinfo="skip", marker=dict(color=colors["bar"], pattern=dict(shape="/", bgcolor=colors["bar"], fgcolor="#ffffff",
                                                                          fillmode="replace", solidity=0.35)),
                         meta=dict(role="legend-estimated")))
    if stated:
        tx, pos = [], []
        for r in stated:
            neg = r["x"] < 0
            extra = gap + (whisker if r["qualifier"] == APPROX else 0) + (0.02 * span if r["qualifier"] in (GT, GE) else 0)
            end = r["x"] if neg else max(r["x"], r["xh"] if r["xh"] is not None else r["x"])
            tx.append(end - extra if neg else end + extra)
            pos.append("middle left" if neg else "middle right")
        data.append(dict(type="scatter", name="标注", x=tx, y=col(stated, "short"), mode="text",
                         text=col(stated, "label"), textposition=pos,
                         textfont=dict(size=label_size), showlegend=False, hoverinfo="skip",
                         cliponaxis=False, meta=dict(role="label")))
    if missing and not collapse:
        data.append(dict(type="scatter", name=f"{MISSING}:报告未给出", x=[0] * len(missing),
                         y=col(missing, "short"), mode="text",
                         text=[" " + (f"单位不同:{r['other_unit']}" if r.get("other_unit") else MISSING)
                               for r in missing],
                         textposition="middle right",
                         textfont=dict(color=colors["missing"], size=small or min(label_size, 12), style="italic"),
                         hovertext=[f"<b>{plotly_text(r['place'])}</b><br>"
                                    + (f"以其他单位表述,不能同轴比较:{plotly_text(r['other_unit'])}"
                                       if r.get("other_unit") else f"{MISSING}:该报告没有给出这一数字")
                                    for r in missing],
                         hovertemplate=hover, showlegend=False, meta=dict(role="missing")))
        # its legend entry: a grey square (a text trace's own legend symbol is a bare "Aa")
        data.append(dict(type="scatter", name=f"{MISSING}:报告未给出", x=[None], y=[None], mode="markers",
                         marker=dict(symbol="square-open", size=18 if present else 11, color=colors["missing"]),
                         hoverinfo="skip", meta=dict(role="legend-missing")))

    better = ind.better if ind else "up"
    # normal panels: title, unit and up to two legend rows above, the wrapped source below
    height = (slides.PRESENT_FIG_PX if present else
              190 + (30 if n <= 40 else 20) * max(n, 1) + (30 if collapse else 0) + 16 * (src_lines - 1))
    sub = f"单位:{shown_unit}" if shown_unit else ""
    if better == "down":
        sub += ("  " if sub else "") + "数值越低越好"
    if screen and screen["groups"] > 1:  # which part of the ranking this screen is
        ranks = (f"第 {screen['first']}–{screen['first'] + len(stated) - 1} 名" if stated else "")
        if missing:
            ranks += ("、" if ranks else "") + f"{MISSING} {len(missing)} 地"
        sub += (" · " if sub else "") + f"第 {screen['group']}/{screen['groups']} 组:{ranks}(共 {screen['places']} 地)"
    sub_px = 26 if present else int(base_font * 0.85)
    notes = []
    if collapse:
        names = "、".join(r["short"] for r in missing[:12]) + (" 等" if len(missing) > 12 else "")
        notes.append(dict(text=f"<i>{MISSING}({len(missing)} 地,报告没有给出):{names}</i>",
                          xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                          yshift=-30, showarrow=False, name="missing", align="left",
                          font=dict(size=int(base_font * 0.85), color=colors["missing"])))
    title = dict(text=f"{panel_title(key, section, year)}<br>"
                      f"<span style='font-size:{sub_px}px'>{sub}</span>",
                 font=dict(size=base_font + (16 if present else 4)))
    # title and unit top left; the legend its own block under them (anchored to the figure, so a
    # legend that wraps onto more rows on a phone pushes the plot down instead of onto the title)
    title.update(x=0, xref="container", xanchor="left", pad=dict(l=6), y=1 - 28 / height,
                 yref="container", yanchor="middle")
    legend = dict(orientation="h", yref="container", yanchor="top", y=1 - 58 / height, x=0,
                  xref="container", xanchor="left", font=dict(size=small or int(base_font * 0.8)))
    if present:  # title, unit and legend each on their own row, top left: nothing overlaps
        title.update(text=panel_title(key, section, year), x=0, xref="container", xanchor="left",
                     y=1 - 8 / height, yref="container", yanchor="top")
        legend.update(x=0, xref="paper", xanchor="left", y=1.005, yref="paper", yanchor="bottom",
                      itemsizing="constant")
        notes += [dict(text=sub, xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
                          yshift=slides.PRESENT_MARGIN_T - 100, showarrow=False, name="unit", align="left",
                          font=dict(size=sub_px, color=pal.text))] if sub else []
    layout = dict(
        title=title,
        font=dict(family=FONT, size=base_font, **({"color": pal.text} if present else {})),
        barmode="overlay", bargap=0.35, height=height,
        margin=dict(l=10, r=30, t=slides.PRESENT_MARGIN_T if present else 86,
                    b=(slides.PRESENT_MARGIN_B if present else 60) + (26 if collapse else 0)
                    + (src_lines - 1) * (28 if present else 16)),
        legend=legend,
        xaxis=dict(zeroline=True, zerolinewidth=2, showgrid=True,
                   **(dict(gridcolor=pal.grid, zerolinecolor=pal.text, linecolor=pal.text) if present else {}),
                   range=[lo - (0.25 * span if lo < 0 else 0), hi + 0.30 * span],
                   **(dict(tickfont=dict(size=label_size)) if present else {})),
        yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed", automargin=True,
                   type="category", tickfont=dict(size=tick)),
        hoverlabel=dict(font=dict(family=FONT, size=base_font), align="left"),
        meta=dict(indicator=key, unit=shown_unit, factor=factor, source=source, section=section,
                  missing=all_missing if present else [r["place"] for r in missing], missing_collapsed=collapse,
                  year=year, **(dict(screen=screen) if present else {})),
        **(dict(paper_bgcolor=pal.page, plot_bgcolor=pal.page) if present
           else dict(paper_bgcolor=chartstyle.TRANSPARENT, plot_bgcolor=chartstyle.TRANSPARENT)),
        annotations=[dict(text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left",
                          yanchor="top", showarrow=False, align="left",
                          yshift=-(62 if present else 32) - (26 if collapse else 0),
                          font=dict(size=small or int(base_font * 0.8), color=pal.text if present else pal.muted),
                          name="source")] + notes,
    )
    # built as plain data and handed over unvalidated: plotly's validation costs ~20 ms a panel,
    # and tests/charts/test_charts.py validates every shape this function can produce
    return go.Figure(dict(data=data, layout=layout), _validate=False)


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(family=FONT, size=16, color=GREY))
    fig.update_layout(xaxis=dict(visible=False), yaxis=dict(visible=False), height=220,
                      font=dict(family=FONT))
    return fig


# ---- export --------------------------------------------------------------------------

def browser_path() -> Optional[str]:
    """The chromium kaleido should drive: $BROWSER_PATH, else Debian's, else one on PATH."""
    for p in (os.environ.get("BROWSER_PATH"), CHROMIUM, shutil.which("chromium"),
              shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if p and os.path.exists(p):
            return p
    return None


def export_problem() -> Optional[str]:
    """None when PNG/SVG export can work here, else a Chinese reason."""
    try:
        import kaleido  # noqa: F401
    except Exception:  # pragma: no cover - depends on the machine
        return "图片导出不可用:未安装 kaleido 组件。"
    if browser_path() is None:
        return "图片导出不可用:未找到 Chromium 浏览器(请安装 chromium)。"
    return None


def figure_image(fig: go.Figure, fmt: str = "png", width: int = 1400, scale: float = 1.0) -> bytes:
    """PNG or SVG bytes of `fig` on a white page with Chinese rendered in Noto Sans CJK and the
    source line kept.  Raises ExportError (Chinese) when export is impossible."""
    problem = export_problem()
    if problem:
        raise ExportError(problem)
    os.environ.setdefault("BROWSER_PATH", browser_path())
    try:
        f = go.Figure(fig)
        f.update_layout(template="plotly_white", paper_bgcolor="white", plot_bgcolor="white",
                        font=dict(family=FONT, color="#111"))
        height = int(f.layout.height or 500)
        return f.to_image(format=fmt, width=width, height=height, scale=scale)
    except Exception as exc:  # kaleido or the browser failed: say so in Chinese
        raise ExportError(f"图片导出失败:{type(exc).__name__}。请稍后重试,或改用浏览器截图。") from exc

"""Plotly figure builders for the 对比 page: tables in, `go.Figure` out.

One panel per indicator (units differ), a horizontal bar per place sorted by
value.  The qualifier is drawn in the mark itself:
  超/以上 (gt/ge)  an arrow at the bar's end pointing on (the true figure is beyond);
  左右/约 (approx) a whisker around the end; 近 (near) a whisker below it;
  以内 (le)         a cap (an upper bound);
  区间 (range)      a band from the low to the high end;
  预计 (estimated)  a hatched bar.
A place that does not state the figure gets a row reading 未提及, never a zero bar.
Every figure carries its source line.  `figure_image` renders PNG/SVG with
kaleido on the system chromium, offline.
"""
from __future__ import annotations

import html
import os
import shutil
from typing import Optional

import pandas as pd
import plotly.graph_objects as go

from .model import APPROX, GE, GT, LE, NEAR, PLAN, RANGE, RESULT
from .views import MISSING, scale_unit
from .vocab import indicators

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
PRIMARY = "#c0392b"
PRIMARY_DARK = "#7b241c"
BAND = "rgba(192,57,43,0.30)"
GREY = "#8a8a8a"
PRESENT = dict(bar="#9b1c1c", mark="#000000", band="rgba(155,28,28,0.35)", missing="#555555")
CHROMIUM = "/usr/bin/chromium"


class ExportError(Exception):
    """Image export is unavailable; the message is Chinese and says why."""


def _wrap(s: str, width: int = 28) -> str:
    s = html.escape(s or "", quote=False)
    return "<br>".join(s[i:i + width] for i in range(0, len(s), width)) or "(无)"


def _basename(p: str) -> str:
    return p.rsplit("/", 1)[-1] if p else ""


def panel_title(key: str, section: str, year: Optional[int]) -> str:
    ind = indicators().get(key)
    name = ind.label if ind else key
    what = ("实绩" if section == RESULT else "目标" if section == PLAN else "")
    return f"{name}" + (f" · {year}年{what}" if year else f" · {what}" if what else "")


def indicator_panel(rows: pd.DataFrame, key: str, section: str, year: Optional[int], source: str,
                    present: bool = False) -> go.Figure:
    """rows: `views.view_table` rows for one indicator (one per chosen place)."""
    rows = rows[rows["indicator"] == key] if "indicator" in rows else rows
    ind = indicators().get(key)
    unit = (rows["unit"].dropna().iloc[0] if rows["unit"].notna().any() else "") or (ind.unit if ind else "")
    stated = rows[rows["value"].notna()].copy()
    missing = rows[rows["value"].isna()]
    factor, shown_unit = scale_unit(list(stated["value"]) + list(stated["value_high"].dropna()), unit)
    stated["x"] = stated["value"].astype(float) / factor
    stated["xh"] = stated["value_high"].astype(float) / factor
    stated["mid"] = stated["x"].where(stated["qualifier"] != RANGE, (stated["x"] + stated["xh"]) / 2)
    stated = stated.sort_values(["mid", "short"], ascending=[False, True], kind="stable")
    order = list(stated["short"]) + sorted(missing["short"])
    colors = PRESENT if present else dict(bar=PRIMARY, mark=PRIMARY_DARK, band=BAND, missing=GREY)

    ends = pd.concat([stated["x"], stated["xh"].dropna()]) if len(stated) else pd.Series([0.0])
    lo, hi = min(0.0, float(ends.min())), max(0.0, float(ends.max()))
    span = (hi - lo) or 1.0
    whisker = 0.03 * span
    gap = 0.025 * span

    def custom(df):
        return [[r.place, r.shown, _wrap(r.evidence), _basename(r.file) or "(无)"]
                for r in df.itertuples()]

    hover = ("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>原文:%{customdata[2]}"
             "<br>来源:%{customdata[3]}<extra></extra>")
    fig = go.Figure()
    is_range = stated["qualifier"] == RANGE
    fig.add_bar(
        name="数值", x=stated["x"], y=stated["short"], orientation="h", showlegend=False,
        marker=dict(color=colors["bar"],
                    pattern=dict(shape=["/" if e else "" for e in stated["estimated"]],
                                 fgcolor="white", solidity=0.35)),
        customdata=custom(stated), hovertemplate=hover, meta=dict(role="value"))
    if is_range.any():
        r = stated[is_range]
        fig.add_bar(name="区间:色带为目标范围", x=r["xh"] - r["x"], base=r["x"], y=r["short"],
                    orientation="h", marker=dict(color=colors["band"], line=dict(color=colors["bar"], width=1.5),
                                                 pattern=dict(shape=".", fgcolor=colors["bar"], solidity=0.2)),
                    customdata=custom(r), hovertemplate=hover, meta=dict(role="range"))
    for quals, symbol, name, role in (((GT, GE), "arrow-right", "超过/以上:箭头表示实际更高", "arrow"),
                                      ((LE,), "line-ns", "以内:竖线为上限", "cap")):
        m = stated[stated["qualifier"].isin(quals)]
        if len(m):
            shift = 0.015 * span if role == "arrow" else 0.0
            fig.add_scatter(name=name, x=m["x"] + shift, y=m["short"], mode="markers",
                            marker=dict(symbol=symbol, size=(22 if present else 15) if role == "arrow" else (26 if present else 18), color=colors["mark"],
                                        line=dict(width=3 if symbol == "line-ns" else 1, color=colors["mark"])),
                            customdata=custom(m), hovertemplate=hover, meta=dict(role=role))
    w = stated[stated["qualifier"].isin((APPROX, NEAR))]
    if len(w):
        near = w["qualifier"] == NEAR
        fig.add_scatter(name="左右/接近:须线表示约数", x=w["x"], y=w["short"], mode="markers",
                        marker=dict(size=1, color=colors["mark"]),
                        error_x=dict(type="data", symmetric=False, array=[0 if n else whisker for n in near],
                                     arrayminus=[whisker] * len(w), color=colors["mark"],
                                     thickness=3 if present else 2.5, width=12 if present else 8),
                        customdata=custom(w), hovertemplate=hover, meta=dict(role="whisker"))
    if stated["estimated"].any():
        fig.add_bar(name="预计数:斜线填充", x=[None], y=[None], orientation="h", hoverinfo="skip",
                    marker=dict(color=colors["bar"], pattern=dict(shape="/", fgcolor="white")),
                    meta=dict(role="legend-estimated"))
    # value labels just past each bar's end (past the arrow, whisker or band)
    if len(stated):
        end = stated[["x", "xh"]].max(axis=1)
        neg = stated["x"] < 0
        end = end.where(~neg, stated["x"])
        extra = [gap + (whisker if q in (APPROX,) else 0) + (0.02 * span if q in (GT, GE) else 0)
                 for q in stated["qualifier"]]
        tx = [e - x if n else e + x for e, x, n in zip(end, extra, neg)]
        fig.add_scatter(name="标注", x=tx, y=stated["short"], mode="text", text=stated["shown"],
                        textposition=["middle left" if n else "middle right" for n in neg],
                        textfont=dict(size=22 if present else 13), showlegend=False,
                        hoverinfo="skip", cliponaxis=False, meta=dict(role="label"))
    if len(missing):
        fig.add_scatter(name=f"{MISSING}:报告未给出", x=[0] * len(missing), y=missing["short"], mode="text",
                        text=[" " + MISSING] * len(missing), textposition="middle right",
                        textfont=dict(color=colors["missing"], size=20 if present else 12, style="italic"),
                        customdata=[[p, MISSING, "该报告没有给出这一数字", "—"] for p in missing["place"]],
                        hovertemplate=hover, showlegend=True, meta=dict(role="missing"))

    better = ind.better if ind else "up"
    n = len(order)
    height = (260 + 64 * n) if present else (150 + 30 * n)
    title = panel_title(key, section, year)
    sub = f"单位:{shown_unit}" if shown_unit else ""
    if better == "down":
        sub += ("  " if sub else "") + "数值越低越好"
    base_font = 24 if present else 13
    fig.update_layout(
        title=dict(text=f"{title}<br><span style='font-size:{int(base_font * 0.85)}px'>{sub}</span>",
                   font=dict(size=base_font + (10 if present else 4))),
        font=dict(family=FONT, size=base_font),
        barmode="overlay", bargap=0.35, height=height,
        margin=dict(l=10, r=30, t=110 if present else 80, b=90 if present else 60),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right",
                    font=dict(size=int(base_font * 0.8))),
        xaxis=dict(title=None, zeroline=True, zerolinewidth=2, range=[lo - (0.25 * span if lo < 0 else 0),
                                                                       hi + 0.30 * span],
                   showgrid=True),
        yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed", automargin=True,
                   type="category", tickfont=dict(size=base_font + (2 if present else 0))),
        hoverlabel=dict(font=dict(family=FONT, size=base_font), align="left"),
        meta=dict(indicator=key, unit=shown_unit, factor=factor, source=source),
    )
    fig.add_annotation(text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-(60 if present else 32), showarrow=False,
                       font=dict(size=int(base_font * 0.8), color="#555"))
    return fig


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
    f = go.Figure(fig)
    f.update_layout(template="plotly_white", paper_bgcolor="white", plot_bgcolor="white",
                    font=dict(family=FONT, color="#111"))
    height = int(f.layout.height or 500)
    try:
        return f.to_image(format=fmt, width=width, height=height, scale=scale)
    except Exception as exc:  # kaleido or the browser failed: say so in Chinese
        raise ExportError(f"图片导出失败:{type(exc).__name__}。请稍后重试,或改用浏览器截图。") from exc

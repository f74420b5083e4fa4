"""The first screen: what is in the seed library (file, size, opening line) and a chart."""
from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go

from .readers import read_path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|万亿元|亿元|万元|元|亿美元|万人|人|个|家|户|条|公里|套|亿吨|万标箱|亿斤)")


def seed_rows(folder: Path = SEEDS) -> list[dict]:
    rows = []
    for p in sorted(folder.glob("*.txt")):
        text = read_path(p)
        opening = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        rows.append({"文件": p.name, "大小(字节)": p.stat().st_size, "字数": len(text),
                     "开头": opening[:40], "数字指标": len(_FIGURE.findall(text))})
    return rows


def figures_chart(rows: list[dict]) -> go.Figure:
    names = [r["文件"][:3] + " " + r["开头"][:12] for r in rows]
    fig = go.Figure(go.Bar(x=names, y=[r["数字指标"] for r in rows],
                           customdata=[[r["字数"], r["文件"]] for r in rows],
                           hovertemplate="%{customdata[1]}<br>字数 %{customdata[0]}<br>带单位的数字 %{y}<extra></extra>",
                           marker_color="#c0392b"))
    fig.update_layout(title="每份报告中带单位的数字", yaxis_title="个数", xaxis_title="报告",
                      font=dict(family="Noto Sans CJK SC, sans-serif"), margin=dict(t=60, b=40))
    fig.add_annotation(text="来源:seeds/ 目录中的政府工作报告", xref="paper", yref="paper", x=0, y=-0.25,
                       showarrow=False, font=dict(size=11, color="#666"))
    return fig

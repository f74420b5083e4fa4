"""PNG and SVG of a chart: kaleido on the system chromium, offline, on a white page with Chinese
in Noto Sans CJK and the source line kept."""
from __future__ import annotations

import os
import shutil
from typing import Optional

import plotly.graph_objects as go

from lib.charts.style import FONT

CHROMIUM = "/usr/bin/chromium"


class ExportError(Exception):
    """Image export is unavailable; the message is Chinese and says why."""


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

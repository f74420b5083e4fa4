"""What every chart shares: the colours of the light and dark themes and the Plotly config
(Chinese mode bar, only the buttons a reader needs).  Plain data, no Streamlit.

The builders take the theme ("light" or "dark", as `st.context.theme.type` says) and leave the
background transparent and the main text colour to Streamlit's own chart theme, which follows
a theme switch at once; what they colour themselves (source lines, 未提及, target ticks, bands,
grids) comes from the palette here, so it reads on either background.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from lib.lang.data import DATA
from lib.present.css import PLOTLY_FONT

TRANSPARENT = "rgba(0,0,0,0)"
FONT = PLOTLY_FONT  # every chart's font.family: the app's one CJK stack


@dataclass(frozen=True)
class Palette:
    name: str
    text: str  # strong text (presentation, where the chart sets its own colours)
    muted: str  # source lines, 未提及, notes
    grid: str
    mark: str  # target ticks, zero lines: strong, not text
    band: str  # the stretch counted as met behind a bullet
    page: str  # the page behind the chart (presentation draws its own)
    bar: str  # the presentation bar


LIGHT = Palette("light", text="#111111", muted="#5f5f5f", grid="#e3e3e3", mark="#222222",
                band="#e4e4e4", page="#ffffff", bar="#9b1c1c")
DARK = Palette("dark", text="#f2f2f2", muted="#b4b4b4", grid="#39404a", mark="#f2f2f2",
               band="#3b4452", page="#111418", bar="#e06c5a")


def palette(theme: str | None) -> Palette:
    """The palette of a theme name; anything but "dark" is light."""
    return DARK if theme == "dark" else LIGHT


# Mode-bar buttons a reader of these charts never needs (box/lasso select, spikes, autoscale).
REMOVE_BUTTONS = ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
                  "hoverCompareCartesian", "zoomIn2d", "zoomOut2d"]


@lru_cache(maxsize=1)
def zh_locale() -> dict:
    """Plotly's zh-CN dictionary (mode-bar tooltips, dates), from lib/data/plotly_zh_cn.json."""
    return json.loads((DATA / "plotly_zh_cn.json").read_text(encoding="utf-8"))


def plotly_config(image_button: bool = False, mode_bar: bool = True) -> dict:
    """st.plotly_chart's config: Chinese tooltips, no Plotly logo, only useful buttons."""
    remove = list(REMOVE_BUTTONS) + ([] if image_button else ["toImage"])
    cfg = {"displaylogo": False, "locale": "zh-CN", "locales": {"zh-CN": zh_locale()},
           "modeBarButtonsToRemove": remove,
           "toImageButtonOptions": {"format": "png", "scale": 2}}
    if not mode_bar:
        cfg["displayModeBar"] = False
    return cfg

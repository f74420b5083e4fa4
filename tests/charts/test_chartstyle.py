"""Every chart follows the theme: transparent plot areas (the page shows through, light or dark),
and what a builder colours itself (source lines, target ticks, bands) reads on that page."""
from __future__ import annotations

import pytest

from lib.charts import style as chartstyle
from lib.charts import pairs as cp
from lib.charts import themes as ch
from lib.analysis import pairs as pr
from tests.support.pairs_data import world
from test_charts import contrast


def _pair_figures(theme):
    rows = pr.pair_rows(world())
    one = [r for r in rows if r.place == "吉林省长春市" and r.year == 2023]
    amb = [r for r in pr.ambition_rows(world()) if r.place == "海南省海口市"]
    return {
        "bullet": cp.bullet_chart(one, theme=theme),
        "completion": cp.completion_chart(pr.completion_rows(rows), theme=theme),
        "ambition": cp.ambition_chart(amb, theme=theme),
        "amplification": cp.amplification_chart(pr.amplification_rows(world(), "gdp_growth", 2024), theme=theme),
        "empty": cp.bullet_chart([], theme=theme),
    }


def _theme_figures(theme):
    rows = [{"unit": "甲市", "theme": "科技", "share": 0.2, "sentences": 3},
            {"unit": "乙市", "theme": "科技", "share": 0.1, "sentences": 1}]
    kw = [{"word": "港口", "score": 0.01, "count": 4}]
    return {
        "theme_bar": ch.theme_chart(rows, ["科技"], "来源:测试", theme=theme),
        "theme_radar": ch.theme_chart(rows, ["科技"], "来源:测试", kind="radar", theme=theme),
        "keywords": ch.keywords_chart([("甲市", kw)], "来源:测试", theme=theme),
        "kwic": ch.kwic_chart([{"place": "甲市", "year": 2024, "count": 3, "chars": 9000, "per_10k": 3.3}],
                              "港口", "来源:测试", theme=theme),
    }


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_plan_charts_follow_the_theme(theme):
    pal = chartstyle.palette(theme)
    for name, fig in _pair_figures(theme).items():
        assert fig.layout.plot_bgcolor == chartstyle.TRANSPARENT, name  # was white on the dark page
        src = next(a for a in fig.layout.annotations if a.name == "source")
        assert contrast(src.font.color, pal.page) >= 4.5, name
    bullet = _pair_figures(theme)["bullet"]
    tick = next(t for t in bullet.data if t.name == "目标")
    assert contrast(tick.marker.line.color, pal.page) >= 7  # the target tick reads on the page
    band = next(t for t in bullet.data if t.name == "完成区间")
    assert band.marker.color == pal.band


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_charts_follow_the_theme(theme):
    pal = chartstyle.palette(theme)
    for name, fig in _theme_figures(theme).items():
        assert fig.layout.plot_bgcolor == chartstyle.TRANSPARENT, name
        assert contrast(fig.layout.title.subtitle.font.color, pal.page) >= 4.5, name


def test_plotly_config_is_chinese_and_trimmed():
    cfg = chartstyle.plotly_config()
    assert cfg["locale"] == "zh-CN"
    words = cfg["locales"]["zh-CN"]["dictionary"]
    for button in ("Zoom", "Pan", "Reset axes", "Download plot as a png", "Autoscale"):
        assert any("\u4e00" <= ch_ <= "\u9fff" for ch_ in words[button]), button
    assert {"lasso2d", "select2d", "toImage"} <= set(cfg["modeBarButtonsToRemove"])
    assert "toImage" not in chartstyle.plotly_config(image_button=True)["modeBarButtonsToRemove"]


# ---- one CJK font stack for CSS, Plotly and Streamlit's theme -------------------------------

def test_one_font_stack_for_css_plotly_and_the_streamlit_theme():
    import tomllib
    from pathlib import Path

    from lib.present import css

    assert [f.strip().strip('"') for f in css.FONT_STACK.split(",")] == list(css.FONTS)
    assert css.FONT_STACK in css.base_css()
    theme = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text("utf-8"))["theme"]
    assert theme["font"] == theme["headingFont"] == chartstyle.FONT == ", ".join(css.FONTS)
    figures = list(_pair_figures("light").values()) + list(_theme_figures("light").values())
    families = {f.layout.font.family for f in figures}
    assert families == {chartstyle.FONT}, families

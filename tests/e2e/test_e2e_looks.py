"""Every page in every look: light, dark, presentation (1920×1080, ?present=1) and a phone
(400 px).  Each must draw without an exception and with its Chinese title; the screenshots
(artifacts/look_<page>_<look>.png) are for a person to look at."""
from __future__ import annotations

import pytest

from conftest import ROOT, has_cjk_font, screenshot, settle, streamlit_server
from tests.support.browser import drawn

pytestmark = pytest.mark.e2e

# a text each page shows in every look (趋势 presenting is titled by its indicator: "… · 历年实绩与目标")
PAGES = {"compare": ("", "对比"), "plan": ("plan", "计划与实绩"), "trends": ("trends", "历年实绩与目标"),
         "map": ("map", "地图"), "report": ("report", "基本信息"), "library": ("library", "库"),
         "themes": ("themes", "主题")}
LOOKS = {"light": dict(viewport={"width": 1400, "height": 1000}),
         "dark": dict(viewport={"width": 1400, "height": 1000}, color_scheme="dark"),
         "present": dict(viewport={"width": 1920, "height": 1080}),
         "phone": dict(viewport={"width": 400, "height": 860}, is_mobile=True, device_scale_factor=2)}


@pytest.fixture(scope="module")
def looks_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("looks")
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(data / "library.sqlite"),
                          GOVREPORT_SYNTH="60") as url:
        yield url


@pytest.mark.parametrize("look", list(LOOKS))
def test_every_page_draws_in_every_look(looks_url, browser, look):
    assert has_cjk_font(), "fonts-noto-cjk is missing: Chinese would not render"
    ctx = browser.new_context(locale="zh-CN", **LOOKS[look])
    page = ctx.new_page()
    try:
        for name, (path, title) in PAGES.items():
            page.goto(f"{looks_url}/{path}" + ("?present=1" if look == "present" else ""))
            page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
            page.wait_for_function(f"() => document.body.innerText.includes({title!r})", timeout=120_000)
            settle(page)
            if name in ("compare", "map", "plan", "trends"):
                page.wait_for_selector(".js-plotly-plot", timeout=90_000)
                drawn(page, 90_000)
            assert not page.query_selector('[data-testid="stException"]'), (name, look)
            shot = screenshot(page, f"look_{name}_{look}", full_page=False)
            assert shot.stat().st_size > 10_000
    finally:
        ctx.close()

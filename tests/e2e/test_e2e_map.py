"""Real-browser tests of the 地图 page (Debian chromium via Playwright against `streamlit run`):
the regions are drawn as SVG paths with no request leaving the machine, a click on a region puts
its report on the list to compare, and 对比 opens with it.  Screenshots (light, dark, phone,
presentation) go to artifacts/."""
from __future__ import annotations

import pytest

from conftest import ROOT, screenshot, settle, streamlit_server
from tests.support.browser import drawn

pytestmark = pytest.mark.e2e
SYNTH_N = 120


@pytest.fixture(scope="module")
def map_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("mapapp")
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(data / "library.sqlite"),
                          GOVREPORT_SYNTH=str(SYNTH_N)) as url:
        yield url


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=180_000)
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=180_000)
    settle(page)


def _map_state(page) -> dict:
    """What plotly drew: the paths of each layer (by the trace's role) and the figure's meta."""
    return page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const roles = {};
        gd.querySelectorAll('.choroplethlayer .trace').forEach(g => {
            const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
            const role = t && t.meta && t.meta.role;
            if (role) roles[role] = (roles[role] || 0) + g.querySelectorAll('path').length;
        });
        return {roles, meta: gd.layout.meta, paper: gd.layout.paper_bgcolor,
                geos: Object.keys(gd._fullLayout).filter(k => /^geo[0-9]*$/.test(k)).length,
                dash: gd.querySelectorAll('.geo .scatterlayer .js-line').length};
    }""")


def _chips(box) -> list[str]:
    """The places chosen in a multiselect (the place part of each tag's label)."""
    return [t.split(" · ")[0] for t in box.locator(".react-aria-ComboBox [data-tag] span[title]").all_inner_texts()]


def _click_region(page, role: str = "value") -> str:
    """Click inside the largest region of a layer; returns its adcode."""
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    point = page.evaluate("""(role) => {
        const gd = document.querySelector('.js-plotly-plot');
        let best = null;
        gd.querySelectorAll('.geo .choroplethlayer .trace').forEach(g => {
            const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
            if (!t || !t.meta || t.meta.role !== role || t.geo !== 'geo') return;
            g.querySelectorAll('path').forEach(p => {
                const b = p.getBoundingClientRect();
                if (!best || b.width * b.height > best.area) best = {p, b, area: b.width * b.height};
            });
        });
        if (!best) return null;
        // a point of the region itself (its box's centre may be outside a crooked shape)
        const inv = best.p.getScreenCTM().inverse();
        for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
            const x = best.b.left + best.b.width * i / 12, y = best.b.top + best.b.height * j / 12;
            if (best.p.isPointInFill(new DOMPoint(x, y).matrixTransform(inv)))
                return {x, y, code: best.p.__data__ && best.p.__data__.loc};
        }
        return null;
    }""", role)
    assert point, f"no clickable {role} region"
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    page.mouse.click(point["x"], point["y"])
    return point["code"]


def test_map_draws_offline_and_a_click_adds_the_region_to_the_comparison(map_url, page):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(map_url)
            and not r.url.startswith(("data:", "blob:")) else None)
    _open(page, map_url + "/map")
    state = _map_state(page)
    # 31 provinces stated in the generated library, the rest of the 34 drawn pale; the inset
    assert state["roles"]["value"] >= 31 and state["roles"].get("empty", 0) >= 3
    assert state["geos"] == 2 and state["dash"] >= 2
    assert state["meta"]["scope"] == "china" and state["meta"]["stated"] == 31
    text = page.inner_text("body")
    assert "地图" in text and "对比清单" in text and "来源:各地政府工作报告" in page.inner_html(".js-plotly-plot")
    screenshot(page, "map_light", full_page=False)
    # hover: the place, the figure as stated, the sentence and the file
    _click_region(page)
    tip = page.evaluate("() => document.querySelector('.hoverlayer').textContent")
    assert "原文" in tip and "来源" in tip and ".txt" in tip
    page.wait_for_function("() => location.search.includes('places=')", timeout=30_000)
    settle(page)
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="对比清单").first
    chips = _chips(box)
    assert len(chips) == 1
    place = chips[0]
    screenshot(page, "map_picked", full_page=False)
    # 对比 opens with that place
    page.get_by_role("button", name="在「对比」中查看").click()
    page.wait_for_function("() => !location.pathname.endsWith('/map')", timeout=30_000)
    page.wait_for_selector('[data-testid="stMultiSelect"] >> text=地区(共', timeout=30_000)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    settle(page)
    assert "/map" not in page.url and "places=" in page.url
    cmp_box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="地区(共").first
    assert _chips(cmp_box) == [place]
    assert not outside, outside[:3]  # no base map, no topojson from a CDN: nothing leaves the machine


def test_map_of_one_province_and_dark_theme(map_url, browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", color_scheme="dark")
    page = ctx.new_page()
    try:
        _open(page, map_url + "/map?mode=result&year=2023&scope=330000-county&ind=gdp_growth")
        state = _map_state(page)
        assert state["meta"]["scope"] == "330000-county" and state["meta"]["indicator"] == "gdp_growth"
        assert state["paper"] == "#111418"  # the app's dark background
        assert state["geos"] == 1 and state["roles"]["empty"] > 50  # Zhejiang's counties, few reported
        screenshot(page, "map_dark", full_page=False)
    finally:
        ctx.close()


def test_map_on_a_phone(map_url, browser):
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="zh-CN", is_mobile=True,
                              device_scale_factor=2)
    page = ctx.new_page()
    try:
        _open(page, map_url + "/map")
        plot = page.locator(".js-plotly-plot").first.bounding_box()
        assert plot["width"] <= 400 and _map_state(page)["roles"]["value"] >= 31
        screenshot(page, "map_phone", full_page=False)
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        drawn(page)
        screenshot(page, "map_phone_map", full_page=False)
    finally:
        ctx.close()


def test_map_in_presentation_mode(map_url, browser):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = ctx.new_page()
    try:
        _open(page, map_url + "/map?present=1")
        sizes = page.evaluate("""() => {
            const gd = document.querySelector('.js-plotly-plot');
            const px = sel => Array.from(gd.querySelectorAll(sel)).filter(e => e.textContent.trim())
                .map(e => parseFloat(getComputedStyle(e).fontSize));
            return {legend: px('.legend text'), notes: px('.annotation-text'), ticks: px('.colorbar text')};
        }""")
        for what, px in sizes.items():
            assert px and min(px) >= 22, (what, px)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.count() == 0 or not sidebar.first.is_visible()
        screenshot(page, "map_present", full_page=False)
    finally:
        ctx.close()


def test_a_region_that_does_not_state_the_figure_can_be_added_too(map_url, page):
    _open(page, map_url + "/map?mode=result&year=2023&ind=fdi")
    assert _map_state(page)["roles"]["missing"] > 0  # not every province states FDI
    _click_region(page, "missing")
    tip = page.evaluate("() => document.querySelector('.hoverlayer').textContent")
    assert "未提及" in tip
    page.wait_for_function("() => location.search.includes('places=')", timeout=60_000)
    settle(page)
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="对比清单").first
    assert len(_chips(box)) == 1

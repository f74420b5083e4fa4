"""Real-browser tests: Debian chromium driven by Playwright against `streamlit run`.

`app_url` (conftest) serves the seed library; `synth_url` serves 40 generated reports
(GOVREPORT_SYNTH) so the picker and chart checks do not depend on the parser's coverage.
Screenshots go to artifacts/; `make screenshot` (GOVREPORT_SCREENSHOT=1) also copies the 对比
page to docs/screenshot.png, the README's picture (so `make test` never rewrites a tracked file).
"""
from __future__ import annotations

import os
import shutil
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from conftest import ROOT, screenshot, settle, streamlit_server
from lib.present import slides
from tests.support.synth import synth_reports
from tests.support.browser import drawn

pytestmark = pytest.mark.e2e
SYNTH_N = 40
_docs_written = {"seeds": False}
REFRESH_DOCS = os.environ.get("GOVREPORT_SCREENSHOT") == "1"  # make screenshot


@pytest.fixture(scope="module")
def synth_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("synthapp")
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(data / "library.sqlite"),
                          GOVREPORT_SYNTH=str(SYNTH_N)) as url:
        yield url


def _plots(page) -> list[dict]:
    """Each drawn plot's indicator and bar categories, read from plotly's own data."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
        const bars = (gd.data || []).find(t => t.meta && t.meta.role === 'value') || {y: []};
        return {indicator: gd.layout.meta && gd.layout.meta.indicator,
                cats: Array.from(gd.layout.yaxis.categoryarray || []), bars: Array.from(bars.y || [])};
    })""")


def _two_places():
    """Two prefecture cities that report for the default year in the generated library."""
    cities = [r.meta for r in synth_reports(SYNTH_N) if r.meta.review_year == 2023 and r.meta.level == "市"]
    return cities[0], cities[1]


def _ready(page, selector='[data-testid="stMultiSelect"]'):
    """The first run after a cold start loads the library: wait for the page's own widgets."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector(selector, timeout=60_000)
    settle(page)


def _places_box(page):
    return page.locator('[data-testid="stMultiSelect"]').filter(has_text="地区(共").first


def test_compare_page_on_the_seed_library(app_url, page):
    page.goto(app_url)
    _ready(page)
    body = page.inner_text("body")
    assert "对比" in body and "地区(共" in body and "演示模式" in body
    assert "Traceback" not in body and "Error" not in body
    shot = screenshot(page, "home")
    assert shot.stat().st_size > 20_000
    if page.locator(".js-plotly-plot").count() > 0 and REFRESH_DOCS:
        shutil.copy(shot, ROOT / "docs" / "screenshot.png")
        _docs_written["seeds"] = True


def test_pick_two_places_from_the_dropdown(synth_url, page):
    a, b = _two_places()
    page.goto(synth_url)
    _ready(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    box = _places_box(page)
    box.get_by_role("button", name="Clear all").first.click()  # baseweb's clear-all control
    for meta in (a, b):
        expect(box).not_to_contain_text(meta.place, timeout=30_000)  # cleared
    for meta in (a, b):
        box.locator("input").click()
        box.locator("input").fill(meta.short_place)
        page.get_by_role("option").filter(has_text=meta.place).first.click()
        expect(box).to_contain_text(meta.place, timeout=30_000)  # the pick is shown in the box
    page.keyboard.press("Escape")
    settle(page)
    page.wait_for_function("""() => {
        const p = document.querySelectorAll('.js-plotly-plot');
        return p.length > 0 && Array.from(p).every(gd => (gd.layout.yaxis.categoryarray || []).length === 2);
    }""", timeout=30_000)  # the charts hold the two picks ...
    drawn(page)  # ... and are drawn, the page still: then read them, hover and take the picture
    plots = _plots(page)
    assert plots and all(sorted(p["cats"]) == sorted([a.short_place, b.short_place]) for p in plots)
    assert "places=" in page.url or "xplaces=" in page.url
    # hover a bar: the tooltip carries the evidence sentence and the source file
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    bb = page.locator(".js-plotly-plot").first.locator("g.point path").first.bounding_box()
    page.mouse.move(bb["x"] + bb["width"] * 0.6, bb["y"] + bb["height"] / 2)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    tip = page.evaluate("() => document.querySelector('.hoverlayer').textContent")
    assert "原文" in tip and "来源" in tip and ".txt" in tip
    shot = screenshot(page, "compare_two_places")
    assert shot.stat().st_size > 20_000
    if REFRESH_DOCS and not _docs_written["seeds"]:
        shutil.copy(screenshot(page, "compare_two_places_top", full_page=False), ROOT / "docs" / "screenshot.png")
    # a chart is made as PNG (kaleido on the system chromium, in the server) on a press, then
    # downloads; the same for SVG
    page.get_by_role("button", name="PNG 图片").first.click()
    page.get_by_role("button", name="下载 PNG").first.wait_for(timeout=90_000)
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="下载 PNG").first.click()
    png = open(dl.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and dl.value.suggested_filename.endswith(".png")
    page.get_by_role("button", name="SVG 矢量图").first.click()
    page.get_by_role("button", name="下载 SVG").first.wait_for(timeout=90_000)
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="下载 SVG").first.click()
    svg = open(dl.value.path(), encoding="utf-8").read()
    assert "<svg" in svg and "来源:各地政府工作报告" in svg and a.short_place in svg
    # the table one tab away: 未提及 cells and a CSV with evidence and source
    page.get_by_role("tab", name="对比表").click()
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    settle(page)
    assert "view=table" in page.url
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="下载 CSV").click()
    csv = open(dl.value.path(), encoding="utf-8-sig").read()
    assert csv.splitlines()[0].startswith("地区,级别,类型,年份,指标") and "原文" in csv and "来源文件" in csv
    assert a.place in csv and b.place in csv
    screenshot(page, "compare_table", full_page=False)
    page.get_by_role("tab", name="图表").click()
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    # the URL reopens the same view in a fresh tab
    url = page.url
    page2 = page.context.new_page()
    page2.goto(url)
    _ready(page2)
    page2.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert [sorted(p["cats"]) for p in _plots(page2)] == [sorted(p["cats"]) for p in plots]


def _screen_text(page) -> dict:
    """What the projector shows in the one plot: each text layer's rendered font sizes (px, from
    the SVG plotly drew) and the bars and places it holds."""
    return page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const px = sel => Array.from(gd.querySelectorAll(sel)).filter(e => e.textContent.trim())
            .map(e => parseFloat(getComputedStyle(e).fontSize));
        const bars = (gd.data || []).find(t => t.meta && t.meta.role === 'value') || {y: []};
        const miss = (gd.data || []).find(t => t.meta && t.meta.role === 'missing') || {y: []};
        return {indicator: gd.layout.meta.indicator, screen: gd.layout.meta.screen,
                places: Array.from(bars.y).concat(Array.from(miss.y)),
                ticks: px('.yaxislayer-above .ytick text'), xticks: px('.xaxislayer-above .xtick text'),
                labels: px('.scatterlayer .textpoint text'), legend: px('.legend text'),
                title: px('.gtitle'), notes: px('.annotation-text'),
                source: Array.from(gd.querySelectorAll('.annotation-text')).map(e => e.textContent).join(' '),
                arrows: Array.from(gd.querySelectorAll('.scatterlayer .point')).map(
                    e => e.getBoundingClientRect().width).filter(w => w > 0)};
    }""")


def test_presentation_mode_on_a_projector(synth_url, browser):
    """40 places on a 1920×1080 projector: no chart holds more places than fit at readable type;
    上一张/下一张 page through every (indicator, group of places) screen; every text >= 22 px."""
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(synth_url)
        _ready(page)
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
        page.get_by_text("演示模式", exact=True).first.click()
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 1", timeout=30_000)
        settle(page)
        drawn(page)
        assert "present=1" in page.url
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.count() == 0 or not sidebar.first.is_visible()
        plot = page.locator(".js-plotly-plot").first
        box = plot.bounding_box()
        assert box["width"] > 1700 and 800 < box["height"] <= 1000  # one chart fills the screen
        assert box["y"] + box["height"] <= 1080  # ... and all of it is on the screen, source line too
        per_screen = slides.present_capacity()
        seen: dict = {}
        first_ind, legends = None, 0
        for i in range(40):  # bounded: 40 places at <= 11 a screen are 4 groups per indicator
            t = _screen_text(page)
            scr = t["screen"]
            if first_ind is None:
                first_ind = t["indicator"]
            elif (t["indicator"], scr["group"]) == (first_ind, 1):
                break  # wrapped around
            assert 0 < len(t["places"]) <= per_screen
            assert scr["groups"] == len(slides.place_groups(SYNTH_N))
            head = page.inner_text('.slide-no')
            assert f"第 {scr['group']}/{scr['groups']} 组" in head
            if i < 2:
                screenshot(page, f"present_{i + 1}", full_page=False)
            for what in ("ticks", "labels", "xticks", "notes"):
                assert t[what] and min(t[what]) >= 22, (what, t[what])
            assert min(t["legend"] or [99]) >= 22, t["legend"]  # a screen without qualifiers has none
            legends += bool(t["legend"])
            assert min(t["title"]) >= 36 and "来源:各地政府工作报告" in t["source"]
            seen.setdefault(t["indicator"], []).extend(t["places"])
            before = (t["indicator"], scr["group"])
            page.get_by_role("button", name="下一张 ▶").click()
            page.wait_for_function(f"""() => {{
                const gd = document.querySelector('.js-plotly-plot');
                const m = gd && gd.layout.meta;
                return m && m.screen && (m.indicator !== {before[0]!r} || m.screen.group !== {before[1]});
            }}""", timeout=30_000)
            settle(page)
            drawn(page)
        # every place is on a screen of every indicator, exactly once
        assert len(seen) >= 2 and legends > 0
        for ind, names in seen.items():
            assert len(names) == SYNTH_N and len(set(names)) == SYNTH_N, ind
        # the URL holds the screen: a copied link reopens the same slide and group
        page.get_by_role("button", name="下一张 ▶").click()
        page.wait_for_function("() => location.search.includes('group=2')", timeout=30_000)
        settle(page)
        drawn(page)
        here = _screen_text(page)
        shot = screenshot(page, "present_group2", full_page=False)
        assert shot.stat().st_size > 20_000
        page2 = ctx.new_page()
        page2.goto(page.url)
        _ready(page2, ".js-plotly-plot")
        drawn(page2)
        again = _screen_text(page2)
        assert (again["indicator"], again["screen"], again["places"]) == \
            (here["indicator"], here["screen"], here["places"])
        page2.close()
        # a link with ?present=1 opens straight into presentation
        page.goto(synth_url + "/?present=1")
        settle(page)
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
        assert page.locator(".js-plotly-plot").count() == 1
    finally:
        ctx.close()


def test_presentation_mode_on_the_seed_library(app_url, browser):
    """?present=1 on the default (seed) library: a few places, one screen per indicator."""
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(app_url + "/?present=1")
        _ready(page, ".js-plotly-plot")
        drawn(page)
        assert "Page not found" not in page.inner_text("body")  # 对比 is the root page
        t = _screen_text(page)
        for what in ("ticks", "labels", "legend", "notes"):
            if t[what]:
                assert min(t[what]) >= 22, (what, t[what])
        assert t["ticks"] and "来源" in t["source"]
        screenshot(page, "present_seeds", full_page=False)
    finally:
        ctx.close()


def test_report_page_highlights_figures(synth_url, page):
    page.goto(synth_url + "/report?file=" + quote(synth_reports(SYNTH_N)[3].meta.file))
    _ready(page, "mark.fig")
    page.wait_for_selector("mark.fig", timeout=30_000)
    marks = page.locator(".report-text mark.fig")
    assert marks.count() >= 5
    text = page.inner_text("body")
    assert "基本信息" in text and "提取的指标" in text and "原文(清洗后)" in text
    screenshot(page, "report")
    page.locator(".report-text").last.scroll_into_view_if_needed()
    drawn(page)
    screenshot(page, "report_text", full_page=False)


def test_dark_theme_follows_the_system(synth_url, browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", color_scheme="dark")
    page = ctx.new_page()
    try:
        page.goto(synth_url)
        _ready(page)
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
        bg = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\\'stApp\\']')).backgroundColor")
        assert bg == "rgb(17, 20, 24)"  # [theme.dark] backgroundColor #111418
        screenshot(page, "compare_dark", full_page=False)
    finally:
        ctx.close()

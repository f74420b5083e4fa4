"""The app as its users meet it, in Debian chromium: both themes, phone width, the projector's
keyboard, Chinese throughout.  Screenshots go to artifacts/ (ui_*.png)."""
from __future__ import annotations

import re

import pytest

from conftest import screenshot, settle

pytestmark = pytest.mark.e2e

PAGES = {"compare": "", "plan": "/plan", "report": "/report", "library": "/library", "themes": "/themes"}
CHART_PAGES = ("compare", "plan", "themes")


def _rgb(css: str):
    """'rgb(1, 2, 3)' / 'rgba(1, 2, 3, 0.5)' -> (r, g, b, a)."""
    nums = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (*nums[:3], nums[3] if len(nums) > 3 else 1.0)


def _lum(rgb) -> float:
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a, b) -> float:
    hi, lo = sorted((_lum(a), _lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _open(browser, url, scheme="light", width=1400, height=1000):
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                              color_scheme=scheme)
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector("h1, .present-title", timeout=60_000)
    settle(page)
    return ctx, page


def _wait_plots(page, timeout=120_000):
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=timeout)
    drawn(page, timeout)


CHART_COLOURS = """() => {
    const app = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor;
    return {app, plots: Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => ({
        plot: Array.from(gd.querySelectorAll('rect.bg')).map(r => {
            const st = getComputedStyle(r);
            return parseFloat(st.fillOpacity) === 0 ? 'rgba(0, 0, 0, 0)' : st.fill; }),
        paper: gd.querySelector('.main-svg') ? getComputedStyle(gd.querySelector('.main-svg')).backgroundColor : '',
        ticks: Array.from(gd.querySelectorAll('.xtick text, .ytick text'))
                 .filter(t => t.textContent.trim() && parseFloat(getComputedStyle(t).fillOpacity) > 0)
                 .map(t => getComputedStyle(t).fill),
        notes: Array.from(gd.querySelectorAll('.annotation-text, .gtitle'))
                 .filter(t => t.textContent.trim()).map(t => getComputedStyle(t).fill)}))};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_follows_the_theme(app_url, browser, name, scheme):
    ctx, page = _open(browser, app_url + PAGES[name], scheme)
    try:
        _wait_plots(page)
        got = page.evaluate(CHART_COLOURS)
        app = _rgb(got["app"])
        assert (_lum(app) < 0.1) == (scheme == "dark")  # the app itself follows the system theme
        assert got["plots"]
        for plot in got["plots"]:
            for fill in plot["plot"] + [plot["paper"]]:
                c = _rgb(fill)
                assert c[3] == 0 or _contrast(c, app) < 1.3, fill  # no white box on a dark page
            for fill in plot["ticks"] + plot["notes"]:
                assert _contrast(_rgb(fill), app) >= 3.0, fill  # every label reads on the page
        screenshot(page, f"ui_{name}_{scheme}")
    finally:
        ctx.close()


ENGLISH = ("Upload", "per file", "Choose an option", "No results", "Press Enter", "Drag and drop")
PSEUDO_TEXT = """() => Array.from(document.querySelectorAll(
        '[data-testid="stFileUploaderDropzone"] button p, [data-testid="stFileUploaderDropzoneInstructions"] span,'
        + '[role="listbox"][data-empty="true"] [role="option"] span'))
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => ({own: parseFloat(getComputedStyle(e).fontSize),
                after: getComputedStyle(e, '::after').content}))"""


def _visible_english(page) -> list:
    """English words a user can read: text nodes with a visible font size."""
    return page.evaluate("""(words) => {
        const out = [];
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
            const n = walk.currentNode, el = n.parentElement;
            if (!el || !el.getClientRects().length) continue;
            const st = getComputedStyle(el);
            if (parseFloat(st.fontSize) === 0 || st.visibility === 'hidden') continue;
            for (const w of words) if (n.textContent.includes(w)) out.push(w + ': ' + n.textContent.trim().slice(0, 60));
        }
        return out;
    }""", list(ENGLISH))


def test_library_page_speaks_chinese(app_url, browser):
    ctx, page = _open(browser, app_url + "/library")
    try:
        page.wait_for_selector('[data-testid="stFileUploaderDropzone"]', timeout=30_000)
        shown = page.evaluate(PSEUDO_TEXT)
        afters = [s["after"] for s in shown]  # every uploader on the page (reports, the workbook)
        assert afters and afters == ['"选择文件"', '"或把文件拖到这里"'] * (len(afters) // 2)
        assert all(s["own"] == 0 for s in shown)  # the English under them is not drawn
        assert "20 MB" in page.inner_text("body")  # the limit, said once, in Chinese
        box = page.locator('[data-testid="stMultiSelect"]').first
        box.locator("input").click()
        box.locator("input").fill("没有这个地方zz")
        page.wait_for_function(f"() => ({PSEUDO_TEXT})().some(s => s.after === '\"没有匹配的选项\"')",
                               timeout=30_000)
        empty = page.evaluate(PSEUDO_TEXT)
        assert '"没有匹配的选项"' in [s["after"] for s in empty]
        screenshot(page, "ui_library_no_match", full_page=False)
        page.keyboard.press("Escape")
        assert _visible_english(page) == []
    finally:
        ctx.close()


@pytest.mark.parametrize("name", ("compare", "plan", "themes"))
def test_chart_mode_bars_speak_chinese(app_url, browser, name):
    ctx, page = _open(browser, app_url + PAGES[name])
    try:
        _wait_plots(page)
        page.locator(".js-plotly-plot").first.hover()
        page.locator(".js-plotly-plot .modebar-btn").first.wait_for(state="visible", timeout=30_000)
        # plotly draws a button's tooltip as its ::after content
        titles = page.evaluate("""() => Array.from(document.querySelectorAll('.modebar-btn'))
                                  .map(b => getComputedStyle(b, '::after').content)""")
        assert titles, "no mode bar"
        for t in titles:
            assert re.search(r"[\u4e00-\u9fff]", t), t
        assert not page.query_selector('.modebar-btn[data-val="lasso"], .modebar-btn[data-val="select"]')
        assert _visible_english(page) == []
    finally:
        ctx.close()


from test_e2e import synth_url  # noqa: E402,F401  (40 generated places: several screens an indicator)
from tests.support.browser import drawn

SLIDE_NO = "() => document.querySelector('.slide-no') ? document.querySelector('.slide-no').innerText : ''"


def _slide(page) -> tuple:
    """(slide, group) from the 第 s / n 张 · 第 g/k 组 label."""
    text = page.evaluate(SLIDE_NO)
    s = re.search(r"第 (\d+) / (\d+) 张", text)
    g = re.search(r"第 (\d+)/(\d+) 组", text)
    return int(s.group(1)), int(g.group(1)) if g else 1, int(s.group(2)), int(g.group(2)) if g else 1


def _press(page, key, want):
    page.keyboard.press(key)
    page.wait_for_function(f"() => ({SLIDE_NO})().replace(/\\s+/g, ' ').includes({want!r})", timeout=30_000)
    settle(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_presentation_pages_with_the_keyboard_and_reads_in_both_themes(synth_url, browser, scheme):
    ctx, page = _open(browser, synth_url + "/?present=1", scheme, 1920, 1080)
    try:
        _wait_plots(page)
        s, g, n_s, n_g = _slide(page)
        assert (s, g) == (1, 1) and n_g >= 3
        _press(page, "ArrowRight", "第 2/")
        _press(page, "PageDown", "第 3/")
        _press(page, "ArrowLeft", "第 2/")
        _press(page, "PageUp", "第 1/")
        _press(page, "Space", "第 2/")
        page.keyboard.press("End")
        page.wait_for_function(f"() => ({SLIDE_NO})().includes('第 {n_s} / {n_s} 张')", timeout=30_000)
        settle(page)
        s, g, _, n_last = _slide(page)
        assert (s, g) == (n_s, n_last)
        _press(page, "Home", f"第 1 / {n_s} 张")
        assert _slide(page)[:2] == (1, 1)
        # the slide buttons and the title read on the page in either theme
        got = page.evaluate("""() => ({
            app: getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor,
            title: getComputedStyle(document.querySelector('.present-title')).color,
            buttons: Array.from(document.querySelectorAll('.stButton button')).map(b => {
                const st = getComputedStyle(b), p = b.querySelector('p') || b;
                return {bg: st.backgroundColor, fg: getComputedStyle(p).color}; })})""")
        app = _rgb(got["app"])
        assert (_lum(app) < 0.1) == (scheme == "dark")
        assert _contrast(_rgb(got["title"]), app) >= 7
        assert len(got["buttons"]) >= 5
        for b in got["buttons"]:
            bg = _rgb(b["bg"]) if _rgb(b["bg"])[3] > 0 else app
            assert _contrast(_rgb(b["fg"]), bg) >= 7, b
        chart = page.evaluate(CHART_COLOURS)["plots"][0]
        for fill in chart["ticks"] + chart["notes"]:
            assert _contrast(_rgb(fill), app) >= 7, fill
        screenshot(page, f"ui_present_{scheme}", full_page=False)
    finally:
        ctx.close()


def test_keys_typed_into_a_picker_do_not_turn_the_slide(synth_url, browser):
    ctx, page = _open(browser, synth_url + "/?present=1", "light", 1920, 1080)
    try:
        _wait_plots(page)
        page.get_by_text("调整选择").click()
        box = page.locator('[data-testid="stMultiSelect"] input').first
        box.click()
        box.type("ab")
        box.press("ArrowLeft")
        box.press("Home")
        # nothing should happen: no page state shows "the keys were ignored", so give a keypress
        # time to change the slide (it would), then check it did not
        page.wait_for_timeout(1000)
        assert _slide(page)[:2] == (1, 1)
    finally:
        ctx.close()


PHONE_LAYOUT = """() => {
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    return {
        overflow: document.querySelector('[data-testid="stMain"]').scrollWidth - window.innerWidth,
        plots: plots.map(gd => ({  // the drawing as seen (a phone's slide is drawn shrunk)
            width: gd.querySelector('.main-svg').getBoundingClientRect().width,
            right: gd.querySelector('.main-svg').getBoundingClientRect().right,
            texts: Array.from(gd.querySelectorAll('.gtitle, .annotation-text, .legendtext, .textpoint text, .ytick text'))
                .filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect().right]),
            areas: Array.from(gd.querySelectorAll('.nsewdrag')).map(r => r.getBoundingClientRect().width),
            title: (() => { const t = gd.querySelector('.gtitle'); return t ? t.getBoundingClientRect() : null; })(),
            legend: (() => { const l = gd.querySelector('.legend'); return l ? l.getBoundingClientRect() : null; })()})),
        clipped: Array.from(document.querySelectorAll('[data-testid="stButtonGroup"] button, .stButton button'))
            .filter(b => b.getClientRects().length && b.scrollWidth > b.clientWidth + 2).map(b => b.innerText)};
}"""


@pytest.mark.parametrize("name", ["compare", "plan", "themes", "report", "library", "present"])
def test_every_page_is_usable_on_a_phone(app_url, browser, name):
    url = app_url + ("/?present=1" if name == "present" else PAGES[name])
    ctx, page = _open(browser, url, "light", 400, 860)
    try:
        if name in CHART_PAGES + ("present",):
            _wait_plots(page)
        got = page.evaluate(PHONE_LAYOUT)
        assert got["overflow"] <= 2  # nothing wider than the phone
        assert got["clipped"] == []  # every button shows its whole label (实绩/目标 included)
        for p in got["plots"]:
            assert p["right"] <= 402 and p["width"] >= 300
            cut = [t for t, right in p["texts"] if right > 402]
            assert not cut, cut  # no title, legend, value label or source line runs off the screen
            assert p["areas"] and min(p["areas"]) >= 150  # no plot area collapsed to nothing
            if p["title"] and p["legend"]:  # the legend sits under the title, never on it
                t, lg = p["title"], p["legend"]
                assert lg["top"] >= t["bottom"] - 2 or lg["bottom"] <= t["top"] + 2
        screenshot(page, f"ui_{name}_phone")
    finally:
        ctx.close()


@pytest.mark.parametrize("name", CHART_PAGES)
def test_half_width_panels_keep_titles_legends_and_sources_whole(app_url, browser, name):
    ctx, page = _open(browser, app_url + PAGES[name], "light", 1920, 1080)
    try:
        _wait_plots(page)
        got = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
            const box = e => e ? e.getBoundingClientRect() : null;
            const r = box(gd);
            return {right: r.right, left: r.left, title: box(gd.querySelector('.gtitle')),
                    legend: box(gd.querySelector('.legend')),
                    notes: Array.from(gd.querySelectorAll('.annotation-text')).map(a => {
                        const b = a.getBoundingClientRect(); return {left: b.left, right: b.right}; })};
        })""")
        assert got
        for p in got:
            for n in p["notes"]:
                assert n["right"] <= p["right"] + 1 and n["left"] >= p["left"] - 1  # nothing cut at the edges
            if p["title"] and p["legend"]:
                t, lg = p["title"], p["legend"]
                overlap_x = min(t["right"], lg["right"]) - max(t["left"], lg["left"])
                overlap_y = min(t["bottom"], lg["bottom"]) - max(t["top"], lg["top"])
                assert overlap_x <= 2 or overlap_y <= 2  # the legend never lies on the title
        screenshot(page, f"ui_{name}_wide")
    finally:
        ctx.close()


def test_the_report_chosen_for_a_place_reopens_from_a_shared_link(app_url, browser):
    """The seeds hold two reports of 海口 2024: pick the second, copy the URL, open it afresh."""
    ctx, page = _open(browser, app_url + "/")
    try:
        page.get_by_text("同地同年有多份报告").click()
        box = page.locator('[data-testid="stSelectbox"]', has_text="海口").first
        box.wait_for(timeout=30_000)
        settle(page)
        current = box.locator("input").input_value()
        box.locator("input").click()
        # the other report of the place: any file offered that is not the one in use
        page.wait_for_function("() => Array.from(document.querySelectorAll('[role=option]'))"
                               ".filter(o => o.innerText.trim().endsWith('.txt')).length >= 2", timeout=30_000)
        options = page.locator('[role="option"]')
        names = [t.strip() for t in options.all_inner_texts()]
        second = next(n for n in names if n.endswith(".txt") and n not in current)
        options.filter(has_text=second).first.click()
        page.wait_for_function(f"() => decodeURIComponent(location.search).includes('~{second}')", timeout=60_000)
        settle(page)
        link = page.url
        assert "use=" in link
        fresh = ctx.new_page()
        fresh.goto(link)
        fresh.wait_for_selector("h1", timeout=60_000)
        settle(fresh)
        fresh.get_by_text("同地同年有多份报告").click()
        settle(fresh)
        screenshot(fresh, "ui_same_year_link", full_page=False)
        assert f"~{second}" in fresh.evaluate("decodeURIComponent(location.search)")  # and the link stays
        picked = fresh.locator('[data-testid="stSelectbox"]', has_text="海口").first.locator("input").input_value()
        assert second in picked
    finally:
        ctx.close()

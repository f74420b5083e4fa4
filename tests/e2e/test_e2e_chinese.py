"""Chinese throughout, in Debian chromium: every page in both themes shows no English word a
user could read (brand names and units excepted), Streamlit's own words included (the status
widget, table-toolbar tooltips, the uploader's refusal), and a report over the size limit is
refused in Chinese, naming the file."""
from __future__ import annotations

import pytest

from conftest import ROOT, screenshot, settle, streamlit_server
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB
from tests.support.browser import choose_files, drawn

pytestmark = pytest.mark.e2e

PAGES = ("", "?view=table", "plan", "trends", "map", "report", "library", "themes")
# names and units a Chinese user reads as they are; file names are the user's own
ALLOWED = {"gdp", "cpi", "ppi", "pm", "png", "svg", "csv", "excel", "pdf", "txt", "docx", "html", "zip",
           "xlsx", "tsv", "jsonl", "dta", "parquet", "mb", "kb", "stata", "r", "pandas", "python", "synth",
           "chromium", "utf"}

VISIBLE_ENGLISH = r"""(allowed) => {
    const out = new Set();
    const shown = el => { const r = el.getBoundingClientRect(), st = getComputedStyle(el);
        return r.width > 1 && r.height > 1 && st.visibility !== 'hidden' && parseFloat(st.opacity) > 0
               && parseFloat(st.fontSize) > 0; };
    // a file name is the user's own ("001_dd1d7b1c.txt", "pairs.csv"): not an English word
    const FILE = /[\w.\-]+\.(txt|docx|pdf|html?|csv|xlsx|zip|json|jsonl|dta|parquet|png|svg)/gi;
    const words = s => (s.replace(FILE, ' ').match(/[A-Za-z][A-Za-z&]*/g) || [])
        .filter(w => !allowed.includes(w.toLowerCase()));
    // icons are ligatures ('download'), code blocks show commands, report text is the user's file
    const SKIP = '[translate="no"], [data-testid="stCode"], code, pre, .report-text';
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const n = walk.currentNode, el = n.parentElement;
        if (!el || ['SCRIPT', 'STYLE'].includes(el.tagName) || el.closest(SKIP) || !shown(el)) continue;
        for (const w of words(n.textContent)) out.add(w + ': ' + n.textContent.trim().slice(0, 60));
    }
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder], [title]')) {
        if (!shown(el) || el.closest(SKIP)) continue;
        if (el.placeholder && !el.value) for (const w of words(el.placeholder)) out.add('placeholder ' + w);
        for (const w of words(el.getAttribute('title') || '')) out.add('title ' + w);
    }
    return Array.from(out);
}"""


@pytest.fixture(scope="module")
def zh_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("zh")
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(data / "library.sqlite"),
                          GOVREPORT_SYNTH="40") as url:
        yield url


def _english(page) -> list:
    return page.evaluate(VISIBLE_ENGLISH, sorted(ALLOWED))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_shows_an_english_word(zh_url, browser, scheme):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", color_scheme=scheme)
    page = ctx.new_page()
    try:
        for path in PAGES:
            page.goto(f"{zh_url}/{path}")
            settle(page, 120_000)
            drawn(page, 120_000)
            assert not page.query_selector('[data-testid="stException"]'), path
            assert _english(page) == [], path or "compare"
            # the keyboard's skip link, shown on Tab, is Chinese too
            page.keyboard.press("Tab")
            assert _english(page) == [], (path, "after Tab")
    finally:
        ctx.close()


def test_table_toolbar_tooltips_and_status_words_are_chinese(zh_url, browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(f"{zh_url}/?view=table")
        settle(page, 120_000)
        table = page.locator('[data-testid="stDataFrame"]').first
        table.hover()
        search = table.locator('[data-testid="stElementToolbar"] button[aria-label^="Search"]').first
        search.hover()
        # Streamlit shows a toolbar tooltip after a second: wait for it
        page.wait_for_selector('[data-testid="stTooltipContent"], [role="tooltip"]', state="visible", timeout=30_000)
        assert _english(page) == []
        assert "搜索" in page.inner_text("body")  # the tooltip, said in Chinese
        # whatever Streamlit draws later ('Stop' while running, a refused upload) is said in Chinese
        said = page.evaluate("""async () => {
            const box = document.createElement('div');
            box.innerHTML = '<button>Stop</button><small>File must be 200.0MB or smaller.</small>';
            document.querySelector('[data-testid="stMain"]').appendChild(box);
            await new Promise(r => setTimeout(r, 300));
            const got = box.innerText; box.remove(); return got; }""")
        assert "停止" in said and "文件超过 200.0MB 的上限" in said and "must" not in said
        screenshot(page, "zh_table_tooltip", full_page=False)
    finally:
        ctx.close()


def test_a_report_over_the_limit_is_refused_in_chinese_naming_the_file(zh_url, browser, tmp_path):
    big = tmp_path / "超大的报告.txt"
    big.write_bytes(b"x" * (MAX_FILE_BYTES + 1_000_000))
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(f"{zh_url}/library")
        settle(page, 120_000)
        choose_files(page, big, "超大的报告.txt")
        page.wait_for_function("() => document.body.innerText.includes('超过单个文件')", timeout=180_000)
        settle(page)
        alert = page.locator('[data-testid="stAlert"]', has_text="超过单个文件").first.inner_text()
        assert "超大的报告.txt" in alert and f"{MAX_FILE_MB} MB" in alert
        assert page.locator('button', has_text="加入报告库").first.is_disabled()
        assert _english(page) == []
        body = page.inner_text("body")
        assert body.count(f"单个文件不超过 {MAX_FILE_MB} MB") == 1  # the limit, said once in the caption
        screenshot(page, "zh_upload_too_big", full_page=False)
    finally:
        ctx.close()

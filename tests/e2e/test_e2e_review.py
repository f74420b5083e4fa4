"""Real browser: a person reviews figures on the 报告 page (clicks a row of the table, corrects a
value, marks one checked, removes one, adds a missed one) and 对比 and 计划与实绩 show the
corrected values with their marks."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from conftest import ROOT, screenshot, settle, streamlit_server
from lib.store.library import Library
from lib.model import ADDED, CHECKED, CORRECTED
from tests.support.review_texts import HUZHOU_2023, HUZHOU_2024

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def review_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("reviewapp")
    db = data / "library.sqlite"
    lib = Library(db)
    lib.set_setting("seeded", "1")
    for text, name in ((HUZHOU_2023, "湖州2023.txt"), (HUZHOU_2024, "湖州2024.txt")):
        assert lib.add_text(text, name).status == "added"
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(db)) as url:
        yield url, db


def _ready(page, selector):
    """A page's first run loads the library and draws its charts: slow on a busy machine."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
    page.wait_for_selector(selector, timeout=120_000)
    settle(page, timeout=60_000)


def _click_row(page, row: int):
    """Select row `row` (0-based) of the facts table by its row marker (the grid is a canvas)."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * (row + 1) + 17)
    settle(page)


def _pick(page, label: str):
    """Choose a figure in the 核对或修正 picker (same as clicking its row): type, then Enter."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="核对或修正").first
    box.locator("input").click()
    page.keyboard.type(label)
    page.get_by_role("option").filter(has_text=label).first.wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    settle(page)


def _saved(page, text: str):
    page.get_by_text(text).first.wait_for(timeout=30_000)


def _state(db):
    rep = next(r for r in Library(db).load_reports() if r.meta.file == "湖州2024.txt")
    return {(f.indicator, f.section): (f.value, f.provenance) for f in rep.facts}


def _plot_strings(page) -> str:
    return json.dumps(page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .map(gd => (gd.data || []).map(t => [t.text, t.hovertext, t.customdata]))"""), ensure_ascii=False)


def test_review_on_the_report_page_reaches_compare_and_plan(review_app, page):
    url, db = review_app
    page.goto(url + "/report?file=" + quote("湖州2024.txt"))
    _ready(page, "mark.fig")
    # a click on the table's second row (#2, GDP growth 6.2%) opens its edit form
    _click_row(page, 1)
    page.get_by_text("核对 #2").first.wait_for(timeout=30_000)
    form = page.locator('[data-testid="stForm"]').filter(has_text="保存修改").first
    form.locator('input[aria-label="数值"]').fill("6.3")
    form.get_by_role("button", name="保存修改").click()
    _saved(page, "已保存修正")
    screenshot(page, "review_saved", full_page=False)
    # one click: checked; one click: removed
    _pick(page, "地区生产总值 4015亿元")
    page.get_by_role("button", name="✓ 已核对").click()
    _saved(page, "已标为“已核对”")
    _pick(page, "社会消费品零售总额增速 8.1%")
    page.get_by_role("button", name="删除此数字").click()
    _saved(page, "已删除这个数字")
    # a missed figure, from the text
    page.get_by_text("添加指标(解析器漏掉的数字)").click()
    add = page.locator('[data-testid="stForm"]').filter(has_text="原文中的文字").first
    add.locator('input[aria-label="原文中的文字"]').fill("全年进出口1520亿元")
    add.locator('[data-testid="stSelectbox"]').filter(has_text="指标").first.locator("input").click()
    settle(page)  # leaving the text box may rerun the page: its dropdown is drawn again then
    add.locator('[data-testid="stSelectbox"]').filter(has_text="指标").first.locator("input").click()
    page.keyboard.type("外贸进出口")
    page.get_by_role("option").filter(has_text="外贸进出口总额").first.wait_for()
    page.keyboard.press("Enter")  # the first match (a click on a virtualised list can miss it)
    add.locator('input[aria-label="年份"]').fill("2023")
    add.get_by_role("button", name="添加指标").click()
    _saved(page, "已添加指标")
    st = _state(db)
    assert st[("gdp_growth", "result")] == (6.3, CORRECTED) and st[("gdp", "result")] == (4015.0, CHECKED)
    assert ("retail_sales_growth", "result") not in st and st[("trade", "result")] == (1520.0, ADDED)
    screenshot(page, "review")

    page.goto(url + "/compare")
    _ready(page, ".js-plotly-plot")
    shown = _plot_strings(page)
    assert "6.3%✎" in shown and "4015亿元✓" in shown, shown[:2000]
    page.goto(url + "/plan")
    try:
        _ready(page, '.js-plotly-plot >> nth=1')  # the completion chart, then the place's bullet chart
    finally:
        screenshot(page, "review_plan")
    assert "6.3%✎" in _plot_strings(page)

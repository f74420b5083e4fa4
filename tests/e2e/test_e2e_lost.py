"""Real browser: a correction lost after a new parser version is shown on the 报告 page with
what it was, and the person re-anchors it at text they type; the corrected value is back."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from conftest import ROOT, screenshot, settle, streamlit_server
from lib.store.corrections import EDIT, FactCorrection
from lib.store.anchors import anchor_of
from lib.store.library import Library
from lib.model import CORRECTED
from lib.parse.pipeline import parse_text
from tests.support.review_texts import HUZHOU_2024

pytestmark = pytest.mark.e2e
FILE = "湖州2024.txt"


def older(raw: str, file: str = "(粘贴文本)"):
    """An older parser whose cleaning wrote the retail figure as 8.10%: the correction made
    then points at a figure today's parser writes 8.1%."""
    return parse_text(raw.replace("增长8.1%", "增长8.10%"), file)


@pytest.fixture(scope="module")
def lost_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("lostapp")
    db = data / "library.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("lib.PARSER_VERSION", "test-older")
        lib = Library(db, parse_text=older)
        lib.set_setting("seeded", "1")
        assert lib.add_text(HUZHOU_2024, FILE).status == "added"
        retail = next(f for f in lib.load_reports()[0].facts if f.indicator == "retail_sales_growth")
        lib.save_fact_correction(FILE, FactCorrection(EDIT, anchor_of(retail), {"value": 8.2}))
    Library(db).refresh_stale()  # today's parser: the figure is written 8.1%, the correction is lost
    assert Library(db).lost_fact_corrections() == {FILE: 1}
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(db)) as url:
        yield url, db


def test_a_lost_correction_is_re_anchored_in_the_browser(lost_app, page):
    url, db = lost_app
    page.goto(url + "/report?file=" + quote(FILE))
    page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
    page.get_by_text("找不到对应的数字").first.wait_for(timeout=120_000)
    settle(page, timeout=60_000)
    box = page.locator(".st-key-rep_lost_box")
    assert "社会消费品零售总额增速" in box.inner_text() and "原来指向「8.10%」" in box.inner_text()
    box.locator('input[aria-label^="在原文中重新找到它"]').fill("增长8.1%")
    box.locator('input[aria-label^="在原文中重新找到它"]').press("Enter")
    settle(page)
    box.get_by_role("button", name="重新对应").wait_for(timeout=30_000)
    screenshot(page, "review_lost", full_page=False)
    box.get_by_role("button", name="重新对应").click()
    page.get_by_text("已重新对应到所选的数字").first.wait_for(timeout=30_000)
    screenshot(page, "review_lost_reanchored", full_page=False)
    retail = [f for f in Library(db).load_reports()[0].facts if f.indicator == "retail_sales_growth"]
    assert [(f.value, f.provenance) for f in retail] == [(8.2, CORRECTED)]
    assert not Library(db).lost_fact_corrections()

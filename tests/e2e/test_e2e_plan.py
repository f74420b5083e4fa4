"""Real-browser tests of the 计划与实绩 page (Debian chromium via Playwright)."""
from __future__ import annotations

import pytest

from conftest import ROOT, screenshot, settle, streamlit_server
from tests.support.browser import drawn

pytestmark = pytest.mark.e2e

# Serves the plan page on the written report texts: lib.store.service.load_reports is pointed at them
# (the page reads nothing else), the rest of the page runs as in the app.
HARNESS = f"""
import runpy, sys
sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "tests")!r}]
import streamlit as st
import lib.store.service
from tests.support.pairs_texts import REPORTS, parse_known
st.set_page_config(page_title="政报对比", layout="wide")
lib.store.service.load_reports = lambda: [parse_known(name) for name in REPORTS]
runpy.run_path({str(ROOT / "app_pages" / "plan.py")!r}, run_name="__main__")
"""


@pytest.fixture
def plan_url(tmp_path):
    script = tmp_path / "plan_harness.py"
    script.write_text(HARNESS, encoding="utf-8")
    with streamlit_server(script, tmp_path) as url:
        yield url


def test_plan_page_draws_bullets_completion_ambition_and_amplification(plan_url, page):
    page.goto(plan_url)
    settle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 4", timeout=30_000)
    body = page.inner_text("body")
    for text in ("各地完成情况", "吉林省长春市:目标与实绩", "超额完成", "未完成", "暂无实绩",
                 "目标力度", "层层加码:2024年地区生产总值增速目标", "来源:"):
        assert text in body, text
    assert not page.query_selector('[data-testid="stException"]')
    # the app scrolls inside its main block: grow the window to the page so the shot is whole
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 100, 12_000)})
    drawn(page)
    shot = screenshot(page, "plan")
    assert shot.stat().st_size > 50_000


def test_plan_page_in_the_real_app(app_url, page):
    page.goto(app_url + "/plan")
    settle(page)
    page.wait_for_selector("h1", timeout=30_000)
    assert "计划与实绩" in page.inner_text("h1")
    assert not page.query_selector('[data-testid="stException"]')
    screenshot(page, "plan_app")

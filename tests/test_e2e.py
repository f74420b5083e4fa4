"""Real-browser tests: Debian chromium driven by Playwright against `streamlit run`."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, screenshot, settle

pytestmark = pytest.mark.e2e


def test_home_page_renders_chinese_and_a_chart(app_url, page):
    page.goto(app_url)
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert "政报对比" in page.inner_text("body")
    shot = screenshot(page, "home")
    assert shot.stat().st_size > 20_000
    (ROOT / "docs").mkdir(exist_ok=True)
    shutil.copy(shot, ROOT / "docs" / "screenshot.png")

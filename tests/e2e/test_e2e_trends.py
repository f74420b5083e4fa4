"""Real-browser tests of the 趋势 page in the whole app, on a library of consecutive reports
(tests/trend_texts.py), Debian chromium via Playwright."""
from __future__ import annotations

from urllib.parse import parse_qs, quote, urljoin, urlparse

import pytest

from conftest import ROOT, screenshot, settle, streamlit_server
from tests.support.trend_texts import ALL
from tests.support.browser import choose_files, drawn, pick_option

pytestmark = pytest.mark.e2e
CHART_WAIT_MS = 90_000  # on a busy machine the browser loads plotly's chunk slowly


@pytest.fixture(scope="module")
def trends_app(tmp_path_factory):
    from lib.store.library import Library

    data = tmp_path_factory.mktemp("trends")
    lib = Library(data / "library.sqlite")
    lib.add_many([(n, t.encode()) for n, t in ALL], source="cli")
    lib.set_setting("seeded", "1")  # these reports only, no seeds
    with streamlit_server(ROOT / "app.py", data, GOVREPORT_DB=str(lib.path)) as url:
        yield url


def _whole(page, name):
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 100, 8_000)})
    drawn(page)
    return screenshot(page, name)


def test_trends_page_draws_both_cities_and_keeps_the_view_in_the_url(trends_app, page):
    page.goto(trends_app + "/trends")
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=CHART_WAIT_MS)
    body = page.inner_text("body")
    assert "安徽省芜湖市:2016–2022 年 地区生产总值增速目标 6 项:超额完成 2,完成 1,未完成 1,未知 2" in body
    assert "安徽省蚌埠市:2020–2022 年 地区生产总值增速目标 3 项:未完成 2,未知 1" in body
    assert not page.query_selector('[data-testid="stException"]')
    svg = page.inner_text(".js-plotly-plot")
    for text in ("预计数(空心)", "目标·超额完成", "目标·未完成", "区间:色带为目标范围", "来源:"):
        assert text in svg, text
    q = parse_qs(urlparse(page.url).query)
    assert q["ind"] == ["gdp_growth"] and q["places"] == ["安徽省芜湖市,安徽省蚌埠市"]
    assert _whole(page, "trends").stat().st_size > 40_000

    page.goto(trends_app + "/trends?ind=fiscal_revenue_growth&places=" + quote("安徽省蚌埠市"))
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=CHART_WAIT_MS)
    body = page.inner_text("body")
    assert "安徽省蚌埠市:2020–2022 年 一般公共预算收入增速目标 3 项" in body and "安徽省芜湖市:" not in body


def test_presentation_pages_one_place_a_screen(trends_app, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(trends_app + "/trends?present=1")
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=CHART_WAIT_MS)
    assert not page.query_selector('[data-testid="stSidebar"]:visible')
    assert "第 1 / 2 张" in page.inner_text("body")
    assert "安徽省芜湖市" in page.inner_text(".js-plotly-plot")
    screenshot(page, "trends_present", full_page=False)
    page.get_by_role("button", name="下一张 ▶").click()
    page.wait_for_function("document.body.innerText.includes('第 2 / 2 张')", timeout=20_000)
    page.wait_for_function("(document.querySelector('.js-plotly-plot')?.innerText || '').includes('安徽省蚌埠市')",
                           timeout=20_000)
    assert "安徽省蚌埠市" in page.inner_text(".js-plotly-plot")
    assert parse_qs(urlparse(page.url).query).get("slide") == ["2"]


def test_plan_page_links_to_the_trend_of_its_place(trends_app, page):
    page.goto(trends_app + "/plan")
    settle(page)
    link = page.get_by_role("link", name="历年趋势", exact=False).first
    href = link.get_attribute("href")  # a markdown link opens a new tab: follow it here
    assert href.startswith("trends?")
    page.goto(urljoin(page.url, href))
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=CHART_WAIT_MS)
    place = parse_qs(urlparse(page.url).query)["places"][0]
    assert f"{place}:" in page.inner_text("body")
    assert "历年实绩与目标" in page.inner_text(".js-plotly-plot")


def test_panel_download_reads_back_in_stata(trends_app, page, tmp_path):
    import io
    import zipfile

    import pandas as pd

    page.goto(trends_app + "/trends")
    settle(page)
    page.get_by_text("导出面板数据", exact=False).first.click()
    settle(page)
    pick_option(page, page.locator('[data-testid="stSelectbox"]').filter(has_text="格式"), "Stata 118")
    settle(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="下载面板数据").click()
    path = tmp_path / "panel.zip"
    dl.value.save_as(path)
    with zipfile.ZipFile(path) as zf:
        df = pd.read_stata(io.BytesIO(zf.read("panel.dta")))
    wuhu = df[df["place"] == "安徽省芜湖市"].set_index("year")
    assert wuhu.loc[2017, "gdp_growth_status"] == "超额完成" and wuhu.loc[2020, "gdp_growth_result"] == 3.8


def test_library_page_takes_a_table_and_a_zip(trends_app, page, tmp_path):
    import zipfile

    import pandas as pd
    from tests.support.library_helpers import make_report

    table = tmp_path / "更多报告.csv"
    pd.DataFrame({"正文": [make_report(3)[0], "   "], "地区": ["", ""]}).to_csv(table, index=False,
                                                                            encoding="utf-8-sig")
    bundle = tmp_path / "报告.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("a/report.txt", make_report(9)[0].encode("utf-8"))
    page.goto(trends_app + "/library")
    settle(page)
    choose_files(page, [table, bundle], "报告.zip")
    page.get_by_role("button", name="加入报告库").click()
    page.locator(".st-key-lib_results_box").first.wait_for(timeout=120_000)  # the batch's outcome
    settle(page)
    body = page.inner_text("body")
    assert "新增 2 份" in body and "失败 1 份" in body
    assert "第 3 行未导入:正文为空" in body
    screenshot(page, "library_table_import")

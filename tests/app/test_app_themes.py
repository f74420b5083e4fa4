"""The 主题 page under AppTest (pickers driven, figure JSON and tables checked), the first render path
kept free of jieba, and a real-browser look (e2e)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, screenshot, settle

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import lib.store.service  # noqa: E402
from lib.analysis import themes as th  # noqa: E402

from tests.support import themes_corpus as tc  # noqa: E402

PAGE = str(ROOT / "app_pages" / "themes.py")
SZ24, SZ23 = f"{tc.SHENZHEN} 2024年", f"{tc.SHENZHEN} 2023年"
DC, AJ, YZ = f"{tc.DANCHENG} 2024年", f"{tc.ANJI} 2024年", f"{tc.YUZHONG} 2024年"


@pytest.fixture
def reports(monkeypatch):
    reps = tc.reports()
    monkeypatch.setattr(lib.store.service, "load_reports", lambda: reps)
    return reps


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def figure(at: AppTest, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def annotations(fig: dict) -> list[str]:
    return [a.get("text", "") for a in fig["layout"].get("annotations", [])]


def source_of(fig: dict) -> str:
    return fig["layout"]["title"]["subtitle"]["text"]


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_theme_profile_is_the_first_view_and_matches_lib(reports):
    at = run_page()
    assert at.radio(key="th_view").value == "主题画像"
    fig = figure(at)
    # the default compares like with like: the latest year's reports (深圳 2023 is left out)
    assert [t["name"] for t in fig["data"]] == [SZ24, DC, AJ, YZ]
    at.multiselect(key=f"th_units_{th.BY_PLACE_YEAR}").set_value([SZ23, SZ24, DC, AJ, YZ]).run()
    fig = figure(at)
    assert [t["name"] for t in fig["data"]] == [SZ23, SZ24, DC, AJ, YZ]
    assert all(t["type"] == "bar" for t in fig["data"])
    expected = {(r["unit"], r["theme"]): round(r["share"] * 100, 1)
                for r in th.theme_table(th.build_docs(reports), th.BY_PLACE_YEAR)}
    for tr in fig["data"]:
        assert tr["x"] == [t.name for t in th.load_themes()]
        assert tr["y"] == [expected[(tr["name"], x)] for x in tr["x"]]
    assert source_of(fig).startswith("来源:已载入的 6 份政府工作报告")
    table = at.dataframe[0].value
    assert list(table.columns) == [SZ23, SZ24, DC, AJ, YZ]
    assert table.loc["乡村振兴", DC] == expected[(DC, "乡村振兴")] and table.loc["乡村振兴", DC] > 50


def test_radar_and_unit_picker(reports):
    at = run_page()
    at.multiselect(key=f"th_units_{th.BY_PLACE_YEAR}").set_value([DC, AJ]).run()
    at.radio(key="th_kind").set_value("雷达图").run()
    fig = figure(at)
    assert [t["name"] for t in fig["data"]] == [DC, AJ]
    assert all(t["type"] == "scatterpolar" for t in fig["data"])
    for tr in fig["data"]:
        assert tr["r"][0] == tr["r"][-1] and len(tr["theta"]) == 11  # ten themes, outline closed
    assert list(at.dataframe[0].value.columns) == [DC, AJ]


def test_example_sentences_on_demand(reports):
    at = run_page()
    at.selectbox(key=f"th_ex_unit_{th.BY_PLACE_YEAR}").set_value(DC)
    at.selectbox(key="th_ex_theme").set_value("乡村振兴").run()
    assert "<mark>" not in markdown_text(at)  # nothing until asked for
    at.toggle(key="th_ex_show").set_value(True).run()
    body = markdown_text(at)
    assert body.count("<li") == 8 and f"{tc.DANCHENG} · 2024年" in body and "<mark>高标准农田</mark>" in body
    at.selectbox(key="th_ex_theme").set_value("对外开放").run()
    assert any("没有提到「对外开放」" in i.value for i in at.info)


def test_by_place_pools_the_years(reports):
    at = run_page()
    at.radio(key="th_by").set_value(th.BY_PLACE).run()
    fig = figure(at)
    assert [t["name"] for t in fig["data"]] == [tc.SHENZHEN, tc.DANCHENG, tc.ANJI, tc.YUZHONG]


def test_keyword_in_context(reports):
    at = run_page()
    at.radio(key="th_view").set_value("关键词语境").run()
    at.text_input(key="th_term").set_value("断头路").run()
    fig = figure(at)
    assert fig["layout"]["title"]["text"] == "「断头路」每万字出现次数"
    assert source_of(fig).startswith("来源:")
    bars = fig["data"]
    by_year = {t["name"]: dict(zip(t["x"], t["y"])) for t in bars}
    n_chars = sum(th.char_count(t) for t in (tc.YUZHONG_2024_PART1, tc.YUZHONG_2024_PART2))
    assert by_year["2024年报告"][f"{tc.YUZHONG}<br>2024年"] == round(2 / n_chars * 10_000, 2)
    assert by_year["2024年报告"][f"{tc.DANCHENG}<br>2024年"] == 0  # a real zero
    assert f"{tc.DANCHENG}<br>2023年" not in by_year["2023年报告"]  # no 2023 report: no bar, not zero
    df = at.dataframe[0].value
    row = df[df["地区"] == tc.YUZHONG].iloc[0]
    assert row["出现次数"] == 2 and row["报告数"] == 2
    body = markdown_text(at)
    assert "共 2 句" in body and body.count("<mark>断头路</mark>") == 2
    assert at.selectbox(key="th_kwic_place").options == ["全部地区", tc.YUZHONG]
    # HTML in a report is shown as text
    at.text_input(key="th_term").set_value("PM2.5").run()
    body = markdown_text(at)
    assert "<mark>PM2.5</mark>浓度&lt;30微克" in body and "共 1 句" in body
    at.text_input(key="th_term").set_value("断头路")
    at.radio(key="th_by").set_value(th.BY_PLACE).run()
    fig = figure(at)
    assert [t["name"] for t in fig["data"]] == ["各年合计"]
    assert dict(zip(fig["data"][0]["x"], fig["data"][0]["y"]))[tc.YUZHONG] == round(2 / n_chars * 10_000, 2)
    at.text_input(key="th_term").set_value("量子计算").run()
    assert any("没有出现「量子计算」" in i.value for i in at.info)


def test_keyword_in_context_filtered_by_place(reports):
    at = run_page()
    at.radio(key="th_view").set_value("关键词语境").run()
    at.text_input(key="th_term").set_value("人工智能").run()
    assert "共 4 句" in markdown_text(at)
    at.selectbox(key="th_kwic_place").set_value(tc.SHENZHEN).run()
    body = markdown_text(at)
    assert "共 4 句" in body and tc.DANCHENG not in body


def test_keywords_side_by_side(reports):
    at = run_page()
    at.radio(key="th_view").set_value("关键词").run()
    at.multiselect(key=f"th_kw_units_{th.BY_PLACE_YEAR}").set_value([SZ24, DC])
    at.slider(key="th_kw_k").set_value(5).run()
    assert not at.exception
    fig = figure(at)
    assert len(fig["data"]) == 2 and {SZ24, DC} <= set(annotations(fig))
    docs = th.build_docs(reports)
    table = th.word_table(docs, th.doc_word_counts(docs))
    for tr, unit in zip(fig["data"], (SZ24, DC)):
        assert tr["orientation"] == "h"
        assert tr["y"] == [k.word for k in th.tfidf_keywords(table, unit, 5)][::-1]
    assert "人工智能" in fig["data"][0]["y"] and "高标准农田" in fig["data"][1]["y"]
    assert source_of(fig).startswith("来源:已载入的 6 份政府工作报告")


def test_distinctive_words(reports):
    at = run_page()
    at.radio(key="th_view").set_value("差异词").run()
    at.selectbox(key=f"th_lo_a_{th.BY_PLACE_YEAR}").set_value(SZ24).run()
    b = at.selectbox(key=f"th_lo_b_{th.BY_PLACE_YEAR}")
    assert b.options[0] == th.REST and SZ24 not in b.options
    b.set_value(DC).run()
    fig = figure(at)
    assert source_of(fig).startswith("来源:")
    left, right = fig["data"]
    assert "人工智能" in left["y"] and "高标准农田" in right["y"]
    assert all(x > 0 for x in left["x"] + right["x"])
    df = at.dataframe[0].value
    assert set(df["单元"]) == {SZ24, DC}
    ai = df[df["词"] == "人工智能"].iloc[0]
    assert ai["单元"] == SZ24 and ai["A 次数"] == 4 and ai["B 次数"] == 0 and ai["z 值"] > 0


def test_empty_library_says_so(monkeypatch):
    monkeypatch.setattr(lib.store.service, "load_reports", lambda: [])
    at = run_page()
    assert any("库中还没有报告" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_page_is_reachable_through_navigation():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/themes.py").run()
    assert not at.exception
    assert at.title[0].value == "主题"
    assert len(at.get("plotly_chart")) == 1


def test_first_render_paths_do_not_load_jieba():
    """In a fresh process: the 对比 page and the 主题 page's first view never import jieba;
    opening 关键词 does (so the check can fail)."""
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=120).run()
assert not at.exception
print('compare', 'jieba' in sys.modules)
at = AppTest.from_file({PAGE!r}, default_timeout=120).run()
assert not at.exception and at.get('plotly_chart')
print('themes', 'jieba' in sys.modules)
at.radio(key='th_view').set_value('关键词语境').run()
print('kwic', 'jieba' in sys.modules)
at.radio(key='th_view').set_value('关键词').run()
assert not at.exception
print('keywords', 'jieba' in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [ln for ln in out.stdout.splitlines() if ln.split(" ")[0] in {"compare", "themes", "kwic", "keywords"}]
    assert lines == ["compare False", "themes False", "kwic False", "keywords True"]


@pytest.mark.e2e
def test_themes_page_in_a_browser(app_url, page):
    page.goto(app_url + "/themes")
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert page.get_by_text("主题画像").first.is_visible()
    assert page.locator(".js-plotly-plot").count() == 1
    screenshot(page, "themes_profile")
    assert "来源:已载入的" in page.locator(".js-plotly-plot").first.inner_text()
    page.get_by_text("差异词", exact=True).first.click()
    page.wait_for_selector(".js-plotly-plot >> text=加权对数几率", timeout=90_000)
    settle(page)
    screenshot(page, "themes_distinctive")
    page.get_by_text("关键词", exact=True).first.click()
    page.wait_for_selector(".js-plotly-plot >> text=TF-IDF", timeout=90_000)
    settle(page)
    screenshot(page, "themes_keywords")
    page.get_by_text("关键词语境", exact=True).first.click()
    page.wait_for_selector("mark", timeout=60_000)
    settle(page)
    assert page.locator("mark").first.inner_text() == "营商环境"
    screenshot(page, "themes_kwic")


def test_no_internal_paths_are_shown(reports):
    """Users read what a chart is, never where the program keeps its data files."""
    at = run_page()
    shown = [markdown_text(at), "\n".join(c.value for c in at.caption), json.dumps(figure(at), ensure_ascii=False)]
    at.radio(key="th_view").set_value("关键词").run()
    shown += ["\n".join(c.value for c in at.caption), json.dumps(figure(at), ensure_ascii=False)]
    for text in shown:
        for path in ("lib/data", ".csv", "stopwords", ".txt"):
            assert path not in text, path

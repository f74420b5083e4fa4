"""User and URL text never acts as markup: one test per sink (chart builders, markdown on pages)."""
from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT, serving
from lib.charts import compare as charts
from lib.charts import pairs as charts_pairs
from lib.charts import themes as charts_themes
from lib.analysis import pairs
from lib.present import index, choices, views
from lib.model import APPROX, EQ, PLAN, RESULT
from lib.present.escape import md, plotly_text, terminal_text
from tests.support.synth import build_report

# a district name a user typed in the correction form (issue: a live link and a giant glyph)
EVIL_PLACE = '<a href="http://evil.example/">点这里</a><span style="font-size:60px">大</span>区'
RAW_TAGS = ("<a href", "<a ", '<span style="font-size:60px"', "</a>")
# URL parameters and imported warnings (issue: a live link and an image fetched by the browser)
EVIL_MD = "**x**[点我](http://evil.example/)![t](http://evil.example/evil.png)"


# ---- the helpers ----------------------------------------------------------------------------

def test_md_escapes_every_markdown_construct_and_keeps_the_text():
    out = md(EVIL_MD)
    assert "](" not in out.replace("\\](", "").replace("\\]\\(", "") and "**" not in out
    assert out.replace("\\", "") == EVIL_MD  # nothing but the escapes is added
    assert md("第一行\n\n# 标题\n- 列表") == "第一行 \\# 标题 - 列表"  # one line: no heading, no list
    assert md("1. 第一") == "1\\. 第一" and md("- 列") == "\\- 列" and md("见 www.e.cn") == "见 www\\.e.cn"
    assert md("http://e.cn a@b.cn") == "http\\://e.cn a\\@b.cn"
    assert md("某县2024-报告.txt") == "某县2024-报告.txt"  # file names read as they are
    assert md(":red[红]") == "\\:red\\[红\\]" and md("$x$") == "\\$x\\$"
    assert md("宁波市2024年政府工作报告") == "宁波市2024年政府工作报告"
    assert md(None) == ""


def test_plotly_text_escapes_tags_and_entities():
    out = plotly_text(EVIL_PLACE)
    assert "<" not in out and ">" not in out and out.startswith("&lt;a href=")
    assert plotly_text("A&B") == "A&amp;B" and plotly_text("宁波市") == "宁波市"


def test_terminal_text_drops_escape_sequences_and_bidi_overrides():
    assert terminal_text("\x1b[31m红\x1b[0m\u202etxt.exe") == "[31m红[0mtxt.exe"


# ---- chart builders -------------------------------------------------------------------------

def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k != "meta":  # data for tests and the page, never drawn
                yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)


def _assert_escaped(fig, shown=EVIL_PLACE):
    strings = list(_strings(fig.to_plotly_json()))
    raw = [s for s in strings if any(t in s for t in RAW_TAGS)]
    assert not raw, raw[:3]
    assert any(plotly_text(shown) in s for s in strings)  # the name is still shown, as text


def _evil_reports():
    return [
        build_report("<b>恶意</b>.txt", "吉林省", "长春市", EVIL_PLACE, "区", review_year=2023, figures=(
            ("gdp_growth", RESULT, "地区生产总值增长7%。", "7%", 7.0, EQ, None),
            ("gdp_growth", PLAN, "地区生产总值增长7%左右。", "7%左右", 7.0, APPROX, None),
        )),
        build_report("<b>恶意</b>2.txt", "吉林省", "长春市", EVIL_PLACE, "区", review_year=2024, figures=(
            ("gdp_growth", RESULT, "地区生产总值增长6.5%。", "6.5%", 6.5, EQ, None),
            ("gdp_growth", PLAN, "地区生产总值增长6%左右。", "6%左右", 6.0, APPROX, None),
        )),
        build_report("长春.txt", "吉林省", "长春市", review_year=2024, figures=(
            ("gdp_growth", RESULT, "地区生产总值增长6%。", "6%", 6.0, EQ, None),
            ("gdp_growth", PLAN, "地区生产总值增长5.5%左右。", "5.5%左右", 5.5, APPROX, None),
        )),
    ]


@pytest.mark.parametrize("present", [False, True])
def test_compare_panel_escapes_place_names_and_files(present):
    idx = index.build_index(_evil_reports())
    groups = choices.place_options(idx, RESULT, 2024)
    rows = views.view_records(idx, RESULT, 2024, groups, ["gdp_growth", "cpi"])
    for key in ("gdp_growth", "cpi"):  # cpi: every place 未提及 (the missing rows)
        fig = charts.indicator_panel(rows, key, RESULT, 2024, present=present)
        _assert_escaped(fig)
        assert not any("<b>恶意" in s for s in _strings(fig.to_plotly_json()))


def test_compare_panel_collapsed_missing_note_escapes_names():
    reps = [build_report(f"r{i}.txt", "吉林省", "长春市", f"{EVIL_PLACE}{i}", "区", figures=(
        ("gdp_growth", RESULT, "地区生产总值增长7%。", "7%", 7.0, EQ, None),) if i < 13 else ())
        for i in range(22)]
    idx = index.build_index(reps)
    groups = choices.place_options(idx, RESULT, 2023)
    fig = charts.indicator_panel(views.view_records(idx, RESULT, 2023, groups, ["gdp_growth"]),
                                 "gdp_growth", RESULT, 2023)
    assert fig.layout.meta["missing_collapsed"]
    _assert_escaped(fig)


def test_plan_charts_escape_place_names_titles_and_files():
    reps = _evil_reports()
    rows = pairs.pair_rows(reps)
    mine = [r for r in rows if r.place.endswith(EVIL_PLACE)]
    assert mine
    _assert_escaped(charts_pairs.bullet_chart(mine, f"{mine[0].place}:目标与实绩"))
    _assert_escaped(charts_pairs.completion_chart(pairs.completion_rows(rows, total=False)))
    amb = [r for r in pairs.ambition_rows(reps) if r.place.endswith(EVIL_PLACE)]
    assert amb
    _assert_escaped(charts_pairs.ambition_chart(amb, f"{amb[0].place}:目标"))
    index = pairs.amplification_index(reps)
    chain = pairs.amplification_from(index, *next(iter(index)))
    assert chain
    _assert_escaped(charts_pairs.amplification_chart(chain))


def test_theme_charts_escape_unit_names_and_words():
    a, b = EVIL_PLACE + " 2024年", "长春市 2024年"
    words = [{"word": "<i>词</i>", "score": 0.01, "count": 3, "z": 2.5, "count_a": 3, "count_b": 1}]
    for fig in (charts_themes.keywords_chart([(a, words)], "来源"),
                charts_themes.distinctive_chart(a, words, b, words, "来源"),
                charts_themes.theme_chart([{"unit": a, "theme": "创新", "share": 0.1, "sentences": 2}],
                                          ["创新"], "来源"),
                charts_themes.theme_chart([{"unit": a, "theme": "创新", "share": 0.1, "sentences": 2}],
                                          ["创新"], "来源", kind="radar"),
                charts_themes.kwic_chart([{"place": EVIL_PLACE, "year": 2024, "count": 2, "chars": 100,
                                           "per_10k": 200.0}], "<b>词</b>", "来源")):
        _assert_escaped(fig)
        assert not any("<i>词" in s or "<b>词" in s for s in _strings(fig.to_plotly_json()))


# ---- markdown sinks on the pages --------------------------------------------------------------

def _bodies(at, kinds=("warning", "info", "error", "success", "markdown", "caption")):
    return [el.proto.body for k in kinds for el in getattr(at, k)]


def _assert_md_escaped(bodies, evil=EVIL_MD):
    hits = [b for b in bodies if "点我" in b]
    assert hits, bodies
    for b in hits:
        assert "[点我](" not in b and "![t](" not in b and "**x**" not in b, b
        assert md(evil) in b, b


@pytest.fixture
def evil_library(monkeypatch):
    reps = _evil_reports()
    reps[2].warnings = [f"导入的警告:{EVIL_MD}"]
    with serving(monkeypatch, lambda: reps):
        yield reps


def _app(page=None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("param", ["year", "places", "ind"])
def test_compare_url_parameters_are_escaped_in_warnings(evil_library, param):
    at = _app(**{param: EVIL_MD})
    _assert_md_escaped(_bodies(at))


def test_report_url_file_and_stored_warnings_are_escaped(evil_library):
    at = _app("app_pages/report.py", file=EVIL_MD)
    _assert_md_escaped(_bodies(at))
    at = _app("app_pages/report.py", file="长春.txt")
    _assert_md_escaped(_bodies(at))


def test_themes_page_escapes_the_searched_term(monkeypatch):
    import lib.store.service

    reps = _evil_reports()
    monkeypatch.setattr(lib.store.service, "load_reports", lambda: reps)
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app_pages" / "themes.py"), default_timeout=120).run()
    at.radio(key="th_view").set_value("关键词语境").run()
    at.text_input(key="th_term").input("[点我](http://e.example/)").run()
    assert not at.exception, at.exception
    bodies = _bodies(at)
    hits = [b for b in bodies if "点我" in b]
    assert hits and all("[点我](" not in b for b in hits), hits
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    st.cache_data.clear()
    assert figs


def test_library_page_escapes_file_names_in_messages(tmp_path, monkeypatch):
    import lib.store.service as appdata
    from tests.support.library_helpers import make_report

    monkeypatch.setenv("GOVREPORT_DB", str(tmp_path / "page.sqlite"))
    appdata._cache.clear()
    at = _app("app_pages/library.py")
    at.text_area(key="lib_paste_text").input(make_report(15)[0])
    name = "**x**[点我](evil.example)![t](evil.png).txt"  # no "/": a file name keeps no directories
    at.text_input(key="lib_paste_name").input(name)
    at.button(key="lib_paste_add").click()
    at.run()
    assert not at.exception, at.exception
    _assert_md_escaped(_bodies(at), name)
    appdata._cache.clear()

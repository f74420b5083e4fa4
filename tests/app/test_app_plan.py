"""AppTest of the 计划与实绩 page, fed through lib.store.service.load_reports (patched)."""
from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from tests.support.pairs_data import world

PAGE = str(ROOT / "app_pages" / "plan.py")


@pytest.fixture
def library(monkeypatch):
    """Point lib.store.service.load_reports at the given reports; start from a cold cache (the
    shared index the page reads, app_state, included)."""
    import lib.store.service

    import app_state

    def use(reports):
        monkeypatch.setattr(lib.store.service, "load_reports", lambda: list(reports))
        st.cache_data.clear()
        app_state.refresh()
    yield use
    st.cache_data.clear()
    app_state.refresh()


def run(page=PAGE):
    at = AppTest.from_file(page, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def spec(at, key):
    return json.loads(at.get("plotly_chart")[key].proto.spec)


def chart(at, title_part):
    for el in at.get("plotly_chart"):
        fig = json.loads(el.proto.spec)
        if title_part in str(fig["layout"].get("title", {}).get("text", "")):
            return fig
    raise AssertionError(f"no chart titled …{title_part}…")


def test_page_shows_completion_place_bullets_ambition_and_amplification(library):
    library(world())
    at = run()
    assert [m.value for m in at.metric] == ["18 项", "8 项", "7 项", "1 项", "87.5%"]
    comp = at.dataframe[0].value
    cc = comp[(comp["地区"] == "吉林省长春市") & (comp["目标年份"] == 2023)].iloc[0]
    assert (cc["超额完成"], cc["完成"], cc["未完成"], cc["未知"]) == (3, 3, 1, 1)
    assert at.selectbox(key="plan_place").value == "吉林省长春市"
    bullet = chart(at, "吉林省长春市:目标与实绩")
    bars = [t for t in bullet["data"] if t["type"] == "bar" and "customdata" in t]
    assert len(bars) == 7  # judged targets of 2023; the 2024 ones have no bar yet
    notes = " ".join(a["text"] for a in bullet["layout"]["annotations"])
    assert "来源:" in notes and "暂无实绩" in notes
    detail = at.dataframe[1].value
    assert set(detail["状态"]) == {"超额完成", "完成", "未完成", "未知"}
    amb = at.dataframe[2].value
    assert len(amb) and "力度" in amb.columns
    ampl = at.dataframe[3].value
    assert list(ampl[ampl["链条"] == "吉林省长春市二道区"]["目标"]) == ["7%以上", "6%左右", "5%左右", "5%左右"]


def test_widgets_switch_place_year_report_and_indicator(library):
    library(world())
    at = run()
    at.selectbox(key="plan_place").set_value("中国").run()
    assert at.selectbox(key="plan_year_中国").value == 2023  # the latest year with results
    at.selectbox(key="plan_year_中国").set_value("全部年份").run()
    assert len(at.dataframe[1].value) == 2
    at.selectbox(key="plan_year_中国").set_value(2023).run()
    assert not at.exception
    detail = at.dataframe[1].value
    assert list(detail["实绩"]) == ["5.2%"] and list(detail["状态"]) == ["完成"]
    assert at.selectbox(key="plan_ambition_中国").value == ("中国", 2024)  # follows the place picked
    at.selectbox(key="plan_ambition_中国").set_value(("海南省海口市", 2024)).run()
    amb = at.dataframe[2].value
    roads = amb[amb["指标"] == "打通断头路"].iloc[0]
    assert (roads["上年实绩"], roads["今年目标"], roads["力度"]) == ("13条", "8条", "更保守")
    at.selectbox(key="plan_ampl").set_value(("gdp_growth", 2023)).run()
    ampl = at.dataframe[3].value
    assert list(ampl["地区"]) == ["吉林省长春市", "吉林省", "中国"]
    assert list(ampl["目标"]) == ["6%-6.5%", "未载入", "5%左右"]


def test_empty_library_explains_what_to_load(library):
    library([])
    at = run()
    assert "还没有识别出年度目标" in at.info[0].value
    assert not at.get("plotly_chart")


def test_broken_library_gets_a_chinese_error(library, monkeypatch):
    import lib.store.service

    def broken():
        raise OSError("数据库文件损坏")
    library([])
    monkeypatch.setattr(lib.store.service, "load_reports", broken)
    at = run()
    assert "读取报告库失败" in at.error[0].value and "数据库文件损坏" in at.error[0].value


def test_reachable_from_the_app_navigation(library):
    library(world())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/plan.py").run()
    assert not at.exception
    assert at.title[0].value == "计划与实绩"
    assert at.selectbox(key="plan_place").value == "吉林省长春市"


def test_page_on_parsed_report_texts(library):
    from tests.support import pairs_texts as tx

    library([tx.parse_known(name) for name in tx.REPORTS])
    at = run()
    assert at.selectbox(key="plan_place").value == "吉林省长春市"  # most judged targets
    detail = at.dataframe[1].value
    cpi = detail[(detail["指标"] == "居民消费价格涨幅") & (detail["年份"] == 2023)].iloc[0]
    assert (cpi["目标"], cpi["实绩"], cpi["状态"]) == ("3%以内", "0.4%", "完成")
    assert at.selectbox(key="plan_ampl").value == ("gdp_growth", 2024)
    ampl = at.dataframe[3].value
    assert list(ampl["目标"]) == ["7%以上", "6%左右", "5.5%左右", "5%左右"]
    assert list(ampl["比上一级"]) == ["+1个百分点", "+0.5个百分点", "+0.5个百分点", "—"]


def test_page_follows_the_library_when_reports_are_added():
    """Real library (temp file): adding a city's next-year report pairs its targets with results."""
    import lib.store.service as appdata
    from tests.support.pairs_texts import REPORTS

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("app_pages/plan.py").run()
    assert not at.exception
    before = {m.label: m.value for m in at.metric}
    appdata.add_files([(name, REPORTS[name][0].encode("utf-8")) for name in ("长春市2023.txt", "长春市2024.txt")])
    at.run()
    after = {m.label: m.value for m in at.metric}
    assert int(after["目标"].split()[0]) > int(before["目标"].split()[0])
    assert int(after["已有实绩"].split()[0]) > int(before["已有实绩"].split()[0])
    st.cache_data.clear()


def test_many_places_keep_the_completion_chart_readable(library):
    from tests.support.synth import synth_reports

    library(synth_reports(160))
    at = run()
    table = at.dataframe[0].value
    bars = chart(at, "各地目标完成情况")["data"]
    shown = {y for tr in bars for y in tr["y"]}
    assert len(table) > 40 and len(shown) == 40  # the chart: the place-years of the most judged places
    assert any("全部见下表" in c.value for c in at.caption)
    first = at.selectbox(key="plan_place").value
    assert any(y.startswith(first) for y in shown)
    # 层层加码: 60 chains for the first option: the chart draws 20, those through the place first
    ampl = json.loads(at.get("plotly_chart")[3].proto.spec)
    lines = [t for t in ampl["data"] if t.get("mode") == "lines+markers+text"]
    chains = set(at.dataframe[3].value["链条"])
    assert len(lines) == 20 < len(chains)
    assert any("全部见下表" in c.value and "20 条链" in c.value for c in at.caption)
    through = {c for c in chains if first.startswith(c) or c.startswith(first)}
    assert through <= {t["name"] for t in lines}

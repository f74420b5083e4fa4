"""Round trips through the REAL library (a temp GOVREPORT_DB, nothing patched): a correction
made on 报告 and an upload made on 库 show on 对比 and 计划与实绩 without a restart."""
from __future__ import annotations

import json

import pytest

from lib.store import service as appdata
import app_state as dashdata
from tests.support.apptest import app_on_library, go
from tests.support.pairs_texts import REPORTS

NINGBO = "003_887212d0c28f9641.txt"  # a seed: 浙江省宁波市 (市), 2022 review / 2023 plan
HAIKOU_PLAN = "001_dd1d7b1c01e911b9.txt"  # a seed: 海南省海口市, the file with the 2024 targets


@pytest.fixture
def app(tmp_path, monkeypatch):
    with app_on_library(tmp_path / "roundtrip.sqlite", monkeypatch) as at:
        yield at


def _labelled(widgets, label):
    return next(w for w in widgets if w.label == label)


def _place_labels(at):
    ms = at.multiselect(key="cmp_places")
    return [ms.format_func(o) for o in ms.options], [ms.format_func(v) for v in ms.value]


def _chart_places(at):
    names = set()
    for c in at.get("plotly_chart"):
        fig = json.loads(c.proto.spec)
        for tr in fig["data"]:
            if tr.get("meta", {}).get("role") == "value":
                names.update(str(y) for y in (tr.get("y") or []))
    return names


def test_a_correction_on_the_report_page_shows_on_compare(app):
    at = go(app, "compare")
    at.selectbox(key="cmp_year").set_value(2022).run()  # 宁波's report reviews 2022
    options, _ = _place_labels(at)
    assert any(o.startswith("浙江省宁波市 ·") for o in options), options

    at = _correct(at, NINGBO, **{"区(县、县级市)": "海曙区", "级别": "区"})
    meta = dict(at.dataframe[0].value.values.tolist())
    assert meta["地区"] == "浙江省宁波市海曙区" and meta["级别"] == "区级"

    at = go(at, "compare")
    assert at.selectbox(key="cmp_year").value == 2022
    options, chosen = _place_labels(at)
    assert any(o.startswith("浙江省宁波市海曙区 · 区级") for o in options), options
    assert not any(o.startswith("浙江省宁波市 ·") for o in options), options
    assert any(v.startswith("浙江省宁波市海曙区") for v in chosen), chosen
    assert any("海曙区" in n for n in _chart_places(at)), _chart_places(at)



def _correct(at, file, **fields):
    at = go(at, "report")
    at.selectbox(key="rep_file").set_value(file).run()
    for label, value in fields.items():
        if label == "级别":
            _labelled(at.selectbox, label).set_value(value)
        else:
            _labelled(at.text_input, label).set_value(value)
    next(b for b in at.button if b.label == "保存修正").click()
    at.run()
    assert not at.exception, at.exception
    assert any("已保存修正" in s.value for s in at.success), [s.value for s in at.success]
    return at


def test_a_correction_on_the_report_page_shows_on_plan(app):
    # the seeds' only targets are in 海口's second file; say it is 龙华区's report instead
    at = go(app, "plan")
    assert at.selectbox(key="plan_place").options == ["海南省海口市"]
    at = _correct(at, HAIKOU_PLAN, **{"区(县、县级市)": "龙华区", "级别": "区"})
    at = go(at, "plan")
    assert at.selectbox(key="plan_place").options == ["海南省海口市龙华区"]
    completion = at.dataframe[0].value
    assert list(completion["地区"]) == ["海南省海口市龙华区"] and list(completion["层级"]) == ["区"]
    at = go(at, "compare")
    options, _ = _place_labels(at)
    assert any(o.startswith("海南省海口市龙华区 · 区级 · 2024年报告") for o in options), options


def test_an_upload_on_the_library_page_shows_on_compare_and_plan(app):
    at = go(app, "compare")
    before, _ = _place_labels(at)
    assert not any("长春市 ·" in o for o in before)

    at = go(at, "library")
    at.text_area(key="lib_paste_text").input(REPORTS["长春市2024.txt"][0])
    at.text_input(key="lib_paste_name").input("长春市2024")
    at.button(key="lib_paste_add").click()
    at.run()
    assert not at.exception, at.exception

    at = go(at, "compare")
    after, chosen = _place_labels(at)
    assert any(o.startswith("吉林省长春市 · 市级") for o in after), after
    assert len(after) == len(before) + 1

    at = go(at, "plan")
    assert "吉林省长春市" in at.selectbox(key="plan_place").options


WHY_REPORT = """XX市2024年政府工作报告
各位代表:
一、2023年工作回顾
全市地区生产总值完成2310亿元,同比增长6.2%,增速高于全省1.3个百分点。
高新区地区生产总值增长12.5%,经开区规模以上工业增加值增长15%。
二、2024年工作安排
主要预期目标是:地区生产总值增长6%左右。
"""


def test_report_page_tells_why_each_figure_was_kept_or_dropped(app):
    res = appdata.add_pasted(WHY_REPORT, "why.txt")
    dashdata.refresh()
    at = go(app, "report")
    at.selectbox(key="rep_file").set_value(res.file).run()
    at.selectbox(key="rep_why_ind").set_value("gdp_growth").run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "原因" in d.value.columns)
    rows = {r["数字"]: r for r in table.to_dict("records")}
    assert rows["6.2%"]["结果"] == "保留为指标" and rows["6.2%"]["指标"] == "地区生产总值增速"
    assert rows["12.5%"]["结果"] == "舍弃" and rows["12.5%"]["原因"]
    # text typed by the user: only the sentences holding it
    at.selectbox(key="rep_why_ind").set_value("").run()
    at.text_input(key="rep_why_near").set_value("主要预期目标").run()
    table = next(d.value for d in at.dataframe if "原因" in d.value.columns)
    assert set(table["句子"]) == {"主要预期目标是:地区生产总值增长6%左右。"}

"""AppTest of 报告: metadata with how it was inferred, corrections, facts, escaped highlighted text."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, serving
from lib.model import APPROX, EQ, GT, PLAN, RESULT
from tests.support.synth import build_report

EVIL = "<script>alert('报告')</script><img src=x onerror=alert(1)>"


def _library():
    return [
        build_report("温州.txt", "浙江省", "温州市", head=f"2024年温州市政府工作报告{EVIL}\n各位代表:\n", figures=(
            ("gdp_growth", RESULT, "全市地区生产总值增长6.1%。", "6.1%", 6.1, EQ, None),
            ("urban_income", RESULT, "城镇居民人均可支配收入超7.7万元。", "超7.7万元", 77000, GT, None),
            ("gdp_growth", PLAN, "地区生产总值增长6%左右。", "6%左右", 6.0, APPROX, None),
        )),
        build_report("福鼎.txt", "福建省", "宁德市", "福鼎市", "县", figures=(
            ("fai_growth", RESULT, "固定资产投资增长9.8%。", "9.8%", 9.8, EQ, None),
        )),
    ]


@pytest.fixture
def library(monkeypatch):
    with serving(monkeypatch, _library):
        yield


def _report_page(file: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if file:
        at.query_params["file"] = file
    at.switch_page("app_pages/report.py")
    return at.run()


def _text_html(at) -> str:
    return next(h.proto.body for h in at.get("html") if "report-text" in h.proto.body and "各位代表" in h.proto.body)


def test_report_page_shows_metadata_facts_and_escaped_highlighted_text(library):
    at = _report_page("温州.txt")
    assert not at.exception
    assert at.selectbox(key="rep_file").value == "温州.txt"
    meta = dict(at.dataframe[0].value.values.tolist())
    assert meta["地区"] == "浙江省温州市" and meta["地区判断依据"] == "标题中的“温州市”"
    assert meta["地区判断置信度"] == "90%" and meta["年份判断依据"] == "“2023年工作回顾”"
    facts = at.dataframe[1].value
    assert list(facts["#"]) == [1, 2, 3]
    assert list(facts["表述"]) == ["6.1%", "超7.7万元", "6%左右"]
    assert list(facts["类型"]) == ["实绩", "实绩", "目标"]
    body = _text_html(at)
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(&#x27;报告&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body
    assert '<mark class="fig" id="fact-2"' in body and ">超7.7万元</mark><sup>2</sup>" in body
    assert at.query_params["file"] == "温州.txt"


def test_picking_another_report_updates_the_page_and_url(library):
    at = _report_page()
    at.selectbox(key="rep_file").set_value("福鼎.txt").run()
    assert not at.exception
    meta = dict(at.dataframe[0].value.values.tolist())
    assert meta["地区"] == "福建省宁德市福鼎市" and meta["级别"] == "县级"
    assert list(at.dataframe[1].value["指标"]) == ["固定资产投资增速"]
    assert at.query_params["file"] == "福鼎.txt"
    assert ">9.8%</mark><sup>1</sup>" in _text_html(at)


def test_unknown_file_in_url_warns_in_chinese(library):
    at = _report_page("不存在.txt")
    assert not at.exception
    assert any("不存在.txt" in w.value and "不在报告库中" in w.value for w in at.warning)



"""The 库 page tells the truth after an upload (a report with an unknown place, no years, no
figures or no headline figure is a warning with a link to its 报告 page), shows the review state
per report, and takes the Excel round trip of the figures."""
from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

import lib.store.service as appdata
from lib.store.workbook import SHEET

from tests.support.apptest import app_on_library
from tests.support.review_texts import HUZHOU_2024

# written for these tests; each lacks one thing an upload should warn about
DOUBTFUL = {
    "无地区.txt": ("某地2024年政府工作报告\n各位代表:\n一、2023年工作回顾\n全市地区生产总值增长6.2%。\n",
                 "未能识别地区"),
    "无年份.txt": ("湖州市政府工作报告\n各位代表:\n过去一年,全市地区生产总值增长6.2%,社会消费品零售总额增长8.1%。\n",
                 "未能识别年份"),
    "无指标.txt": ("湖州市2024年政府工作报告\n各位代表:\n一、2023年工作回顾\n我们坚持稳中求进,扎实推进各项工作。\n",
                 "没有提取出任何指标"),
    "无主要指标.txt": ("湖州市2024年政府工作报告\n各位代表:\n一、2023年工作回顾\n全年新建口袋公园12个。\n",
                    "没有提取出主要指标"),
}


@pytest.fixture
def at(tmp_path, monkeypatch):
    with app_on_library(tmp_path / "page.sqlite", monkeypatch, texts={}, page="library") as app:
        yield app


def _review(app):
    return next(d.value for d in app.dataframe if "主要指标" in d.value.columns)


def paste(app, text, name):
    app.text_area(key="lib_paste_text").input(text)
    app.text_input(key="lib_paste_name").input(name)
    app.button(key="lib_paste_add").click()
    app.run()
    assert not app.exception, app.exception


@pytest.mark.parametrize("name", list(DOUBTFUL))
def test_an_upload_with_a_problem_is_a_warning_with_a_link_not_a_success(at, name):
    text, why = DOUBTFUL[name]
    paste(at, text, name)
    warnings = [w.value for w in at.warning]
    assert any(name in w and why in w for w in warnings), warnings
    assert not any(name in s.value for s in at.success), [s.value for s in at.success]
    links = [e.proto for e in at.get("page_link")]
    assert any(name in p.label and p.page == "report" and name in unquote(p.query_string) for p in links), links


def test_a_sound_upload_is_a_success(at):
    paste(at, HUZHOU_2024, "湖州2024")
    assert any("湖州2024.txt" in s.value for s in at.success), [w.value for w in at.warning]
    review = _review(at)
    row = review[review["文件"] == "湖州2024.txt"].iloc[0]
    assert row["主要指标"] >= 5 and row["未核对"] == row["主要指标"] and row["有疑点"] >= 1


def test_the_excel_round_trip_on_the_page(at):
    paste(at, HUZHOU_2024, "湖州2024")
    data = appdata.export_facts_workbook()
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("指标键")].value == "gdp_growth" and row[head.index("类型")].value == "实绩":
            row[head.index("数值")].value = 6.3
    buf = io.BytesIO()
    wb.save(buf)
    up = at.get("file_uploader")
    assert any("指标核对表" in u.proto.label for u in up)
    # AppTest cannot attach a file to a file_uploader: import through the same call the button makes
    report = appdata.import_facts_workbook(buf.getvalue())
    assert report.ok and len(report.changed) == 1
    at.run()
    review = _review(at)
    assert review[review["文件"] == "湖州2024.txt"].iloc[0]["已人工处理"] == 1

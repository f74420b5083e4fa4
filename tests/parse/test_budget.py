"""A parse has a time budget and a report a length limit: a hostile text is refused with a
Chinese message naming the file, and never holds the process that asked for it."""
from __future__ import annotations

import time

import pytest

from lib.store.intake import parse_for_library
from lib.store.library import Library
from lib.model import ReadError
from lib.parse import budget, pipeline
from lib.parse.readers import MAX_CHARS, read_bytes

REPORT = "各位代表:过去一年,全市地区生产总值增长5.2%,一般公共预算收入达到120亿元。"


def test_a_parse_over_its_budget_is_stopped_and_refused_in_chinese(tmp_path):
    marker = tmp_path / "finished"

    def slow(text, name):  # a parse that would take far longer than its budget
        time.sleep(2.0)
        marker.write_text("done")
        return pipeline.parse_text(text, name)

    with pytest.raises(ReadError) as exc:
        parse_for_library(REPORT.encode(), "很慢的报告.txt", pasted=True, parse_text=slow, seconds=0.3)
    msg = str(exc.value)
    assert "很慢的报告.txt" in msg and "处理超时" in msg and "已停止" in msg
    time.sleep(2.5)
    assert not marker.exists()  # the worker was stopped, not left running


def test_a_parse_within_its_budget_returns_the_report():
    parsed = parse_for_library(REPORT.encode(), "快.txt", pasted=True, seconds=60)
    assert any(f.unit == "亿元" for f in parsed.report.facts)


def test_errors_inside_the_worker_come_back_as_chinese_messages():
    def unreadable(text, name):
        raise ReadError(name, "内容无法解析")

    def buggy(text, name):
        raise KeyError("x")

    with pytest.raises(ReadError) as exc:
        parse_for_library(REPORT.encode(), "坏.txt", pasted=True, parse_text=unreadable, seconds=30)
    assert str(exc.value) == "无法读取文件「坏.txt」:内容无法解析"
    with pytest.raises(ReadError) as exc:
        parse_for_library(REPORT.encode(), "错.txt", pasted=True, parse_text=buggy, seconds=30)
    assert "错.txt" in str(exc.value) and "KeyError" in str(exc.value)


def test_the_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(budget.ENV_SECONDS, "7.5")
    assert budget.parse_seconds() == 7.5
    for bad in ("", "abc", "-3", "0"):
        monkeypatch.setenv(budget.ENV_SECONDS, bad)
        assert budget.parse_seconds() == budget.PARSE_SECONDS


# ---- the length limit ------------------------------------------------------------------------

def too_long_text() -> str:
    return (REPORT * (MAX_CHARS // len(REPORT) + 1))[:MAX_CHARS + 1]


def test_a_text_over_the_limit_is_refused_before_any_cleaning(monkeypatch):
    def no_cleaning(raw):
        raise AssertionError("clean() ran on a text over the limit")

    monkeypatch.setattr(pipeline, "clean", no_cleaning)
    with pytest.raises(ReadError) as exc:
        pipeline.parse_text(too_long_text(), "超长.txt")
    assert "超长.txt" in str(exc.value) and "文字过多" in str(exc.value) and "200 万字" in str(exc.value)


def test_a_file_over_the_limit_is_refused_by_the_reader():
    with pytest.raises(ReadError) as exc:
        read_bytes(too_long_text().encode("utf-8"), "超长文件.txt")
    assert "超长文件.txt" in str(exc.value) and "文字过多" in str(exc.value)
    assert read_bytes(too_long_text()[:MAX_CHARS].encode("utf-8"), "刚好.txt")  # the limit itself is fine


def test_a_paste_over_the_limit_gets_a_chinese_error_in_the_library(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    result = lib.add_text(too_long_text(), "粘贴的超长文本")
    assert result.status == "error"
    assert "粘贴的超长文本" in result.message and "文字过多" in result.message
    assert lib.count() == 0

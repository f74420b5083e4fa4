"""lib/lang: one loader with one comment rule, and a validator over every data file."""
from __future__ import annotations

import pytest

from conftest import ROOT
from lib.lang import data, validate


def test_every_data_file_is_declared_and_valid():
    assert validate.problems() == []


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DATA", tmp_path)
    monkeypatch.setattr(validate, "DATA", tmp_path)
    return tmp_path


def test_one_comment_rule_for_text_files(scratch):
    (scratch / "x.txt").write_text("# a heading comment\n\n  园区  \npage\t第 *\\d{1,4} *页\t# 第3页\nC#语言\n",
                                   encoding="utf-8")
    # a '#' glued to a word is data; after white space it starts a comment
    assert data.lines("x.txt") == ["园区", "page\t第 *\\d{1,4} *页", "C#语言"]


def test_csv_rows_name_the_file_and_line_of_a_broken_row(scratch):
    (scratch / "t.csv").write_text("key,label\n# comment\ngdp,生产总值\n,空键\n", encoding="utf-8")
    with pytest.raises(data.DataError, match=r"t\.csv 第 4 行: key 为空"):
        data.rows("t.csv", ("key",))
    with pytest.raises(data.DataError, match="缺少列 unit"):
        data.rows("t.csv", ("key", "unit"))


def test_validator_reports_unknown_keys_bad_regexes_and_undeclared_files(scratch):
    for name in ("indicators.csv", "qualifiers.csv", "noise.txt", "html_noise.txt"):
        (scratch / name).write_text((ROOT / "lib" / "data" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (scratch / "links.csv").write_text("key,linked\ngdp,no_such_indicator\n", encoding="utf-8")
    (scratch / "sections.csv").write_text("kind,scope,pattern\nplan,heading,(unclosed\n", encoding="utf-8")
    (scratch / "new_words.txt").write_text("词\n", encoding="utf-8")
    data.indicator_keys.cache_clear()
    try:
        found = "\n".join(validate.problems())
    finally:
        data.indicator_keys.cache_clear()
    assert "links.csv: 指标「no_such_indicator」不在 indicators.csv 中" in found
    assert "sections.csv: 正则表达式无法编译" in found
    assert "new_words.txt: 未在 lib/lang/validate.py 中登记" in found

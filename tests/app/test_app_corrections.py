"""One metadata-correction rule on 报告 and on 库 (app_pages.common.save_correction_form ->
lib.store.service.save_form_correction): a field left as the form showed it is not a correction,
a changed field is, a field set back to what was inferred drops its correction.  Both pages,
through the REAL library."""
from __future__ import annotations

import pytest

from lib.store.library import Library
from tests.support.apptest import app_on_library, go
from tests.support.review_texts import HUZHOU_2023, HUZHOU_2024

FILE = "湖州2024.txt"
PAGES = ("report", "library")


@pytest.fixture
def app(tmp_path, monkeypatch):
    db = tmp_path / "fix.sqlite"
    with app_on_library(db, monkeypatch, {"湖州2023.txt": HUZHOU_2023, FILE: HUZHOU_2024}) as at:
        yield at, Library(db)


def _form(at, page: str, lib: Library) -> str:
    """Open the correction form of FILE on `page`; its widget key prefix."""
    if page == "report":
        go(at, "report", FILE)
        return "rep_fix"
    go(at, "library")
    rid = lib.entry(FILE).id
    at.selectbox(key="lib_edit_target").set_value(rid).run()
    return f"lib_f_{rid}"


def _save(at, key: str):
    at.button(key=f"{key}_save").click()
    at.run()
    assert not at.exception, at.exception
    return at


def _shown(at) -> list[str]:
    return [m.value.replace("\\", "") for kind in (at.success, at.info, at.warning, at.error) for m in kind]


@pytest.mark.parametrize("page", PAGES)
def test_saving_the_form_unchanged_stores_no_correction(app, page):
    at, lib = app
    inferred = lib.entry(FILE).meta
    assert inferred.city == "湖州市" and inferred.plan_year == 2024  # the form starts from these
    key = _form(at, page, lib)
    at = _save(at, key)
    e = lib.entry(FILE)
    assert e.corrections == {} and not e.corrected
    assert any("没有改动" in m for m in _shown(at)), _shown(at)


@pytest.mark.parametrize("page", PAGES)
def test_a_changed_field_is_the_only_correction_and_setting_it_back_drops_it(app, page):
    at, lib = app
    key = _form(at, page, lib)
    at.text_input(key=f"{key}_district").set_value("吴兴区")
    at = _save(at, key)
    assert lib.entry(FILE).corrections == {"district": "吴兴区"}
    assert lib.entry(FILE).meta.district == "吴兴区"
    assert any("已保存修正" in m for m in _shown(at)), _shown(at)
    # the form now shows 吴兴区; clearing it back to what was inferred (none) drops the correction
    assert at.text_input(key=f"{key}_district").value == "吴兴区"
    at.text_input(key=f"{key}_district").set_value("")
    at = _save(at, key)
    assert lib.entry(FILE).corrections == {} and not lib.entry(FILE).meta.district


@pytest.mark.parametrize("page", PAGES)
def test_a_bad_year_is_refused_in_chinese_and_nothing_is_stored(app, page):
    at, lib = app
    key = _form(at, page, lib)
    at.text_input(key=f"{key}_city").set_value("嘉兴市")
    at.text_input(key=f"{key}_plan_year").set_value("明年")
    at = _save(at, key)
    assert any("明年" in e.value and "年份" in e.value for e in at.error), _shown(at)
    assert lib.entry(FILE).corrections == {}


def test_an_odd_pair_of_years_is_saved_with_a_warning(app):
    at, lib = app
    key = _form(at, "report", lib)
    at.text_input(key=f"{key}_plan_year").set_value("2026")
    at = _save(at, key)
    assert lib.entry(FILE).corrections == {"plan_year": 2026}
    assert any("计划年份通常是回顾年份的下一年" in w.value for w in at.warning)

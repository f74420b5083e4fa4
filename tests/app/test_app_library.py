"""The 库 page: AppTest drives paste, the table, the edit form and delete/undo; a real
browser uploads files through the page."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import lib.store.service as appdata
from lib.store.library import Library

from conftest import ROOT, screenshot, settle
from tests.support.apptest import app_on_library
from tests.support.browser import choose_files
from tests.support.library_helpers import docx_bytes, make_report

SEEDS = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def at(tmp_path, monkeypatch):
    with app_on_library(tmp_path / "page.sqlite", monkeypatch, page="library") as app:
        yield app


def table(app):
    return app.dataframe[0].value


def messages(app):
    """The messages as rendered: the markdown escapes of file names (lib.present.escape.md) dropped."""
    return [m.value.replace("\\", "") for kind in (app.success, app.info, app.error) for m in kind]


def paste(app, text, name=""):
    app.text_area(key="lib_paste_text").input(text)
    app.text_input(key="lib_paste_name").input(name)
    app.button(key="lib_paste_add").click()
    app.run()
    assert not app.exception, app.exception


def test_first_start_lists_the_seeds(at):
    df = table(at)
    assert sorted(df["文件"]) == SEEDS
    assert list(df.columns) == appdata.TABLE_COLUMNS
    assert set(df["来源"]) == {"示例"}
    assert at.metric[0].value == "5"


def test_paste_adds_a_report_and_a_duplicate_is_named(at):
    text, truth = make_report(15)
    paste(at, text, "某县报告")
    assert any("已加入「某县报告.txt」" in m for m in messages(at)), messages(at)
    df = table(at)
    assert len(df) == 6 and "某县报告.txt" in set(df["文件"])
    assert at.metric[0].value == "6"
    paste(at, text, "再贴一次")
    assert any("已在库中" in m and "某县报告.txt" in m for m in messages(at)), messages(at)
    assert len(table(at)) == 6


def test_paste_of_junk_or_nothing_gets_a_chinese_error(at):
    paste(at, "hello world " * 50, "英文")
    errs = [e.value for e in at.error]
    assert any("英文.txt" in e and "中文" in e for e in errs), errs
    paste(at, "   ")
    assert any("为空" in e.value for e in at.error)
    assert len(table(at)) == 5


def test_edit_form_corrects_the_place_and_the_table_shows_it(at):
    first = table(at)["编号"].iloc[0]
    at.selectbox(key="lib_edit_target").set_value(first)
    at.run()
    at.text_input(key=f"lib_f_{first}_province").input("湖北省")
    at.text_input(key=f"lib_f_{first}_city").input("宜昌市")
    at.selectbox(key=f"lib_f_{first}_level").set_value("市")
    at.text_input(key=f"lib_f_{first}_review_year").input("2022")
    at.button(key=f"lib_f_{first}_save").click()
    at.run()
    assert not at.exception
    row = table(at).set_index("编号").loc[first]
    assert row["地区"] == "湖北省宜昌市" and row["级别"] == "市" and row["回顾年份"] == 2022
    assert row["已修正"] == "是" and row["地名把握"] == 1.0
    # the correction reaches the other pages' data source
    rep = [r for r in appdata.load_reports() if r.meta.file == row["文件"]][0]
    assert rep.meta.city == "宜昌市"
    # a bad year is refused in Chinese and nothing changes
    at.text_input(key=f"lib_f_{first}_plan_year").input("明年")
    at.button(key=f"lib_f_{first}_save").click()
    at.run()
    assert any("明年" in e.value and "年份" in e.value for e in at.error)
    # back to the inferred values
    at.button(key="lib_clear").click()
    at.run()
    row = table(at).set_index("编号").loc[first]
    assert row["已修正"] == "" and row["地区"] != "湖北省宜昌市"


def test_same_place_and_year_is_flagged_in_the_table(at):
    ids = list(table(at)["编号"])
    for rid in ids[:2]:
        appdata.save_correction(rid, province="海南省", city="海口市", level="市", review_year=2023, plan_year=2024)
    at.run()
    df = table(at).set_index("编号")
    files = dict(zip(df.index, df["文件"]))
    assert df.loc[ids[0], "同地同年"] == files[ids[1]] and df.loc[ids[1], "同地同年"] == files[ids[0]]
    assert df.loc[ids[2], "同地同年"] == ""
    assert at.metric[3].value == "2"


def test_delete_and_undo(at):
    df = table(at)
    victims = list(df["编号"].iloc[1:3])
    names = set(df.set_index("编号").loc[victims, "文件"])
    at.multiselect(key="lib_chosen").set_value(victims).run()
    at.button(key="lib_delete").click()
    at.run()
    assert not at.exception
    assert names.isdisjoint(set(table(at)["文件"])) and len(table(at)) == 3
    assert len(appdata.load_reports()) == 3
    at.button(key="lib_undo_btn").click()
    at.run()
    assert sorted(table(at)["文件"]) == SEEDS
    assert all(f"已恢复「{n}」" in messages(at) for n in names)


def test_reextract_selected(at):
    first = table(at)["编号"].iloc[0]
    at.multiselect(key="lib_chosen").set_value([first]).run()
    at.button(key="lib_reextract").click()
    at.run()
    assert any(m.startswith("已重新抽取") for m in messages(at)), messages(at)


def test_the_page_renders_an_empty_library(tmp_path, monkeypatch):
    db = tmp_path / "empty.sqlite"
    lib_ = Library(db)
    lib_.set_setting("seeded", "1")
    monkeypatch.setenv("GOVREPORT_DB", str(db))
    appdata._cache.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    app.switch_page("app_pages/library.py")
    app.run()
    assert not app.exception
    assert any("报告库是空的" in i.value for i in app.info)
    assert len(app.dataframe) == 0


def test_an_unusable_library_file_is_explained_and_the_app_still_works(tmp_path, monkeypatch):
    bad = tmp_path / "坏库.sqlite"
    bad.write_bytes(b"not a database at all " * 100)
    before = bad.read_bytes()
    monkeypatch.setenv("GOVREPORT_DB", str(bad))
    appdata._cache.clear()
    appdata._seeded.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    assert not app.exception
    app.switch_page("app_pages/library.py")
    app.run()
    assert not app.exception
    assert any("坏库.sqlite" in e.value and "不是报告库文件" in e.value for e in app.error)
    assert sorted(r.meta.file for r in appdata.load_reports()) == SEEDS  # other pages keep working
    assert bad.read_bytes() == before


# ---- a real browser uploads through the page -------------------------------------------------

@pytest.mark.e2e
def test_upload_several_files_through_the_page(app_url, page, tmp_path, tmp_path_factory):
    text, truth = make_report(5 + 22 * 7)
    good = tmp_path / f"{truth.short_place}{truth.plan_year}年政府工作报告.txt"
    good.write_bytes(text.encode("gb18030"))
    word = tmp_path / "区政府工作报告.docx"
    word.write_bytes(docx_bytes(make_report(14)[0]))
    bad = tmp_path / "损坏.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    page.goto(app_url + "/library")
    settle(page)
    choose_files(page, [good, word, bad], "损坏.pdf")
    page.get_by_role("button", name="加入报告库").click()
    page.locator(".st-key-lib_results_box").first.wait_for(timeout=60_000)  # the batch's outcome
    settle(page)
    body = page.inner_text("body")
    assert f"已加入「{good.name}」" in body and f"已加入「{word.name}」" in body
    assert "无法读取文件「损坏.pdf」" in body
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1400, "height": 2000})
    settle(page)
    shot = screenshot(page, "library")
    assert shot.stat().st_size > 20_000
    # the table is a canvas grid: check the rows through the library the live app writes to
    dbs = list(tmp_path_factory.getbasetemp().glob("appdata[0-9]*/library.sqlite"))
    assert len(dbs) == 1
    files = [e.file for e in Library(dbs[0]).entries()]
    assert good.name in files and word.name in files and "损坏.pdf" not in files

    # the downloads are made on click (deferred): the facts CSV and the whole library zip
    page.get_by_text("CSV", exact=True).click()
    page.get_by_role("button", name="下载指标表(.csv)").wait_for(timeout=30_000)
    settle(page)
    facts_csv = download(page, "下载指标表(.csv)", tmp_path / "facts.csv")
    rows = facts_csv.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("file,") and any(good.name in r for r in rows[1:])
    page.get_by_role("tab", name="导入 / 导出整个库").click()
    bundle = download(page, "导出整个库(.zip,含原始文件)", tmp_path / "lib.zip")
    import json
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert {r["file"] for r in manifest["reports"]} == set(files)


def download(page, button: str, dest):
    """Click a download button and save the file; a click that lands during a rerun
    (the button is redrawn) is tried once more."""
    from playwright.sync_api import TimeoutError as PwTimeout

    for attempt in range(2):
        try:
            with page.expect_download(timeout=30_000) as dl:
                page.get_by_role("button", name=button).click()
            dl.value.save_as(dest)
            return dest
        except PwTimeout:
            if attempt:
                raise
            settle(page)


def test_deleted_examples_come_back_in_a_later_session(tmp_path, monkeypatch):
    """Undo reaches this session only; 载入示例报告 brings the seeds back any time after."""
    db = tmp_path / "lib.sqlite"
    monkeypatch.setenv("GOVREPORT_DB", str(db))
    appdata._cache.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    app.switch_page("app_pages/library.py").run()
    ids = list(table(app)["编号"])
    app.multiselect(key="lib_chosen").set_value(ids).run()
    app.button(key="lib_delete").click().run()
    assert any("报告库是空的" in i.value for i in app.info)
    later = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)  # a new session: no undo
    later.run()
    later.switch_page("app_pages/library.py").run()
    assert not later.get("button") or "lib_undo_btn" not in [b.key for b in later.button]
    later.button(key="lib_samples_empty").click().run()
    assert not later.exception
    assert sorted(table(later)["文件"]) == SEEDS
    # pressing it again adds nothing twice
    later.button(key="lib_samples_tab").click().run()
    assert sorted(table(later)["文件"]) == SEEDS


def test_empty_pages_link_to_the_library(tmp_path, monkeypatch):
    db = tmp_path / "empty.sqlite"
    Library(db).set_setting("seeded", "1")
    monkeypatch.setenv("GOVREPORT_DB", str(db))
    appdata._cache.clear()
    import app_state as dashdata
    dashdata.refresh()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    for page in ("app_pages/compare.py", "app_pages/plan.py", "app_pages/report.py", "app_pages/themes.py"):
        app.switch_page(page).run()
        assert not app.exception, page
        links = [e for e in app.get("page_link")]
        assert links and "库" in links[0].proto.label, page
        assert links[0].proto.page.endswith("library"), page
    dashdata.refresh()


def test_library_table_grows_and_can_be_searched(at):
    df = table(at)
    place = df["地区"].iloc[0]
    at.text_input(key="lib_search").input(place.split("省")[-1] or place).run()
    assert not at.exception
    hit = table(at)
    assert 1 <= len(hit) < len(df) and all(place.split("省")[-1] in p for p in hit["地区"])


def test_library_form_has_the_labels_of_the_report_form(at):
    from app_pages.common import PLACE_FIELDS, YEAR_FIELDS
    first = table(at)["编号"].iloc[0]
    labels = [t.label for t in at.text_input if t.key and t.key.startswith(f"lib_f_{first}_")]
    assert labels == [f[1] for f in PLACE_FIELDS + YEAR_FIELDS]

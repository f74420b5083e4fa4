"""Corpus import (lib.store.importing, `library add` with tables, folders and zips)."""
from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from lib.store import importing as ci
from lib.__main__ import main
from lib.store.library import Library
from tests.support.trend_texts import ALL, BENGBU_REPORTS, WUHU_REPORTS

THREE = WUHU_REPORTS[:2] + BENGBU_REPORTS[:1]


def table_rows(text_col="正文"):
    rows = [{"文件名": n, "地区": "", "年份": "", text_col: t} for n, t in THREE]
    # the user's metadata beats inference: this 芜湖 report is filed as 蚌埠市 2030
    rows[0].update({"地区": "蚌埠市", "年份": "2030年"})
    rows.append({"文件名": "blank.txt", "地区": "", "年份": "", text_col: "  "})
    return rows


def write_table(path, rows):
    df = pd.DataFrame(rows)
    ext = path.suffix
    if ext == ".csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")
    elif ext == ".tsv":
        df.to_csv(path, index=False, sep="\t")
    elif ext == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    elif ext == ".xlsx":
        df.to_excel(path, index=False)
    elif ext == ".dta":
        df.columns = ["file", "place", "year", "text"]  # Stata names are ASCII
        df.to_stata(path, write_index=False, version=118)
    else:
        df.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("ext", list(ci.TABLE_EXTS))
def test_each_table_format_adds_rows_keeps_user_metadata_and_reports_bad_rows(tmp_path, ext):
    lib = Library(tmp_path / "lib.sqlite")
    path = write_table(tmp_path / f"reports{ext}", table_rows())
    results, notes = ci.import_paths(lib, [path], jobs=1)
    added = [r for r in results if r.status == "added"]
    bad = [r for r in results if r.status == "error"]
    assert len(added) == 3 and len(bad) == 1
    assert "正文为空" in bad[0].message and "第" in bad[0].message and "行" in bad[0].message
    assert any("使用列" in n for n in notes)
    e = lib.entry("wuhu_2016.txt")
    assert (e.meta.city, e.meta.plan_year, e.meta.review_year) == ("蚌埠市", 2030, 2029)
    assert e.inferred.city == "芜湖市" and e.corrected
    other = lib.entry("wuhu_2017.txt")
    assert (other.meta.city, other.meta.plan_year) == ("芜湖市", 2017) and not other.corrected


def test_text_column_by_other_names_or_given_and_a_missing_one_is_explained(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    p = write_table(tmp_path / "a.csv", [{"content": t} for _, t in THREE])
    assert sum(r.status == "added" for r in ci.import_paths(lib, [p], jobs=1)[0]) == 3
    q = write_table(tmp_path / "b.csv", [{"报告": t} for _, t in ALL[3:5]])
    (res,) = ci.import_paths(lib, [q], jobs=1)[0]
    assert res.status == "error" and "找不到正文列" in res.message
    assert sum(r.status == "added" for r in ci.import_paths(lib, [q], jobs=1, text_column="报告")[0]) == 2


def test_binary_cells_are_skipped_with_a_reason(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    p = tmp_path / "x.parquet"
    cells = [THREE[0][1].encode("utf-8"), b"\x00\x01\x02" * 300, b"\xff\xfe\x00\xd8" * 100,
             THREE[1][1].encode("utf-8")]
    pd.DataFrame({"text": cells}).to_parquet(p)  # a binary column: UTF-8 text in it is still text
    results, _ = ci.import_paths(lib, [p], jobs=1)
    msgs = [r.message for r in results if r.status == "error"]
    assert len(msgs) == 2 and all("二进制" in m for m in msgs)
    assert [r.status for r in results].count("added") == 2


def test_folder_and_zip_with_two_jobs_through_the_command_line(tmp_path, capsys):
    folder = tmp_path / "reports"
    (folder / "2020" / ".hidden").mkdir(parents=True)
    for n, t in WUHU_REPORTS:
        (folder / "2020" / n).write_text(t, encoding="utf-8")
    (folder / "2020" / ".hidden" / "x.txt").write_text(ALL[-1][1], encoding="utf-8")
    (folder / "notes.xyz").write_text("不是报告", encoding="utf-8")
    zpath = tmp_path / "more.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for n, t in BENGBU_REPORTS:
            zf.writestr(f"bengbu/{n}", t.encode("gb18030"))
        zf.writestr("__MACOSX/bengbu/._bengbu_2020.txt", b"\x00\x05")
    db = tmp_path / "lib.sqlite"
    assert main(["library", "add", str(folder), str(zpath), "--db", str(db), "--jobs", "2"]) == 0
    err = capsys.readouterr().err
    assert "新增 9 份,已存在 0 份,失败 0 份" in err
    lib = Library(db)
    assert sorted(e.meta.city for e in lib.entries()) == ["芜湖市"] * 6 + ["蚌埠市"] * 3
    assert main(["library", "add", str(folder), str(zpath), "--db", str(db), "--jobs", "2"]) == 0
    assert "新增 0 份,已存在 9 份" in capsys.readouterr().err


def test_an_interrupted_import_resumes_without_parsing_what_is_stored(tmp_path, monkeypatch):
    monkeypatch.setattr(ci, "BATCH", 2)  # the interruption comes in the middle of a batch
    lib = Library(tmp_path / "lib.sqlite")
    items = ci.collect([write_table(tmp_path / "all.csv", [{"text": t} for _, t in ALL])]).items
    assert len(items) == len(ALL)

    def stop_after_three(i, n, name):
        if i == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ci.import_items(lib, items, jobs=1, progress=stop_after_three)
    assert lib.count() == 3 and "transaction" not in vars(lib)  # the open batch was committed
    parsed = []
    real = ci._parse_one
    monkeypatch.setattr(ci, "_parse_one", lambda it: parsed.append(it.name) or real(it))
    results = ci.import_items(lib, items, jobs=1)
    assert [r.status for r in results].count("duplicate") == 3
    assert [r.status for r in results].count("added") == len(ALL) - 3
    assert len(parsed) == len(ALL) - 3 and lib.count() == len(ALL)


def test_a_broken_table_or_zip_is_named_and_the_batch_goes_on(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "bad.zip").write_bytes(b"PK broken")
    good = tmp_path / "one.txt"
    good.write_text(ALL[0][1], encoding="utf-8")
    results, _ = ci.import_paths(lib, [tmp_path / "bad.xlsx", tmp_path / "bad.zip", good, tmp_path / "gone.csv"],
                                 jobs=1)
    errors = {r.file: r.message for r in results if r.status == "error"}
    assert "bad.xlsx" in errors and "无法读取表格" in errors["bad.xlsx"]
    assert "bad.zip" in errors and "压缩包" in errors["bad.zip"]
    assert "gone.csv" in errors and "不存在" in errors["gone.csv"]
    assert [r.status for r in results].count("added") == 1


def test_place_lookup_needs_one_division():
    assert ci.resolve_place("安徽省芜湖市")["city"] == "芜湖市"
    assert ci.resolve_place("海淀区") == {"province": "北京市", "city": "", "district": "海淀区", "level": "区"}
    assert ci.resolve_place("朝阳区") is None  # 北京 and 长春 both have one
    assert ci.resolve_place("") is None


def test_the_generator_goes_past_its_hand_picked_places_with_real_divisions():
    from lib.parse.places import gazetteer
    from tests.support.synth import more_places, places, synth_reports

    assert (len(places()) + len(more_places())) * 10 >= 10_000
    real = {(*p.key, p.level) for p in gazetteer().places}
    assert set(more_places()) <= real and not set(more_places()) & set(places())
    reps = synth_reports(1200)  # past the 1,130 the hand-picked places give
    keys = {(r.meta.province, r.meta.city, r.meta.district, r.meta.plan_year) for r in reps}
    assert len(keys) == 1200 and len({r.meta.file for r in reps}) == 1200

"""Panel export (lib.analysis.panel, `python -m lib panel`): one value per place × year × indicator × kind,
picked by plan vs result's rule, in every format, read back with pandas."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from lib.analysis import pairs as pr
from lib.analysis import panel as pn
from lib.__main__ import main
from lib.store.library import Library
from tests.support.pairs_data import P, R, meta, report, world
from tests.support.trend_texts import ALL


def disagreeing() -> list:
    """芜湖市 2023 GDP growth stated four ways; a 2024 target stated twice."""
    early = report(meta("芜湖2024.txt", "安徽省", "芜湖市", level="市", review=2023, plan=2024),
                   R("gdp_growth", 2023, 5.6, "%", est=True, start=10),
                   R("gdp_growth", 2023, 5.5, "%", est=True, start=90),   # repeated later in the text
                   P("gdp_growth", 2024, 6.0, "%", "approx", start=200))
    late = report(meta("芜湖2025.txt", "安徽省", "芜湖市", level="市", review=2024, plan=2025),
                  R("gdp_growth", 2023, 5.8, "%", start=5),               # final, restated a year on
                  R("gdp_growth", 2024, 6.4, "%", start=20),
                  P("gdp_growth", 2024, 6.5, "%", "ge", start=40))        # last year's target, recalled
    return [early, late]


def test_one_value_per_key_with_the_rule_of_plan_vs_result():
    panel = pn.build_panel(disagreeing())
    keys = [(r.place, r.year, r.indicator, r.kind) for r in panel.rows]
    assert len(keys) == len(set(keys))
    got = {(r.year, r.kind): r for r in panel.rows}
    assert got[(2023, "result")].value == 5.8 and not got[(2023, "result")].estimated
    assert got[(2023, "result")].file == "芜湖2025.txt"
    # the 2024 target is the 2024 report's own (6%左右), not the one the 2025 report recalls
    assert (got[(2024, "target")].value, got[(2024, "target")].qualifier) == (6.0, "approx")
    assert got[(2024, "target")].status == pr.MET  # 6.4 within 6 ± 0.5
    alts = {(a.year, a.kind, a.value): a for a in panel.alternatives}
    assert set(alts) == {(2023, "result", 5.6), (2023, "result", 5.5), (2024, "target", 6.5)}
    assert alts[(2023, "result", 5.6)].reason == "预计数,已有正式数"
    assert alts[(2023, "result", 5.6)].chosen_value == 5.8
    assert alts[(2024, "target", 6.5)].reason.startswith("采用 2024 年报告本身")


def test_a_later_final_beats_an_earlier_final_and_a_repeat_in_one_report_is_listed():
    a = report(meta("a2023.txt", "安徽省", "芜湖市", level="市", review=2022, plan=2023),
               R("cpi", 2022, 2.0, "%", start=3), R("cpi", 2022, 2.1, "%", start=50))
    b = report(meta("b2024.txt", "安徽省", "芜湖市", level="市", review=2023, plan=2024),
               R("cpi", 2022, 1.9, "%", start=7))
    panel = pn.build_panel([a, b])
    (row,) = panel.rows
    assert (row.value, row.file) == (1.9, "b2024.txt")
    reasons = {a.value: a.reason for a in panel.alternatives}
    assert reasons == {2.0: "来自较早的报告,采用较晚报告的数", 2.1: "来自较早的报告,采用较晚报告的数"}
    panel = pn.build_panel([a])
    assert panel.rows[0].value == 2.0  # first statement
    assert [x.reason for x in panel.alternatives] == ["同一报告中较后的重复表述"]


def test_every_target_agrees_with_the_plan_page():
    reports = world()
    panel = pn.build_panel(reports)
    targets = {(r.file, r.indicator, r.year): r for r in panel.rows if r.kind == "target"}
    results = {(r.place, r.indicator, r.year): r for r in panel.rows if r.kind == "result"}
    pairs = pr.pair_rows(reports)
    assert len(targets) == len(pairs)
    for p in pairs:
        t = targets[(p.target_file, p.indicator, p.year)]
        assert (t.value, t.qualifier, t.status) == (p.target_value, p.target_qualifier, p.status)
        res = results.get((p.place, p.indicator, p.year))
        assert (res.value if res else None) == p.actual_value


def test_filters_indicators_level_and_years():
    reports = world()
    panel = pn.build_panel(reports, keys=["gdp_growth"], level="市", years=(2024, 2024))
    assert panel.rows and {r.indicator for r in panel.rows} == {"gdp_growth"}
    assert {r.level for r in panel.rows} == {"市"} and {r.year for r in panel.rows} == {2024}
    assert {r.level for r in pn.build_panel(reports, level="区县").rows} == {"区"}
    with pytest.raises(pn.PanelError, match="没有这些指标"):
        pn.build_panel(reports, keys=["gdp_growht"])
    assert pn.parse_years("2015–2025") == (2015, 2025) and pn.parse_years("2020") == (2020, 2020)
    with pytest.raises(pn.PanelError, match="年份范围"):
        pn.parse_years("去年")


def test_wide_has_one_row_per_place_year_and_a_column_per_indicator_and_kind():
    cols, rows = pn.wide_records(pn.build_panel(disagreeing()))
    assert {"gdp_growth_result", "gdp_growth_target", "gdp_growth_target_qual", "gdp_growth_status"} <= set(cols)
    by_year = {r["year"]: r for r in rows}
    assert len(rows) == 2 and by_year[2023]["gdp_growth_result"] == 5.8
    assert by_year[2024]["gdp_growth_status"] == "met" and by_year[2024]["gdp_growth_result"] == 6.4
    assert "gdp_growth_target" not in by_year[2023]  # a gap stays empty


@pytest.fixture
def library_panel(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    lib.add_many([(n, t.encode()) for n, t in ALL], source="cli")
    return tmp_path, lib


def _expected(panel) -> dict:
    return {(r.place, r.year, r.indicator, r.kind): r.value for r in panel.rows}


@pytest.mark.parametrize("fmt", [".csv", ".xlsx", ".dta", ".parquet"])
@pytest.mark.parametrize("shape", ["wide", "long"])
def test_every_format_reads_back_with_pandas(library_panel, fmt, shape):
    tmp, lib = library_panel
    out = tmp / f"panel{fmt}"
    argv = ["panel", "--db", str(lib.path), "--out", str(out), f"--{shape}"]
    assert main(argv) == 0
    panel = pn.build_panel(lib.load_reports())
    if fmt == ".xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        assert list(sheets) == ["panel", "alternatives", "codebook"]
        df, book = sheets["panel"], sheets["codebook"]
    else:
        read = {".csv": pd.read_csv, ".dta": pd.read_stata, ".parquet": pd.read_parquet}[fmt]
        df = read(out)
        book = read(tmp / f"panel_codebook{fmt}")
        assert (tmp / f"panel_alternatives{fmt}").exists()
    if fmt == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "gdp_growth" in set(book["indicator"]) and "地区生产总值增速" in set(book["label"])
    got = {}
    if shape == "wide":
        assert len(df) == len({(r.place, r.year) for r in panel.rows})
        for _, row in df.iterrows():
            for k in panel.indicators:
                for kind in ("result", "target"):
                    v = row[f"{k}_{kind}"]
                    if pd.notna(v):
                        got[(row["place"], int(row["year"]), k, kind)] = float(v)
    else:
        got = {(r["place"], int(r["year"]), r["indicator"], r["kind"]): float(r["value"])
               for _, r in df.iterrows()}
    assert got == _expected(panel)


def test_stata_labels_value_labels_and_short_names(library_panel):
    tmp, lib = library_panel
    out = tmp / "p.dta"
    assert main(["panel", "--db", str(lib.path), "--out", str(out)]) == 0
    with pd.io.stata.StataReader(out) as rd:
        labels = rd.variable_labels()
        df = rd.read()
        value_labels = rd.value_labels()
    assert labels["gdp_growth_target"] == "地区生产总值增速(%)·目标"
    assert all(len(c) <= 32 for c in df.columns)
    assert "fiscal_revenue_growt_result_qual" in df.columns  # 33 characters, shortened
    assert labels["fiscal_revenue_growt_result_qual"] == "一般公共预算收入增速·实绩限定词"
    assert any(set(v.values()) == {"超额完成", "完成", "未完成", "未知"} for v in value_labels.values())
    wuhu = df[df["place"] == "安徽省芜湖市"].set_index("year")
    assert wuhu.loc[2017, "gdp_growth_status"] == "超额完成"
    assert wuhu.loc[2020, "gdp_growth_status"] == "未完成"
    assert wuhu.loc[2020, "gdp_growth_result_est"] == 1
    assert wuhu.loc[2016, "gdp_growth_target_qual"] == "左右"
    assert wuhu.loc[2018, "gdp_growth_target_high"] == 8.5
    raw = pd.read_stata(out, convert_categoricals=False)
    assert pd.api.types.is_integer_dtype(raw["gdp_growth_status"].dropna().astype(int))


def test_alternatives_file_lists_dropped_values(tmp_path):
    panel = pn.build_panel(disagreeing())
    name, data = pn.panel_bytes(panel, ".dta", wide=False)
    assert name == "panel_dta.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["panel.dta", "panel_alternatives.dta", "panel_codebook.dta"]
        alts = pd.read_stata(io.BytesIO(zf.read("panel_alternatives.dta")))
    assert sorted(alts["value"]) == [5.5, 5.6, 6.5]
    assert set(alts["reason"]) >= {"预计数,已有正式数"}


def test_cli_rejects_bad_requests_in_chinese(library_panel, capsys):
    tmp, lib = library_panel
    assert main(["panel", "--db", str(lib.path), "--out", str(tmp / "p.json")]) == 2
    assert "不支持的格式" in capsys.readouterr().err
    assert main(["panel", "--db", str(lib.path), "--out", str(tmp / "p.csv"), "--indicators", "nope"]) == 2
    assert "没有这些指标" in capsys.readouterr().err
    assert main(["panel", "--db", str(lib.path), "--out", str(tmp / "p.csv"), "--years", "20x"]) == 2
    assert main(["panel", "--db", str(lib.path), "--out", str(tmp / "p.csv"), "--years", "2021-2022",
                 "--indicators", "gdp_growth"]) == 0
    df = pd.read_csv(tmp / "p.csv")
    assert set(df["year"]) == {2021, 2022} and [c for c in df.columns if c.endswith("_result")] == ["gdp_growth_result"]


def test_cli_panel_of_a_library_from_an_older_parser_is_of_todays_extraction(library_panel, monkeypatch, capsys):
    tmp, lib = library_panel
    monkeypatch.setattr("lib.PARSER_VERSION", "test-next")  # the parser was upgraded since the import
    assert len(lib.stale_ids()) == len(ALL)
    assert main(["panel", "--db", str(lib.path), "--out", str(tmp / "p.csv"), "--long"]) == 0
    assert f"先重新抽取 {len(ALL)} 份报告" in capsys.readouterr().err
    assert lib.stale_ids() == []  # re-extracted, then read
    assert len(pd.read_csv(tmp / "p.csv")) == len(pn.build_panel(lib.load_reports()).rows)

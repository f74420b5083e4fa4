"""AppTest of 对比: drive the pickers and check the figure JSON, the table and the URL."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, serving
from lib.store import service as appdata
import app_state as dashdata
from lib.present import choices, slides
from lib.model import APPROX, EQ, GE, GT, PLAN, RANGE, RESULT
from tests.support.synth import build_report, synth_reports


def _library():
    return [
        build_report("宁波.txt", "浙江省", "宁波市", figures=(
            ("gdp_growth", RESULT, "全市地区生产总值增长5.5%。", "5.5%", 5.5, EQ, None),
            ("urban_income", RESULT, "城镇居民人均可支配收入超7.7万元。", "超7.7万元", 77000, GT, None),
            ("fai_growth", RESULT, "固定资产投资增长4.2%。", "4.2%", 4.2, EQ, None),
            ("gdp_growth", PLAN, "地区生产总值增长5.5%左右。", "5.5%左右", 5.5, APPROX, None),
            ("fai_growth", PLAN, "固定资产投资增长6%以上。", "6%以上", 6.0, GE, None),
        )),
        build_report("海口.txt", "海南省", "海口市", figures=(
            ("gdp_growth", RESULT, "地区生产总值增长8.1%。", "8.1%", 8.1, EQ, None),
            ("urban_income", RESULT, "城镇居民人均可支配收入4.6万元。", "4.6万元", 46000, EQ, None),
            ("gdp_growth", PLAN, "地区生产总值增长6%-6.5%。", "6%-6.5%", 6.0, RANGE, 6.5),
        )),
        build_report("二道.txt", "吉林省", "长春市", "二道区", "区", figures=(
            ("gdp_growth", RESULT, "地区生产总值增长7%。", "7%", 7.0, EQ, None),
            ("fai_growth", RESULT, "固定资产投资增长12.3%。", "12.3%", 12.3, EQ, None),
            ("gdp_growth", PLAN, "地区生产总值增长7%左右。", "7%左右", 7.0, APPROX, None),
        )),
    ]


@pytest.fixture
def library(monkeypatch):
    with serving(monkeypatch, _library):
        yield


def _app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def _figs(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _bars(fig):
    return next(t for t in fig["data"] if t.get("meta", {}).get("role") == "value")


def _by_indicator(at):
    return {f["layout"]["meta"]["indicator"]: f for f in _figs(at)}


NB, HK, ED = "浙江省宁波市@2024", "海南省海口市@2024", "吉林省长春市二道区@2024"


def test_default_view_every_place_and_shared_headline_indicators(library):
    at = _app()
    assert not at.exception
    places = at.multiselect(key="cmp_places")
    assert places.value == [NB, HK, ED]
    assert places.options == ["浙江省宁波市 · 市级 · 2024年报告", "海南省海口市 · 市级 · 2024年报告",
                              "吉林省长春市二道区 · 区级 · 2024年报告"]
    assert any(c.value.startswith("已选 3/3 份报告(全部)") for c in at.caption)  # when chips are hidden
    # gdp_growth: 3 places, urban_income: 2, fai_growth: 2 (all headline)
    assert at.multiselect(key="cmp_inds").value == ["gdp_growth", "fai_growth", "urban_income"]
    figs = _by_indicator(at)
    assert list(figs) == ["gdp_growth", "fai_growth", "urban_income"]
    gdp = _bars(figs["gdp_growth"])
    assert gdp["y"] == ["海口市", "二道区", "宁波市"] and gdp["x"] == [8.1, 7.0, 5.5]
    inc = figs["urban_income"]
    assert _bars(inc)["x"] == [7.7, 4.6] and "单位:万元" in inc["layout"]["title"]["text"]
    missing = next(t for t in inc["data"] if t.get("meta", {}).get("role") == "missing")
    assert missing["y"] == ["二道区"]
    assert at.query_params["mode"] == "result" and at.query_params["year"] == "2023"
    assert "places" not in at.query_params  # all places: the URL stays short


def test_picking_places_and_indicators_redraws_and_updates_the_url(library):
    at = _app()
    at.multiselect(key="cmp_places").set_value([NB, ED]).run()
    at.multiselect(key="cmp_inds").set_value(["fai_growth", "gdp_growth"]).run()
    assert not at.exception
    figs = _by_indicator(at)
    assert set(figs) == {"fai_growth", "gdp_growth"}
    fai = _bars(figs["fai_growth"])
    assert fai["y"] == ["二道区", "宁波市"] and fai["x"] == [12.3, 4.2]
    assert [h.rsplit("来源:", 1)[1] for h in fai["hovertext"]] == ["二道.txt", "宁波.txt"]
    assert "原文:固定资产投资增长12.3%。<br>" in fai["hovertext"][0]
    assert "海口市" not in figs["gdp_growth"]["layout"]["yaxis"]["categoryarray"]
    assert at.query_params["xplaces"] == HK
    assert at.query_params["ind"] == "fai_growth,gdp_growth"
    link = at.code[-1].value
    assert link.startswith("/?mode=result&year=2023&xplaces=") and "ind=fai_growth,gdp_growth" in link


def test_indicators_follow_the_places_until_the_user_picks_them(library):
    at = _app()
    at.multiselect(key="cmp_places").set_value([NB, ED]).run()
    # 宁波 and 二道 share gdp_growth and fai_growth; urban_income is 宁波's alone
    assert at.multiselect(key="cmp_inds").value == ["gdp_growth", "fai_growth"]
    at.multiselect(key="cmp_inds").set_value(["urban_income"]).run()
    at.multiselect(key="cmp_places").set_value([NB, HK, ED]).run()
    assert at.multiselect(key="cmp_inds").value == ["urban_income"]  # the user's pick stays
    at.button[1].click().run()  # 默认指标
    assert at.multiselect(key="cmp_inds").value == ["gdp_growth", "fai_growth", "urban_income"]


def test_switching_to_plan_keeps_the_reports_and_draws_qualifiers(library):
    at = _app()
    at.button_group(key="cmp_section").set_value(PLAN).run()
    assert not at.exception
    assert at.selectbox(key="cmp_year").value == 2024
    assert at.multiselect(key="cmp_places").value == [NB, HK, ED]
    figs = _by_indicator(at)
    gdp = figs["gdp_growth"]
    roles = {t.get("meta", {}).get("role"): t for t in gdp["data"]}
    assert roles["range"]["y"] == ["海口市"] and roles["range"]["base"] == [6.0]
    assert sorted(roles["whisker"]["y"]) == ["二道区", "宁波市"]
    labels = dict(zip(roles["label"]["y"], roles["label"]["text"]))
    assert labels == {"二道区": "7%左右", "海口市": "6%-6.5%", "宁波市": "5.5%左右"}
    assert gdp["layout"]["title"]["text"].startswith("地区生产总值增速 · 2024年目标")
    assert at.query_params["mode"] == "plan" and at.query_params["year"] == "2024"


def test_switching_mode_gives_the_defaults_a_link_to_that_mode_gives(library):
    direct = _app({"mode": "plan"})
    at = _app()
    assert at.multiselect(key="cmp_inds").value == ["gdp_growth", "fai_growth", "urban_income"]
    at.button_group(key="cmp_section").set_value(PLAN).run()
    assert not at.exception
    for k in ("cmp_year", ):
        assert at.selectbox(key=k).value == direct.selectbox(key=k).value == 2024
    assert at.multiselect(key="cmp_places").value == direct.multiselect(key="cmp_places").value
    # fai_growth is a 实绩 default that only one place states as a target: not a 目标 default
    assert at.multiselect(key="cmp_inds").value == direct.multiselect(key="cmp_inds").value == ["gdp_growth"]
    # the legend says what the arrow means for a target
    names = {t["name"] for f in _figs(at) for t in f["data"]}
    assert not any("实际更高" in n for n in names)
    # and back: the 实绩 defaults again, as the plain link gives them
    at.button_group(key="cmp_section").set_value(RESULT).run()
    assert at.multiselect(key="cmp_inds").value == _app().multiselect(key="cmp_inds").value


def test_picked_indicators_survive_a_mode_switch_where_they_exist(library):
    at = _app()
    at.multiselect(key="cmp_inds").set_value(["fai_growth"]).run()
    at.button_group(key="cmp_section").set_value(PLAN).run()
    assert at.multiselect(key="cmp_inds").value == ["fai_growth"]


def test_a_shared_url_reopens_the_same_view(library):
    at = _app({"mode": "plan", "year": "2024", "places": f"{ED},{NB}", "ind": "fai_growth,gdp_growth"})
    assert not at.exception
    assert at.button_group(key="cmp_section").value == PLAN
    assert at.multiselect(key="cmp_places").value == [ED, NB]
    assert at.multiselect(key="cmp_inds").value == ["fai_growth", "gdp_growth"]
    figs = _by_indicator(at)
    fai = next(t for t in figs["fai_growth"]["data"] if t.get("meta", {}).get("role") == "missing")
    assert fai["y"] == ["二道区"]
    arrow = next(t for t in figs["fai_growth"]["data"] if t.get("meta", {}).get("role") == "arrow")
    assert arrow["y"] == ["宁波市"]


def test_table_tab_shows_units_qualifiers_and_not_mentioned(library):
    at = _app({"view": "table"})
    assert not at.exception
    df = _shown(at).set_index("地区")
    assert list(df.columns) == ["级别", "地区生产总值增速(%)", "固定资产投资增速(%)", "城镇居民人均可支配收入(元)"]
    assert df.at["浙江省宁波市", "城镇居民人均可支配收入(元)"] == "超7.7万元"
    assert df.at["吉林省长春市二道区", "城镇居民人均可支配收入(元)"] == "未提及"
    assert df.at["海南省海口市", "固定资产投资增速(%)"] == "未提及"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下载 CSV", "下载 Excel"]
    assert not at.get("plotly_chart")  # the other tab's charts are not built
    assert at.query_params["view"] == "table"


def _shown(at, i: int = 0):
    """The table as the user reads it (the Styler's display text over the numbers)."""
    from streamlit import dataframe_util
    return dataframe_util.convert_arrow_bytes_to_pandas_df(at.dataframe[i].proto.arrow_data.styler.display_values)


def test_table_sorts_by_value_with_not_mentioned_last_both_ways(library):
    at = _app({"view": "table"})
    col = "固定资产投资增速(%)"
    at.selectbox(key="cmp_sort").select(col).run()
    assert not at.exception
    assert list(_shown(at)[col]) == ["12.3%", "4.2%", "未提及"]
    assert list(at.dataframe[0].value[col])[:2] == [12.3, 4.2]  # numbers under the text: header clicks sort by value
    assert at.dataframe[0].proto.placeholder == "未提及"  # what the grid shows in an empty (NaN) cell
    at.segmented_control(key="cmp_sort_dir").set_value("从低到高").run()
    assert list(_shown(at)[col]) == ["4.2%", "12.3%", "未提及"]
    at.selectbox(key="cmp_sort").select("城镇居民人均可支配收入(元)").run()
    assert list(_shown(at)["地区"]) == ["海南省海口市", "浙江省宁波市", "吉林省长春市二道区"]


def test_url_with_unknown_place_warns_in_chinese_and_keeps_the_rest(library):
    at = _app({"places": f"{NB},火星市@2024", "ind": "gdp_growth"})
    assert not at.exception
    assert any("火星市" in w.value and "已忽略" in w.value for w in at.warning)
    assert at.multiselect(key="cmp_places").value == [NB]
    assert len(_figs(at)) == 1


def test_presentation_mode_one_chart_per_screen_and_slides(library):
    at = _app({"present": "1"})
    assert not at.exception
    figs = _figs(at)
    assert len(figs) == 1 and figs[0]["layout"]["meta"]["indicator"] == "gdp_growth"
    assert figs[0]["layout"]["height"] == 860 and figs[0]["layout"]["font"]["size"] >= 24
    assert any("display: none" in h.proto.body for h in at.get("html"))  # sidebar hidden
    at.button(key="next_slide").click().run()
    assert _figs(at)[0]["layout"]["meta"]["indicator"] == "fai_growth"
    assert at.query_params["slide"] == "2" and at.query_params["present"] == "1"
    at.button(key="exit_present").click().run()
    assert len(_figs(at)) == 3 and "present" not in at.query_params


def test_toggle_turns_presentation_on(library):
    at = _app()
    at.toggle(key="present_toggle").set_value(True).run()
    assert not at.exception and len(_figs(at)) == 1
    assert at.query_params["present"] == "1"


def test_empty_library_says_so_in_chinese(monkeypatch):
    monkeypatch.delenv("GOVREPORT_SYNTH", raising=False)
    monkeypatch.setattr(appdata, "load_reports", lambda: [])
    dashdata.refresh()
    try:
        at = _app()
        assert not at.exception
        assert any("还没有报告" in i.value for i in at.info)
    finally:
        dashdata.refresh()


def test_many_synthetic_reports_render(monkeypatch):
    monkeypatch.setenv("GOVREPORT_SYNTH", "120")
    dashdata.refresh()
    try:
        at = _app()
        assert not at.exception
        n = len(at.multiselect(key="cmp_places").value)
        expected = sum(1 for r in synth_reports(120) if r.meta.review_year == 2023)
        assert n == expected
        figs = _figs(at)
        assert len(figs) == len(at.multiselect(key="cmp_inds").value) >= 3
        for f in figs:
            bars = _bars(f)
            assert bars["x"] == sorted(bars["x"], reverse=True) or any(
                t.get("meta", {}).get("role") == "range" for t in f["data"])
    finally:
        dashdata.refresh()


def test_presentation_pages_through_every_place_of_forty(monkeypatch):
    """40 places in 演示模式: each chart holds no more places than fit at readable type;
    下一张 walks every (indicator, group of places) screen; each place is on one screen of every
    indicator; the URL names the screen, so a copied link reopens it."""
    monkeypatch.setenv("GOVREPORT_SYNTH", "40")
    dashdata.refresh()
    try:
        at = _app({"present": "1"})
        assert not at.exception
        places = at.multiselect(key="cmp_places").value
        inds = at.multiselect(key="cmp_inds").value
        per = slides.present_capacity()
        n_groups = len(slides.place_groups(len(places)))
        assert len(places) > 2 * per and n_groups >= 3 and len(inds) >= 2
        seen, order = {}, []
        for _ in range(len(inds) * n_groups):
            figs = _figs(at)
            assert len(figs) == 1
            lay = figs[0]["layout"]
            scr = lay["meta"]["screen"]
            order.append((lay["meta"]["indicator"], scr["group"]))
            on = list(lay["yaxis"]["categoryarray"])
            assert 0 < len(on) <= per and lay["yaxis"]["tickfont"]["size"] >= 22
            assert all(t["textfont"]["size"] >= 22 for t in figs[0]["data"]
                       if t.get("meta", {}).get("role") in ("label", "missing"))
            assert at.query_params.get("group", "1") == str(scr["group"])
            assert f"第 {scr['group']}/{n_groups} 组" in "".join(h.proto.body for h in at.get("html"))
            seen.setdefault(lay["meta"]["indicator"], []).extend(on)
            at.button(key="next_slide").click().run()
        assert order == [(k, g) for k in inds for g in range(1, n_groups + 1)]
        assert set(seen) == set(inds)
        shorts = set(seen[inds[0]])
        assert len(shorts) == len(places)
        for k in inds:
            assert len(seen[k]) == len(places) and set(seen[k]) == shorts  # all of them, once each
        assert _figs(at)[0]["layout"]["meta"]["screen"]["group"] == 1  # wrapped to the start
        at.button(key="prev_slide").click().run()  # back: the last screen of the last indicator
        last = _figs(at)[0]["layout"]
        assert (last["meta"]["indicator"], last["meta"]["screen"]["group"]) == (inds[-1], n_groups)
        params = {k: at.query_params[k] for k in at.query_params}
        assert params["slide"] == str(len(inds)) and params["group"] == str(n_groups)
        again = _app(params)  # the copied URL: same slide, same places on screen
        assert not again.exception and _figs(again)[0]["layout"]["yaxis"]["categoryarray"] == last["yaxis"]["categoryarray"]
    finally:
        dashdata.refresh()


def test_jieba_stays_off_the_dashboard_path():
    code = ("import sys, os; os.environ['GOVREPORT_SYNTH']='30'; sys.path.insert(0, %r); sys.path.insert(0, %r)\n"
            "from streamlit.testing.v1 import AppTest\n"
            "at = AppTest.from_file(%r, default_timeout=60).run()\n"
            "assert not at.exception and at.get('plotly_chart')\n"
            "at.switch_page('app_pages/report.py').run()\n"
            "assert not at.exception\n"
            "print('jieba' in sys.modules)") % (str(ROOT), str(ROOT / "tests"), str(ROOT / "app.py"))
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-1500:]
    assert out.stdout.strip().splitlines()[-1] == "False"


def _image_buttons(at, fmt):
    return [b for b in at.button if (b.key or "").startswith(f"{fmt}_")]


def test_chart_image_is_made_on_a_press_then_offered_for_download(library, monkeypatch):
    from lib.charts import image
    import plotly.graph_objects as go

    made = []

    def fake_to_image(self, format="png", **kw):
        made.append((format, self.layout.meta["indicator"], self.layout.paper_bgcolor))
        return b"\x89PNG fake" if format == "png" else b"<svg>fake</svg>"

    monkeypatch.setattr(image, "export_problem", lambda: None)
    monkeypatch.setattr(go.Figure, "to_image", fake_to_image)
    at = _app({"ind": "gdp_growth,urban_income"})
    assert not at.get("download_button") and not made  # nothing is made before a press
    first = _image_buttons(at, "png")[0]
    assert first.label == "PNG 图片"
    first.click().run()
    assert not at.exception
    assert made == [("png", first.key[4:], "white")]
    dl = at.get("download_button")
    assert [b.label for b in dl] == ["下载 PNG"] and dl[0].proto.id.endswith(f"dl_png_{first.key[4:]}")
    at.run()  # the made image stays offered while the view is the same
    assert [b.label for b in at.get("download_button")] == ["下载 PNG"] and len(made) == 1
    at.multiselect(key="cmp_places").set_value([NB, HK]).run()  # another view: make it again
    assert not at.get("download_button") and _image_buttons(at, "png")[0].label == "PNG 图片"


def test_a_failing_image_export_says_so_in_chinese(library, monkeypatch):
    from lib.charts import image
    import plotly.graph_objects as go

    def broken(self, *a, **kw):
        raise RuntimeError("Kaleido: browser closed unexpectedly")

    monkeypatch.setattr(image, "export_problem", lambda: None)
    monkeypatch.setattr(go.Figure, "to_image", broken)
    at = _app({"ind": "gdp_growth"})
    _image_buttons(at, "svg")[0].click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("图片导出失败") and "RuntimeError" in errors[0]
    assert "Failed" not in errors[0]
    assert not at.get("download_button")
    assert [b.label for b in _image_buttons(at, "svg")] == ["SVG 矢量图"]  # press again to retry
    monkeypatch.setattr(go.Figure, "to_image", lambda self, format="png", **kw: b"<svg/>")
    _image_buttons(at, "svg")[0].click().run()
    assert not at.error and [b.label for b in at.get("download_button")] == ["下载 SVG"]


def test_without_chromium_the_page_says_why_instead_of_offering_images(library, monkeypatch):
    from lib.charts import image

    monkeypatch.setattr(image, "browser_path", lambda: None)
    at = _app({"ind": "gdp_growth"})
    assert not _image_buttons(at, "png") and not _image_buttons(at, "svg")
    assert any("图片导出不可用" in c.value and "Chromium" in c.value for c in at.caption)


def test_presentation_can_put_every_place_on_one_screen_when_they_fit(monkeypatch):
    monkeypatch.setenv("GOVREPORT_SYNTH", "40")
    dashdata.refresh()
    try:
        at = _app({"present": "1"})
        places = at.multiselect(key="cmp_places").value
        assert not at.toggle(key="present_all").value
        assert at.toggle(key="present_all").proto.disabled  # 40 places never fit one screen
        n = slides.present_capacity_compact()
        at.multiselect(key="cmp_places").set_value(places[:n]).run()
        assert _figs(at)[0]["layout"]["meta"]["screen"]["groups"] >= 2
        at.toggle(key="present_all").set_value(True).run()
        assert not at.exception
        lay = _figs(at)[0]["layout"]
        assert lay["meta"]["screen"]["groups"] == 1 and len(lay["yaxis"]["categoryarray"]) == n
        assert lay["yaxis"]["tickfont"]["size"] >= slides.PRESENT_MIN_PX  # still legible
        at.button(key="next_slide").click().run()
        assert _figs(at)[0]["layout"]["meta"]["screen"]["groups"] == 1  # the next indicator too
        at.button(key="last_slide").click().run()
        assert _figs(at)[0]["layout"]["meta"]["indicator"] == at.multiselect(key="cmp_inds").value[-1]
        at.button(key="first_slide").click().run()
        assert _figs(at)[0]["layout"]["meta"]["indicator"] == at.multiselect(key="cmp_inds").value[0]
    finally:
        dashdata.refresh()


def _library_with_a_corrected_copy():
    corrected = build_report("宁波修订.txt", "浙江省", "宁波市", figures=(
        ("gdp_growth", RESULT, "全市地区生产总值增长5.6%。", "5.6%", 5.6, EQ, None),
    ))
    return _library() + [corrected]


def test_two_reports_of_one_place_and_year_show_which_is_used_and_can_be_switched(monkeypatch):
    with serving(monkeypatch, _library_with_a_corrected_copy):
        at = _app({"ind": "gdp_growth"})
        assert not at.exception
        box = at.selectbox(key=f"cmp_pick_{NB}")
        assert box.options == ["合并(先列出的文件优先)", "宁波.txt", "宁波修订.txt"]
        assert any("现在使用:宁波.txt" in c.value for c in at.caption)
        assert dict(zip(_bars(_figs(at)[0])["y"], _bars(_figs(at)[0])["x"]))["宁波市"] == 5.5
        box.select("宁波修订.txt").run()
        assert not at.exception
        assert dict(zip(_bars(_figs(at)[0])["y"], _bars(_figs(at)[0])["x"]))["宁波市"] == 5.6
        assert any("现在使用:宁波修订.txt" in c.value for c in at.caption)
        # places with one report get no picker
        assert [s.key for s in at.selectbox if s.key and s.key.startswith("cmp_pick_")] == [f"cmp_pick_{NB}"]


def test_the_file_a_place_uses_is_named_as_written_not_as_markdown(monkeypatch):
    odd = build_report("宁波_**修订**[x](http:evil).txt", "浙江省", "宁波市", figures=(
        ("gdp_growth", RESULT, "全市地区生产总值增长5.6%。", "5.6%", 5.6, EQ, None),
    ))
    with serving(monkeypatch, lambda: _library() + [odd]):
        at = _app({"ind": "gdp_growth"})
        at.selectbox(key=f"cmp_pick_{NB}").select(odd.meta.file).run()
        assert not at.exception
        [used] = [c.value for c in at.caption if "现在使用" in c.value]
        assert "**修订**" not in used and "[x](" not in used  # no bold, no link
        assert used.replace("\\", "") == "图表与对比表现在使用:宁波_**修订**[x](http:evil).txt"


def test_a_crowded_year_defaults_to_a_readable_set_and_filters_places_first(monkeypatch):
    """When a year holds more places than a chart can show (DEFAULT_PLACES_MAX, lowered here to
    8 for 60 reports), the picker starts on a readable set, offers 先按省份筛选 and 级别, and
    全部地区 takes the filtered places only; a chosen place stays chosen across filters."""
    monkeypatch.setenv("GOVREPORT_SYNTH", "60")
    monkeypatch.setattr(choices, "DEFAULT_PLACES_MAX", 8)
    dashdata.refresh()
    try:
        at = _app()
        assert not at.exception
        idx = dashdata.index()
        year = at.selectbox(key="cmp_year").value
        chosen = at.multiselect(key="cmp_places").value
        assert chosen == choices.default_places(idx, RESULT, year) and 1 <= len(chosen) <= 8
        assert "places" not in at.query_params  # the default is not written into the link
        prov = max(at.selectbox(key="cmp_prov").options[1:],
                   key=lambda p: len(choices.filter_places(idx, choices.place_options(idx, RESULT, year), p)))
        at.selectbox(key="cmp_prov").set_value(prov).run()
        opts = at.multiselect(key="cmp_places").options
        mine = choices.filter_places(idx, choices.place_options(idx, RESULT, year), prov)
        labels = {choices.place_label(idx, k) for k in set(mine) | set(chosen)}
        assert set(opts) == labels  # the province's places and the ones already chosen
        at.button[[b.label for b in at.button].index("全部地区")].click().run()
        assert not at.exception
        assert at.multiselect(key="cmp_places").value == mine
        at.selectbox(key="cmp_level").set_value("区县").run()
        assert not at.exception
        assert at.multiselect(key="cmp_places").value == mine  # filtering never drops a choice
    finally:
        dashdata.refresh()


def test_the_report_chosen_for_a_place_is_in_the_url_and_a_shared_link_reopens_it(monkeypatch):
    with serving(monkeypatch, _library_with_a_corrected_copy):
        at = _app({"ind": "gdp_growth"})
        assert "use" not in at.query_params  # merged: nothing to say
        at.selectbox(key=f"cmp_pick_{NB}").select("宁波修订.txt").run()
        link = {k: at.query_params[k] for k in at.query_params}
        assert link["use"] == f"{NB}~宁波修订.txt"
        # a fresh browser opening the shared link reads the same file
        again = _app(link)
        assert not again.exception
        assert again.selectbox(key=f"cmp_pick_{NB}").value == "宁波修订.txt"
        assert dict(zip(_bars(_figs(again)[0])["y"], _bars(_figs(again)[0])["x"]))["宁波市"] == 5.6
        # presentation does not draw the picker, yet keeps the choice (on screen and in the URL)
        again.toggle(key="present_toggle").set_value(True).run()
        assert dict(zip(_bars(_figs(again)[0])["y"], _bars(_figs(again)[0])["x"]))["宁波市"] == 5.6
        assert again.query_params["use"] == f"{NB}~宁波修订.txt"
        # back to merged: the parameter goes away
        again.button(key="exit_present").click().run()
        again.selectbox(key=f"cmp_pick_{NB}").select("").run()
        assert "use" not in again.query_params


def test_a_link_naming_a_report_the_library_lacks_says_so_and_merges(monkeypatch):
    with serving(monkeypatch, _library_with_a_corrected_copy):
        at = _app({"ind": "gdp_growth", "use": f"{NB}~别的文件.txt"})
        assert not at.exception
        assert any("别的文件.txt" in w.value and "合并" in w.value for w in at.warning)
        assert at.selectbox(key=f"cmp_pick_{NB}").value == ""
        assert "use" not in at.query_params


_FIRST_RENDER = r"""
import sys
sys.path.insert(0, {root!r})
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=120)
at.run()
assert not at.exception, at.exception
assert at.get("plotly_chart"), "对比 drew no chart"
print("EMOJIS" if "streamlit.emojis" in sys.modules else "NO-EMOJIS")
"""


def test_the_first_render_does_not_load_streamlits_emoji_catalogue():
    """A fresh process renders 对比 (its first visitor) without Streamlit's emoji catalogue: a label
    or tab icon that starts with Chinese or an emoji makes Streamlit compile a regex of every
    emoji (~0.5 s of CPU).  Checked in a child process: this one has loaded it already."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, GOVREPORT_SYNTH="30", STREAMLIT_LOGGER_LEVEL="error")
    code = _FIRST_RENDER.format(root=str(ROOT), app=str(ROOT / "app.py"))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "NO-EMOJIS"

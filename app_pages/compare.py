"""对比: pick places and indicators, compare them chart by chart or in one table.

Widgets and layout only; data shaping is lib.present (index, choices, views, tables, slides), charts lib.charts.compare, URL state lib.present.urlstate.
"""
import streamlit as st

from lib.charts import compare as charts
from lib.charts import image

from lib.charts import style as chartstyle

import app_state as dashdata

from lib.present import css as ui

from lib.present import urlstate

from lib.present import choices, slides, tables, views
from lib.present import export
from lib.present.format import MISSING
from lib.present.labels import SECTION_CHOICES, indicator_label
from lib.present import places as places_filter
from lib.model import PLAN, RESULT
from lib.present.escape import md
from app_pages.common import link_to_library, presentation_layout

ss = st.session_state
idx = dashdata.index()
THEME = st.context.theme.type or "light"  # the charts colour what they draw themselves to match

TABS = ("图表", "对比表")
WIDGETS = ("cmp_section", "cmp_year", "cmp_places", "cmp_inds", "cmp_tab", "present_toggle")
LEVELS = places_filter.LEVEL_FILTERS  # the level filter of a big library's place picker
MAX_OPTIONS = 800  # a picker lists at most about this many places (search stays quick)
MAX_ALL = 300  # 全部地区 beyond this many places: filter first (a chart of thousands is unreadable)


def _load_from_url() -> None:
    v = urlstate.resolve(idx, urlstate.decode(st.query_params.to_dict()))
    ss.v_section, ss.v_year, ss.v_places, ss.v_inds = v.section, v.year, v.places, v.indicators
    ss.v_tab = TABS[1] if v.tab == "table" else TABS[0]
    ss.present, ss.v_slide, ss.v_group, ss.v_notes = v.present, v.slide, v.group, v.notes
    ss.inds_custom = "ind" in st.query_params
    ss.v_use = v.use  # group -> the one report used where a place has several of one year
    ss.v_loaded = idx.version
    for k in [*WIDGETS, *(k for k in ss if str(k).startswith("cmp_pick_"))]:
        ss.pop(k, None)


if ss.get("v_loaded") != idx.version:
    _load_from_url()
# widgets that were not on screen last run (another page, presentation) lose their state:
# seed them again from the canonical copy
for wkey, canon in (("cmp_section", "v_section"), ("cmp_year", "v_year"), ("cmp_places", "v_places"),
                    ("cmp_inds", "v_inds"), ("cmp_tab", "v_tab"), ("present_toggle", "present")):
    if wkey not in ss:
        ss[wkey] = ss[canon]


def _on_section():
    old, new = ss.v_section, ss.cmp_section
    year = urlstate.shift_year(idx, ss.cmp_year, old, new)
    ss.cmp_places, ss.cmp_inds = urlstate.follow(idx, (old, ss.cmp_year), (new, year), ss.cmp_places,
                                                 ss.cmp_inds, bool(ss.get("inds_custom")))
    ss.cmp_year, ss.v_section, ss.v_year = year, new, year


def _on_year():
    old, year = ss.v_year, ss.cmp_year
    ss.cmp_places, ss.cmp_inds = urlstate.follow(idx, (ss.cmp_section, old), (ss.cmp_section, year),
                                                 ss.cmp_places, ss.cmp_inds, bool(ss.get("inds_custom")))
    ss.v_year = year


def _all_places(options: list):
    ss.cmp_places = list(options)
    _on_places()


def _on_places():
    # until the user picks indicators, they follow the places (headline ones two places state)
    if not ss.get("inds_custom"):
        ss.cmp_inds = choices.default_indicators(idx, ss.cmp_section, ss.cmp_year, ss.cmp_places)


def _on_inds():
    ss.inds_custom = True


def _default_inds():
    ss.inds_custom = False
    ss.cmp_inds = choices.default_indicators(idx, ss.cmp_section, ss.cmp_year, ss.cmp_places)


def _per_screen():
    """一屏显示全部地区: every place on one screen when they fit at legible type."""
    n = len(ss.get("cmp_places") or [])
    return n if ss.get("present_all") and 0 < n <= slides.present_capacity_compact() else None


def _screens() -> list:
    """How many screens each chosen indicator takes (places tied on a value share a screen)."""
    rows = views.view_records(idx, ss.cmp_section, ss.cmp_year, ss.cmp_places, ss.cmp_inds)
    return [len(charts.present_screens(rows, k, _per_screen())) for k in ss.cmp_inds] or [1]


def _slide(step: int):
    """上一张/下一张 (and the → ← PageDown PageUp Space keys) page through (indicator, screen of
    places) pairs."""
    ss.v_slide, ss.v_group = slides.step_slides(ss.v_slide, ss.get("v_group", 1), _screens(), step)


def _goto(last: bool):
    """首张/末张 (Home/End)."""
    counts = _screens()
    ss.v_slide, ss.v_group = (len(counts), counts[-1]) if last else (1, 1)


def _on_present_all():
    ss.v_group = 1


def _on_present():
    ss.present = ss.present_toggle
    ss.v_slide = ss.v_group = 1


def _exit_present():
    ss.present = ss.present_toggle = False



def _base(f: str) -> str:
    return f.rsplit("/", 1)[-1]


def _same_year_picker(same_year: dict, used: dict) -> None:
    """A place with several reports of one year (a corrected copy beside the original): say which
    file each place's figures come from and let the user read only one of them."""
    with st.expander(f"同地同年有多份报告:{len(same_year)} 个地区(点开查看或选择使用哪一份)",
                     icon=":material/content_copy:"):
        st.caption("默认合并:每个指标取先列出的文件中给出的数字。选一份文件,则该地区只用这份文件的数字。")
        for g, files in same_year.items():
            c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
            c1.selectbox(choices.place_label(idx, g), ["", *files], key=f"cmp_pick_{g}",
                         format_func=lambda f: _base(f) if f else "合并(先列出的文件优先)")
            c2.caption("图表与对比表现在使用:" + ("、".join(md(_base(f)) for f in used.get(g, [])) or "(无数字)"))


IMAGE = {"png": ("PNG 图片", "image/png", "PNG 位图"),
         "svg": ("SVG 矢量图", "image/svg+xml", "SVG 矢量图(可在排版软件中编辑)")}


def _image_button(fig, k: str, fmt: str, name: str, view_sig: tuple) -> None:
    """Make the image on a press (kaleido can fail: say so in Chinese), then offer it for download.
    A made image is kept while the view (library, section, year, places) stays the same."""
    label, mime, what = IMAGE[fmt]
    made = ss.setdefault("cmp_images", {})
    slot = st.empty()
    hit = made.get((k, fmt))
    if hit is None or hit[0] != view_sig:
        if not slot.button(label, key=f"{fmt}_{k}", help=f"生成此图的{what},含来源说明;约需数秒"):
            return
        try:
            with st.spinner(f"正在生成{label}……"):
                hit = made[(k, fmt)] = (view_sig, image.figure_image(fig, fmt, scale=2 if fmt == "png" else 1))
        except image.ExportError as exc:  # the button stays: pressing it again retries
            st.error(str(exc))
            return
    slot.download_button(f"下载 {fmt.upper()}", data=hit[1], file_name=f"{name}.{fmt}", mime=mime,
                         key=f"dl_{fmt}_{k}", on_click="ignore", icon=":material/download:",
                         help=f"下载此图({what})")


present = bool(ss.present)

if not idx.reports:
    st.title("对比")
    st.info("报告库中还没有报告。请到「库」页面上传政府工作报告(txt、docx、pdf 或 html),"
            "或在那里载入示例报告。")
    link_to_library()
    st.stop()

# ---- pickers -------------------------------------------------------------------------
head, body, pickers = presentation_layout(present, "地区、指标、年份")
with pickers:
    c1, c2, c3 = st.columns([2, 1.2, 1])
    with c1:
        st.segmented_control("比较内容", [RESULT, PLAN], key="cmp_section", required=True,
                             format_func=SECTION_CHOICES.get,
                             help="实绩:回顾年度的完成情况;目标:计划年度的预期目标",
                             on_change=_on_section)
    years = choices.year_options(idx, ss.cmp_section)
    if ss.cmp_year not in years:
        ss.cmp_year = choices.default_year(idx, ss.cmp_section)
    with c2:
        st.selectbox("年份", years, key="cmp_year", format_func=lambda y: f"{y}年",
                     on_change=_on_year, help="实绩看回顾的年份,目标看计划的年份", placeholder="无可选年份")
    with c3:
        st.toggle("演示模式", key="present_toggle", on_change=_on_present,
                  help="大字号、隐藏侧栏、一屏一图、高对比度,适合投影")
    place_opts = choices.place_options(idx, ss.cmp_section, ss.cmp_year)
    ss.cmp_places = [p for p in ss.cmp_places if p in set(place_opts)]
    big = len(place_opts) > choices.DEFAULT_PLACES_MAX  # a big library: filter first, then search
    if big:
        f1, f2, pc, pb = st.columns([1.4, 1, 5, 1.2], vertical_alignment="bottom")
        provs = ["", *choices.province_options(idx, place_opts)]
        if ss.get("cmp_prov") not in provs:
            ss.cmp_prov = ""
        f1.selectbox("先按省份筛选", provs, key="cmp_prov", format_func=lambda p: p or "全部省份")
        if ss.get("cmp_level") not in LEVELS:
            ss.cmp_level = ""
        f2.selectbox("级别", LEVELS, key="cmp_level", format_func=lambda lv: lv or "全部级别")
        filtered = choices.filter_places(idx, place_opts, ss.cmp_prov, ss.cmp_level)
    else:
        pc, pb = st.columns([6, 1], vertical_alignment="bottom")
        filtered = place_opts
    label = f"地区(共 {len(place_opts)} 份报告" + (f",筛选出 {len(filtered)} 份)" if big else ")")
    listed, cut = choices.listed_places(idx, filtered, MAX_OPTIONS)  # thousands: 区县 after a filter
    if cut:
        label = f"地区(共 {len(place_opts)} 份报告;列出省、市级 {len(listed)} 份,区县请先选省份或级别)"
    keep = set(listed) | set(ss.cmp_places)  # the chosen stay pickable whatever the filter
    labels = choices.place_labels(idx)
    with pc:
        st.multiselect(label, [p for p in place_opts if p in keep], key="cmp_places",
                       format_func=lambda k: labels.get(k, k),
                       placeholder="输入地名搜索,如“宁波”", help="标签:完整地名 · 级别 · 报告年份",
                       on_change=_on_places)
    with pb:
        too_many = len(filtered) > MAX_ALL
        st.button("全部地区", on_click=_all_places, args=(filtered,), width="stretch", disabled=too_many,
                  help=f"地区太多(超过 {MAX_ALL} 个):请先按省份或级别筛选" if too_many else
                  ("选中筛选出的全部地区" if big else "选中全部地区"))
    st.caption(choices.selection_summary(idx, ss.cmp_places, place_opts))
    ind_opts = choices.indicator_options(idx, ss.cmp_section, ss.cmp_year)
    ss.cmp_inds = [k for k in ss.cmp_inds if k in set(ind_opts)]
    counts = choices.indicator_counts(idx, ss.cmp_section, ss.cmp_year, ss.cmp_places)
    ic, ib = st.columns([6, 1], vertical_alignment="bottom")
    with ic:
        st.multiselect("指标(按类别排列)", ind_opts, key="cmp_inds",
                       format_func=lambda k: f"{indicator_label(k)} · {counts.get(k, 0)}地",
                       placeholder="输入指标名搜索,如“增速”“收入”",
                       help="默认:所选地区中至少两地给出的主要指标", on_change=_on_inds)
    with ib:
        st.button("默认指标", on_click=_default_inds, width="stretch")

section, year = ss.cmp_section, ss.cmp_year
places, inds = list(ss.cmp_places), list(ss.cmp_inds)
ss.v_section, ss.v_year, ss.v_places, ss.v_inds = section, year, places, inds

same_year = choices.same_year_files(idx, places)
for g, files in same_year.items():  # pickers not drawn last run (presentation): seed from the URL's copy
    if f"cmp_pick_{g}" not in ss:
        chosen = ss.get("v_use", {}).get(g, "")
        ss[f"cmp_pick_{g}"] = chosen if chosen in files else ""
pick = {g: ss.get(f"cmp_pick_{g}") or None for g in same_year}
ss.v_use = {g: f for g, f in pick.items() if f}
view = views.view_records(idx, section, year, places, inds, pick)
what = "实绩" if section == RESULT else "目标"
if same_year and not present:
    with pickers:
        _same_year_picker(same_year, views.used_files(view))

with head:
    if present:
        h1, h0, h2, h3, h4, h6, h7, h5 = st.columns([3.2, 0.9, 1, 1.3, 1, 0.9, 1.3, 1], vertical_alignment="center")
        h1.html(f"<div class='present-title'>{year}年{what}对比 · {len(places)} 个地区</div>")
        if places and inds:
            counts = _screens()
            ss.v_slide = min(max(1, ss.v_slide), len(inds))
            n_groups = counts[ss.v_slide - 1]
            ss.v_group = min(max(1, ss.get("v_group", 1)), n_groups)
            h0.button("首张", on_click=_goto, args=(False,), width="stretch", key="first_slide", icon=":material/first_page:",
                      help="第一张(Home 键)")
            h2.button("◀ 上一张", on_click=_slide, args=(-1,), width="stretch", key="prev_slide",
                      help="← 或 PageUp 键")
            h3.html(f"<div class='slide-no'>第 {ss.v_slide} / {len(inds)} 张" +
                    (f"<br><span class='slide-group'>第 {ss.v_group}/{n_groups} 组</span>"
                     if n_groups > 1 else "") + "</div>")
            h4.button("下一张 ▶", on_click=_slide, args=(1,), width="stretch", key="next_slide",
                      help="→、PageDown 或空格键;翻页笔同样可用")
            h6.button("末张", on_click=_goto, args=(True,), width="stretch", key="last_slide", icon=":material/last_page:",
                      help="最后一张(End 键)")
            fits = len(places) <= slides.present_capacity_compact()
            h7.toggle("一屏显示全部", key="present_all", on_change=_on_present_all, disabled=not fits,
                      help=(f"把 {len(places)} 个地区放在同一屏(字号缩小到仍可辨认)" if fits else
                            f"地区太多:一屏最多放 {slides.present_capacity_compact()} 个仍可辨认"))
            st.html(ui.present_keys_js(), unsafe_allow_javascript=True)
        h5.button("退出演示", on_click=_exit_present, width="stretch", key="exit_present")
    else:
        st.title("对比")
        st.caption("把各地政府工作报告里的数字放在一起比。柱旁的标注照录报告原话:“超”“以上”画箭头,"
                   "“左右”画须线,区间画色带,“以内”画竖线;“未提及”表示报告没有给出,不是零。"
                   "鼠标悬停可看原文句子和来源文件。")
    for note in ss.get("v_notes") or []:
        st.warning(md(note))  # it quotes the URL
    ss.v_notes = []

if not places or not inds:
    st.info("请至少选择一个地区和一个指标。" if idx.fact_count else
            "报告库中的报告还没有提取出任何指标。")
    tab = TABS[0]
else:
    tab = None

with body:
    # ---- presentation: one chart per screen ----------------------------------------------
    if present and places and inds:
        k = inds[ss.v_slide - 1]
        fig = charts.indicator_panel(view, k, section, year, present=True, group=ss.v_group, theme=THEME,
                                     per_screen=_per_screen())
        with st.container(key="slide"):  # a narrow screen shows the slide shrunk to fit (lib/present/css.py)
            st.plotly_chart(fig, width="stretch", key=f"present_{k}_{ss.v_group}", theme=None,
                            config=chartstyle.plotly_config(mode_bar=False))

    # ---- normal: small multiples and the table one tab away ------------------------------
    elif places and inds:
        tabs = st.tabs(TABS, key="cmp_tab", on_change="rerun")
        tab = ss.cmp_tab
        if tabs[0].open:
            export_problem = image.export_problem()
            per_row = 2 if len(inds) > 1 else 1
            for i, k in enumerate(inds):
                if i % per_row == 0:
                    cols = st.columns(per_row)
                with cols[i % per_row]:
                    fig = charts.indicator_panel(view, k, section, year, theme=THEME)
                    st.plotly_chart(fig, width="stretch", key=f"chart_{k}", config=chartstyle.plotly_config())
                    name = f"{year}年{what}_{indicator_label(k, False)}"
                    if export_problem:
                        st.caption(export_problem)
                    else:
                        d1, d2, _ = st.columns([1, 1, 2])
                        for col, fmt in ((d1, "png"), (d2, "svg")):
                            with col:
                                _image_button(fig, k, fmt, name, (idx.version, section, year, tuple(places),
                                                                    tuple(sorted(pick.items(), key=str))))
        if tabs[1].open:
            table = views.view_table(idx, section, year, places, inds, pick)
            source = views.source_line(table["file"], section, year)
            wide, nums = tables.wide_table(table), tables.wide_values(table)
            if ss.get("cmp_sort") not in (tables.ORDER_AS_CHOSEN, *wide.columns[2:]):
                ss.pop("cmp_sort", None)
            s1, s2, _ = st.columns([2, 1.4, 2], vertical_alignment="bottom")
            by = s1.selectbox("排序依据", [tables.ORDER_AS_CHOSEN, *wide.columns[2:]], key="cmp_sort",
                              help="按数值排序;“未提及”总排在最后", placeholder="请选择")
            down = s2.segmented_control("顺序", ["从高到低", "从低到高"], key="cmp_sort_dir",
                                        default="从高到低", required=True) != "从低到高"
            wide, nums = tables.sort_wide(wide, nums, by, descending=down)
            styled = tables.styled_wide(wide, nums, "color:#8a8a8a;font-style:italic;"
                                                   "background-color:rgba(128,128,128,0.10)")
            st.dataframe(styled, hide_index=True, width="stretch", key="cmp_table", placeholder=MISSING,
                         height=min(38 + 35 * len(wide), 640))
            st.caption(f"单元格照录报告表述(“超”“以上”“左右”等);灰色斜体“{MISSING}”表示报告没有给出该数字。"
                       + md(source))
            long = tables.export_table(table, section, year)
            fname = f"{year}年{what}对比"
            e1, e2, _ = st.columns([1, 1, 3])
            e1.download_button("下载 CSV", data=export.csv_bytes(long), file_name=f"{fname}.csv", mime="text/csv",
                               on_click="ignore", icon=":material/download:", key="dl_csv")
            e2.download_button("下载 Excel", data=lambda: export.xlsx_bytes({"对比表": wide,
                                                                            "明细(含原文与来源)": long}),
                               file_name=f"{fname}.xlsx", key="dl_xlsx", on_click="ignore",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               icon=":material/table:")

# ---- the URL holds the whole view -----------------------------------------------------
current = urlstate.View(page="compare", section=section, year=year, places=places, indicators=inds,
                        tab="table" if ss.get("cmp_tab") == TABS[1] else "chart", present=present,
                        slide=ss.v_slide, group=ss.get("v_group", 1), use=dict(ss.v_use))
ss.v_tab = ss.get("cmp_tab", ss.v_tab)
default_places = choices.default_places(idx, section, year)
params = urlstate.encode(current, default_places=default_places)
if params != st.query_params.to_dict():
    st.query_params.from_dict(params)
if not present:
    base = st.context.url or ""
    base = base[: -len("/compare")] if base.endswith("/compare") else base.rstrip("/")
    with st.popover("分享当前视图", icon=":material/share:"):
        st.code(urlstate.share_url(current, base, default_places=default_places), language=None, wrap_lines=True)
        st.caption("复制此链接(或浏览器地址栏),打开后即是当前的地区、指标、年份和视图。")

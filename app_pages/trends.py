"""趋势: one indicator across the years, for one or more places; and the panel export.

Widgets and layout only; the records are lib.analysis.trends (on lib.analysis.panel), the figure lib.charts.trends.
"""
import streamlit as st

from lib.charts import trends as ct
import app_state as dashdata
from lib.analysis import panel as pn
from lib.analysis import trends as tr
from lib.present import index
from lib.present import places as places_filter
from lib.present.trend_tables import trend_table
from lib.present.escape import md
from lib.present.labels import indicator_label
from app_pages.common import presentation_layout

ss = st.session_state
idx = dashdata.index()
ALL_PROV, ALL_LEVEL = "", ""
LEVELS = places_filter.LEVEL_FILTERS
WIDGETS = ("tr_ind", "tr_prov", "tr_level", "tr_places", "tr_present_toggle")
MAX_PANELS = 12
MAX_OPTIONS = 800  # more places than this: pick a province or level first


@st.cache_resource(show_spinner="正在整理历年数据……", max_entries=2)
def _indicator_places(version: str) -> dict:
    """indicator -> number of places stating it (any year), vocabulary order: the picker."""
    order = {k: i for i, k in enumerate(tr.indicators())}
    return dict(sorted(((k, len(v)) for k, v in idx.indicator_places.items()),
                       key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


@st.cache_resource(show_spinner="正在整理历年数据……", max_entries=8)
def _trend(version: str, indicator: str):
    """The panel and trend index of one indicator (built when it is first picked: a scan of the
    library's figures, not the whole panel)."""
    panel = pn.build_panel(index.panel_reports(idx, [indicator]), keys=[indicator])
    return panel, tr.build_trend_index(panel)


counts = _indicator_places(idx.version)


def _load_from_url() -> None:
    s = tr.decode_state(st.query_params.to_dict())
    if s.indicator not in counts:
        if s.indicator:
            s.notes.append(f"链接中的指标「{s.indicator}」在报告库中没有数据,已改用默认指标。")
        s.indicator = tr.DEFAULT_INDICATOR if tr.DEFAULT_INDICATOR in counts else next(iter(counts), None)
    s = tr.resolve_state(_trend(idx.version, s.indicator)[1], s) if s.indicator else s
    ss.tr_v = s
    ss.present = s.present
    ss.tr_loaded = idx.version
    for k in WIDGETS:
        ss.pop(k, None)


if not counts:
    st.title("趋势")
    st.info("报告库中还没有可以按年份排列的指标。请在「库」页面导入同一地区几个年份的政府工作报告。")
    st.stop()
if ss.get("tr_loaded") != idx.version:
    _load_from_url()
state: tr.TrendState = ss.tr_v
for wkey, value in (("tr_ind", state.indicator), ("tr_prov", state.province), ("tr_level", state.level),
                    ("tr_places", list(state.places or [])), ("tr_present_toggle", bool(ss.get("present")))):
    if wkey not in ss:
        ss[wkey] = value


def _on_indicator():
    ti_new = _trend(idx.version, ss.tr_ind)[1]
    keep = set(ti_new.by_indicator.get(ss.tr_ind, []))
    places = [p for p in ss.tr_places if p in keep]
    ss.tr_places = places or tr.default_places(ti_new, ss.tr_ind)
    ss.tr_v.slide = 1


def _on_present():
    ss.present = ss.tr_present_toggle
    ss.tr_v.slide = 1


def _exit_present():
    ss.present = ss.tr_present_toggle = False


def _slide(step: int):
    n = max(1, len(ss.tr_places))
    ss.tr_v.slide = (ss.tr_v.slide - 1 + step) % n + 1


present = bool(ss.get("present"))
if ss.tr_ind not in counts:
    ss.tr_ind = tr.DEFAULT_INDICATOR if tr.DEFAULT_INDICATOR in counts else next(iter(counts))
panel, ti = _trend(idx.version, ss.tr_ind)

head, body, pickers = presentation_layout(present, "指标、地区")

with pickers:
    c1, c2, c3, c4 = st.columns([2.4, 1.4, 1, 1])
    c1.selectbox("指标", list(counts), key="tr_ind", on_change=_on_indicator,
                 format_func=lambda k: f"{indicator_label(k)} · {counts[k]}地")
    provs = [ALL_PROV] + tr.provinces(ti, ss.tr_ind)
    if ss.tr_prov not in provs:
        ss.tr_prov = ALL_PROV
    c2.selectbox("先按省份筛选", provs, key="tr_prov", format_func=lambda p: p or "全部省份")
    if ss.tr_level not in LEVELS:
        ss.tr_level = ALL_LEVEL
    c3.selectbox("级别", LEVELS, key="tr_level", format_func=lambda lv: lv or "全部级别")
    c4.toggle("演示模式", key="tr_present_toggle", on_change=_on_present,
              help="大字号、隐藏侧栏、一屏一个地区,适合投影")
    options = tr.place_options(ti, ss.tr_ind, ss.tr_prov, ss.tr_level)
    known = set(ti.by_indicator.get(ss.tr_ind, []))
    ss.tr_places = [p for p in ss.tr_places if p in known]
    label = f"地区(可选 {len(options)} 个)"
    options, cut = tr.listed_places(ti, options, MAX_OPTIONS)  # a big library: 区县 after a filter
    if cut:
        label = f"地区(省、市级 {len(options)} 个;区县请先选省份或级别)"
    shown = list(dict.fromkeys(list(ss.tr_places) + options))  # the chosen stay pickable
    st.multiselect(label, shown, key="tr_places", placeholder="输入地名搜索,如“芜湖”",
                   help="可选多个地区,每个地区一幅小图")

indicator, places = ss.tr_ind, list(ss.tr_places)
span = tr.year_span(ti, indicator, places)
rows = [(p, tr.series(ti, indicator, p, span)) for p in places]
notes = list(ss.tr_v.notes)  # what the link asked for and the library lacks: said once
state = tr.TrendState(indicator, places, ss.tr_prov, ss.tr_level, present,
                      min(max(1, ss.tr_v.slide), max(1, len(places))))
ss.tr_v = state

with head:
    if present:
        h1, h2, h3, h4, h5 = st.columns([4.2, 1, 1.4, 1, 1], vertical_alignment="center")
        h1.html(f"<div class='present-title'>{indicator_label(indicator, False)} · 历年实绩与目标</div>")
        if places:
            h2.button("◀ 上一张", on_click=_slide, args=(-1,), width="stretch", key="tr_prev")
            h3.html(f"<div class='slide-no'>第 {state.slide} / {len(places)} 张</div>")
            h4.button("下一张 ▶", on_click=_slide, args=(1,), width="stretch", key="tr_next")
        h5.button("退出演示", on_click=_exit_present, width="stretch", key="tr_exit")
    else:
        st.title("趋势")
        st.caption("一个指标的历年实绩(折线)与目标(标记)。目标按完成情况着色:蓝为超额完成、绿为完成、"
                   "红为未完成、灰为未知;“以上”画向上箭头,“以内”画向下箭头,“左右”画完成区间的须线,"
                   "区间画色带。空心圆为预计数;没有报告的年份折线断开,不连线。悬停可看原文句子和来源文件。")
    for note in notes:
        st.warning(md(note))  # it quotes the URL

with body:
    if not places:
        st.info("请至少选择一个地区。")
    elif present:
        place, points = rows[state.slide - 1]
        st.plotly_chart(ct.trend_figure([(place, points)], indicator, ct.PRESENT), width="stretch",
                        key=f"tr_present_{state.slide}", theme=None,
                        config={"displaylogo": False, "displayModeBar": False})
    else:
        for place, points in rows:
            st.markdown(f"**{md(place)}**:{tr.summary(points, indicator)}", help="目标的完成情况按“计划与实绩”页的规则判断")
        if len(rows) > MAX_PANELS:
            st.caption(f"已选 {len(rows)} 个地区,图中只画前 {MAX_PANELS} 个;请减少地区或用下方表格。")
        look = ct.DARK if st.context.theme.type == "dark" else ct.LIGHT  # the chart draws its own colours
        st.plotly_chart(ct.trend_figure(rows[:MAX_PANELS], indicator, look), width="stretch", key="tr_chart",
                        theme=None, config={"displaylogo": False})
        with st.expander("明细表"):
            import pandas as pd

            st.dataframe(pd.DataFrame(trend_table(rows)), hide_index=True, width="stretch")

if not present:
    with st.expander("导出面板数据(Stata / R / pandas)", icon=":material/download:"):
        st.caption("每个地区×年份一行(宽表),或每个数值一行(长表)。报告之间不一致时,按“计划与实绩”的同一规则"
                   "只取一个值(正式数优先于预计数,较晚的报告优先);未采用的值和指标说明一并导出。"
                   "命令行:`python -m lib panel --out panel.dta`")
        e1, e2, e3 = st.columns(3)
        fmt = e1.selectbox("格式", list(pn.FORMATS), key="tr_fmt",
                           format_func=lambda f: {".csv": "CSV(UTF-8)", ".xlsx": "Excel", ".dta": "Stata 118",
                                                  ".parquet": "Parquet"}[f])
        shape = e2.radio("形状", ["wide", "long"], key="tr_shape", horizontal=True,
                         format_func=lambda s: {"wide": "宽表", "long": "长表"}[s])
        scope = e3.radio("范围", ["one", "all"], key="tr_scope", horizontal=True,
                         format_func=lambda s: {"one": "当前指标", "all": "全部指标"}[s])

        def _bytes():  # made on the click: the whole panel of a big library takes a while
            chosen = pn.build_panel(index.panel_reports(idx)) if scope == "all" else panel
            return pn.panel_bytes(chosen, fmt, wide=shape == "wide")[1]

        name = f"panel_{'all' if scope == 'all' else indicator}"
        st.download_button("下载面板数据", data=_bytes, key="tr_dl", on_click="ignore", icon=":material/download:",
                           file_name=f"{name}.xlsx" if fmt == ".xlsx" else f"{name}_{fmt[1:]}.zip")

params = tr.encode_state(state)
if params != st.query_params.to_dict():
    st.query_params.from_dict(params)

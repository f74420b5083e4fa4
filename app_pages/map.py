"""地图: one indicator, year and kind as a choropleth of the provinces, or of one province's
cities or counties; a click on a region puts its report on the list to compare on 对比.

Widgets and layout only: regions and figures are lib.charts.geo, the figure lib.charts.map.
"""
import streamlit as st

from lib.charts import map as charts_map

import app_state as dashdata

from lib.charts import geo as mapdata

from lib.present import urlstate

from lib.present import choices
from lib.present.labels import SECTION_CHOICES, indicator_label
from lib.model import PLAN, RESULT

ss = st.session_state
idx = dashdata.index()

# canonical copy -> widget key (a widget not on screen last run loses its state)
STATE = (("m_section", "map_section"), ("m_year", "map_year"), ("m_scope", "map_scope"),
         ("m_ind", "map_ind"), ("m_places", "map_places"))


def _load_from_url() -> None:
    q = st.query_params.to_dict()
    v = urlstate.decode(q, page="map")
    years = choices.year_options(idx, v.section)
    ss.m_section = v.section
    ss.m_year = v.year if v.year in years else choices.default_year(idx, v.section)
    ss.m_scope = (mapdata.parse_scope(q["scope"]) if "scope" in q else
                  mapdata.default_scope(idx, ss.m_section, ss.m_year)).key
    ss.m_ind = (v.indicators or [""])[0]
    known = set(choices.place_options(idx, ss.m_section, ss.m_year))
    ss.m_places = [p for p in (v.places or []) if p in known]
    ss.m_loaded = idx.version
    for _, w in STATE:
        ss.pop(w, None)


if ss.get("m_loaded") != idx.version:
    _load_from_url()
for canon, w in STATE:
    if w not in ss:
        ss[w] = ss[canon]


def _rows():
    return mapdata.map_rows(idx, ss.map_section, ss.map_year, ss.map_ind, mapdata.parse_scope(ss.map_scope))


def _on_section():
    ss.map_year = urlstate.shift_year(idx, ss.map_year, ss.m_section, ss.map_section)
    ss.m_section = ss.map_section
    _on_year()


def _on_year():
    # the list is of reports of one year: the same places in the new one (none if none report)
    kept = urlstate.carry_places(idx, ss.map_places, ss.map_section, ss.map_year) if ss.map_places else []
    names = {idx.info[k].place for k in ss.map_places if k in idx.info}
    ss.map_places = [k for k in kept if idx.info[k].place in names]


def _on_pick():
    """A click on a region adds its report to the list (regions without a report are skipped)."""
    points = (ss.get("map_chart") or {}).get("selection", {}).get("points", [])
    new = [g for g in mapdata.picked_groups(points, _rows()) if g not in ss.map_places]
    if new:
        ss.map_places = list(ss.map_places) + new
        ss.m_picked = new


present = bool(ss.get("present"))

if not idx.reports:
    st.title("地图")
    st.info("报告库中还没有报告。请到「库」页面上传政府工作报告(txt、docx、pdf 或 html)。")
    st.stop()

def _exit_present():
    ss.present = ss.present_toggle = False


if present:
    h1, h2 = st.columns([6, 1], vertical_alignment="center")
    h1.html("<div class='present-title'>地图</div>")
    h2.button("退出演示", on_click=_exit_present, width="stretch", key="map_exit_present")
else:
    st.title("地图")
    st.caption("一个指标、一个年份在地图上的分布:颜色越深数值越大;灰色为“未提及”(报告没有给出,不是零),"
               "浅色为报告库中没有该地的报告。点击地区,把它加入下方的对比清单。")
pickers = st.expander("调整选择(指标、年份、范围)", expanded=False) if present else st.container()
with pickers:
    c1, c2, c3, c4 = st.columns([1.1, 0.9, 1.5, 2.5])
    with c1:
        st.segmented_control("比较内容", [RESULT, PLAN], key="map_section", required=True,
                             format_func=SECTION_CHOICES.get, on_change=_on_section)
    years = choices.year_options(idx, ss.map_section)
    if ss.map_year not in years:
        ss.map_year = choices.default_year(idx, ss.map_section)
    with c2:
        st.selectbox("年份", years, key="map_year", format_func=lambda y: f"{y}年", on_change=_on_year,
                     placeholder="无可选年份")
    scopes = {s.key: s for s in mapdata.scope_options(idx, ss.map_section, ss.map_year)}
    if ss.map_scope not in scopes:
        ss.map_scope = mapdata.NATIONAL
    with c3:
        st.selectbox("范围", list(scopes), key="map_scope", format_func=lambda k: scopes[k].label,
                     help="全国各省,或某省的各市、各区县(只列出报告库中有相应报告的省份)")
    scope = scopes[ss.map_scope]
    inds = mapdata.indicator_options(idx, ss.map_section, ss.map_year, scope)
    if ss.map_ind not in inds:
        ss.map_ind = inds[0] if inds else None
    with c4:
        st.selectbox("指标", inds, key="map_ind", format_func=lambda k: indicator_label(k),
                     placeholder="该范围内没有报告给出指标", help="按给出该指标的地区数排列")

section, year, ind = ss.map_section, ss.map_year, ss.map_ind
ss.m_section, ss.m_year, ss.m_scope, ss.m_ind = section, year, scope.key, ind

if ind is None:
    st.info(f"{scope.label}:报告库中这一范围的报告没有给出{year}年{'实绩' if section == RESULT else '目标'}"
            "的指标。请换一个年份、范围或比较内容。")
else:
    theme = getattr(st.context.theme, "type", None) or "light"
    fig = charts_map.choropleth(_rows(), scope, ind, section, year, theme=theme, present=present)
    st.plotly_chart(fig, key="map_chart", on_select=_on_pick, selection_mode="points", theme=None,
                    alt=f"地图:{scope.label}{year}年{'实绩' if section == RESULT else '目标'} "
                        f"{indicator_label(ind, False)}",
                    config={"displaylogo": False, "scrollZoom": False, "displayModeBar": False})
    if ss.get("m_picked"):
        st.toast("已加入对比清单:" + "、".join(choices.place_label(idx, g).split(" · ")[0] for g in ss.m_picked))
        ss.m_picked = []

# ---- the list to compare ---------------------------------------------------------------
opts = choices.place_options(idx, section, year)
ss.map_places = [p for p in ss.map_places if p in set(opts)]
pc, pb = st.columns([5, 1.3], vertical_alignment="bottom")
with pc:
    st.multiselect("对比清单(点击地图上的地区加入)", opts, key="map_places",
                   format_func=lambda k: choices.place_label(idx, k), placeholder="点击地图上的地区,或输入地名")
places = list(ss.map_places)
ss.m_places = places
with pb:
    go_compare = st.button("在「对比」中查看", icon=":material/bar_chart:", disabled=not places,
                           width="stretch", type="primary", key="map_to_compare")
to_compare = urlstate.View(page="compare", section=section, year=year, places=places,
                           indicators=list(dict.fromkeys(([ind] if ind else []) + choices.default_indicators(
                               idx, section, year, places))))
if go_compare:
    ss.pop("v_loaded", None)  # 对比 reads its view from the URL it is opened with
    st.switch_page("app_pages/compare.py", query_params=urlstate.encode(to_compare))

# ---- the URL holds the view ------------------------------------------------------------
params = urlstate.encode(urlstate.View(page="map", section=section, year=year, places=places or None,
                                       indicators=[ind] if ind else None, present=present))
if scope.key != mapdata.NATIONAL:
    params["scope"] = scope.key
if params != st.query_params.to_dict():
    st.query_params.from_dict(params)

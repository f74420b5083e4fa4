"""计划与实绩: each target beside its result, completion across places, ambition, amplification.

Layout and widgets only; the logic is lib/analysis/pairs.py (on the library's columns:
lib/analysis/pairs_columns.py), what the tables, pickers and head figures show
lib/present/plan_tables.py, the figures lib/charts/pairs.py."""
import gc
from collections import OrderedDict

import pandas as pd
import streamlit as st

import app_state as dashdata
from lib.charts import style as chartstyle
from lib.charts import pairs as cp
from lib.analysis import pairs as pr
from lib.analysis.pairs_columns import PlanIndex, plan_index
from lib.present import plan_tables as tables_zh
from lib.present import export
from lib.present.format import format_share
from lib.present.escape import md
from app_pages.common import link_to_library


def plan_data() -> PlanIndex:
    """The page's index over the library's facts in columns (the one 对比 reads), built once per
    library version and kept on that version's shared index, so it goes when the index does."""
    idx = dashdata.index()
    def build() -> PlanIndex:
        with st.spinner("正在配对目标与实绩……"):
            made = plan_index(idx.table)
        gc.freeze()  # long-lived records: kept out of the collector's walks (see app_state._index)
        return made

    return idx.derived("plan_index", build)


def kept(key: tuple, build):
    """The chart or table for `key` (what it shows and the theme), built once and kept with the
    page's index (the last 64): a rerun that changes one picker redraws one chart, not four."""
    figs = data.memo.setdefault("figures", OrderedDict())
    if key in figs:
        figs.move_to_end(key)
    else:
        figs[key] = build()
        while len(figs) > 64:
            figs.popitem(last=False)
    return figs[key]


THEME = st.context.theme.type or "light"  # the charts colour what they draw themselves to match
CONFIG = chartstyle.plotly_config(image_button=True)

st.title("计划与实绩")
st.caption("每项年度目标与报告该年实绩的那份报告(通常是次年报告)配对,按限定词(以上、左右、以内、区间)"
           "和指标方向判断:超额完成、完成、未完成或未知。“左右”的完成区间为 ±0.5 个百分点(比率)或 ±2%(总量);"
           "“以内”为上限,不计超额;实绩写作“以上”“超”时按所写数计。")

try:
    data = plan_data()
except Exception as exc:  # a broken library must not blank the page
    st.error(md(f"读取报告库失败:{exc}"))
    st.stop()

counts = data.counts()
if not sum(counts.values()):
    st.info(f"已载入的 {data.reports} 份报告中还没有识别出年度目标。"
            "请在「库」页面导入报告;导入同一地区相邻两年的报告后,即可看到目标与实绩的对照。")
    link_to_library()
    st.stop()

head = tables_zh.tally(counts)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("目标", f"{head.targets} 项", help="已载入报告中的年度目标(同一地区、指标、年份只计一次)")
c2.metric("已有实绩", f"{head.judged} 项")
c3.metric("完成或超额", f"{head.done} 项")
c4.metric("未完成", f"{head.missed} 项")
c5.metric("完成率", format_share(head.rate), help="(完成+超额)÷已有实绩的目标")

# ---- completion across places ----------------------------------------------------------
st.subheader("各地完成情况")
completion = data.completion()
places = data.places_by_progress()
bars = tables_zh.completion_bars(completion, places)
if note := tables_zh.bars_note(bars, completion):
    st.caption(note)
st.plotly_chart(kept(("completion", THEME), lambda: cp.completion_chart(bars, theme=THEME)), width="stretch",
                key="completion_chart", config=CONFIG)
st.dataframe(kept(("completion_table",), lambda: pd.DataFrame(tables_zh.completion_table(completion))),
             hide_index=True, width="stretch",
             column_config={"完成率": st.column_config.TextColumn(help="(完成+超额)÷已有实绩的目标")})

# ---- one place: each target beside its result ----------------------------------------------
st.subheader("分地区:目标与实绩")
left, mid, right = st.columns([3, 2, 2])
place = left.selectbox("地区", places, key="plan_place", placeholder="请选择")
mine = data.pairs_for(place)
years = tables_zh.year_options(mine)
year = mid.selectbox("目标年份", years, key=f"plan_year_{place}",
                     index=years.index(pr.default_year(mine, place) or tables_zh.ALL_YEARS),
                     format_func=lambda y: y if isinstance(y, str) else f"{y}年", placeholder="请选择")
ind = right.selectbox("指标", tables_zh.indicator_options(mine), key=f"plan_ind_{place}", placeholder="请选择",
                      format_func=lambda k: k if k == tables_zh.ALL_INDICATORS else pr.label(k))
chosen = tables_zh.chosen_pairs(mine, year, ind)
st.markdown(tables_zh.trend_link(place, ind))
st.plotly_chart(kept(("bullet", place, year, ind, THEME),
                       lambda: cp.bullet_chart(chosen, f"{place}:目标与实绩", theme=THEME)), width="stretch",
                key="bullet_chart", config=CONFIG)
with st.expander("明细表与下载"):
    st.dataframe(pd.DataFrame(tables_zh.pair_table(chosen)), hide_index=True, width="stretch")
    # the file is made when the button is pressed (every pair of 10,000 reports takes seconds)
    st.download_button("下载全部配对(pairs.csv)", lambda: export.csv_bytes(
        (pr.PAIR_COLUMNS, [p.as_row() for p in data.all_pairs()])), file_name="pairs.csv", mime="text/csv")

# ---- ambition ------------------------------------------------------------------------
st.subheader("目标力度:今年目标与上年实绩")
choices = data.report_choices()
pick = st.selectbox("报告", choices, key=f"plan_ambition_{place}", index=tables_zh.report_default(choices, place),
                    format_func=lambda k: f"{k[0]} · {k[1]}年政府工作报告", placeholder="请选择")
amb = data.ambition_for(*pick)
st.plotly_chart(kept(("ambition", pick, THEME),
                       lambda: cp.ambition_chart(amb, f"{pick[0]}:{pick[1]}年目标与{pick[1] - 1}年实绩", theme=THEME)),
                width="stretch", key="ambition_chart", config=CONFIG)
st.dataframe(pd.DataFrame(tables_zh.ambition_table(amb)), hide_index=True, width="stretch")

# ---- top-down amplification ------------------------------------------------------------
st.subheader("层层加码:同一指标自上而下的目标")
options = data.amplification_options()
if not options:
    st.info("尚未载入同一指标、同一年份的上下级报告(例如某区、所在市、所在省和全国的同年报告),"
            "暂无法比较层层加码。")
else:
    opt = st.selectbox("指标与年份", options, key="plan_ampl",
                       format_func=lambda o: f"{o[1]}年 · {pr.label(o[0])}", placeholder="请选择")
    chain = kept(("ampl_rows", opt), lambda: data.amplification(*opt))
    drawn = tables_zh.chains_drawn(chain, place)
    if note := tables_zh.chains_note(drawn, chain):
        st.caption(note)
    st.plotly_chart(kept(("ampl", opt, place if len(drawn) < len(chain) else "", THEME),
                         lambda: cp.amplification_chart(drawn, theme=THEME)),
                    width="stretch", key="ampl_chart", config=CONFIG)
    st.dataframe(kept(("ampl_table", opt), lambda: pd.DataFrame(tables_zh.amplification_table(chain))),
                 hide_index=True, width="stretch")

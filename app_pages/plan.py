"""计划与实绩: each target beside its result, completion across places, ambition, amplification.

Layout and widgets only; the logic is lib/analysis/pairs.py (on the library's columns:
lib/analysis/pairs_columns.py), the figures lib/charts/pairs.py."""
import re
from urllib.parse import urlencode

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

MAX_COMPLETION_BARS = 40  # more place-years than this: the chart shows the most judged, the table all
MAX_CHAINS = 20  # more amplification chains than this: the chart shows these, the table all


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


def chains_drawn(rungs: list, place: str) -> list:
    """The rungs of the chains the chart draws: all, or MAX_CHAINS of them when there are more,
    those through the chosen place first (a province at 10,000 reports heads 2,000 chains)."""
    names = list(dict.fromkeys(r.chain for r in rungs))
    if len(names) <= MAX_CHAINS:
        return rungs
    through = {r.chain for r in rungs if r.place == place}
    keep = set(sorted(names, key=lambda c: c not in through)[:MAX_CHAINS])
    return [r for r in rungs if r.chain in keep]


def completion_bars(rows: list, places: list) -> list:
    """The place-years the chart draws: all of them, or those of the places with the most judged
    targets when there are more than MAX_COMPLETION_BARS."""
    if len(rows) <= MAX_COMPLETION_BARS:
        return rows
    rank = {p: i for i, p in enumerate(places)}
    return sorted(sorted(rows, key=lambda r: (rank.get(r.place, len(rank)), -(r.year or 0)))[:MAX_COMPLETION_BARS],
                  key=lambda r: (r.place, r.year or 0))


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
total = sum(counts.values())
if not total:
    st.info(f"已载入的 {data.reports} 份报告中还没有识别出年度目标。"
            "请在「库」页面导入报告;导入同一地区相邻两年的报告后,即可看到目标与实绩的对照。")
    link_to_library()
    st.stop()

done = counts[pr.MET] + counts[pr.EXCEEDED]
judged = total - counts[pr.UNKNOWN]
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("目标", f"{total} 项", help="已载入报告中的年度目标(同一地区、指标、年份只计一次)")
c2.metric("已有实绩", f"{judged} 项")
c3.metric("完成或超额", f"{done} 项")
c4.metric("未完成", f"{counts[pr.MISSED]} 项")
c5.metric("完成率", format_share(done / judged if judged else None), help="(完成+超额)÷已有实绩的目标")

# ---- completion across places ----------------------------------------------------------
st.subheader("各地完成情况")
completion = data.completion()
places = data.places_by_progress()
bars = completion_bars(completion, places)
if len(bars) < len(completion):
    st.caption(f"图中为已有实绩最多的地区的 {len(bars)} 个地区·年份(共 {len(completion)} 个,全部见下表)。")
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
years = ["全部年份"] + sorted({p.year for p in mine}, reverse=True)
year = mid.selectbox("目标年份", years, key=f"plan_year_{place}",
                     index=years.index(pr.default_year(mine, place) or "全部年份"),
                     format_func=lambda y: y if isinstance(y, str) else f"{y}年", placeholder="请选择")
place_inds = list(dict.fromkeys(p.indicator for p in mine))
ind = right.selectbox("指标", ["全部指标"] + place_inds, key=f"plan_ind_{place}", placeholder="请选择",
                      format_func=lambda k: k if k == "全部指标" else pr.label(k))
chosen = [p for p in mine if (year == "全部年份" or p.year == year) and (ind == "全部指标" or p.indicator == ind)]
trend_q = urlencode({"ind": ind if ind != "全部指标" else "gdp_growth", "places": place}, safe=",")
trend_label = re.sub(r"([\\`*_\[\]{}()<>#+.!|~-])", r"\\\1",
                     f"看{place}{'' if ind == '全部指标' else pr.label(ind)}的历年趋势")
st.markdown(f"[{trend_label} →](trends?{trend_q})")
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
same_place = [i for i, k in enumerate(choices) if k[0] == place]
pick = st.selectbox("报告", choices, key=f"plan_ambition_{place}", index=same_place[0] if same_place else 0,
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
    drawn = chains_drawn(chain, place)
    if len(drawn) < len(chain):
        st.caption(f"图中为 {len({r.chain for r in drawn})} 条链(含所选地区的在前),"
                   f"共 {len({r.chain for r in chain})} 条,全部见下表。")
    st.plotly_chart(kept(("ampl", opt, place if len(drawn) < len(chain) else "", THEME),
                         lambda: cp.amplification_chart(drawn, theme=THEME)),
                    width="stretch", key="ampl_chart", config=CONFIG)
    st.dataframe(kept(("ampl_table", opt), lambda: pd.DataFrame(tables_zh.amplification_table(chain))),
                 hide_index=True, width="stretch")

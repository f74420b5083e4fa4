"""计划与实绩: each target beside its result, completion across places, ambition, amplification.

Layout and widgets only; the logic is lib/analysis/pairs.py, the figures lib/charts/pairs.py."""
import re
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from lib.store import service as appdata

from lib.charts import style as chartstyle
from lib.charts import pairs as cp
from lib.analysis import pairs as pr
from lib.present import plan_tables as tables_zh
from lib.present import export
from lib.present.format import format_share
from lib.present.escape import md
from app_pages.common import link_to_library


@st.cache_data(max_entries=4, show_spinner="正在读取报告……")
def tables(version: str) -> dict:
    """Everything the page shows, computed once per library version (uploads, corrections)."""
    reports = appdata.load_reports()
    index = pr.amplification_index(reports)
    return {"reports": len(reports), "pairs": pr.pair_rows(reports),
            "ambition": pr.ambition_rows(reports), "options": list(index), "index": index}


THEME = st.context.theme.type or "light"  # the charts colour what they draw themselves to match
CONFIG = chartstyle.plotly_config(image_button=True)

st.title("计划与实绩")
st.caption("每项年度目标与报告该年实绩的那份报告(通常是次年报告)配对,按限定词(以上、左右、以内、区间)"
           "和指标方向判断:超额完成、完成、未完成或未知。“左右”的完成区间为 ±0.5 个百分点(比率)或 ±2%(总量);"
           "“以内”为上限,不计超额;实绩写作“以上”“超”时按所写数计。")

try:
    data = tables(appdata.data_version())
except Exception as exc:  # a broken library must not blank the page
    st.error(md(f"读取报告库失败:{exc}"))
    st.stop()

pairs = data["pairs"]
if not pairs:
    st.info(f"已载入的 {data['reports']} 份报告中还没有识别出年度目标。"
            "请在「库」页面导入报告;导入同一地区相邻两年的报告后,即可看到目标与实绩的对照。")
    link_to_library()
    st.stop()

judged = [p for p in pairs if p.status != pr.UNKNOWN]
rate = pr.overall_rate(pairs)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("目标", f"{len(pairs)} 项", help="已载入报告中的年度目标(同一地区、指标、年份只计一次)")
c2.metric("已有实绩", f"{len(judged)} 项")
c3.metric("完成或超额", f"{sum(p.status in (pr.MET, pr.EXCEEDED) for p in pairs)} 项")
c4.metric("未完成", f"{sum(p.status == pr.MISSED for p in pairs)} 项")
c5.metric("完成率", format_share(rate), help="(完成+超额)÷已有实绩的目标")

# ---- completion across places ----------------------------------------------------------
st.subheader("各地完成情况")
completion = pr.completion_rows(pairs, total=False)
st.plotly_chart(cp.completion_chart(completion, theme=THEME), width="stretch", key="completion_chart",
                config=CONFIG)
st.dataframe(pd.DataFrame(tables_zh.completion_table(completion)), hide_index=True, width="stretch",
             column_config={"完成率": st.column_config.TextColumn(help="(完成+超额)÷已有实绩的目标")})

# ---- one place: each target beside its result ----------------------------------------------
st.subheader("分地区:目标与实绩")
places = pr.places_by_progress(pairs)
left, mid, right = st.columns([3, 2, 2])
place = left.selectbox("地区", places, key="plan_place", placeholder="请选择")
years = ["全部年份"] + sorted({p.year for p in pairs if p.place == place}, reverse=True)
year = mid.selectbox("目标年份", years, key=f"plan_year_{place}",
                     index=years.index(pr.default_year(pairs, place) or "全部年份"),
                     format_func=lambda y: y if isinstance(y, str) else f"{y}年", placeholder="请选择")
place_inds = list(dict.fromkeys(p.indicator for p in pairs if p.place == place))
ind = right.selectbox("指标", ["全部指标"] + place_inds, key=f"plan_ind_{place}", placeholder="请选择",
                      format_func=lambda k: k if k == "全部指标" else pr.label(k))
chosen = [p for p in pairs if p.place == place and (year == "全部年份" or p.year == year)
          and (ind == "全部指标" or p.indicator == ind)]
trend_q = urlencode({"ind": ind if ind != "全部指标" else "gdp_growth", "places": place}, safe=",")
trend_label = re.sub(r"([\\`*_\[\]{}()<>#+.!|~-])", r"\\\1",
                     f"看{place}{'' if ind == '全部指标' else pr.label(ind)}的历年趋势")
st.markdown(f"[{trend_label} →](trends?{trend_q})")
st.plotly_chart(cp.bullet_chart(chosen, f"{place}:目标与实绩", theme=THEME), width="stretch",
                key="bullet_chart", config=CONFIG)
with st.expander("明细表与下载"):
    st.dataframe(pd.DataFrame(tables_zh.pair_table(chosen)), hide_index=True, width="stretch")
    csv = export.csv_bytes((pr.PAIR_COLUMNS, [p.as_row() for p in pairs]))
    st.download_button("下载全部配对(pairs.csv)", csv, file_name="pairs.csv", mime="text/csv")

# ---- ambition ------------------------------------------------------------------------
st.subheader("目标力度:今年目标与上年实绩")
ambition = data["ambition"]
choices = pr.report_choices(ambition)
same_place = [i for i, k in enumerate(choices) if k[0] == place]
pick = st.selectbox("报告", choices, key=f"plan_ambition_{place}", index=same_place[0] if same_place else 0,
                    format_func=lambda k: f"{k[0]} · {k[1]}年政府工作报告", placeholder="请选择")
amb = [r for r in ambition if (r.place, r.year) == pick]
st.plotly_chart(cp.ambition_chart(amb, f"{pick[0]}:{pick[1]}年目标与{pick[1] - 1}年实绩", theme=THEME),
                width="stretch", key="ambition_chart", config=CONFIG)
st.dataframe(pd.DataFrame(tables_zh.ambition_table(amb)), hide_index=True, width="stretch")

# ---- top-down amplification ------------------------------------------------------------
st.subheader("层层加码:同一指标自上而下的目标")
options = data["options"]
if not options:
    st.info("尚未载入同一指标、同一年份的上下级报告(例如某区、所在市、所在省和全国的同年报告),"
            "暂无法比较层层加码。")
else:
    opt = st.selectbox("指标与年份", options, key="plan_ampl",
                       format_func=lambda o: f"{o[1]}年 · {pr.label(o[0])}", placeholder="请选择")
    chain = pr.amplification_from(data["index"], *opt)
    st.plotly_chart(cp.amplification_chart(chain, theme=THEME), width="stretch", key="ampl_chart",
                    config=CONFIG)
    st.dataframe(pd.DataFrame(tables_zh.amplification_table(chain)), hide_index=True, width="stretch")

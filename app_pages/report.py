"""报告: one report — how its place and years were inferred (and a way to correct them),
its facts, and its cleaned text with every extracted figure highlighted and numbered.

The report's text is always html-escaped (lib.views.highlight_html) before it is shown.
"""
import streamlit as st

from lib import dashdata, views
from app_pages.common import link_to_library

ss = st.session_state
idx = dashdata.index()

st.title("报告")
if not idx.reports:
    st.info("报告库中还没有报告。请到「库」页面上传政府工作报告,或载入示例报告。")
    link_to_library()
    st.stop()

files = views.report_options(idx)
wanted = st.query_params.get("file", "")
if "rep_file" not in ss or ss.get("rep_url") != wanted:
    if wanted and wanted not in idx.reports:
        st.warning(f"链接中的报告「{wanted}」不在报告库中,已显示第一份报告。")
    ss.rep_file = wanted if wanted in idx.reports else files[0]
    ss.rep_url = wanted
if ss.rep_file not in idx.reports:
    ss.rep_file = files[0]

st.selectbox("选择报告", files, key="rep_file", format_func=lambda f: views.report_label(idx, f),
             placeholder="输入地名或文件名搜索")
file = ss.rep_file
if st.query_params.get("file") != file:
    st.query_params["file"] = file
ss.rep_url = file
r = idx.reports[file]
m = r.meta

left, right = st.columns([1, 1.4])
with left:
    st.subheader("基本信息")
    st.dataframe(views.meta_rows(r), hide_index=True, width="stretch", key="rep_meta",
                 height=35 * 17 + 3)
    conf = m.place_confidence or 0.0
    if m.place == "未知地区":
        st.warning("未能从正文判断出地区,请在下方修正。")
    elif conf < 0.6:
        st.warning(f"地区判断的置信度较低({conf:.0%}),请核对。")
    for w in r.warnings:
        st.warning(w)

    with st.expander("修正地区和年份", expanded=m.place == "未知地区"):
        with st.form("correct", border=False):
            c1, c2, c3 = st.columns(3)
            province = c1.text_input("省级", m.province, placeholder="如 浙江省")
            city = c2.text_input("地级", m.city, placeholder="如 宁波市")
            district = c3.text_input("县级", m.district, placeholder="如 鄞州区")
            c4, c5, c6 = st.columns(3)
            levels = ["", "国家", "省", "市", "区", "县"]
            level = c4.selectbox("级别", levels, index=levels.index(m.level) if m.level in levels else 0,
                                 format_func=lambda x: x or "(不详)", placeholder="请选择")
            review = c5.number_input("回顾年度", 1978, 2100, value=m.review_year, step=1, placeholder="如 2023")
            plan = c6.number_input("计划年度", 1978, 2100, value=m.plan_year, step=1, placeholder="如 2024")
            submitted = st.form_submit_button("保存修正", type="primary")
        if submitted:
            ok, msg = dashdata.save_correction(
                file, province=province.strip(), city=city.strip(), district=district.strip(), level=level,
                review_year=int(review) if review else None, plan_year=int(plan) if plan else None)
            notes = [("success" if ok else "error", msg)]
            if review and plan and plan != review + 1:
                notes.append(("warning", "计划年度通常是回顾年度的下一年,请核对。"))
            if ok:  # run again so the page (and every other page) reads the corrected report
                ss.rep_notes = notes
                st.rerun()
            for kind, text in notes:
                getattr(st, kind)(text)
        for kind, text in ss.pop("rep_notes", []):
            getattr(st, kind)(text)

with right:
    facts = views.report_facts(r)
    st.subheader(f"提取的指标({len(facts)} 项)")
    if facts.empty:
        st.info("这份报告中没有提取出指标。")
        focus = None
    else:
        sel = st.dataframe(facts, hide_index=True, width="stretch", key="rep_facts", on_select="rerun",
                           selection_mode="single-row", height=min(38 + 35 * len(facts), 420),
                           column_config={"#": st.column_config.NumberColumn(width="small"),
                                          "原文": st.column_config.TextColumn(width="large")})
        rows = sel.selection.rows if sel is not None else []
        focus = int(facts.iloc[rows[0]]["#"]) if rows else None
        st.caption("点选一行,下方原文中对应的数字会以红底标出;原文中数字右上角的编号即表中的 #。")
        if focus:
            st.markdown(f"**#{focus} 的原文**")
            st.html(f"<div class='report-text' style='max-height:none'>{views.excerpt_html(r, focus)}</div>")

st.subheader("原文(清洗后)")
st.caption("黄底为提取出的数字,虚线下划线为证据句;所有原文都按纯文本显示。")
st.html(f"<div class='report-text'>{views.highlight_html(r, focus)}</div>")

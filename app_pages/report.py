"""报告: one report — how its place and years were inferred (and a way to correct them),
its facts, and its cleaned text with every extracted figure highlighted and numbered.

The report's text is always html-escaped (lib.views.highlight_html) before it is shown.
"""
import streamlit as st

from lib import dashdata, views
from app_pages.common import correction_form, link_to_library

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

    with st.expander("修正地区、级别和年份", expanded=m.place == "未知地区"):
        vals = {k: "" if getattr(m, k) is None else str(getattr(m, k))
                for k in ("province", "city", "district", "level", "review_year", "plan_year")}
        if ss.get("rep_form_file") != file:  # another report: the form starts from its values
            for k in [k for k in ss if str(k).startswith("rep_fix_")]:
                del ss[k]
            ss.rep_form_file = file
        form = correction_form("rep_fix", vals)
        if form is not None:
            years = {k: form[k].strip() for k in ("review_year", "plan_year")}
            bad = [v for v in years.values() if v and not (v.isdigit() and len(v) == 4)]
            if bad:
                st.error(f"年份「{bad[0]}」无法识别,请填四位数字,如 2024。")
            else:
                review, plan = (int(years[k]) if years[k] else None for k in ("review_year", "plan_year"))
                ok, msg = dashdata.save_correction(
                    file, province=form["province"].strip(), city=form["city"].strip(),
                    district=form["district"].strip(), level=form["level"], review_year=review, plan_year=plan)
                notes = [("success" if ok else "error", msg)]
                if review and plan and plan != review + 1:
                    notes.append(("warning", "计划年份通常是回顾年份的下一年,请核对。"))
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

"""报告: one report — how its place and years were inferred (and a way to correct them),
its facts, and its cleaned text with every extracted figure highlighted and numbered.

The report's text is always html-escaped (lib.present.highlight.highlight_html) before it is shown.
"""
import streamlit as st

import app_state as dashdata
from lib.store import service as appdata

from lib.present import choices, highlight, tables
from lib.present.format import format_figure
from lib.present.labels import QUALIFIER_LABELS, indicator_sort_key, indicator_label
from lib.analysis import doubt as fd
from lib.store import anchors
from lib.store import corrections as fr
from lib.lang.vocab import indicators
from lib.model import PARSED, PLAN, QUALIFIERS, RESULT, SECTIONS
from lib.parse import explain
from lib.present.escape import md
from app_pages.common import correction_form, correction_notes, link_to_library, save_correction_form

ss = st.session_state
idx = dashdata.index()

st.title("报告")
if not idx.reports:
    st.info("报告库中还没有报告。请到「库」页面上传政府工作报告,或载入示例报告。")
    link_to_library()
    st.stop()

files = choices.report_options(idx)
wanted = st.query_params.get("file", "")
if "rep_file" not in ss or ss.get("rep_url") != wanted:
    if wanted and wanted not in idx.reports:
        st.warning(f"链接中的报告「{md(wanted)}」不在报告库中,已显示第一份报告。")
    ss.rep_file = wanted if wanted in idx.reports else files[0]
    ss.rep_url = wanted
if ss.rep_file not in idx.reports:
    ss.rep_file = files[0]

st.selectbox("选择报告", files, key="rep_file", format_func=lambda f: choices.report_label(idx, f),
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
    st.dataframe(tables.meta_rows(r), hide_index=True, width="stretch", key="rep_meta",
                 height=35 * 17 + 3)
    conf = m.place_confidence or 0.0
    if m.place == "未知地区":
        st.warning("未能从正文判断出地区,请在下方修正。")
    elif conf < 0.6:
        st.warning(f"地区判断的置信度较低({conf:.0%}),请核对。")
    for w in r.warnings:
        st.warning(md(w))

    with st.expander("修正地区、级别和年份", expanded=m.place == "未知地区"):
        vals = appdata.meta_form_values(m)
        if ss.get("rep_form_file") != file:  # another report: the form starts from its values
            for k in [k for k in ss if str(k).startswith("rep_fix_")]:
                del ss[k]
            ss.rep_form_file = file
        form = correction_form("rep_fix", vals)
        notes = None
        if form is not None:
            notes = save_correction_form(file, file, form)
            dashdata.refresh()
        correction_notes("rep_notes", notes)
        for kind, text in ss.pop("rep_notes", []):
            getattr(st, kind)(md(text))

IND_KEYS = sorted(indicators(), key=indicator_sort_key)
SECTION_ZH = {RESULT: "实绩", PLAN: "目标", "other": "其他"}


def fact_form_values(prefix: str, f=None) -> dict:
    """The figure's fields as widgets (indicator grouped by category); returns the values."""
    c1, c2 = st.columns([1.6, 1])
    ind = c1.selectbox("指标", IND_KEYS, index=IND_KEYS.index(f.indicator) if f and f.indicator in IND_KEYS else None,
                       format_func=indicator_label, key=f"{prefix}_ind", placeholder="输入指标名称搜索")
    sec = c2.selectbox("类型", SECTIONS, index=SECTIONS.index(f.section) if f and f.section in SECTIONS else 0,
                       format_func=SECTION_ZH.get, key=f"{prefix}_sec")
    c3, c4, c5 = st.columns(3)
    value = c3.text_input("数值", "" if f is None else format(f.value, ".12g"),
                          key=f"{prefix}_value", placeholder="如 6.5")
    unit = c4.text_input("单位", f.unit if f else "", key=f"{prefix}_unit", placeholder="如 % 或 亿元(空:指标的单位)")
    qual = c5.selectbox("限定", QUALIFIERS, index=QUALIFIERS.index(f.qualifier) if f and f.qualifier in QUALIFIERS else 0,
                        format_func=lambda q: QUALIFIER_LABELS.get(q) or "等于", key=f"{prefix}_qual")
    c6, c7, c8 = st.columns(3)
    high = c6.text_input("上限(区间)", "" if f is None or f.value_high is None else format(f.value_high, ".12g"),
                         key=f"{prefix}_high")
    default_year = (f.year if f else None) or (m.plan_year if sec == PLAN else m.review_year)
    year = c7.number_input("年份", 1949, 2100, value=default_year, step=1, key=f"{prefix}_year")
    est = c8.checkbox("预计数", bool(f.estimated) if f else False, key=f"{prefix}_est")
    out = dict(indicator=ind or "", section=sec, value=value, qualifier=qual, year=int(year) if year else None,
               estimated=est, value_high=high or None)
    if unit.strip() or f is not None:
        out["unit"] = unit
    return out


def fact_saved(ok: bool, msg: str, clear_selection: bool = False) -> None:
    """A success is kept to show (visibly, at the top of the facts) after the rerun that makes
    every page read the corrected report; a refusal is shown at once."""
    msg = md(msg)  # it may quote what the user typed
    if not ok:  # shown right here, beside the form, and nothing changed
        st.error(msg)
        return
    ss.rep_fact_notes = [("success", msg)]
    if clear_selection:
        ss.pop("rep_facts", None)
        ss.pop("rep_focus", None)
    st.rerun()


def lost_correction(c) -> None:
    """One lost correction: what it was, and re-anchor (at text the user gives), keep as 手工添加
    (with its old sentence) or drop.  Everything it quotes is the user's or the report's: escaped."""
    view = fr.describe_lost(c)
    was = view.former
    value = "数值未知" if was is None else format_figure(was.value, was.unit, was.qualifier,
                                                             was.value_high, was.estimated)
    st.markdown(f"**{md(view.action)}** {md(view.indicator)}:{md(value)}"
                + (f"({SECTION_ZH.get(was.section, '其他')} {was.year or ''})" if was is not None else ""))
    st.caption(f"原来指向「{md(view.figure or '—')}」,原句:{md(view.evidence[:200] or '—')}")
    key = f"rep_lost_{c.id}"
    snippet = st.text_input("在原文中重新找到它:填写数字所在的几个字", key=f"{key}_span",
                            placeholder="如 增长8.1%(从下方原文复制)")
    typed = st.text_input("数值(原值未知,保留时必填)", key=f"{key}_value") if was is None else ""
    b1, b2, b3 = st.columns(3)
    if b1.button("重新对应", key=f"{key}_reanchor", disabled=not snippet.strip()):
        span = anchors.find_span(r.text, snippet, near=c.anchor.start)
        if span is None:
            fact_saved(False, "未保存:原文中找不到这段文字")
        else:
            try:
                new = fr.reanchored(c, r.text, dashdata.parsed_facts(file), *span)
            except anchors.ReviewError as exc:
                fact_saved(False, f"未保存:{exc}")
            else:
                fact_saved(*dashdata.reattach_fact(file, c, new, "已重新对应到所选的数字"), clear_selection=True)
    if b2.button("保留为手工添加", key=f"{key}_keep", disabled=c.action == fr.REMOVE,
                 help="按原来的数字和原句保留为手工添加的指标"):
        try:
            new = fr.kept_as_added(c, {"value": typed} if str(typed).strip() else None)
        except anchors.ReviewError as exc:
            fact_saved(False, f"未保存:{exc}")
        else:
            fact_saved(*dashdata.reattach_fact(file, c, new, "已保留为手工添加的指标"), clear_selection=True)
    if b3.button("放弃", key=f"{key}_drop", help="删除这条修正"):
        fact_saved(*dashdata.undo_facts([c.id]))


with right:
    facts = tables.report_facts(r, by_doubt=ss.get("rep_by_doubt", False))
    corrections = dashdata.fact_corrections(file)
    st.subheader(f"提取的指标({len(facts)} 项)")
    for kind, text in ss.pop("rep_fact_notes", []):
        getattr(st, kind)(text)
        st.toast(text, icon="✅")  # also seen when the form is scrolled far below the message
    lost = [c for c in corrections if c.lost]
    if lost:
        with st.container(border=True, key="rep_lost_box"):
            st.warning(f"有 {len(lost)} 条人工修正在重新抽取后找不到对应的数字,未生效。请逐条处理:"
                       "重新对应到原文中的数字、保留为手工添加,或放弃。")
            for c in lost:
                lost_correction(c)
            if len(lost) > 1 and st.button("全部放弃", key="rep_drop_lost"):
                fact_saved(*dashdata.undo_facts([c.id for c in lost]))
    if facts.empty:
        st.info("这份报告中没有提取出指标。")
        focus = None
    else:
        st.toggle("疑点优先", key="rep_by_doubt", help="把解析器没有把握的数字排在前面")
        sel = st.dataframe(facts, hide_index=True, width="stretch", key="rep_facts", on_select="rerun",
                           selection_mode="single-row", height=min(38 + 35 * len(facts), 420),
                           column_config={"#": st.column_config.NumberColumn(width="small"),
                                          "疑点": st.column_config.TextColumn(width="medium"),
                                          "原文": st.column_config.TextColumn(width="large")})
        rows = tuple(sel.selection.rows) if sel is not None else ()
        if rows != ss.get("rep_table_rows"):  # a click in the table moves the picker below
            ss.rep_table_rows = rows
            ss.rep_focus = int(facts.iloc[rows[0]]["#"]) if rows and rows[0] < len(facts) else None
        nums = [int(x) for x in facts["#"]]
        if ss.get("rep_focus") not in nums:
            ss.rep_focus = None
        shown = dict(zip(nums, facts["指标"] + " " + facts["表述"]))
        focus = st.selectbox("核对或修正", [None] + nums, key="rep_focus", placeholder="点选表中一行,或在这里选",
                             format_func=lambda n: "(点选表中一行,或在这里选)" if n is None else f"#{n} {shown[n]}")
        st.caption("点选一行,下方原文中对应的数字会以红底标出;原文中数字右上角的编号即表中的 #。")
        if focus:
            st.markdown(f"**#{focus} 的原文**")
            st.html(f"<div class='report-text' style='max-height:none'>{highlight.excerpt_html(r, focus)}</div>")
            fact = highlight.numbered_fact(r, focus)
            if fact is not None:
                made_by = fr.correction_for(fact, corrections)
                with st.container(border=True, key="rep_review_box"):
                    st.markdown(f"**核对 #{focus}**:{fact.provenance or PARSED}"
                                + (f"(疑点:{';'.join(reasons)})" if (reasons := fd.doubt_reasons(fact, r.facts, m.level))
                                   else ""))
                    b1, b2, b3 = st.columns(3)
                    if b1.button("✓ 已核对", key="rep_check", disabled=fact.provenance != PARSED,
                                 help="数字与原文一致:标为已核对"):
                        fact_saved(*dashdata.save_fact(file, fr.FactCorrection(fr.CHECK, anchors.anchor_of(fact))))
                    if b2.button("删除此数字", key="rep_remove", help="原文中这个数字不是该指标(或不是指标)"):
                        if fact.provenance == fr.ADDED:
                            fact_saved(*dashdata.undo_facts([c.id for c in made_by]), clear_selection=True)
                        else:
                            fact_saved(*dashdata.save_fact(file, fr.FactCorrection(fr.REMOVE, anchors.anchor_of(fact))),
                                       clear_selection=True)
                    if made_by and b3.button("恢复解析结果", key="rep_restore",
                                             help="撤销对这个数字的人工修正"):
                        fact_saved(*dashdata.undo_facts([c.id for c in made_by]))
                    with st.form(f"rep_edit_{focus}", border=False):
                        values = fact_form_values(f"rep_edit_{focus}", fact)
                        save = st.form_submit_button("保存修改", type="primary")
                    if save:
                        try:
                            changes = fr.changed_fields(fact, values)
                        except anchors.ReviewError as exc:
                            fact_saved(False, f"未保存:{exc}")
                            changes = None
                        if changes == {}:
                            st.info("没有改动。")
                        elif changes and fact.provenance == fr.ADDED and made_by:
                            add = made_by[-1]
                            fact_saved(*dashdata.save_fact(file, fr.FactCorrection(
                                fr.ADD, add.anchor, {**add.changes, **changes}, id=add.id)))
                        elif changes:
                            fact_saved(*dashdata.save_fact(file, fr.FactCorrection(fr.EDIT, anchors.anchor_of(fact), changes)))
                whys = explain.explain_at(dashdata.report_doc(file, r.text), fact.fig_start)
                st.markdown("**解析器对这句话中每个数字的判断**")
                st.dataframe(explain.table_rows(whys), hide_index=True, width="stretch", key="rep_why_focus")

    with st.expander("添加指标(解析器漏掉的数字)", expanded=bool(ss.get("rep_add_open"))):
        st.caption("从下方原文复制数字所在的几个字(如“增长6.5%”或“2.3万人以上”),选好指标并填写数值。")
        with st.form("rep_add", border=False):
            snippet = st.text_input("原文中的文字", key="rep_add_span", placeholder="如 新增城镇就业2.3万人以上")
            add_values = fact_form_values("rep_add")
            add = st.form_submit_button("添加指标", type="primary")
        if add:
            ss.rep_add_open = True
            span = anchors.find_span(r.text, snippet)
            if span is None:
                fact_saved(False, "未添加:原文中找不到这段文字" if snippet.strip() else "未添加:请先填写原文中的文字")
            else:
                if not str(add_values["value"]).strip():
                    add_values["value"] = fr.first_number(snippet)
                try:
                    anchor = anchors.anchor_for_span(r.text, *span)
                except anchors.ReviewError as exc:
                    fact_saved(False, f"未添加:{exc}")
                else:
                    fact_saved(*dashdata.save_fact(file, fr.FactCorrection(fr.ADD, anchor, add_values)),
                               clear_selection=True)  # the rows after it are numbered anew

st.subheader("为什么有或没有某个数字")
st.caption("选一个指标,或输入原文中的几个字:列出相关句子里的每个数字,以及解析器保留或舍弃它的原因。")
c1, c2 = st.columns([1, 1.4])
inds = indicators()
why_ind = c1.selectbox("指标", [""] + list(inds), key="rep_why_ind",
                       format_func=lambda k: inds[k].label if k else "(不限)")
why_near = c2.text_input("原文中的文字", key="rep_why_near", placeholder="如 生产总值 或 增长7%")
if why_ind or why_near.strip():
    doc = dashdata.report_doc(file, r.text)
    whys = explain.explain(doc, why_ind or None, why_near.strip() or None)
    silent = explain.silent_sentences(doc, why_ind or None, why_near.strip() or None)
    if whys:
        st.dataframe(explain.table_rows(whys), hide_index=True, width="stretch", key="rep_why_table",
                     column_config={"句子": st.column_config.TextColumn(width="large")})
    if silent:
        st.markdown(f"另有 {len(silent)} 句提到它,但句中没有解析器能用的数字:")
        for sent in silent[:5]:
            st.text(sent.text)
    if not whys and not silent:
        st.info("这份报告里没有找到相关的句子。")

st.subheader("原文(清洗后)")
st.caption("黄底为提取出的数字,虚线下划线为证据句;所有原文都按纯文本显示。")
st.html(f"<div class='report-text'>{highlight.highlight_html(r, focus)}</div>")

"""库: the user's report library.  Widgets and layout only; logic in lib.store.service / lib.store.library."""
import datetime as dt

import streamlit as st

from app_pages.common import correction_form, correction_notes, save_correction_form
from lib.store import service as appdata
from lib.present import tables
from lib.limits import MAX_FILE_MB
from lib.store.archive import MAX_LIBRARY_ZIP_MB
from lib.limits import MAX_FILE_BYTES, human_size
from lib.present.escape import md

ss = st.session_state
ss.setdefault("lib_undo", [])  # soft-deleted ids of this session, newest batch last
ss.setdefault("lib_upload_gen", 0)


def progress_into(bar, verb: str):
    def update(done: int, total: int, name: str) -> None:
        frac = done / total if total else 1.0
        bar.progress(frac, text=f"{verb}「{md(name)}」({done + 1}/{total})" if name else f"{verb}完成")
    return update


def remember(results, title: str, counts: bool = True) -> None:
    """Keep a batch's outcome to show after the rerun."""
    ss["lib_results"] = (title, results, counts)


def notice(title: str, file: str, message: str, status: str = "added") -> None:
    remember([appdata.AddResult(file, status, message)], title, counts=False)


def _sample_button(where: str) -> None:
    """载入示例报告: the five example reports back, also after they were deleted in an earlier
    session (undo only reaches this session's deletions)."""
    if st.button("载入示例报告", key=f"lib_samples_{where}", icon=":material/library_add:",
                 help="把 5 份示例政府工作报告加入报告库;已在库中的不会重复加入"):
        bar = st.progress(0.0, text="正在载入示例报告…")
        remember(appdata.load_samples(progress=progress_into(bar, "正在抽取")), "载入示例报告")
        st.rerun()


st.title("报告库")
st.caption(f"加入的报告保存在本机的报告库中(单个文件不超过 {MAX_FILE_MB} MB)。"
           "相同内容不会重复保存;同一地区同一年份的不同文件会保留并标注。")

problem = appdata.library_problem()
if problem:
    st.error(md(problem))
    st.info(f"报告库文件:{md(appdata.db_path())}。可设置环境变量 GOVREPORT_DB 指向另一个文件;"
            "其他页面暂时使用示例报告。")
    st.stop()

if "lib_results" in ss:
    title, results, counts = ss.pop("lib_results")
    with st.container(border=True, key="lib_results_box"):
        if counts:
            st.markdown(f"**{title}:{appdata.summarise(results)}**")
        # an added report with an unknown place, no years or no figures is not a plain success
        doubts = appdata.upload_warnings(results) if title in ("上传", "粘贴", "导入") else {}
        for r in results:
            if r.file in doubts:
                st.warning(f"{md(r.message)};但{'、'.join(doubts[r.file])},请到报告页核对。")
                st.page_link("app_pages/report.py", label=f"打开「{r.file}」的报告页", icon=":material/description:",
                             query_params={"file": r.file})
            else:
                {"added": st.success, "duplicate": st.info}.get(r.status, st.error)(md(r.message))

entries = appdata.entries()
c1, c2, c3, c4 = st.columns(4)
c1.metric("报告", len(entries))
c2.metric("指标", sum(e.meta.facts for e in entries))
c3.metric("地区", len({e.meta.place for e in entries if e.meta.place != "未知地区"}))
c4.metric("同地同年标注", sum(1 for e in entries if e.same_place_year))

def refuse_too_big(files: list) -> list:
    """The files within MAX_FILE_MB; each one over it is named in a Chinese error."""
    for f in files:
        if f.size > MAX_FILE_BYTES:
            st.error(f"「{md(f.name)}」有 {human_size(f.size)},超过单个文件 {MAX_FILE_MB} MB 的上限,不会加入报告库。",
                     icon=":material/block:")
    return [f for f in files if f.size <= MAX_FILE_BYTES]


add_tab, paste_tab, whole_tab = st.tabs(["上传文件", "粘贴文本", "导入 / 导出整个库"])
with add_tab:
    files = st.file_uploader("选择报告文件(可多选:txt、docx、pdf、html;也可上传 zip,或每行一份报告的表格:"
                             "csv、tsv、jsonl、xlsx、dta、parquet)", accept_multiple_files=True,
                             key=f"lib_upload_{ss['lib_upload_gen']}")
    # the browser takes anything up to the server's limit (config.toml: the library zip's); the one
    # limit a report has is ours, said here in Chinese with the file's name
    files = refuse_too_big(files or [])
    if st.button("加入报告库", type="primary", disabled=not files, key="lib_add"):
        bar = st.progress(0.0, text="正在抽取…")
        from lib.store import importing as ci  # tables (one report a row) and zips: every core

        corpus = [f for f in files if ci.is_corpus_source(f.name)]
        results = appdata.add_files([(f.name, f.getvalue()) for f in files if f not in corpus],
                                    progress=progress_into(bar, "正在抽取"))
        if corpus:
            more, _ = ci.import_uploads(appdata.library(), [(f.name, f.getvalue()) for f in corpus],
                                        progress=progress_into(bar, "正在抽取"))
            results += more
        remember(results, "上传")
        ss["lib_upload_gen"] += 1
        st.rerun()

with paste_tab:
    pasted = st.text_area("粘贴报告全文", height=200, key="lib_paste_text",
                          placeholder="把政府工作报告的全文粘贴到这里")
    pname = st.text_input("名称(可选)", key="lib_paste_name", placeholder="如:某市2024年政府工作报告")
    if st.button("加入粘贴的文本", type="primary", key="lib_paste_add"):
        with st.spinner("正在抽取…"):
            remember([appdata.add_pasted(pasted or "", pname or "")], "粘贴")
        st.rerun()

with whole_tab:
    _sample_button("tab")
    st.download_button("导出整个库(.zip,含原始文件)", data=appdata.export_library,
                       file_name=f"报告库-{dt.date.today():%Y%m%d}.zip", mime="application/zip",
                       key="lib_export_zip")
    bundle = st.file_uploader("导入库文件(.zip),已有的报告不会重复添加", type=["zip"], key="lib_import",
                              max_upload_size=MAX_LIBRARY_ZIP_MB)
    if st.button("导入", disabled=bundle is None, key="lib_import_go"):
        bar = st.progress(0.0, text="正在导入…")
        remember(appdata.import_library(bundle.getvalue(), bundle.name, progress=progress_into(bar, "正在导入")),
                 "导入")
        st.rerun()

st.subheader("库中的报告")
if not entries:
    st.info("报告库是空的:上传文件、粘贴文本,或载入示例报告。")
    _sample_button("empty")
else:
    q1, q2, q3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    query = q1.text_input("搜索", key="lib_search", placeholder="文件名、地区或年份,如“宁波 2024”")
    rows = tables.search_rows(appdata.entries_frame(entries), query)
    per_page = q2.selectbox("每页", [25, 50, 100, 200], key="lib_per_page", format_func=lambda n: f"{n} 行")
    pages = max(1, -(-len(rows) // per_page))
    page = q3.number_input(f"页码(共 {pages} 页)", 1, pages, key="lib_page") if pages > 1 else 1
    shown, page, pages = tables.page_of(rows, page, per_page)
    st.caption(f"共 {len(entries)} 份报告" + (f",符合搜索的 {len(rows)} 份" if query else "")
               + (f";第 {page}/{pages} 页" if pages > 1 else ""))
    st.dataframe(shown, hide_index=True, height=38 + 35 * max(1, len(shown)),
                 width="stretch", key="lib_table",
                 column_config={
                     "地名把握": st.column_config.ProgressColumn("地名把握", min_value=0.0, max_value=1.0,
                                                             format="%.2f", help="地区识别的把握程度;1.00 为人工修正"),
                     "回顾年份": st.column_config.NumberColumn(format="%d"),
                     "计划年份": st.column_config.NumberColumn(format="%d"),
                     "同地同年": st.column_config.TextColumn(help="库中同一地区、同一年份的其他报告", width="medium"),
                 })

    labels = {e.id: f"{e.id} · {e.file} · {e.meta.place}" for e in entries}
    chosen = st.multiselect("选择报告", options=list(labels), format_func=labels.get, key="lib_chosen",
                            placeholder="选择要删除或重新抽取的报告")
    b1, b2, _ = st.columns([1, 1, 3])
    if b1.button("删除所选", disabled=not chosen, key="lib_delete"):
        names = appdata.delete_reports(chosen)
        ss["lib_undo"].append(list(chosen))
        ss.pop("lib_chosen", None)
        remember([appdata.AddResult(n, "duplicate", f"已删除「{n}」,可撤销") for n in names], "删除", counts=False)
        st.rerun()
    if b2.button("重新抽取所选", disabled=not chosen, key="lib_reextract"):
        bar = st.progress(0.0, text="正在重新抽取…")
        remember(appdata.reextract(chosen, progress=progress_into(bar, "正在重新抽取")), "重新抽取")
        st.rerun()

if ss["lib_undo"]:
    last = ss["lib_undo"][-1]
    if st.button(f"撤销删除({len(last)} 份)", key="lib_undo_btn"):
        names = appdata.restore_reports(ss["lib_undo"].pop())
        remember([appdata.AddResult(n, "added", f"已恢复「{n}」") for n in names], "撤销删除", counts=False)
        st.rerun()

if entries:
    st.subheader("修正元数据")
    st.caption("自动识别有误或文本匿名时,在这里修正地区、级别和年份;与识别结果相同的值不作为修正保存。")
    by_id = {e.id: e for e in entries}
    target = st.selectbox("要修正的报告", options=list(by_id), format_func=labels.get, key="lib_edit_target", placeholder="请选择")
    e = by_id[target]
    vals = appdata.form_values(e)
    note = ""
    if e.inferred is not None:
        m = e.inferred
        note = (f"自动识别:{m.place} {m.level or '级别未知'},回顾 {m.review_year or '?'} 年,"
                f"计划 {m.plan_year or '?'} 年(地名把握 {m.place_confidence:.2f})"
                + (f";依据:{m.place_evidence[:40]}" if m.place_evidence else ""))
    form = correction_form(f"lib_f_{target}", vals, md(note))
    notes = save_correction_form(e.id, e.file, form) if form is not None else None
    correction_notes("lib_fix_notes", notes)
    if e.corrected and st.button("恢复自动识别的结果", key="lib_clear"):
        appdata.clear_corrections(e.id)
        notice("修正", e.file, f"已清除对「{e.file}」的修正,恢复自动识别的结果")
        st.rerun()

    st.subheader("指标核对情况")
    st.caption("每份报告的主要指标中有疑点的、尚未核对的,以及有该部分却没有提取到的主要指标;"
               "到报告页逐个核对、修正、删除或添加。")
    st.dataframe(appdata.review_rows(), hide_index=True, width="stretch", key="lib_review")

    st.subheader("在 Excel 中核对指标")
    st.caption("下载全部指标(含编号、核对状态、疑点和原文),在 Excel 中改数值、删行、加行或把「核对」改为"
               "「已核对」,再上传:修改会作为人工修正保存,重新抽取后仍然有效。")
    x1, x2 = st.columns([1, 2])
    x1.download_button("下载指标核对表(.xlsx)", data=appdata.export_facts_workbook,
                       file_name=f"指标核对-{dt.date.today():%Y%m%d}.xlsx", key="lib_facts_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    edited = x2.file_uploader("上传修改后的指标核对表", type=["xlsx"], key=f"lib_facts_up_{ss['lib_upload_gen']}",
                              max_upload_size=MAX_LIBRARY_ZIP_MB)
    if st.button("导入修改", disabled=edited is None, key="lib_facts_import"):
        report = appdata.import_facts_workbook(edited.getvalue())
        ss["lib_facts_report"] = report.lines() if not report.error else [report.summary()]
        ss["lib_facts_ok"] = report.ok
        ss["lib_upload_gen"] += 1
        st.rerun()
    if "lib_facts_report" in ss:
        lines = ss.pop("lib_facts_report")
        ok = ss.pop("lib_facts_ok", False)
        with st.container(border=True, key="lib_facts_report_box"):
            (st.success if ok else st.warning)(md(lines[0]))
            for line in lines[1:]:  # they quote file names and report text: shown inert
                (st.error if line.startswith("拒绝") else st.markdown)(md(line))

    st.subheader("导出表格")
    fmt = st.radio("格式", ["Excel", "CSV"], horizontal=True, key="lib_fmt")
    ext, mime = (("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                 if fmt == "Excel" else ("csv", "text/csv"))
    d1, d2, _ = st.columns([1, 1, 3])
    d1.download_button(f"下载指标表(.{ext})", data=lambda: appdata.export_table("facts", ext),
                       file_name=f"指标.{ext}", mime=mime, key="lib_dl_facts")
    d2.download_button(f"下载报告表(.{ext})", data=lambda: appdata.export_table("reports", ext),
                       file_name=f"报告.{ext}", mime=mime, key="lib_dl_reports")

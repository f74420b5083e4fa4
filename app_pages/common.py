"""Widgets more than one page shows (not a page itself: app.py lists the pages)."""
import streamlit as st


def presentation_layout(present: bool, what: str):
    """The (head, body, pickers) containers of a page with a presentation mode (对比, 趋势), in
    order head, pickers, body; presenting, the pickers go under the body (the chart), folded in
    an expander labelled 调整选择(`what`)."""
    head = st.container()
    if present:  # the chart first, the pickers folded away under it
        body = st.container()
        pickers = st.expander(f"调整选择({what})", expanded=False)
    else:
        pickers = st.container()
        body = st.container()
    return head, body, pickers


def link_to_library(label: str = "前往「库」加入报告") -> None:
    """An empty page points to where reports are added (or the examples loaded again)."""
    try:
        st.page_link("app_pages/library.py", label=label, icon=":material/folder_open:")
    except Exception:  # the page run on its own (tests), outside the app's navigation
        st.markdown(f"[{label}](library)")


# The one correction form (报告 and 库 both show it): the same fields under the same labels.
PLACE_FIELDS = (("province", "省(自治区、直辖市)", "如 浙江省"), ("city", "市(州)", "如 宁波市"),
                ("district", "区(县、县级市)", "如 鄞州区"))
YEAR_FIELDS = (("review_year", "回顾年份", "如 2023"), ("plan_year", "计划年份", "如 2024"))


def correction_form(key: str, vals: dict, note: str = "") -> dict | None:
    """Place, level and years of a report, prefilled with `vals` (strings); the values as typed
    when 保存修正 is pressed, else None.  Widget keys are f"{key}_{field}"."""
    from lib.model import LEVELS

    with st.form(key, border=False):
        out = {}
        for col, (k, label, hint) in zip(st.columns(3), PLACE_FIELDS):
            out[k] = col.text_input(label, vals.get(k, ""), key=f"{key}_{k}", placeholder=hint)
        g1, g2, g3 = st.columns(3)
        opts = ["", *LEVELS]
        level = vals.get("level", "")
        out["level"] = g1.selectbox("级别", opts, index=opts.index(level) if level in opts else 0,
                                    format_func=lambda x: x or "(未知)", key=f"{key}_level")
        for col, (k, label, hint) in zip((g2, g3), YEAR_FIELDS):
            out[k] = col.text_input(label, vals.get(k, ""), key=f"{key}_{k}", placeholder=hint)
        if note:
            st.caption(note)
        saved = st.form_submit_button("保存修正", type="primary", key=f"{key}_save")
    return out if saved else None


def correction_notes(key: str, notes: list[tuple[str, str]] | None = None) -> None:
    """Show a save's notes; a save that stored something reruns first (every widget and page then
    reads the corrected report) and shows them after, from st.session_state[key]."""
    if notes and notes[0][0] != "error":
        st.session_state[key] = notes
        st.rerun()
    for kind, text in (notes or []) + st.session_state.pop(key, []):
        getattr(st, kind)(text)


def save_correction_form(file_or_id, name: str, form: dict) -> list[tuple[str, str]]:
    """The one way either page saves the correction form (lib.store.service.save_form_correction:
    a field left as shown is not a correction).  Returns the notes to show, as (kind, text) with
    kind a Streamlit call (success / info / warning / error); the name is escaped here."""
    from lib.present.escape import md
    from lib.store import service as appdata
    from lib.store.records import LibraryError

    try:
        e, changes = appdata.save_form_correction(file_or_id, form)
    except LibraryError as exc:
        return [("error", md(f"「{name}」的修正未保存:{exc}"))]
    if not changes:
        return [("info", md(f"「{name}」没有改动,未保存修正。"))]
    notes = [("success", md(f"已保存修正:「{name}」,所有页面已更新。"))]
    review, plan = e.meta.review_year, e.meta.plan_year
    if review and plan and plan != review + 1:
        notes.append(("warning", "计划年份通常是回顾年份的下一年,请核对。"))
    return notes

"""Widgets more than one page shows (not a page itself: app.py lists the pages)."""
import streamlit as st


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

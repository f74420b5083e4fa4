"""Widgets more than one page shows (not a page itself: app.py lists the pages)."""
import streamlit as st


def link_to_library(label: str = "前往「库」加入报告") -> None:
    """An empty page points to where reports are added (or the examples loaded again)."""
    try:
        st.page_link("app_pages/library.py", label=label, icon=":material/folder_open:")
    except Exception:  # the page run on its own (tests), outside the app's navigation
        st.markdown(f"[{label}](library)")

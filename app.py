"""政报对比 — Streamlit entry point.  Layout and widgets only; logic lives in lib/."""
import time

import streamlit as st

import app_state as dashdata

dashdata.open_library_early()  # before the pages' imports (pandas), which it overlaps
from lib.present import css as ui  # noqa: E402

_t0 = time.perf_counter()
# the tab icon is a PNG drawn by ui.favicon_png (an emoji costs ~0.5 s of CPU on the first render,
# a Material icon a request to fonts.gstatic.com; see lib/present/labels.py SECTION_CHOICES)
st.set_page_config(page_title="政报对比", page_icon=ui.favicon_png(), layout="wide")

pages = [
    st.Page("app_pages/compare.py", title="对比", icon=":material/bar_chart:", url_path="compare", default=True),
    st.Page("app_pages/plan.py", title="计划与实绩", icon=":material/flag:", url_path="plan"),
    st.Page("app_pages/trends.py", title="趋势", icon=":material/show_chart:", url_path="trends"),
    st.Page("app_pages/map.py", title="地图", icon=":material/map:", url_path="map"),
    st.Page("app_pages/report.py", title="报告", icon=":material/description:", url_path="report"),
    st.Page("app_pages/library.py", title="库", icon=":material/folder_open:", url_path="library"),
    st.Page("app_pages/themes.py", title="主题", icon=":material/label:", url_path="themes"),
]
# 演示模式 (toggle on 对比, or ?present=1): no sidebar or navigation, large type, high contrast
present = st.session_state.get("present", st.query_params.get("present") in ("1", "true"))
st.session_state.setdefault("present", present)
nav = st.navigation(pages, position="hidden" if present else "sidebar")
st.html(ui.base_css() + (ui.present_css(st.context.theme.type or "light") if present else ""))
st.html(ui.zh_js(), unsafe_allow_javascript=True)  # Streamlit's own English that CSS cannot reach
# a newer parser: the library's older extractions are redone here, once, before any page reads
# (pages and lib.store.service only read)
stale = dashdata.stale_count()
if stale:
    bar = st.progress(0.0, text=f"解析器已更新,正在重新抽取 {stale} 份报告…")
    dashdata.refresh_stale(progress=lambda done, total, name: bar.progress(done / total if total else 1.0,
                           text=f"正在重新抽取({done + 1}/{total})"))
    bar.empty()
try:
    nav.run()
finally:  # server time of this run, read by bench/bench_dashboard.py
    st.session_state["_server_ms"] = (time.perf_counter() - _t0) * 1000

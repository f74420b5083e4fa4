"""The dashboard's cached accessor over lib.store.service (the only data source of the pages).

The index is built once per library version and shared by every session
(`st.cache_resource`: no copy on each rerun, so a rerun over 1,000 reports stays cheap).
`GOVREPORT_SYNTH=N` loads N synthetic reports instead (tests.support.synth) for demos,
benchmarks and browser tests.
"""
from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

import streamlit as st

from lib.store import service as appdata

if TYPE_CHECKING:
    from lib.present.index import DashIndex


def open_library_early() -> None:
    """Start opening the library (its check of the whole file) while the page's code is still
    being imported: lib.store.service.open_in_background.  Not for synthetic data."""
    if not os.environ.get("GOVREPORT_SYNTH", "").strip():
        appdata.open_in_background()


def library_version() -> str:
    """appdata.data_version() when the library provides one (changes on upload/correction)."""
    synth = os.environ.get("GOVREPORT_SYNTH", "").strip()
    if synth:
        return f"synth:{synth}"
    fn = getattr(appdata, "data_version", None)
    try:
        return str(fn()) if callable(fn) else "seeds"
    except Exception:  # a broken version probe must not take the page down
        return "unknown"


def _load() -> tuple:
    """(reports, their facts in columns or None to put them in columns from the reports)."""
    synth = os.environ.get("GOVREPORT_SYNTH", "").strip()
    if synth:
        from tests.support.synth import synth_reports

        return synth_reports(int(synth)), None
    reports = appdata.load_reports()  # each report's Facts are built only when a page reads them
    table = appdata.fact_table()
    files = {r.meta.file for r in reports}
    if len(table.metas) > len(files) or any(m.file not in files for m in table.metas):
        table = None  # the library changed between the two reads: one consistent source
    return reports, table


@st.cache_resource(show_spinner="正在载入报告库……", max_entries=2)
def _index(version: str) -> DashIndex:
    from lib.present.index import build_index  # pandas: imported while the library opens

    reports, table = _load()
    idx = build_index(reports, version, table)
    # The library's reports and the index are millions of long-lived objects: left in the
    # collector's generations, every full collection a rerun triggers walks them all (10,000
    # reports: a rerun 2-3x slower).  Frozen, the collector skips them; they are still freed by
    # reference counting when the cache drops this index.
    gc.freeze()
    return idx


def index() -> DashIndex:
    return _index(library_version())


@st.cache_resource(show_spinner="正在分析这份报告……", max_entries=4)
def _doc(version: str, file: str, text: str):
    return appdata.report_doc(file, fallback_text=text)


def report_doc(file: str, text: str = ""):
    """The parser's Doc of one report (every candidate figure and its decision), cached."""
    return _doc(library_version(), file, text)


def refresh() -> None:
    """Forget the cached index (after an upload or a correction)."""
    _index.clear()


def _write(action, done, failed: str = "未保存") -> tuple[bool, str]:
    """Run one write through lib.store.service and forget the cached index when it worked, so
    every page shows the change at once.  Returns (ok, Chinese message): `done` (or done(result)
    when it is a function) after a write, "{failed}:{why}" when it was refused."""
    try:
        result = action()
    except Exception as exc:
        return False, f"{failed}:{exc}"
    refresh()
    return True, done(result) if callable(done) else done


def save_fact(file: str, correction) -> tuple[bool, str]:
    """Store a person's correction of one figure (lib.store.corrections.FactCorrection)."""
    from lib.store.corrections import ACTION_LABELS

    what = {"check": "已标为“已核对”", "remove": "已删除这个数字", "add": "已添加指标",
            "edit": "已保存修正"}.get(correction.action, ACTION_LABELS.get(correction.action, "已保存"))
    return _write(lambda: appdata.save_fact_correction(file, correction), f"{what},所有页面已更新。")


def reattach_fact(file: str, lost, new, done: str) -> tuple[bool, str]:
    """Re-attach a lost fact correction (found again at a picked span, or kept as 手工添加);
    `done` says which, in Chinese."""
    return _write(lambda: appdata.replace_lost_correction(file, lost, new), f"{done},所有页面已更新。")


def parsed_facts(file: str) -> list:
    """The parser's facts of a report before corrections ([] when it is not in the library)."""
    try:
        return appdata.parsed_facts(file)
    except Exception:
        return []


def undo_facts(ids) -> tuple[bool, str]:
    """Undo fact corrections (back to what the parser said)."""
    return _write(lambda: appdata.delete_fact_corrections(ids), lambda n: f"已撤销 {n} 条修正,恢复为解析结果。",
                  failed="未能撤销")


def fact_corrections(file: str) -> list:
    """The fact corrections of a report ([] for reports not in the library, e.g. synthetic)."""
    try:
        return appdata.fact_corrections(file)
    except Exception:
        return []


def stale_count() -> int:
    """Reports the library holds from an older parser (0 for synthetic data or an unusable file:
    the pages say what is wrong with the library, not this)."""
    if os.environ.get("GOVREPORT_SYNTH", "").strip():
        return 0
    try:
        return appdata.stale_count()
    except Exception:
        return 0


def refresh_stale(progress=None) -> list:
    """Re-extract the reports of an older parser: the one step that does, run by app.py before a
    page reads (reads never re-extract); then every page reads the new facts."""
    results = appdata.refresh_stale(progress=progress)
    refresh()
    return results

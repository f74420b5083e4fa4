"""AppTest of the whole app over a REAL library (a temp GOVREPORT_DB, nothing patched), shared by
the page tests in tests/app: one way to start it, from cold caches, and to go to a page."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent.parent


def _cold() -> None:
    from lib.store import service as appdata
    import app_state as dashdata

    appdata._cache.clear()
    dashdata.refresh()
    st.cache_data.clear()


@contextmanager
def app_on_library(path: Path, monkeypatch, texts: dict[str, str] | None = None,
                   page: str | None = None, timeout: float = 120):
    """app.py run once over the library file `path`.  `texts` ({file name: text}) are added and
    the seeds are not; None: the five seeds load on first start, as for a new user.  `page`
    (e.g. "library"): switched to before yielding."""
    from lib.store.library import Library

    monkeypatch.delenv("GOVREPORT_SYNTH", raising=False)
    monkeypatch.setenv("GOVREPORT_DB", str(path))
    if texts is not None:
        lib = Library(path)
        lib.set_setting("seeded", "1")  # just these reports, no seeds
        for name, text in texts.items():
            assert lib.add_text(text, name).status == "added", name
    _cold()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    assert not at.exception, at.exception
    try:
        yield go(at, page) if page else at
    finally:
        _cold()


def go(at: AppTest, page: str, file: str | None = None) -> AppTest:
    """Switch to app_pages/{page}.py (and pick `file` on 报告); no exception on the way."""
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    if file:
        at.selectbox(key="rep_file").set_value(file).run()
    assert not at.exception, at.exception
    return at

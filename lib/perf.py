"""Speed helpers shared by the parser and the library (no Streamlit, no pandas)."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """No cyclic garbage collection while many small objects are built and all kept (a parsed web
    page of 100,000 nested <div>s: 3× faster; a library load: a third of its time).  Nothing
    cyclic is made there, and the collector runs as usual afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

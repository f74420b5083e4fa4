"""Infer a report's place, level and years from its text."""
from __future__ import annotations

from .model import ReportMeta


def infer_meta(text: str, file: str) -> ReportMeta:
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:60]
    return ReportMeta(file=file, title=title, chars=len(text))

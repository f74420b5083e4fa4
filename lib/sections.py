"""Split a report into review (result), plan and other sections."""
from __future__ import annotations

from .model import OTHER, Section


def split_sections(text: str, review_year=None, plan_year=None) -> list[Section]:
    return [Section(OTHER, 0, len(text))]


def section_at(sections: list[Section], pos: int) -> Section:
    for s in sections:
        if s.start <= pos < s.end:
            return s
    return sections[-1] if sections else Section(OTHER, 0, 0)

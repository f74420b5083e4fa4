"""Normalise report text: one cleaned text for display and evidence, and a
same-length copy for matching (simplified characters)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Cleaned:
    text: str  # shown to users; fact offsets point here
    match: str  # same length as text; what the extractor reads

    def __post_init__(self):
        assert len(self.text) == len(self.match)


def clean(raw: str) -> Cleaned:
    text = unicodedata.normalize("NFKC", raw).replace("\r\n", "\n").replace("\r", "\n")
    return Cleaned(text, text)

"""Character classes, defined once: which characters are Chinese (Han) for every stage."""
from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A, Compatibility Ideographs and 〇 (as in 二〇二四年)
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
HAN_RE = re.compile(f"[{HAN}]")


def is_han(ch: str) -> bool:
    return bool(ch) and HAN_RE.match(ch) is not None

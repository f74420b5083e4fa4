"""Flattened copies: a whole report on one line (paragraphs joined by U+3000 indents) parses
about as fast as the same report with its line breaks."""
from __future__ import annotations

import time

from lib.parse.pipeline import parse_text

from .bench_parser import corpus


def _rate(texts: list[str], rounds: int = 3) -> float:
    """Characters per second, the best of a few rounds (a shared machine is noisy)."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            parse_text(t)
        best = min(best, time.perf_counter() - t0)
    return sum(map(len, texts)) / best


def run() -> list[dict]:
    plain = corpus()[:10]
    flat = ["\u3000\u3000".join(t.split("\n")) for t in plain]
    parse_text(flat[0])  # start-up
    rate = _rate(flat)
    ratio = rate / _rate(plain)
    return [
        {"name": "parser: one-line reports chars/s", "measured": rate, "target": ">= 700000",
         "unit": "chars/s", "ok": rate >= 700_000},
        {"name": "parser: one-line / multi-line speed", "measured": ratio, "target": ">= 0.7",
         "unit": "ratio", "ok": ratio >= 0.7},
    ]

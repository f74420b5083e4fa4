"""Parser speed: end to end (clean, metadata, sections, facts) over a batch, one core.

Measured as this process's CPU time (the work of one core), the least of a few passes: the
machine is shared, and time spent waiting for a core says nothing about the parser (wall time
here varied 2× between runs of the same code).  bench_hostile.py measures the same way."""
from __future__ import annotations

import time
from pathlib import Path

from lib.parse.pipeline import parse_text

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    # 20,000-character reports made of the seeds' real sentences in varying order
    whole = "\n".join(seeds)
    reports = []
    for i in range(60):
        k = (i * 7919) % len(whole)
        rotated = whole[k:] + "\n" + whole[:k]
        reports.append((rotated * 2)[:20_000])
    return reports


PASSES = 3


def run() -> list[dict]:
    reports = corpus()
    parse_text(reports[0])  # start-up: data files, automata
    dt = float("inf")
    for _ in range(PASSES):
        t0 = time.process_time()
        for r in reports:
            parse_text(r)
        dt = min(dt, time.process_time() - t0)
    chars = sum(map(len, reports))
    per_report_ms = dt / len(reports) * 1000
    return [
        {"name": "parser: chars/s end to end", "measured": chars / dt, "target": ">= 1000000",
         "unit": "chars/s", "ok": chars / dt >= 1_000_000},
        {"name": "parser: one 20,000-char report", "measured": per_report_ms, "target": "<= 20",
         "unit": "ms", "ok": per_report_ms <= 20},
    ]

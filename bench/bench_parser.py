"""Parser speed: end to end (clean, metadata, sections, facts) over a batch, one core."""
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


def run() -> list[dict]:
    reports = corpus()
    parse_text(reports[0])  # start-up: data files, automata
    t0 = time.perf_counter()
    for r in reports:
        parse_text(r)
    dt = time.perf_counter() - t0
    chars = sum(map(len, reports))
    per_report_ms = dt / len(reports) * 1000
    return [
        {"name": "parser: chars/s end to end", "measured": chars / dt, "target": ">= 1000000",
         "unit": "chars/s", "ok": chars / dt >= 1_000_000},
        {"name": "parser: one 20,000-char report", "measured": per_report_ms, "target": "<= 20",
         "unit": "ms", "ok": per_report_ms <= 20},
    ]

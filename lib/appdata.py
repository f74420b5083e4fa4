"""Where the app gets its reports.  The library issue backs this with SQLite;
until then it parses the seeds.  Pages call only these functions."""
from __future__ import annotations

from pathlib import Path

from .model import Report
from .pipeline import parse_files

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def load_reports() -> list[Report]:
    reports, _ = parse_files(sorted(SEEDS.glob("*.txt")))
    return reports

"""Plan vs result: pair each target with its outcome (the plan-vs-result issue)."""
from __future__ import annotations

PAIR_COLUMNS = ["place", "level", "indicator", "year", "target_value", "target_high",
                "target_qualifier", "target_file", "actual_value", "actual_qualifier",
                "actual_estimated", "actual_file", "status", "gap"]


def pair_rows(reports) -> list[dict]:
    return []

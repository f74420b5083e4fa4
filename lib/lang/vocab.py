"""The indicator vocabulary (data/indicators.csv), loaded once."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from .data import DATA  # noqa: E402


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    category: str
    measure: str  # level | growth | rate | count | ratio
    unit: str
    better: str  # up | down
    aliases: tuple

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def read_csv(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    out = {}
    for r in read_csv("indicators.csv"):
        aliases = tuple(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip())
        out[r["key"]] = Indicator(r["key"], r["label_zh"], r["category"], r["measure"], r["unit"],
                                  r["better"], aliases)
    return out


def label(key: str) -> str:
    ind = indicators().get(key)
    return ind.label if ind else key

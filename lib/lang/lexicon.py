"""The language knowledge the extractor uses, loaded once from lib/data/.

Nothing here is about one report: names of indicators (aliases), units and
multipliers, qualifier words, context words (growth, decline, skip, estimate),
sub-area markers.  Adding an indicator or a synonym is a change to a CSV file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .vocab import DATA, Indicator, indicators, read_csv


@dataclass(frozen=True)
class Name:
    """One surface form in the text: an indicator's name, a weak subject, a
    coordinated name for several indicators, or a blocker that names none."""

    surface: str
    kind: str  # alias | weak | coord | block
    keys: tuple
    after: str = ""  # a short form (城镇居民) names the indicator only after this word (可支配收入)


@dataclass(frozen=True)
class Unit:
    factor: float  # to the dimension's base unit
    dim: str


@dataclass
class Lexicon:
    automaton: object  # surface -> (its length, Name)
    units: dict  # surface -> (dim, factor)
    multipliers: dict  # surface -> factor
    conversions: dict  # (from_dim, to_dim) -> factor
    qualifiers: dict  # surface -> (position, code)
    context: dict  # word -> role
    subareas: tuple
    links: dict  # key -> tuple of linked keys
    alt_units: dict  # key -> {dim: unit}
    canon: dict  # key -> Unit of the indicator's canonical unit
    subjects: tuple = ()  # sub-area markers that stay a sentence's subject (places, firms)


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _rows(name: str) -> list[dict]:
    return [r for r in read_csv(name) if not next(iter(r.values()), "").startswith("#")]


def parse_unit(unit: str, units: dict, multipliers: dict) -> Unit | None:
    """'亿元' -> Unit(1e8, 'money'); '万标箱' -> Unit(1e4, 'teu'); '%' -> Unit(1, 'pct')."""
    if unit in units:
        dim, f = units[unit]
        return Unit(f, dim)
    for m in sorted(multipliers, key=len, reverse=True):
        if unit.startswith(m) and unit[len(m):] in units:
            dim, f = units[unit[len(m):]]
            return Unit(multipliers[m] * f, dim)
    return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    inds: dict[str, Indicator] = indicators()
    names: dict[str, Name] = {}
    for ind in inds.values():
        for surface in (ind.label,) + ind.aliases:
            names.setdefault(surface, Name(surface, "alias", (ind.key,)))
    for r in _rows("aliases_extra.csv"):
        keys = tuple(k for k in (r.get("keys") or "").split("|") if k)
        names[r["surface"]] = Name(r["surface"], r["kind"], keys, (r.get("after") or "").strip())
    auto = ahocorasick.Automaton()
    for surface, name in names.items():
        auto.add_word(surface, (len(surface), name))  # the length: a match's start, at once
    auto.make_automaton()

    units = {r["surface"]: (r["dim"], float(r["factor"])) for r in _rows("units.csv")}
    multipliers = {r["surface"]: float(r["factor"]) for r in _rows("multipliers.csv")}
    conversions = {(r["from_dim"], r["to_dim"]): float(r["factor"]) for r in _rows("conversions.csv")}
    qualifiers = {r["surface"]: (r["position"], r["code"]) for r in _rows("qualifiers.csv")}
    context = {r["word"]: r["role"] for r in _rows("context.csv")}
    links: dict[str, tuple] = {}
    for r in _rows("links.csv"):
        for a, b in ((r["key"], r["linked"]), (r["linked"], r["key"])):
            links[a] = links.get(a, ()) + (b,)
    alt: dict[str, dict] = {}
    for r in _rows("alt_units.csv"):
        alt.setdefault(r["key"], {})[r["dim"]] = r["unit"]
    canon = {}
    for key, ind in inds.items():
        u = parse_unit(ind.unit, units, multipliers)
        if u is not None:
            canon[key] = u
    return Lexicon(auto, units, multipliers, conversions, qualifiers, context,
                   tuple(_lines("subareas.txt")), links, alt, canon,
                   tuple(_lines("subarea_subjects.txt")))


def alternation(words) -> str:
    """A regex alternation, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

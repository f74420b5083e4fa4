"""`make bench`: run every benchmark module in bench/ and print one table.

Each module `bench/bench_*.py` defines `run() -> list[dict]` with keys
name, measured, target, unit, ok.  `python -m bench meta themes` runs only those modules.

The table is for a person: columns aligned by display width (a Chinese character takes two
columns), every target written one way ("≤ 150", "≥ 1,000,000", "—" for figures shown for
information), and Streamlit's bare-mode warnings (AppTest outside `streamlit run`) kept off it.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HIGHER_IS_BETTER = re.compile(r"/s$")  # a rate (chars/s): the target is a floor; else a ceiling
COMPARATOR = re.compile(r"^\s*(<=|>=|<|>|≤|≥)?\s*([-+]?[\d_,.]+(?:e[-+]?\d+)?)\s*$")
SIGNS = {"<=": "≤", "<": "≤", ">=": "≥", ">": "≥", "≤": "≤", "≥": "≥"}


def quiet_streamlit() -> None:
    """No "missing ScriptRunContext" / "No runtime found" lines above the table: Streamlit reads
    its log level from the environment when first imported (also in child processes)."""
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    import streamlit.logger  # the level of loggers made before the config is read

    streamlit.logger.set_log_level("error")


def width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and full-width characters (汉字, ×) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    fill = " " * max(0, cols - width(text))
    return fill + text if right else text + fill


def number(x) -> str:
    """150.0 -> 150; 1234567.8 -> 1,234,568; 42.25 -> 42.2 (one decimal from 10 up); 0.01234 -> 0.0123."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def target_text(target, unit: str) -> str:
    """Every target one way: '≤ 150' or '≥ 1,000,000'; '—' when a figure is shown for information."""
    if isinstance(target, (int, float)) and not isinstance(target, bool):
        return f"{'≥' if HIGHER_IS_BETTER.search(unit or '') else '≤'} {number(target)}"
    m = COMPARATOR.match(str(target))
    if not m:
        return "—"
    sign = SIGNS.get(m.group(1) or "", "≥" if HIGHER_IS_BETTER.search(unit or "") else "≤")
    return f"{sign} {number(m.group(2).replace('_', '').replace(',', ''))}"


def table(rows: list[dict]) -> str:
    head = ("benchmark", "measured", "target", "unit", "ok")
    body = [(r["name"], number(r["measured"]), target_text(r["target"], r["unit"]), r["unit"] or "",
             "yes" if r["ok"] else "NO") for r in rows]
    cols = [max(width(line[i]) for line in [head, *body]) for i in range(len(head))]
    right = (False, True, True, False, False)
    lines = ["  ".join(pad(c, w, r) for c, w, r in zip(line, cols, right)).rstrip() for line in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in cols))
    return "\n".join(lines)


def modules(wanted: list[str]) -> list[str]:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    return [n for n in names if not wanted or n.removeprefix("bench_") in wanted or n in wanted]


def main(argv: list[str] | None = None) -> int:
    quiet_streamlit()
    rows = []
    for mod in modules(sys.argv[1:] if argv is None else argv):
        rows.extend(importlib.import_module(f"bench.{mod}").run())
    print(table(rows))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

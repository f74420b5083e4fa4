"""`make bench`: run every benchmark module in bench/ and print one table.

Each module `bench/bench_*.py` defines `run() -> list[dict]` with keys
name, measured, target, unit, ok.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    rows = []
    here = Path(__file__).parent
    for mod in sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")):
        module = importlib.import_module(f"bench.{mod}")
        rows.extend(module.run())
    w = max([len(r["name"]) for r in rows] + [9])
    print(f"{'benchmark':<{w}}  {'measured':>12}  {'target':>12}  unit        ok")
    for r in rows:
        print(f"{r['name']:<{w}}  {r['measured']:>12.3f}  {r['target']:>12}  {r['unit']:<10}  {'yes' if r['ok'] else 'NO'}")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

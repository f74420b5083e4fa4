"""The parser's bars on the real reports of the dev corpus (../shared, third-party texts that are
never copied here): `python -m lib extract` over each set, scored by ../shared/tools/score_facts.py.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

SEEDS_F1 = 1.0
DEV_PROV_F1 = 0.97
DEV_HEBEI_F1 = 0.95
MAX_TRAPS = 2  # trap hits allowed per set
MIN_META = 0.98  # share of metadata fields right (place, level, years)

SETS = {  # key set -> (files, F1 bar)
    "seeds": ("seeds/*.txt", SEEDS_F1),
    "dev_prov": ("corpus/provinces_2025/*.docx", DEV_PROV_F1),
    "dev_hebei": ("corpus/hebei/*.txt", DEV_HEBEI_F1),
}

pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir() or not (SHARED / "tools").is_dir(),
                                reason="../shared (dev corpus and score_facts.py) is not here")

SUMMARY = re.compile(r"F1=(?P<f1>[\d.]+) .*traps=(?P<traps>\d+) .*meta=(?P<ok>\d+)/(?P<n>\d+)")


def _score(key: str, pattern: str, out: Path) -> dict:
    files = sorted(str(p) for p in SHARED.glob(pattern))
    assert files, f"no files for {key}"
    subprocess.run([sys.executable, "-m", "lib", "extract", *files, "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True)
    res = subprocess.run([sys.executable, str(SHARED / "tools" / "score_facts.py"), str(SHARED / "gold"),
                          str(out / "facts.csv"), str(out / "reports.csv"), "--prefix", key],
                         check=True, capture_output=True, text=True)
    last = res.stdout.strip().splitlines()[-1]
    m = SUMMARY.search(last)
    assert m, last
    return {"f1": float(m["f1"]), "traps": int(m["traps"]),
            "meta": int(m["ok"]) / max(1, int(m["n"])), "line": last}


@pytest.mark.parametrize("key", list(SETS))
def test_corpus_meets_its_bars(key, tmp_path):
    pattern, bar = SETS[key]
    s = _score(key, pattern, tmp_path / key)
    assert s["f1"] >= bar, s["line"]
    assert s["traps"] <= MAX_TRAPS, s["line"]
    assert s["meta"] >= MIN_META, s["line"]

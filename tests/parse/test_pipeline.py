"""The whole pipeline: seeds against the gold answer key, and properties on any text."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from lib.parse.pipeline import parse_text

SHARED = ROOT.parent / "shared"


@pytest.mark.skipif(not (SHARED / "tools" / "score_facts.py").exists(), reason="../shared not beside the repo")
def test_seed_accuracy_against_gold(tmp_path):
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    subprocess.run([sys.executable, "-m", "lib", "extract", *seeds, "--out", str(tmp_path)], cwd=ROOT,
                   check=True, capture_output=True)
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "score_facts.py"), str(SHARED / "gold"),
                          str(tmp_path / "facts.csv"), str(tmp_path / "reports.csv")],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    m = re.search(r"F1=([\d.]+) .* tp=(\d+) .* traps=(\d+) year=(\d+)/\d+ qualifier=(\d+)/\d+ meta=(\d+)/(\d+)", out)
    assert m, out
    f1, tp, traps, year, qual, meta, meta_n = float(m[1]), *map(int, m.groups()[1:])
    assert f1 >= 0.97, out
    assert traps == 0, out
    assert year >= 0.95 * tp and qual >= 0.95 * tp, out
    assert meta >= 29 and meta_n == 30, out


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("全市生产总值增长一般公共预算收入亿元万人%.,。、分别和超以上左右预计0123456789\n 年工作回顾安排"))))
def test_pipeline_never_raises_and_offsets_point_at_the_evidence(text):
    r = parse_text(text)
    for f in r.facts:
        assert r.text[f.start:f.end] == f.evidence
        assert f.start <= f.fig_start < f.fig_end <= f.end


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_pipeline_never_raises_on_arbitrary_text(text):
    r = parse_text(text)
    assert r.meta.chars == len(r.text)

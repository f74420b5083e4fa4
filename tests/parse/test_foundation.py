"""The foundation: layout, setup files, the first screen (AppTest) and the CLI."""
from __future__ import annotations

import csv
import re
import subprocess
import sys

from conftest import ROOT, has_cjk_font

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_seeds_are_the_shared_reports_unchanged():
    ours = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert len(ours) == 5
    if SHARED_SEEDS.exists():
        for name in ours:
            assert (ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][\w.]*", line), f"{name}: {line} is not pinned"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make run" in readme
    assert "playwright install" not in (ROOT / "Makefile").read_text()


def test_streamlit_config_is_headless_without_usage_stats():
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["headless"] is True
    assert cfg["browser"]["gatherUsageStats"] is False
    assert 1 <= cfg["server"]["maxUploadSize"] <= 200


def test_a_cjk_font_is_installed():
    # without one, screenshots show boxes while DOM checks still pass
    assert has_cjk_font(), "no CJK font: apt-get install fonts-noto-cjk"


def test_cli_extract_writes_the_three_tables(tmp_path):
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    bad = tmp_path / "missing.txt"
    proc = subprocess.run([sys.executable, "-m", "lib", "extract", *seeds, str(bad), "--out", str(tmp_path / "o")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode != 0  # one file failed
    assert "missing.txt" in proc.stderr and "Traceback" not in proc.stderr
    with open(tmp_path / "o" / "reports.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["file"] for r in rows] == seeds  # the rest of the batch went on; file is the path as given
    for name in ("facts.csv", "pairs.csv"):
        assert (tmp_path / "o" / name).read_text(encoding="utf-8").splitlines()[0].startswith(
            "file," if name == "facts.csv" else "place,")

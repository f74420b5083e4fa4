"""The dev score must not move when the same reports arrive as real copies carry them.

Each transformation is one that published copies apply (issue "Parser v2", point 2): the line
breaks removed (research datasets store a whole report on one line, its paragraphs joined by
spaces or by U+3000 indents), converted to traditional characters, encoded in GB18030, wrapped
in an HTML page, or written with full-width digits and ％.  The dev corpus is read from
../shared (the texts are third-party and never copied here); each transformed copy is parsed in
memory by the real pipeline and scored by ../shared/tools/score_facts.py against the same keys.
"""
from __future__ import annotations

import contextlib
import html
import importlib.util
import io
import re
from pathlib import Path

import pytest

from lib.parse.pipeline import parse_bytes
from lib.parse.readers import read_path
from lib.cli.extract import write_tables

SHARED = Path(__file__).resolve().parents[3] / "shared"
MAX_DELTA = 0.01  # |ΔF1| allowed per transformation and key set (and loss of metadata accuracy)
SETS = {"dev_prov": ("corpus/provinces_2025", "*.docx"), "dev_hebei": ("corpus/hebei", "*.txt")}

pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir() or not (SHARED / "tools").is_dir(),
                                reason="../shared (dev corpus and score_facts.py) is not here")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_facts", SHARED / "tools" / "score_facts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---- the transformations: text -> (bytes, how the copy is named) ----------------------------

_BREAKS = re.compile(r"\s*\n\s*")


def one_line_spaces(text: str) -> bytes:
    return _BREAKS.sub(" ", text.strip()).encode("utf-8")


def one_line_indents(text: str) -> bytes:
    return _BREAKS.sub("\u3000\u3000", text.strip()).encode("utf-8")


def no_line_breaks(text: str) -> bytes:
    return _BREAKS.sub("", text.strip()).encode("utf-8")


def one_line_em_spaces(text: str) -> bytes:
    return _BREAKS.sub("\u2003\u2003", text.strip()).encode("utf-8")


def traditional(text: str) -> bytes:
    import opencc

    return opencc.OpenCC("s2t").convert(text).encode("utf-8")


def gb18030(text: str) -> bytes:
    return text.encode("gb18030")


def html_page(text: str) -> bytes:
    paras = "\n".join(f"<p>{html.escape(ln.strip())}</p>" for ln in text.split("\n") if ln.strip())
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>政府工作报告</title></head>"
            f"<body><div class=\"article\">\n{paras}\n</div></body></html>")
    return page.encode("utf-8")


_WIDE = str.maketrans("0123456789%", "０１２３４５６７８９％")


def full_width(text: str) -> bytes:
    return text.translate(_WIDE).encode("utf-8")


TRANSFORMS = {"one_line_spaces": one_line_spaces, "one_line_indents": one_line_indents,
              "one_line_em_spaces": one_line_em_spaces, "no_line_breaks": no_line_breaks,
              "traditional": traditional, "gb18030": gb18030, "html": html_page,
              "full_width": full_width}


# ---- scoring ---------------------------------------------------------------------------------

def _texts(key: str) -> list[tuple[str, str]]:
    folder, pattern = SETS[key]
    return [(p.name, read_path(p)) for p in sorted((SHARED / folder).glob(pattern))]


_META = re.compile(r"meta=(\d+)/(\d+)")


def _score(key: str, copies: list[tuple[str, bytes]], out: Path) -> tuple[float, float]:
    """(F1, share of metadata fields right) of the copies against the key set."""
    reports = [parse_bytes(data, name) for name, data in copies]
    out.mkdir(parents=True, exist_ok=True)
    write_tables(out, reports)  # as `python -m lib extract` writes them
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        f1 = _scorer().main([str(SHARED / "gold"), str(out / "facts.csv"),
                             str(out / "reports.csv"), "--prefix", key])
    ok, n = map(int, _META.search(printed.getvalue().strip().splitlines()[-1]).groups())
    return f1, ok / max(n, 1)


@pytest.fixture(scope="module")
def corpus():
    return {key: _texts(key) for key in SETS}


@pytest.fixture(scope="module")
def baseline(corpus, tmp_path_factory):
    base = tmp_path_factory.mktemp("baseline")
    return {key: _score(key, [(n, t.encode("utf-8")) for n, t in texts], base / key)
            for key, texts in corpus.items()}


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_score_survives_transformation(name, corpus, baseline, tmp_path):
    transform = TRANSFORMS[name]
    for key, texts in corpus.items():
        (f1, meta), (f1_0, meta_0) = _score(key, [(n, transform(t)) for n, t in texts], tmp_path / key), \
            baseline[key]
        assert abs(f1 - f1_0) <= MAX_DELTA, f"{name}: {key} F1 {f1:.3f} against {f1_0:.3f} on the plain text"
        assert meta >= meta_0 - MAX_DELTA, f"{name}: {key} metadata {meta:.3f} against {meta_0:.3f}"


def test_transformations_change_the_bytes(corpus):
    """Each transformation really rewrites the copy (a no-op would pass trivially)."""
    name, text = corpus["dev_hebei"][0]
    plain = text.encode("utf-8")
    for label, transform in TRANSFORMS.items():
        assert transform(text) != plain, label

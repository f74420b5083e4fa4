"""The parser's code stays readable: short functions, modules of a few hundred lines."""
from __future__ import annotations

import ast

import pytest

from conftest import ROOT

MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500
CHECKED = ("lib/parse", "lib/lang")


def _modules():
    for folder in CHECKED:
        yield from sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_functions_and_modules_are_short(path):
    source = path.read_text(encoding="utf-8")
    long_ones = [f"{n.name} ({n.end_lineno - n.lineno + 1} lines)" for n in ast.walk(ast.parse(source))
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES]
    assert long_ones == []
    assert len(source.splitlines()) <= MAX_MODULE_LINES

"""The store stays a house of rooms: every module of lib/store at most 500 lines, every function at
most 60 (the same limits as tests/test_code_shape.py sets for the parser)."""
from __future__ import annotations

import ast

import pytest

from conftest import ROOT

MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500


@pytest.mark.parametrize("path", sorted((ROOT / "lib" / "store").glob("*.py")), ids=lambda p: p.name)
def test_store_modules_and_functions_are_short(path):
    source = path.read_text(encoding="utf-8")
    long_ones = [f"{n.name} ({n.end_lineno - n.lineno + 1} lines)" for n in ast.walk(ast.parse(source))
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES]
    assert long_ones == []
    assert len(source.splitlines()) <= MAX_MODULE_LINES

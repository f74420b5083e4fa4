"""lib/ stays readable and UI-free: no module over 500 lines, no function over 60 lines, and
`import lib.*` never pulls in Streamlit (the pages and app_state.py are the only Streamlit code)."""
from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import ROOT

MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500

def _modules():
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "lib").rglob("*.py"))


def _sizes(rel: str, root=ROOT) -> dict[str, int]:
    """The module's line count under `rel`, and every function's under `rel::name`."""
    source = (root / rel).read_text(encoding="utf-8")
    out = {rel: len(source.splitlines())}
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            key = f"{rel}::{n.name}"
            out[key] = max(out.get(key, 0), n.end_lineno - n.lineno + 1)
    return out


def _too_long(key: str, size: int) -> bool:
    return size > (MAX_FUNCTION_LINES if "::" in key else MAX_MODULE_LINES)


@pytest.mark.parametrize("rel", _modules())
def test_functions_and_modules_are_short(rel):
    sizes = _sizes(rel)
    assert [f"{k} ({n} lines)" for k, n in sizes.items() if _too_long(k, n)] == []


def test_the_checks_catch_a_long_function_and_a_long_module(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "big.py").write_text("def f():\n" + body + "\n" + "\n" * MAX_MODULE_LINES,
                                             encoding="utf-8")
    sizes = _sizes("lib/big.py", tmp_path)
    assert _too_long("lib/big.py::f", sizes["lib/big.py::f"]) and _too_long("lib/big.py", sizes["lib/big.py"])


def test_lib_imports_without_streamlit():
    """Every module of lib/ imported in a fresh interpreter: Streamlit is not among sys.modules."""
    names = [m[:-3].replace("/", ".").removesuffix(".__init__") for m in _modules()]
    names = [n for n in names if not n.endswith("__main__")]
    code = ("import importlib, sys\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"

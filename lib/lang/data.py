"""Where the language knowledge lives: every data file of the parser is read from here."""
from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

"""User and URL text made safe for the places that would read it as markup.

One helper per kind of sink; every page and chart builder uses these, never ad-hoc replaces.

- `md(text)`: for anything Streamlit renders as markdown (st.markdown, st.caption, st.info /
  warning / error / success, widget and expander labels).  A place name corrected to
  `**x**[点我](http://…)![t](http://…/evil.png)` must show those characters, not a link and an
  image the browser fetches.  The punctuation that makes markdown is backslash-escaped
  (CommonMark allows that for any ASCII punctuation, so the text shows unchanged), and line
  breaks become spaces, so user text can start no heading, list, code block or table.
- `plotly_text(text)`: for any text inside a Plotly figure (tick labels, trace names, hover text,
  annotations, titles).  Plotly reads an HTML-like subset there (`<a href>`, `<span style>`,
  `<br>`, `<b>`): a district named `<a href=…>点这里</a><span style="font-size:60px">大</span>区`
  would be a live link and a giant glyph.  `<`, `>` and `&` become entities, which Plotly shows
  as the characters.
- `terminal_text(text)`: for a terminal: no control characters (escape sequences) and no
  bidirectional overrides (U+202E shows a name backwards).
"""
from __future__ import annotations

import re

# the ASCII punctuation that makes markdown anywhere in a line: emphasis, links and images,
# code, HTML, tables, strikethrough, LaTeX ($), Streamlit's :color[...] and :icon:, and the
# GFM autolinks of http://… and a@b.cn (CommonMark lets any ASCII punctuation be escaped)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>~$:@^])")
# what makes markdown only at the start of a line (a list, a heading underline), and the GFM
# autolink of a bare www.example.cn
_MD_LEADING_NUM = re.compile(r"^(\s*\d+)([.)])")
_MD_LEADING_MARK = re.compile(r"^(\s*)([-+=])")
_MD_WWW = re.compile(r"(?i)(?<![a-z0-9])(www)\.")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# C0/C1 controls, zero-width and bidirectional marks, embeddings, overrides and isolates, BOM
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def md(text) -> str:
    """`text` shown literally by Streamlit's markdown (see the module doc)."""
    s = _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", "" if text is None else str(text)))
    s = _MD_LEADING_NUM.sub(r"\1\\\2", s)
    s = _MD_LEADING_MARK.sub(r"\1\\\2", s)
    return _MD_WWW.sub(r"\1\\.", s)


def plotly_text(text) -> str:
    """`text` shown literally inside a Plotly figure (see the module doc)."""
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def terminal_text(text) -> str:
    """`text` without control characters or bidirectional overrides (tabs and newlines too)."""
    return CONTROL.sub("", "" if text is None else str(text))

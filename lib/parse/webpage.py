"""Web pages to text: the article's text in reading order, page chrome (menus, link lists,
footers, scripts) dropped by the rules in lib/data/html_noise.txt.

One walk over the tree counts text per element (a page of 100,000 nested divs is read in one
pass, not one get_text() per element).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lang.chars import HAN_RE as _CJK_RE
from ..perf import gc_paused
from .clean import DATA

# ---- html ---------------------------------------------------------------------------------

_HTML_START_RE = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|"
    r"article|section|h[1-6])\b", re.I | re.S)
_HTML_TAG_RE = re.compile(r"</(?:p|div|td|tr|li|span|a|h[1-6]|table|body|html)>|<br\s*/?>", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    if _HTML_START_RE.match(head):
        return True
    return len(_HTML_TAG_RE.findall(text[:20000])) >= 5


@lru_cache(maxsize=1)
def _html_rules():
    sections: dict[str, list[str]] = {}
    current = None
    with open(DATA / "html_noise.txt", encoding="utf-8") as fh:
        for ln in fh:
            ln = ln.strip()
            if not ln or ln.startswith("#"):
                continue
            if ln.startswith("["):
                current = sections.setdefault(ln.strip("[]"), [])
            elif current is not None:
                current.append(ln)
    drop = re.compile("(?:" + "|".join(sections["drop-attr"]) + ")", re.I)
    content = re.compile("(?:" + "|".join(sections["content-attr"]) + ")", re.I)
    return set(sections["drop-tags"]), drop, content, set(sections["block-tags"])


def _attr_kind(el) -> str:
    """'drop', 'content' or '' from an element's class names and id: the whole name decides,
    else its last -/_ part (the head noun: article-share is a share bar), else the others."""
    _, drop, content, _ = _html_rules()
    names = list(el.get("class") or [])
    if el.get("id"):
        names.append(el.get("id"))
    for n in names:
        if not isinstance(n, str):
            continue
        n = n.lower()
        parts = [p for p in re.split(r"[-_\s]+", n) if p]
        for cand in [n, *parts[::-1]]:
            if drop.fullmatch(cand):
                return "drop"
            if content.fullmatch(cand):
                return "content"
    return ""


def _gone(el) -> bool:
    """Decomposed already (with its ancestor)? bs4's `decomposed` property is slow: a missing
    attribute on a Tag is looked up as a child tag."""
    return el.__dict__.get("_decomposed", False)


def _cjk(s: str) -> int:
    return len(_CJK_RE.findall(s))


@dataclass
class _Counts:
    """What get_text() of an element would give, counted for every element in one pass."""

    cjk: int = 0  # Chinese characters
    solid: int = 0  # non-space characters
    chars: int = 0  # all characters
    linked: int = 0  # non-space characters inside its <a> descendants (nested ones twice)


def _subtree_counts(root) -> dict[int, _Counts]:
    """_Counts of every element under `root` (by id), children before parents: one walk over the
    tree (calling get_text() per element re-reads its subtree: 8,000 nested <div>s took 6 s)."""
    from bs4 import NavigableString
    from bs4.element import CData

    counts: dict[int, _Counts] = {}
    stack: list = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in node.contents if not isinstance(c, NavigableString))
            continue
        total = _Counts()
        for c in node.contents:
            if isinstance(c, NavigableString):
                if type(c) in (NavigableString, CData):  # what get_text() reads
                    total.cjk += _cjk(c)
                    total.solid += len("".join(c.split()))
                    total.chars += len(c)
                continue
            k = counts[id(c)]
            total.cjk += k.cjk
            total.solid += k.solid
            total.chars += k.chars
            total.linked += k.linked + (k.solid if c.name == "a" else 0)
        counts[id(node)] = total
    return counts


def _tags(root):
    """The elements under `root` in document order (bs4's find_all matches each one against a
    filter: slower than this walk by far on a page of 100,000 elements)."""
    from bs4 import Tag

    return (el for el in root.descendants if isinstance(el, Tag))


_LINK_BLOCKS = {"ul", "ol", "table", "tr", "td", "div", "p", "span", "dl"}


def html_to_text(html: str) -> str:
    with gc_paused():  # 100,000s of new objects, all kept
        return _html_text(html)


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    drop_tags, _, _, _ = _html_rules()
    soup = BeautifulSoup(html, "lxml")
    title = ""
    h1 = soup.find("h1")
    if h1 is not None:
        title = " ".join(h1.get_text(" ").split())
    if not title and soup.title is not None:
        title = " ".join(soup.title.get_text(" ").split())
        title = re.split(r"\s*[_|]\s*|\s+-\s+", title)[0] if title else ""
    for el in [e for e in _tags(soup) if e.name in drop_tags]:
        if not _gone(el):
            el.decompose()
    root = soup.body or soup
    # Elements are judged in document order: a later element is never an ancestor of an earlier
    # one, so counts taken before a pass stay right for every element the pass still looks at.
    counts = _subtree_counts(root)
    total = counts[id(root)].cjk
    for el in list(_tags(root)):
        if _gone(el):
            continue
        if _attr_kind(el) == "drop" and counts[id(el)].cjk <= total * 0.5:
            el.decompose()
    counts = _subtree_counts(root)
    total = counts[id(root)].cjk
    for el in [e for e in _tags(root) if e.name in _LINK_BLOCKS]:
        if _gone(el):
            continue
        k = counts[id(el)]
        if not k.solid or k.solid > 300:
            continue
        if k.linked >= 0.6 * k.solid and k.cjk <= total * 0.2:
            el.decompose()  # a block of links: a menu, a link list
    counts = _subtree_counts(root)
    total = counts[id(root)].cjk
    cands = [el for el in _tags(root)
             if el.name in ("article", "main") or _attr_kind(el) == "content"]
    best = root
    if cands and total:
        scored = [(counts[id(el)].cjk, counts[id(el)].chars, el) for el in cands]
        top = max(s for s, _, _ in scored)
        if top >= 0.3 * total:
            # the innermost container that still holds nearly all of the best one's text
            best = min((c for c in scored if c[0] >= 0.85 * top), key=lambda c: c[1])[2]
    text = _render(best)
    if title and title not in text[:len(title) + 300]:
        text = title + "\n" + text
    return text


def _render(root) -> str:
    from bs4 import NavigableString
    from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

    _, _, _, block = _html_rules()
    skip = (Comment, Doctype, CData, ProcessingInstruction, Declaration)
    out: list[str] = []
    stack: list = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            out.append("\n")
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, skip):
                out.append(re.sub(r"\s+", " ", str(node)))
            continue
        tag = node.name
        if tag == "br":
            out.append("\n")
            continue
        if tag in ("td", "th"):
            out.append("\t")
        if tag in block:
            out.append("\n")
            stack.append((node, True))
        stack.extend((c, False) for c in reversed(node.contents))
    text = "".join(out)
    lines = (" ".join(ln.split()) for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)

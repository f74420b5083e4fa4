"""Web pages to text: the article's text in reading order, page chrome (menus, link lists,
footers, scripts) dropped by the rules in lib/data/html_noise.txt.

lxml's HTML parser (libxml2) sends its events to a small builder of plain nodes: no
BeautifulSoup tree (its per-element bookkeeping made a page of 90,000 nested <div>s take 3 s,
three quarters of the read), and no lxml tree either (libxml2 cuts a tree at 256 or 2,048
levels and loses the text below).  Every pass is one walk with an explicit stack, and text per
element is counted for all elements in one walk (get_text() per element re-reads its subtree).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..lang.chars import HAN
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


# ---- the tree -----------------------------------------------------------------------------

@dataclass(eq=False, slots=True)
class _Node:
    """An element: its tag, the attributes the rules read, its children (nodes and text
    strings, in order).  `gone` marks an element dropped with everything under it."""

    tag: str
    cls: str = ""  # the class attribute
    ident: str = ""  # the id attribute
    children: list = field(default_factory=list)
    gone: bool = False


class _Builder:
    """lxml parser target: start/end/data events to _Nodes.  Comments, doctypes and processing
    instructions are not given methods, so lxml drops them."""

    def __init__(self) -> None:
        self.root = _Node("#document")
        self.stack = [self.root]

    def start(self, tag, attrib) -> None:
        node = _Node(tag.lower() if isinstance(tag, str) else "", attrib.get("class", ""), attrib.get("id", ""))
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def end(self, tag) -> None:
        if len(self.stack) > 1:
            self.stack.pop()

    def data(self, text: str) -> None:
        self.stack[-1].children.append(text)

    def close(self) -> _Node:
        return self.root


def _parse(html: str) -> _Node:
    from lxml import etree

    builder = _Builder()
    parser = etree.HTMLParser(target=builder, huge_tree=True)
    parser.feed(html)  # fed, an XML declaration naming an encoding is no error on a str
    return parser.close()


def _elements(node: _Node) -> list[_Node]:
    return [c for c in node.children if type(c) is _Node and not c.gone]


def _walk(root: _Node):
    """The elements under `root` in document order, skipping what is dropped, even while the
    caller drops elements (an element dropped when yielded is not entered)."""
    stack = [c for c in reversed(root.children) if type(c) is _Node]
    while stack:
        node = stack.pop()
        if node.gone:
            continue
        yield node
        if not node.gone:
            stack.extend([c for c in reversed(node.children) if type(c) is _Node])


def _find(root: _Node, tag: str) -> _Node | None:
    return next((el for el in _walk(root) if el.tag == tag), None)


def _text(node: _Node) -> str:
    """All text under `node`, pieces joined by spaces, whitespace collapsed (get_text(" "))."""
    out: list[str] = []
    stack: list = [node]
    while stack:
        n = stack.pop()
        if type(n) is str:
            out.append(n)
        elif not n.gone:
            stack.extend(reversed(n.children))
    return " ".join(" ".join(out).split())


# ---- judging the elements -----------------------------------------------------------------

def _attr_kind(el: _Node) -> str:
    """'drop', 'content' or '' from an element's class names and id: the whole name decides,
    else its last -/_ part (the head noun: article-share is a share bar), else the others."""
    _, drop, content, _ = _html_rules()
    names = el.cls.split()
    if el.ident:
        names.append(el.ident)
    for n in names:
        n = n.lower()
        parts = [p for p in re.split(r"[-_\s]+", n) if p]
        for cand in [n, *parts[::-1]]:
            if drop.fullmatch(cand):
                return "drop"
            if content.fullmatch(cand):
                return "content"
    return ""


_HAN_RUN_RE = re.compile(f"[{HAN}]+")


def _cjk(s: str) -> int:
    """Chinese characters in `s` (counted by runs: a list of every character was a third of
    the read of a long page)."""
    return sum(map(len, _HAN_RUN_RE.findall(s)))


@dataclass(slots=True)
class _Counts:
    """What the text of an element holds, counted for every element in one pass."""

    cjk: int = 0  # Chinese characters
    solid: int = 0  # non-space characters
    chars: int = 0  # all characters
    linked: int = 0  # non-space characters inside its <a> descendants (nested ones twice)


def _subtree_counts(root: _Node, texts: dict[int, tuple[int, int, int]]) -> dict[int, _Counts]:
    """_Counts of every element under `root` (by id), children before parents: one walk.
    `texts` keeps each text string's counts (by id) for the next walk: a string is counted once."""
    counts: dict[int, _Counts] = {}
    stack: list = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in _elements(node))
            continue
        total = _Counts()
        for c in node.children:
            if type(c) is str:
                known = texts.get(id(c))
                if known is None:
                    known = texts[id(c)] = (_cjk(c), len("".join(c.split())), len(c))
                total.cjk += known[0]
                total.solid += known[1]
                total.chars += known[2]
                continue
            if c.gone:
                continue
            k = counts[id(c)]
            total.cjk += k.cjk
            total.solid += k.solid
            total.chars += k.chars
            total.linked += k.linked + (k.solid if c.tag == "a" else 0)
        counts[id(node)] = total
    return counts


_LINK_BLOCKS = {"ul", "ol", "table", "tr", "td", "div", "p", "span", "dl"}


def html_to_text(html: str) -> str:
    with gc_paused():  # 100,000s of new objects, all kept
        return _html_text(html)


def _title_and_drop_tags(doc: _Node, drop_tags: set[str]) -> str:
    """The page's <h1>, else its <title> up to the site name ("…报告_XX区人民政府网站"), found
    wherever they are (a header's <h1> too); then every element of a drop tag is dropped.
    One walk (a page without <h1> is walked to its end)."""
    h1 = title_el = None
    dropped = []
    for el in _walk(doc):
        if el.tag in drop_tags:
            dropped.append(el)
        if el.tag == "h1" and h1 is None:
            h1 = el
        elif el.tag == "title" and title_el is None:
            title_el = el
    title = _text(h1) if h1 is not None else ""
    if not title:
        title = _text(title_el) if title_el is not None else ""
        title = re.split(r"\s*[_|]\s*|\s+-\s+", title)[0] if title else ""
    for el in dropped:
        el.gone = True
    return title


def _drop_chrome(root: _Node, texts: dict) -> dict[int, _Counts]:
    """Drop elements whose class or id names chrome (unless they hold over half the text), then
    blocks made mostly of links (a menu, a link list).  Elements are judged in document order: a
    later element is never an ancestor of an earlier one, so counts taken before a pass stay
    right for every element the pass still looks at.  The counts after both passes."""
    counts = _subtree_counts(root, texts)
    total, dropped = counts[id(root)].cjk, False
    for el in _walk(root):
        if _attr_kind(el) == "drop" and counts[id(el)].cjk <= total * 0.5:
            el.gone = dropped = True
    if dropped:
        counts = _subtree_counts(root, texts)
    total, dropped = counts[id(root)].cjk, False
    for el in _walk(root):
        if el.tag not in _LINK_BLOCKS:
            continue
        k = counts[id(el)]
        if not k.solid or k.solid > 300:
            continue
        if k.linked >= 0.6 * k.solid and k.cjk <= total * 0.2:
            el.gone = dropped = True
    return _subtree_counts(root, texts) if dropped else counts


def _article(root: _Node, counts: dict[int, _Counts]) -> _Node:
    """The innermost <article>, <main> or content-named container that still holds nearly all
    of the best one's text, when the best holds 30% of the page; else `root`."""
    total = counts[id(root)].cjk
    cands = [el for el in _walk(root) if el.tag in ("article", "main") or _attr_kind(el) == "content"]
    if not cands or not total:
        return root
    scored = [(counts[id(el)].cjk, counts[id(el)].chars, el) for el in cands]
    top = max(s for s, _, _ in scored)
    if top < 0.3 * total:
        return root
    return min((c for c in scored if c[0] >= 0.85 * top), key=lambda c: c[1])[2]


def _html_text(html: str) -> str:
    drop_tags, _, _, _ = _html_rules()
    doc = _parse(html)
    title = _title_and_drop_tags(doc, drop_tags)
    root = _find(doc, "body") or doc
    texts: dict[int, tuple[int, int, int]] = {}  # the tree and its strings live till the end
    text = _render(_article(root, _drop_chrome(root, texts)))
    if title and title not in text[:len(title) + 300]:
        text = title + "\n" + text
    return text


_SPACES_RE = re.compile(r"\s+")


def _render(root: _Node) -> str:
    _, _, _, block = _html_rules()
    out: list[str] = []
    stack: list = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            out.append("\n")
            continue
        if type(node) is str:
            out.append(_SPACES_RE.sub(" ", node))  # a line break inside a paragraph is a space
            continue
        if node.gone:
            continue
        tag = node.tag
        if tag == "br":
            out.append("\n")
            continue
        if tag in ("td", "th"):
            out.append("\t")
        if tag in block:
            out.append("\n")
            stack.append((node, True))
        stack.extend((c, False) for c in reversed(node.children))
    text = "".join(out)
    lines = (" ".join(ln.split()) for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)

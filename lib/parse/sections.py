"""Split a report into review (result), plan and other sections.

The text is normally NFKC-normalised (ASCII punctuation), but full-width punctuation is
accepted too.

Headings are found on their own lines ("一、2023年工作回顾", "今年工作总体要求", "2024 奋力谱写…")
and in the middle of a line, as web copies glue them to the text
("…请予审议。一、2023年工作回顾2023年,是…").  Which kind a heading starts comes from
``data/sections.csv``.  The sections are ordered and contiguous and cover the whole text.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import Optional

from ..model import OTHER, PLAN, RESULT, Section

from ..lang.data import DATA  # noqa: E402
from .layout import LONG_LINE, Paragraph, paragraphs
FIVE, FIVE_PLAN, CONDUCT = "five", "five_plan", "conduct"  # all become OTHER
HEADLINE = "headline"  # a news headline ("市长谈2025年发展目标"): no section at all

_CN_NUM = "[一二三四五六七八九十]{1,3}"
RE_TOP_NUM = re.compile(r"^(?:第" + _CN_NUM + r"部分\s*|" + _CN_NUM + r"\s*[、.．]\s*|"
                        + _CN_NUM + r"[ \u3000]+)")
RE_SUB_NUM = re.compile(r"^(?:[(（]" + _CN_NUM + r"[)）]\s*|\d{1,2}\s*[、.．]\s*|\d{1,2}[ \u3000]+)")
RE_NEXT_TOP = re.compile(r"\n[ \u3000]*(?:第" + _CN_NUM + r"部分|" + _CN_NUM + r"\s*[、.．])")
RE_MID = re.compile(r"[。!?;:！？；：]\s*(" + _CN_NUM + r"\s*、)")
RE_BULLET = re.compile(r"^[-•·*]\s")
RE_CLAUSE_END = re.compile(r"[,。;:!?、，；：！？]")
RE_CLOSING = re.compile(r"^各位代表[!,！，]")
MAX_HEADING = 40  # a heading line is short
LEADING = " \t\u3000#*>"
_ANON = r"20[Xx×]{2}"  # 20XX年: an anonymised copy
_CN_DIGIT = ("[〇○零O]", "一", "二", "三", "四", "五", "六", "七", "八", "九")
YEAR_ANY = rf"(?:(?:19|20)\d\d|{_ANON}|[一二][〇○零O一二三四五六七八九]{{3}})"
RE_SENTENCE_START = re.compile(r"[。!?！？]\s*")
RE_HEADING_OPENER = re.compile(rf"(?:{YEAR_ANY})\s*年")


def _year(y: int) -> str:
    """A given year as headings write it: 2024, 20XX or in Chinese numerals (二〇二四年工作回顾)."""
    return rf"(?:{y}|{_ANON}|{''.join(_CN_DIGIT[int(d)] for d in str(y))})"


@lru_cache(maxsize=1)
def _rules() -> tuple:
    with open(DATA / "sections.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(ln for ln in fh if ln.strip() and not ln.startswith("#")))
    return tuple((r["kind"], r["scope"], r["pattern"]) for r in rows)


@lru_cache(maxsize=64)
def _compiled(review_year: Optional[int], plan_year: Optional[int]) -> dict:
    r = _year(review_year) if review_year else YEAR_ANY
    p = _year(plan_year) if plan_year else YEAR_ANY
    out = {"sub": [], "top": [], "num": [], "para": [], "headline": []}
    for kind, scope, pattern in _rules():
        rx = re.compile(pattern.replace("{R}", r).replace("{P}", p))
        out["headline" if kind == HEADLINE else scope].append((kind, rx))
    # a sub rule applies to top and numbered headings too; a top rule to numbered headings
    out["top"] = out["sub"] + out["top"]
    out["num"] = out["top"] + out["num"]
    bare = []
    if review_year:
        bare.append((RESULT, re.compile(rf"^{review_year}[ \u3000]+\S")))
    if plan_year:
        bare.append((PLAN, re.compile(rf"^{plan_year}[ \u3000]+\S")))
    out["bare"] = bare
    out["result_cue"] = re.compile(rf"过去一年|一年来|刚刚过去|去年|{r}\s*年")
    out["plan_cue"] = re.compile(rf"今年|{p}\s*年|预期目标|总体要求|力争")
    for scope in ("sub", "top", "num", "para", "headline", "bare"):
        out[scope] = _RuleList(out[scope])
    return out


class _RuleList(list):
    """(kind, pattern) rules in priority order, and `any`: all of them in one alternation, so a
    line no rule matches (most lines) costs one search instead of one per rule."""

    def __init__(self, rules):
        super().__init__(rules)
        self.any = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in rules)) if rules else None
        self.memo: dict = {}  # line -> (kind, match): a text of repeated short lines asks again


_MEMO_MAX = 4096


def _classify(heading: str, rules: _RuleList):
    if len(heading) > 64:  # a paragraph: not remembered (they seldom repeat, and are long)
        return _classify_once(heading, rules)
    got = rules.memo.get(heading)
    if got is None:
        got = _classify_once(heading, rules)
        if len(rules.memo) >= _MEMO_MAX:
            rules.memo.clear()
        rules.memo[heading] = got
    return got


def _classify_once(heading: str, rules: _RuleList):
    if rules.any is None or not rules.any.search(heading):
        return None, None
    for kind, rx in rules:
        m = rx.search(heading)
        if m:
            return kind, m
    return None, None


def _glued(window: str, rules: list) -> tuple[Optional[str], int]:
    """A heading run into its text ("2023年工作回顾2023年,是…"): judge the first clause and
    end the heading where the matched words end."""
    clause = RE_CLAUSE_END.split(window, 1)[0]
    kind, m = _classify(clause, rules)
    return (kind, m.end()) if kind else (None, 0)


def _events(text: str, rx: dict, paras: list[Paragraph]) -> list[tuple]:
    """(start, heading end, kind, heading text, how) for every recognised heading or cue."""
    events = []
    for para in paras:
        if para.end - para.start >= LONG_LINE:
            events.extend(_flat_events(text, para, rx))
        raw = para.text(text)
        body = raw.lstrip(LEADING)  # spaces, and markdown's "### " / "**" / "> "
        lead = len(raw) - len(body)
        line = body.rstrip().rstrip("*")
        if not line or RE_BULLET.match(line) or "工作报告" in line[:MAX_HEADING]:
            continue  # bullets and the title line are never section headings
        start = para.start  # a section starts at its heading line, indent and all
        top = RE_TOP_NUM.match(line)
        sub = None if top else RE_SUB_NUM.match(line)
        rest = line[(top or sub).end():] if (top or sub) else line
        short = len(rest) <= MAX_HEADING and "。" not in rest
        if not short and (top or sub):  # "(十)加强政府自身建设。坚持依法行政。"
            first = rest.split("。", 1)[0]
            if len(first) <= MAX_HEADING and len(first) < len(rest):
                rest, short = first, True
        if short:
            kind, how = _short_heading(text, para, rest, top, sub, rx)
            if kind:
                events.append((start, para.end, kind, line, how))
            if kind or how:
                continue
        elif top:  # a numbered heading glued to its first sentence
            kind, hlen = _glued(rest, rx["top"])
            if kind:
                hend = start + lead + top.end() + hlen
                events.append((start, hend, kind, text[start + lead:hend], "glued"))
                continue
        kind, _ = _classify(line, rx["para"])  # before the closing: "各位代表,刚刚过去的2023年…"
        if kind:
            events.append((start, start, kind, line[:16], "para"))
        elif RE_CLOSING.match(line):
            events.append((start, start, "closing", line[:12], "closing"))
    for mm in RE_MID.finditer(text):
        pos = mm.start(1)
        j = pos
        while j > 0 and text[j - 1] in " \t\u3000":
            j -= 1
        if j == 0 or text[j - 1] == "\n":
            continue  # at the start of a line: handled above
        kind, hlen = _glued(text[mm.end(1):mm.end(1) + MAX_HEADING], rx["top"])
        if kind:
            hend = mm.end(1) + hlen
            events.append((pos, hend, kind, text[pos:hend], "glued"))
    events.sort()
    return events


def _short_heading(text: str, para: Paragraph, rest: str, top, sub, rx: dict) -> tuple:
    """(kind, how) of a short line: a heading of a known kind, a numbered one judged by the text
    under it ("content"), or nothing; how is "skip" when the line can be nothing else."""
    if not (top or sub) and _classify(rest, rx["headline"])[0]:
        return None, "skip"  # a news headline, a line of its own: 市长谈2025年发展目标
    if top:
        kind, _ = _classify(rest, rx["num"])
        if kind is None:
            return _guess_unknown(text, para.end, rx), "content"
        return kind, "heading"
    if sub:
        kind, _ = _classify(rest, rx["sub"])
    else:
        kind, _ = _classify(rest, rx["top"])
        if kind is None:
            kind, _ = _classify(rest, rx["bare"])
    return kind, "heading" if kind else None


def _flat_events(text: str, para: Paragraph, rx: dict) -> list[tuple]:
    """Headings and paragraph cues at sentence starts inside a paragraph too long to be one (a
    copy with every line break removed: "…请予审议。二〇二三年工作回顾过去的一年,…"): a year's
    heading run into its text, or a paragraph cue ("各位代表,刚刚过去的2023年,…")."""
    out = []
    for m in RE_SENTENCE_START.finditer(text, para.start, para.end):
        pos = m.end()
        window = text[pos:pos + MAX_HEADING]
        if RE_HEADING_OPENER.match(window):
            kind, hlen = _glued(window, rx["sub"])
            if kind:
                out.append((pos, pos + hlen, kind, window[:hlen], "glued"))
                continue
        kind, _ = _classify(text[pos:pos + 60], rx["para"])
        if kind:
            out.append((pos, pos, kind, window[:16], "para"))
    return out


def _guess_unknown(text: str, pos: int, rx: dict) -> Optional[str]:
    """A numbered top-level heading of no known kind ("二、坚定信心 真抓实干"): plan when the
    text under it speaks of this year's targets, the review when it speaks of the past year
    ("一、砥砺奋进,经济社会发展取得新成效" over "过去一年,…2023年全市…")."""
    body = text[pos:pos + 600]
    nxt = RE_NEXT_TOP.search(body)  # the text under this heading only
    body = body[:nxt.start()] if nxt else body
    plan = len(rx["plan_cue"].findall(body))
    result = len(rx["result_cue"].findall(body))
    if plan >= 2 and plan > result:
        return PLAN
    if result >= 2 and result > 2 * plan:
        return RESULT
    return None


def _default_kind(text: str, rx: dict, targets=()) -> str:
    """The kind of a text without headings, from the cues of its opening; a target list
    (judged apart, see _target_lists) does not make the rest of a news story a plan."""
    opening = text[:1500]
    for a, b in reversed(targets):
        opening = opening[:a] + opening[b:]
    result = len(rx["result_cue"].findall(opening))
    plan = len(rx["plan_cue"].findall(opening))
    return PLAN if plan > result else RESULT


RE_SENTENCE = re.compile(r"[^。!?;！？；\n]+[。!?;！？；\n]*")


def _headless(text: str, rx: dict, default: str, year_of: dict) -> list[Section]:
    """A text without headings (a news story quoting a report, a short excerpt): each sentence is
    the review's or the plan's by its own cues ("2024年,全市…", "过去一年…" against "今年…",
    "2025年…目标"); a sentence with neither or both goes with the one before."""
    sections: list[Section] = []
    cur = default
    result_in, plan_in = _NextMatch(rx["result_cue"], text).within, _NextMatch(rx["plan_cue"], text).within
    for m in RE_SENTENCE.finditer(text):
        s, e = m.span()
        r, p = result_in(s, e), plan_in(s, e)
        kind = RESULT if r and not p else PLAN if p and not r else cur
        if sections and sections[-1].kind == kind:
            sections[-1].end = e
        else:
            start = sections[-1].end if sections else 0
            sections.append(Section(kind, start, e, "", year_of.get(kind), kind))
        cur = kind
    if not sections:
        return [Section(default, 0, len(text), "", year_of.get(default), default)]
    sections[-1].end = len(text)
    return sections


class _NextMatch:
    """Whether a pattern matches inside spans asked in text order, from its next match in the
    whole text: a span that ends before that match holds none, without a search (a text of
    34,000 short lines and no headings asked two searches a line).  For a pattern without
    anchors or look-arounds (the cues): a match inside a span is a match in the text too."""

    def __init__(self, rx: re.Pattern, text: str):
        self.rx, self.text = rx, text
        self.m = rx.search(text)

    def within(self, start: int, end: int) -> bool:
        m = self.m
        if m is not None and m.start() < start:
            m = self.m = self.rx.search(self.text, start)
        if m is None or m.start() >= end:
            return False
        if m.end() <= end:
            return True
        return self.rx.search(self.text, start, end) is not None  # "2024\n年": it runs past the span


def _out(kind: str) -> str:
    return kind if kind in (RESULT, PLAN) else OTHER


def split_sections(text: str, review_year=None, plan_year=None,
                   paras: Optional[list[Paragraph]] = None) -> list[Section]:
    """The sections of the (cleaned, matching) text; `paras` is its layout layer
    (layout.paragraphs(text) when not given)."""
    text = text or ""
    if not text:
        return [Section(OTHER, 0, 0)]
    rx = _compiled(review_year if isinstance(review_year, int) else None,
                   plan_year if isinstance(plan_year, int) else None)
    paras = paragraphs(text) if paras is None else paras
    events = _events(text, rx, paras)
    targets = _target_lists(text, paras, review_year)
    # a heading with (almost) nothing under it at the very end is a caption, not a section
    trailing_kind = None
    while events and events[-1][4] == "heading" and len(text[events[-1][1]:].strip()) <= 5:
        trailing_kind = events.pop()[2]
    year_of = {RESULT: review_year, PLAN: plan_year}
    heads = [e for e in events if e[4] in ("heading", "glued", "content")]
    if not heads and not trailing_kind:  # a news story, a short copy: sentence by sentence
        sections = _headless(text, rx, _out(_default_kind(text, rx, targets)), year_of)
    else:
        sections = _Walk(text, year_of).run(events, heads, _first_kind(text, rx, heads, trailing_kind,
                                                                        targets))
    for a, b in targets:
        sections = _carve(sections, a, b, plan_year)
    return sections


def _first_kind(text: str, rx: dict, heads: list, trailing_kind, targets) -> str:
    """The kind of the text before the first heading: the opening (other), unless a review
    stands there without a heading of its own (200 characters looking back, then the plan)."""
    if not heads:
        return _out(trailing_kind or _default_kind(text, rx, targets))
    if heads[0][2] == PLAN:
        pre = text[:heads[0][0]]
        if len(pre.strip()) >= 200 and rx["result_cue"].search(pre):
            return RESULT
    return OTHER


class _Walk:
    """Sections opened event by event, in text order."""

    def __init__(self, text: str, year_of: dict):
        self.n = len(text)
        self.year_of = year_of
        self.sections: list[Section] = []

    def open(self, pos: int, kind: str, heading: str) -> None:
        secs, kind_out = self.sections, _out(kind)
        if secs and secs[-1].start == pos:
            secs.pop()
        if (secs and secs[-1].kind == kind_out and (secs[-1].heading or not heading)
                and (secs[-1].part == FIVE) == (kind == FIVE)):
            return  # the same kind goes on under a new heading (the preamble keeps to itself)
        if secs:
            secs[-1].end = pos
        secs.append(Section(kind_out, pos, self.n, heading[:60], self.year_of.get(kind_out), kind))

    def run(self, events: list, heads: list, first: str) -> list[Section]:
        self.sections = [Section(first, 0, self.n, "", self.year_of.get(first),
                                 first if first != OTHER else "")]
        cur, five_open, seen_plan = first, False, False
        last_head = heads[-1][0] if heads else 0
        for start, _end, kind, heading, how in events:
            if how == "para":
                if kind == FIVE and cur == RESULT:
                    self.open(start, FIVE, heading)
                    cur, five_open = OTHER, True
                elif kind == RESULT and five_open and cur == OTHER:
                    self.open(start, RESULT, heading)
                    cur, five_open = RESULT, False
                continue
            if how == "closing":
                if cur == PLAN and start >= last_head and start >= 0.75 * self.n:
                    self.open(start, "closing", heading)
                    cur = OTHER
                continue
            if kind == CONDUCT and cur == RESULT:
                continue  # the year's work on the government itself is part of the review
            if how == "content" and kind == RESULT and (seen_plan or cur == RESULT):
                continue  # a task heading of the plan whose text looks back ("一、…" under 二、)
            seen_plan = seen_plan or kind == PLAN
            self.open(start, kind, heading)
            cur = OTHER if kind in (FIVE, FIVE_PLAN, CONDUCT) else kind
            five_open = kind in (FIVE, FIVE_PLAN)
        return self.sections


# ---- a target list found by its content ------------------------------------------------------
# "今年经济社会发展的主要预期目标是:地区生产总值增长6%左右,…" is the plan wherever it stands:
# under a review heading of a flattened copy, in a news lead that quotes it, in the opening.
RE_TARGET_CUE = re.compile(r"(?:主要预期目标|预期目标|主要目标|发展目标)(?:是|为|如下)?\s*[:：是为]")
RE_TARGET_RATE = re.compile(r"\d+(?:\.\d+)?%(?:左右|以上|以内|以下)|(?:不低于|不超过|力争|增长)\d+(?:\.\d+)?%")
RE_RECALLED = re.compile(r"年初|去年|上年|完成了|实现了")  # 年初确定的主要预期目标是: (recalled)
TARGET_WINDOW = 500  # the list follows its cue within this many characters
MIN_TARGET_RATES = 2


def _target_lists(text: str, paras: list[Paragraph], review_year) -> list[tuple[int, int]]:
    """(start, end) of each target list: a cue (主要预期目标是:) then at least two rates
    (增长7%, 6%左右, 5.5%以内) in the same paragraph.  A list recalled in a review ("年初确定的主要预期目标
    全面完成", "2023年主要目标是…") or a five-year one (年均) is not this year's plan."""
    out = []
    for para in paras:
        seg_end = para.end
        for m in RE_TARGET_CUE.finditer(text, para.start, seg_end):
            lo = max(para.start, m.start() - 200)  # the sentence's start, looked for nearby
            sent = max(lo, max(text.rfind(c, lo, m.start()) for c in "。;!?") + 1)
            before = text[sent:m.start()]
            if RE_RECALLED.search(before) or (review_year and str(review_year) in before):
                continue
            stop = min(seg_end, m.end() + TARGET_WINDOW)
            end = text.find("。", m.end(), stop)  # the list is one sentence (items split by ;)
            stop = end + 1 if end >= 0 else stop
            rates = list(RE_TARGET_RATE.finditer(text, m.end(), stop))
            if len(rates) < MIN_TARGET_RATES or "年均" in text[m.end():rates[-1].end()]:
                continue
            out.append((sent, stop))
    return out


def _carve(sections: list[Section], start: int, end: int, year) -> list[Section]:
    """Cut a plan section [start, end) out of the section that holds it (unless it is a plan or
    a five-year part already)."""
    out = []
    for s in sections:
        if s.end <= start or s.start >= end or s.kind == PLAN or s.part in (FIVE, FIVE_PLAN):
            out.append(s)
            continue
        a, b = max(start, s.start), min(end, s.end)
        if a > s.start:
            out.append(Section(s.kind, s.start, a, s.heading, s.year, s.part))
        out.append(Section(PLAN, a, b, "", year, "targets"))
        if b < s.end:
            out.append(Section(s.kind, b, s.end, "", s.year, s.part))
    return out


def section_at(sections: list[Section], pos: int) -> Section:
    for s in sections:
        if s.start <= pos < s.end:
            return s
    return sections[-1] if sections else Section(OTHER, 0, 0)

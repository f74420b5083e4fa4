"""Why a figure is (or is not) in the table: the parser's decisions, sentence by sentence.

`python -m lib explain FILE --indicator gdp_growth` and the 报告 page both call `explain()`:
it picks the sentences that name the indicator (or hold the text the user typed) and lists
every candidate figure in them with what the parser did with it and the rule that decided,
in Chinese ("3.2个百分点: 舍弃 — 百分点是两个比率之差,不是指标本身的值").
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..lang.data import DATA
from ..lang.vocab import indicators
from .doc import Decision, Doc

_SENT_END = re.compile(r"[。!?;!?;\n]")
SECTION_ZH = {"result": "回顾(实绩)", "plan": "计划(目标)", "other": "其他"}
OUTCOME_ZH = {"kept": "保留为指标", "dropped": "舍弃"}


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Why:
    """One candidate figure of one sentence, with the rule's explanation for people."""

    sentence: Sentence
    decision: Decision
    explanation: str

    @property
    def indicator_label(self) -> str:
        ind = indicators().get(self.decision.indicator)
        return ind.label if ind else ""


@lru_cache(maxsize=1)
def rule_texts() -> dict[str, str]:
    """Rule code -> Chinese explanation (lib/data/rules.csv)."""
    path = DATA / "rules.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#"))
        return {r["code"]: r["explanation_zh"] for r in rows}


def sentence_at(text: str, pos: int) -> Sentence:
    """The sentence around `pos`: from after the previous 。!?; or line end to the next one."""
    lo = max(text.rfind(c, 0, pos) for c in "。!?;!?;\n") + 1
    m = _SENT_END.search(text, pos)
    hi = m.end() if m else len(text)
    return Sentence(lo, hi, text[lo:hi].strip())


def _names_of(key: str) -> tuple[str, ...]:
    """The label and aliases of an indicator and of its level ("gdp_growth" also 生产总值)."""
    inds = indicators()
    keys = [key] + ([key[: -len("_growth")]] if key.endswith("_growth") else [])
    out = []
    for k in keys:
        ind = inds.get(k)
        if ind:
            out += [ind.label, *ind.aliases]
    return tuple(sorted(set(out), key=len, reverse=True))


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _positions(doc: Doc, needles) -> list[int]:
    """Where any needle stands in the shown text or in its simplified matching copy."""
    hay = [doc.text] + ([doc.cleaned.match] if getattr(doc.cleaned, "match", None) else [])
    out = set()
    for needle in needles:
        needle = _fold(needle).strip()
        if not needle:
            continue
        for h in hay:
            i = h.find(needle)
            while i >= 0:
                out.add(i)
                i = h.find(needle, i + 1)
    return sorted(out)


def _sentences(doc: Doc, positions) -> list[Sentence]:
    seen, out = set(), []
    for p in positions:
        s = sentence_at(doc.text, p)
        if s.start not in seen:
            seen.add(s.start)
            out.append(s)
    return out


def explain(doc: Doc, indicator: Optional[str] = None, near: Optional[str] = None) -> list[Why]:
    """Every candidate figure in the sentences that name `indicator` or hold `near`
    (all decisions when neither is given), in text order."""
    rules = rule_texts()
    if indicator is None and not near:
        chosen = None
    else:
        needles = list(_names_of(indicator)) if indicator else []
        needles += [near] if near else []
        chosen = _sentences(doc, _positions(doc, needles))
        for d in doc.decisions:  # a figure bound to the indicator from a sentence not naming it
            if indicator and d.indicator == indicator:
                chosen.append(sentence_at(doc.text, d.start))
        chosen = {s.start: s for s in chosen}
    out = []
    for d in sorted(doc.decisions, key=lambda d: d.start):
        s = sentence_at(doc.text, d.start)
        if chosen is not None and s.start not in chosen:
            continue
        out.append(Why(s, d, rules.get(d.rule, d.rule)))
    return out


def explain_at(doc: Doc, pos: int) -> list[Why]:
    """Every candidate figure of the sentence around `pos` (a fact the user clicked)."""
    s = sentence_at(doc.text, pos)
    rules = rule_texts()
    return [Why(s, d, rules.get(d.rule, d.rule)) for d in sorted(doc.decisions, key=lambda d: d.start)
            if s.start <= d.start < s.end]


def table_rows(whys: list[Why]) -> list[dict]:
    """Rows for the 报告 page (Chinese headers), one per candidate figure."""
    return [{"数字": w.decision.figure, "结果": OUTCOME_ZH.get(w.decision.outcome, w.decision.outcome),
             "指标": w.indicator_label, "部分": SECTION_ZH.get(w.decision.section, ""),
             "原因": w.explanation, "规则": w.decision.rule, "句子": w.sentence.text}
            for w in whys]


def silent_sentences(doc: Doc, indicator: Optional[str] = None, near: Optional[str] = None) -> list[Sentence]:
    """Sentences that match but hold no candidate figure at all (the parser saw nothing there)."""
    if indicator is None and not near:
        return []
    needles = list(_names_of(indicator)) if indicator else []
    needles += [near] if near else []
    with_decisions = {sentence_at(doc.text, d.start).start for d in doc.decisions}
    return [s for s in _sentences(doc, _positions(doc, needles)) if s.start not in with_decisions]


def describe(why: Why) -> str:
    """One line: the figure, what became of it, for which indicator, and why."""
    d = why.decision
    what = OUTCOME_ZH.get(d.outcome, d.outcome)
    target = f" → {why.indicator_label or d.indicator}" if d.indicator else ""
    where = f"[{SECTION_ZH.get(d.section, d.section)}] " if d.section else ""
    return f"{d.figure}  {what}{target}  {where}— {why.explanation} ({d.rule})"


def format_report(doc: Doc, whys: list[Why], silent: list[Sentence]) -> str:
    """The command line's plain-text answer, grouped by sentence."""
    lines = [f"{doc.file}: {doc.meta.place if doc.meta else ''}, "
             f"{len(doc.facts)} 条指标, {len(doc.decisions)} 个候选数字"]
    last = None
    for w in whys:
        if w.sentence.start != last:
            last = w.sentence.start
            lines += ["", f"句子 @{w.sentence.start}: {w.sentence.text}"]
        lines.append("  " + describe(w))
    for s in silent:
        lines += ["", f"句子 @{s.start}: {s.text}", "  (句中没有解析器可用的候选数字)"]
    if not whys and not silent:
        lines += ["", "没有找到相关的句子。"]
    return "\n".join(lines)

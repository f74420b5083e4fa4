"""The context words the binder looks at (lib/data/context.csv, stock.csv, subareas), as
regexes built once."""
from __future__ import annotations

import re
from functools import lru_cache

from ..lang.lexicon import _rows, alternation, lexicon


class Words:
    """Regexes over the context words, built once."""

    def __init__(self):
        lx = lexicon()
        by = {}
        for w, role in lx.context.items():
            by.setdefault(role, []).append(w)
        growth = alternation(by.get("growth", []) + by.get("decline", []))
        self.growth = re.compile(growth)
        self.decline = set(by.get("decline", []))
        self.skip = re.compile(alternation(by.get("skip", [])))
        self.keep = re.compile(alternation(by.get("keep", [])))  # 全年累计: within the year
        self.stock_total = re.compile(alternation(by.get("stock_total", [])))  # 累计达到109家
        self.new = re.compile(alternation(by.get("new", [])))  # 新增13家 (then 总数达201家)
        self.post = tuple(wd for wd, (pos, _) in lx.qualifiers.items() if pos == "post")
        self.period = re.compile(alternation(by.get("period", [])))
        self.breaker = re.compile(alternation(by.get("break", [])))
        self.to_level = re.compile(rf"(?:{growth})(?:到|至)")
        self.estimate = re.compile(alternation(by.get("estimate", [])))
        self.subarea = re.compile(alternation(lx.subareas))
        self.subject = re.compile(alternation(lx.subjects))
        # "由4.14亿元增长到8.56亿元", "从2015年的74微克降至44.8微克": a start and an end level
        year_of = r"(?:(?:19|20)\d\d年(?:底|末)?的?)?"
        self.start_from = re.compile(rf"(?:{alternation(by.get('start_from', []))}){year_of}$")
        verbs = alternation(by.get("growth", []) + by.get("decline", []) + by.get("level_verb", []))
        self.start_to = re.compile(rf"(?:{verbs})?(?:到|至)了?{year_of}$")
        # in a five-year review, a level reached ("达到3.62万亿元", "控制在4.5%以内") is the
        # end of the period, the reviewed year's figure; an opener makes its paragraph a review
        self.level_to = re.compile(rf"(?:{alternation(by.get('level_to', []))})了?{year_of}$")
        self.level_pre = re.compile(alternation(by.get("level_to", [])))
        self.opener = re.compile(alternation(by.get("period_opener", [])))
        self.continuation = re.compile(
            rf"^\s*(?:(?:19|20)\d\d年(?:底|末)?|其中|全年|同比|同口径|可比|按可比口径|比上年|较上年|比去年|较去年|[比较](?:19|20)\d\d年|分别|均|总|总计|合计|按可比价格?计算)?(?:完成|年度计划|年度)?"
            rf"(?:{growth}|投资|总投资|总额|金额|投资额|规模|产量|年产量|总产量|年总产|总产|总量|数量|数)?"
            rf"(?:了|为|达|达到|至|到|实现|完成|突破|超过|超|约|近|稳定在|保持在)?\s*$")


@lru_cache(maxsize=1)
def words() -> Words:
    return Words()


@lru_cache(maxsize=1)
def increment_words() -> dict:
    """Stock indicators and the words that make a figure after them an increment."""
    return {r["key"]: re.compile(r["increment_words"]) for r in _rows("stock.csv")}


@lru_cache(maxsize=1)
def total_words() -> dict:
    """Indicators of a year's additions and the words that make a figure after them a stock."""
    return {r["key"]: re.compile(r["total_words"]) for r in _rows("flows.csv")}

"""Which years a report reviews and plans for: the session date, the review and plan headings,
the title, and for news and blog copies the words around each year (data/year_cues.csv)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .places import HEAD, _read_rows

# ---- years ------------------------------------------------------------------------------------

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ο": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CNY = "[〇○零OΟ一二三四五六七八九]"
RE_DATE = re.compile(
    r"((?:19|20)\d\d|[一二]" + _CNY + r"{3})\s*年\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?:(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日)?")  # 2024年1月 alone too
RE_SESSION_AFTER = re.compile(r"[\s)）]*在[\s\S]{0,50}?(?:人民代表大会|人大)")
RE_SESSION_BEFORE = re.compile(r"(?:人民代表大会|人大)[^。]{0,30}会议上?[\s(（]*$")
_HY = r"((?:19|20)\d\d|[一二][〇○零一二三四五六七八九]{3})"  # 2023, 二〇二三 (a heading's year)
RE_REVIEW_H = re.compile(_HY + r"\s*年度?(?:的)?(?:政府|全[省市区县州])?(?:工作)?回顾")
RE_PLAN_H = re.compile(
    _HY + r"\s*年(?:度)?(?:的)?(?:政府|全[省市区县州]|经济社会发展|经济社会)?(?:的)?"
    r"(?:工作安排|工作任务|重点工作|主要工作|工作的?总体要求|总体要求|主要(?:预期)?目标|预期目标|"
    r"目标任务|工作部署|工作建议)(?![^\n]{0,6}(?:完成|情况|落实))")
RE_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?[^\n]{0,16}?政府工作报告|"
                           r"政府工作报告\s*[(（\[【]((?:19|20)\d\d)\s*年?[)）\]】]")  # 报告(2024)
RE_IS_YEAR = re.compile(r"((?:19|20)\d\d)年是")
RE_ANY_YEAR = re.compile(r"(?<![到至—\-~])((?:19|20)\d\d)年(?![底末初代])")
PLAN_CUES = ("今年", "总体要求", "工作安排", "预期目标", "工作任务")


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if all(ch in CN_DIGITS for ch in s) and len(s) == 4:
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN_DIGITS.get(a, 1) if a else 1) * 10 + (CN_DIGITS.get(b, 0) if b else 0)
    return CN_DIGITS.get(s, 0)


@dataclass
class YearGuess:
    review: Optional[int] = None
    plan: Optional[int] = None
    delivered: str = ""
    evidence: str = ""


def _ok_year(y: int) -> bool:
    return 1990 <= y <= 2100


RE_HEADING_START = re.compile(r"(?:^|[\n。!?;:])[\s#*]*(?:第?[一二三四五六七八九十]{1,3}(?:部分)?[、.\s]\s*)?$")


def _first_heading(rx: re.Pattern, text: str):
    """The first match that stands where a heading stands (a line start, after its number),
    else the first match at all."""
    first = None
    for m in rx.finditer(text):
        if not _ok_year(_cn_int(m.group(1))):
            continue
        if RE_HEADING_START.search(text, max(0, m.start() - 12), m.start()):
            return m
        first = first or m
    return first


def infer_years(text: str, title: str = "") -> YearGuess:
    head = text[:HEAD]
    for m in RE_DATE.finditer(head):
        if not (RE_SESSION_AFTER.match(head, m.end())
                or RE_SESSION_BEFORE.search(head, max(0, m.start() - 60), m.start())):
            continue  # a date in the text, not the session's
        try:
            y, mo = _cn_int(m.group(1)), _cn_int(m.group(2))
            d = _cn_int(m.group(3)) if m.group(3) else 0
        except (KeyError, ValueError):
            continue
        if not (_ok_year(y) and 1 <= mo <= 12 and 0 <= d <= 31):
            continue
        review = y if mo >= 10 else y - 1
        iso = f"{y:04d}-{mo:02d}-{d:02d}" if d else ""
        day = f"{d}日" if d else ""
        return YearGuess(review, review + 1, iso,
                         f"会议日期{y}年{mo}月{day} → 回顾{review}年、计划{review + 1}年")
    r = _first_heading(RE_REVIEW_H, text)
    p = _first_heading(RE_PLAN_H, text)
    if r is not None:
        ry = _cn_int(r.group(1))
        why = f"小标题「{r.group(0).strip()}」"
        if p is not None and _cn_int(p.group(1)) == ry + 1:
            why += f"、「{p.group(0).strip()}」"
        return YearGuess(ry, ry + 1, "", why + f" → 回顾{ry}年、计划{ry + 1}年")
    if p is not None:
        py = _cn_int(p.group(1))
        return YearGuess(py - 1, py, "", f"小标题「{p.group(0).strip()}」 → 回顾{py - 1}年、计划{py}年")
    m = RE_TITLE_YEAR.search(title) or RE_TITLE_YEAR.search(head[:300])
    if m and _ok_year(int(m.group(1) or m.group(2))):
        y = int(m.group(1) or m.group(2))
        return YearGuess(y - 1, y, "", f"标题「{m.group(0).strip()}」 → {y}年报告,回顾{y - 1}年、计划{y}年")
    voted = _voted_years(text)
    if voted is not None:
        return voted
    m = next((x for x in RE_IS_YEAR.finditer(text) if _ok_year(int(x.group(1)))), None)
    if m:
        y = int(m.group(1))
        before = text[max(0, m.start() - 200):m.start()]
        if any(c in before for c in PLAN_CUES):
            return YearGuess(y - 1, y, "", f"开头「{m.group(0)}…」(今年) → 回顾{y - 1}年、计划{y}年")
        return YearGuess(y, y + 1, "", f"开头「{m.group(0)}…」 → 回顾{y}年、计划{y + 1}年")
    years = Counter(int(y) for y in RE_ANY_YEAR.findall(text) if _ok_year(int(y)))
    if years:
        y, c = years.most_common(1)[0]
        return YearGuess(y, y + 1, "", f"文中最常见的年份{y}年({c}次),推测为回顾年份")
    return _story_date(text[:HEAD]) or YearGuess(evidence="文中没有可用的年份线索")


@lru_cache(maxsize=1)
def _year_cues() -> tuple:
    """(regex of the words before a year, of the words after it, role of each word)."""
    rows = _read_rows("year_cues.csv")
    role = {(r["where"], r["word"]): r["role"] for r in rows}
    before = re.compile("(?:" + "|".join(re.escape(r["word"]) for r in rows if r["where"] == "before")
                        + r")\s*$")
    after = re.compile("|".join(re.escape(r["word"]) for r in rows if r["where"] == "after"))
    return before, after, role


RE_CLAUSE_STOP = re.compile(r"[。;!?\n]")
CUE_WINDOW = 30  # the clause after a year, read this far at most


def _voted_years(text: str) -> Optional[YearGuess]:
    """Each year the text names votes by the words around it ("谈2025年发展目标": plan 2025;
    "去年全市…", "2024年完成投资…": review 2024): the reading (review Y, plan Y+1) with the
    most votes wins, if it wins clearly.  News stories and blog posts are read so, not by
    their own dates."""
    before_rx, after_rx, role = _year_cues()
    votes: Counter = Counter()  # review year -> votes
    for m in RE_ANY_YEAR.finditer(text):
        y = int(m.group(1))
        if not _ok_year(y):
            continue
        stop = RE_CLAUSE_STOP.search(text, m.end(), m.end() + CUE_WINDOW)
        clause = text[m.end():stop.start() if stop else m.end() + CUE_WINDOW]
        cues = [role[("after", w)] for w in after_rx.findall(clause)]
        if clause[:1] in (",", "，"):
            cues.append("review")  # "2024年,全县…": a sentence about the year under review
        b = before_rx.search(text, max(0, m.start() - 6), m.start())
        if b:
            cues.append(role[("before", b.group(0).strip())])
        for c in cues:
            votes[y if c == "review" else y - 1] += 1
    if not votes:
        return None
    (best, n), *rest = votes.most_common(2) + [(None, 0)]
    if n < 2 * rest[0][1]:
        return None
    return YearGuess(best, best + 1, "", f"文中年份的上下文(回顾{best}年、计划{best + 1}年,{n}处)")


RE_STORY_DATE = re.compile(r"((?:19|20)\d\d)(?:-|/|年)\s*(\d{1,2})(?:-|/|月)\s*\d{1,2}")


def _story_date(head: str) -> Optional[YearGuess]:
    """A story's own date when nothing else names a year (发布时间:2024-02-03): reports are
    delivered from December to March, so a story dated Y (before October) is about the plan of Y."""
    m = RE_STORY_DATE.search(head)
    if not m or not _ok_year(int(m.group(1))) or not 1 <= int(m.group(2)) <= 12:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    review = y if mo >= 10 else y - 1
    return YearGuess(review, review + 1, "", f"文章日期{m.group(0)} → 回顾{review}年、计划{review + 1}年")

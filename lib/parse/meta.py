"""Infer a report's title, place, level and years from its text (no network): the title here,
the place in places.py, the years in years.py; `infer_meta` puts them into one ReportMeta with how
each was inferred."""
from __future__ import annotations

import re

from ..model import ReportMeta
from .places import HEAD, LEVEL_OF, NATION, NATION_ADCODE, choose_place, gazetteer
from .years import infer_years

# ---- title ------------------------------------------------------------------------------------

RE_EXT = re.compile(r"\.(?:docx?|pdf|txt|html?|wps|rtf)$", re.I)
RE_LEADING_NO = re.compile(r"^\d{1,3}、")
RE_TITLE_LABEL = re.compile(r"^(?:标题|题目|文章标题)\s*[:：]\s*")  # a repository's header field
BARE_TITLES = ("工作报告", "政府工作报告")


def infer_title(text: str) -> str:
    """The line naming the report ("XX市2023年政府工作报告"), cleaned; else the first short line
    before the salutation; else ''."""
    first = bare = ""
    body = False  # past "各位代表:": lines are the speech, not its title
    for n, ln in enumerate(text[:HEAD].splitlines()):
        s = RE_EXT.sub("", " ".join(ln.split()))
        if not s:
            continue
        if s.startswith(("各位代表", "同志们")):
            body = True
        elif not first and not body and len(s) <= 40 and "。" not in s and not s.startswith(("——", "在")):
            first = s
        if "工作报告" in s and not body:  # in the speech: "向大会作工作报告", related links
            s = RE_TITLE_LABEL.sub("", RE_LEADING_NO.sub("", s))
            if len(s) > 60:
                s = s[:s.index("工作报告") + 4]
            if s not in BARE_TITLES:
                return s[:60]
            bare = bare or s  # a site's category label ("工作报告"): a fuller title may follow
        if n > 40:
            break
    return (bare or first)[:60]


# ---- the entry point --------------------------------------------------------------------------


def infer_meta(text: str, file: str) -> ReportMeta:
    text = text or ""
    title = infer_title(text)
    years = infer_years(text, title)
    guess = choose_place(text, gazetteer(), years.review)
    meta = ReportMeta(file=file, title=title, review_year=years.review, plan_year=years.plan,
                      delivered=years.delivered, chars=len(text), year_evidence=years.evidence,
                      place_confidence=round(guess.confidence, 2), place_evidence=guess.evidence)
    if guess.nation:
        meta.province, meta.level, meta.adcode = NATION, "国家", NATION_ADCODE
    elif guess.place is not None:
        p = guess.place
        meta.province, meta.city, meta.district = p.key
        meta.level = p.level
        meta.adcode = p.row_for(years.review)[0]
    else:
        meta.level = guess.level if guess.level in LEVEL_OF else ""
    return meta

"""From cleaned text and its sections to Fact records, one Decision per candidate figure.

The engine is small; the knowledge sits in lib/data (see lib/lang/lexicon.py).

1. Quote marks are squeezed out of the matching copy (names.py); offsets map back at the end.
2. Sentences split at 。!?;/line ends (`sentences`); clauses at , 、 :.
3. Period words (过去五年, 十四五…) and paragraphs opened by 五年来 mark a five-year span
   (`_period_scope`): in a plan it is dropped; in a review only the levels reached are kept.
4. Names and quantities (quantities.py) are walked in order (`walk`).  A quantity binds to
   the current subject when it sits in the subject's clause close behind it (bind.clause),
   or opens a later clause of the same sentence with a continuation ("增长7.5%", "同比增长",
   "总投资超900亿元": bind.continuation).  A count glued to a following name binds forward
   ("73个老旧小区": bind.forward_count).  "由X增长到Y" drops X and keeps Y (bind.end_level).
   A coordinated name takes one rate for each of its indicators (bind.coord).  分别 lists
   pair by position (fenbie.py).
5. The subject's family and the figure's dimension and nearby words pick the indicator
   (resolve.py); values go to its canonical unit and must be plausible (plausible.csv).
6. Guards (guards.py, `emit`): sub-areas and other places, percentage points, 年均/累计/五年,
   another year than the section's, 'other' sections, increments of a stock, restatements.
Every rule code is listed with its Chinese explanation in lib/data/rules.csv.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator, Optional

from .clean import Cleaned
from ..model import OTHER, PLAN, RESULT, Fact, ReportMeta
from .context import WINDOW, Run, Sentence
from .fenbie import pair_lists
from .guards import mark_subareas, own_names, skipped
from .names import Hit, find_names, squeeze
from .quantities import COUNTLIKE, Quantity, scan
from .resolve import Binding, resolve, round_value
from .sections import FIVE, section_at
from .words import increment_words, total_words, words
from ..lang.vocab import indicators

__all__ = ["extract_facts", "bind_all", "shown_spans", "Hit"]

_SENT_END = re.compile(r"[。!?;!?;\n]")
_FIGURE_LINE = re.compile(r"[ \t\u3000]*(?:\d+(?:\.\d+)?(?![.、．]\D)|(?:同比|同口径|比上年|较上年)?(?:增长|下降|增速))")
_YEAR = re.compile(r"((?:19|20)\d\d)年(?!度)")
_LIST_GLUE = re.compile(r"[、和与及]")
MAX_GAP = 14
PRE_GAP = 8  # "18户企业入选国家级专精特新": a count, its noun and a verb before the name
_EV_LEAD = " \t\u3000-—·•*"  # characters between a name and its figure in one clause


def extract_facts(cleaned: Cleaned, sections, meta: ReportMeta,
                  decisions: Optional[list] = None) -> list[Fact]:
    """The facts of a report; when `decisions` is a list, one Decision per candidate figure
    (every figure of a sentence that holds a name) is appended to it."""
    return bind_all(cleaned, sections, meta, decisions).facts


def bind_all(cleaned: Cleaned, sections, meta: ReportMeta, decisions: Optional[list] = None) -> Run:
    """The whole binding run: its names and quantities (squeezed-text offsets) and its facts."""
    sq, back = squeeze(cleaned.match)
    names = find_names(sq)
    run = Run(cleaned.text, sq, back, names, scan(sq), words(), sections, meta,
              own_names(meta), decisions)
    run.years = [(m.start(), m.end(), int(m.group(1))) for m in _YEAR.finditer(sq)]
    run.openers = _openers(sq, run.w)
    run.estimates = [(m.start(), m.end()) for m in run.w.estimate.finditer(sq)]
    for sent in sentences(run):
        if sent.names:
            _sentence(run, sent)
    run.facts.sort(key=lambda f: f.fig_start)
    if decisions is not None:
        decisions.sort(key=lambda d: d.start)
    return run


def shown_spans(run: Run, items: list) -> list:
    """Names or quantities with their offsets mapped to the cleaned (shown) text."""
    back = run.back
    return [_moved(x, back(x.start), back(x.end - 1) + 1) for x in items if x.end > x.start]


def _moved(x, start: int, end: int):
    """A copy of the record x (a Hit or a frozen Quantity) at new offsets.  Copying its fields
    directly saves what dataclasses.replace costs (field list, __init__): about 27,000 spans
    (every name and figure) for 60 reports, 0.15 s of 1.7 s."""
    new = object.__new__(type(x))
    new.__dict__.update(x.__dict__)
    new.__dict__["start"], new.__dict__["end"] = start, end
    return new


def sentences(run: Run) -> Iterator[Sentence]:
    """The sentences that hold a figure.  An infographic's "地区生产总值\\n1605.3亿元\\n增长6.1%"
    is one sentence: a line break after a name or a figure, before a line that opens with a
    figure or a growth word, does not end it."""
    sq = run.sq
    ends = {h.end for h in run.names} | {q.end for q in run.quants}
    breaks = [m.end() for m in _SENT_END.finditer(sq)
              if not (m.group() == "\n" and _FIGURE_LINE.match(sq, m.end())
                      and _line_end(sq, m.start()) in ends)]
    pos = 0
    for s_end in breaks + [len(sq)]:
        s_start, pos = pos, s_end
        if s_end <= s_start:
            continue
        qr = run.quants_in(s_start, s_end)
        if not qr:
            continue
        nr = run.names_in(s_start, s_end)
        sent_q = [q for q in run.quants[qr.start:qr.stop] if q.end <= s_end]
        yield Sentence(s_start, s_end, run.names[nr.start:nr.stop], sent_q, qr.start)


def _line_end(sq: str, i: int) -> int:
    """The position after a line's last visible character (the line ends at i)."""
    while i > 0 and sq[i - 1] in " \t\u3000\r":
        i -= 1
    return i


def _sentence(run: Run, sent: Sentence) -> None:
    _period_scope(run, sent)
    for h in sent.names:  # 城镇居民 is urban income only after 可支配收入 in the sentence
        if h.name.after and run.sq.find(h.name.after, max(sent.start, h.start - WINDOW), h.start) < 0:
            h.suppressed = "drop.ellipsis"
    mark_subareas(run, sent)
    pair_lists(run, sent, emit)
    walk(run, sent)


def _period_scope(run: Run, sent: Sentence) -> None:
    """过去五年, 十四五以来…: the figures after the words are the period's, not one year's,
    until the sentence names the section's own year ("“十四五”以来…,2024年达到1.3万亿元");
    figures before them are the year's ("固定资产投资增长4.3%,…提前实现“十四五”规划目标")."""
    m = run.w.period.search(run.sq, sent.start, sent.end)
    k = bisect_left(run.openers, (sent.start + 1,)) - 1  # a paragraph opened by 五年来…
    if _in_five_year_review(run, sent.start):
        lo = sent.start  # the whole five-year part looks back over the period
    elif m is not None:
        lo = m.start()
    elif k >= 0 and run.openers[k][1] > sent.start:
        lo = sent.start
    else:
        return
    sec = section_at(run.sections, run.back(sent.start)) if run.sections else None
    review = sec is not None and (sec.kind == RESULT or sec.part == FIVE)
    year = (sec.year if sec and sec.year else run.meta.review_year if review else run.meta.plan_year)
    j = bisect_left(run.years, (lo,))
    anchor = next((s for s, _, y in run.years[j:j + 8] if s < sent.end and y == year), sent.end)
    if sec is None or sec.kind != PLAN:
        sent.period = (lo, anchor)  # a review keeps the levels reached (see _period_figure)
        return
    for i, q in enumerate(sent.quants):
        if lo <= q.start < anchor:
            sent.used.add(i)
            run.decide(sent, i, "drop.period")


def _openers(sq: str, w) -> list[tuple]:
    """(start, paragraph end) of each paragraph that opens with 五年来, 过去五年, 这五年…"""
    out = []
    for m in w.opener.finditer(sq):
        line_start = sq.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start <= 6:
            end = sq.find("\n", m.end())
            out.append((m.start(), end if end >= 0 else len(sq)))
    return out


def _in_five_year_review(run: Run, pos: int) -> bool:
    sec = section_at(run.sections, run.back(pos)) if run.sections else None
    return sec is not None and sec.part == FIVE


def _period_figure(run: Run, sent: Sentence, b: Binding, q: Quantity, rule: str, is_new: bool,
                   cs: int) -> str:
    """In a five-year review, only a level reached is the reviewed year's figure ("由X增长到Y",
    "十三五末…达到Y", "失业率控制在4.5%以内"); rates of change, additions and sums over the
    period are not.  `cs`: the start of the figure's clause.  Returns the drop rule, or ''."""
    if not sent.period or not sent.period[0] <= q.start < sent.period[1]:
        return ""
    measure = indicators()[b.key].measure
    if measure == "growth" or is_new or b.negate:
        return "drop.period"
    if measure in ("rate", "ratio") or rule == "bind.end_level" or run.w.level_pre.match(run.sq, q.start):
        return ""  # a rate is never summed over years: "研发投入强度2.1%" is where it ended
    if rule.startswith("bind.fenbie"):  # "分别达到36841元和20836元": the verb before the list
        ls = run.clause_start(sent.start, q.start, comma_only=True)
        return "" if run.w.level_pre.search(run.sq, max(ls, q.start - WINDOW), q.start) else "drop.period"
    return "" if run.w.level_to.search(run.sq, max(cs, q.start - 12), q.start) else "drop.period"


def walk(run: Run, sent: Sentence) -> None:
    """Names and figures in order: each figure against the current subject."""
    subject: Optional[Hit] = None
    last_end = sent.start
    ni = 0
    end_of = -1  # the figure that ends a "由X增长到Y" whose start the previous one was
    for i, q in enumerate(sent.quants):
        while ni < len(sent.names) and sent.names[ni].start <= q.start:
            subject = sent.names[ni]
            last_end = subject.end
            ni += 1
        if i in sent.used:
            pass
        elif _is_start(run, sent, i):
            run.decide(sent, i, "drop.start_level", subject=subject)
            if subject is not None and _clause_rule(run, sent, q, subject).startswith("bind."):
                end_of = i + 1
        elif i == end_of and subject.name.kind != "block":
            prev = sent.quants[i - 1]
            _bind(run, sent, i, subject, run.sq[prev.end:q.start], "bind.end_level", prev.end)
        elif q.attributive:
            _forward_count(run, sent, i)
        elif subject is None:
            run.decide(sent, i, "drop.no_subject")
        elif subject.name.kind == "block":
            run.decide(sent, i, "drop.blocked", subject=subject)
        elif not (run.decisions is None and _surely_dropped(run, sent, i, subject, last_end)):
            _against_subject(run, sent, i, subject, last_end)
        last_end = q.end


def _surely_dropped(run: Run, sent: Sentence, i: int, subject: Hit, last_end: int) -> bool:
    """When no decision is recorded, a figure that every path would drop is dropped at once,
    before its clause rule and guards: its subject is taken out, or it states an indicator
    the section already has (a sentence that never ends repeats one indicator: 77,000 figures
    in 1 MB, each read by ~15 steps otherwise).  Which rule drops it is not recorded."""
    if subject.suppressed:
        run.decide(sent, i, subject.suppressed)
        return True
    if subject.name.kind == "coord":
        return False
    q = sent.quants[i]
    r = resolve(subject.name.keys, q, run.sq[max(last_end, subject.end):q.start], subject.name.surface)
    if isinstance(r, str):
        run.decide(sent, i, r)
        return True
    sec = run.section(q.start)
    five = sec is not None and sec.part == FIVE
    prior = run.seen.get((r.key, RESULT if five else sec.kind if sec else OTHER))
    if prior is not None and _surely_duplicate(run, sent, prior, q, five):
        run.decide(sent, i, "drop.duplicate")
        return True
    return False


def _is_start(run: Run, sent: Sentence, i: int) -> bool:
    """"由4.14亿元增长到8.56亿元", "从2015年的2.6万亿元增长到2020年的3.62万亿元": the
    first figure is where the period started, not a fact (the second is the end level)."""
    if i + 1 >= len(sent.quants):
        return False
    q, nxt = sent.quants[i], sent.quants[i + 1]
    w = run.w
    return (nxt.start - q.end <= 12 and bool(w.start_to.match(run.sq, q.end, nxt.start))
            and bool(w.start_from.search(run.sq, max(sent.start, q.start - 10), q.start))
            and (q.dim == nxt.dim or not q.dim))


def _forward_count(run: Run, sent: Sentence, i: int) -> None:
    """A count glued to the name that follows: 73个老旧小区, 24户企业晋升专精特新."""
    q = sent.quants[i]
    nxt = run.first_name(q.end, sent.end)
    if not (nxt and nxt.name.kind in ("alias", "weak") and nxt.start - q.end <= PRE_GAP
            and run.next_sep(q.end, nxt.start) is None):
        run.decide(sent, i, "drop.attributive")
        return
    if nxt.suppressed:
        run.decide(sent, i, nxt.suppressed, subject=nxt)
        return
    r = resolve(nxt.name.keys, q, "", nxt.name.surface)
    if isinstance(r, str):
        run.decide(sent, i, r, subject=nxt)
    elif skipped(run, run.clause_start(sent.start, q.start), q.start, q):
        run.decide(sent, i, "drop.period", key=r.key, subject=nxt)
    else:
        emit(run, sent, i, r, "bind.forward_count", nxt, q)
        sent.used.add(i)


def _against_subject(run: Run, sent: Sentence, i: int, subject: Hit, last_end: int) -> None:
    """The figure binds to the subject in its clause, or in a clause that goes on with it."""
    q = sent.quants[i]
    rule = _clause_rule(run, sent, q, subject)
    if not rule.startswith("bind."):
        return run.decide(sent, i, rule, subject=subject)
    _bind(run, sent, i, subject, run.sq[max(last_end, subject.end):q.start], rule)


def _clause_rule(run: Run, sent: Sentence, q: Quantity, subject: Hit) -> str:
    """bind.clause, bind.continuation, or the drop rule of a figure too far from its subject."""
    sq, w = run.sq, run.w
    same_clause = run.next_sep(subject.end, q.start) is None
    cs = run.clause_start(sent.start, q.start)
    goes_on = q.start - cs <= 40 and bool(w.continuation.match(sq[cs:q.start]))
    if subject.name.kind == "weak":  # 粮食…种植面积达172.5万亩,产量达14.3亿斤
        near = same_clause and q.start - subject.end <= MAX_GAP
        rule = "bind.clause" if near else "bind.continuation" if goes_on else "drop.far"
    elif same_clause:
        # 一般公共预算收入中的税收收入98亿元: the name is not the figure's subject
        rule = ("drop.far" if q.start - subject.end > MAX_GAP else
                "drop.part" if w.breaker.search(sq, subject.end, q.start) else "bind.clause")
    else:
        rule = "bind.continuation" if goes_on else "drop.far"
    return rule


def _bind(run: Run, sent: Sentence, i: int, subject: Hit, ctx: str, rule: str,
          year_from: Optional[int] = None) -> None:
    """The figure binds to `subject` by `rule`, unless the subject is taken out or the words
    before it say it is not a year's figure; `ctx` holds the words between them."""
    q = sent.quants[i]
    if subject.suppressed:
        return run.decide(sent, i, subject.suppressed, subject=subject)
    if skipped(run, run.clause_start(sent.start, q.start), q.start, q):
        return run.decide(sent, i, "drop.period", subject=subject)
    if subject.name.kind == "coord":
        return _coordinated(run, sent, i, subject, ctx)
    r = resolve(subject.name.keys, q, ctx, subject.name.surface)
    if isinstance(r, str):
        return run.decide(sent, i, r, subject=subject)
    emit(run, sent, i, r, rule, subject, q, year_from)


def _coordinated(run: Run, sent: Sentence, i: int, subject: Hit, ctx: str) -> None:
    """"城乡居民人均可支配收入增长7%": a rate of change stated once for a coordinated name
    holds for each; a level (30000元) is neither (it is all residents')."""
    q = sent.quants[i]
    if q.dim != "pct":
        return run.decide(sent, i, "drop.coord", subject=subject)
    figures = [i] * len(subject.name.keys)
    nxt = sent.quants[i + 1] if i + 1 < len(sent.quants) else None
    if nxt is not None and len(figures) == 2 and _LIST_GLUE.fullmatch(run.sq, q.end, nxt.start):
        figures = [i, i + 1]  # 城乡居民人均可支配收入增长6.2%和7.5%: one each, in order
        sent.used.add(i + 1)
    for key, k in zip(subject.name.keys, figures):
        r = resolve((key,), sent.quants[k], ctx, subject.name.surface)
        if isinstance(r, str):
            run.decide(sent, k, r, subject=subject)
        else:
            emit(run, sent, k, r, "bind.coord", subject, sent.quants[k])


def emit(run: Run, sent: Sentence, i: int, b: Binding, rule: str, subject: Hit, q: Quantity,
         year_from: Optional[int] = None):
    """Make the fact of binding b, unless a guard of the report drops it; record the decision.
    `q` is the figure as read (a list's shared qualifier applied); years named before
    `year_from` belong to a start level, not to this figure."""
    sec = run.section(q.start)
    kind = sec.kind if sec else OTHER
    five = sec is not None and sec.part == FIVE
    if five:  # "五年来…由4.1亿元增长到8.6亿元": a level reached is the reviewed year's (spec)
        kind = RESULT
    prior = run.seen.get((b.key, kind))
    if prior is not None and run.decisions is None and _surely_duplicate(run, sent, prior, q, five):
        # no decision is recorded, so which rule drops it does not matter: the guards are skipped
        # (a sentence that never ends repeats one indicator: 77,000 figures of 1 MB)
        return run.decide(sent, i, "drop.duplicate")
    cs = run.clause_start(sent.start, q.start)  # one lookup for every guard below
    drop = _report_guard(run, sent, b.key, q, kind, sec, year_from or sent.start, cs)
    if drop:
        return run.decide(sent, i, drop, key=b.key, subject=subject, section=kind)
    year = (sec.year if sec and sec.year else
            (run.meta.review_year if kind == RESULT else run.meta.plan_year))
    is_new = bool(run.w.new.search(run.sq, max(cs, q.start - WINDOW), q.start))
    drop = _period_figure(run, sent, b, q, rule, is_new, cs)
    if drop:
        return run.decide(sent, i, drop, key=b.key, subject=subject, section=kind)
    replace_at = None
    if prior is not None:
        # one figure per indicator and section: the first, unless the same sentence goes on
        # to state it exactly ("突破1万亿元,达到10235亿元")
        idx, prior_sent, prior_new = prior
        if idx in run.from_five and not five:
            replace_at = idx  # the year's own review states it again: that figure wins
        elif prior_sent == sent.start and prior_new and not is_new and q.dim in COUNTLIKE:
            pass  # 新增上市公司13家,总数达201家: the additions, then the stock
        elif not (prior_sent == sent.start and run.facts[idx].qualifier in ("gt", "ge", "near")
                  and q.qualifier == "eq"):
            return run.decide(sent, i, "drop.duplicate", key=b.key, subject=subject, section=kind)
        else:
            replace_at = idx
    if replace_at is None and five:
        run.from_five.add(len(run.facts))
    elif replace_at is not None and not five:
        run.from_five.discard(replace_at)
    fact = _fact(run, sent, b, q, kind, year)
    count = ("increment" if is_new else "total") if q.dim in COUNTLIKE else ""
    d = run.decide(sent, i, rule, key=b.key, subject=subject, section=kind, count=count)
    run.rule_at[fact.fig_start] = rule  # kept without recording decisions too (Fact.parser_rules)
    if replace_at is None:
        run.seen[(b.key, kind)] = (len(run.facts), sent.start, is_new)
        run.kept_at[len(run.facts)] = d
        run.facts.append(fact)
    else:
        _restated(run, replace_at)
        run.kept_at[replace_at] = d
        run.facts[replace_at] = fact


def _surely_duplicate(run: Run, sent: Sentence, prior: tuple, q: Quantity, five: bool) -> bool:
    """The figure will be dropped as a duplicate (below, in `emit`) whatever the guards say."""
    idx, prior_sent, prior_new = prior
    if idx in run.from_five and not five:
        return False
    if prior_sent != sent.start:
        return True
    return not ((prior_new and q.dim in COUNTLIKE)
                or (run.facts[idx].qualifier in ("gt", "ge", "near") and q.qualifier == "eq"))


def _restated(run: Run, idx: int) -> None:
    """The round figure an exact one replaced ("突破1万亿元,达到10235亿元"): dropped."""
    from dataclasses import replace

    from .doc import DROPPED

    d = run.kept_at.get(idx)
    if run.decisions is not None and d is not None:
        run.decisions[d] = replace(run.decisions[d], outcome=DROPPED, rule="drop.threshold")


def _report_guard(run: Run, sent: Sentence, key: str, q: Quantity, kind: str, sec,
                  year_from: int, cs: int) -> str:
    """The rule code that drops a bound figure for the report's reasons, or ''
    (`cs`: the start of the figure's clause)."""
    inc = increment_words().get(key)
    if inc and inc.search(run.sq, max(cs, q.start - WINDOW), q.start):
        return "drop.increment"  # 新增市场主体5230户: an increment of a stock
    tot = total_words().get(key)
    if tot and tot.search(run.sq, max(cs, q.start - WINDOW), q.start):
        return "drop.stock"  # 停车泊位总数达到12万个: the stock, not the year's new spaces
    if kind == OTHER:
        return "drop.other_section"
    year = (sec.year if sec and sec.year else
            (run.meta.review_year if kind == RESULT else run.meta.plan_year))
    if year and _other_year(run, year_from, q.start, year):
        return "drop.other_year"
    return ""


def _other_year(run: Run, lo: int, hi: int, year: int) -> bool:
    """Another year named in the sentence before the figure: not this year's value; but
    "较2022年增长6%" in the 2023 review compares with the year before, as 比上年 does."""
    j = bisect_left(run.years, (hi,)) - 1
    while j >= 0 and run.years[j][0] >= lo:
        s, e, y = run.years[j]
        if e <= hi and not (y == year - 1 and run.sq[s - 1:s] in "比较"):
            return y != year
        j -= 1
    return False


def _fact(run: Run, sent: Sentence, b: Binding, q: Quantity, kind: str, year) -> Fact:
    value = -b.value if b.negate else b.value
    vh = None
    if q.qualifier == "range" and q.base_high is not None:
        vh = round_value(value * q.base_high / q.base) if q.base else q.value_high
    text, back = run.text, run.back
    s0, e0 = back(sent.start), back(sent.end - 1) + 1
    ev = text[s0:e0]
    s0 += len(ev) - len(ev.lstrip(_EV_LEAD))
    e0 = s0 + len(text[s0:e0].rstrip())
    ind = indicators()[b.key]
    return Fact(indicator=b.key, label=ind.label, section=kind, year=year,
                value=round_value(value), unit=b.unit, qualifier=q.qualifier, value_high=vh,
                estimated=_estimated(run, sent.start, q.start), evidence=text[s0:e0], start=s0,
                end=e0, fig_start=back(q.start), fig_end=back(q.end - 1) + 1, category=ind.category)


def _estimated(run: Run, lo: int, hi: int) -> bool:
    """预计 in the sentence before the figure."""
    j = bisect_left(run.estimates, (lo,))
    return j < len(run.estimates) and run.estimates[j][1] <= hi

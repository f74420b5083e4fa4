"""From cleaned text and its sections to Fact records.

The engine is small; the knowledge sits in lib/data (see lib/lang/lexicon.py).

1. Quote marks are squeezed out of the matching copy (“专精特新”中小企业 reads as
   专精特新中小企业); offsets are mapped back at the end.
2. Sentences split at 。!?;/line ends; clauses at , 、 :.
3. Names (Aho-Corasick, longest leftmost) and quantities (lib/parse/quantities.py) are
   walked in order.  A quantity binds to the current subject when it sits in the
   subject's clause close behind it, or opens a later clause of the same sentence
   with a continuation ("增长7.5%", "同比增长", "总投资超900亿元").  A count glued to
   a following name binds forward ("73个老旧小区").  "A、B分别…X和Y" pairs by position,
   as do "A X、B Y,分别增长x和y" and a clause that goes on with the list ("…,增长x、y").
4. The subject's family (x and x_growth, plus links) and the quantity's dimension
   and nearby words (增长/下降) pick the indicator; values go to its canonical unit.
5. Guards: a sub-area before the name (园区, 新区, 集团, 跨境电商…), percentage points,
   年均/累计/五年 clauses, another year than the section's, 'other' sections.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Optional

from .clean import Cleaned
from ..lang.lexicon import Name, alternation, lexicon
from ..model import OTHER, RESULT, Fact, ReportMeta
from .quantities import COUNTLIKE, Quantity, scan
from .sections import section_at
from ..lang.vocab import indicators

QUOTES = "“”\"‘’'「」『』"
_QUOTE_RE = re.compile(f"[{re.escape(QUOTES)}]")
_SENT_END = re.compile(r"[。!?;!?;\n]")
_CLAUSE_SEP = re.compile(r"[,,、::]")
_COMMA_SEP = re.compile(r"[,,::]")
_FIGURE_LINE = re.compile(r"[ \t\u3000]*(?:\d+(?:\.\d+)?(?![.、．]\D)|(?:同比|同口径|比上年|较上年)?(?:增长|下降|增速))")
_YEAR = re.compile(r"((?:19|20)\d\d)年(?!度)")
_FENBIE = "分别"
_ITEM_SEP = re.compile(r"[、和与及]")
MAX_GAP = 14
PRE_GAP = 8  # "18户企业入选国家级专精特新": a count, its noun and a verb before the name
_EV_LEAD = " \t\u3000-—·•*"  # characters between a name and its figure in one clause


@dataclass
class Hit:
    start: int
    end: int
    name: Name
    suppressed: bool = False


def _squeeze(match: str):
    """Drop quote marks; return the squeezed text and a function mapping its offsets back."""
    removed = [m.start() for m in _QUOTE_RE.finditer(match)]
    if not removed:
        return match, (lambda i: i)
    sq = _QUOTE_RE.sub("", match)
    adj = [p - j for j, p in enumerate(removed)]
    return sq, (lambda i: i + bisect_right(adj, i))


def _names(sq: str) -> list[Hit]:
    """Longest leftmost non-overlapping name matches."""
    found = []
    for end, name in lexicon().automaton.iter(sq):
        found.append((end + 1 - len(name.surface), end + 1, name))
    for head_re, by_prefix in _shared_heads():
        for m in head_re.finditer(sq):
            found.append((m.start(), m.end(), by_prefix[m.group(1)]))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out, last = [], -1
    for s, e, n in found:
        if s >= last:
            out.append(Hit(s, e, n))
            last = e
        elif out and s == out[-1].start and e > out[-1].end:
            out[-1] = Hit(s, e, n)
            last = e
    return out


_HEADS = None
_INCREMENT = None


def _increment_words() -> dict:
    global _INCREMENT
    if _INCREMENT is None:
        from ..lang.lexicon import _rows

        _INCREMENT = {r["key"]: re.compile(r["increment_words"]) for r in _rows("stock.csv")}
    return _INCREMENT


def _shared_heads():
    """For "A、B<head>" where A<head> is a name: one regex per head (lib/data/heads.txt)."""
    global _HEADS
    if _HEADS is None:
        from ..lang.lexicon import _lines

        out = []
        names = {}
        for _, name in lexicon().automaton.items():
            names[name.surface] = name
        for head in _lines("heads.txt"):
            by_prefix = {n[: -len(head)]: names[n] for n in names
                         if n.endswith(head) and len(n) > len(head) and names[n].kind == "alias"}
            if by_prefix:
                rx = re.compile(rf"({alternation(by_prefix)})、[\u4e00-\u9fff]{{2,12}}?{re.escape(head)}")
                out.append((rx, by_prefix))
        _HEADS = out
    return _HEADS


class _Words:
    """Regexes over the context words, built once."""

    def __init__(self):
        lx = lexicon()
        by = {}
        for w, role in lx.context.items():
            by.setdefault(role, []).append(w)
        self.growth = re.compile(alternation(by.get("growth", []) + by.get("decline", [])))
        self.decline = set(by.get("decline", []))
        self.skip = re.compile(alternation(by.get("skip", [])))
        self.keep = re.compile(alternation(by.get("keep", [])))  # 全年累计: within the year
        self.stock_total = re.compile(alternation(by.get("stock_total", [])))  # 累计达到109家
        self.new = re.compile(alternation(by.get("new", [])))  # 新增13家 (then 总数达201家)
        self.post = tuple(wd for wd, (pos, _) in lx.qualifiers.items() if pos == "post")
        self.period = re.compile(alternation(by.get("period", [])))
        self.breaker = re.compile(alternation(by.get("break", [])))
        self.to_level = re.compile(rf"(?:{alternation(by.get('growth', []) + by.get('decline', []))})(?:到|至)")
        self.estimate = re.compile(alternation(by.get("estimate", [])))
        self.subarea = re.compile(alternation(lx.subareas))
        self.subject = re.compile(alternation(lx.subjects))
        growth = alternation(by.get("growth", []) + by.get("decline", []))
        self.continuation = re.compile(
            rf"^(?:其中|全年|同比|同口径|比上年|较上年|比去年|较去年|[比较](?:19|20)\d\d年|分别|均|总|总计|合计|按可比价格?计算)?(?:完成|年度计划|年度)?"
            rf"(?:{growth}|投资|总投资|总额|金额|投资额|规模|产量|总量|数量|数)?"
            rf"(?:了|为|达|达到|至|到|实现|完成|突破|超过|超|约|近)?$")


_WORDS: Optional[_Words] = None


def _words() -> _Words:
    global _WORDS
    if _WORDS is None:
        _WORDS = _Words()
    return _WORDS


def _family(keys) -> list[str]:
    lx, inds = lexicon(), indicators()
    out = []
    for k in keys:
        base = k[:-7] if k.endswith("_growth") else k
        for cand in (k, base, base + "_growth") + lx.links.get(k, ()):
            if cand in inds and cand not in out:
                out.append(cand)
    return out


def _resolve(keys, q: Quantity, ctx: str, surface: str) -> Optional[tuple]:
    """Pick (key, value, unit, negate) for quantity q under a subject with `keys`."""
    lx, inds, w = lexicon(), indicators(), _words()
    ctx = w.to_level.sub("", ctx)  # 提高到2.9%, 下降到28微克: a level, not a change
    fam = _family(keys)
    if q.dim == "pct":
        growth_words = w.growth.findall(ctx)
        in_name = w.growth.findall(surface)
        growth = bool(growth_words) or bool(in_name)
        rate = [k for k in fam if inds[k].unit == "%" and inds[k].measure != "growth"]
        grow = [k for k in fam if inds[k].unit == "%" and inds[k].measure == "growth"]
        money_level = any(inds[k].unit != "%" and inds[k].measure == "level" for k in fam)
        if growth and grow:
            key = grow[0]
        elif not growth and rate:
            key = rate[0]
        elif not growth and grow and not money_level and not rate:
            key = grow[0]
        else:
            return None
        negate = bool(growth_words) and growth_words[-1] in w.decline and not (
            set(in_name) & w.decline)
        return key, q.base, "%", negate
    if q.dim in ("pp", "permille") or not q.dim:
        if not q.dim:  # a bare number: only for ratios right after the name
            for k in fam:
                if inds[k].measure == "ratio" and len(ctx) <= 6:
                    return k, q.value, inds[k].unit, False
        return None
    if w.growth.search(ctx[-3:] if ctx else ""):
        return None  # 增加2万户: a change, not a level
    for k in fam:
        c = lx.canon.get(k)
        if c is None:
            continue
        if c.dim == q.dim:
            return k, q.base / c.factor, inds[k].unit, False
        conv = lx.conversions.get((q.dim, c.dim))
        if conv:
            return k, q.base * conv / c.factor, inds[k].unit, False
        alt = lx.alt_units.get(k, {})
        if q.dim in alt:
            unit = alt[q.dim]
            u = lexicon().units
            from ..lang.lexicon import parse_unit

            pu = parse_unit(unit, u, lexicon().multipliers)
            return k, q.base / pu.factor, unit, False
    return None


def _round(v: float) -> float:
    """Drop float noise from unit conversion, keep every stated digit (22156.69 stays)."""
    return float(f"{v:.10g}") if abs(v) < 1e15 else v


def extract_facts(cleaned: Cleaned, sections, meta: ReportMeta, decisions=None) -> list[Fact]:
    """`decisions`, when a list, receives one parse.doc.Decision per candidate figure."""
    text, match = cleaned.text, cleaned.match
    sq, back = _squeeze(match)
    names = _names(sq)
    quants = scan(sq)
    w = _words()
    inds = indicators()
    facts: list[Fact] = []
    seen: dict = {}
    name_starts = [h.start for h in names]
    own = _own_names(meta)
    q_starts = [q.start for q in quants]

    def emit(key, value, unit, q: Quantity, sent_s, sent_e, negate):
        inc = _increment_words().get(key)
        if inc and inc.search(sq, _clause_start(sq, sent_s, q.start), q.start):
            return  # 新增市场主体5230户: an increment of a stock
        pos = back(q.start)
        sec = section_at(sections, pos) if sections else None
        kind = sec.kind if sec else OTHER
        if kind == OTHER:
            return
        year = (sec.year if sec and sec.year else
                (meta.review_year if kind == RESULT else meta.plan_year))
        # another year named in the sentence before the figure: not this year's value;
        # "较2022年增长6%" in the 2023 review compares with the year before, as 比上年 does
        years = [int(m.group(1)) for m in _YEAR.finditer(sq, sent_s, q.start)
                 if not (year and int(m.group(1)) == year - 1 and sq[m.start() - 1:m.start()] in "比较")]
        if years and year and years[-1] != year:
            return
        value = -value if negate else value
        vh = None
        if q.qualifier == "range" and q.base_high is not None:
            vh = _round(value * q.base_high / q.base) if q.base else q.value_high
        prior = seen.get((key, kind))
        replace_at = None
        is_new = bool(w.new.search(sq, _clause_start(sq, sent_s, q.start), q.start))
        if prior is not None:
            # one figure per indicator and section: the first, unless the same sentence goes on
            # to state it exactly ("突破1万亿元,达到10235亿元")
            idx, prior_sent, prior_new = prior
            if prior_sent == sent_s and prior_new and not is_new and q.dim in COUNTLIKE:
                pass  # 新增上市公司13家,总数达201家: the additions, then the stock
            elif not (prior_sent == sent_s and facts[idx].qualifier in ("gt", "ge", "near")
                      and q.qualifier == "eq"):
                return
            else:
                replace_at = idx
        s0, e0 = back(sent_s), back(sent_e - 1) + 1
        ev = text[s0:e0]
        s0 += len(ev) - len(ev.lstrip(_EV_LEAD))
        e0 = s0 + len(text[s0:e0].rstrip())
        ev = text[s0:e0]
        estimated = bool(w.estimate.search(sq, sent_s, q.start))
        ind = inds[key]
        fact = Fact(indicator=key, label=ind.label, section=kind, year=year, value=_round(value),
                    unit=unit, qualifier=q.qualifier, value_high=vh, estimated=estimated,
                    evidence=ev, start=s0, end=e0, fig_start=back(q.start),
                    fig_end=back(q.end - 1) + 1, category=ind.category)
        if replace_at is None:
            seen[(key, kind)] = (len(facts), sent_s, is_new)
            facts.append(fact)
        else:
            facts[replace_at] = fact

    # sentence by sentence; an infographic's "地区生产总值\n1605.3亿元\n增长6.1%" is one
    # sentence: a line break after a name or a figure, before a line that opens with a figure
    # or a growth word, does not end it
    ends = {h.end for h in names} | {q.end for q in quants}
    breaks = [m for m in _SENT_END.finditer(sq)
              if not (m.group() == "\n" and _FIGURE_LINE.match(sq, m.end())
                      and _line_end(sq, m.start()) in ends)]
    pos = 0
    n = len(sq)
    for m in breaks + [None]:
        s_end = m.end() if m else n
        s_start = pos
        pos = s_end
        if s_end <= s_start:
            continue
        qi, qj = bisect_left(q_starts, s_start), bisect_left(q_starts, s_end)
        if qi == qj:
            continue
        ni, nj = bisect_left(name_starts, s_start), bisect_left(name_starts, s_end)
        sent_names = names[ni:nj]
        sent_q = [q for q in quants[qi:qj] if q.end <= s_end]
        _sentence(sq, s_start, s_end, sent_names, sent_q, w, emit, own)
    facts.sort(key=lambda f: f.fig_start)
    return facts


def _line_end(sq: str, i: int) -> int:
    """The position after a line's last visible character (the line ends at i)."""
    while i > 0 and sq[i - 1] in " \t\u3000\r":
        i -= 1
    return i


_WHOLE = re.compile(r"[全本我][国省市区县州盟旗]")
_LIST_GLUE = re.compile(r"[、和及与的\s]|等地|等")


def _own_names(meta: ReportMeta) -> frozenset:
    """The report's own place and its parents, full and short (昆山市, 昆山): a figure after
    them is the place's, or a parent's and then caught by _other_places."""
    from .meta import gazetteer

    gaz = gazetteer()
    idx = gaz.by_key.get((meta.province, meta.city, meta.district))
    if idx is None:
        return frozenset()
    p = gaz.places[idx]
    return frozenset({p.name, p.short})


def _other_places(lead: str, own) -> Optional[bool]:
    """None unless `lead` is nothing but place names (南华县、牟定县; 襄阳、宜昌); then True
    when one of them is not the report's own place, else False."""
    if not 2 <= len(lead) <= 24:
        return None
    from .meta import PLACE_LIKE, gazetteer, scan as scan_places

    hits = [h for h in scan_places(lead, gazetteer()) if h.strength >= PLACE_LIKE]
    if not hits:
        return None
    rest, last = [], 0
    for h in hits:
        rest.append(lead[last:h.start])
        last = h.end
    rest.append(lead[last:])
    if _LIST_GLUE.sub("", "".join(rest)):
        return None
    return any(h.word not in own for h in hits)


def _items(sq: str, lo: int, hi: int, names) -> list[tuple]:
    """Split a list "A、B和C" into item spans; a name is never split (城镇和农村居民…)."""
    cuts = [m.start() for m in _ITEM_SEP.finditer(sq, lo, hi)
            if not any(h.start <= m.start() < h.end for h in names)]
    bounds = [lo] + cuts + [hi]
    return [(bounds[i] + (1 if i else 0), bounds[i + 1]) for i in range(len(bounds) - 1)
            if bounds[i + 1] > bounds[i] + (1 if i else 0)]


def _named_figures(lo: int, hi: int, names, quants) -> list:
    """The names in [lo, hi) that are followed by a figure of their own before the next name."""
    out = []
    for i, h in enumerate(names):
        if not (lo <= h.start and h.end <= hi) or h.name.kind != "alias":
            continue
        stop = min(names[i + 1].start if i + 1 < len(names) else hi, hi)
        if any(h.end <= q.start and q.end <= stop for q in quants):
            out.append(h)
    return out


def _clause_start(sq: str, lo: int, pos: int, sep=_CLAUSE_SEP) -> int:
    best = lo
    for m in sep.finditer(sq, lo, pos):
        best = m.end()
    return best


def _sentence(sq, s_start, s_end, names, quants, w: _Words, emit, own=()):
    used_q: set[int] = set()

    def skipped(lo, hi, q=None):
        """年均, 累计, 一季度… outside a name (PM2.5年均浓度 is a level); but 全年累计 is the
        year's own total, and a count 累计达到109家 is the year-end stock."""
        for m in w.skip.finditer(sq, lo, hi):
            if any(h.start <= m.start() < h.end for h in names):
                continue
            near = w.keep.finditer(sq, max(0, m.start() - 4), m.end() + 4)
            if any(k.start() <= m.start() < k.end() for k in near):
                continue
            if q is not None and q.dim in COUNTLIKE and w.stock_total.match(sq, m.start()):
                continue
            return True
        return False
    if w.period.search(sq, s_start, s_end):
        return  # 过去五年, 十四五期间…: not one year's figures
    # sub-area guard: a marker (开发区, 集团…) or other places (南华县、牟定县; 武汉市 in a
    # province's report) in the comma-clause before the name.  The sub-area stays the subject
    # for the rest of the sentence ("高新区规上工业增加值增长15%,实际利用外资2.1亿美元")
    # until a clause names the whole place again (全县, 本市) or the place itself.  A clause
    # without a name that states a figure for a sub-area also makes it the subject
    # ("示范区引进项目46个,签约金额超过380亿元").
    sticky, seen_to = False, s_start
    for h in names:
        cs = _clause_start(sq, s_start, h.start)
        for m in _COMMA_SEP.finditer(sq, seen_to, cs):
            if w.subject.search(sq, seen_to, m.start()) and any(
                    seen_to <= q.start < m.start() for q in quants):
                sticky = True
            elif _WHOLE.search(sq, seen_to, m.start()):
                sticky = False
            seen_to = m.end()
        seen_to = max(seen_to, cs)
        lead = sq[cs:h.start]
        if w.subarea.search(lead):
            h.suppressed = True
            sticky = bool(w.subject.search(lead))
        elif _other_places(lead, own):
            h.suppressed = sticky = True
        elif _WHOLE.search(lead) or (lead and _other_places(lead, ()) is not None):
            sticky = False
        elif sticky:
            h.suppressed = True

    # A、B分别…X和Y: pair by position
    def pair(slots, right, ctx_from, cs):
        # "分别增长7%和9%左右": a qualifier after the last figure holds for the whole list
        last = quants[right[-1]]
        shared = last.qualifier if sq[last.start:last.end].endswith(w.post) else None
        between = "".join(sq[quants[a].end:quants[b].start] for a, b in zip(right, right[1:]))
        if shared and _ITEM_SEP.sub("", between):
            shared = None
        for (h, key, live), qi in zip(slots, right):
            used_q.add(qi)
            if not live:
                continue
            q = quants[qi]
            if shared and q.qualifier == "eq":
                q = replace(q, qualifier=shared)
            r = _resolve((key,), q, sq[ctx_from:q.start], h.name.surface)
            if r and not skipped(cs, q.start, q):
                emit(r[0], r[1], r[2], q, s_start, s_end, r[3])

    prev = None  # the last list's slots: "A、B分别达到X、Y,分别增长x、y" pairs both with A、B
    for fm in re.finditer(_FENBIE, sq[s_start:s_end]):
        fpos = s_start + fm.start()
        cs = _clause_start(sq, s_start, fpos, _COMMA_SEP)
        ce_m = _COMMA_SEP.search(sq, fpos, s_end)
        ce = ce_m.start() if ce_m else s_end
        right = [i for i, q in enumerate(quants) if fpos <= q.start and q.end <= ce]
        slots = []  # (hit, key, live) per list item; an item without a name keeps its slot empty
        for a, b in _items(sq, cs, fpos, names):
            inside = [h for h in names if a <= h.start and h.end <= b and h.name.kind != "block"]
            if inside and inside[-1].name.kind == "coord":
                slots.extend((inside[-1], k, True) for k in inside[-1].name.keys)
            else:
                slots.append((inside[-1], inside[-1].name.keys[0], True) if inside else (None, None, False))
        backward = False
        if prev and not any(cs <= h.start < fpos for h in names):
            slots = prev
        elif not any(h for h, _, _ in slots) and len(right) >= 2:
            # "A X、B Y,分别增长x和y": the list is the sentence's last names that have a figure
            slots = [(h, h.name.keys[0], not h.suppressed)
                     for h in _named_figures(s_start, cs, names, quants)[-len(right):]]
            backward = True
        else:
            first = min((h.start for h, _, _ in slots if h is not None), default=fpos)
            shared_marker = bool(w.subarea.search(sq, cs, first))  # 园区营收、固投分别…
            slots = [(h, k, h is not None and not h.suppressed and not shared_marker)
                     for h, k, _ in slots]
        if len(right) < 2 or len(right) != len(slots):
            continue
        prev = slots
        pair(slots, right, fpos, cs)
        # "…分别达到46931元、16945元,增长7.2%、9.4%": the next clause goes on with the same list
        nxt = _COMMA_SEP.search(sq, ce + 1, s_end) if ce < s_end else None
        ne = nxt.start() if nxt else s_end
        more = [i for i, q in enumerate(quants) if ce < q.start and q.end <= ne]
        if (len(more) == len(slots) and not any(ce < h.start < ne for h in names)
                and _FENBIE not in sq[ce:ne] and w.continuation.match(sq[ce + 1:quants[more[0]].start])):
            pair(slots, more, ce + 1, ce + 1)
        if not backward:
            for h, _, _ in slots:
                if h is not None:
                    h.suppressed = True  # consumed by the list

    events = sorted([(h.start, 0, h) for h in names] + [(q.start, 1, i) for i, q in enumerate(quants)],
                    key=lambda t: (t[0], t[1]))
    subject: Optional[Hit] = None
    last_end = s_start
    for _, kind, obj in events:
        if kind == 0:
            subject = obj
            last_end = obj.end
            continue
        i, q = obj, quants[obj]
        if i in used_q:
            last_end = q.end
            continue
        # a count glued to the name that follows: 73个老旧小区, 24户企业晋升专精特新
        if q.attributive:
            nxt = next((h for h in names if h.start >= q.end), None)
            if (nxt and nxt.name.kind in ("alias", "weak") and nxt.start - q.end <= PRE_GAP
                    and not _CLAUSE_SEP.search(sq, q.end, nxt.start)):
                r = None if nxt.suppressed else _resolve(nxt.name.keys, q, "", nxt.name.surface)
                if r and not skipped(_clause_start(sq, s_start, q.start), q.start, q):
                    emit(r[0], r[1], r[2], q, s_start, s_end, r[3])
                    used_q.add(i)
            last_end = q.end
            continue
        if subject is None or subject.name.kind == "block":
            last_end = q.end
            continue
        same_clause = not _CLAUSE_SEP.search(sq, subject.end, q.start)
        cs = _clause_start(sq, s_start, q.start)
        ctx = sq[max(last_end, subject.end):q.start]
        if subject.name.kind == "weak":  # 粮食…种植面积达172.5万亩,产量达14.3亿斤
            ok = (same_clause and q.start - subject.end <= MAX_GAP) or bool(
                w.continuation.match(sq[cs:q.start]))
        elif same_clause:
            # 一般公共预算收入中的税收收入98亿元: the name is not the figure's subject
            ok = q.start - subject.end <= MAX_GAP and not w.breaker.search(sq, subject.end, q.start)
        else:
            ok = bool(w.continuation.match(sq[cs:q.start]))
        last_end = q.end
        if not ok or subject.suppressed:
            continue
        if skipped(cs, q.start, q):
            continue
        if subject.name.kind == "coord":
            continue  # 城乡居民收入增长6%: which one? (分别 lists are handled above)
        r = _resolve(subject.name.keys, q, ctx, subject.name.surface)
        if r:
            emit(r[0], r[1], r[2], q, s_start, s_end, r[3])

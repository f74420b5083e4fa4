"""Which indicator a figure is, given its subject: the subject's family (x and x_growth,
plus links.csv), the figure's dimension and the words before it (增长/下降) decide; the
value goes to the indicator's canonical unit."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

from ..lang.lexicon import _rows, lexicon, parse_unit
from ..lang.vocab import indicators
from .quantities import Quantity
from .words import words


# a comparison base other than the year before ("比“十二五”末", "是2015年的"): not a year's growth
_OTHER_BASE = re.compile(r"[比较是](?!上年|去年|上年同期|同期)")


@dataclass(frozen=True)
class Binding:
    key: str
    value: float  # in `unit`
    unit: str
    negate: bool = False  # 下降2.1%: a decline is negative growth


@lru_cache(maxsize=None)
def family(keys: tuple) -> tuple:
    """The indicators a subject with `keys` can bind to.  Cached: a name's keys come from the
    lexicon, and a report asks again for every figure (7,700 a 100k-char hostile sentence)."""
    lx, inds = lexicon(), indicators()
    out = []
    for k in keys:
        base = k[:-7] if k.endswith("_growth") else k
        for cand in (k, base, base + "_growth") + lx.links.get(k, ()):
            if cand in inds and cand not in out:
                out.append(cand)
    return tuple(out)


@lru_cache(maxsize=None)
def _percent_kinds(fam: tuple) -> tuple:
    """(rate keys, growth keys, has a non-% level) of a family: what a % figure can be."""
    inds = indicators()
    rate = [k for k in fam if inds[k].unit == "%" and inds[k].measure != "growth"]
    grow = [k for k in fam if inds[k].unit == "%" and inds[k].measure == "growth"]
    money_level = any(inds[k].unit != "%" and inds[k].measure == "level" for k in fam)
    return rate, grow, money_level


@lru_cache(maxsize=None)
def _says_decline(s: str) -> bool:
    """A name's surface or a label holds a word of decline (降低, 下降…); cached: one per name."""
    return bool(set(_growth_words(s)) & words().decline)


@lru_cache(maxsize=None)
def _growth_words(s: str) -> tuple:
    """The growth words of a name's surface or an indicator's label (cached: one per name)."""
    return tuple(words().growth.findall(s))


_MEMO: dict = {}
_MEMO_MAX = 4096


def resolve(keys, q: Quantity, ctx: str, surface: str) -> Union[Binding, str]:
    """The binding of q under a subject with `keys`, or the code of the rule that refuses it.
    Remembered by what it reads of q: a sentence that states one indicator over and over
    ("地区生产总值增长5.2%,地区生产总值增长5.2%,…") asks the same question each time."""
    memo_key = (keys, q.dim, q.value, q.base, q.qualifier, ctx, surface)
    b = _MEMO.get(memo_key)
    if b is None:
        b = _resolve(keys, q, ctx, surface)
        if isinstance(b, Binding):
            lo, hi = plausible().get(b.key, (float("-inf"), float("inf")))
            if not lo <= (-b.value if b.negate else b.value) <= hi:
                b = "drop.implausible"
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[memo_key] = b
    return b


@lru_cache(maxsize=1)
def plausible() -> dict:
    """key -> (min, max) from lib/data/plausible.csv."""
    return {r["key"]: (float(r["min"]), float(r["max"])) for r in _rows("plausible.csv")}


def _resolve(keys, q: Quantity, ctx: str, surface: str) -> Union[Binding, str]:
    ctx = words().to_level.sub("", ctx)  # 提高到2.9%, 下降到28微克: a level, not a change
    fam = family(keys)
    if q.dim == "pct":
        return _percent(fam, q, ctx, surface)
    if q.dim in ("pp", "permille"):
        return "drop.points"
    if not q.dim:
        return _bare(fam, q, ctx)
    if q.dim == "ratio" and words().growth.search(ctx + surface):
        return _times(fam, q, ctx + surface)
    if words().growth.search(ctx[-3:] if ctx else ""):
        return "drop.change"  # 增加2万户: a change, not a level
    return _level(fam, q)


def _bare(fam, q: Quantity, ctx: str) -> Union[Binding, str]:
    """A bare number right after the name: a ratio (城乡收入比2.1), or a rate in % whose sign
    was left out ("研发投入强度达2.6以上"), never after a growth word."""
    inds = indicators()
    if len(ctx) > 6 or words().growth.search(ctx):
        return "drop.bare"
    for k in fam:
        if inds[k].measure == "ratio":
            return Binding(k, q.value, inds[k].unit)
        if inds[k].measure == "rate" and inds[k].unit == "%" and 0 < q.value < 100:
            return Binding(k, q.value, "%")
    return "drop.bare"


def _times(fam, q: Quantity, ctx: str) -> Union[Binding, str]:
    """"实际利用外资增长1.33倍": growth of 133%; but "比十二五末增长1.5倍" compares with
    another period, and 下降…倍 or 增长近1倍 is not a stated rate.  `ctx` ends with the name."""
    inds, w = indicators(), words()
    if _OTHER_BASE.search(ctx) or w.growth.findall(ctx)[-1] in w.decline or q.qualifier != "eq":
        return "drop.unit"
    for k in fam:
        if inds[k].measure == "growth" and inds[k].unit == "%":
            return Binding(k, q.value * 100, "%")
    return "drop.unit"


def _percent(fam, q: Quantity, ctx: str, surface: str) -> Union[Binding, str]:
    inds, w = indicators(), words()
    growth_words = w.growth.findall(ctx)
    in_name = _growth_words(surface)
    growth = bool(growth_words) or bool(in_name)
    rate, grow, money_level = _percent_kinds(fam)
    if growth and grow:
        key = grow[0]
    elif not growth and rate:
        key = rate[0]
    elif not growth and grow and not money_level and not rate:
        key = grow[0]
    else:
        return "drop.pct_kind"
    declines = bool(growth_words) and growth_words[-1] in w.decline
    if _says_decline(inds[key].label):
        # 单位生产总值能耗降低: the indicator is the size of a reduction; 下降3.2% is 3.2
        negate = bool(growth_words) and not declines and not _says_decline(surface)
    else:
        negate = declines and not _says_decline(surface)
    return Binding(key, q.base, "%", negate)


def _level(fam, q: Quantity) -> Union[Binding, str]:
    """A level in the indicator's canonical unit, by a plain conversion or an alternative unit."""
    lx, inds = lexicon(), indicators()
    for k in fam:
        c = lx.canon.get(k)
        if c is None:
            continue
        if c.dim == q.dim:
            return Binding(k, q.base / c.factor, inds[k].unit)
        conv = lx.conversions.get((q.dim, c.dim))
        if conv:
            return Binding(k, q.base * conv / c.factor, inds[k].unit)
        alt = lx.alt_units.get(k, {})
        if q.dim in alt:
            unit = alt[q.dim]
            pu = parse_unit(unit, lx.units, lx.multipliers)
            return Binding(k, q.base / pu.factor, unit)
    return "drop.unit"


def round_value(v: float) -> float:
    """Drop float noise from unit conversion, keep every stated digit (22156.69 stays)."""
    return float(f"{v:.10g}") if abs(v) < 1e15 else v

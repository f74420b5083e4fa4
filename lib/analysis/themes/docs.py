"""Reports as the theme tools see them (Doc), units, theme profiles and keyword in context:
plain substrings, never jieba (see lib.analysis.themes)."""
from __future__ import annotations

import hashlib
import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

from lib.analysis.themes.words import _HAN, load_themes, theme_by_name

BY_PLACE_YEAR = "地区·年份"
BY_PLACE = "地区"
GROUPINGS = (BY_PLACE_YEAR, BY_PLACE)
REST = "其余全部"
UNKNOWN_PLACE = "未知地区"

# ---------------------------------------------------------------------------------------------
# reports -> documents and units


def char_count(text: str) -> int:
    """Non-whitespace characters."""
    return len(text) - sum(text.count(c) for c in " \t\r\n\u3000\xa0\f\v")


def report_place(meta) -> str:
    place = meta.place
    if not place or place == UNKNOWN_PLACE:
        stem = Path(meta.file or "").stem
        return f"{UNKNOWN_PLACE}({stem[:24]})" if stem else UNKNOWN_PLACE
    return place


def report_year(meta) -> Optional[int]:
    if meta.plan_year:
        return int(meta.plan_year)
    if meta.review_year:
        return int(meta.review_year) + 1
    return None


def unit_of(meta, by: str = BY_PLACE_YEAR) -> str:
    place = report_place(meta)
    if by == BY_PLACE:
        return place
    year = report_year(meta)
    return f"{place} {year}年" if year else f"{place}(年份不详)"


@dataclass
class Doc:
    """One report as the theme tools see it: text, sentence spans and theme hits (no jieba)."""

    file: str
    place: str
    year: Optional[int]
    text: str
    chars: int
    starts: list  # sentence start offsets
    ends: list  # sentence end offsets
    sent_chars: list  # non-whitespace characters per sentence
    theme_sents: dict  # theme key -> sorted sentence indices mentioning it
    units: dict = field(default_factory=dict)  # grouping -> unit name
    names: tuple = ()  # the report's own place names (full and short), not counted as keywords

    @property
    def sentence_chars(self) -> int:
        return sum(self.sent_chars)

    def sentence(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def sentence_at(self, pos: int) -> Optional[int]:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ends[i]:
            return i
        return None


_SENTENCE = re.compile(r"[^。！？!?；;\n\r]+[。！？!?；;]*")
_WS = " \t\u3000\xa0\f\v"


def sentence_spans(text: str) -> list[tuple]:
    """(start, end) of each sentence: split at 。！？；!?; and line breaks, trimmed of spaces, and
    kept only when it holds a Han character.  The closing punctuation stays with the sentence."""
    spans = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if e > s and _HAN.search(text, s, e):
            spans.append((s, e))
    return spans


@lru_cache(maxsize=1)
def _theme_automaton():
    import ahocorasick

    themes = load_themes()
    owners: dict = {}
    for t in themes:
        for kw in t.keywords:
            owners.setdefault(kw, []).append(t.key)
    auto = ahocorasick.Automaton()
    for kw, keys in owners.items():
        auto.add_word(kw, (len(kw), tuple(keys)))
    auto.make_automaton()
    return auto


def make_doc(text: str, file: str = "", place: str = "", year: Optional[int] = None) -> Doc:
    spans = sentence_spans(text)
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    sent_chars = [char_count(text[s:e]) for s, e in spans]
    hits: dict = {t.key: set() for t in load_themes()}
    if spans:
        for end, (n, keys) in _theme_automaton().iter(text):
            start = end - n + 1
            i = bisect_right(starts, start) - 1
            if i >= 0 and end < ends[i]:
                for k in keys:
                    hits[k].add(i)
    return Doc(file=file, place=place, year=year, text=text, chars=char_count(text), starts=starts,
               ends=ends, sent_chars=sent_chars, theme_sents={k: sorted(v) for k, v in hits.items()})


_ADMIN_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|区|县|旗|盟|州)$")
_ETHNIC = re.compile(r"(?:维吾尔|(?:壮|回|藏|蒙古|苗|彝|侗|布依|土家|哈尼|傣|黎|白|羌|朝鲜|满|瑶|哈萨克|傈僳|佤|"
                     r"拉祜|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|水|东乡|毛南|仡佬|锡伯|普米|怒|鄂温克|畲|"
                     r"裕固|撒拉|各)族)+$")


def place_names(meta) -> tuple:
    """A report's own place names, full and short: 重庆市 渝中区 重庆 渝中; 楚雄彝族自治州 楚雄."""
    out = []
    for name in (meta.province, meta.city, meta.district):
        name = (name or "").strip()
        if not name or name == "中国":
            continue
        out.append(name)
        short = _ETHNIC.sub("", _ADMIN_SUFFIX.sub("", name))
        if len(short) >= 2 and short != name:
            out.append(short)
    return tuple(dict.fromkeys(out))


def build_docs(reports: Iterable) -> list[Doc]:
    """One Doc per report (no segmentation, so no jieba)."""
    docs = []
    for r in reports:
        d = make_doc(r.text, r.meta.file, report_place(r.meta), report_year(r.meta))
        d.units = {by: unit_of(r.meta, by) for by in GROUPINGS}
        d.names = place_names(r.meta)
        docs.append(d)
    return docs


def fingerprint(reports: Sequence) -> str:
    """A short key for a set of reports (file, length and content hash of each)."""
    h = hashlib.blake2b(digest_size=12)
    for r in reports:
        h.update(f"{r.meta.file}\x1f{len(r.text)}\x1f{hash(r.text)}\x1f{report_place(r.meta)}"
                 f"\x1f{report_year(r.meta)}\x1e".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _sort_key(d: Doc):
    return (d.place, d.year or 0)


def units(docs: Sequence[Doc], by: str = BY_PLACE_YEAR) -> dict:
    """unit name -> its docs, ordered by place then year."""
    out: dict = {}
    for d in sorted(docs, key=_sort_key):
        out.setdefault(d.units.get(by) or (d.place if by == BY_PLACE else f"{d.place} {d.year}年"), []).append(d)
    return out


def default_units(unit_map: dict, limit: int = 6) -> list:
    """The units compared first: those with a report of the latest year (like with like: one
    year's reports side by side, not a 2021 county beside a 2025 province), at most `limit`;
    every unit when no report says its year."""
    years = [d.year for docs in unit_map.values() for d in docs if d.year]
    if not years:
        return list(unit_map)[:limit]
    latest = max(years)
    return [u for u, docs in unit_map.items() if any(d.year == latest for d in docs)][:limit]


# ---------------------------------------------------------------------------------------------
# theme profile


def theme_shares(docs: Sequence[Doc]) -> dict:
    """theme key -> share of the docs' sentence characters in sentences mentioning the theme."""
    total = sum(d.sentence_chars for d in docs)
    out = {}
    for t in load_themes():
        hit = sum(d.sent_chars[i] for d in docs for i in d.theme_sents.get(t.key, ()))
        out[t.key] = hit / total if total else float("nan")
    return out


def text_theme_shares(text: str) -> dict:
    """Theme name -> share, for one text."""
    shares = theme_shares([make_doc(text)])
    return {t.name: shares[t.key] for t in load_themes()}


def theme_matrix(docs: Sequence[Doc], by: str = BY_PLACE_YEAR) -> dict:
    """Compact theme profile of every unit (cheap to cache and copy):
    {"units": [...], "themes": [theme names], "share": [[per theme] per unit],
     "sentences": [[sentences mentioning the theme] per unit], "all_sentences": [per unit]}."""
    themes = load_themes()
    out = {"units": [], "themes": [t.name for t in themes], "share": [], "sentences": [], "all_sentences": []}
    for unit, ds in units(docs, by).items():
        shares = theme_shares(ds)
        out["units"].append(unit)
        out["share"].append([shares[t.key] for t in themes])
        out["sentences"].append([sum(len(d.theme_sents.get(t.key, ())) for d in ds) for t in themes])
        out["all_sentences"].append(sum(len(d.starts) for d in ds))
    return out


def matrix_rows(matrix: dict, chosen: Optional[Iterable[str]] = None) -> list[dict]:
    """Long rows (unit, theme, share, sentences, all_sentences) of the chosen units, in matrix order."""
    want = None if chosen is None else set(chosen)
    rows = []
    for i, unit in enumerate(matrix["units"]):
        if want is not None and unit not in want:
            continue
        for j, theme in enumerate(matrix["themes"]):
            rows.append({"unit": unit, "theme": theme, "share": matrix["share"][i][j],
                         "sentences": matrix["sentences"][i][j], "all_sentences": matrix["all_sentences"][i]})
    return rows


def theme_table(docs: Sequence[Doc], by: str = BY_PLACE_YEAR) -> list[dict]:
    """Long rows: unit, theme, share, sentences mentioning it, sentences in all."""
    return matrix_rows(theme_matrix(docs, by))


def theme_examples(docs: Sequence[Doc], theme: str, limit: int = 8) -> list[dict]:
    """Example sentences of a theme, those naming the most distinct keywords first, then longer ones;
    each with the theme's keywords highlighted (HTML-escaped)."""
    t = theme_by_name(theme)
    cands = []
    for d in docs:
        for i in d.theme_sents.get(t.key, ()):
            s = d.sentence(i)
            found = [k for k in t.keywords if k in s]
            cands.append((-len(found), -len(s), d.place, d.year, s, found))
    cands.sort(key=lambda c: (c[0], c[1]))
    return [{"place": p, "year": y, "sentence": s, "html": highlight(s, found)}
            for _, _, p, y, s, found in cands[:limit]]


# ---------------------------------------------------------------------------------------------
# keyword in context


def highlight(sentence: str, terms: Iterable[str]) -> str:
    """HTML-escaped sentence with each occurrence of the terms wrapped in <mark>."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return html.escape(sentence)
    pat = re.compile("|".join(re.escape(t) for t in terms))
    out, pos = [], 0
    for m in pat.finditer(sentence):
        out.append(html.escape(sentence[pos:m.start()]))
        out.append(f"<mark>{html.escape(m.group())}</mark>")
        pos = m.end()
    out.append(html.escape(sentence[pos:]))
    return "".join(out)


def clean_term(term: str) -> str:
    return re.sub(r"\s+", "", term or "")[:30]


def term_frequency(docs: Sequence[Doc], term: str, by: str = BY_PLACE_YEAR) -> list[dict]:
    """Per place and year: occurrences of `term`, characters, and occurrences per 10,000 characters."""
    term = clean_term(term)
    groups: dict = {}
    for d in sorted(docs, key=_sort_key):
        key = (d.place, d.year) if by == BY_PLACE_YEAR else (d.place, None)
        g = groups.setdefault(key, {"place": d.place, "year": key[1], "reports": 0, "count": 0, "chars": 0})
        g["reports"] += 1
        g["count"] += d.text.count(term) if term else 0
        g["chars"] += d.chars
    rows = list(groups.values())
    for g in rows:
        g["per_10k"] = g["count"] / g["chars"] * 10_000 if g["chars"] else float("nan")
    return rows


@dataclass(frozen=True)
class KwicHit:
    place: str
    year: Optional[int]
    file: str
    sentence: str
    html: str
    count: int


def kwic(docs: Sequence[Doc], term: str, limit: Optional[int] = 200) -> tuple[int, list[KwicHit]]:
    """(sentences using `term` in all docs, the first `limit` of them with the term highlighted)."""
    term = clean_term(term)
    if not term:
        return 0, []
    total, hits = 0, []
    for d in sorted(docs, key=_sort_key):
        text, pos, seen = d.text, d.text.find(term), {}
        while pos >= 0:
            i = d.sentence_at(pos)
            if i is not None:
                seen[i] = seen.get(i, 0) + 1
            pos = text.find(term, pos + len(term))
        total += len(seen)
        for i, n in seen.items():
            if limit is None or len(hits) < limit:
                s = d.sentence(i)
                hits.append(KwicHit(d.place, d.year, d.file, s, highlight(s, [term]), n))
    return total, hits


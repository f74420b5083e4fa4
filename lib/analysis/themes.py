"""What each place talks about: keywords, distinctive words, theme profiles and keyword in context.

Two halves with different costs:

* Theme profiles and keyword-in-context work on plain substrings (an Aho-Corasick automaton over
  the theme keyword lists in data/themes.csv, `str.count` for a searched term).  They never need
  jieba, so the 主题 page can draw its first view without loading a dictionary.
* Keywords (TF-IDF against the loaded corpus) and distinctive words (weighted log-odds with an
  informative Dirichlet prior, Monroe, Colaresi & Quinn 2008) need segmentation.  jieba is imported
  and its dictionary loaded only when `get_tokenizer()` is first called: importing this module does
  not load it.  The tokenizer is our own `jieba.Tokenizer` instance with its cache file in a folder
  the app controls (`cache_dir()`), tuned by data/gov_userdict.txt, and filtered by data/stopwords.txt.

Definitions used throughout (shown on the page too):

* 字数 (characters) of a text: its non-whitespace characters.
* 句子 (sentence): a stretch of text between 。！？；!?; or a line break, holding at least one Han
  character.
* 主题占比 (theme share): the characters of the sentences that mention at least one of the theme's
  keywords, divided by the characters of all sentences.  A sentence can mention several themes, so
  the shares of one report do not add up to 100%.
* 每万字频次: occurrences of a term (as a substring) per 10,000 characters.
* 单元 (unit): what is compared.  By 地区·年份 the reports of one place for one year are pooled (a
  report split into parts counts once); by 地区 all years of a place are pooled.
* 报告年份: the plan year of a report (a report delivered in January 2024 is the 2024 report);
  when only the reviewed year is known, that year plus one.
"""
from __future__ import annotations

import csv
import hashlib
import html
import logging
import math
import os
import re
import tempfile
import threading
from bisect import bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]

BY_PLACE_YEAR = "地区·年份"
BY_PLACE = "地区"
GROUPINGS = (BY_PLACE_YEAR, BY_PLACE)
REST = "其余全部"
UNKNOWN_PLACE = "未知地区"

# ---------------------------------------------------------------------------------------------
# word lists (data files)


def _data_lines(name: str) -> list[str]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset:
    """Boilerplate and function words never shown as keywords (data/stopwords.txt)."""
    return frozenset(_data_lines("stopwords.txt"))


@lru_cache(maxsize=1)
def user_terms() -> tuple:
    """Government terms kept whole by the tokenizer: (word, freq or None, tag or None)."""
    out = []
    for ln in _data_lines("gov_userdict.txt"):
        parts = ln.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        out.append((word, freq, tag))
    return tuple(out)


@lru_cache(maxsize=1)
def _user_words() -> frozenset:
    return frozenset(w for w, _, _ in user_terms())


@dataclass(frozen=True)
class Theme:
    key: str
    name: str
    description: str
    keywords: tuple


@lru_cache(maxsize=1)
def load_themes() -> tuple:
    """The policy themes and their keyword lists (data/themes.csv), in file order."""
    with open(DATA / "themes.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("key") or "").strip()]
    themes = []
    for r in rows:
        kws = tuple(dict.fromkeys(k.strip() for k in r["keywords"].split("|") if k.strip()))
        themes.append(Theme(r["key"].strip(), r["name"].strip(), (r.get("description") or "").strip(), kws))
    return tuple(themes)


def theme_by_name(name: str) -> Theme:
    for t in load_themes():
        if t.name == name or t.key == name:
            return t
    raise KeyError(name)


# ---------------------------------------------------------------------------------------------
# the tokenizer: lazily built, once per process

_LOCK = threading.Lock()
_TOKENIZER = None


def cache_dir() -> Path:
    """Where jieba keeps its dictionary cache: $GOVREPORT_CACHE/jieba, else .cache/jieba in the
    project, else a folder in the system temp dir when the project is read-only."""
    env = os.environ.get("GOVREPORT_CACHE")
    candidates = [Path(env) / "jieba"] if env else []
    candidates += [ROOT / ".cache" / "jieba", Path(tempfile.gettempdir()) / "govreport-jieba"]
    for d in candidates:
        try:
            d.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(d, os.W_OK):
            return d
    return Path(tempfile.gettempdir())


def tokenizer_loaded() -> bool:
    return _TOKENIZER is not None


def get_tokenizer():
    """Our own jieba.Tokenizer with the government user dictionary; built on first call only."""
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                _TOKENIZER = _make_tokenizer()
    return _TOKENIZER


def _make_tokenizer():
    import jieba  # deferred: importing jieba costs time, loading its dictionary about a second

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(cache_dir())
    tok.cache_file = "jieba.cache"
    tok.initialize()
    for word, freq, tag in user_terms():
        tok.add_word(word, freq, tag)
    # set phrases of the stop list (殊为不易, 多措并举) are cut whole, then dropped whole
    for word in sorted(stopwords()):
        if len(word) >= 4 and _HAN.search(word):
            tok.add_word(word)
    return tok


# ---------------------------------------------------------------------------------------------
# segmentation

_HAN = re.compile(r"[\u3400-\u9fff]")
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9.+&]{1,7}")
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿第几多余半]+[年月日个项条家次倍号期批届]?")
_KEEP: dict = {}


def is_content_word(tok: str) -> bool:
    """A token fit to be a keyword: two characters or more, not in the stop list, holding a Han
    character (or an upper-case acronym with two letters or more such as RCEP, PM2.5, or a term of
    the user dictionary such as 5G), not a number written in Han."""
    keep = _KEEP.get(tok)
    if keep is None:
        t = tok.strip()
        if len(t) < 2 or t != tok or t in stopwords():
            keep = False
        elif _HAN.search(t):
            keep = not _CN_NUMBER.fullmatch(t)
        else:
            keep = (bool(_ACRONYM.fullmatch(t)) and sum(c.isalpha() for c in t) >= 2) or t in _user_words()
        if len(_KEEP) < 500_000:
            _KEEP[tok] = keep
    return keep


def clear_memos() -> None:
    """Forget every memo of the segmentation path (for honest timing)."""
    _KEEP.clear()
    _SEG_CACHE.clear()


def segment(text: str, tokenizer=None) -> list[str]:
    """The content words of `text`, in order (jieba with HMM, then the filter above)."""
    tok = tokenizer or get_tokenizer()
    keep = is_content_word
    return [w for w in tok.cut(text, HMM=True) if keep(w)]


_SEG_CACHE: "OrderedDict[str, Counter]" = OrderedDict()
_SEG_CACHE_MAX = 4096


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def word_counts(text: str, tokenizer=None, use_cache: bool = True) -> Counter:
    """Content-word counts of one text.  Cached by the text's digest, so a corpus that gains one
    report re-segments only that report.  Treat the result as read-only."""
    key = _digest(text) if use_cache else None
    if key is not None and key in _SEG_CACHE:
        _SEG_CACHE.move_to_end(key)
        return _SEG_CACHE[key]
    counts = Counter(segment(text, tokenizer))
    if key is not None:
        _SEG_CACHE[key] = counts
        while len(_SEG_CACHE) > _SEG_CACHE_MAX:
            _SEG_CACHE.popitem(last=False)
    return counts


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


# ---------------------------------------------------------------------------------------------
# keywords: TF-IDF over the loaded corpus, weighted log-odds with an informative Dirichlet prior


@dataclass
class WordTable:
    """Content-word counts per unit; the units are the documents of the TF-IDF."""

    units: list
    counts: dict  # unit -> Counter
    df: Counter  # word -> number of units using it
    total: Counter  # word -> count in the whole corpus

    _vec: Optional[tuple] = field(default=None, repr=False)

    def size(self, unit: str) -> int:
        return sum(self.counts[unit].values())

    def vectors(self) -> tuple:
        """(words, alphabetical rank of each word, corpus counts) as arrays over the vocabulary."""
        if self._vec is None:
            import numpy as np

            words = list(self.total)
            index = {w: i for i, w in enumerate(words)}
            rank = np.empty(len(words), dtype=np.int64)
            rank[np.array(sorted(range(len(words)), key=words.__getitem__), dtype=np.int64)] = np.arange(len(words))
            total = np.array([self.total[w] for w in words], dtype=float)
            self._vec = (words, rank, total, index)
        return self._vec[:3]

    def vector(self, unit: str):
        """The unit's counts over the vocabulary of `vectors()`."""
        import numpy as np

        self.vectors()
        index = self._vec[3]
        c = self.counts.get(unit, {})
        v = np.zeros(len(index))
        if c:
            v[np.fromiter((index[w] for w in c), dtype=np.int64, count=len(c))] = np.fromiter(
                c.values(), dtype=float, count=len(c))
        return v

    @classmethod
    def from_counts(cls, per_unit: dict) -> "WordTable":
        """unit -> Counter of words (order kept)."""
        df, total = Counter(), Counter()
        for c in per_unit.values():
            df.update(k for k, v in c.items() if v > 0)
            total.update(c)
        return cls(list(per_unit), dict(per_unit), df, total)


def doc_word_counts(docs: Sequence[Doc], tokenizer=None, progress: Optional[Callable] = None,
                    use_cache: bool = True) -> list[Counter]:
    """Segment every doc (loads jieba on first use), leaving out the doc's own place names.
    progress(done, total) is called as it goes."""
    tok = tokenizer or get_tokenizer()
    out = []
    for n, d in enumerate(docs, 1):
        c = word_counts(d.text, tok, use_cache)
        own = [w for w in d.names if w in c]
        if own:  # a report naming itself says nothing about what it stresses
            c = Counter({w: v for w, v in c.items() if w not in own})
        out.append(c)
        if progress:
            progress(n, len(docs))
    return out


def word_table(docs: Sequence[Doc], counts: Sequence[Counter], by: str = BY_PLACE_YEAR) -> WordTable:
    per_unit: dict = {}
    for d, c in sorted(zip(docs, counts), key=lambda dc: _sort_key(dc[0])):
        u = d.units.get(by) or (d.place if by == BY_PLACE else f"{d.place} {d.year}年")
        per_unit.setdefault(u, Counter()).update(c)
    return WordTable.from_counts(per_unit)


@dataclass(frozen=True)
class Keyword:
    word: str
    score: float
    count: int
    per_1000: float  # occurrences per 1,000 content words of the unit
    df: int  # units using the word


def idf(n_units: int, df: int) -> float:
    """ln((N + 1) / (df + 0.5)): a word used by every unit weighs little but not nothing, so a
    corpus of one report still ranks its words by frequency."""
    return math.log((n_units + 1) / (df + 0.5))


def tfidf_keywords(table: WordTable, unit: str, k: int = 20, min_count: int = 2) -> list[Keyword]:
    """The unit's top-k words by tf·idf, tf being the word's share of the unit's content words and
    idf computed over the units of the loaded corpus (not jieba's generic IDF).  A keyword occurs at
    least `min_count` times in the unit (a word said once is not what a report stresses)."""
    c = table.counts.get(unit)
    if not c:
        return []
    n = sum(c.values())
    n_units = len(table.units)
    scored = [(cnt / n * idf(n_units, table.df[w]), w, cnt) for w, cnt in c.items() if cnt >= min_count]
    scored.sort(key=lambda x: (-x[0], -x[2], x[1]))
    return [Keyword(w, s, cnt, cnt / n * 1000, table.df[w]) for s, w, cnt in scored[:k]]


@dataclass(frozen=True)
class LogOdds:
    word: str
    z: float  # > 0: more typical of A than of B
    delta: float  # log-odds difference (A minus B)
    count_a: int
    count_b: int


def _z_scores(ya, yb, prior, n_p: float, alpha0: Optional[float]):
    """Vectorised core of `log_odds`: arrays of counts in A, in B and in the prior corpus."""
    import numpy as np

    n_a, n_b = float(ya.sum()), float(yb.sum())
    a0 = float(alpha0) if alpha0 else float(min(n_p, n_a + n_b))
    aw = a0 * prior / n_p
    aw[aw <= 0] = a0 / n_p * 0.5  # a word missing from the prior weighs as half an occurrence
    delta = (np.log((ya + aw) / (n_a + a0 - ya - aw)) - np.log((yb + aw) / (n_b + a0 - yb - aw)))
    z = delta / np.sqrt(1.0 / (ya + aw) + 1.0 / (yb + aw))
    return z, delta


def log_odds(a: Counter, b: Counter, prior: Counter, alpha0: Optional[float] = None) -> list[LogOdds]:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    For word w with counts y_a, y_b (group sizes n_a, n_b) and prior α_w = α0 · p_w, p_w being the
    word's share in `prior` (the whole corpus):
        δ_w = ln((y_a + α_w) / (n_a + α0 − y_a − α_w)) − ln((y_b + α_w) / (n_b + α0 − y_b − α_w))
        σ²_w ≈ 1/(y_a + α_w) + 1/(y_b + α_w),     z_w = δ_w / σ_w.
    α0 defaults to min(size of the prior corpus, n_a + n_b): the prior weighs at most as much as the
    data compared.  Returns every word of A ∪ B, highest z (most typical of A) first.
    """
    import numpy as np

    n_p = sum(prior.values())
    words = sorted(set(a) | set(b))
    if not words or not sum(a.values()) or not sum(b.values()) or not n_p:
        return []
    ya = np.array([a.get(w, 0) for w in words], dtype=float)
    yb = np.array([b.get(w, 0) for w in words], dtype=float)
    pr = np.array([prior.get(w, 0) for w in words], dtype=float)
    z, delta = _z_scores(ya, yb, pr, float(n_p), alpha0)
    out = [LogOdds(w, float(z[i]), float(delta[i]), int(ya[i]), int(yb[i])) for i, w in enumerate(words)]
    out.sort(key=lambda r: (-r.z, r.word))
    return out


def distinctive_words(table: WordTable, unit_a: str, unit_b: str = REST, k: int = 15
                      ) -> tuple[list[LogOdds], list[LogOdds]]:
    """Words that set unit A apart from unit B (or from all other units when unit_b is REST):
    (top k for A with z > 0, top k for B with z < 0, most distinctive first, ties by word).  The
    prior is the whole loaded corpus.  Same numbers as `log_odds`, on the table's vectors."""
    import numpy as np

    words, rank, total = table.vectors()
    if unit_a not in table.counts or (unit_b != REST and unit_b not in table.counts):
        return [], []
    ya = table.vector(unit_a)
    yb = total - ya if unit_b == REST else table.vector(unit_b)
    if not ya.sum() or not yb.sum():
        return [], []
    z, delta = _z_scores(ya, yb, total, float(total.sum()), None)
    used = (ya + yb) > 0

    def top(sign: float) -> list[LogOdds]:
        cand = np.flatnonzero(used & (sign * z > 0))
        order = cand[np.lexsort((rank[cand], -sign * z[cand]))][:k]
        return [LogOdds(words[i], float(z[i]), float(delta[i]), int(ya[i]), int(yb[i])) for i in order]

    return top(1.0), top(-1.0)


def source_note(n_reports: int, what: str = "") -> str:
    extra = f";{what}" if what else ""
    return f"来源:已载入的 {n_reports} 份政府工作报告{extra}"

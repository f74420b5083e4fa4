"""The word side of lib.analysis.themes: the word lists (data files), the jieba tokenizer
(built lazily, once per process) and segmentation into content words."""
from __future__ import annotations

import csv
import hashlib
import logging
import os
import re
import tempfile
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
ROOT = Path(__file__).resolve().parents[3]

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



"""Keywords of the loaded corpus: word tables per unit, TF-IDF and weighted log-odds (these need
segmentation, so jieba; see lib.analysis.themes)."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from lib.analysis.themes.docs import BY_PLACE, BY_PLACE_YEAR, REST, Doc, _sort_key
from lib.analysis.themes.words import get_tokenizer, word_counts

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

"""An article's strongest words, weighted by a fixed IDF table: the vector stories are compared by."""
from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from corpus.text.segment import STOPWORDS, jieba_file

VECTOR_TERMS = 32
_TF = [0.0, *(1 + math.log(c) for c in range(1, 256))]  # a word's weight for its count, the usual counts read once


@lru_cache(maxsize=1)
def load_idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median (for words it does not list)."""
    table: dict[str, float] = {}
    with jieba_file("analyse/idf.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip().partition(" ")
            if value:
                table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2] if values else 1.0


def article_vector(title_words: str, passage_words: list[str],
                   canonical: Callable[[str], str] | None = None) -> dict[str, float]:
    """Return an article's strongest words with their TF-IDF weights, from space-joined index words.

    ``canonical`` maps each word to one spelling of its name (贺锦丽 and 哈里斯 count as one word).
    """
    every: Counter[str] = Counter({w: 2 * n for w, n in Counter(title_words.split()).items()})  # a title's twice
    every.update(" ".join(passage_words).split())  # one pass over the text's words, in their order
    counts: dict[str, int] = {}
    for word, n in every.items():
        if len(word) > 1 and word not in STOPWORDS:
            if canonical is not None:
                word = canonical(word)
            counts[word] = counts.get(word, 0) + n
    idf, median = load_idf()
    weights = {t: (_TF[c] if c < len(_TF) else 1 + math.log(c)) * idf.get(t, median) for t, c in counts.items()}
    strongest = heapq.nlargest(VECTOR_TERMS, weights, key=weights.__getitem__)
    return {t: round(weights[t], 1) for t in strongest}

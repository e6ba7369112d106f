"""An article's strongest words, weighted by a fixed IDF table: the vector stories are compared by."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from corpus.text.segment import STOPWORDS, jieba_file

VECTOR_TERMS = 32


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
    for words in passage_words:
        every.update(words.split())
    counts = Counter({w: n for w, n in every.items() if len(w) > 1 and w not in STOPWORDS})
    if canonical is not None:
        merged: Counter[str] = Counter()
        for word, n in counts.items():
            merged[canonical(word)] += n
        counts = merged
    idf, median = load_idf()
    weights = {t: (1 + math.log(c)) * idf.get(t, median) for t, c in counts.items()}
    strongest = sorted(weights, key=weights.__getitem__, reverse=True)[:VECTOR_TERMS]
    return {t: round(weights[t], 1) for t in strongest}

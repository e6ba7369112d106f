"""Chinese segmentation: the words and characters the search index holds, and the words of a query."""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

import jieba

from corpus.text.english import FUNCTION_WORDS
from corpus.text.normalize import characters, is_wordish, normalize

logger = logging.getLogger(__name__)

USER_DICT = Path(__file__).resolve().parent.parent / "data" / "userdict.txt"  # names and outlets kept whole
# Function words that carry no topic: dropped from queries when anything else is left.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 有 也 都 就 对 把 被 将 要 会 从 向 为 以 于 而 之 其 这 那 此 该 "
    "一 个 上 下 中 吗 呢 吧 啊 呀 么 着 过 等 并 但 又 还 由 给 让 即 则 如 若 所 者 "
    "the a an of to in on at and or for is are was were be by with from as".split()
) | FUNCTION_WORDS

_jieba_lock = threading.Lock()
_jieba_ready = False


def ensure_segmenter() -> None:
    """Load jieba's dictionary and ours once, quietly."""
    global _jieba_ready
    if _jieba_ready:
        return
    with _jieba_lock:
        if _jieba_ready:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        jieba.load_userdict(str(USER_DICT))
        _jieba_ready = True


def segment(norm: str) -> list[str]:
    """Return jieba's search-mode words of already normalised text, punctuation and spaces left out."""
    ensure_segmenter()
    return [w.strip() for w in jieba.cut_for_search(norm) if w.strip() and is_wordish(w)]


def index_terms(text: str) -> tuple[str, str]:
    """Return the (words, characters) of ``text`` as space-joined strings for the search index."""
    norm = normalize(text)
    return " ".join(segment(norm)), " ".join(characters(norm))


@lru_cache(maxsize=4096)
def query_terms(query: str) -> tuple[str, ...]:
    """Return the distinct words of a query, normalised and segmented, stop words dropped when others remain.

    Segments each space-separated part on its own (jieba's accurate mode), so ``布林肯 王毅`` gives both names.
    """
    ensure_segmenter()
    terms: list[str] = []
    for part in normalize(query).split():
        for w in jieba.cut(part):
            w = w.strip()
            if w and is_wordish(w) and w not in terms:
                terms.append(w)
    content = [t for t in terms if t not in STOPWORDS and not (len(t) == 1 and t.isascii())]
    return tuple(content or terms)

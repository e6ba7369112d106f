"""Chinese segmentation: the words and characters the search index holds, and the words of a query.

Words are cut by rjieba (jieba's algorithm and dictionary in Rust, about 20 times faster than jieba's Python);
jieba's Python package stays for what only it offers: parts of speech and word frequencies (``ensure_tagger``).
Both hold our user dictionary. Latin runs are cut as jieba's Python cuts them (``covid-19`` as covid, 19).
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import rjieba

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

_lock = threading.Lock()
_segmenter_ready = False
_tagger_ready = False
_LATIN = re.compile(r"[a-z0-9]+(?:\.\d+)?%?", re.IGNORECASE)  # jieba's own rule for Latin and figures


def _user_words() -> list[tuple[str, int | None, str | None]]:
    """The user dictionary's entries: word, frequency (None: jieba suggests one), part of speech."""
    out = []
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((parts[0], freq, tag))
    return out


def ensure_segmenter() -> None:
    """Load the word cutter's dictionary and ours once."""
    global _segmenter_ready
    if _segmenter_ready:
        return
    with _lock:
        if not _segmenter_ready:
            for word, freq, tag in _user_words():
                rjieba.add_word(word, freq, tag)
            _segmenter_ready = True


def tagger() -> ModuleType:
    """jieba's Python package with its dictionary and ours loaded, for parts of speech (``jieba.posseg``) and
    word frequencies (``jieba.get_FREQ``). Imported at first use: it takes about a second, and answering
    searches never needs it."""
    global _tagger_ready
    import jieba
    import jieba.posseg

    if not _tagger_ready:
        with _lock:
            if not _tagger_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                jieba.load_userdict(str(USER_DICT))
                _tagger_ready = True
    return jieba


def ensure_tagger() -> None:
    """Load jieba's Python dictionary and ours now (see ``tagger``)."""
    tagger()


def _words(tokens: list[str]) -> list[str]:
    """The word tokens, stripped, punctuation and spaces left out, Latin runs cut at hyphens and dots."""
    out = []
    for token in tokens:
        token = token.strip()
        if not token or not is_wordish(token):
            continue
        if token.isascii() and not token.isalnum():
            pieces = _LATIN.findall(token)
            if out and pieces and pieces[0] == out[-1]:
                pieces = pieces[1:]  # search mode already gave its first piece (covid, covid-19)
            out.extend(pieces)
        else:
            out.append(token)
    return out


def segment(norm: str) -> list[str]:
    """Return the search-mode words of already normalised text (the words and, for a long word, its shorter
    dictionary words), punctuation and spaces left out."""
    ensure_segmenter()
    return _words(rjieba.cut_for_search(norm))


def index_terms(text: str) -> tuple[str, str]:
    """Return the (words, characters) of ``text`` as space-joined strings for the search index."""
    return folded_terms(normalize(text))


def folded_terms(norm: str) -> tuple[str, str]:
    """``index_terms`` of text already folded by ``normalize``."""
    return " ".join(segment(norm)), " ".join(characters(norm))


@lru_cache(maxsize=4096)
def query_terms(query: str) -> tuple[str, ...]:
    """Return the distinct words of a query, normalised and segmented, stop words dropped when others remain.

    Segments each space-separated part on its own (jieba's accurate mode), so ``布林肯 王毅`` gives both names.
    """
    ensure_segmenter()
    terms: list[str] = []
    for part in normalize(query).split():
        for w in _words(rjieba.cut(part)):
            if w not in terms:
                terms.append(w)
    content = [t for t in terms if t not in STOPWORDS and not (len(t) == 1 and t.isascii())]
    return tuple(content or terms)

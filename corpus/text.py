"""Text normalisation and Chinese segmentation.

``normalize`` folds text for matching (NFKC, traditional to simplified, lower case) and is never shown to the
user; ``index_terms`` and ``query_terms`` turn text into the words and characters the search index holds.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba
import opencc

logger = logging.getLogger(__name__)

USER_DICT = Path(__file__).with_name("data") / "userdict.txt"  # names and outlets that must stay one word
_T2S = opencc.OpenCC("t2s")
# Middle dots of every kind (安东尼‧布林肯, 约翰・柯比) fold to one.
_DOTS = str.maketrans({c: "·" for c in "‧・•∙⋅･"})
_ANY_DOT = re.compile("[‧・•∙⋅･]")
_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_WORDISH = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RUN = re.compile(r"[0-9a-z]+(?:[.'’-][0-9a-z]+)*")

# Function words that carry no topic: dropped from queries when anything else is left.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 有 也 都 就 对 把 被 将 要 会 从 向 为 以 于 而 之 其 这 那 此 该 "
    "一 个 上 下 中 吗 呢 吧 啊 呀 么 着 过 等 并 但 又 还 由 给 让 即 则 如 若 所 者 "
    "the a an of to in on at and or for is are was were be by with from as".split()
)

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


def clean_spaces(text: str) -> str:
    """Return ``text`` with runs of white space (full-width and zero-width too) as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def normalize(text: str) -> str:
    """Return the folded form of ``text`` used for matching: NFKC, simplified Chinese, lower case."""
    folded = unicodedata.normalize("NFKC", text)
    if _ANY_DOT.search(folded):
        folded = folded.translate(_DOTS)
    return _T2S.convert(folded).lower()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return ``normalize(text)`` and, for each of its characters, the index of the source character.

    Lets a match found in the folded text be highlighted in the original one.
    """
    norm = normalize(text)
    if len(norm) == len(text):
        return norm, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        piece = normalize(ch)
        out.append(piece)
        offsets.extend([i] * len(piece))
    return "".join(out), offsets


def is_wordish(token: str) -> bool:
    """Return True when ``token`` holds a letter, digit or Chinese character (not only punctuation)."""
    return bool(_WORDISH.search(token))


def segment(norm: str) -> list[str]:
    """Return jieba's search-mode words of already normalised text, punctuation and spaces left out."""
    ensure_segmenter()
    return [w.strip() for w in jieba.cut_for_search(norm) if w.strip() and is_wordish(w)]


def characters(norm: str) -> list[str]:
    """Return the single Chinese characters and the Latin/digit words of normalised text."""
    out = _CJK.findall(norm)
    out.extend(_LATIN_RUN.findall(norm))
    return out


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
    content = [t for t in terms if t not in STOPWORDS]
    return tuple(content or terms)

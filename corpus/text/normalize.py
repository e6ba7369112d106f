"""Text folding: ``normalize`` makes the form used for matching (NFKC, traditional to simplified, lower case).

The folded text is never shown to the user; offsets map a match back to the original.
"""
from __future__ import annotations

import re
import unicodedata

import opencc
from rapidfuzz.utils import default_process

_T2S = opencc.OpenCC("t2s")
# Middle dots of every kind (安东尼‧布林肯, 约翰・柯比) fold to one.
_DOTS = str.maketrans({c: "·" for c in "‧・•∙⋅･"})
_ANY_DOT = re.compile("[‧・•∙⋅･]")
_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_WORDISH = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RUN = re.compile(r"[0-9a-z]+(?:[.'’-][0-9a-z]+)*")


def clean_spaces(text: str) -> str:
    """Return ``text`` with runs of white space (full-width and zero-width too) as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def simplified(text: str) -> str:
    """Return ``text`` with traditional characters as simplified ones (nothing else changed)."""
    return _T2S.convert(text)


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


def normalize_original_spans(text: str, folded: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Map spans of ``folded`` (``normalize(text)``) back to ``text``; spans outside it are dropped."""
    spans = [(a, b) for a, b in spans if 0 <= a < b <= len(folded)]
    if len(folded) == len(text):
        return spans
    _norm, offsets = normalize_with_offsets(text)
    return [(offsets[a], offsets[b - 1] + 1) for a, b in spans if b <= len(offsets)]


def letters_only(folded: str) -> str:
    """Folded text with everything but letters and digits removed (what ``[\\W_]+`` removes): the key that reprints
    and template lines are compared by. rapidfuzz's preprocessing does it in C (the same keys for all 378,521 folded
    passages of the real archive, a third of the time of the regular expression)."""
    return default_process(folded).replace(" ", "")


def is_wordish(token: str) -> bool:
    """Return True when ``token`` holds a letter, digit or Chinese character (not only punctuation)."""
    return bool(_WORDISH.search(token))


def characters(norm: str) -> list[str]:
    """Return the single Chinese characters and the Latin/digit words of normalised text."""
    out = _CJK.findall(norm)
    out.extend(_LATIN_RUN.findall(norm))
    return out

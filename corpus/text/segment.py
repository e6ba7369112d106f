"""Chinese segmentation: the words and characters the search index holds, and the words of a query.

Words are cut and tagged by rjieba (jieba's algorithm and dictionary in Rust, about 20 times faster than jieba's
Python, and without its 120 MB of tables in memory), with our user dictionary added. Latin runs are cut as jieba's
Python cuts them (``covid-19`` as covid, 19). Word frequencies come from jieba's dictionary file.
"""
from __future__ import annotations

import hashlib
import importlib.util
import math
import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import rjieba

from corpus.data_files import table_lines
from corpus.text.english import FUNCTION_WORDS
from corpus.text.normalize import characters, is_wordish, normalize

USER_DICT = Path(__file__).resolve().parent.parent / "data" / "userdict.txt"  # names and outlets kept whole
# Function words that carry no topic: dropped from queries when anything else is left.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 有 也 都 就 对 把 被 将 要 会 从 向 为 以 于 而 之 其 这 那 此 该 "
    "一 个 上 下 中 吗 呢 吧 啊 呀 么 着 过 等 并 但 又 还 由 给 让 即 则 如 若 所 者 "
    "the a an of to in on at and or for is are was were be by with from as".split()
) | FUNCTION_WORDS

FREQUENT = 200  # word_frequency is exact from this count up
_lock = threading.Lock()
_segmenter_ready = False
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


def dictionary_fingerprint() -> str:
    """A fingerprint of the words segmentation adds to rjieba's own (the user dictionary, ``USER_DICT``): an index
    cut with other words is read again (``CorpusIndex``), or a query would be cut otherwise than its passages."""
    return hashlib.sha1(USER_DICT.read_bytes()).hexdigest()[:16]


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


def package_file(package: str, name: str) -> Path:
    """A data file of an installed package, found without importing the package (which may load large tables)."""
    return Path(importlib.util.find_spec(package).origin).parent / name


def jieba_file(name: str) -> Path:
    """A data file of jieba's Python package (``dict.txt``, ``analyse/idf.txt``)."""
    return package_file("jieba", name)


def dictionary_lines() -> Iterator[tuple[str, int, str]]:
    """The (word, frequency, part of speech) of jieba's dictionary, read from its file: the dictionary rjieba
    holds too."""
    with jieba_file("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                yield parts[0], int(parts[1]), parts[2]


@lru_cache(maxsize=1)
def _frequent() -> dict[str, int]:
    """The dictionary's words counted at least ``FREQUENT`` times (about 25,000 of its 349,000), with their counts;
    ours with the count we give them."""
    table = {word: freq for word, freq, _tag in dictionary_lines() if freq >= FREQUENT}
    table.update((word, freq) for word, freq, _tag in _user_words() if freq is not None and freq >= FREQUENT)
    return table


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 when it does not hold it): exact from ``FREQUENT`` up;
    below, rjieba's estimate (within one of the count), capped under ``FREQUENT``: the thresholds that tell names
    from common words (500, 300) lie above the cap."""
    ensure_segmenter()
    freq = _frequent().get(word)
    if freq is not None:
        return freq
    if not rjieba.has_word(word):
        return 0
    return max(1, min(rjieba.suggest_freq(word) - 1, FREQUENT - 1))


def tagged(text: str) -> list[tuple[str, str | None]]:
    """The words of ``text`` (new words found too, as jieba's ``lcut``) with their dictionary part of speech;
    None for a word the dictionary does not hold, or holds untagged (a name, mostly)."""
    ensure_segmenter()
    return [(w, tag if tag and rjieba.has_word(w) else None) for w, tag in rjieba.tag(text)]


PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})  # the tags jieba's dictionary gives a person's name


def dictionary_tag(word: str) -> str | None:
    """The dictionary's part of speech of ``word``; None when it does not hold it (or holds it untagged, or under
    a rarer cut: 2% of its words)."""
    ensure_segmenter()
    if not rjieba.has_word(word):
        return None
    tags = rjieba.tag(word, False)
    return tags[0][1] or None if len(tags) == 1 else None


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


Frequency = Callable[[str], int]  # how many passages of the index hold a word
RECUT_LONGEST = 8  # the longest word a query is re-cut into
RECUT_MIN_PASSAGES = 3  # passages a word must be in to be a word of the re-cut (the cutter's own words always are)
RECUT_MARGIN = 1.0  # how much likelier (natural log) the re-cut must be than the cutter's cut to be taken
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")  # a run of Chinese characters


def recut(tokens: list[str], passages: Frequency, total: int) -> list[str]:
    """The cutter's ``tokens`` of a query, each run of Chinese words cut again into the words the index holds
    most often, when that cut is much likelier.

    A cut's likelihood is that of a unigram model of the index: each word weighs the log of the share of passages
    that hold it (plus one half), so fewer, more common words win. jieba's dictionary holds words its usual cut
    prefers that a query's name or term does not mean (澳籍主播成蕾 as 澳/籍主/播成蕾: 籍主 is a dictionary word,
    and the unknown 成蕾 is glued to 播), while the index's passages hold 澳籍, 主播 and 成蕾 far more often
    (63, 199, 275 passages against 271, 7, 7); 美国对华为芯片 as 对华/为 (toward China) where the index holds 华为
    beside the function word 对. The cut is taken only when likelier by ``RECUT_MARGIN``, and not when it leaves a
    character alone that is no function word (林/郑月/娥 is likelier as 林郑/月/娥, but 月 is a month, not a piece
    of the name); a run the cutter keeps whole is kept. First, a character the cutter glued to a name its
    dictionary lacks is cut off (``_unglued``: 林夕改 as 林夕 and 改)."""
    known: dict[str, int] = {}

    def held(word: str) -> int:
        if word not in known:
            known[word] = passages(word)
        return known[word]

    def cost(word: str) -> float:
        return math.log(total / (held(word) + 0.5))

    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        # a token gluing a character to a name the dictionary lacks is cut first (林夕改: 林夕, 改)
        run[:] = [piece for t in run for piece in _unglued(t, held)]
        if len(run) >= 2:
            text, own = "".join(run), set(run)
            best = [0.0] + [math.inf] * len(text)
            back = [0] * (len(text) + 1)
            for end in range(1, len(text) + 1):
                for start in range(max(0, end - RECUT_LONGEST), end):
                    word = text[start:end]
                    if len(word) > 1 and word not in own and held(word) < RECUT_MIN_PASSAGES:
                        continue
                    c = best[start] + cost(word)
                    if c < best[end]:
                        best[end], back[end] = c, start
            spans, end = [], len(text)
            while end > 0:
                spans.append((back[end], end))
                end = back[end]
            spans = _unrefined(spans[::-1], run)
            words = [text[a:b] for a, b in spans]
            # a character left alone by the re-cut that is no function word is a name's piece (月 of 林郑/月/娥)
            stray = any(len(w) == 1 and w not in own and w not in STOPWORDS for w in words)
            if not stray and sum(cost(w) for w in words) < sum(cost(t) for t in run) - RECUT_MARGIN:
                run[:] = words
        out.extend(run)
        run.clear()

    for token in tokens:
        if CJK_RUN.fullmatch(token):
            run.append(token)
        else:
            flush()
            out.append(token)
    flush()
    return out


def _unrefined(spans: list[tuple[int, int]], tokens: list[str]) -> list[tuple[int, int]]:
    """The re-cut's word ``spans`` (start, end), with every cutter's token that they only cut in pieces (no word
    of the re-cut reaching into a neighbour) given back whole: the index holds a compound's pieces more often than
    the compound, as its search mode indexes them too (美国防部 as 美国/防部), which says nothing of how the query
    is to be read. A token cut where a word reaches into it (籍主 of 澳籍/主播) stays cut, and so does one whose
    first or last piece is a function word the cutter glued to a name (贺锦丽为 of 选择贺锦丽为竞选搭档: 贺锦丽/为)."""
    text = "".join(tokens)
    out = sorted(spans)
    start = 0
    for token in tokens:
        end = start + len(token)
        inside = [span for span in out if start <= span[0] and span[1] <= end]
        glued = any(text[a:b] in STOPWORDS for a, b in (inside[:1] + inside[-1:])) if len(inside) > 1 else False
        if len(inside) > 1 and inside[0][0] == start and inside[-1][1] == end and not glued:
            out = sorted([span for span in out if span not in inside] + [(start, end)])
        start = end
    return out


GLUED_RATIO = 10  # how many times as many passages must hold a name as the cutter's token gluing a character to it
GLUED_TAGS = frozenset({"v", "p", "c", "d"})  # ... a character that is a verb, preposition, conjunction or adverb


def _unglued(token: str, held: Callable[[str], int]) -> list[str]:
    """The cutter's ``token`` as a name its dictionary lacks and the character its model of unknown words glued to
    it (林夕 and 改 of 林夕改歌词, 赠 and 罗冠聪 of 赠罗冠聪遭…): the character a verb, preposition, conjunction or
    adverb to the dictionary (``GLUED_TAGS``; not a name's surname, 史 of 高管史有才), the name in
    ``RECUT_MIN_PASSAGES`` passages or more and ``GLUED_RATIO`` times as many as the token; else the token alone."""
    if len(token) < 3 or not CJK_RUN.fullmatch(token) or rjieba.has_word(token):
        return [token]
    held_token = None
    for name, glued, pieces in ((token[1:], token[0], [token[0], token[1:]]),
                                (token[:-1], token[-1], [token[:-1], token[-1]])):
        if rjieba.has_word(name) or dictionary_tag(glued) not in GLUED_TAGS:
            continue
        held_name = held(name)
        if held_name < RECUT_MIN_PASSAGES:
            continue
        held_token = held(token) if held_token is None else held_token
        if held_name >= GLUED_RATIO * held_token:
            return pieces
    return [token]


@lru_cache(maxsize=1)
def short_forms() -> tuple[dict[str, str], frozenset[str]]:
    """The reviewed one-character short forms of countries and regions (``data/short_forms.txt``: 美 for 美国) and
    the pairs of them that are words of their own (台中, Taichung)."""
    forms: dict[str, str] = {}
    words: set[str] = set()
    for line in table_lines("short_forms.txt"):
        if line.startswith("!"):
            words.update(normalize(w) for w in line[1:].split())
        else:
            short, full = line.split()[:2]
            forms[normalize(short)] = normalize(full)
    return forms, frozenset(words)


NUMERAL = re.compile(r"[\d零一二三四五六七八九十百千两]")  # a figure's character: before 日, a day's (15日)


def _short_form_chains(tokens: list[str], chained: dict[str, str] | None = None) -> list[str]:
    """The cutter's ``tokens`` of a query, each chain of country short forms read as the countries it names
    (中俄伊 as 中国 俄罗斯 伊朗, 美日印澳 as the four), and a pair the cutter left as two lone characters as one
    word (中/俄 as 中俄, which ``swapped_pair`` reads in either order): the cutter glues such chains to their
    neighbours (称中/俄伊, 美日/印澳) and drops 中 as a function word. A chain is three short forms or more; its
    last is one that ends its word (not the 越 of 中美越来越, the 法 of 美中法律), its first not a day's 日
    (15日中美); none of its pairs is a word of its own (港澳). ``chained`` gets each country a chain names, with its
    short form (中国: 中)."""
    forms, words = short_forms()
    text = "".join(tokens)
    ends, at = set(), 0
    for token in tokens:
        at += len(token)
        ends.add(at)
    spans: list[tuple[int, int, bool]] = []  # (start, end, a chain of countries rather than one pair)
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] in forms:
            j += 1
        start, end = i, j
        dated = start < end and start > 0 and text[start] == "日" and bool(NUMERAL.match(text[start - 1]))
        start += dated  # a day's 日
        while end > start and end not in ends:
            end -= 1  # the chain's last character begins a longer word (越来越, 法律)
        if end - start >= 2 and not any(text[k:k + 2] in words for k in range(start, end - 1)):
            if end - start >= 3:
                spans.append((start, end, True))
            elif (start in ends | {0} and start + 1 in ends or dated) and end in ends:
                spans.append((start, end, False))  # two lone characters, or a pair glued to a day (15日中美)
        i = max(j, i + 1)
    if not spans:
        return tokens
    out: list[str] = []
    cuts = sorted({0, len(text)} | ends | {k for a, b, _c in spans for k in (a, b)})
    for a, b in zip(cuts, cuts[1:], strict=False):
        span = next((s for s in spans if s[0] <= a and b <= s[1]), None)
        if span is None:
            out.append(text[a:b])
        elif a == span[0]:
            if not span[2]:
                out.append(text[span[0]:span[1]])
                continue
            for ch in text[span[0]:span[1]]:
                out.append(forms[ch])
                if chained is not None:
                    chained[forms[ch]] = ch
    return out


def chained_short_forms(query: str, passages: Frequency | None = None, total: int = 0) -> dict[str, str]:
    """The countries a query names by a chain of short forms (``_short_form_chains``), each with its short form
    (中国: 中): what a headline writing the chain holds of them. The query is cut as ``query_words`` cuts it."""
    found: dict[str, str] = {}
    query_words(query, passages, total, found)
    return found


def query_terms(query: str, passages: Frequency | None = None, total: int = 0) -> tuple[str, ...]:
    """Return the distinct words of a query, normalised and segmented, stop words dropped when others remain.

    Segments each space-separated part on its own (jieba's accurate mode), so ``布林肯 王毅`` gives both names.
    Given how many of an index's ``total`` passages hold a word (``passages``), runs of Chinese words are cut
    again into the words the index holds most often, when much likelier (``recut``).
    """
    if passages is None or total <= 0:
        return _query_terms(query)
    return content_words(query_words(query, passages, total))


def query_words(query: str, passages: Frequency | None = None, total: int = 0,
                chained: dict[str, str] | None = None) -> list[str]:
    """The words of a query in order, as ``query_terms`` cuts them, stop words and repeats kept; ``chained`` gets
    the countries a chain of short forms names, with their short forms (``chained_short_forms``)."""
    ensure_segmenter()
    out: list[str] = []
    for part in normalize(query).split():
        tokens = rjieba.cut(part)
        tokens = recut(tokens, passages, total) if passages is not None and total > 0 else tokens
        out += _words(_short_form_chains(tokens, chained))
    return out


@lru_cache(maxsize=4096)
def _query_terms(query: str) -> tuple[str, ...]:
    return content_words(query_words(query))


def content_words(words: list[str]) -> tuple[str, ...]:
    """The distinct words, stop words dropped when others remain."""
    terms = list(dict.fromkeys(words))
    content = [t for t in terms if t not in STOPWORDS and not (len(t) == 1 and t.isascii())]
    return tuple(content or terms)

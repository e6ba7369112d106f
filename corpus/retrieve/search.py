"""Retrieval: candidates from the search index, rapidfuzz re-ranking, filters, and grouping of reprints.

A query is words plus optional filters (``source:联合早报``, ``since:2021-11-01``, ``until:2021-11-30``).
Each word the index knows becomes a term clause; a word it does not know (a typo, another segmentation)
becomes the index's words it may be a typo of (``typo_variants``) plus its single characters, so a near miss
still brings candidates. The candidates are then scored on their folded text: how much of the query's weight
they contain (exactly, or as a likely typo), how closely they hold the query as a phrase, and BM25.
"""
from __future__ import annotations

import logging
import math
import os
import re
import threading
from bisect import bisect_left, bisect_right, insort
from collections import Counter, deque
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import product
from time import perf_counter

import tantivy
from rapidfuzz import fuzz

from corpus.data_files import table_lines
from corpus.errors import QueryError
from corpus.ingest.parse import DEFAULT_ZONE
from corpus.models import Also, Hit
from corpus.retrieve.semantic import Coverage, Embedder, Encoder, SemanticIndex
from corpus.retrieve.semantic import enabled as semantic_enabled
from corpus.store.index import Candidate, CorpusIndex, PassageRow
from corpus.store.warm import CacheWarmer
from corpus.text import Frequency, characters, letters_only, normalize, normalize_original_spans
from corpus.text.aliases import AliasTable, swapped_pair, term_spellings
from corpus.text.english import MAX_WORDS, english_words, glossary, news_phrase, plain_latin, translate
from corpus.text.readings import characters_by_reading, characters_by_wade_giles, homophones, load_readings
from corpus.text.readings import sounds as readings_of
from corpus.text.segment import PERSON_TAGS, STOPWORDS, content_words, dictionary_tag, query_words

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
CANDIDATES = 120
TABLES_AFTER = 5.0  # seconds after start the tables are loaded if no question came first (``load_tables_later``)
# Up to this many hits, candidates are read as re-ranking needs them and the shown ones read in full afterwards;
# a longer page shows most of them (as hits or reprints), so all are read in full at once.
LIGHT_TOP = 10
POST_FILTER_SHARE = 0.3  # share of the articles a date filter keeps from which it follows the search
POST_FILTER_MARGIN = 1.5  # ... asking for this many times the candidates the share suggests ...
POST_FILTER_MOST = 600  # ... and no more than this many
ALL_WORDS = 20  # passages holding every query word, taken beside the first stage's best (see _search)
ALL_CHARACTERS = 20  # ... and passages holding every character of a query part of three or more (see _search)
AS_WRITTEN = 70  # fuzz.partial_ratio of such a part and a passage at which the passage holds it as written
TYPO_CREDIT = 0.9  # share of a word's weight that a likely typo of it earns in re-ranking
TYPO_POINTS = 1.0  # first-stage points per unit of that credit, as a word's own weight is about its BM25
RARE_TERM = 3  # a query word in at most this many passages may be a typo of another: near misses count
REPRINT_SIMILARITY = 88  # fuzz.ratio of two passages' folded text at which one is a reprint of the other
# the shortest share of a key another key may be for fuzz.ratio to reach REPRINT_SIMILARITY: 2a / (a + b) >= r
# gives a >= b * r / (2 - r); taken a little lower, so that rounding never leaves out a pair it would keep
_REPRINT_LENGTH = REPRINT_SIMILARITY / (200 - REPRINT_SIMILARITY) - 0.005
MIN_COVERAGE = 0.3  # share of the query's weight a passage must hold to be shown at all
RELATIVE_COVERAGE = 0.5  # ... and at least this share of the best passage's coverage
PER_ARTICLE = 2  # passages of one article among the top hits, before others of it are shown
SAME_OUTLET_PENALTY = 1.5  # score points off a passage for each better one from its outlet (diversity)
SAME_SPELLING_PENALTY = 3.0  # and for each better one writing the query's names the same way
# A character in more passages than this share (and this number) is not looked for alone: it would bring a tenth
# of the corpus to score and tell little (国 of 韩国, 会 of 理事会); the word's rarer characters still are.
COMMON_CHARACTER_SHARE = 0.02
COMMON_CHARACTER_MIN = 5000
COMMON_RATIO = 4  # a word in this many times the passages of the query's other words is only scored beside them
PARTIAL_PART = 0.5  # credit for some pieces of a query word the index does not know whole (洛溪 of 佩洛溪)
MAX_ALIASES = 6  # other spellings looked for, per query word
COMPANY_KEPT = 1024  # English words' readings chosen in context, kept for questions asked again
READINGS_WEIGHED = 16  # an English word's dictionary readings among which the question's other words choose
MEANING_CANDIDATES = 40  # passages taken from the meaning index, beside the lexical candidates
RRF_K = 60  # reciprocal rank fusion: a passage scores 1/(RRF_K + rank) in each list it is in
MEANING_WEIGHT = 1.5  # the meaning list's weight beside the words' list (chosen on bench/semantic_eval.py)
TRANSLATED_TRUST = 0.6  # a lexical rank earned by translations alone counts this much beside meaning
MEANING_RELATIVE = 0.8  # ... and at least this share of the nearest passage's cosine
MEANING_FLOOR = 0.1  # cosine under which a passage is not taken by meaning alone
FOUND_ORDER = ("words", "alias", "translation", "typo", "meaning")
# a second engine query of a search runs here, beside the first (the engine releases the interpreter)
_ENGINE_POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="engine")

Row = Candidate | PassageRow  # a candidate as re-ranking reads it, or read in full

_FILTER = re.compile(r"(?<!\S)(source|src|outlet|since|from|until|to|before|after):(\S*)", re.IGNORECASE)
_CJK_ONLY = re.compile(r"[\u3400-\u9fff]+")
_CJK_CHARACTERS = re.compile(r"[\u3400-\u9fff]").findall


@dataclass(frozen=True)
class Query:
    """A parsed query: the words to look for and the filters to apply."""

    text: str
    terms: tuple[str, ...]
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each space-separated part, folded, and its terms
    sources: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a word and the other spellings that count as it
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()  # an English word or phrase and its Chinese words
    chained: tuple[tuple[str, str], ...] = ()  # a country a chain of short forms names and its short form (中国, 中)
    muted: tuple[str, ...] = ()  # outlets left out (a chat's muted outlets)

    @property
    def alternatives(self) -> dict[str, tuple[str, ...]]:
        """Each word's other spellings and, for English words, their Chinese readings: what counts as the word."""
        return dict(self.aliases) | dict(self.translations)

    @property
    def matched_as(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The other spellings and readings of the words searched, to show a user: not those of a word a phrase
        took in (``liu`` of ``Liu He``, read as 刘鹤, whose learnt spellings 刘晓波 and 刘慈欣 were not looked for)."""
        return tuple((word, others) for word, others in (*self.aliases, *self.translations) if word in self.terms)

    @property
    def has_filters(self) -> bool:
        """True when the query restricts outlets or dates."""
        return bool(self.sources or self.since or self.until)


@dataclass
class SearchResult:
    """The hits of a query (reprints folded into ``also``) and how many candidates were scored."""

    query: Query
    hits: list[Hit] = field(default_factory=list)
    candidates: int = 0
    meaning: Coverage | None = None  # how much of the corpus search by meaning covered (None: not used)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: parse, engine, store, rerank, ...


def _parse_day(value: str, *, end: bool) -> datetime:
    """Return the start (or, with ``end``, the end, exclusive) of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` day."""
    m = re.fullmatch(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?", value)
    if not m:
        raise QueryError(f"'{value}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            start = date(year, int(month), int(day))
            stop = start + timedelta(days=1)
        elif month:
            start = date(year, int(month), 1)
            stop = date(year + (start.month == 12), start.month % 12 + 1, 1)
        else:
            start, stop = date(year, 1, 1), date(year + 1, 1, 1)
    except ValueError:
        raise QueryError(f"'{value}' is not a valid date") from None
    return datetime.combine(stop if end else start, time(), tzinfo=DEFAULT_ZONE)


HostMap = Mapping[str, str] | Callable[[], Mapping[str, str]]


def resolve_sources(value: str, sources: Iterable[str], hosts: HostMap) -> tuple[str, ...]:
    """Return the outlets a ``source:`` value names: the exact name, names containing it, or a link host.

    ``hosts`` maps link hosts to outlets, or is a function giving that map, called only when names do not match.
    """
    want = normalize(value).strip()
    if not want:
        raise QueryError("source: needs an outlet name, e.g. source:联合早报")
    names = list(sources)
    exact = [s for s in names if normalize(s) == want]
    if exact:
        return tuple(exact)
    partial = [s for s in names if want in normalize(s) or (len(normalize(s)) >= 2 and normalize(s) in want)]
    host_map = {} if partial else (hosts() if callable(hosts) else hosts)
    by_host = [src for host, src in host_map.items() if want in host.lower()]
    found = tuple(dict.fromkeys(partial + by_host))
    if not found:
        known = "、".join(names[:12]) or "none indexed"
        raise QueryError(f"no outlet matches '{value}' (outlets: {known})")
    return found


# a figure written with thousands separators (200,000; 1,500,000)
_GROUPED_FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d)")
# initials that are a common English word in lower case (the pronoun "who"), read as the body they stand for when
# written in capitals: a question's function words are not searched for
CAPITAL_INITIALS = {"WHO": "World Health Organization"}
_CAPITAL_INITIALS = re.compile(r"\b(" + "|".join(CAPITAL_INITIALS) + r")\b")
# full-width Latin letters and digits (ＷＨＯ, ＴｉｋＴｏｋ, as Chinese input methods may write them) as ASCII,
# which the English readings and the filters read (the words are folded so anyway)
_FULL_WIDTH = {**{0xFF10 + i: 0x30 + i for i in range(10)}, **{0xFF21 + i: 0x41 + i for i in range(26)},
               **{0xFF41 + i: 0x61 + i for i in range(26)}}
_DOTTED_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # U.S., E.U., U.K.: the initials, as US, EU, UK
# a share in words (75 percent, 3.5 per cent) as Chinese reports write it and the index holds it: 75%
_PERCENT_IN_WORDS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:percent|per\s+cent)\b", re.IGNORECASE)


def _as_reported(match: re.Match[str]) -> str:
    """A figure written with thousands separators as Chinese reports write it: 200,000 as 20万, 1,500,000 as
    150万, 250,000,000 as 2.5亿, 13,600 as 1.36万, 1,262 as 1262 (a question in English gives its figures so; the
    separator's pieces would be searched for as two numbers, 200 and 000)."""
    figure = int(match.group().replace(",", ""))
    for unit, size in (("亿", 10**8), ("万", 10**4)):
        if figure >= size and figure % (size // 100) == 0:
            return f"{figure / size:g}{unit}"
    return str(figure)


def parse_query(raw: str, sources: Iterable[str] = (), hosts: HostMap | None = None,
                passages: Frequency | None = None, total: int = 0) -> Query:
    """Return the ``Query`` in a user's text; raises ``QueryError`` for an empty query or a bad filter. Given how
    many of an index's ``total`` passages hold a word, its words are cut as the index holds them (``recut``)."""
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
    raw = plain_latin(raw.translate(_FULL_WIDTH))  # Ürümqi as Urumqi, as the dictionary's glosses are read
    chosen: list[str] = []
    since = until = None
    for m in _FILTER.finditer(raw):
        key, value = m.group(1).lower(), m.group(2)
        if key in ("source", "src", "outlet"):
            chosen.extend(resolve_sources(value, sources, hosts if hosts is not None else {}))
        elif not value:
            raise QueryError(f"{key}: needs a date, e.g. {key}:2021-11-01")
        elif key in ("since", "from", "after"):
            since = _parse_day(value, end=False)
        else:
            until = _parse_day(value, end=True)
    if since and until and since >= until:
        raise QueryError("since: is after until:")
    text = _GROUPED_FIGURE.sub(_as_reported, " ".join(_FILTER.sub(" ", raw).split()))
    text = _DOTTED_INITIALS.sub(lambda m: m.group().replace(".", ""), text)
    text = _PERCENT_IN_WORDS.sub(r"\1%", text)
    text = _CAPITAL_INITIALS.sub(lambda m: CAPITAL_INITIALS[m.group(1)], text)
    chained: dict[str, str] = {}
    cuts = [(part, query_words(part, passages, total, chained)) for part in text.split()]  # each part cut once
    terms = content_words([w for _part, words in cuts for w in words]) if text else ()
    parts = tuple((normalize(part), tuple(t for t in content_words(words) if t in terms)) for part, words in cuts)
    query = Query(text=text, terms=terms, parts=parts, sources=tuple(dict.fromkeys(chosen)), since=since,
                  until=until, chained=tuple(chained.items()))
    if not terms and not query.has_filters:
        raise QueryError("empty query")
    return query


PINYIN_NAME_CHARS = 25  # characters tried for each given-name syllable of a name in pinyin: the index's commonest
PINYIN_NAME_MIN = 3  # passages a word must be in to be read as a pinyin name
PIECES_SHARE = 0.1  # a name held in pieces is read where its pieces are together this share as often as the best's
# function words that join words rather than end a name: a name's pieces holding one are a phrase (韩国与 of 韩国瑜's
# spelling); not those names are often given (之, 中, 一, 其, 若: 陈时中 is held as 陈时/中)
_JOINING = frozenset(w for w in STOPWORDS if len(w) == 1 and not w.isascii()) - frozenset("之中一上下个其如若和")
# Common Chinese surnames (``data/surnames.txt``): the first syllable of a name written in pinyin is read as one
SURNAMES = frozenset("".join(table_lines("surnames.txt")))


def rarity(total: int, df: int) -> float:
    """A word's weight by how few of the ``total`` passages hold it (``df``): the first stage's, and the one that
    ``/coverage`` weighs a question's words by."""
    return math.log(1 + total / (df + 1))


def written_otherwise(word: str, table: AliasTable) -> tuple[str, ...]:
    """The other ways the alias table writes a word that are as long and share a character with it (黑客: 骇客, 导弹:
    飞弹, the words Taiwan's outlets write), not its short forms (军演 of 军事演习: read for "war", a drill is none)."""
    return tuple(w for w in table.variants(word) if len(w) == len(word) and not set(w).isdisjoint(word))


def _syllable_cuts(letters: str, sounds: Mapping[str, tuple[str, ...]]) -> list[list[str]]:
    """Every way to cut ``letters`` into two or three pinyin syllables (each with a vowel: not 嗯's n)."""
    cuts: list[list[str]] = []

    def cut(rest: str, done: list[str]) -> None:
        if not rest:
            if len(done) >= 2:
                cuts.append(done)
            return
        if len(done) < 3:
            for n in range(1, min(6, len(rest)) + 1):
                if rest[:n] in sounds and any(v in rest[:n] for v in "aeiouv"):
                    cut(rest[n:], [*done, rest[:n]])

    cut(letters, [])
    return cuts


def pinyin_names(text: str, searcher: tantivy.Searcher, syllables_at_least: int = 2, *, surname: bool = True,
                 pieces: Callable[[str], int] | None = None, wade_giles: bool = False) -> list[str]:
    """Names of the index (a surname and one or two characters) that ``text`` spells in toneless pinyin
    (``ren zhiqiang``, ``zhaolijian``), most used first: the first syllable read as a common surname
    (``SURNAMES``), the others as their ``PINYIN_NAME_CHARS`` commonest characters in the index; cut into at least
    ``syllables_at_least`` syllables. Without ``surname``, words of the index of two or three syllables, the first
    read as the others are (``haishen``: 海神, a typhoon's name). When no name of three syllables is a word of the
    index, those it holds in pieces (孟晚舟 as 孟晚/舟, 耿潇男 as 耿潇/男) are read by ``pieces``: how many passages
    hold a name's pieces (``Retriever.name_pieces``). With ``wade_giles``, a person's name that pinyin reads as
    none is read as Taiwan writes names, in Wade–Giles (``lai ching te``: 赖清德, ``chen shih chung``: 陈时中)."""
    letters = text.replace(" ", "").lower()
    if not (letters.isascii() and letters.isalpha() and len(letters) <= 18):
        return []
    found = _names_spelled_in(letters, characters_by_reading(), searcher, syllables_at_least, surname, pieces)
    if not found and surname and wade_giles:
        found = _names_spelled_in(letters, characters_by_wade_giles(), searcher, syllables_at_least, surname, pieces,
                                  ranked=True)
    return found


def _names_spelled_in(letters: str, sounds: Mapping[str, tuple[str, ...]], searcher: tantivy.Searcher,
                      syllables_at_least: int, surname: bool, pieces: Callable[[str], int] | None, *,
                      ranked: bool = False) -> list[str]:
    """``pinyin_names`` of ``letters`` read by one spelling's syllables (``sounds``: syllable -> characters; when
    ``ranked``, in the order to try them as a given name's, else tried by how many passages hold them)."""
    found: dict[str, int] = {}
    cut: list[str] = []  # names of three syllables the index does not hold whole
    for syllables in _syllable_cuts(letters, sounds):
        if len(syllables) < syllables_at_least:
            continue
        if not surname and len(syllables) > 3:
            continue
        options = [[c for c in sounds[syllables[0]] if c in SURNAMES]] if surname else []
        options += [(sounds[s] if ranked else sorted(sounds[s], key=lambda c: -searcher.doc_freq("chars", c))
                     )[:PINYIN_NAME_CHARS] for s in syllables[len(options):]]
        for characters_of_name in product(*options):
            name = "".join(characters_of_name)
            df = searcher.doc_freq("words", name)
            if df >= PINYIN_NAME_MIN:
                found[name] = df
            elif len(syllables) >= 3:
                cut.append(name)
    if not found and pieces is not None and surname:
        for name in cut:
            if (df := pieces(name)) >= PINYIN_NAME_MIN:
                found[name] = df
        if found:  # pieces found together by chance (韩国 and 鱼, 4 passages, beside 韩国瑜's 236) are no name
            most = max(found.values())
            found = {name: df for name, df in found.items() if df >= PIECES_SHARE * most}
    return sorted(found, key=lambda w: -found[w])


SAME_SOUND, LAST_CHARACTER, MISSING_CHARACTER = 0.9, 0.8, 0.7  # how likely each kind of typo is


def typo_variants(term: str, searcher: tantivy.Searcher, limit: int = 24) -> list[tuple[str, float]]:
    """Words of the index that ``term`` (which the index lacks) may be a typo of, with how likely each is.

    Chinese typos are mostly a same-sounding character (pinyin input): every such substitution is looked up.
    A wrong or missing last character is found through the term's prefix. Each lookup is a term-dictionary
    probe, far cheaper than a fuzzy automaton over a million passages' vocabulary. Most likely first, then
    most frequent.
    """
    found: dict[str, tuple[float, int]] = {}

    def add(word: str, likelihood: float, df: int) -> None:
        if word != term and (word not in found or found[word] < (likelihood, df)):
            found[word] = (likelihood, df)

    if not (2 <= len(term) <= 8) or not _CJK_ONLY.fullmatch(term):
        return []
    for i, ch in enumerate(term):
        for other in homophones(ch):
            variant = term[:i] + other + term[i + 1:]
            df = searcher.doc_freq("words", variant)
            if df:
                add(variant, SAME_SOUND, df)
    if len(term) >= 3:
        for word, df in searcher.terms_with_prefix("words", term[:-1], limit=64):
            if len(word) == len(term):
                add(word, LAST_CHARACTER, df)
    for word, df in searcher.terms_with_prefix("words", term, limit=16):  # the user stopped a character short
        if len(word) == len(term) + 1:
            add(word, MISSING_CHARACTER, df)
    return [(w, found[w][0]) for w in sorted(found, key=found.__getitem__, reverse=True)[:limit]]


@lru_cache(maxsize=256)
def _term_sounds(term: str) -> tuple[frozenset[str], ...]:
    """The readings of each character of a query word, read once for all the passages it is compared with."""
    return tuple(readings_of(c) for c in term)


def _near_miss(term: str, text: str, floor: float = 0.0) -> tuple[float, int]:
    """Return (similarity 0..1, position) of the window of ``text`` most like ``term``, for a term not in it, if
    it is ``floor`` or more (else a lower similarity, or 0.0 and -1: windows that cannot reach it are left early).

    Same-length windows that share the term's first or last character are compared character by character:
    an equal character counts 1, one that sounds the same (a pinyin typo, 王义 for 王毅) 0.8. Longer terms are
    also compared by edit distance.
    """
    n = len(term)
    best, where = 0.0, -1
    if n < 2 or n > len(text):
        return best, where
    sounds = _term_sounds(term)
    starts: set[int] = set()
    for ch, shift in ((term[0], 0), (term[-1], n - 1)):
        at = text.find(ch)
        while at >= 0:
            if 0 <= at - shift <= len(text) - n:
                starts.add(at - shift)
            at = text.find(ch, at + 1)
    for i in starts:
        need = max(best, floor) * n  # what a window must reach to count: the rest of it is not read once it cannot
        score, left = 0.0, n
        for a, b, sa in zip(term, text[i:i + n], sounds, strict=True):
            left -= 1
            if a == b:
                score += 1
            elif sa and not sa.isdisjoint(readings_of(b)):
                score += 0.8
            elif score + left < need:
                break
        else:
            score /= n
            if score > best:
                best, where = score, i
    if n >= 4:
        align = fuzz.partial_ratio_alignment(term, text, score_cutoff=max(best, floor) * 100)
        if align and align.score / 100 > best:
            best, where = align.score / 100, align.dest_start
    return best, where


def _likely_typo(term: str, text: str, variants: Iterable[tuple[str, float]]) -> tuple[float, int, int]:
    """(similarity, position, length) of what in ``text`` the unknown ``term`` most likely stands for, or zeros.

    A word of the index the term expands to (沙利文 for 沙利丈) counts by how likely that typo is; only when
    the index has no such word does the window of the text most like the term count.
    """
    variants = list(variants)
    for variant, likelihood in variants:  # most likely first
        at = text.find(variant)
        if at >= 0:
            return likelihood, at, len(variant)
    if variants:  # the index's own words are the hypotheses; a window that merely looks alike is not one
        return 0.0, 0, 0
    floor = _near_miss_floor(len(term))
    similarity, where = _near_miss(term, text, floor)
    if similarity >= floor:
        return similarity, where, len(term)
    return 0.0, 0, 0


def _lexical_trust(how: frozenset[str]) -> float:
    """How much a passage's place in the lexical list counts in the fusion: fully when it holds the query's own
    words or their other spellings, less when only translations of English words or guessed typos."""
    return 1.0 if how & {"words", "alias"} else TRANSLATED_TRUST


def _passes(query: Query, row: Row) -> bool:
    """True when a passage meets the query's outlet and date filters."""
    if (query.sources and row.source not in query.sources) or row.source in query.muted:
        return False
    if query.since and row.published_ts < query.since.timestamp():
        return False
    return not (query.until and row.published_ts >= query.until.timestamp())


_AS_SPELLED = frozenset({"words", "alias", "translation"})  # found by a spelling of a query word


def _spelled_spans(norm: str, spellings: Iterable[str]) -> list[tuple[int, int]]:
    """Every place ``norm`` holds one of ``spellings``."""
    spans = []
    for spelling in spellings:
        pos = norm.find(spelling)
        while pos >= 0:
            spans.append((pos, pos + len(spelling)))
            pos = norm.find(spelling, pos + len(spelling))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that overlap or touch, joined (佩 + 洛西 highlight as 佩洛西)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _near_miss_floor(length: int) -> float:
    """Least similarity at which a window counts as the term mistyped: one wrong character in three or more,
    or a same-sounding one in a two-character word."""
    return 0.9 if length <= 2 else min(0.75, (length - 1) / length - 0.01)


# score, passage, its folded text, matched spans, how it was found (words, alias, translation, typo, meaning)
Scored = tuple[float, Row, str, list[tuple[int, int]], frozenset[str]]


def _order(score: float, row: Row) -> tuple[float, int, int, int]:
    """Best first; among equal scores the latest, then in a fixed order."""
    return -score, -row.published_ts, row.article_id, row.idx


class _Diversified:
    """Passages in the order the user sees them: among near-equal ones, outlets and the spellings of the query's
    names alternate.

    Greedy, as in maximal marginal relevance: each next passage is the one whose score, less a small penalty for
    every passage already placed from its outlet (and, for a query with name variants, writing the names the same
    way), is highest. A clearly better passage keeps its place; ties stop being all one outlet or one spelling.
    A passage that writes none of the names (found by their characters) gains nothing from the spelling rule.

    The order is made lazily, one passage at a time (``next_item``): a page of hits needs the first few, and the
    rest (``rest``, in score order) is only looked at for reprints.
    """

    def __init__(self, scored: list[Scored], alternatives: Mapping[str, tuple[str, ...]]) -> None:
        # An English word's own matches (an English passage, another person of that name) are no spelling to vary.
        spellings = [s for term, others in alternatives.items()
                     for s in (others if term.isascii() else (term, *others))]
        self._spellings = bool(spellings)
        # The passages of one outlet and one way of writing the names share their penalty: within such a group
        # the best-placed passage is the one to weigh, so each step compares groups, not passages.
        self._groups: dict[tuple[str, tuple[str, ...]], deque[tuple[int, Scored, tuple[str, ...]]]] = {}
        for rank, item in enumerate(scored):
            sig = tuple(s for s in spellings if s in item[2]) if spellings else ()
            self._groups.setdefault((item[1].source, sig), deque()).append((rank, item, sig))
        self._outlets: Counter[str] = Counter()
        self._signatures: Counter[tuple[str, ...]] = Counter()

    def next_item(self) -> Scored | None:
        if not self._groups:
            return None
        most = max(self._signatures.values(), default=0)  # what a passage writing none of the names counts as
        best_key, best_value, best_rank = None, -math.inf, 0
        for key, queue in self._groups.items():
            rank, item, sig = queue[0]
            repeats = self._signatures[sig] if sig or not self._spellings else most
            value = item[0] - SAME_OUTLET_PENALTY * self._outlets[item[1].source] - SAME_SPELLING_PENALTY * repeats
            if best_key is None or value > best_value or (value == best_value and rank < best_rank):
                best_key, best_value, best_rank = key, value, rank  # of equal values, the better placed
        queue = self._groups[best_key]
        _rank, item, sig = queue.popleft()
        if not queue:
            del self._groups[best_key]
        self._outlets[item[1].source] += 1
        if self._spellings:
            self._signatures[sig] += 1
        return item

    def rest(self) -> list[Scored]:
        """The passages not yet placed, best first, no longer ordered for variety."""
        out = sorted((entry for queue in self._groups.values() for entry in queue), key=lambda entry: entry[0])
        self._groups = {}
        return [item for _rank, item, _sig in out]


def _common_clauses(word_clauses: list[tuple[int, int]]) -> set[int]:
    """The clauses of words so common beside the others (``COMMON_RATIO`` times the passages of the rest
    together) that going through all their passages would cost the most time for the least: 中国 in
    ``中国 外交部 发言人``. As in the common-terms query of Lucene-based engines, such words are scored only in
    passages that hold a rarer word; the commonest first, and never all of them."""
    common: set[int] = set()
    rest = sum(df for df, _i in word_clauses)
    for df, i in sorted(word_clauses, reverse=True):
        rest -= df
        if rest <= 0 or df <= COMMON_RATIO * rest:
            break
        common.add(i)
    return common


def _ranked_hits(searcher: tantivy.Searcher, hits: list) -> list[tuple[int, float]]:
    """The passage ids and scores of a search's hits, best first. Reading the ids costs the engine about 60 µs a
    call whatever the number of hits (it opens the column of every segment)."""
    if not hits:
        return []
    pids = searcher.fast_field_values("pid", [address for _score, address in hits])
    return [(int(pid), float(score)) for pid, (score, _address) in zip(pids, hits, strict=True)]


def passages_holding(searcher: tantivy.Searcher, schema: tantivy.Schema, every: Iterable[str],
                     any_of: Iterable[str] = ()) -> int:
    """How many passages hold each of the index's words ``every`` and, when given, one of ``any_of``."""
    clauses = [(tantivy.Occur.Must, tantivy.Query.term_query(schema, "words", w)) for w in every]
    if any_of:
        clauses.append((tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "words", list(any_of))))
    return searcher.search(tantivy.Query.boolean_query(clauses), limit=1, count=True).count


def _ranked(searcher: tantivy.Searcher, query: tantivy.Query, limit: int) -> list[tuple[int, float]]:
    """A side stage's search, run on an engine thread: its passage ids are read there too, off the thread that
    reads the main stage's passages meanwhile."""
    return _ranked_hits(searcher, searcher.search(query, limit=limit, count=False).hits)


def _filter(query: tantivy.Query) -> tuple[tantivy.Occur, tantivy.Query]:
    """A clause that keeps only what ``query`` matches and adds nothing to the score. Scored as it is, a filter
    added 1 to each passage's score in some of the engine's segments and nothing in others (one whose passages all
    pass a range of dates drops the range from the search): the same passage scored otherwise by where it was
    stored."""
    return tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)


def _with_filters(text_query: tantivy.Query, must: list[tuple[tantivy.Occur, tantivy.Query]]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, text_query), *must]) if must else text_query


class _Stages:
    """Seconds spent in each stage of one search, for the benchmark's breakdown."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._last = perf_counter()

    def mark(self, stage: str) -> None:
        now = perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self._last
        self._last = now


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")  # a word of a question written as a name (Cai, Li)
LEARNT_SHARE = 0.2  # a lower-case word's learnt name is kept beside its reading held this share as often at least
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b")  # two words written as a name
_HYPHENED_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)-([A-Za-z][a-z]+)\b")  # Taiwan's and Hong Kong's: Han Kuo-yu
_ORDINAL_NUMBER = re.compile(r"(\d+)(?:st|nd|rd|th)")  # 55th of "55th Golden Bell Awards": 第55届 in Chinese


def _full_name_pieces(query: Query, table: AliasTable) -> dict[str, tuple[str, ...]]:
    """The spellings a foreign person's given name and surname, asked next to each other (米歇尔奥巴马, 米歇尔·奥巴马),
    take from the other spellings of the full name (蜜雪儿·欧巴马), piece by piece: the given name alone has none of
    its own (米歇尔 is also Charles Michel, whom the outlets that write 蜜雪儿 for Michelle write 米歇尔)."""
    pieces: dict[str, tuple[str, ...]] = {}
    for first, second in zip(query.terms, query.terms[1:], strict=False):
        if first.isascii() or second.isascii() or not any(
                f"{first}{dot}{second}" in part for part, _terms in query.parts for dot in ("", "·")):
            continue
        for other in table.variants(f"{first}·{second}"):
            names = other.split("·")
            if len(names) == 2:
                for term, name in zip((first, second), names, strict=True):
                    if name != term and name not in pieces.get(term, ()):
                        pieces[term] = (*pieces.get(term, ()), name)
    return pieces


def _in_order(query: Query, terms: list[str]) -> list[str]:
    """The question's ``terms`` in the order it gives them, a word it repeats as often (``China's South China Sea``:
    the phrase ``south china sea`` is read whole though ``china`` came before), a name the learnt brackets join as
    one (``hong kong``), and a particle the query drops where it ends or joins a news phrase (``sworn in``, ``goes
    on trial``: ``corpus.text.english.news_phrase``)."""
    words = [t for part, part_terms in query.parts
             for t in (part_terms or (english_words(part) if part.isascii() else ()))] or list(terms)
    known = set(terms)
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = f"{words[i]} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair in known:
            out.append(pair)
            i += 2
            continue
        if words[i] in known or (out and any(news_phrase([out[-1].split()[-1], *words[i:i + n]])
                                             for n in range(1, MAX_WORDS) if i + n <= len(words))) or (
                i + 1 < len(words) and words[i + 1] in known and news_phrase(words[i:i + 2])):
            # ... and a particle of a news phrase with the word before it (sworn in, go on trial, academy of social
            # sciences) or after it (are met: a passive)
            out.append(words[i])
        i += 1
    return out


class Retriever:
    """Answers queries against one ``CorpusIndex``."""

    def __init__(self, index: CorpusIndex, *, wait_for_encoder: bool = True) -> None:
        """``wait_for_encoder``: load the sentence encoder at the first question that needs it (about 1.5 s);
        when False (the bot, which loads it in the background), questions asked before it is loaded are answered
        from words alone."""
        self.index = index
        self.wait_for_encoder = wait_for_encoder
        self.semantic = SemanticIndex(lambda: index.db) if semantic_enabled() else None  # each thread's own
        self._embedder: Embedder | None = None
        self._warmer: CacheWarmer | None = None
        self.answered = threading.Event()  # set once a search has been answered (see ``load_tables_later``)
        self.refresh()

    def start_background_work(self) -> None:
        """Load the encoder and the dictionary, then embed passages as they arrive, in a background thread
        (``refresh`` wakes it after each update); and keep the index's files in the system's file cache
        (``keep_files_warm``)."""
        if self.semantic is not None and self._embedder is None:
            self._embedder = Embedder(self.index.db_path, before=glossary)
            self._embedder.start()
        self.keep_files_warm()

    def keep_files_warm(self) -> bool:
        """Read the index's files through now and every ``COVERAGE_KEEP_WARM`` seconds in a process of its own
        (``corpus.store.warm``), so that questions after an idle minute do not read them from disk; return
        whether it runs. ``stop_background_work`` ends it."""
        if self._warmer is None:
            self._warmer = CacheWarmer(self.index.db_path)
        return self._warmer.start()

    @staticmethod
    def load_tables() -> None:
        """Load now the table a question may need first: the readings typos are looked up by (a fifth of a
        second, better spent in a thread after start than by the first user who makes a typo). The English
        glossary is looked up in its file (``corpus.text.english.gloss``)."""
        load_readings()

    def load_tables_later(self, after: float = TABLES_AFTER, *, indexing: bool = True) -> threading.Thread:
        """Load, in a thread, what the first answer does not need, once it is given or after ``after`` seconds,
        so that a question asked at start-up does not share the interpreter with it (0.7 s of work): the word
        frequencies and weights new articles are indexed with (``CorpusIndex.warm_up``; only when this process
        will index: ``indexing``), the typo readings (``load_tables``) and the store's tables
        (``CorpusIndex.read_tables``). A question or an update that needs one of them first loads it itself."""
        self.answered.clear()

        def load() -> None:
            self.answered.wait(after)
            if indexing:
                CorpusIndex.warm_up()
            self.load_tables()
            self.index.read_tables()

        thread = threading.Thread(target=load, name="tables", daemon=True)
        thread.start()
        return thread

    def stop_background_work(self) -> None:
        if self._embedder is not None:
            self._embedder.stop()
            self._embedder = None
        if self._warmer is not None:
            self._warmer.stop()
            self._warmer = None

    def refresh(self) -> None:
        """Reload the outlet names after the index changed (their link hosts are read when first needed)."""
        self.sources = self.index.source_names()
        self._hosts: dict[str, str] | None = None
        self._company: dict[tuple, tuple[str, ...]] = {}  # ``_in_context``'s choices, for the index as it stands
        self._spelled: dict[tuple[str, int], list[str]] = {}  # ``_names_spelled``, for the index as it stands
        self._company_lock = threading.Lock()  # chats ask on several threads
        if getattr(self, "_embedder", None) is not None:
            self._embedder.wake()

    @property
    def hosts(self) -> dict[str, str]:
        """The outlets' link hosts (``zaobao.com``), for ``source:`` filters that name no outlet."""
        if self._hosts is None:
            self._hosts = self.index.source_hosts()
        return self._hosts

    def parse(self, raw: str) -> Query:
        """Return the parsed query, outlet filters resolved against this index, with each word's other spellings:
        its name variants (川普 for 特朗普); for an English word, the Chinese names the corpus gives it in brackets,
        else its readings in the Chinese–English dictionary (``phone call`` as 通话, 电话), as one phrase where
        the dictionary has one."""
        searcher = self.index.searcher()
        query = parse_query(raw, self.sources, lambda: self.hosts, lambda w: searcher.doc_freq("words", w),
                            searcher.num_docs)
        table = self.index.aliases()
        terms = list(query.terms)
        aliases = []
        chained = dict(query.chained)  # 中国 of 中俄伊 is written 中 where the chain is
        for first, second in zip(query.terms, query.terms[1:], strict=False):  # a full bracketed name
            if first.isascii() and second.isascii() and first in terms and second in terms:
                others = table.english(f"{first} {second}")
                if others:
                    aliases.append((f"{first} {second}", others[:MAX_ALIASES]))
                    terms[terms.index(first)] = f"{first} {second}"
                    terms.remove(second)
        pieces = _full_name_pieces(query, table)
        for term in terms:
            if " " in term:
                continue
            # an ordinal in figures is its number, which Chinese writes between 第 and a counting word (第55届)
            ordinal = (number.group(1),) if term.isascii() and (number := _ORDINAL_NUMBER.fullmatch(term)) else ()
            others = (*ordinal, *table.english(term)) if term.isascii() else tuple(dict.fromkeys(
                (*term_spellings(term), *table.variants(term), *pieces.get(term, ()))))
            if (pair := swapped_pair(term)) is not None:  # 中美 and 美中 (``swapped_pair``)
                others = (pair, *others)
            if term in chained:
                others = (chained[term], *others)
            others = tuple(o for o in others if o != term and o not in query.terms)
            if others:
                aliases.append((term, others[:MAX_ALIASES]))
        named = {term for term, _ in aliases}
        english = [t for t in _in_order(query, terms) if t.isascii() and t.replace(" ", "").isalpha()]
        for first, second in _NAME_PAIR.findall(query.text):  # Liu He (刘鹤): a name whose second word the query drops
            first, second = first.lower(), second.lower()
            if second in STOPWORDS and first in english and second not in english:
                english.insert(english.index(first) + 1, second)  # ... is kept for the names spelled in pinyin
        translations: list[tuple[str, tuple[str, ...]]] = []
        if english:
            def in_pieces(reading: str) -> int:  # a reading held as two words or more (再次感染)
                words = query_words(reading)
                return passages_holding(searcher, self.index.schema, words) if len(words) > 1 else 0

            translations = [(phrase, tuple(o for o in others if o not in query.terms))
                            for phrase, others in translate(english, lambda w: searcher.doc_freq("words", w),
                                                            READINGS_WEIGHED, in_pieces=in_pieces)]
            # A word the corpus brackets (``russia`` of ``united russia``) also keeps its dictionary readings.
            readings = {phrase: others for phrase, others in translations if others}
            # ... after them; a word the news table reads (``administration``: 政府) reads as news writes it alone,
            # not as the names it ends (the 管理局 of the Food and Drug Administration)
            aliases = [(term, readings.get(term, ())[:MAX_ALIASES] if news_phrase(term.split()) is not None
                        and readings.get(term) else tuple(dict.fromkeys(others + readings.get(term, ())[:MAX_ALIASES])))
                       for term, others in aliases]
            capitalised = {w.lower() for w in _CAPITALISED.findall(query.text)}

            def as_written(term: str, others: tuple[str, ...]) -> tuple[str, ...]:
                """A word written in lower case that the dictionary reads is that word, not a person the brackets
                named by it and the index holds far less often than the word's reading ("work" as 沃克, "low" as
                刘特佐, "bank" as 世界银行; "trump" stays 特朗普, which the index holds more than the dictionary's
                王牌)."""
                read = readings.get(term, ())
                if not read or any(w in capitalised for w in term.split()):
                    return others
                floor = LEARNT_SHARE * max(searcher.doc_freq("words", r) for r in read)
                return tuple(o for o in others if o in read or searcher.doc_freq("words", o) >= floor)

            aliases = [(term, as_written(term, others)) for term, others in aliases]
            # a spelling holding another of the word's (夏里特医院 of "hospital", read 医院; 香港联盟 beside 香港) is a
            # thing of its kind the brackets named, not the word: whatever holds it holds the other
            aliases = [(term, tuple(o for o in others if not any(
                len(s) >= 2 and s != o and s in o for s in (*others, *readings.get(term, ())))))
                for term, others in aliases]
            translations = [(phrase, others) for phrase, others in readings.items() if phrase not in named]
            read = named | set(readings) | {w for p in readings for w in p.split()}  # the phrases and their words
            hyphened = [" ".join(m.groups()).lower() for m in _HYPHENED_NAME.finditer(query.text)]
            pinyin = self._pinyin_names(english, read, searcher, capitalised, hyphened)
            spelled = {w for phrase, _names in pinyin for w in phrase.split()}  # Cai Li: not 老街 and 李克强
            translations = [(p, o) for p, o in translations if p not in spelled] + pinyin
        if not aliases and not translations:
            return query
        translations = self._in_context(translations, aliases, terms, searcher)
        # ... each reading with the other ways of writing it (黑客 with 骇客: ``written_otherwise``)
        translations = [(phrase, tuple(dict.fromkeys(v for o in others for v in (o, *written_otherwise(o, table))
                                                     if v not in query.terms)))
                        for phrase, others in translations]
        for phrase, _others in translations:  # "phone" and "call" become the one term "phone call"
            # ... and a name the brackets join, "hong kong", and "police" the term "hong kong police" (港警)
            head = next((t for t in terms if t != phrase and phrase.startswith(f"{t} ")), None)
            if head is None:  # a phrase a particle begins (are met): its word
                head = next((t for t in terms if t != phrase and phrase.endswith(f" {t}")), None)
                if head is not None:
                    terms[terms.index(head)] = phrase
            else:
                at = terms.index(head)
                rest = f" {phrase[len(head):].strip()} "  # its other words, alone or joined (jong un of kim jong un)
                # ... after it: a word asked once before it stays (the China of "war with China over the South
                # China Sea", which the question's terms hold once, where first written)
                terms = [t for i, t in enumerate(terms) if i <= at or f" {t} " not in rest]
                terms[at] = phrase
        return replace(query, terms=tuple(terms), aliases=tuple(aliases), translations=tuple(translations))

    def _in_context(self, translations: list[tuple[str, tuple[str, ...]]],
                    aliases: list[tuple[str, tuple[str, ...]]], terms: list[str], searcher: tantivy.Searcher
                    ) -> list[tuple[str, tuple[str, ...]]]:
        """Each English word's readings: its first (the dictionary's main sense, the corpus's most used), then of
        the ``READINGS_WEIGHED`` others those the question's other words keep company with most, up to
        ``MAX_ALIASES``: a reading's passages holding one of the other words (a name in any of its spellings, an
        English word as it is first read), over its passages plus theirs, Dice-style (``blocks`` of ``judge blocks
        WeChat ban`` as 阻止 and 封禁 rather than 区块 or 街区, which CC-CEDICT gives first). A question of one word
        keeps the dictionary's order. The counts run on the engine's threads (it releases the interpreter while it
        counts)."""
        schema = self.index.schema
        # each other word as it is read: a name by all its spellings (one person, 纳瓦尔尼 and 纳瓦尼 alike), an
        # English word by its first reading (its others may mean something else)
        read = {**{t: (t,) for t in terms if not t.isascii()}, **{phrase: words for phrase, words in aliases if words},
                **{phrase: words[:1] for phrase, words in translations if words}}
        out = []
        for phrase, readings in translations:
            context = sorted({w for other, words in read.items() if other != phrase and other not in phrase.split()
                              for w in words})
            if len(readings) <= 2 or not context:
                out.append((phrase, readings[:MAX_ALIASES]))
                continue
            key = (readings, tuple(context))
            known = self._company.get(key)
            if known is not None:  # /coverage and /when read a question more than once
                out.append((phrase, known))
                continue
            spread = _ENGINE_POOL.submit(passages_holding, searcher, schema, (), context)
            together = [_ENGINE_POOL.submit(passages_holding, searcher, schema, (word,), context)
                        for word in readings[1:]]
            company = sorted((-2 * both.result() / (searcher.doc_freq("words", word) + spread.result()), rank, word)
                             for rank, (word, both) in enumerate(zip(readings[1:], together, strict=True)))
            chosen = (readings[0], *(word for *_key, word in company))[:MAX_ALIASES]
            with self._company_lock:
                self._company[key] = chosen
                if len(self._company) > COMPANY_KEPT:
                    del self._company[next(iter(self._company))]
            out.append((phrase, chosen))
        return out

    def _pinyin_names(self, english: list[str], read: set[str], searcher: tantivy.Searcher,
                      capitalised: set[str] = frozenset(), hyphened: Sequence[str] = ()
                      ) -> list[tuple[str, tuple[str, ...]]]:
        """Chinese names of the index that the query spells in pinyin where the dictionary and the learnt names
        do not read it (``Ren Zhiqiang`` as 任志强, ``Zhao Lijian`` as 赵立坚): a word nothing reads, with the word
        before it (a surname), or alone when it is a whole name of three syllables (``xijinping``; two, as
        ``lijian``, read as too many names); two words written as a name (``capitalised``, not a learnt name)
        whatever the dictionary or the learnt names read each as (``Cai Li`` as 蔡莉, not 老街 and 李克强; ``Meng
        Wanzhou`` as 孟晚舟 though an archive learnt ``Meng`` as 孟昭文); a name written with its given name
        hyphened (``hyphened``, as Taiwan writes names: ``Han Kuo-yu`` as 韩国瑜, not 韩国, 赵括 and 玉山); and a word
        written as a name that nothing reads, as the most used word of the index it spells (``Haishen``: 海神)."""
        out: list[tuple[str, tuple[str, ...]]] = []
        taken: set[str] = set()
        for phrase in hyphened:
            if phrase not in read and (names := self._names_spelled(phrase, searcher, 3, wade_giles=True)):
                out.append((phrase, tuple(names[:MAX_ALIASES])))
                taken.update(phrase.split())
        english = [w for w in english if w not in taken]
        for i, word in enumerate(english):
            before = english[i - 1] if i and " " not in english[i - 1] else None
            pair = f"{before} {word}" if before is not None else None
            if (pair is not None and before in capitalised and word in capitalised and pair not in read
                    and (names := self._names_spelled(pair, searcher, 2) or self._wade_giles_person(pair, searcher))):
                out.append((pair, tuple(names[:MAX_ALIASES])))
                continue
            if word in read or " " in word:
                continue
            for phrase, at_least in ([(pair, 2)] if pair is not None else []) + [(word, 3)]:
                if names := self._names_spelled(phrase, searcher, at_least):
                    out.append((phrase, tuple(names[:MAX_ALIASES])))
                    break
            else:  # a name nothing reads, of a thing rather than a person (Typhoon Haishen: 海神, not 海参 too)
                if word in capitalised and (words := pinyin_names(word, searcher, 2, surname=False)):
                    out.append((word, (words[0],)))
        return out

    def _wade_giles_person(self, pair: str, searcher: tantivy.Searcher) -> list[str]:
        """Two words written as a name that pinyin reads as none, read in Wade–Giles as Taiwan writes a name of one
        given syllable (``Chen Chu``: 陈菊; ``Lien Chan``: 连战), a person's name only: one the dictionary holds as a
        word of another kind is not (``Chu Li``: not 车里)."""
        return [name for name in self._names_spelled(pair, searcher, 2, wade_giles=True)
                if (tag := dictionary_tag(name)) is None or tag in PERSON_TAGS]

    def _names_spelled(self, phrase: str, searcher: tantivy.Searcher, at_least: int, *, wade_giles: bool = False
                       ) -> list[str]:
        """``pinyin_names`` of ``phrase``, names held in pieces included (``name_pieces``), kept for the index as
        it stands: /coverage and /when read a question more than once, and a name held only in pieces takes some
        15 ms to find. With ``wade_giles``, read as Taiwan writes names where pinyin reads none."""
        key = (phrase, at_least, wade_giles)
        names = self._spelled.get(key)
        if names is None:
            names = pinyin_names(phrase, searcher, at_least, pieces=self.name_pieces, wade_giles=wade_giles)
            with self._company_lock:
                self._spelled[key] = names
                if len(self._spelled) > COMPANY_KEPT:
                    del self._spelled[next(iter(self._spelled))]
        return names

    def name_pieces(self, name: str) -> int:
        """How many passages hold the pieces the segmenter cuts ``name`` into (孟晚舟: 孟晚 and 舟), each a word of
        ``PINYIN_NAME_MIN`` passages or more (0 for a name it does not cut, or whose pieces are rarer)."""
        words = query_words(name)
        searcher = self.index.searcher()
        if len(words) < 2 or any(w in _JOINING or searcher.doc_freq("words", w) < PINYIN_NAME_MIN for w in words):
            return 0
        return passages_holding(searcher, self.index.schema, words)

    def search(self, raw: str | Query, top: int = 3, candidates: int = CANDIDATES,
               muted: frozenset[str] = frozenset(), articles: list[int] | None = None, *,
               meaning: bool = True) -> SearchResult:
        """Return the ``top`` best hits for a query, near-identical passages of other outlets folded in; passages
        of ``muted`` outlets (a chat's own choice) are left out, reprints included; with ``articles``, only
        passages of those articles are looked at (the new articles an alert checks), by words alone; without
        ``meaning``, by words alone too."""
        try:
            return self._search(raw, top, candidates, muted, articles, meaning)
        finally:
            self.answered.set()

    def search_event(self, raw: str | Query, top: int = 3, candidates: int = CANDIDATES) -> SearchResult:
        """The passages that tell which event a question names (/coverage, /when, /compare): by words, and by
        meaning only when words find nothing. On the labelled events of a real archive, embedded, meaning beside
        the words chose other events' stories: /coverage's tuning set 0.920 / 0.904 with words alone against
        0.842 / 0.830 with meaning, /when 80 against 74 of 86, English questions no better."""
        result = self.search(raw, top, candidates, meaning=False)
        return result if result.hits else self.search(raw, top, candidates)

    def _search(self, raw: str | Query, top: int, candidates: int, muted: frozenset[str],
                articles: list[int] | None, meaning: bool = True) -> SearchResult:
        clock = _Stages()
        query = raw if isinstance(raw, Query) else self.parse(raw)
        if muted:
            query = replace(query, muted=tuple(sorted(muted)))
        clock.mark("parse")
        searcher = self.index.searcher()
        total = max(searcher.num_docs, 1)
        weights: dict[str, float] = {}
        rare: set[str] = set()
        expansions: dict[str, list[tuple[str, float]]] = {}  # unknown word -> index words it may be a typo of
        credited: list[tuple[float, list[tuple[str, float]]]] = []  # (weight, typo variants) given points up front
        holding: list[tantivy.Query] = []  # per query word, what a passage holding it (or its typo) matches
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        schema = self.index.schema

        def expand(word: str, boost: float, weight: float, *, whole_word: bool) -> None:
            """Clauses for the index's words that ``word`` may be a typo of (remembered for re-ranking).

            A passage holding one gets the points re-ranking will credit it with (its weight times how likely
            the typo is), not only BM25, which would rank passages full of the typo's common characters first
            (渗 of 渗議 before 参议)."""
            variants = expansions[word] = typo_variants(word, searcher)
            if variants:
                any_variant = tantivy.Query.term_set_query(schema, "words", [w for w, _ in variants])
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(any_variant, boost)))
                clauses.append((tantivy.Occur.Should, tantivy.Query.disjunction_max_query([
                    tantivy.Query.const_score_query(tantivy.Query.term_query(schema, "words", w),
                                                    TYPO_POINTS * TYPO_CREDIT * weight * likelihood)
                    for w, likelihood in variants])))
                credited.append((weight, variants))
                if whole_word:
                    holding.append(any_variant)

        alternatives = query.alternatives
        translated = dict(query.translations)
        word_clauses: list[tuple[int, int]] = []  # (passages holding the word, its clause's place in clauses)
        common_character = max(COMMON_CHARACTER_MIN, COMMON_CHARACTER_SHARE * total)
        for term in query.terms:
            others = alternatives.get(term, ())
            df = searcher.doc_freq("words", term)
            others_df = {o: searcher.doc_freq("words", o) for o in others}
            # a name read from pinyin that the index holds in pieces only (孟晚舟 as 孟晚/舟): by its pieces together
            in_pieces = {o: words for o in others if not others_df[o] and term in translated
                         and len(words := query_words(o)) > 1}
            for o, words in in_pieces.items():
                others_df[o] = passages_holding(searcher, schema, words)
            df_all = df + sum(others_df.values())
            if df_all <= RARE_TERM:
                rare.add(term)
            weights[term] = rarity(total, df_all)
            if others:  # the word and its other spellings, as one clause
                word_clauses.append((df_all, len(clauses)))
                holding.append(tantivy.Query.term_set_query(schema, "words", [term, *others]))
                if in_pieces:
                    holding[-1] = tantivy.Query.boolean_query([(tantivy.Occur.Should, holding[-1]), *(
                        (tantivy.Occur.Should, tantivy.Query.boolean_query(
                            [(tantivy.Occur.Must, tantivy.Query.term_query(schema, "words", w)) for w in words]))
                        for words in in_pieces.values())])
                clauses.append((tantivy.Occur.Should, holding[-1]))
            elif df:
                word_clauses.append((df_all, len(clauses)))
                holding.append(tantivy.Query.term_query(schema, "words", term))
                clauses.append((tantivy.Occur.Should, holding[-1]))
            if term in translated or (df and not (others and not term.isascii())):
                continue
            # An unknown word may be a typo; a name with other spellings is also looked for by its characters,
            # as jieba may cut it otherwise in other sentences (部长勒温 as 长勒/温).
            if not df and term.isascii() and len(term) >= 4:  # a Latin name mistyped: fuzzy is cheap here
                fuzzy = tantivy.Query.fuzzy_term_query(schema, "words", term, distance=2 if len(term) >= 7 else 1)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(fuzzy, 0.6)))
            elif not df:
                expand(term, 0.6, weights[term], whole_word=True)
            for ch in dict.fromkeys(characters(term)):
                if ch != term and searcher.doc_freq("chars", ch) <= common_character:
                    clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(
                        tantivy.Query.term_query(schema, "chars", ch), 0.3)))
        whole: dict[str, tuple[str, ...]] = {}  # parts split by the segmenter that the index does not know whole
        for part, part_terms in query.parts:
            if (len(part_terms) > 1 and 2 <= len(part) <= 8 and not part.isascii()
                    and searcher.doc_freq("words", part) == 0):
                whole[part] = part_terms
                expand(part, 0.8, sum(weights[t] for t in part_terms), whole_word=False)
        must = self.filter_clauses(query)
        if articles is not None:
            if not articles:
                return SearchResult(query=query)
            must.append(_filter(tantivy.Query.term_set_query(schema, "aid", list(articles))))
        spelled_hits = None
        spelled_parts = [(part, cjk) for part, _terms in query.parts if len(cjk := _CJK_CHARACTERS(part)) >= 3]
        spelled = [ch for _part, cjk in spelled_parts for ch in cjk]
        if ALL_CHARACTERS and clauses and spelled:
            # A part copied from a sentence (融计划在香港, 最近几) may be cut by the segmenter otherwise than that
            # sentence was (金融/计划, 最近/几天): its words are then not the passage's words, and the stages
            # around this one may not reach it. The passages holding every character of such parts are taken too,
            # scored by the words; those only this stage brings are kept where they hold each such part (nearly) as
            # written, not its characters scattered over the passage.
            spelled_query = tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.const_score_query(
                tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.term_query(schema, "chars", ch))
                                             for ch in dict.fromkeys(spelled)]), 0.0)), *clauses])
            spelled_hits = _ENGINE_POOL.submit(_ranked, searcher, _with_filters(spelled_query, must), ALL_CHARACTERS)
        every_hits = None
        if ALL_WORDS and clauses and len(holding) >= 2:
            # BM25 favours a word repeated in a short passage (跌 six times in a market summary) over passages
            # holding every word once (证交所 and 跌), which re-ranking puts first: the best of those are taken too,
            # scored as the first stage scores them. The engine releases the interpreter while it searches, so
            # this query runs beside the main one, on the other core.
            if len(clauses) == len(holding) and all(c is h for (_o, c), h in zip(clauses, holding, strict=True)):
                # the clauses are the words themselves: the same passages and scores as one conjunction, which
                # tantivy walks without keeping a union of the words beside it
                every = tantivy.Query.boolean_query([(tantivy.Occur.Must, h) for h in holding])
            else:
                every = tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.const_score_query(
                    tantivy.Query.boolean_query([(tantivy.Occur.Must, h) for h in holding]), 0.0)), *clauses])
            every_hits = _ENGINE_POOL.submit(_ranked, searcher, _with_filters(every, must), ALL_WORDS)
        # a filter of dates alone (since:, until:) may follow the search rather than be in it (``_main_hits``)
        dates = (self._dates(query) if (query.since or query.until) and not query.sources and not query.muted
                 and articles is None else None)
        if clauses:
            main_hits = None
            common = _common_clauses(word_clauses)
            if common:  # first only where the rarer words are, the common ones scored there
                rarer = [c for i, c in enumerate(clauses) if i not in common]
                text_query = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, tantivy.Query.boolean_query(rarer)), *(clauses[i] for i in common)])
                main_hits = self._main_hits(searcher, text_query, must, candidates, dates)
                if len(main_hits) < candidates:
                    main_hits = None  # too few: the common words' passages may be needed too
            if main_hits is None:
                text_query = tantivy.Query.boolean_query(clauses)
                main_hits = self._main_hits(searcher, text_query, must, candidates, dates)
        else:
            main_hits = searcher.search(_with_filters(tantivy.Query.all_query(), must), limit=candidates, count=False,
                                        order_by_field="ts").hits
        clock.mark("engine")
        # The main stage's passages are read from the store while the side stages finish on the engine's
        # threads (SQLite, like the engine, releases the interpreter while it reads); then the passages only
        # they bring.
        pids, engine_scores, rows = self._stage_rows(_ranked_hits(searcher, main_hits), top)
        for side, as_written in ((every_hits, ()), (spelled_hits, spelled_parts)):
            if side is None:
                continue
            side_pids, side_scores, side_rows = self._stage_rows(side.result(), top, engine_scores)
            for pid in side_pids:
                row = side_rows.get(pid)
                if row is None or any(fuzz.partial_ratio(part, row.norm) < AS_WRITTEN for part, _cjk in as_written):
                    continue  # gone since, or the spelled stage's characters scattered over the passage
                pids.append(pid)
                engine_scores[pid] = side_scores[pid]
                rows[pid] = row
        clock.mark("store")
        scored = self._rerank(query, [rows[p] for p in pids if p in rows], engine_scores, weights, rare, whole,
                              expansions, alternatives, translated, credited)
        clock.mark("rerank")
        by_meaning = 0
        if weights and articles is None and meaning:
            scored, by_meaning = self._fuse(query, scored)
        clock.mark("meaning")
        spellings = tuple(dict.fromkeys(s for term in weights for s in (term, *alternatives.get(term, ()))))
        hits = self._group(_Diversified(scored, dict(query.aliases)), top, spellings)
        clock.mark("group")
        return SearchResult(query=query, hits=hits, candidates=len(rows) + by_meaning,
                            meaning=self._meaning_state(), timings=clock.stages)

    def _dates(self, query: Query) -> tuple[int | None, int | None]:
        """A query's dates as the engine's filter reads them: the first and last second it keeps (None: open)."""
        return (int(query.since.timestamp()) if query.since else None,
                int(query.until.timestamp()) - 1 if query.until else None)

    def _main_hits(self, searcher: tantivy.Searcher, text_query: tantivy.Query,
                   must: list[tuple[tantivy.Occur, tantivy.Query]], candidates: int,
                   dates: tuple[int | None, int | None] | None) -> list:
        """The main stage's ``candidates`` best hits (score, address) for ``text_query`` with the filters ``must``.

        A filter of dates alone that keeps much of the corpus (``POST_FILTER_SHARE`` of its articles or more) is
        applied to the best hits of the words alone instead: tantivy intersects a range of dates with the words'
        postings document by document, and for common words (美国 中国 打击 since:…) that took 9 ms against 4 for
        the words alone. The hits are the same (but for which of passages tied in score at the cut-off are taken):
        as many more are asked for as the share suggests, each with its score (a filter adds nothing to it,
        ``_filter``), and when too few of them are in range while more matched, the filtered search runs after
        all."""
        if dates is not None and (share := self._dated_share(*dates)) >= POST_FILTER_SHARE:
            limit = min(POST_FILTER_MOST, math.ceil(candidates / share * POST_FILTER_MARGIN))
            hits = searcher.search(text_query, limit=limit, count=False).hits
            low, high = dates
            stamps = searcher.fast_field_values("ts", [address for _score, address in hits]) if hits else []
            kept = [(score, address) for (score, address), ts in zip(hits, stamps, strict=True)
                    if (low is None or ts >= low) and (high is None or ts <= high)]
            if len(kept) >= candidates or len(hits) < limit:  # the best in range, or every hit there is
                return kept[:candidates]
        return searcher.search(_with_filters(text_query, must), limit=candidates, count=False).hits

    def _dated_share(self, low: int | None, high: int | None) -> float:
        """The share of the corpus's articles published from ``low`` to ``high`` (near enough their passages')."""
        times = self.index.publication_times()
        if not times:
            return 0.0
        start = bisect_left(times, low) if low is not None else 0
        end = bisect_right(times, high) if high is not None else len(times)
        return max(0, end - start) / len(times)

    def _stage_rows(self, ranked: list[tuple[int, float]], top: int, known: Container[int] = ()
                    ) -> tuple[list[int], dict[int, float], dict[int, Row]]:
        """One stage's passages in its order (those not ``known`` already), their first-stage scores, and their
        stored rows as re-ranking reads them (the full rows for a long page of hits)."""
        scores = {pid: score for pid, score in ranked if pid not in known}
        pids = [pid for pid, _score in ranked if pid in scores]
        rows: dict[int, Row] = dict(self.index.candidates(pids) if top <= LIGHT_TOP else self.index.passages(pids)) \
            if pids else {}
        return pids, scores, rows

    def filter_clauses(self, query: Query) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        """The search engine's clauses for a query's filters: its outlets, the muted ones, its dates."""
        schema = self.index.schema
        must: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if query.sources:
            must.append(_filter(tantivy.Query.term_set_query(schema, "source", list(query.sources))))
        if query.muted:
            must.append((tantivy.Occur.MustNot, tantivy.Query.term_set_query(schema, "source", list(query.muted))))
        if query.since or query.until:
            low, high = self._dates(query)
            must.append(_filter(tantivy.Query.range_query(schema, "ts", tantivy.FieldType.Integer, low, high)))
        return must

    def _meaning_state(self) -> Coverage | None:
        """How much of the corpus a search just now could reach by meaning (None: search by meaning is off)."""
        if self.semantic is None:
            return None
        coverage = self.semantic.coverage()
        if not (self.wait_for_encoder or Encoder.loaded()):
            return Coverage(0, coverage.total)  # the encoder is still loading: words alone
        return coverage

    def _fuse(self, query: Query, scored: list[Scored]) -> tuple[list[Scored], int]:
        """Merge the passages nearest the query in meaning with the lexical ones by reciprocal rank fusion.

        A passage high in both lists comes first; one found only by meaning (an English question, other words)
        enters by its rank there. Filters apply to both. Returns the merged list (scores rescaled to 0..100, the
        best 100) and how many passages meaning added.
        """
        if self.semantic is None or not (self.wait_for_encoder or Encoder.loaded()):
            return scored, 0
        count = MEANING_CANDIDATES * (5 if query.has_filters else 1)  # filters leave fewer of them
        near = [(pid, sim) for pid, sim in self.semantic.search(query.text, count) if sim >= MEANING_FLOOR]
        if not near:
            return scored, 0
        have = {item[1].pid: i for i, item in enumerate(scored)}
        new_rows = self.index.candidates(pid for pid, _sim in near if pid not in have)
        if new_rows:
            marks = ",".join("?" * len(new_rows))
            furniture = {r[0] for r in self.index.db.execute(
                f"SELECT id FROM passages WHERE template = 1 AND id IN ({marks})", list(new_rows))}
            new_rows = {pid: row for pid, row in new_rows.items() if pid not in furniture and _passes(query, row)}
        near = [(pid, sim) for pid, sim in near if pid in have or pid in new_rows][:MEANING_CANDIDATES]
        if not near:
            return scored, 0
        floor = near[0][1] * MEANING_RELATIVE  # a passage found by meaning alone must come near the nearest
        near = [(pid, sim) for pid, sim in near if pid in have or sim >= floor]
        new_rows = {pid: new_rows[pid] for pid, _sim in near if pid in new_rows}
        items: dict[int, Scored] = {item[1].pid: item for item in scored}
        fused: dict[int, float] = {pid: _lexical_trust(items[pid][4]) / (RRF_K + i + 1) for pid, i in have.items()}
        for rank, (pid, _sim) in enumerate(near, 1):
            fused[pid] = fused.get(pid, 0.0) + MEANING_WEIGHT / (RRF_K + rank)
            if pid in items:
                score, row, norm, spans, how = items[pid]
                items[pid] = (score, row, norm, spans, how | {"meaning"})
            else:
                row = new_rows[pid]
                items[pid] = (0.0, row, row.norm, [], frozenset({"meaning"}))
        best = max(fused.values())
        out = [(100.0 * fused[pid] / best, *items[pid][1:]) for pid in fused]
        out.sort(key=lambda item: _order(item[0], item[1]))
        return out, len(new_rows)

    def _rerank(self, query: Query, rows: list[Row], engine: dict[int, float], weights: dict[str, float],
                rare: set[str], whole: dict[str, tuple[str, ...]], expansions: dict[str, list[tuple[str, float]]],
                alternatives: Mapping[str, tuple[str, ...]], translated: Mapping[str, tuple[str, ...]],
                credited: Sequence[tuple[float, list[tuple[str, float]]]] = ()) -> list[Scored]:
        compact = normalize("".join(query.text.split()))
        compact_alt = compact  # the query with each word's most used other spelling
        for term, others in alternatives.items():
            compact_alt = compact_alt.replace(term, others[0])
        total_weight = sum(weights.values()) or 1.0
        bm25: dict[int, float] = {}  # the first stage's score less the points it gave for typos held
        out = []
        # per query word: its weight, its spellings with how each is found, and whether a typo of it is looked for
        looked_for = [(term, weight, [(spelling, "words" if spelling == term else
                                       "translation" if term in translated else "alias")
                                      for spelling in (term, *alternatives.get(term, ()))],
                       term in rare and term not in translated)
                      for term, weight in weights.items()]
        parts = [(part, part_terms, sum(weights[t] for t in part_terms), expansions.get(part, ()))
                 for part, part_terms in whole.items()]
        for row in rows:
            norm = row.norm
            spans: list[tuple[int, int]] = []  # what stands for a word not held as written (where the words are:
            got: dict[str, float] = {}  # ``_spelled_spans``, for the passages shown)
            how: set[str] = set()
            for term, weight, spellings, typo in looked_for:
                found = False
                for spelling, kind in spellings:
                    if spelling in norm:
                        how.add(kind)
                        found = True
                if found:
                    got[term] = weight
                    continue
                if not typo:
                    continue
                similarity, where, length = _likely_typo(term, norm, expansions.get(term, ()))
                if similarity:
                    got[term] = weight * similarity * TYPO_CREDIT
                    spans.append((where, where + length))
                    how.add("typo")
            covered = sum(got.values())
            for part, part_terms, part_weight, variants in parts:  # 佩洛溪 (segmented 佩 + 洛溪): a typo of 佩洛西
                have = sum(got.get(t, 0.0) for t in part_terms)
                if have >= part_weight:
                    continue  # every piece is there
                similarity, where, length = _likely_typo(part, norm, variants)
                best = max(have * PARTIAL_PART, part_weight * similarity * TYPO_CREDIT)
                covered += best - have
                if similarity and best > have * PARTIAL_PART:
                    spans.append((where, where + length))
            given = sum(weight * next((likelihood for w, likelihood in variants if w in norm), 0.0)
                        for weight, variants in credited) if credited else 0.0
            bm25[row.pid] = max(0.0, engine.get(row.pid, 0.0) - TYPO_POINTS * TYPO_CREDIT * given)
            out.append((covered / total_weight, row, norm, spans, frozenset(how)))
        if not weights:
            scored = [(50.0, row, norm, spans, how) for _coverage, row, norm, spans, how in out]
        else:
            best = max((item[0] for item in out), default=0.0)
            floor = max(MIN_COVERAGE, RELATIVE_COVERAGE * best)
            phrased = len(compact) >= 3 and len(weights) > 1
            top_engine = max(bm25.values(), default=1.0) or 1.0
            scored = []
            for coverage, row, norm, spans, how in out:
                if coverage < floor:
                    continue  # not shown at all: its phrase is not worth measuring
                if phrased:
                    phrase = fuzz.partial_ratio(compact, norm) / 100
                    if compact_alt != compact:
                        phrase = max(phrase, fuzz.partial_ratio(compact_alt, norm) / 100)
                else:
                    phrase = coverage
                engine_share = bm25[row.pid] / top_engine
                scored.append((100 * (0.6 * coverage + 0.25 * phrase + 0.15 * engine_share), row, norm, spans, how))
        scored.sort(key=lambda item: _order(item[0], item[1]))
        return scored

    def _group(self, order: _Diversified, top: int, spellings: tuple[str, ...] = ()) -> list[Hit]:
        """The first ``top`` passages of ``order`` that are not reprints of one before them, each with the
        articles of other outlets that print it too.

        At most PER_ARTICLE passages of one article come first; the others of it wait until the rest are placed.
        Once ``top`` hits are chosen, the passages left are only compared with them, in any order. A hit's
        matched text is where it holds the query's ``spellings`` (its words and their other spellings), found as
        words, and what re-ranking took for a mistyped word.
        """
        heads: list[Scored] = []
        head_keys: list[tuple[str, float, float]] = []  # each hit's key, with the key lengths a reprint may have
        by_length: list[tuple[int, int]] = []  # (key length, hit) for each hit, shortest first
        shortest = math.inf  # the least key length a reprint of any hit may have
        also: list[list[Row]] = []
        seen_of_article: Counter[int] = Counter()
        waiting: list[Scored] = []

        def reprinted(key: str, hits: Iterable[int], row: Row) -> bool:
            """Whether the passage keyed ``key`` reprints one of the ``hits`` (the most alike, in their order, among
            those whose key length allows it): it is then listed with that hit, once an article."""
            size, best, at = len(key), 0.0, -1
            for i in hits:
                head_key, low, high = head_keys[i]
                if low <= size <= high:
                    similarity = fuzz.ratio(key, head_key, score_cutoff=REPRINT_SIMILARITY)
                    if similarity > best:
                        best, at = similarity, i
            if at < 0:
                return False
            if heads[at][1].article_id != row.article_id and all(a.article_id != row.article_id for a in also[at]):
                also[at].append(row)
            return True

        def place(item: Scored) -> None:
            nonlocal shortest
            score, row, norm, spans, how = item
            # A key is never longer than the folded text: a passage too short for every hit's key is no reprint
            # of any, and is not keyed at all (half the passages left, on real questions).
            key = None
            if head_keys and len(norm) >= shortest:
                key = letters_only(norm)
                size = len(key)
                # fuzz.ratio cannot reach the cut-off between lengths further apart: only the hits whose key
                # length is near this one's are compared (found among the hits by length, then in their order)
                near = sorted(i for _length, i in by_length[
                    bisect_left(by_length, (math.floor(size * _REPRINT_LENGTH) - 1, -1)):
                    bisect_right(by_length, (math.ceil(size / _REPRINT_LENGTH) + 1, len(heads)))])
                if reprinted(key, near, row):
                    return
            if len(heads) < top:
                key = letters_only(norm) if key is None else key
                insort(by_length, (len(key), len(heads)))
                heads.append(item)
                head_keys.append((key, len(key) * _REPRINT_LENGTH, len(key) / _REPRINT_LENGTH))
                shortest = min(shortest, head_keys[-1][1])
                also.append([])

        while len(heads) < top and (item := order.next_item()) is not None:
            seen_of_article[item[1].article_id] += 1
            if seen_of_article[item[1].article_id] > PER_ARTICLE:
                waiting.append(item)
            else:
                place(item)
        left = [*order.rest(), *waiting]
        if len(heads) < top:
            for item in left:
                place(item)
        elif heads:  # every hit is chosen: the passages left are only compared with them, the shortest skipped
            highest = max(high for _key, _low, high in head_keys)
            every = range(len(heads))
            for _score, row, norm, _spans, _how in left:
                if len(norm) >= shortest and shortest <= len(key := letters_only(norm)) <= highest:
                    reprinted(key, every, row)
        shown = [item[1] for item in heads] + [o for others in also for o in others]
        full = {row.pid: row for row in shown if isinstance(row, PassageRow)}
        full.update(self.index.passages(row.pid for row in shown if row.pid not in full))
        hits = []
        for (score, head, norm, spans, how), others in zip(heads, also, strict=True):
            row = full.get(head.pid)
            if row is None:  # removed by an update since the search
                continue
            if how & _AS_SPELLED:
                spans = [*spans, *_spelled_spans(norm, spellings)]
            spans = normalize_original_spans(row.text, norm, spans)
            matched = tuple(dict.fromkeys(row.text[a:b] for a, b in _merge(spans) if row.text[a:b].strip()))
            hits.append(Hit(
                source=row.source, title=row.title, url=row.url, published=row.published, path=row.path,
                passage=row.idx, kind=row.kind, text=row.text, score=score, matched=matched, author=row.author,
                found=tuple(sorted(how, key=FOUND_ORDER.index)),
                also=tuple(Also(o.source, o.url, o.path, o.title, o.published)
                           for o in sorted((full[c.pid] for c in others if c.pid in full),
                                           key=lambda o: o.published))))
        return hits

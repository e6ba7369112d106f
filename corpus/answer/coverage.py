"""Coverage: the story that answers a query, found through the passages that match it best.

The passages best matching the query vote for their articles' stories (each article with its best passage's score). The
story with most votes is the event's (unless none of its voting headlines holds the question's most specific name while
a story with half its votes or more has such headlines: ``key_name``; or an earlier story's headlines name the event far
more strongly: ``_most_named``); other stories that got at least ``JOIN_SHARE`` of its votes, ran within a day of it and
have a headline naming the event, with the question's names its own hold, for at least ``JOIN_NAMING`` of their matching
reports, or fewer votes and headlines naming it more strongly than its own, are the same event split by the clustering
(a follow-up, a reaction worded differently) and are shown with it (a story of another event on the same days whose
texts mention this one is not), and the earlier and later stories of the same topic (``topic_stories``) are linked. When
most of the headlines that name the event announce it (将访台, 可望访台), the story is the announcement, and the event
is the next story of its topic (unless the question asks about the plan). Each outlet is represented by its earliest
article that matches the query and names the event in its headline without expecting it (将, 可能, 据报); else by its
earliest that names it, else by its earliest that matches: an outlet whose first article of the story was a preview, a
leak or about something else is shown with the one that reports the event. A report whose headline does not name the
event and whose text holds less than ``TEXT_FLOOR`` of the question (``BARE_TEXT_FLOOR`` when its headline holds next to
nothing of it) is of another event the story holds (the election's delay, asked about Germany's answer to it that day):
it shows its outlet only when the outlet has no other report in the story, and then not as covering the event but as
silent. An outlet the story would call silent is listed after all when,
during the story's days, it published a report that matches the question and names the event in its headline (the
clustering put it in another story); an outlet shown by a report whose headline expects the event is shown by one that
reports it, and one shown by a report whose headline does not name it is shown by such a report instead when it came
nearer the first report. An outlet whose only report came ``APART_HOURS`` after the first, without naming the event,
reported what followed, and one whose only report came as long before it (or ``BURST_EARLY`` hours before the days most
outlets reported it, below), what preceded: they are listed apart (``Story.late``, ``Story.early``), neither as reports
of the event nor as silent; an outlet with another report in the story within ``APART_HOURS`` of the first is shown by
the nearest. An outlet shown by a report from ``BEFORE_BEST`` hours or more before the first of the reports that match
the question nearly best (the party election, asked about taking office two days later) is shown by its first report
from about then, when it has one in the story; and one shown by a report from outside the days most outlets reported the
event (the densest ``BURST_HOURS`` of headlines naming it among the reports matching it nearly best) is shown by its
best ranked report of those days, when it has one.

Measured on the labelled events of a real archive (``bench/stories_eval.py``): votes of the 60 best passages
instead of 20, the joined stories and the matching representative raise /coverage's outlet recall and precision;
see the README.
"""
from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import tantivy
from rapidfuzz import fuzz

from corpus.answer.asked_outlets import outlet_question, verdicts
from corpus.answer.stories import (
    Story,
    StoryArticle,
    lede_of,
    members_of,
    reads_as_sentence,
    story,
    story_of_article,
    story_span,
    topic_stories,
    with_articles,
)
from corpus.data_files import table_lines
from corpus.retrieve.search import Query, Retriever, passages_holding, rarity
from corpus.store.index import CorpusIndex
from corpus.text import normalize
from corpus.text.aliases import AliasTable
from corpus.text.normalize import simplified
from corpus.text.relations import english_rendered, mirrored, other_actor, relations, spellings_of
from corpus.text.segment import (
    CJK_RUN,
    PERSON_TAGS,
    dictionary_tag,
    query_words,
    segment,
    tagged,
    word_frequency,
)

# A question about who reported something: answered like /coverage.
WHO_ASKS = r"\b(?-i:(?!WHO\b))who\b"  # the question word, not the World Health Organization
_WHICH_OUTLETS = (r"\b(?:which|what|how\s+many)\s+(?:(?:news|media|press)\s+)?(?:outlets?|media|papers|newspapers|sites"
                  r"|broadcasters|agencies)\b")
_ON_THE_NEWS = r"(?:\s+(?:on|about))?(?:\s+the\s+(?:news|story)(?:\s+(?:of|about|on))?)?"
COVERAGE_WORDS = re.compile(
    r"是?被?都?(都有谁|谁|有?(?:哪(?:些|家|几家|个)|多少家?|几家)(?:媒体|外媒|报纸|报刊|网站|网媒|新闻网站|新闻机构|新闻)?)"
    r"(最先|首先|先|率先|最早|第一个|没有|没|未|跟进|也)?(报道|报导|报了|发了|首发)(过|了)?|"
    r"是?被?(?:谁|哪家媒体|哪些媒体)(?:最先|首先|先|率先|最早)?报(?:道|导)?的(?=[\s?？。!！]*$)|"
    r"的?(相关|有关)?(报道|新闻)(有|来自)(哪些|哪家|哪几家)(媒体|外媒)|"
    r"(最先|首先|率先)(报道|报导)|没有报道|没报道|"
    rf"(?:{WHO_ASKS}|{_WHICH_OUTLETS})(?:\s+(?:first|else|also))?(?:\s+(?:have|has|had))?"
    r"(?:\s+(?:reported|covered|broke|wrote about|ran|published)|\s+(?:is|are|was|were)\s+(?:reporting|covering)"
    rf"|\s+(?:was|were)\s+(?:the\s+)?first\s+to\s+(?:report|cover|break)){_ON_THE_NEWS}\b"
    r"(\s+(it|this|that))?(\s+(first|earliest))?|"
    rf"(?:{WHO_ASKS}|{_WHICH_OUTLETS})\s+(?:did not|didn't|never|have not|haven't)\s+(?:report|cover){_ON_THE_NEWS}\b",
    re.IGNORECASE)
HITS = 60  # passages that vote
CANDIDATES = 300  # first-stage candidates behind them
NAME_SHARE = 0.5  # share of the best story's votes at which one holding the question's most specific name wins
NAMED_VOTES = 0.3  # share of the best story's votes at which an earlier story naming the event more strongly wins ...
NAMED_RATIO = 2.0  # ... when its headlines name it this many times as strongly (``naming_strength``) ...
NAMED_MIN = 2.0  # ... and at least this strongly (two outlets' headlines holding all of the question) ...
COMMON_NAME = 2.0  # ... and the voted story's names but those of a weight below this (in 1 passage in 6 or more)
BETTER_RATIO = 1.3  # a story's best passage matching this many times as well as the voted story's ...
BETTER_VOTES = 0.15  # ... with this share of its votes, and naming the event, wins (``_matched_far_better``)
JOIN_SHARE = 0.7  # share of the best story's votes at which a story of the same days is shown with it
JOIN_SLACK = 86400  # seconds between two stories' spans at which they are still "the same days"
JOIN_NAMING = 1 / 3  # ... and the share of its matching reports whose headline must name the event
JOIN_NAMED_SHARE = 0.2  # ... or at this share or more, when its headlines name the event (``naming_strength``) ...
JOIN_NAMED_RATIO = 1.5  # ... this many times as strongly as the best story's, and at least ``NAMED_MIN``
FIRST_RANK = 1  # the first report is the earliest listed of this rank or better (``representative_rank``), if any
DAY_BEFORE = 1  # days before the date /when gives an event that its story may begin ...
DAY_AFTER = 5  # ... and after it (reports of an arrest at sea came four days later)
DAY_VOTES = 0.5  # share of the best story's votes at which one holding the event's day wins over it (``on_the_day``)
HOLDS_DAY = 2 * 86400  # seconds from the start of the event's (last) day within which its own story begins
HOLDS_BEFORE = 86400  # ... and before the start of its (first) day
APART_HOURS = 48  # an outlet's only report this long after (before) the first, not naming the event, is apart
DAY_AHEAD = 8  # hours by which a day begins earlier in East Asia than in UTC (a report of the event's day there)
BEFORE_BEST = 12  # hours before the first report matching the question nearly best from which a report is "before"
NEAR_BEST = 12  # ... and hours before it from which an outlet's report is of the event's time (``_reports_near_best``)
BURST_HOURS = 24  # the window in which the most outlets' headlines name the event is its densest run (``_burst``)
BURST_MARGIN = 12  # hours before that run from which an outlet's report is of the event's days (``_reports_in_burst``)
BURST_DAY_BEFORE = 12  # of runs as dense, the one that begins from this many hours before the first day the reports
BURST_DAY_AFTER = 48  # date the event to this many after its last day began (UTC) is taken, else the nearest to them
BURST_EARLY = 24  # hours before it from which a report not naming the event reported what preceded (``Story.early``)
REPOST_SIMILARITY = 90  # fuzz.ratio of two headlines (``headline_core``) at which they are of one report
REPOST_MIN_CHARS = 8  # ... when they are this long at least
QUOTE_LEDE = 0.3  # share of the question below which a round-up's lede gives way to its passage that holds most ...
QUOTE_SHARE = 0.5  # ... when that passage holds at least this share (``quoted``)
KEYED_UNNAMED = 0.25  # how far ahead of the others a report not naming the event comes that holds its name
TEXT_FLOOR = 0.25  # share of the query's weight a report's whole text must hold when its headline does not name it
BARE_HEADLINE = 0.15  # ... and, when its headline holds less than this share of it, ...
BARE_TEXT_FLOOR = 0.5  # ... the share its text must hold
LATE_NAMED_HOURS = 24  # hours after the first report from which an outlet's report naming the event is looked
# past for one nearer the first (``event_story``)
ELSEWHERE_HITS = 3  # an outlet's best passages for the question looked at for a report in another story
SIBLINGS = 2  # reports found elsewhere in one story, from which that story's other reports may be of the event too
ELSEWHERE_DAYS = 3  # days after the story's first report up to which they are looked for, however short the story
ELSEWHERE_BEFORE = 2  # ... and days before it from which they are
EARLIEST_SHARE = 0.8  # a passage at this share of the best score or more matches the query "nearly best"
ABOUT_STORY = 0.5  # share of the query's weight a headline must hold to name the event
ENGLISH_ABOUT = 0.4  # ... for a question in English to name it at all (else no outlet is called silent): see README
SPECIFIC_WORDS = 3  # the question's heaviest words, one of which a report not naming the event must hold
TOPIC_MEMBERS = 60  # reports of the event's stories from which they hold a topic's turns (``event_story``)
ANNOUNCED_SHARE = 0.5  # share of the headlines naming the event that announce it, for the story to be its announcement
_PLANNED = re.compile(r"将|將|拟|擬|可望|有望|预计|預計|在即")  # 即将, 或将, 料将 hold 将
# a headline that expects or hears of the event rather than reports it (将访台, 可能延后, 据报, 传将)
_EXPECTS = re.compile(_PLANNED.pattern + r"|可能|准备|準備|据报|據報|据传|據傳|(^|[\s:：])(传|傳)")
# a question's or headline's word of saying, or a headline's colon before what was said (蓬佩奥：…)
_SAYS = re.compile(r"称|表示|(?<!据)说|[:：]")
# a headline telling the event as a repeat of an earlier one (再次前往医院, 又去一趟医院, 连续两周进医院), in simplified
_REPEATED = re.compile(r"再次|再度|再赴|再去|再进|再入|再访|又去|又一次|又再|二度|两度|第二次|再一次|连续两|二次")
REPEATED_SHARE = 0.5  # share of the headlines naming the event that tell it as a repeat, for the story to be one
REPEATED_DAYS = 14  # days before the repeat's story within which the story of the first time begins
WHOLE_TERMS = 3  # words a Chinese question has at least for a story telling it whole to win (``_told_whole``) ...
WHOLE_SHARE = 0.95  # ... the share of it that story's headline holds ...
WHOLE_OWN = 0.75  # ... when the voted story's fullest headline holds this much of it at most
_SEVERAL_ITEMS = re.compile(r"^(简报|早报|晚报|早安世界|新闻联播|要闻)|[；;]")  # a round-up's headline
_CLAUSE_END = re.compile(r"[\s，,：:；;！!？?｜|]+")  # what ends a clause of a headline
_CLAUSE_TEXT = re.compile(f"(?:(?!{_CLAUSE_END.pattern}).)+")  # ... and a clause
STATED_KINDS = ("absolute", "partial")  # dates a question states as the event's day (``stated_day``)
STATED_SLACK_DAYS = 2  # days after the day a question states within which a report is of it (else the reply says so)
_ASKS_PLAN = re.compile(r"将|计划|宣布|预告|\bannounce|\bplan", re.IGNORECASE)  # about the plan itself (simplified)
# ... and in English as headlines write it: "will", or a subject's "to" and a verb (Japan to send, US to withdraw)
_ASKS_PLAN_ENGLISH = re.compile(r"\bwill\s+\w|^(?:[A-Z][\w'.-]*\s+){1,3}to\s+[a-z]")

Terms = tuple[tuple[tuple[str, ...], float], ...]  # each query word's spellings and its weight


@dataclass(frozen=True)
class Event:
    """The stories that answer a query (the best one first, then the ones joined to it) and the matching articles."""

    story_id: int
    joined: tuple[int, ...]
    matching: frozenset[int]  # articles with a passage among the best for the query
    earliest: datetime | None = None  # the first publication among the articles that match it nearly best
    announcement: tuple[int, ...] = ()  # the stories that announced the event, when the event is the next story
    ranks: Mapping[int, int] = field(default_factory=dict)  # the matching articles, best to represent an outlet first
    scores: Mapping[int, float] = field(default_factory=dict)  # the matching articles' best passage scores
    day: tuple[date, date] | None = None  # the days the event happened, as the reports date it (``event_day``)


def query_terms_weighed(retriever: Retriever, query: Query) -> Terms:
    """The query's words with their other spellings, each weighted by its rarity in the index (the event's own
    verb, 推迟 or 被捕, outweighs the place, 香港); a foreign name the cutter cut in pieces is one word
    (``_names_joined``)."""
    searcher = retriever.index.searcher()
    total = max(searcher.num_docs, 1)
    aliases = query.alternatives
    schema = retriever.index.schema

    def holding(spelling: str) -> int:
        """The passages holding a spelling: as a word of the index, else (a name the segmenter cuts, 蚂蚁集团 as
        蚂蚁 + 集团) as all of its words."""
        df = searcher.doc_freq("words", spelling)
        if df or spelling.isascii():
            return df
        words = list(dict.fromkeys(segment(spelling)))
        return passages_holding(searcher, schema, words) if len(words) >= 2 else 0

    out = []
    table = retriever.index.aliases()
    for term in _names_joined(query, searcher, table):
        # a name joined from the cutter's pieces brings its other spellings (克拉奇: 柯拉克)
        spellings = (term, *(aliases.get(term, ()) if term in query.terms else table.variants(term)))
        # a headline may write a name in Latin letters (Facebook移除…中国账号 for 脸书): read so here, where headlines
        # are matched, but not searched for (the passages that write WeChat in Latin letters are mostly of other
        # stories: TikTok and WeChat), nor counted in its rarity (English-language passages hold it most)
        latin = () if term.isascii() else tuple(w for w in table.latin(term) if w not in spellings)
        df = sum(holding(s) for s in spellings)
        spellings += latin
        out.append((spellings, rarity(total, df), df))
    # A word of a question in Chinese that no passage holds, glued by the cutter from characters it did not know
    # together (记者案表证成立: 案表证; 先遣组在华: 组在华), would weigh the most of the question and be in no
    # headline: it stands for the words of the index it is made of (表证), the characters between them left out; one
    # made of no word the index holds (a name the corpus never gives) stays, as a word no report names.
    out = [piece for t in out for piece in ((_held_pieces(t[0][0], searcher, total) or (t,))
                                           if not t[2] and len(t[0]) == 1 and 3 <= len(t[0][0]) <= GLUED_LONGEST
                                           and not query.translations and CJK_RUN.fullmatch(t[0][0]) else (t,))]
    # The ordinal's pieces of a number in a question in Chinese (第 and 届 of 第72届艾美奖颁奖) tell which of a
    # series, not what happened: headlines leave them out (艾美奖颁奖典礼登场), and, rare, they weighed half the
    # question. The number itself stays.
    ordinal = {m.group() for m in _ORDINAL_PIECE.finditer(query.text or "")} if not query.translations else set()
    out = [t for t in out if not (len(t[0]) == 1 and t[0][0] in ordinal)] if ordinal else out
    # An English word no passage holds in any reading (a name the corpus never gives in Latin letters) cannot
    # tell one sentence from another: it is left out while other words remain.
    kept = [t for t in out if t[2] or not t[0][0].isascii()] or out
    # ... and, in a question in English, a word with no Chinese reading is read in English text only (an
    # English-language outlet's: ``negotiators``), where its rarity says nothing of the event: it is left out while
    # words with Chinese readings remain
    if all(t[0][0].isascii() for t in kept):
        read = [t for t in kept if len(t[0]) > 1 or not t[0][0].replace(" ", "").isalpha()]
        kept = read if len(read) >= 2 else kept
    marker, before = (None, frozenset()) if query.translations else background(query.text)
    if before:
        # In a question in Chinese, a clause of what came before or around the event (黎智英被捕后…,
        # 捷克参议长访台期间…) tells when, not what: its words weigh less, and the word that marks it none
        kept = [(spellings, weight * (BACKGROUND_SHARE if spellings[0] in before else 1.0), df)
                for spellings, weight, df in kept if spellings[0] != marker]
    if query.translations:
        # An English word read in Chinese weighs at most TRANSLATED_MOST unless it is a name: the rarity of its
        # readings tells how rarely reports word it so, not how specific it is (``students protest`` read as 学潮,
        # ``demanding`` as 苛求, ``starts building`` as 始建 weighed more than the country or the name beside them)
        kept = [(spellings, min(weight, TRANSLATED_MOST) if len(spellings) > 1 and spellings[0].isascii()
                 and not is_name(spellings) else weight, df) for spellings, weight, df in kept]
    terms = WeighedTerms((spellings, weight) for spellings, weight, _df in kept)
    terms.other_actor = other_actor(spellings for spellings, _w in terms if is_name(spellings))
    terms.background = before
    return terms


GLUED_LONGEST = 8  # characters of the longest word no passage holds that is read as the words it is made of (the
# ways to cut it double with each character)


def _held_pieces(word: str, searcher: tantivy.Searcher, total: int) -> list[tuple[tuple[str], float, int]]:
    """The index's words (of two characters or more) that make up ``word``, a word no passage holds, each weighed by
    its rarity as ``query_terms_weighed`` weighs words: of the ways to cut it, the one whose held words cover the most
    of its characters (and among those, the most passages); none when no piece of it is held."""
    best: tuple[int, int, list[tuple[str, int]]] = (0, 0, [])

    def cut(at: int, pieces: list[tuple[str, int]]) -> None:
        nonlocal best
        if at == len(word):
            score = (sum(len(p) for p, _df in pieces), sum(df for _p, df in pieces), pieces)
            best = max(best, score, key=lambda s: s[:2])
            return
        for end in range(at + 1, len(word) + (at > 0)):
            piece = word[at:end]
            df = searcher.doc_freq("words", piece) if len(piece) >= 2 else 0
            cut(end, [*pieces, (piece, df)] if df else pieces)

    cut(0, [])
    return [((piece,), rarity(total, df), df) for piece, df in best[2]]


TRANSLATED_MOST = 7.0  # the most an English word read in Chinese weighs (but a name): 1 passage in 1,100
BACKGROUND_SHARE = 0.5  # of its weight a word of a question's clause of what came before the event keeps
# the words after which a question tells its event (…后, …期间): what comes before them tells when it happened
_BACKGROUND_MARKS = frozenset({"后", "之后", "以后", "过后", "期间", "之际", "前夕", "时"})
BACKGROUND_AFTER = 2  # words the question has at least after such a word, for it to mark a clause


def background(question: str) -> tuple[str | None, frozenset[str]]:
    """The word that ends a question's clause of what came before or around its event (被捕后, 访台期间, 降落时) and
    the words of that clause; (None, empty) when there is none. The clause is the question's first, ended by one of
    the words of ``_BACKGROUND_MARKS`` as the cutter cuts it (后 alone, not 最后 nor 后来) with ``BACKGROUND_AFTER``
    words or more after it."""
    words = query_words(question)
    for at, word in enumerate(words):
        if word in _BACKGROUND_MARKS and at >= 1 and len(words) - at - 1 >= BACKGROUND_AFTER:
            return word, frozenset(words[:at]) - frozenset(words[at + 1:])
    return None, frozenset()


class WeighedTerms(tuple):
    """A question's weighed words (``Terms``) with the test of a text telling another country's act (``other_actor``):
    a headline that does names no event of the question (``names_event``: 法国…在室内公共场所强制戴口罩, asked about
    Hong Kong's rule), and a date whose clauses do weighs little (``when``); and the words of its clause of what came
    before the event (``background``), for a question in Chinese."""
    other_actor: Callable[[str], bool] = staticmethod(lambda _text: False)
    background: frozenset[str] = frozenset()


# bracketed foreign names' spellings holding a character per 100 passages holding it from which it is a foreign
# name's character (斯, 尔, 诺, 娅; not 国, 中, 称: ``_names_joined``)
TRANSLIT_RATIO = 4.0


def _names_joined(query: Query, searcher: tantivy.Searcher, table: AliasTable) -> list[str]:
    """The question's words, each run of them that is one foreign name the cutter cut in pieces (季哈/诺夫/斯卡娅,
    纳瓦尔/尼) joined: three characters or more of words next to each other in the question, one of them a single
    character or no dictionary word, every character but the first one that bracketed foreign names hold far more
    often than text does (``TRANSLIT_RATIO``), and the first too unless its word is a name (金 of 金/斯伯格) or
    unknown to the dictionary (季哈): not 称 of 德国称纳瓦尔尼…, nor 阿富汗/塔利班, two dictionary words. ``searcher``
    and ``table`` are the index's, as ``query_terms_weighed`` holds them."""
    counts = table.name_characters

    def foreign(ch: str) -> bool:
        return counts.get(ch, 0) * 100 >= TRANSLIT_RATIO * (searcher.doc_freq("chars", ch) + 1)

    terms = list(query.terms)
    for part, part_terms in query.parts:
        words = [t for t in part_terms if CJK_RUN.fullmatch(t)]
        i = 0
        while i < len(words):
            j, best = i + 1, None
            while j < len(words) and "".join(words[i:j + 1]) in part:
                run = words[i:j + 1]
                text = "".join(run)
                if (all(map(foreign, text[1:])) and len(text) >= 3
                        and (foreign(text[0]) or dictionary_tag(run[0]) in _NAME_TAGS | {None})
                        and any(len(w) == 1 or word_frequency(w) == 0 for w in run)):
                    best = j
                j += 1
            if best is None:
                i += 1
                continue
            run = words[i:best + 1]
            if all(w in terms for w in run):
                at = terms.index(run[0])
                terms = [t for t in terms if t not in run]
                terms.insert(min(at, len(terms)), "".join(run))
            i = best + 1
    return terms


def share(text: str, terms: Terms) -> float:
    """The share of the query's weight that ``text`` holds."""
    return folded_share(normalize(text), terms)


def folded_share(norm: str, terms: Terms) -> float:
    """``share`` of a text already folded (``normalize``). A compound of the question is held where its pieces come
    in its order a few characters apart (棉制品 in 棉花制品, ``_loosely``)."""
    total = sum(w for _s, w in terms)
    return sum(w for spellings, w in terms if _held(norm, spellings)) / total if total else 0.0


def _held(norm: str, spellings: tuple[str, ...]) -> bool:
    """Whether a folded text holds a word of the question in one of its spellings, or its compound written in full
    (``_loosely``)."""
    return any(s in norm for s in spellings) or ((loose := _loosely(spellings[0])) is not None
                                                 and loose.search(norm) is not None)


LOOSE_GAP = 2  # characters that may come between the pieces of a compound of the question (``_loosely``)


@lru_cache(maxsize=4096)
def _loosely(word: str) -> re.Pattern[str] | None:
    """A pattern of a Chinese compound of three characters or more written in full: up to ``LOOSE_GAP`` characters
    inserted at one place inside it (棉制品 as 棉花制品, 美防部 as 美国防部: reports write the compound in full)."""
    if len(word) < 3 or not CJK_RUN.fullmatch(word):
        return None
    return re.compile("|".join(f"{re.escape(word[:i])}.{{1,{LOOSE_GAP}}}{re.escape(word[i:])}"
                               for i in range(1, len(word))))


_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
_PERSON_PLACE = PERSON_TAGS | {"ns"}  # a person's or a place's name
# a figure, in digits or Chinese numerals, with the unit a question may write it with
_NUMERALS = r"\d零一二三四五六七八九十百千万亿两"
# 第 before a number and a counting word after one (届, 次, 轮, 期, 场): an ordinal's pieces
_ORDINAL_PIECE = re.compile(rf"第(?=[{_NUMERALS}]+[届次轮期场])|(?<=[{_NUMERALS}])[届次轮期场]")
_FIGURE = re.compile(rf"(?=.*[{_NUMERALS}])[{_NUMERALS}.,%]+[人名家个年月日天次岁款]?")


def is_name(spellings: tuple[str, ...]) -> bool:
    """Whether a query word is a name (a person, place, organisation, product): the dictionary tags one of its
    spellings so, or holds none of them (a name it lacks: 黎智英, TikTok), and it is not a number."""
    if all(_FIGURE.fullmatch(s) for s in spellings):  # a figure (100 of 全球新冠死亡超过100万, 1.2 and 万人 of
        # 1.2万人, 三百 of 近三百人) is no name
        return False
    tags = [dictionary_tag(s) for s in spellings]
    return any(t in _NAME_TAGS for t in tags) or all(t is None for t in tags)


def names_event(text: str, terms: Terms, about: float = ABOUT_STORY) -> bool:
    """Whether a headline names the event: it holds ``about`` of the query's weight, and, when it holds one
    word only of a query of several, that word is a name (美国总统大选 does not name 白俄罗斯总统大选; 李登辉病逝
    names 李登辉去世); and it does not tell another country's act (``WeighedTerms.other_actor``)."""
    norm = normalize(text)
    if folded_share(norm, terms) < about or (isinstance(terms, WeighedTerms) and terms.other_actor(norm)):
        return False
    if len(terms) < 2:
        return True
    # the words it holds as written: a compound held only written in full (黑客的攻击 for 黑客攻击) counts towards
    # its share, not here (it may hold no word so: then it names no event)
    held = [spellings for spellings, _w in terms if any(s in norm for s in spellings)]
    return len(held) >= 2 or (len(held) == 1 and is_name(held[0]))


def about_story(members: list[tuple], terms: Terms) -> bool:
    """Whether the stories report the event the query names: one of their headlines holds most of the query."""
    return any(names_event(m[2], terms) for m in members)


def _mostly(headlines: list[str], pattern: re.Pattern[str], at_least: float) -> bool:
    """Whether ``at_least`` of ``headlines`` (one at least) hold ``pattern``."""
    return bool(headlines) and sum(bool(pattern.search(t)) for t in headlines) >= at_least * len(headlines)


def repeated(members: list[tuple], terms: Terms) -> bool:
    """Whether most of the stories' headlines that name the event tell it as a repeat (再次前往医院, 又去一趟医院)."""
    return _mostly([simplified(m[2]) for m in members if names_event(m[2], terms)], _REPEATED, REPEATED_SHARE)


def _first_time(db: sqlite3.Connection, totals: Mapping[int, float], story_id: int, terms: Terms) -> int:
    """``story_id``, unless its headlines tell the event as a repeat (``repeated``) while the question does not:
    then the best voted story begun up to ``REPEATED_DAYS`` before it whose headlines do not tell it as a repeat and
    name it as fully (a headline holding as much of the question as the repeat's fullest, ``_told_fully``), if any.
    The question asks about the event the reports of its repeat say happened before (安倍晋三前往医院检查身体: his
    hospital visit of 17 August, not the second a week later, whose more numerous reports recall the first)."""
    own = members_of(db, (story_id,))
    if not repeated(own, terms):
        return story_id
    fullest = _told_fully(own, terms)
    start = (story_span(db, story_id) or (0, 0))[0]
    earlier = sorted((s for s in totals if s != story_id
                      and start - REPEATED_DAYS * 86400 <= (story_span(db, s) or (start, 0))[0] < start),
                     key=lambda s: (-totals[s], s))
    for other in earlier:
        members = members_of(db, (other,))
        if not repeated(members, terms) and _told_fully(members, terms) >= fullest > 0:
            return other
    return story_id


def _told_whole(db: sqlite3.Connection, totals: Mapping[int, float], story_id: int, terms: Terms) -> int:
    """``story_id``, unless its fullest headline holds at most ``WHOLE_OWN`` of the question while other stories
    with ``NAMED_VOTES`` of its votes have one holding ``WHOLE_SHARE`` of it: then the earliest of those. A later,
    larger story recalls the event in its passages and holds its names in its headlines (孟晚舟出庭要求获释 控美国在
    引渡案误导加拿大, asked 加拿大称引渡孟晚舟的要求已满足 two months before); the event's own reports write it
    whole. Only for a question in Chinese: an English one's words are held through loose readings (judge blocks WeChat
    ban: 法官, 阻止, 微信 and 禁令 are all in TikTok's own request to a judge)."""
    if _told_fully(members_of(db, (story_id,)), terms) > WHOLE_OWN:
        return story_id
    floor = NAMED_VOTES * totals[story_id]
    whole = [other for other in totals if other != story_id and totals[other] >= floor
             and _told_fully(members_of(db, (other,)), terms) >= WHOLE_SHARE]
    return min(whole, key=lambda s: ((story_span(db, s) or (0, 0))[0], s)) if whole else story_id


def _told_fully(members: list[tuple], terms: Terms) -> float:
    """The most of the question a headline of the stories naming the event holds (0 when none names it)."""
    return max((share(m[2], terms) for m in members if names_event(m[2], terms)), default=0.0)


def announced(members: list[tuple], terms: Terms) -> bool:
    """Whether most of the stories' headlines that name the event announce or expect it (将访台, 可望当选)."""
    return _mostly([_question_words_masked(normalize(m[2]), terms) for m in members if names_event(m[2], terms)],
                   _PLANNED, ANNOUNCED_SHARE)


def _question_words_masked(norm: str, terms: Terms) -> str:
    """A folded headline with the question's words that hold a word of planning or hearsay (拟 of 模拟, 传 of 宣传)
    blotted out: within them it is the event's, not a plan (美指挥官称中国空军模拟攻击关岛的视频是宣传, asked about
    中国空军视频模拟轰炸关岛, reports the video)."""
    for spellings, _w in terms:
        for spelling in spellings:
            if spelling in norm and _EXPECTS.search(spelling):
                norm = norm.replace(spelling, "\u25a1" * len(spelling))
    return _disposal_masked(norm, terms) if "将" in norm else norm


_THING_TAGS = ("n",)  # parts of speech (nouns, names) that follow 将 as 把 (将孟晚舟引渡), ...
DISPOSAL_REACH = 6  # words after 将's object within which its verb comes, in its clause
_OBJECT_PRONOUNS = frozenset("其 他 她 它 他们 她们 它们 此 该 这 那 之".split())  # ... and pronouns (将其驱逐)


def _disposal_masked(norm: str, terms: Terms) -> str:
    """A folded headline with each 将 that marks the object of its verb (将孟晚舟引渡至美国: 把, not "will")
    blotted out: one followed by a noun or a name of two characters or more, or by a pronoun (将其), and then by a
    verb within ``DISPOSAL_REACH`` words of its clause. A word the dictionary does not hold is taken for a name only
    where it is (in) a name of the question (孟晚 of 孟晚舟, cut so); 将总辞 and 将于周五, 将对美国, 将访台, 将任首相
    (任, a pronoun to jieba) still plan."""
    words = tagged(norm)
    out = [word for word, _tag in words]
    for i, word in enumerate(out):
        if word != "将":
            continue
        after, tag = words[i + 1] if i + 1 < len(words) else ("", None)
        thing = (len(after) >= 2 and (tag.startswith(_THING_TAGS) if tag is not None else any(
            after in name or name in after for spellings, _w in terms if is_name(spellings) for name in spellings))
                 ) or after in _OBJECT_PRONOUNS
        if thing and _verb_follows(words[i + 2:i + 2 + DISPOSAL_REACH]):
            out[i] = "\u25a1"
    return "".join(out)


def _verb_follows(words: list[tuple[str, str | None]]) -> bool:
    """Whether a verb comes among ``words`` (as ``tagged`` gives them) before their clause ends: 将's object is
    acted on (将孟晚舟引渡, not 内阁将总辞, whose 总辞 the dictionary holds as a noun)."""
    for word, tag in words:
        if _CLAUSE_END.fullmatch(word):
            return False
        if (tag or "").startswith("v"):
            return True
    return False


EXPECTING, UNNAMED = 1, 2  # ``representative_rank`` of a headline expecting the event, and of one not naming it


def representative_rank(title: str, terms: Terms, published: datetime | None = None, source: str = "") -> int:
    """How well a matching article represents its outlet (lower is better): 0 when its headline names the event
    without expecting it, 1 (``EXPECTING``) when it names it expecting it (可能延后, 将访台; with its publication
    time and outlet, 法官4日裁定 published on the 3rd), 2 (``UNNAMED``) when it does not name it."""
    if not names_event(title, terms):
        return UNNAMED
    return EXPECTING if expects(title, terms, published, source) else 0


def expects(title: str, terms: Terms, published: datetime | None = None, source: str = "") -> bool:
    """Whether a headline expects or hears of the event rather than reports it: a word that does so (将, 可能, 据报)
    comes in or before the last of its clauses that hold a word of the question (黎智英50万港元保释 据报其资产被冻结
    reports the bail; 菅义伟将任日本首相 学者预测…, 自民党今天选举新总裁 菅义伟有望接任 and 据报：… expect or hear
    of it); or, given when it was published and by whom, it dates something to a later day of the outlet's own
    time anywhere in it (``later_day``: 立委涉收贿案羁押庭结束 法官4日裁定, on the 3rd, expects the detention the
    question asks about, although its last clause holds no word of it)."""
    if any(_EXPECTS.fullmatch(spelling) for spellings, _w in terms for spelling in spellings):
        return False  # the question asks about the plan itself (美国拟禁止…): a headline expecting it reports it
    norm = normalize(title)
    if any(_SAYS.fullmatch(spelling) for spellings, _w in terms for spelling in spellings) and (
            said := _SAYS.search(norm)):
        # the question asks what someone said (特朗普称明年4月前所有美国人都能接种疫苗): what a headline has them say
        # may expect (特朗普称预计到4月…); only its words before the saying are read
        norm = norm[:said.start()]
    ends = [m.end() for m in _CLAUSE_END.finditer(norm)] + [len(norm)]
    start, last = 0, len(norm)
    for end in ends:
        if end > start and folded_share(norm[start:end], terms) > 0:
            last = end
        start = end
    return bool(_EXPECTS.search(_question_words_masked(norm[:last], terms))) or (
        published is not None and later_day(norm, published, source))


LATER_DAY_DAYS = 7  # a headline dating something this many days after its publication or fewer expects it


@lru_cache(maxsize=4096)
def later_day(text: str, published: datetime, source: str = "") -> bool:
    """Whether ``text`` (a headline, folded) dates something to a day after ``published`` in the time of the outlet
    ``source`` (UTC+8 when unknown), ``LATER_DAY_DAYS`` at most: 法官4日裁定 or 明天举行, published on the 3rd. A
    rule's first day (7月15日起实施) counts too: it is not yet in force."""
    from corpus.answer.dates import LOCAL_ZONE, find_dates, zone_of_source  # dates.py reads outlet types
    zone = zone_of_source(source) if source else LOCAL_ZONE
    today = published.astimezone(zone).date()
    return any(m.granularity == "day" and 0 < (m.start - today).days <= LATER_DAY_DAYS
               for m in find_dates(text, published, zone))


def _news_clause(title: str, terms: Terms) -> tuple[str, str]:
    """The clause of a headline that holds the most of the question (the last of those holding as much; the
    headline when none holds any), folded, with the headline's text before it: what it reports, not what led to it
    (台湾驻港代表被逼离后 台北拒绝两名香港官员签证申请) nor what followed it (美国突然要求中国关闭驻休斯敦总领馆
    中国威胁报复, asked whether China ordered a US consulate closed)."""
    norm = normalize(title)
    best, most = (norm, ""), 0.0
    for found in _CLAUSE_TEXT.finditer(norm):
        held = folded_share(found.group(), terms)
        if held > 0 and held >= most:
            best, most = (found.group(), norm[:found.start()]), held
    return best


def article_rank(event: Event, article_id: int, title: str, terms: Terms, published: datetime | None = None,
                 source: str = "") -> int:
    """An article's ``representative_rank``: as ``Event.ranks`` holds it for a matching article, else by its
    headline (and its publication time and outlet, when given)."""
    rank = event.ranks.get(article_id)
    return representative_rank(title, terms, published, source) if rank is None else rank


def rank_of(event: Event, article: StoryArticle, terms: Terms) -> int:
    """A listed article's ``article_rank``, by its headline, publication time and outlet."""
    return article_rank(event, article.article_id, article.title, terms, article.published, article.source)


def _utc(ts: float) -> datetime:
    """The time of epoch seconds ``ts``, in UTC."""
    return datetime.fromtimestamp(ts, UTC)


def find_event(retriever: Retriever, query: str | Query, hits: int = HITS,
               day: tuple[date, date] | None = None) -> Event | None:
    """Return the event ``query`` describes, as stories of the index (None when nothing matches).

    Each article votes for its story with its best passage's score; reprints folded into a hit vote too. The best
    voted story gives way to one holding the question's names (``_holding_the_name``) or to an earlier one whose
    headlines name the event far more strongly (``_most_named``); with ``day``, the days the event happened (as
    /when dates it), to the best voted one of those days (``on_the_day``). Stories of the same days are joined to
    it when they have nearly as many votes and headlines naming the event, or fewer votes and headlines naming it
    more strongly than its own (``JOIN_NAMED_RATIO``).
    """
    result = retriever.search_event(query, top=hits, candidates=max(CANDIDATES, hits))
    index = retriever.index
    terms = query_terms_weighed(retriever, result.query)
    mirror = mirror_test(result.query.text, terms)
    votes: dict[int, dict[int, float]] = {}
    matching: set[int] = set()
    titles: dict[int, str] = {}  # each voting article's headline
    when: dict[int, tuple[datetime, str]] = {}  # ... and its publication time and outlet
    for hit in result.hits:
        for path, title, published, source in ((hit.path, hit.title, hit.published, hit.source),
                                               *((a.path, a.title, a.published, a.source) for a in hit.also)):
            article_id = index.article_id(path)
            story_id = story_of_article(index, article_id) if article_id is not None else None
            if story_id is None:
                continue
            matching.add(article_id)
            titles[article_id] = title or ""
            when[article_id] = (published, source)
            if mirror(titles[article_id]):
                continue  # a report of the mirror event does not vote (台湾驻索马利兰…, asked about 索马利兰驻台湾…)
            per_article = votes.setdefault(story_id, {})
            per_article[article_id] = max(per_article.get(article_id, 0.0), hit.score)
    if not votes:
        return None
    totals = {s: sum(v.values()) for s, v in votes.items()}
    story_id = max(totals, key=lambda s: (totals[s], -s))
    story_id = _holding_the_name(votes, titles, totals, story_id, terms, lambda s: story_span(index.db, s), index.db)
    story_id = _most_named(index.db, totals, story_id, terms)
    # (not for an English question, whose words are held through loose readings, nor one of two words, which many
    # stories tell whole)
    if not result.query.translations and len(terms) >= WHOLE_TERMS:
        story_id = _told_whole(index.db, totals, story_id, terms)
    if not any(_REPEATED.search(simplified(text)) for text in (result.query.text or "", *(
            spelling for spellings, _w in terms for spelling in spellings))):  # not 二次感染, reinfection
        story_id = _first_time(index.db, totals, story_id, terms)
    story_id = _matched_far_better(index.db, votes, totals, story_id, terms, later=day is None)
    if day is not None:
        story_id = on_the_day(index.db, totals, story_id, day, terms)
    joined = _joined(index.db, votes, titles, totals, story_id, terms)
    best = max(hit.score for hit in result.hits)
    earliest = min((hit.published for hit in result.hits if hit.score >= EARLIEST_SHARE * best), default=None)
    ranks = {a: representative_rank(titles[a], terms, *when[a]) for a in matching}
    scores = {a: score for per_article in votes.values() for a, score in per_article.items()}
    event = Event(story_id, tuple(joined), frozenset(matching), earliest, ranks=ranks, scores=scores, day=day)
    asked = result.query.text or ""
    if not (_ASKS_PLAN.search(simplified(asked)) or _ASKS_PLAN_ENGLISH.search(asked)) and announced(
            members_of(index.db, (story_id, *joined)), terms):
        # the story announced the event (将访台); it happened in the next story of the topic that names it
        later = next((t for t in topic_stories(index.db, (story_id, *joined), index.story_centroids())[1]
                      if about_story(members_of(index.db, (t.story_id,)), terms)), None)
        if later:
            event = Event(later.story_id, (), frozenset(matching), None, (story_id, *joined), ranks, scores, day)
    return event


def _matched_far_better(db: sqlite3.Connection, votes: Mapping[int, Mapping[int, float]],
                        totals: Mapping[int, float], story_id: int, terms: Terms, *, later: bool = True) -> int:
    """``story_id``, unless another story's best passage matches the question ``BETTER_RATIO`` times as well as any
    of its own, with ``BETTER_VOTES`` of its votes or more and headlines naming the event: a small event's few
    reports outvoted by a large topic's many that share its common words (an attack on a US consulate's guard in
    Hong Kong, asked in words the month's story of consulates closed holds); or, when no headline of the voted story
    names the event, a story of later days whose best passage matches better at all and whose headline names it
    whole (with ``later``: when no days of the event are known)."""
    own = max(votes[story_id].values())
    best = max(votes, key=lambda s: (max(votes[s].values()), totals[s], -s))
    if best != story_id and max(votes[best].values()) >= BETTER_RATIO * own and \
            totals[best] >= BETTER_VOTES * totals[story_id]:
        return best if about_story(members_of(db, (best,)), terms) else story_id
    if not later:  # (the days the reports date the event choose among the stories instead: ``on_the_day``)
        return story_id
    # When no headline of the voted story names the event, a story of later days whose best passage matches better
    # at all is the event's, with a headline naming it that holds every name of the question but the common ones
    # and a word of its act (特朗普称美国研发秘密新型核武器: the passages voted for the story of the nomination
    # speech two weeks before; not 诺基亚取代华为 供应英国境内5G网路设备, asked about Britain's ban, nor an earlier
    # story: a ship's oil spill, asked about the protests it led to weeks later).
    span = story_span(db, story_id) or (0, 0)
    others = [s for s in votes if s != story_id and max(votes[s].values()) > own
             and totals[s] >= BETTER_VOTES * totals[story_id] and (other := story_span(db, s)) is not None
             and other[0] > span[0] and not _same_days(span, other)]
    if not others or naming_strength(members_of(db, (story_id,)), terms)[0] > 0:
        return story_id
    common = {i for i, (_spellings, weight) in enumerate(terms) if weight < COMMON_NAME}
    names = {i for i, (spellings, _w) in enumerate(terms) if is_name(spellings)} - common
    acts = [spellings for spellings, _w in terms if not is_name(spellings)]

    def whole(title: str) -> bool:  # naming the event with every uncommon name and a word of its act
        norm = normalize(title)
        return names_event(title, terms) and not expects(title, terms) and _names_held(norm, terms) >= names \
            and (not acts or any(_held(norm, spellings) for spellings in acts))

    for other in sorted(others, key=lambda s: (-max(votes[s].values()), -totals[s], s)):
        if any(whole(m[2]) for m in members_of(db, (other,))):
            return other
    return story_id


def _joined(db: sqlite3.Connection, votes: Mapping[int, Mapping[int, float]], titles: Mapping[int, str],
            totals: Mapping[int, float], story_id: int, terms: Terms) -> list[int]:
    """The stories shown with ``story_id`` as one event, best voted first: of its days (``_same_days``), those with
    ``JOIN_SHARE`` of its votes whose voting headlines (``titles`` of the articles in ``votes``) name the event,
    holding every name of the question its own naming headlines hold, for ``JOIN_NAMING`` of them; and those with
    ``JOIN_NAMED_SHARE`` of its votes whose headlines name it ``JOIN_NAMED_RATIO`` times as strongly as its own
    (``naming_strength``)."""
    joined = []
    first, last = story_span(db, story_id) or (0, 0)
    own: tuple[float, frozenset[int]] | None = None
    for other, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        if other == story_id or total < JOIN_NAMED_SHARE * totals[story_id]:
            continue
        span = story_span(db, other)
        if not span or not _same_days(span, (first, last)):
            continue
        if total >= JOIN_SHARE * totals[story_id]:
            # its voting headlines name the event, holding every name of the question the best story's naming
            # headlines hold (菅义伟首次与特朗普通话 does not name Xi's call with Suga three days later)
            own = own or naming_strength(members_of(db, (story_id,)), terms)
            named = [t for t in (titles[a] for a in votes[other])
                     if names_event(t, terms) and _names_held(normalize(t), terms) >= own[1]]
            if len(named) >= JOIN_NAMING * len(votes[other]):
                joined.append(other)
            continue
        # fewer votes, but headlines naming the event more strongly: the event split where two stories meet (the
        # resignation announced in the evening, the last hours of the aftermath's story and the next one's first)
        own = own or naming_strength(members_of(db, (story_id,)), terms)
        if naming_strength(members_of(db, (other,)), terms)[0] >= max(NAMED_MIN, JOIN_NAMED_RATIO * own[0]):
            joined.append(other)
    return joined


def mirror_test(question: str, terms: Terms) -> Callable[..., bool]:
    """Whether a headline reports the mirror event of the question's: it relates two of the question's names only
    the other way round (``relations``: 台湾驻索马利兰 for 索马利兰驻台湾, 美国…对…中国 for 中国对美国). A clause of a
    headline is read with the text before it (``before``), whose first name it may carry over."""
    norm = normalize(question)
    if not CJK_RUN.search(question):  # a question in English: its names and acts as a headline writes them
        norm = english_rendered(question, [(spellings, is_name(spellings)) for spellings, _w in terms])
    names: list[tuple[str, ...]] = []
    for spellings, _w in terms:
        if not is_name(spellings):
            continue
        if names and min(len(names[-1][0]), len(spellings[0])) == 1 and names[-1][0] + spellings[0] in norm:
            # a name the cutter cut in pieces: 索/马利兰 (not two names in a row: 英国加拿大)
            names[-1] = (names[-1][0] + spellings[0],)
        else:
            names.append(spellings)
    spellings = spellings_of(names)
    asked = relations(norm, spellings)
    if not asked:
        return lambda _title, _before="": False
    return lambda title, before="": mirrored(relations(normalize(title), spellings, normalize(before)), asked)


def holds_name(title: str, name: tuple[str, ...]) -> bool:
    """Whether a headline holds a name of the question, in one of its spellings."""
    norm = normalize(title)
    return any(spelling in norm for spelling in name)


def names_by_weight(terms: Terms) -> list[tuple[str, ...]]:
    """The spellings of the question's names (``is_name``), heaviest first; none for a question of one word."""
    if len(terms) < 2:
        return []
    return [spellings for _w, spellings in sorted(((weight, spellings) for spellings, weight in terms
                                                   if is_name(spellings)), reverse=True)]


def key_name(terms: Terms) -> tuple[str, ...] | None:
    """The spellings of the question's most specific name: its heaviest word that is a name (``is_name``), when it
    has two words or more and one of them is a name (新西兰 in 新西兰暂停与香港的引渡条约)."""
    names = names_by_weight(terms)
    return names[0] if names else None


def _holding_the_name(votes: Mapping[int, Mapping[int, float]], titles: Mapping[int, str],
                      totals: Mapping[int, float], story_id: int, terms: Terms,
                      span_of: Callable[[int], tuple[int, int] | None], db: sqlite3.Connection | None = None) -> int:
    """``story_id``, the best voted story, unless none of its voting headlines holds the question's names while
    other stories' do: then the best voted of those, when they have ``NAME_SHARE`` of its votes or more together
    with the stories holding them on the same days (``span_of`` gives a story's first and last times; an event the
    clustering split). The names are first all of them (美国 and 香港 of 美国中止与香港的引渡协议: the many reports
    of the United Kingdom suspending its extradition treaty with Hong Kong a month before hold 香港 alone), then
    the most specific (``key_name``: the few reports of New Zealand doing so a week later, asked about by name),
    and, while no voting headline holds that one, the next most specific (路威酩轩取消收购蒂芙尼: the company's
    Chinese brand name is in no headline, and an essay on luxury brands that recalls its Tiffany deal of the year
    before, in a story of its own, outvotes the one report of the deal called off, headlined 路易威登…蒂芙尼).
    Of the stories holding them, those of the days with most votes together are taken (Germany's suspension of its
    treaty, split over three stories, rather than Hong Kong suspending its agreements with France and Germany two
    weeks later, better voted than each of the three). With fewer votes, down to ``NAMED_VOTES`` of the best story's,
    they are taken when their headlines name the event ``NAMED_RATIO`` times as strongly as its own and at least
    ``NAMED_MIN`` (``naming_strength``, read from ``db``): Twitter's talks to buy TikTok, in a story of their own a
    week after the topic's larger one on Microsoft's talks, whose headlines name neither."""
    names = names_by_weight(terms)
    for wanted in ([names] if len(names) >= 2 else []) + [[name] for name in names]:

        def holds(other: int, wanted: list[tuple[str, ...]] = wanted) -> bool:
            return any(all(any(k in title for k in name) for name in wanted)
                       for title in (normalize(titles[a]) for a in votes[other]))

        if holds(story_id):
            return story_id
        holding = [s for s in totals if holds(s)]
        if not holding:
            continue
        spans = {s: span_of(s) for s in holding}

        def together(story: int, spans: dict[int, tuple[int, int] | None] = spans,
                     holding: list[int] = holding) -> float:  # its votes and those of its days' holding stories
            own = spans[story]
            if own is None:
                return totals[story]
            return sum(totals[s] for s in holding if (span := spans[s]) is not None and _same_days(span, own))

        best = max(holding, key=lambda s: (together(s), totals[s], -s))
        if together(best) >= NAME_SHARE * totals[story_id]:
            return best
        if db is not None and together(best) >= NAMED_VOTES * totals[story_id]:
            holding_strength = naming_strength(members_of(db, (best,)), terms)[0]
            voted_strength = naming_strength(members_of(db, (story_id,)), terms)[0]
            if holding_strength >= max(NAMED_MIN, NAMED_RATIO * voted_strength):
                return best
        if len(wanted) == 1:
            break
    return story_id


def naming_strength(members: list[tuple], terms: Terms) -> tuple[float, frozenset[int]]:
    """How strongly a story's headlines name the event, and which of the question's names they hold: for each outlet
    with a headline naming the event without expecting it (``names_event``, ``expects``), the most of the question
    such a headline holds, summed over the outlets; and the places in ``terms`` of the names those headlines hold."""
    held: dict[str, float] = {}
    names: set[int] = set()
    for _aid, source, title, *_rest in members:
        if names_event(title, terms) and not expects(title, terms):
            norm = normalize(title)
            held[source] = max(held.get(source, 0.0), min(1.0, folded_share(norm, terms)))
            names |= _names_held(norm, terms)
    return sum(held.values()), frozenset(names)


def _names_held(norm: str, terms: Terms) -> frozenset[int]:
    """The places in ``terms`` of the question's names (``is_name``) a folded headline holds."""
    return frozenset(i for i, (spellings, _w) in enumerate(terms)
                     if is_name(spellings) and any(s in norm for s in spellings))


def _most_named(db: sqlite3.Connection, totals: Mapping[int, float], story_id: int, terms: Terms) -> int:
    """``story_id``, the story the passages vote for, unless an earlier one with ``NAMED_VOTES`` of its votes or more
    names the event in its headlines ``NAMED_RATIO`` times as strongly (``naming_strength``, at least ``NAMED_MIN``),
    holding every name of the question its headlines hold. An ongoing topic's later stories recall the event in
    their text (特朗普此前下令字节跳动出售TikTok, in every report of the sale's talks a month later), so the
    passages vote for the story with the most reports; the event's own reports name it in their headlines. A later
    story naming it more strongly is another turn of the topic (Hong Kong suspending its treaties with France and
    Germany, two weeks after Germany suspended its own), and one lacking a name the question and the voted story's
    headlines share is another event (the United Kingdom's suspension, asked about Germany's), unless the name is
    in one passage in six or more (``COMMON_NAME``: 中国, which the reports of a detention in China leave to 北京 or
    leave out)."""
    floor = NAMED_VOTES * totals[story_id]
    start = (story_span(db, story_id) or (0, 0))[0]
    strength = {s: naming_strength(members_of(db, (s,)), terms) for s, votes in totals.items()
                if s == story_id or (votes >= floor and (story_span(db, s) or (start, 0))[0] < start)}
    own, own_names = strength[story_id]
    common = {i for i, (_spellings, weight) in enumerate(terms) if weight < COMMON_NAME}
    held = [s for s, (_w, names) in strength.items() if names | common >= own_names]
    best = max(held, key=lambda s: (strength[s][0], totals[s], -s))
    if best != story_id and strength[best][0] >= max(NAMED_MIN, NAMED_RATIO * own):
        return best
    return story_id


def _same_days(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two stories' spans (first and last times, epoch seconds) are of the same days: they overlap, or
    lie within ``JOIN_SLACK`` of each other."""
    return span[0] <= other[1] + JOIN_SLACK and span[1] >= other[0] - JOIN_SLACK


def _day_start(day: date) -> float:
    """The epoch seconds at which a day begins, in UTC."""
    return datetime.combine(day, datetime.min.time(), UTC).timestamp()


def on_the_day(db: sqlite3.Connection, totals: Mapping[int, float], story_id: int, day: tuple[date, date],
               terms: Terms) -> int:
    """The story of the event on the days it happened: ``story_id`` (the best voted) when it has an article from
    ``DAY_BEFORE`` days before ``day`` to ``DAY_AFTER`` days after it, unless it does not hold the event's day itself
    (``HOLDS_DAY``) while a story that does and names the event has ``DAY_VOTES`` of its votes (Germany suspending its
    treaty on the 31st, France doing the same three days later, in reports that recall Germany's; Qualcomm's
    lobbying, reported over two stories a night apart); failing which, the same from the day before it
    (``HOLDS_BEFORE``: a later report dating a party's decision a day late; but a story of the day before the event's,
    of what preceded it, gives way to one of the day itself first); else the best voted story that has one there and a
    headline naming the event, if any, one holding the event's day itself before others. A
    question can match a follow-up of weeks later best (the lawyers of twelve people arrested at sea, asked about
    the arrest); the date the reports give for the event tells them apart. When no story is of those days and the
    best voted began after them, the event became known later: the first story after them that names it and has
    ``NAMED_VOTES`` of the best one's votes is taken."""
    low = _day_start(day[0]) - DAY_BEFORE * 86400
    high = _day_start(day[1]) + DAY_AFTER * 86400

    def on_it(other: int) -> bool:
        span = story_span(db, other)
        return bool(span) and span[0] <= high and span[1] >= low

    # the stories that hold the event's days themselves first (the best voted first in each group): a story of
    # the protests four days after an election is on the event's days, the election's own story more so
    start = _day_start(day[0])
    end = _day_start(day[1]) + HOLDS_DAY

    def holds_day(other: int, before: float = 0.0) -> bool:
        span = story_span(db, other)
        return bool(span) and span[0] <= end and span[1] >= start - before

    if on_it(story_id):
        # the event's day itself first; then from the day before it (a later report dating a decision a day late)
        floor = DAY_VOTES * totals[story_id]
        for before in (0.0, HOLDS_BEFORE):
            if holds_day(story_id, before):
                return story_id
            held = sorted((s for s in totals if s != story_id and totals[s] >= floor and holds_day(s, before)),
                          key=lambda s: (-totals[s], s))
            found = next((s for s in held if about_story(members_of(db, (s,)), terms)), None)
            if found is not None:
                return found
        return story_id

    others = sorted((s for s in totals if s != story_id and on_it(s)), key=lambda s: (not holds_day(s), -totals[s], s))
    for other in others:
        if about_story(members_of(db, (other,)), terms):
            return other
    # None is of those days: the event became known later (a detention announced two weeks on). Its news is the
    # first story after those days that names it, not a later one that recalls it more often (the official
    # confirmation a week after the first reports).
    own = story_span(db, story_id)
    if own is None or own[0] <= high:
        return story_id
    floor = NAMED_VOTES * totals[story_id]
    after = sorted((span[0], s) for s in totals if s != story_id and totals[s] >= floor
                   and (span := story_span(db, s)) is not None and high < span[0] < own[0])
    for _start, other in after:
        if about_story(members_of(db, (other,)), terms):
            return other
    return story_id


def event_day(retriever: Retriever, query: str) -> tuple[date, date] | None:
    """The days the event ``query`` describes happened, as /when dates it from the reports' sentences (None when
    they give no day, or when none of the reports those sentences are from holds the question's most specific name:
    another buyer's talks of the week before, in the topic's reports, date a buyer's talks that its own reports
    leave undated; a report's dating sentence and headline may leave the name out, 海峡中线 for 台海中线, which
    its text holds. Not for a question in English, whose loose readings may make a common word that name:
    ``leaves`` as 叶子)."""
    from corpus.answer.when import BASIS_FIRST_REPORT, answer_when  # when.py builds on this module

    answer = answer_when(retriever, query, reported=False)
    found = answer.date
    if found is None or answer.basis == BASIS_FIRST_REPORT or found.granularity not in ("day", "day_range", "month"):
        return None
    parsed = retriever.parse(query)
    if not parsed.translations:
        key = key_name(query_terms_weighed(retriever, parsed))
        index = retriever.index
        if key is not None and not any(holds_name(f"{e.hit.title or ''} {e.sentence}", key)
                                       or holds_name(_article_text(index.db, index.article_id(e.hit.path)), key)
                                       for e in found.evidence):
            return None
    return found.start, found.end


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (r"(?P<{}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")  # a month in English, capitalised
_ORDINAL = r"(?:st|nd|rd|th)?"
# a date as a question may write it beside the Chinese ones the dates module reads: 2020-08-10, 2020/8/10,
# August 10 (2020), 10 August (2020): a month in English with a capital, not the verb "may"
_WRITTEN_DAY = re.compile("|".join((
    r"(?<![\d.])(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d.])",
    rf"\b(?:on\s+)?{_MONTH.format('m1')}\s+(?P<d1>\d{{1,2}}){_ORDINAL}\b(?:,?\s+(?P<y1>\d{{4}}))?",
    rf"\b(?:on\s+)?(?P<d2>\d{{1,2}}){_ORDINAL}\s+{_MONTH.format('m2')}(?:,?\s+(?P<y2>\d{{4}}))?")))


def _written_day(query: str, latest: datetime) -> tuple[date, tuple[int, int]] | None:
    """A date written in digits with its year or with its month in English (``_WRITTEN_DAY``), and where it is; a
    date without its year is of the last year by ``latest`` in which it is not after it."""
    for found in _WRITTEN_DAY.finditer(query):
        g = found.groupdict()
        month = int(g["m"]) if g["m"] else _MONTHS.index((g["m1"] or g["m2"])[:3].lower()) + 1
        day = int(g["d"] or g["d1"] or g["d2"])
        year = g["y"] or g["y1"] or g["y2"]
        for y in ([int(year)] if year else [latest.year, latest.year - 1]):
            try:
                stated = date(y, month, day)
            except ValueError:
                break
            if year or stated <= latest.date():
                return stated, found.span()
    return None


def stated_day(retriever: Retriever, query: str) -> tuple[tuple[date, date] | None, str]:
    """The day a question states (2020年8月10日, 8月10日黎智英被捕, 黎智英8月10日被捕: a day of a month, or a date with
    its year; 2020-08-10, August 10, 10 August 2020), read against the index's latest article, and the question
    without it; (None, the question) when it states none. A day alone (10日) or a relative word (昨天) is no
    stated day."""
    from corpus.answer.dates import find_dates  # dates.py reads outlet types, which read this package's data

    times = retriever.index.publication_times()
    if not times or not re.search(r"\d|月", query):
        return None, query
    latest = datetime.fromtimestamp(times[-1], UTC)
    found: tuple[tuple[date, date], tuple[int, int]] | None = None
    for mention in find_dates(query, latest):
        if mention.kind in STATED_KINDS and mention.granularity == "day" and "月" in mention.expression:
            found = (mention.start, mention.end), mention.span
            break
    if found is None and (written := _written_day(query, latest)) is not None:
        found = (written[0], written[0]), written[1]
    if found is None:
        return None, query
    (start, end) = found[1]
    rest = " ".join(f"{query[:start]} {query[end:]}".split())
    return (found[0], rest) if rest else (None, query)


def event_on_its_day(retriever: Retriever, query: str, hits: int = HITS) -> Event | None:
    """The event ``query`` describes (``find_event``), on the days the reports date it (``event_day``), or on the
    day the question states (``stated_day``): the event /coverage lists, /compare compares and /when says was first
    reported when."""
    return _event_on(retriever, *stated_day(retriever, query), hits)


def _event_on(retriever: Retriever, stated: tuple[date, date] | None, query: str, hits: int) -> Event | None:
    """``event_on_its_day`` of a question read by ``stated_day``: the day it states, else the reports' day."""
    return find_event(retriever, query, hits, day=stated if stated is not None else event_day(retriever, query))


def best_story(retriever: Retriever, query: str, hits: int = HITS) -> Story | None:
    """Return the story that the passages best matching ``query`` belong to (None when nothing matches), on the
    days the reports date the event (``event_on_its_day``), with the stories of the same event joined to it, the
    reports of outlets the clustering put elsewhere, and the earlier and later stories of its topic. When none of
    its headlines names the event (``ABOUT_STORY``; ``ENGLISH_ABOUT`` for a question in English), the story is
    marked so (``Story.named``) and lists no outlet as silent. The words that ask who reported it (谁最先报道了,
    which outlets covered) and other question words are not searched for; a question whether given outlets reported
    it (BBC报道了黎智英被捕吗), or how (BBC怎么报道黎智英被捕的), is answered for each of them too
    (``Story.asked``)."""
    found = story_and_event(retriever, query, hits)
    return found[0] if found is not None else None


def story_and_event(retriever: Retriever, query: str, hits: int = HITS) -> tuple[Story, Event] | None:
    """``best_story``, with the event it lists (whose ``Event.matching`` are the articles matching the question)."""
    outlets, query, how = outlet_question(query, retriever.sources)
    query = asked_event(query)
    if not query:  # only the words that ask (谁报道了？): nothing to look for
        return None
    stated, query = stated_day(retriever, query)  # a day the question states is no word to look for
    event = _event_on(retriever, stated, query, hits)
    if event is None:
        return None
    parsed = retriever.parse(query)
    terms = query_terms_weighed(retriever, parsed)

    def listed(event: Event) -> Story:
        found = event_story(retriever, parsed, event, terms)
        earlier, later = topic_stories(retriever.index.db, (event.story_id, *event.joined),
                                       retriever.index.story_centroids())
        found = replace(found, articles=quoted(retriever.index.db, found.articles, terms), earlier=earlier,
                        later=later)
        if stated is not None and not any(
                stated[0] - timedelta(days=1) <= a.published.date() <= stated[1] + timedelta(days=STATED_SLACK_DAYS)
                for a in found.articles):
            found = replace(found, asked_day=stated[0])  # none of its reports is of the day asked: the reply says so
        return found

    # a question in English is read through the dictionary, whose words for its verbs and the like a headline
    # writes otherwise (Messi tells Barcelona he wants to leave: 梅西要求离队 holds Messi alone): less of it names it
    about = ENGLISH_ABOUT if parsed.translations else ABOUT_STORY

    def names_it(found: Story) -> bool:
        return any(names_event(a.title, terms, about) for a in (*found.articles, *found.early, *found.late))

    found = listed(event)
    if not names_it(found) and (named := _best_named(retriever.index, event)) is not None:
        # No headline the chosen story lists names the event, while a matching report's headline does (特朗普称
        # 预计到4月每个美国人都能获得足够剂量的新冠疫苗, a story of its own, outvoted by the stories of the Republican
        # convention and of China's vaccines that share the question's common words): the event is that report's
        other = listed(named)
        if names_it(other):
            found, event = other, named
    if not names_it(found):
        # No headline listed names the event: the passages that match the question best are in a story of something
        # else (a weekly round-up's paragraph on an event the archive does not report). It is shown as that, and no
        # outlet is called silent about an event the archive does not show happened.
        found = replace(found, named=False, missing=())
    if outlets:
        found = replace(found, asked=verdicts(retriever.index.db, found, outlets, how=how, carried=retriever.sources))
    return found, event


NAMED_BEST = 0.75  # share of the best passage's score at which a report naming the event stands for it


def _best_named(index: CorpusIndex, event: Event) -> Event | None:
    """The event as the story of the best matching report whose headline names it (``representative_rank`` 0), when
    that report's best passage matches ``NAMED_BEST`` as well as the best of all and its story is not the event's
    own; None otherwise."""
    if not event.scores:
        return None
    best = max(event.scores.values())
    named = [a for a, rank in event.ranks.items() if rank == 0 and event.scores.get(a, 0.0) >= NAMED_BEST * best]
    if not named:
        return None
    story_id = story_of_article(index, max(named, key=lambda a: (event.scores.get(a, 0.0), -a)))
    if story_id is None or story_id in (event.story_id, *event.joined):
        return None
    return replace(event, story_id=story_id, joined=(), announcement=())


def quoted(db: sqlite3.Connection, articles: tuple[StoryArticle, ...], terms: Terms) -> tuple[StoryArticle, ...]:
    """The articles, each whose lede is of something else with its passage that holds most of the question as its
    quote (``StoryArticle.quote``), when one that reads as a sentence holds ``QUOTE_SHARE`` of it or more. A lede is
    of something else when it holds none of the question (some outlets' first passage is a photo's caption, or an
    opinion's opening), or less than ``QUOTE_LEDE`` of it under a headline of several items (a round-up's lede is of
    its first item: 简报：香港高调打击异见人士；黎巴嫩政府集体辞职). A lede that holds some of the question is kept:
    it says the event in its own words more often than a passage holding more of the question's words does. Of
    passages holding as much, the first."""
    out = []
    for article in articles:
        lede = share(article.lede, terms)
        if lede > 0 and (lede >= QUOTE_LEDE or not _SEVERAL_ITEMS.search(normalize(article.title))):
            out.append(article)
            continue
        held = [(folded_share(folded if folded is not None else normalize(text), terms), -idx, text)
                for idx, text, folded in db.execute(
                    "SELECT idx, text, folded FROM passages WHERE article_id = ? AND idx > 0 AND template = 0"
                    " AND kind IN ('text', 'caption')", (article.article_id,)) if reads_as_sentence(text)]
        best = max(held, default=(0.0, 0, ""))
        out.append(replace(article, quote=best[2]) if best[0] >= QUOTE_SHARE else article)
    return tuple(out)


def _first_marked(articles: tuple[StoryArticle, ...], article_id: int) -> tuple[StoryArticle, ...]:
    """``articles`` with the one of ``article_id`` marked as the first report, and no other."""
    return tuple(replace(a, first=a.article_id == article_id) for a in articles)


def _earliest_marked(articles: tuple[StoryArticle, ...], among: Iterable[StoryArticle]
                     ) -> tuple[StoryArticle, ...]:
    """``articles`` with the earliest of ``among`` (some of them) marked as the first report."""
    return _first_marked(articles, min(among, key=lambda a: a.published).article_id)


def _article_text(db: sqlite3.Connection, article_id: int | None) -> str:
    """An article's text (folded where its passages are), its headline included, page furniture not."""
    row = db.execute("SELECT group_concat(coalesce(folded, text), ' ') FROM passages"
                     " WHERE article_id = ? AND template = 0", (article_id,)).fetchone()
    return row[0] or ""


def text_share(db: sqlite3.Connection, article_id: int, terms: Terms) -> float:
    """The share of the query's weight that an article's text holds, its headline included, page furniture not."""
    return share(_article_text(db, article_id), terms)


def _naming_best_first(db: sqlite3.Connection, ranks: Mapping[int, float], terms: Terms) -> dict[int, float]:
    """``ranks`` (as ``representative_rank`` gives them) with those of the reports whose headline names the event
    (0) told apart, for the report an outlet is shown by: first the ones that hold the question's most specific
    name (``key_name``), then the ones that hold more of its other words, what happened (解雇 of 港大解雇戴耀廷,
    达成协议 of 欧盟峰会达成经济复苏基金协议); on a tie, the earliest, as before. An outlet's first headline
    naming the event is often of what came before it (港大传下午开会审议戴耀廷教席去留, 欧盟峰会陷入僵局), or of
    another turn of the story that holds its names (五眼联盟中四国相继中止与香港引渡条约, asked about New
    Zealand's suspension). All stay below 0: ahead of the reports expecting the event or not naming it. Of the
    reports not naming it, for a question in Chinese, those whose headline holds its most specific name come first
    (王毅发出威胁 捷克召见中国大使抗议 before 议长带队 捷克代表团抵达台湾, asked about Wang Yi's "heavy price"; an
    English question's loose readings may make a common word that name)."""
    naming = [a for a, rank in ranks.items() if rank == 0]
    key = key_name(terms)
    chinese_key = key is not None and not key[0].isascii()
    unnamed = [a for a, rank in ranks.items() if rank == UNNAMED] if chinese_key else []
    if not naming and not unnamed:
        return dict(ranks)
    asked = naming + unnamed
    titles = dict(db.execute(f"SELECT id, title FROM files WHERE id IN ({','.join('?' * len(asked))})", asked))
    words = tuple(t for t in terms if not is_name(t[0]))
    ranks = {**ranks, **{a: UNNAMED - KEYED_UNNAMED for a in unnamed if holds_name(titles.get(a) or "", key)}}

    def rank(article_id: int) -> float:
        title = normalize(titles.get(article_id) or "")
        named = key is None or any(k in title for k in key)
        return (-0.5 if named else 0.0) - 0.4 * (share(title, words) if words else 0.0)

    return {**ranks, **{a: rank(a) for a in naming}}


def _reports_near_best(members: list[tuple], event: Event, found: Story, terms: Terms) -> dict[int, int]:
    """The ranks (as ``representative_rank``) that show an outlet by its report of the event's time rather than by
    one from before it: for each outlet of ``found`` shown by a report from ``BEFORE_BEST`` hours or more before
    ``Event.earliest`` (the first of the articles that match the question nearly best), its report among ``members``
    (the event's stories', earliest first, as ``members_of`` gives them) from ``NEAR_BEST`` hours before that time
    to ``APART_HOURS`` after it, at its own rank: the best ranked, then the best matching the question in its
    passages, then in its headline (RTI's 不會放棄核武 金正恩：核子嚇阻力很重要, not its report of the day before on a
    suspected case, in a story of North Korea's week), then the first; and the report shown before it ranked after
    every other (``UNNAMED + 1``). Empty when there is no such outlet."""
    if event.earliest is None:
        return {}
    best = event.earliest.timestamp()
    before = {a.source: a for a in found.articles if a.published.timestamp() < best - BEFORE_BEST * 3600}
    if not before:
        return {}
    low, high = best - NEAR_BEST * 3600, best + APART_HOURS * 3600
    near: dict[str, tuple[tuple[int, float, float, float], int]] = {}
    for aid, source, title, *_rest, published_ts in members:
        if source in before and low <= published_ts <= high:
            rank = article_rank(event, aid, title, terms, _utc(published_ts), source)
            order = (rank, -event.scores.get(aid, 0.0), -share(title, terms), published_ts)
            if source not in near or order < near[source][0]:
                near[source] = (order, aid)
    ranks = {before[source].article_id: UNNAMED + 1 for source in near}
    ranks.update({aid: order[0] for order, aid in near.values()})
    return ranks


def _burst(rows: list[tuple], event: Event, terms: Terms) -> tuple[float, float] | None:
    """The first and last publication times (epoch seconds) of the densest run of reports naming the event: of the
    ``rows`` (as ``members_of`` gives them) whose headline names it without expecting it and that match the
    question nearly best (``EARLIEST_SHARE`` of the best of those; all of them when none matched), the ones in the
    ``BURST_HOURS`` window that holds the most outlets' (on a tie, the one beginning on or nearest the days the
    reports date the event, ``Event.day``, then the earliest). None when no headline names it.

    Each outlet counts by how much of the question its headline holds: a headline holding only a name of it
    (`周庭获准保释`, the next day's bail, for 周庭被捕) names the event, as 李登辉病逝 names 李登辉去世, but a run of
    such headlines is a run of another turn of the story when the reports holding the whole question are fewer.
    Headlines are read by their words alone, not their time: the eve's report dating the event to the next day
    (中国明天举行全国抗击冠病疫情表彰大会) belongs to the days it was reported, and without such reports a round-up
    two days later was left alone in the run, setting the reports of the day itself apart as what preceded."""
    naming = [(aid, ts, source, min(1.0, share(title, terms))) for aid, source, title, *_rest, ts in rows
              if representative_rank(title, terms) == 0]
    best = max((event.scores.get(aid, 0.0) for aid, _ts, _source, _w in naming), default=0.0)
    strong = [(ts, source, w) for aid, ts, source, w in naming
              if best and event.scores.get(aid, 0.0) >= EARLIEST_SHARE * best]
    times = sorted(strong or [(ts, source, w) for _aid, ts, source, w in naming])
    low = high = None
    if event.day is not None:
        low = _day_start(event.day[0]) - BURST_DAY_BEFORE * 3600
        high = _day_start(event.day[1]) + BURST_DAY_AFTER * 3600

    def off_the_day(start: float) -> float:  # seconds from the days the reports date the event (0: on them)
        return 0.0 if low is None or high is None else max(low - start, start - high, 0.0)

    best_key, span = None, None
    for i, (start, _source, _w) in enumerate(times):
        inside = [(ts, source, w) for ts, source, w in times[i:] if ts <= start + BURST_HOURS * 3600]
        weight: dict[str, float] = {}
        for _ts, source, w in inside:
            weight[source] = max(weight.get(source, 0.0), w)
        key = (-round(sum(weight.values()), 6), off_the_day(start))
        if best_key is None or key < best_key:
            best_key, span = key, (start, inside[-1][0])
    return span


def _run_of_reports(rows: list[tuple], event: Event, terms: Terms, *, by_day: bool = True
                    ) -> tuple[float, float] | None:
    """The days most outlets reported the event: the densest run of headlines naming it (``_burst``); when no
    headline names it, with ``by_day``, the days the reports date it (``Event.day``, from the first day's start to
    ``BURST_HOURS`` after the last's), if known. A weeks-long story of Belarus's protests holds the opposition
    leader's detention, whose reports never write her name (白俄罗斯反对派领袖失踪, asked about 科列斯尼科娃被捕):
    its outlets are shown by their reports of those days, not by their first of the story's (立陶宛外长：欧盟对白俄
    局势缺乏行动…, the day before). Not for a question in English, read through the dictionary: its words rarely make
    a headline name the event, and its outlets' reports of those days were often of other things."""
    span = _burst(rows, event, terms)
    if span is None and by_day and event.day is not None:
        span = (_day_start(event.day[0]), _day_start(event.day[1]) + BURST_HOURS * 3600)
    return span


def _reports_in_burst(rows: list[tuple], event: Event, found: Story, terms: Terms,
                      span: tuple[float, float] | None) -> dict[int, int]:
    """The ranks that show an outlet by its report of the days most outlets reported the event rather than by one
    of other days: for each outlet of ``found`` shown by a report from outside the densest run of reports naming
    the event (``span``, as ``_burst`` gives it; from ``BURST_MARGIN`` hours before it to ``APART_HOURS`` after
    it), its best ranked report of ``rows`` (the event's stories' and the reports found elsewhere, earliest first)
    inside it, and the report shown before it ranked after every other; so too an outlet shown by a report inside it
    whose headline does not name the event, when it has one there that does (DW's report of the WeChat ban, beside
    its reaction of the next day that matched the question better). Empty when there is no such outlet. A
    topic's story can hold two events days apart (Suga's election as party leader and his taking office; the
    convention's opening and Biden's nomination); the question's words alone do not tell their headlines apart,
    their times do."""
    if span is None:
        return {}
    low, high = span[0] - BURST_MARGIN * 3600, span[1] + APART_HOURS * 3600
    outside = {a.source: a for a in found.articles if not low <= a.published.timestamp() <= high}
    # ... and an outlet shown by a report not naming the event, when it has one inside that does
    unnamed = {a.source: a for a in found.articles
               if a.source not in outside and rank_of(event, a, terms) == UNNAMED}
    inside: dict[str, tuple[int, int]] = {}
    for aid, source, title, *_rest, ts in rows:
        if (source in outside or source in unnamed) and low <= ts <= high:
            rank = article_rank(event, aid, title, terms, _utc(ts), source)
            if source in unnamed and rank != 0:
                continue
            if source not in inside or rank < inside[source][1]:
                inside[source] = (aid, rank)
    outside.update(unnamed)
    ranks = {outside[source].article_id: UNNAMED + 2 for source in inside}
    ranks.update(dict(inside.values()))
    return ranks


def event_story(retriever: Retriever, query: str | Query, event: Event, terms: Terms | None = None) -> Story:
    """The story of an event as /coverage lists it: its stories, one report per outlet (``Event.ranks``), the
    reports the clustering put elsewhere of outlets it would call silent or show by a report whose headline expects
    the event or does not name it (``reports_elsewhere``; the latter only when nearer the first report), and
    apart (``late``, ``early``) the outlets whose only report, not naming the event, came ``APART_HOURS`` after or
    before the first (an outlet with a report in the story nearer the first than that is shown by the nearest). An
    outlet shown by a report from well before the reports that match the question best is shown by its report of
    their time (``_reports_near_best``), and one shown by a report from outside the days most outlets reported the
    event by its report of those days (``_reports_in_burst``). ``terms`` are the query's weighed words when the
    caller has them (``query_terms_weighed``)."""
    index = retriever.index

    outlets = index.source_names()  # read once for the listings below

    text_held: dict[int, float] = {}  # the share of the question an article's text holds, read once
    apart_held: dict[int, bool] = {}  # whether an article tells the mirror event or another country's act, read once

    def off_the_event(article: StoryArticle) -> bool:
        """A report whose headline does not name the event and whose text holds less than ``TEXT_FLOOR`` of the
        question (``BARE_TEXT_FLOOR`` when the headline holds less than ``BARE_HEADLINE`` of it: 逃台香港活动人士被羁
        大陆 家属要求其返还香港, asked about Pompeo's concern for the twelve, its text of the detention without him) is
        not of the event (香港政府宣布推迟立法会选举, in the story of the election's delay, asked about
        Germany's suspension of its extradition treaty that day; a report of a drill, asked about the visit it
        answered), nor, in a topic's story, one whose text lacks the question's most specific name
        (``key_of_event``) or every word of its act (``acts``), nor one whose headline tells the mirror event in its
        clause that holds the most of the question (``_news_clause``, ``mirror_test``: 中国召见捷克驻华大使, asked
        about the Czech Republic summoning China's ambassador the same day, in one story with it; not 澳洲驻华记者
        清零后 中方回击指澳洲情报人员扣查中国记者, whose news is the event, after what preceded it), nor one whose
        headline holds none of the question's names while its lede tells another country's act (``other``), nor
        one whose text holds none of the question's most specific words (``specific``)."""
        if article.article_id not in apart_held:
            apart_held[article.article_id] = mirrored(*_news_clause(article.title, terms)) or (
                not _names_held(normalize(article.title), terms)
                and other(normalize(lede_of(index.db, article.article_id))))
        if apart_held[article.article_id]:
            return True
        if rank_of(event, article, terms) != UNNAMED:
            return False
        if article.article_id not in text_held:
            text = normalize(_article_text(index.db, article.article_id))  # read and folded once for both tests
            held = folded_share(text, terms)
            if key_of_event is not None and not holds_name(text, key_of_event):
                held = 0.0  # a turn's report holds its name (``key_of_event``)
            if held < BARE_TEXT_FLOOR and share(article.title, terms) < BARE_HEADLINE:
                held = 0.0
            if acts and not any(_held(text, spellings) for spellings, _w in acts):
                held = 0.0  # ... and a word of its act (``acts``)
            if specific and not any(_held(text, spellings) for spellings in specific):
                held = 0.0  # ... and one of the question's most specific words (``SPECIFIC_WORDS``)
            text_held[article.article_id] = held
        return text_held[article.article_id] < TEXT_FLOOR

    def listed(preferred: Mapping[int, float], extra: tuple[int, ...] = ()) -> Story:
        """The event's stories, one report per outlet by ``preferred`` ranks, with the ``extra`` articles; an
        outlet shown by a report not of the event (``off_the_event``) by another of its reports in them if it has
        one, else counted as silent."""
        preferred = _naming_best_first(index.db, preferred, terms)
        off: set[int] = set()
        while True:
            found = story(index, event.story_id, outlets, joined=event.joined, preferred=preferred, extra=extra,
                          first_rank=FIRST_RANK)
            more = {a.article_id for a in found.articles if a.article_id not in off and off_the_event(a)}
            if not more:
                break
            off |= more
            preferred = {**preferred, **dict.fromkeys(off, UNNAMED + 3)}
        silent = {a.source for a in found.articles if a.article_id in off}
        if not silent:
            return found
        kept = tuple(a for a in found.articles if a.source not in silent)
        if not kept:
            return found
        if not any(a.first for a in kept):
            kept = _earliest_marked(kept, [a for a in kept if rank_of(event, a, terms)
                                           <= FIRST_RANK] or kept)
        return replace(found, articles=kept, missing=tuple(o for o in outlets if o in silent or o in found.missing))

    parsed = query if isinstance(query, Query) else retriever.parse(query)
    terms = terms if terms is not None else query_terms_weighed(retriever, parsed)
    members = members_of(index.db, (event.story_id, *event.joined))
    # In a topic's story (``TOPIC_MEMBERS`` reports or more: Lee Teng-hui's death and what followed it), a report
    # whose headline does not name the event is of it only if its text holds the question's most specific name
    # (森喜朗, asked whether Japan would send him to the funeral) and a word of its act, the words that are no name,
    # in any of the reviewed words for the act (``with_other_verbs``: 去世 as 病逝; 通电话, asked about Trump's call
    # with Abe, not a report of the race to succeed him naming both); not in a question in English, read loosely.
    # In any story, a question that tells its event after what came before it (捷克参议长访台期间美国驱逐舰通过台湾海峡:
    # the visit's story holds the transit's few reports) asks its text for the most specific name of the event's
    # clause, if it has one (not for a word of its act: a report writes 发声 for 发表, 许章润获释后发表公开信).
    topic = len(members) >= TOPIC_MEMBERS and not parsed.translations
    before = getattr(terms, "background", frozenset())  # (none for a question in English)
    key_of_event = (key_name(tuple(t for t in terms if t[0][0] not in before)) or key_name(terms)) if before \
        else (key_name(terms) if topic else None)
    acts = with_other_verbs(tuple(t for t in terms if not is_name(t[0]) and t[0][0] not in before)) \
        if topic and key_of_event is not None else ()
    mirrored = mirror_test(parsed.text, terms)
    # In any story, a report whose headline does not name the event holds in its text one of the question's
    # SPECIFIC_WORDS heaviest words, those of its clause of what came before left aside (asked 传汇丰将被列入不可靠
    # 实体清单 股价跌至25年低点, the reports of China's rules for the list, in one story with HSBC's fall, hold 不可靠,
    # 实体 and 清单, not 跌至, 传 or 低点); not in a question in English, read loosely, nor in one of SPECIFIC_WORDS
    # words or fewer
    own = [t for t in terms if t[0][0] not in before]
    specific = [spellings for spellings, _w in sorted(own, key=lambda t: -t[1])[:SPECIFIC_WORDS]] \
        if len(own) > SPECIFIC_WORDS and not parsed.translations else []
    # a report whose headline holds none of the question's names, and whose lede tells another country's act (台湾's
    # consumer confidence, asked about America's), is not of the event (``WeighedTerms.other_actor``); not for a
    # question in English, whose names' readings are loose (asked in English, an outlet of Hong Kong's delayed
    # election was lost)
    other = getattr(terms, "other_actor", lambda _text: False) if not parsed.translations else lambda _text: False
    # the first report is the earliest that names the event in its headline (announcing it counts: 将在罗马会面),
    # not the earliest article the story holds (a photo essay of the explosion before the government resigned)
    found = listed(event.ranks)

    def rank(article: StoryArticle) -> int:  # an article no passage of which matched is ranked by its headline
        return rank_of(event, article, terms)

    unnamed = {a.source: a for a in found.articles if rank(a) == UNNAMED}
    expecting = tuple(a.source for a in found.articles if rank(a) == EXPECTING)  # 可能延后: its report, if any
    # ... and one shown by a headline naming the event without its most specific name (周庭获准保释, asked about
    # 黎智英's bail): by its report that holds the name, if the clustering put one elsewhere
    key = key_name(terms)
    keyless = () if key is None else tuple(a.source for a in found.articles
                                           if rank(a) == 0 and not holds_name(a.title, key))
    anchor = found.first_report
    # ... and one shown by a report a day or more after the first, whose headline names the event (德国之声's of
    # 周庭's release, asked about her arrest): by its report nearer the first, if the clustering put one elsewhere
    late_named = {} if anchor is None or key is None else {
        a.source: a for a in found.articles if rank(a) == 0 and a.source not in keyless
        and a.published - anchor.published > timedelta(hours=LATE_NAMED_HOURS)}
    extra = reports_elsewhere(retriever, parsed, terms, found, tuple(unnamed) + expecting,
                              keyless + tuple(late_named))
    if anchor is not None:
        def better(source: str, published: datetime) -> bool:
            """An outlet shown by a report that does not name the event, or by one a day after the first report,
            is shown by one that does if nearer the first report; one shown by a headline without the name, by one
            with it of the first report's days."""
            shown = unnamed.get(source) or late_named.get(source)
            if shown is not None:
                return abs(published - anchor.published) < abs(shown.published - anchor.published)
            return source not in keyless or abs(published - anchor.published) <= timedelta(hours=APART_HOURS)

        extra = {aid: (source, published) for aid, (source, published) in extra.items() if better(source, published)}
    preferred = {**event.ranks, **dict.fromkeys(extra, 0)}
    if extra:
        found = listed(preferred, tuple(extra))
    # A silent outlet whose report a listed one copies (中国数字时代's "BBC | 香港示威者要求重启立法会选举…", BBC's
    # own report in another story) covered it too, by that report
    copies = same_reports(index.db, found)
    if copies:
        extra = {**extra, **{aid: (source, published) for aid, (source, published, _of) in copies.items()}}
        titles = {a.article_id: a.title for a in found.articles}
        preferred.update({aid: article_rank(event, of, titles[of], terms) for aid, (_s, _p, of) in copies.items()})
        found = listed(preferred, tuple(extra))
    # An outlet shown by a report from well before the reports that match the question best (Suga's election as
    # party leader, asked about his taking office two days later) is shown by its first report from about then.
    near = _reports_near_best(members, event, found, terms)
    if near:
        preferred.update(near)
        found = listed(preferred, tuple(extra))
    # An outlet shown by a report from outside the days most outlets reported the event (its question of three days
    # before whether the election would be put off, asked about the delay; its report of the convention's opening,
    # asked about the nomination) is shown by its report of those days, when it has one.
    rows = with_articles(index.db, members, tuple(extra))
    span = _run_of_reports(rows, event, terms, by_day=not parsed.translations)
    burst = _reports_in_burst(rows, event, found, terms, span)
    if burst:
        preferred.update(burst)
        found = listed(preferred, tuple(extra))
    # ... and the first report is not one from that long before them when a report of their time names the event
    # (or announces it) too, unless it is of the day the reports date the event (the WHO's advance team, dated the
    # 3rd: RFI's report that day, in other words than the next day's that match the question best)
    if event.earliest is not None and found.first_report is not None:
        since = event.earliest - timedelta(hours=BEFORE_BEST)
        if found.first_report.published < since and not (
                event.day is not None
                and found.first_report.published.timestamp() >= _day_start(event.day[0]) - DAY_AHEAD * 3600):
            later = [a for a in found.articles if a.published >= since and rank(a) <= FIRST_RANK]
            if later:
                found = replace(found, articles=_earliest_marked(found.articles, later))
    # ... nor a silent outlet's report found elsewhere by its lede alone (Taiwan's RTI on Pompeo and India, whose
    # lede tells of a deputy secretary of state backing foreign students) while a listed headline names the event
    first = found.first_report
    if first is not None and first.article_id in extra and rank(first) > FIRST_RANK:
        named = [a for a in found.articles if rank(a) <= FIRST_RANK]
        if named:
            found = replace(found, articles=_earliest_marked(found.articles, named))
    # ... nor a reprint of a report listed before it (中国数字时代's repost of BBC's), which is the first report
    first = found.first_report
    if first is not None and first.reprint_of:
        original = next((a for a in found.articles if a.source == first.reprint_of and a.published <= first.published
                         and rank(a) <= rank(first)), None)
        if original is not None:
            found = replace(found, articles=_first_marked(found.articles, original.article_id))
            first = original
    if first is None:
        return found
    # an outlet whose report, not naming the event, came APART_HOURS after the first reported what followed; one
    # whose report came APART_HOURS before it, what preceded
    apart = timedelta(hours=APART_HOURS)

    def before_the_days(article: StoryArticle) -> bool:
        """Whether a report came BURST_EARLY hours before the days most outlets reported the event."""
        return span is not None and article.published.timestamp() < span[0] - BURST_EARLY * 3600

    def set_apart(articles: tuple[StoryArticle, ...]) -> list[StoryArticle]:
        unnamed_reports = [a for a in articles if rank(a) == UNNAMED]  # (the reports found elsewhere name it)
        # ... and one whose report came before the days most outlets reported it, what preceded
        return [a for a in unnamed_reports if abs(a.published - first.published) > apart or before_the_days(a)]

    # An outlet shown by such a report that has another in the story within APART_HOURS of the first is shown by
    # the nearest of those (its matching report of the day before the ruling, its report of the ruling after it).
    nearer = _nearest_reports(members, {a.source: a.article_id for a in set_apart(found.articles)}, first.published)
    if nearer:
        preferred.update(nearer)
        found = listed(preferred, tuple(extra))
    late, early = _sides(set_apart(found.articles), first.published, before_the_days)
    if not late and not early:
        return found
    return replace(found, articles=tuple(a for a in found.articles if a not in late and a not in early), late=late,
                   early=early)


def _sides(apart: list[StoryArticle], first: datetime, before_the_days: Callable[[StoryArticle], bool]
           ) -> tuple[tuple[StoryArticle, ...], tuple[StoryArticle, ...]]:
    """The reports set apart, as (what followed, what preceded): after the first report, or before it or before the
    days most outlets reported the event (a report a day after a first report of days before, itself before them,
    preceded the event as much)."""
    early = tuple(a for a in apart if a.published < first or before_the_days(a))
    return tuple(a for a in apart if a not in early), early


def _nearest_reports(members: list[tuple], far: Mapping[str, int], first: datetime) -> dict[int, float]:
    """The ranks that show each outlet of ``far`` (its report set apart, by article id) by its report among
    ``members`` nearest the ``first`` report, when one is within ``APART_HOURS`` of it: that one ahead of every other
    report of the outlet not naming the event (``UNNAMED`` - 0.5: the outlet's earlier reports, as unnamed as this one,
    would otherwise tie with it and the earliest be shown again), the one set apart after them."""
    ts, apart = first.timestamp(), APART_HOURS * 3600
    nearest: dict[str, tuple[int, float]] = {}
    for aid, source, *_rest, published_ts in members:
        if source in far and aid != far[source] and abs(published_ts - ts) <= apart:
            held = nearest.get(source)
            if held is None or abs(published_ts - ts) < held[1]:
                nearest[source] = (aid, abs(published_ts - ts))
    ranks: dict[int, float] = {far[source]: UNNAMED + 1 for source in nearest}
    ranks.update({aid: UNNAMED - 0.5 for aid, _distance in nearest.values()})
    return ranks


def reports_elsewhere(retriever: Retriever, query: Query, terms: Terms, found: Story,
                      weak: tuple[str, ...] = (), keyless: tuple[str, ...] = ()) -> dict[int, tuple[str, datetime]]:
    """Reports of the event that the clustering put in other stories, by outlets ``found`` would call silent and
    by the ``weak`` outlets (shown by a report whose headline does not name the event, or expects it), and, in a
    search of their own, by the ``keyless`` ones (shown by a headline naming the event without the question's most
    specific name, ``key_name``, or a day after the first report: only a headline holding the name, not a
    round-up's, is taken for those): for each,
    the first of its ``ELSEWHERE_HITS`` best passages for the question, from ``ELSEWHERE_BEFORE`` days before the
    story's first report to a day after its last (and ``ELSEWHERE_DAYS`` after its first at least), whose article
    names the event in its headline without expecting it (rank 0 in ``representative_rank``), or for a silent outlet
    in its lede (with the question's person or place in its text: ``_lede_names_it``), or in a headline naming it
    but for the question's key name, the name in its text (``_named_but_for_key``); one named in its text only
    gives way to a later one of the outlet's whose headline names it (a round-up's lede, then the outlet's own
    report). The question's act may be written in another word of its group
    (``verb_groups``: 总辞 for 辞职). Returns those articles with their outlet and time."""
    outlets = found.missing + weak
    key = key_name(terms)
    keyless = tuple(o for o in keyless if o not in outlets) if key is not None else ()
    if not found.articles or not (outlets or keyless):
        return {}
    first, last = _story_days(found)
    # ... and at least ELSEWHERE_DAYS after the first: a story of one day's reports is followed by others' of the
    # next days (the Hong Kong government's answer, two days later, to the US rule on its goods' labels)
    last = max(last, first + timedelta(seconds=JOIN_SLACK, days=ELSEWHERE_DAYS))
    # ... from ELSEWHERE_BEFORE days before the first report: an outlet may have broken the news a day before the
    # reports that begin the story (联合早报 on Samsung's last computer factory in China, two days before the others)
    first = min(first, min(a.published for a in found.articles) - timedelta(days=ELSEWHERE_BEFORE))
    # One search over these outlets, in less time than one per outlet: results alternate outlets among passages of
    # near-equal score, so each outlet's best are among them; twice as many as the looks, as an outlet's round-ups
    # come among them without using up its look (below). A passage holding under half as much of the question as
    # the best of all (``RELATIVE_COVERAGE``) is not among them, where one search per outlet would measure it
    # against its outlet's best: that finds more outlets and more wrong ones (held out 0.9107 / 0.9180 against
    # 0.9120 / 0.9158, tuning 0.956 / 0.935 against 0.952 / 0.931).
    # The keyless outlets are searched apart, not to change which of the others' articles come first.
    hits = [hit for group in (outlets, keyless) if group
            for hit in retriever.search(replace(query, sources=group, since=first, until=last),
                                        top=2 * ELSEWHERE_HITS * len(group), meaning=False).hits]
    looked: Counter[str] = Counter()
    seen: set[int] = set()
    out: dict[int, tuple[str, datetime]] = {}
    terms = with_other_verbs(terms)  # 警方逮捕 names 被捕 here: this search looks at one outlet's best few
    # a passage other outlets carried too (an agency's report) is one hit, their copies folded into it (``Hit.also``):
    # each copy is looked at as its outlet's own hit, after it
    hits = [one for hit in hits for one in (hit, *(replace(hit, source=c.source, title=c.title, url=c.url,
                                                            published=c.published, path=c.path, also=())
                                                    for c in hit.also))]
    by_text: dict[str, int] = {}  # an outlet's report that names the event in its text only
    matched: dict[str, list[str]] = {}  # each article's passages among the hits
    for hit in hits:
        matched.setdefault(hit.path, []).append(hit.text)
    for hit in hits:
        if looked[hit.source] >= ELSEWHERE_HITS:
            continue  # looked at enough of this outlet's, or found its report
        article_id = retriever.index.article_id(hit.path)
        if article_id is None or article_id in seen:
            continue  # ... an article is looked at once, whichever of its passages came first
        seen.add(article_id)
        title = hit.title or ""
        # an article whose headline holds nothing of the question (a round-up: 早安世界, 全球最新情报) is looked at
        # without using up the outlet's look (中央社's round-ups came before its report of the event)
        looked[hit.source] += share(title, terms) > 0
        if hit.source in keyless and (not holds_name(title, key) or _SEVERAL_ITEMS.search(title)):
            continue  # (shown by a headline naming the event: only one with its name, not a round-up's, does better)
        # A silent outlet's report may say what happened in its lede, its headline leading with what followed
        # (美国防部：中国欲在10年内倍增核弹头数量, of the report's publication), and may write a word of the
        # question in full (美国国防部 for 美国防部)
        if representative_rank(title, terms, hit.published, hit.source) != 0 and not (
                hit.source in found.missing
                and representative_rank(_spelled_out(title, terms), terms, hit.published, hit.source) == 0):
            if hit.source not in found.missing or hit.source in by_text:
                continue
            lede = lede_of(retriever.index.db, article_id)
            if not (_lede_names_it(retriever.index.db, article_id, lede, terms, key)
                    or _named_but_for_key(title, (*matched[hit.path], lede), terms, key)):
                continue
            # named only in its text (a round-up's lede: 中国重要财经新闻一周回顾): taken unless one of the outlet's
            # next articles names the event in its headline
            out[article_id], by_text[hit.source] = (hit.source, hit.published), article_id
            continue
        if (named_in_text := by_text.pop(hit.source, None)) is not None:
            del out[named_in_text]
        out[article_id] = (hit.source, hit.published)
        looked[hit.source] = ELSEWHERE_HITS
    # A silent outlet's report in a story of which other outlets' reports found here name the event (台湾出手反制
    # 拒延长香港办事处人员签证, in the story of three other outlets' reports of Taiwan's refusal) is of it too, when
    # its text holds the question as a report not naming it in its headline must (``TEXT_FLOOR``).
    stories = Counter(story_of_article(retriever.index, a) for a in out)
    found_by = {source for source, _at in out.values()}
    tried: set[int] = set()  # an article is looked at once, however many of its passages are hits
    for hit in hits:
        if hit.source not in found.missing or hit.source in found_by:
            continue
        article_id = retriever.index.article_id(hit.path)
        if article_id is None or article_id in tried:
            continue
        tried.add(article_id)
        if (stories[story_of_article(retriever.index, article_id)] < SIBLINGS
                or text_share(retriever.index.db, article_id, terms) < TEXT_FLOOR):
            continue
        out[article_id] = (hit.source, hit.published)
        found_by.add(hit.source)
    return out


def _lede_names_it(db: sqlite3.Connection, article_id: int, lede: str, terms: Terms,
                   key: tuple[str, ...] | None) -> bool:
    """Whether a report's lede names the event (``representative_rank`` 0, a word of the question written in full
    counted), and, when the question's most specific name (``key_name``) is a person's or a place's, the report's
    text holds it: VOA's lede of Hong Kong's mass testing (新冠…超过…万人次…确诊), in a report never naming India,
    is no report of India passing five million cases. An organisation's name is not required: reports write it
    otherwise (解放军 for 中国军方)."""
    if representative_rank(_spelled_out(lede, terms), terms) != 0:
        return False
    return (key is None or not any(dictionary_tag(k) in _PERSON_PLACE for k in key)
            or holds_name(_article_text(db, article_id), key))


def _named_but_for_key(title: str, texts: tuple[str, ...], terms: Terms, key: tuple[str, ...] | None) -> bool:
    """Whether a headline names the event but for the question's key name (``key_name``), which the article's text
    then holds: 88国大型调查：小摩汇丰渣打等5大银行涉嫌帮罪犯洗钱 for FinCEN文件曝光银行洗钱, the files named in its
    third paragraph."""
    if key is None or holds_name(title, key):
        return False
    others = tuple(term for term in terms if term[0] != key)
    return (representative_rank(title, others) == 0
            and any(holds_name(text, key) for text in texts))


def _story_days(found: Story) -> tuple[datetime, datetime]:
    """From a day (``JOIN_SLACK``) before the first report ``found`` lists to a day after its last."""
    slack = timedelta(seconds=JOIN_SLACK)
    return min(a.published for a in found.articles) - slack, max(a.published for a in found.articles) + slack


_AGO = re.compile(r"\s*\d+\s*(小时|分钟|天)前\s*$")


def headline_core(title: str) -> str:
    """A headline as every outlet that carries the report writes it: the longest of its parts between bars, without
    a reposting outlet's name before it or an outlet's name or an age (8小时前) after it."""
    parts = [p.strip() for p in re.split(r"[|｜]| [–-] ", normalize(title or ""))]
    return _AGO.sub("", max(parts, key=len, default=""))


def same_reports(db: sqlite3.Connection, found: Story) -> dict[int, tuple[str, datetime, int]]:
    """The reports of silent outlets that listed reports copy: published from a day before the story's first report
    to a day after its last, under the same headline (``headline_core``, ``REPOST_SIMILARITY``) as a listed one.
    Returns each with its outlet, time and the listed report it matches."""
    if not found.articles or not found.missing:
        return {}
    low, high = (day.timestamp() for day in _story_days(found))
    cores = {a.article_id: headline_core(a.title) for a in found.articles}
    cores = {aid: core for aid, core in cores.items() if len(core) >= REPOST_MIN_CHARS}
    if not cores:
        return {}
    rows = db.execute(f"SELECT id, source, title, published FROM files INDEXED BY files_published"
                      f" WHERE status = 'ok' AND published_ts BETWEEN ? AND ?"
                      f" AND source IN ({','.join('?' * len(found.missing))})", (low, high, *found.missing)).fetchall()
    out: dict[int, tuple[str, datetime, int]] = {}
    taken: set[str] = set()
    for aid, source, title, published in rows:
        if source in taken:
            continue
        core = headline_core(title)
        of = next((listed for listed, other in cores.items() if fuzz.ratio(core, other) >= REPOST_SIMILARITY), None)
        if of is not None:
            out[aid] = (source, datetime.fromisoformat(published), of)
            taken.add(source)
    return out


@lru_cache(maxsize=1)
def verb_groups() -> dict[str, tuple[str, ...]]:
    """Each word of ``data/verbs.txt`` and its group: the reviewed words headlines use for one act."""
    groups: dict[str, tuple[str, ...]] = {}
    for line in table_lines("verbs.txt"):
        group = tuple(dict.fromkeys(normalize(word) for word in line.split()))
        for word in group:
            groups[word] = group
    return groups


def with_other_verbs(terms: Terms) -> Terms:
    """``terms`` with the other words of each spelling's act (``verb_groups``) as further spellings."""
    groups = verb_groups()
    out = []
    for spellings, weight in terms:
        others = [w for s in spellings for w in groups.get(s, ()) if w not in spellings]
        out.append(((*spellings, *dict.fromkeys(others)), weight))
    return tuple(out)


def _spelled_out(text: str, terms: Terms) -> str:
    """``text`` folded, with each word of the question it holds only by its own shorter words added whole at its end:
    美国防部, held by 美国国防部 as 美国 and 国防部 (the words the index's search mode cuts it into)."""
    norm = normalize(text)
    whole = []
    for spellings, _weight in terms:
        word = spellings[0]
        if len(word) < 3 or word.isascii() or any(s in norm for s in spellings):
            continue
        pieces = [p for p in dict.fromkeys(segment(word)) if 2 <= len(p) < len(word) and p in norm]
        covered = {at for p in pieces for at in range(word.find(p), word.find(p) + len(p))}
        if len(pieces) >= 2 and len(covered) == len(word):
            whole.append(word)
    return " ".join([norm, *whole])


def asked_event(text: str) -> str:
    """The event a question asks about: ``text`` without the words that ask who reported it (谁最先报道了, which
    outlets covered) or other question words (empty when it holds only those)."""
    from corpus.answer.when import strip_question  # when.py builds on this module

    return strip_question(strip_coverage_question(text))


def is_coverage_question(text: str) -> bool:
    """True when a plain message asks who reported something (谁报道了, 哪些媒体报道, who reported, which outlets
    covered)."""
    return bool(COVERAGE_WORDS.search(simplified(text)))  # either script: 誰最先報導


_ASKED_FIRST = re.compile(r"\s+(?:first|earliest)(?=\s*[?？.!！。]*\s*$)", re.IGNORECASE)


def strip_coverage_question(text: str) -> str:
    """The message without the words that ask who reported it (in simplified script), and the ``first`` that ends
    such a question (who covered the arrest first)."""
    stripped, asked = COVERAGE_WORDS.subn(" ", simplified(text))
    return " ".join((_ASKED_FIRST.sub(" ", stripped) if asked else stripped).split())

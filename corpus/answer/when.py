"""Answering "when did X happen": dates in the passages about X, weighed and voted on across outlets.

Each retrieved passage is cut into sentences and clauses; a date mention counts for as much of the query as
its clause and sentence hold (the event's own clause first), times the passage's score. Each outlet votes once
for each date; the date with most weight wins, at the precision its mentions give (a day, a month, a year). A
clock time and zone are added when a mention states them. Where no passage is dated, the answer says so and
gives the coverage in order of publication.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from corpus.answer.coverage import (
    WHO_ASKS,
    Event,
    Terms,
    about_story,
    event_on_its_day,
    event_story,
    find_event,
    folded_share,
    mirror_test,
    query_terms_weighed,
    share,
)
from corpus.answer.dates import DateMention, find_dates, place_zone, zone_of_source
from corpus.answer.stories import members_of
from corpus.models import Hit
from corpus.retrieve.search import Query, Retriever
from corpus.store.index import PassageRow
from corpus.text import normalize, query_terms
from corpus.text.normalize import simplified

_WHEN = (r"什么时候|什么时间|啥时候|何时|何日|哪天|哪一天|几号|几月几[日号]|哪年哪月|哪一年|哪年|几月|哪个月|"
         r"距今多久|多久了|"
         r"(?:的|的具体|具体)(?:日期|时间)(?:是)?(?=\s*[?？]*\s*$)|\bwhen\b|\b(?:what|which) (?:day|date|time)\b"
         r"|\bhow long ago\b")
WHEN_WORDS = re.compile(f"({_WHEN})", re.IGNORECASE)
QUESTION_WORDS = re.compile(
    f"(是(?=(?:{_WHEN}))|{_WHEN}|是在|"
    r"是谁|谁|哪些|哪家|哪个|什么|啥|怎么样|怎么|如何|为什么|为何|是否|有没有|"
    r"(?:吗|呢|了|的|啊|呀)(?=\s*[?？!！。]*\s*$)|"
    rf"\bwhat\b|{WHO_ASKS}|\bdid\b|\bwas\b|\bwere\b|\bis\b|\bdoes\b|\bdo\b|[?？!！。，]|(?<!\d),|,(?!\d))",
    re.IGNORECASE)
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
_CLAUSE = re.compile(r"[^，,。！？!?；;：:]+[，,。！？!?；;：:]?")
_RANK = {"minute": 0, "part_of_day": 1, "day": 2, "day_range": 3, "week": 4, "period": 5, "month": 6,
         "season": 7, "quarter": 7, "half": 8, "year": 9}
HITS_CONSIDERED = 8
FEEDBACK_TITLES = 5  # an English question also reads the words shared by the headlines of this many reports found
FEEDBACK_WORDS = 2
AFTER_FADE = 0.8  # weight kept per clause between a date and the event clause after it
BEFORE_FADE = 0.5  # ... and before it
_REFERENCE_POINT_BEFORE = re.compile(r"[自从從]$")  # these three read the original text: both scripts
_REFERENCE_POINT_AFTER = re.compile(r"(以来|以來|至今|起)")
# a date whose clause ends in 以来 (7月1日港版国安法生效以来，…) holding none of the question's words: what happened
# since another event, not on that day (黎智英8月10日被捕以来 still dates the arrest)
_SINCE = re.compile(r"[^，,。；;！？!?\s]{0,12}以[来來]")
_DATELINE = re.compile(r"(讯|电|訊|電)[】\]）)]?")  # 【大纪元2023年10月27日讯】, 新华社北京11月13日电
DISAGREEMENT = 0.5  # a second date with at least this share of the winner's weight is shown as well
LEAD_PASSAGES = 4  # the first passages of each report of the event's story are read for dates
LEAD_ARTICLES = 40  # ... of at most this many reports, earliest first
LEAD_SCORE = 70.0  # a lead passage's score beside the search hits' (0-100)
SHARE_POWER = 1.25  # a date weighs the share of the question its clause and sentence hold, to this power: more
# than in proportion to it, so that the reports holding all of it (黎智英获准保释) outweigh more holding part
# of it (黎智英被捕)
PRIOR_BEFORE_DAYS = 7  # a date from this many days before the story's first report ...
PRIOR_AFTER_DAYS = 3  # ... to this many after it is in the event's time; others weigh OUTSIDE_PRIOR
OUTSIDE_PRIOR = 0.3
UNREAD_SHARE = 0.1  # ... but not on days before them the archive carried this share of a usual day's or less
UNREAD_WINDOW = 60  # ... a usual day being the median of the days after them
UNREAD_MIN_DAY = 20  # ... of this many articles at least (a small archive has no usual day)
_EPOCH = date(1970, 1, 1)  # the UTC day that days are counted from (``publication_times`` are epoch seconds)
EVIDENCE_DAYS = (1, 2)  # reports published from this many days before a date to this many after it are its
# evidence first: a report of the day before a weekly review that counts back to it
FOLLOW_UP_WEIGHT = 0.5  # a date in a clause about a follow-up (a hearing, a release) the question does not ask for
# (read in the original text, both scripts; an act followed by 的 describes someone, 无罪获释的张玉环…提交了国家赔偿
# 申请: it is no follow-up of the sentence)
_FOLLOW_UP = re.compile(r"(?:出庭|提堂|[开開]庭|再[审審]|保[释釋]|[获獲][释釋]|[释釋]放|返回|回[国國]|返美|回[应應]"
                        r"|[谴譴][责責]|上[诉訴])(?!的)|[周週]年|追思|悼念|告[别別]式|葬[礼禮]")
_GRANULARITY_WEIGHT = {"minute": 1.0, "part_of_day": 1.0, "day": 1.0, "day_range": 0.9, "week": 0.7, "period": 0.6,
                       "month": 0.5, "season": 0.4, "quarter": 0.4, "half": 0.35, "year": 0.3}
_REPORTED = re.compile(r"报道|報導|报导|首发|首報|首报|\breported\b|\bfirst report", re.IGNORECASE)
EXPECTED_WEIGHT = 0.5
ONCE_PLANNED_WEIGHT = 0.2  # a date a plan was once set for, given up since (原定于去年7月上映, 原计划3月举行)
# ... written before the date: a date set for it (原定于, 原计划在), not 原本 alone (原本在9日宣布: it was announced)
_ONCE_PLANNED = re.compile(r"(?:原定|原訂|原订|原(?:本|先)?(?:计划|計劃|预定|預定)|本来(?:计划|預定|预定)|原拟|原擬)"
                           r"(?:于|於|在)?\s*$")
ORDERED_WEIGHT = 0.5  # a date of an order or plan for what the question asks (要求…关闭, 宣布将…访台)
MIRROR_WEIGHT = 0.2  # a date of the mirror event: its clauses relate the question's names the other way round
OTHER_ACTOR_WEIGHT = 0.2  # ... and of another country's act: its clauses hold it, not the question's country
# Before the query's words in a clause: they were ordered, demanded or planned then, not done (关闭 of 要求中国在
# 72小时内关闭领馆 is the closing's order; the closing came days later). Folded text.
_ORDERED = re.compile(r"要求|下令|勒令|限令|命令|责令|限期|限时|通知|必须|宣布将|即将|计划|拟|准备|将于|将在")
_ASKS_ORDER = re.compile(r"要求|下令|命令|宣布|通知|计划|announce|order", re.IGNORECASE)
_EXPECTED = re.compile(r"^[^，,。；;]{0,6}?(将|將|可望|预计|預計|预定|預定|拟|擬|计划|計劃|即将|即將)")
ANNOUNCED_BEFORE_DAYS = 1  # ... then dates from the day before the event's own story on are the event's
NESTED_SHARE = 0.5  # a finer date within the best one, at this share of its weight, is taken instead
SPREAD_SHARE = 0.9  # a day next to the best one, dated by the same outlets at this share of its weight, joins it
BASIS_STATED, BASIS_RELATIVE, BASIS_FIRST_REPORT = "stated", "relative", "first_report"
# a stated time's zone, as trusted when times of the date disagree: a zone word or a conversion first, then the
# place the report names, then the outlet's own zone (``DateMention.zone_from``)
_ZONE_TRUST = {"stated": 3, "converted": 3, "sentence": 2, "dateline": 2, "headline": 1, "outlet": 0}


def is_when_question(text: str) -> bool:
    """Return True when a plain message asks for a date (什么时候, 何时, 哪天, 几号, 哪一年, when), in either
    script (什麼時候)."""
    return bool(WHEN_WORDS.search(simplified(text)))


# the words around an event that ask about it rather than tell it: 请问…, 关于…的报道, …的新闻, …是怎么回事,
# 介绍一下…的情况 (a news word at the end only after 的 or 相关: 假消息 is an event's word)
# the words that point at the event at its end (这件事, 一事, 这条新闻), read again once the question words are gone
_POINTING = (r"(?:这件事情|这件事|这事儿|这事|此事|一事|的事情|的事|这(?:个|条|则)(?:新闻|消息))"
             r"(?=[\s?？!！。，,、:：;；]*$)")
_POINTING_END = re.compile(_POINTING)
_FRAME = re.compile(
    r"^\s*(?:请问|请告诉我|告诉我|我想知道|想知道|想了解|了解一下|介绍一下|说说|说一说|讲讲|关于|有关(?!部门|方面|当局|人士|单位))+|"
    r"(?:的(?:相关|有关)?|相关|有关)(?:最新)?(?:新闻报道|新闻|报道|报导|消息|情况|进展|详情)(?:有哪些|有什么|是什么)?"
    r"(?=\s*[?？!！。]*\s*$)|"
    r"(?:是怎么回事|怎么回事|是什么情况|什么情况)(?=\s*[?？!！。]*\s*$)|"
    # ... and the words pointing at it: 这件事, 一事, 这条新闻 (黎智英被捕这件事，哪些媒体报道了)
    rf"{_POINTING}|"
    r"^\s*这(?:个|条|则)(?:新闻|消息)[\s:：，,]*|"
    # ... and around the words that ask when: 发生在什么时候, 是什么时候的事, when did it happen, when did he get
    # arrested
    r"(?:发生在|发生于)(?=\s*(?:什么时候|何时|哪天|哪一天|几号|几月))|"
    r"(?:(?<=什么时候)|(?<=什么时间)|(?<=啥时候))(?:的事情|的事|发生的)(?=\s*[?？!！。]*\s*$)|"
    r"(?i:\s+(?:happen|happened|take place|took place)(?=\s*[?.!]*\s*$)|\b(?:get|got)\b(?=\s+\w+ed\b)|"
    r"^\s*on (?=what (?:day|date)\b))|"
    # ... and in English: tell me about…, news about…, coverage of…, what happened to…
    r"(?i:^\s*(?:(?:can you |could you |please )?tell me (?:about )?|(?:is there |are there )?(?:any |the )?"
    r"(?:latest )?(?:news|reports?|reporting|coverage|stories|articles) (?:about|on|of) |what happened (?:with |to |in "
    r"|at |on )?|what about ))")


def strip_question(text: str) -> str:
    """Return the message without its question words, the words that frame it as a question (``_FRAME``) and
    punctuation, for searching (in simplified script)."""
    asked = QUESTION_WORDS.sub(" ", _FRAME.sub(" ", simplified(text)))
    return " ".join(_POINTING_END.sub(" ", asked.strip()).split())  # 这件事 of 黎智英被捕这件事是什么时候


@dataclass(frozen=True)
class Evidence:
    """A quoted passage that dates the event, with the expression and sentence that do it."""

    hit: Hit
    mention: DateMention | None  # None: dated by its publication time only
    sentence: str
    weight: float

    def to_json(self) -> dict:
        """Return the evidence as a search hit with ``expression``, ``sentence`` and ``resolved`` added."""
        out = self.hit.to_json()
        out["expression"] = self.mention.expression if self.mention else None
        out["sentence"] = self.sentence
        out["resolved"] = self.mention.to_json() if self.mention else None
        return out


@dataclass(frozen=True)
class DateAnswer:
    """One candidate date: its range and precision, the clock time when stated, and its evidence."""

    start: date
    end: date
    granularity: str
    weight: float
    outlets: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    time: datetime | None = None  # a stated clock time, in its own zone

    def to_json(self) -> dict:
        """Return the date as ``{start, end, granularity}`` plus ``time``, ``zone`` and ``outlets``."""
        zone = getattr(self.time.tzinfo, "key", None) or (self.time.strftime("%z") or None) if self.time else None
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "granularity": self.granularity,
                "time": self.time.isoformat() if self.time else None, "zone": zone, "outlets": list(self.outlets)}


@dataclass
class WhenAnswer:
    """The answer to a when-question: the best date (or none), other dates the sources give, the coverage."""

    query: str
    date: DateAnswer | None = None
    alternatives: list[DateAnswer] = field(default_factory=list)
    coverage: list[Hit] = field(default_factory=list)  # when nothing is dated: closest coverage by publication
    basis: str | None = None  # stated, relative (worked out from a relative expression) or first_report
    reported: bool = False  # the question asked when it was reported, not when it happened

    def to_json(self) -> dict:
        """Return the JSON of ``python -m corpus when --json``."""
        return {"query": self.query, "date": self.date.to_json() if self.date else None, "basis": self.basis,
                "asked": "reported" if self.reported else "happened",
                "evidence": [e.to_json() for e in self.date.evidence] if self.date else [],
                "alternatives": [{**a.to_json(), "evidence": [e.to_json() for e in a.evidence]}
                                 for a in self.alternatives],
                "coverage": [h.to_json() for h in self.coverage]}


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _key(mention: DateMention) -> tuple[str, date, date]:
    """The date a mention votes for, at its own precision (times vote for their day)."""
    start, end = _as_date(mention.start), _as_date(mention.end)
    if mention.granularity in ("minute", "part_of_day"):
        return "day", start, start
    return mention.granularity, start, end


def _weighed_mentions(hit: Hit, terms: Terms, mirror: Callable[[str], bool] = lambda _text: False,
                      other: Callable[[str], bool] = lambda _text: False) -> list[tuple[DateMention, str, float]]:
    """Each date mention of a hit, with its sentence and how strongly it dates what the query describes.

    A mention weighs as much of the query as its clause holds, or a later clause of its sentence holds (time
    comes before the event in Chinese: 周一（23日）在论坛上，签署了协议), fading with distance; the whole
    sentence adds to that; the sum is raised to ``SHARE_POWER``, so that holding half the question is worth less
    than half. A reference point (自2017年以来) weighs less, and so does a date whose clauses, from its own to the
    event's, are of the ``mirror`` event (美国政府21日要求中国…关闭, asked when China asked the United States to close a
    consulate: ``mirror_test``) or of ``other`` countries' acts (法国8月3日也宣布中止…, asked about Germany's:
    ``other_actor``).
    """
    zone = zone_of_source(hit.source)
    mentions = _dated_mentions(hit.text, hit.published, zone, place_zone(normalize(hit.title or "")))
    if not mentions:
        return []
    norm = normalize(hit.text)
    aligned = len(norm) == len(hit.text)  # folding kept each character in its place (as it nearly always does)
    term_positions = [i for spellings, _w in terms for t in spellings for i in _positions(norm, t)] if aligned else []

    def held(start: int, end: int) -> float:  # the share of the question text[start:end] holds
        return folded_share(norm[start:end], terms) if aligned else share(hit.text[start:end], terms)

    ordered = not any(_ASKS_ORDER.search(t) for sp, _w in terms for t in sp)  # unless the question asks that
    out = []
    for sentence_match in _SENTENCE.finditer(hit.text):
        if not any(sentence_match.start() <= m.span[0] < sentence_match.end() for m in mentions):
            continue  # no date in it: nothing to weigh (its clauses are weighed only around a date)
        sentence = sentence_match.group(0)
        sentence_share = held(*sentence_match.span())
        clauses = [(a, b, held(a, b)) for c in _CLAUSE.finditer(sentence)
                   for a, b in [(sentence_match.start() + c.start(), sentence_match.start() + c.end())]]
        dated = [any(a <= m.span[0] < b for m in mentions) for a, b, _s in clauses]
        for i, (a, b, own) in enumerate(clauses):
            for m in mentions:
                if not a <= m.span[0] < b:
                    continue
                reach, event_clause = own, i
                # the event clause after the date, then before it, no other date between
                for step, fade, stop in ((1, AFTER_FADE, len(clauses)), (-1, BEFORE_FADE, -1)):
                    for j in range(i + step, stop, step):
                        if dated[j]:
                            break
                        near = clauses[j][2] * fade ** abs(j - i)
                        if near > reach:
                            reach, event_clause = near, j
                weight = (0.6 * reach + 0.4 * sentence_share if sentence_share else 0.1) ** SHARE_POWER
                if term_positions:  # of two dates in one clause, the one nearer the query's words
                    gap = min(max(p - m.span[1], m.span[0] - p, 0) for p in term_positions)
                    weight *= 0.7 + 0.3 / (1 + gap / 15)
                # from the date's clause to the event's: 中国21日接获美方通知，必须关闭…
                clause = hit.text[clauses[min(i, event_clause)][0]:clauses[max(i, event_clause)][1]]
                if _FOLLOW_UP.search(clause) and not any(_FOLLOW_UP.search(t) for sp, _w in terms for t in sp):
                    weight *= FOLLOW_UP_WEIGHT
                if mirror(clause):
                    weight *= MIRROR_WEIGHT
                elif other(normalize(clause)):
                    weight *= OTHER_ACTOR_WEIGHT
                if _ONCE_PLANNED.search(hit.text[max(0, m.span[0] - 6):m.span[0]]):
                    weight *= ONCE_PLANNED_WEIGHT  # 原定于去年7月上映: a plan given up, not what happened
                if _EXPECTED.match(hit.text[m.span[1]:m.span[1] + 8]):
                    weight *= EXPECTED_WEIGHT  # 16日可望当选, 周二将主持: a plan, not what happened
                elif ordered and _ordered_in(norm[clauses[min(i, event_clause)][0]:clauses[max(i, event_clause)][1]]
                                             if aligned else normalize(clause), terms):
                    weight *= ORDERED_WEIGHT
                after = hit.text[m.span[1]:m.span[1] + 3]
                if _DATELINE.match(after) or (_REFERENCE_POINT_BEFORE.search(hit.text[max(0, m.span[0] - 2):m.span[0]])
                                              and _REFERENCE_POINT_AFTER.match(after)) \
                        or ((since := _SINCE.match(hit.text, m.span[1])) and not held(*since.span())):
                    weight *= 0.3  # the date of the report, or a point things are counted from
                out.append((m, sentence.strip(), weight * hit.score / 100))
    return out


def _unread_days(index) -> Callable[[date, date], bool]:
    """Whether the archive carried next to nothing from one day to another (UTC days): fewer articles a day than
    ``UNREAD_SHARE`` of its median day over the ``UNREAD_WINDOW`` days after them (an archive that begins, or a gap
    in it; not an archive's sparse older articles compared with each other)."""
    times = index.publication_times()

    def on(day: int) -> int:  # articles of a UTC day, counted in days since the epoch
        return bisect_left(times, (day + 1) * 86400) - bisect_left(times, day * 86400)

    @lru_cache(maxsize=256)
    def unread_days(first: int, last: int) -> bool:
        after = sorted(on(d) for d in range(last + 1, last + 1 + UNREAD_WINDOW))
        usual = after[len(after) // 2]
        return usual >= UNREAD_MIN_DAY and all(on(d) < UNREAD_SHARE * usual for d in range(first, last + 1))

    def unread(start: date, end: date) -> bool:
        return unread_days((start - _EPOCH).days, (end - _EPOCH).days)

    return unread


def _ordered_in(clause: str, terms: Terms) -> bool:
    """True when, in a folded clause, an order or plan word comes before the first of the query's words in it."""
    first = min((i for spellings, _w in terms for t in spellings if (i := clause.find(t)) >= 0), default=-1)
    return first > 0 and _ORDERED.search(clause, 0, first) is not None


def _dated_mentions(text: str, published: datetime, zone, clock_zone=None) -> list[DateMention]:
    """The date mentions of a passage; words relative to the report (今早, 昨晚) counted from its dateline's day.

    A dispatch dateline (``香港10日電``, ``【大纪元2020年9月29日讯】``) gives the day the report was written where it
    was written; a report published after midnight there, or stamped in UTC, would otherwise count 今早 from the
    next day.
    """
    mentions = find_dates(text, published, zone, clock_zone)
    local = published.astimezone(zone)
    for m in mentions:
        if m.granularity == "day" and _DATELINE.match(text[m.span[1]:m.span[1] + 3]):
            day = _as_date(m.start)
            shift = (local.date() - day).days
            if 0 < shift <= 2:
                return [replace(d, note=d.note.replace("the publication date", "the dateline's day"))
                        for d in find_dates(text, published - timedelta(days=shift), zone, clock_zone)]
            break
    return mentions


def _positions(text: str, term: str) -> list[int]:
    out, at = [], text.find(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + 1)
    return out


def _as_hit(row: PassageRow, score: float) -> Hit:
    return Hit(source=row.source, title=row.title, url=row.url, published=row.published, path=row.path,
               passage=row.idx, kind=row.kind, text=row.text, score=score, author=row.author)


def _lead_hits(retriever: Retriever, members: list[tuple], seen: set[tuple[str, int]]) -> list[Hit]:
    """The first passages of the event's reports (``members``, earliest first), as hits."""
    hits = []
    for article_id, *_rest in members[:LEAD_ARTICLES]:
        ids = [r[0] for r in retriever.index.db.execute(
            "SELECT id FROM passages WHERE article_id = ? AND template = 0 AND kind IN ('text', 'title')"
            " ORDER BY idx LIMIT ?", (article_id, LEAD_PASSAGES + 1))]
        rows = retriever.index.passages(ids)
        hits.extend(_as_hit(rows[i], LEAD_SCORE) for i in ids if i in rows and (rows[i].path, rows[i].idx) not in seen)
    return hits


def _first_report(retriever: Retriever, query: Query, event: Event, *, announced: bool = False
                  ) -> DateAnswer | None:
    """The day and time of the first report of the event, the one /coverage marks first; with ``announced``, for an
    event whose story followed its announcement, of the announcement's earliest matching report (asked when a
    visit was reported: it was first reported when it was announced)."""
    if announced and event.announcement:
        ids = [m[0] for m in members_of(retriever.index.db, event.announcement)]
        chosen = next((i for i in ids if i in event.matching), ids[0] if ids else None)
    else:
        first = event_story(retriever, query, event).first_report
        chosen = first.article_id if first else None
    if chosen is None:
        return None
    passages = retriever.index.article_passages(chosen)
    passages = [r for r in passages if r.kind in ("text", "caption")] or passages
    if not passages:
        return None
    row = passages[0]
    local = row.published.astimezone(zone_of_source(row.source))
    evidence = Evidence(_as_hit(row, LEAD_SCORE), None, row.text, 0.0)
    return DateAnswer(local.date(), local.date(), "day", 0.0, (row.source,), (evidence,), time=local)


def _in_chinese(retriever: Retriever, result) -> str | None:
    """For a question in English with words the corpus cannot read (a name it never brackets), the Chinese words to
    date it by; None otherwise.

    Each English word or phrase gives its most used reading in the corpus (its bracketed name or dictionary
    reading); the headlines of the reports found (by those readings and by meaning) add the words that at least
    two of them share, so that ``Ren Zhiqiang sentenced`` also reads 任志强 and ``consulate in Chengdu`` 总领馆 as
    the reports write them. This is pseudo-relevance feedback: the reports answer for the words the dictionary
    lacks."""
    query = result.query
    english = [t for t in query.terms if t.isascii() and any(c.isalpha() for c in t)]
    readings = query.alternatives
    if not result.hits or len(english) < len(query.terms) / 2 or all(readings.get(t) for t in english):
        return None  # Chinese, or English the corpus reads word for word: asked as it is
    searcher = retriever.index.searcher()
    words = [max(readings[t], key=lambda w: searcher.doc_freq("words", w)) for t in query.terms if readings.get(t)]
    words += [t for t in query.terms if not t.isascii()]
    counts: dict[str, int] = {}
    for title in dict.fromkeys(h.title for h in result.hits[:FEEDBACK_TITLES]):
        for word in dict.fromkeys(query_terms(title)):
            if len(word) > 1 and not word.isascii():
                counts[word] = counts.get(word, 0) + 1
    total = max(searcher.num_docs, 1)
    # shared by the most headlines, the rarer in the corpus the better (a name before 议员)
    shared = sorted((w for w, n in counts.items() if n >= 2 and w not in words),
                    key=lambda w: -counts[w] * math.log(1 + total / (1 + searcher.doc_freq("words", w))))
    words += shared[:FEEDBACK_WORDS]
    return " ".join(words) or None


def _evidence_order(evidence: Iterable[Evidence], start: date, end: date) -> tuple[Evidence, ...]:
    """A date's evidence, the reports published near it first (``EVIDENCE_DAYS``), each group strongest first."""
    low, high = start - timedelta(days=EVIDENCE_DAYS[0]), end + timedelta(days=EVIDENCE_DAYS[1])
    return tuple(sorted(evidence, key=lambda e: (not low <= e.hit.published.date() <= high, -e.weight)))


def _stated_time(times: list[tuple[int, float, datetime, str]]) -> datetime | None:
    """The time of day the mentions of a date state, each given as (zone trust, weight, time, outlet): the clock
    reading (17:00) the outlets weigh most for (each outlet once, as for dates), in the zone most trusted among
    those that state it (a conversion to 台北时间 over the outlet's own zone)."""
    if not times:
        return None
    readings: dict[tuple[int, int], dict[str, float]] = {}
    for _trust, weight, moment, outlet in times:
        per_outlet = readings.setdefault((moment.hour, moment.minute), {})
        per_outlet[outlet] = max(per_outlet.get(outlet, 0.0), weight)
    best = max(readings, key=lambda r: sum(readings[r].values()))
    return max((t for t in times if (t[2].hour, t[2].minute) == best), key=lambda t: (t[0], t[1]))[2]


def finest_within(best: DateAnswer, candidates: list[DateAnswer]) -> DateAnswer:
    """``best``, or a finer date within it (a Tuesday of 本周, of 今年) at ``NESTED_SHARE`` of its weight or more,
    which says more of the same, down to the finest such."""
    while finer := [c for c in candidates if _RANK.get(c.granularity, 9) < _RANK.get(best.granularity, 9)
                    and best.start <= c.start and c.end <= best.end and c.weight >= NESTED_SHARE * best.weight]:
        best = max(finer, key=lambda c: (c.weight, -_RANK.get(c.granularity, 9)))
    return best


def answer_when(retriever: Retriever, query: str, *, reported: bool | None = None) -> WhenAnswer:
    """Return the date of the event the query describes, with the evidence, from the coverage.

    The passages that match the query best and the first passages of the reports of the event's story (the story
    ``find_event`` picks) are read for dates; a date weighs as its clause and sentence hold the query, less when it
    lies outside the days around the story's first report or dates a follow-up, and each outlet votes once. When no
    sentence dates the event, or the question asks when it was reported, the answer is the first report's time,
    with ``basis`` saying so; ``reported`` says whether the question asks that (found in its words when None).
    Raises ``QueryError`` for an empty query or a bad filter (as ``search`` does).
    """
    cleaned = strip_question(query) or query
    asks_reported = bool(_REPORTED.search(query))
    reported = asks_reported if reported is None else reported
    if asks_reported:  # 报道 asks when it was reported: it is no word of the event (据报道 would match leaks best)
        cleaned = " ".join(_REPORTED.sub(" ", cleaned).split()) or cleaned
    result = retriever.search_event(cleaned, top=HITS_CONSIDERED)
    chinese = _in_chinese(retriever, result)
    if chinese:  # an English question, read as the Chinese words of its readings and of the reports found
        answer = answer_when(retriever, chinese, reported=reported)
        answer.query = result.query.text or cleaned
        return answer
    answer = WhenAnswer(query=result.query.text or cleaned)
    terms = query_terms_weighed(retriever, result.query)
    mirror = mirror_test(result.query.text, terms)
    other = getattr(terms, "other_actor", lambda _text: False)
    event = None
    if result.hits:  # the first report is /coverage's: of the story of the days the event happened
        event = event_on_its_day(retriever, cleaned) if reported else find_event(retriever, result.query)
    members = members_of(retriever.index.db, (event.story_id, *event.joined)) if event else []
    answer.reported = reported
    if event and answer.reported:  # when was it reported: the first report of the event
        answer.date = _first_report(retriever, result.query, event, announced=True)
        answer.basis = BASIS_FIRST_REPORT if answer.date else None
        return answer
    announced = bool(event and event.announcement)  # the event is the story after its announcement's
    if event and not about_story(members, terms):
        event = None  # the event is mentioned in the coverage, not reported by it (a visit of years ago)
        members = []
    hits = list(result.hits)
    first_day = begun = None
    before = PRIOR_BEFORE_DAYS
    if event and members:
        hits += _lead_hits(retriever, members, {(h.path, h.passage) for h in hits})
        first_day = datetime.fromtimestamp(members[0][6], zone_of_source("")).date()
        # a question can find the follow-ups' story (the hearing of those arrested); the reports of the event
        # itself, earlier, matched it nearly as well
        begun = min(first_day, event.earliest.astimezone(zone_of_source("")).date()) if event.earliest else first_day
        if announced:  # the days of the announcement are not the event's
            begun, before = first_day, ANNOUNCED_BEFORE_DAYS
    unread = _unread_days(retriever.index)
    votes: dict[tuple[str, date, date], dict[str, tuple[float, Evidence]]] = {}
    stated_times: dict[tuple[str, date, date], list[tuple[int, float, datetime, str]]] = {}
    for hit in hits:
        outlets = [hit.source, *(a.source for a in hit.also)]
        for mention, sentence, weight in _weighed_mentions(hit, terms, mirror, other):
            key = _key(mention)
            if first_day is not None and not (
                    begun - timedelta(days=before) <= key[2]
                    and key[1] <= first_day + timedelta(days=PRIOR_AFTER_DAYS)) and not (
                    key[2] < begun and unread(key[1], key[2])):
                # far from the days the event was reported: background or a follow-up (unless the archive carried
                # next to nothing then: the event may have happened before it began, its reports not in it)
                weight *= OUTSIDE_PRIOR
            evidence = Evidence(hit, mention, sentence, weight)
            per_outlet = votes.setdefault(key, {})
            for outlet in outlets:
                if outlet not in per_outlet or per_outlet[outlet][0] < weight:
                    per_outlet[outlet] = (weight, evidence)
            if mention.granularity == "minute" and isinstance(mention.start, datetime):
                stated_times.setdefault(key, []).append((_ZONE_TRUST.get(mention.zone_from, 0), weight,
                                                         mention.start, hit.source))
    candidates = []
    for key, per_outlet in votes.items():
        granularity, start, end = key
        total = sum(w for w, _e in per_outlet.values())
        if event:  # the story reports it: it happened on a day; a month or a year is background
            total *= _GRANULARITY_WEIGHT.get(granularity, 0.3)
        evidence = _evidence_order({id(e): e for _w, e in per_outlet.values()}.values(), start, end)
        candidates.append(DateAnswer(start, end, granularity, total, tuple(per_outlet), evidence,
                                     _stated_time(stated_times.get(key, []))))
    candidates.sort(key=lambda c: (-c.weight, _RANK.get(c.granularity, 9), c.start))
    if candidates and candidates[0].weight >= 0.15:
        best = finest_within(candidates[0], candidates)
        runner = next((c for c in candidates[1:3] if c.granularity == best.granularity == "day"
                       and abs((c.start - best.start).days) == 1 and c.weight >= SPREAD_SHARE * best.weight
                       and len(set(c.outlets) & set(best.outlets)) >= min(len(c.outlets), len(best.outlets)) / 2), None)
        if runner:  # the same outlets date it on two days running about as strongly: it took both (a visit)
            first, second = sorted((best, runner), key=lambda c: c.start)
            best = replace(best, start=first.start, end=second.end, granularity="day_range",
                           outlets=tuple(dict.fromkeys((*best.outlets, *runner.outlets))),
                           evidence=_evidence_order((*first.evidence, *second.evidence), first.start, second.end))
            candidates.remove(runner)
        answer.date = best
        top = best.evidence[0].mention if best.evidence else None
        answer.basis = BASIS_STATED if top is not None and top.kind in ("absolute", "holiday", "partial") \
            else BASIS_RELATIVE
        answer.alternatives = [  # another outlet's date, or one nearly as strong: the sources disagree
            c for c in candidates[1:4]
            if c.weight >= DISAGREEMENT * best.weight and not (best.start <= c.start and c.end <= best.end)
            and not (c.start <= best.start and best.end <= c.end)
            and (set(c.outlets) - set(best.outlets) or c.weight >= 0.8 * best.weight)]
    elif event:
        answer.date = _first_report(retriever, result.query, event)
        answer.basis = BASIS_FIRST_REPORT if answer.date else None
    if answer.date is None:
        best_per_article: dict[str, Hit] = {}
        for hit in result.hits:  # hits come best first: keep each article's best passage
            best_per_article.setdefault(hit.path, hit)
        answer.coverage = sorted(best_per_article.values(), key=lambda h: h.published)
    return answer

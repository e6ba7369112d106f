"""Answering "when did X happen": dates in the passages about X, weighed and voted on across outlets.

Each retrieved passage is cut into sentences and clauses; a date mention counts for as much of the query as
its clause and sentence hold (the event's own clause first), times the passage's score. Each outlet votes once
for each date; the date with most weight wins, at the precision its mentions give (a day, a month, a year). A
clock time and zone are added when a mention states them. Where no passage is dated, the answer says so and
gives the coverage in order of publication.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from corpus.answer.dates import DateMention, find_dates, zone_of_source
from corpus.models import Hit
from corpus.retrieve.search import Retriever
from corpus.text import normalize

_WHEN = r"什么时候|什么时间|啥时候|何时|哪天|哪一天|几号|几月几[日号]|哪一年|哪年|几月|哪个月|\bwhen\b"
WHEN_WORDS = re.compile(f"({_WHEN})", re.IGNORECASE)
QUESTION_WORDS = re.compile(
    f"({_WHEN}|是在|"
    r"是谁|谁|哪些|哪家|哪个|什么|啥|怎么样|怎么|如何|为什么|为何|是否|有没有|"
    r"(?:吗|呢|了|的|啊|呀)(?=\s*[?？!！。]*\s*$)|"
    r"\bwhat\b|\bwho\b|\bdid\b|\bwas\b|\bwere\b|\bis\b|\bdoes\b|\bdo\b|[?？!！。，,])",
    re.IGNORECASE)
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
_CLAUSE = re.compile(r"[^，,。！？!?；;：:]+[，,。！？!?；;：:]?")
_RANK = {"minute": 0, "part_of_day": 1, "day": 2, "day_range": 3, "week": 4, "period": 5, "month": 6,
         "season": 7, "quarter": 7, "half": 8, "year": 9}
HITS_CONSIDERED = 8
AFTER_FADE = 0.8  # weight kept per clause between a date and the event clause after it
BEFORE_FADE = 0.5  # ... and before it
_REFERENCE_POINT_BEFORE = re.compile(r"[自从]$")
_REFERENCE_POINT_AFTER = re.compile(r"(以来|至今|起)")
_DATELINE = re.compile(r"(讯|电)[】\]）)]?")  # 【大纪元2023年10月27日讯】, 新华社北京11月13日电
DISAGREEMENT = 0.5  # a second date with at least this share of the winner's weight is shown as well


def is_when_question(text: str) -> bool:
    """Return True when a plain message asks for a date (什么时候, 何时, 哪天, 几号, 哪一年, when)."""
    return bool(WHEN_WORDS.search(text))


def strip_question(text: str) -> str:
    """Return the message without its question words and punctuation, for searching."""
    return " ".join(QUESTION_WORDS.sub(" ", text).split())


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
        """Return the date as ``{start, end, granularity}`` plus ``time`` and ``outlets``."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "granularity": self.granularity,
                "time": self.time.isoformat() if self.time else None, "outlets": list(self.outlets)}


@dataclass
class WhenAnswer:
    """The answer to a when-question: the best date (or none), other dates the sources give, the coverage."""

    query: str
    date: DateAnswer | None = None
    alternatives: list[DateAnswer] = field(default_factory=list)
    coverage: list[Hit] = field(default_factory=list)  # when nothing is dated: closest coverage by publication

    def to_json(self) -> dict:
        """Return the JSON of ``python -m corpus when --json``."""
        return {"query": self.query, "date": self.date.to_json() if self.date else None,
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


def _share(text: str, terms: tuple[str, ...]) -> float:
    norm = normalize(text)
    return sum(1 for t in terms if t in norm) / len(terms) if terms else 0.0


def _weighed_mentions(hit: Hit, terms: tuple[str, ...]) -> list[tuple[DateMention, str, float]]:
    """Each date mention of a hit, with its sentence and how strongly it dates what the query describes.

    A mention weighs as much of the query as its clause holds, or a later clause of its sentence holds (time
    comes before the event in Chinese: 周一（23日）在论坛上，签署了协议), fading with distance; the whole
    sentence adds to that. A reference point (自2017年以来) weighs less.
    """
    zone = zone_of_source(hit.source)
    mentions = find_dates(hit.text, hit.published, zone)
    norm = normalize(hit.text)
    term_positions = [i for t in terms for i in _positions(norm, t)] if len(norm) == len(hit.text) else []
    out = []
    for sentence_match in _SENTENCE.finditer(hit.text):
        sentence = sentence_match.group(0)
        sentence_share = _share(sentence, terms)
        clauses = [(sentence_match.start() + c.start(), sentence_match.start() + c.end(), _share(c.group(0), terms))
                   for c in _CLAUSE.finditer(sentence)]
        dated = [any(a <= m.span[0] < b for m in mentions) for a, b, _s in clauses]
        for i, (a, b, own) in enumerate(clauses):
            for m in mentions:
                if not a <= m.span[0] < b:
                    continue
                reach = own
                for j in range(i + 1, len(clauses)):  # the event clause after the date, no other date between
                    if dated[j]:
                        break
                    reach = max(reach, clauses[j][2] * AFTER_FADE ** (j - i))
                for j in range(i - 1, -1, -1):
                    if dated[j]:
                        break
                    reach = max(reach, clauses[j][2] * BEFORE_FADE ** (i - j))
                weight = 0.6 * reach + 0.4 * sentence_share if sentence_share else 0.1
                if term_positions:  # of two dates in one clause, the one nearer the query's words
                    gap = min(max(p - m.span[1], m.span[0] - p, 0) for p in term_positions)
                    weight *= 0.7 + 0.3 / (1 + gap / 15)
                after = hit.text[m.span[1]:m.span[1] + 3]
                if _DATELINE.match(after) or (_REFERENCE_POINT_BEFORE.search(hit.text[max(0, m.span[0] - 2):m.span[0]])
                                              and _REFERENCE_POINT_AFTER.match(after)):
                    weight *= 0.3  # the date of the report, or a point things are counted from
                out.append((m, sentence.strip(), weight * hit.score / 100))
    return out


def _positions(text: str, term: str) -> list[int]:
    out, at = [], text.find(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + 1)
    return out


def answer_when(retriever: Retriever, query: str) -> WhenAnswer:
    """Return the date of the event the query describes, with the evidence, from the coverage.

    Raises ``QueryError`` for an empty query or a bad filter (as ``search`` does).
    """
    cleaned = strip_question(query) or query
    result = retriever.search(cleaned, top=HITS_CONSIDERED)
    answer = WhenAnswer(query=result.query.text or cleaned)
    terms = result.query.terms
    votes: dict[tuple[str, date, date], dict[str, tuple[float, Evidence]]] = {}
    stated_times: dict[tuple[str, date, date], list[tuple[float, datetime]]] = {}
    for hit in result.hits:
        outlets = [hit.source, *(a.source for a in hit.also)]
        for mention, sentence, weight in _weighed_mentions(hit, terms):
            evidence = Evidence(hit, mention, sentence, weight)
            key = _key(mention)
            per_outlet = votes.setdefault(key, {})
            for outlet in outlets:
                if outlet not in per_outlet or per_outlet[outlet][0] < weight:
                    per_outlet[outlet] = (weight, evidence)
            if mention.granularity == "minute" and isinstance(mention.start, datetime):
                stated_times.setdefault(key, []).append((weight, mention.start))
    candidates = []
    for key, per_outlet in votes.items():
        granularity, start, end = key
        total = sum(w for w, _e in per_outlet.values())
        evidence = tuple(sorted({id(e): e for _w, e in per_outlet.values()}.values(), key=lambda e: -e.weight))
        times = sorted(stated_times.get(key, []), key=lambda t: -t[0])
        candidates.append(DateAnswer(start, end, granularity, total, tuple(per_outlet), evidence,
                                     times[0][1] if times else None))
    candidates.sort(key=lambda c: (-c.weight, _RANK.get(c.granularity, 9), c.start))
    if candidates and candidates[0].weight >= 0.15:
        best = candidates[0]
        answer.date = best
        answer.alternatives = [  # another outlet's date, or one nearly as strong: the sources disagree
            c for c in candidates[1:4]
            if c.weight >= DISAGREEMENT * best.weight and not (best.start <= c.start and c.end <= best.end)
            and not (c.start <= best.start and best.end <= c.end)
            and (set(c.outlets) - set(best.outlets) or c.weight >= 0.8 * best.weight)]
    else:
        best_per_article: dict[str, Hit] = {}
        for hit in result.hits:  # hits come best first: keep each article's best passage
            best_per_article.setdefault(hit.path, hit)
        answer.coverage = sorted(best_per_article.values(), key=lambda h: h.published)
    return answer

"""Stories: the articles of different outlets that report the same event, grouped.

An article is described by two vectors joined into one: its strongest words (``article_vectors``: title and text,
weighted by jieba's fixed inverse document frequencies) and its headline's words weighted by how rare they are
among the corpus's headlines (``story_titles``/``title_df``, kept as articles come and go), each name's spellings
counted as one word. Articles are taken in order of publication; each is compared, by cosine, with the centroid
(the sum of the members' vectors) of every story that has an article within ``GAP_DAYS`` of it and began at most
``SPAN_DAYS`` before it, and joins the most similar one at ``THRESHOLD`` or more, else founds a story of its own
(the story's id is its founding article's id). Comparing with the whole story rather than its nearest member
keeps a story to one event: a chain of articles each like the last no longer drifts across weeks, and the span
bounds a story to the event, its reactions and its follow-ups. Only stories sharing one of the article's strongest
words are compared. Assignments are stored and never recomputed for unchanged articles, so a story keeps its
identity while the corpus grows; a changed article is assigned again.

The method and its settings were chosen on labelled events of a real archive (``bench/stories_eval.py``).
"""
from __future__ import annotations

import json
import logging
import math
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from corpus.answer.outlet_types import mix
from corpus.store.index import CorpusIndex, alias_table, in_chunks
from corpus.store.steps import register_step
from corpus.text import normalize
from corpus.text.segment import STOPWORDS, segment

if TYPE_CHECKING:
    from corpus.answer.asked_outlets import OutletVerdict

logger = logging.getLogger(__name__)

GAP_DAYS = 1  # a story takes an article published within this many days of one of its articles
SPAN_DAYS = 3  # and no later than this many days after the story began
THRESHOLD = 0.25  # cosine with the story's centroid at which an article joins it
TITLE_WEIGHT = 1.0  # the headline vector's weight beside the text's
TOP_TERMS = 12  # an article is compared with the stories holding one of its strongest terms
REPRINT_SIMILARITY = 85  # fuzz.ratio of two ledes at which the later article is a reprint
EARLIER_DAYS = 30  # earlier stories of the same topic are looked for this many days back
LATER_DAYS = 14  # later ones up to this many days after the event's last article
TOPIC_SIMILARITY = 0.5  # cosine of two stories' centroids at which they are of the same topic
TOPIC_SHOWN = 3  # earlier (and later) stories shown
TOPIC_TERMS = 8  # a story of the same topic must hold some of this story's strongest words ...
TOPIC_HELD = 2  # ... this many in one of its articles
CENTROIDS_KEPT = 1024  # stories' centroids kept between answers (``_centroid``; some 10 MB)
LEDE_LOOK = 6  # passages looked at for an article's lede
LEDE_CJK = 10  # Chinese characters a passage holds to read as a sentence (the lede), ...
LEDE_WORDS = 8  # ... or Latin words, in a passage with no Chinese
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_MARK = re.compile(r"[，。！？；,.!?;]")

SCHEMA = """
CREATE TABLE IF NOT EXISTS story_members (
    article_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    similarity REAL,
    assigned TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id);
CREATE TABLE IF NOT EXISTS story_titles (
    article_id INTEGER PRIMARY KEY,
    words TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS title_df (
    word TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
);
"""


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in vector.values()))
    return {k: x / norm for k, x in vector.items()} if norm else {}


@dataclass
class _Story:
    first: int
    last: int
    centroid: dict[str, float] = field(default_factory=dict)  # the sum of the members' vectors
    squares: float = 0.0  # the centroid's squared length, kept as members are added

    def add(self, vector: dict[str, float], ts: int) -> None:
        for word, x in vector.items():
            old = self.centroid.get(word, 0.0)
            self.centroid[word] = old + x
            self.squares += x * (2 * old + x)
        self.first, self.last = min(self.first, ts), max(self.last, ts)

    def similarity(self, vector: dict[str, float]) -> float:
        norm = math.sqrt(self.squares) if self.squares > 0 else 0.0
        if not norm:
            return 0.0
        get = self.centroid.get  # a list, not a generator: the same sum, a third faster (millions in a build)
        return sum([x * get(w, 0.0) for w, x in vector.items()]) / norm


def _count_titles(db: sqlite3.Connection, article_ids: list[int]) -> None:
    """Record the headline words of articles that have none recorded yet, and count them in ``title_df``."""
    if not article_ids:
        return
    canonical = alias_table(db).canonical
    marks = ",".join("?" * len(article_ids))
    rows = db.execute(f"SELECT f.id, f.title FROM files f LEFT JOIN story_titles t ON t.article_id = f.id"
                      f" WHERE f.id IN ({marks}) AND t.article_id IS NULL", article_ids).fetchall()
    counts: dict[str, int] = defaultdict(int)
    records = []
    for article_id, title in rows:
        words = list(dict.fromkeys(canonical(w) for w in segment(normalize(title or ""))
                                   if len(w) > 1 and w not in STOPWORDS))
        records.append((article_id, " ".join(words)))
        for word in words:
            counts[word] += 1
    db.executemany("INSERT INTO story_titles VALUES (?, ?)", records)
    db.executemany("INSERT INTO title_df VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET articles = articles + ?",
                   [(w, n, n) for w, n in counts.items()])


def _forget_title(db: sqlite3.Connection, article_id: int) -> None:
    row = db.execute("SELECT words FROM story_titles WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return
    db.executemany("UPDATE title_df SET articles = articles - 1 WHERE word = ?", [(w,) for w in row[0].split()])
    db.execute("DELETE FROM story_titles WHERE article_id = ?", (article_id,))


def _vectors(db: sqlite3.Connection, low: int, high: int) -> list[tuple[int, int, int | None, dict[str, float]]]:
    """(article, time, story or None, vector) of the articles published between ``low`` and ``high``, in order."""
    total = db.execute("SELECT COUNT(*) FROM story_titles").fetchone()[0] or 1
    idf: dict[str, float] = {}

    def weight(word: str) -> float:
        if word not in idf:
            row = db.execute("SELECT articles FROM title_df WHERE word = ?", (word,)).fetchone()
            idf[word] = math.log(total / (1 + max(0, row[0] if row else 0)))
        return idf[word]

    out = []
    for article_id, ts, story_id, vector_json, words in db.execute(
            "SELECT v.article_id, v.published_ts, m.story_id, v.vector, t.words FROM article_vectors v"
            " LEFT JOIN story_members m ON m.article_id = v.article_id LEFT JOIN story_titles t"
            " ON t.article_id = v.article_id WHERE v.published_ts BETWEEN ? AND ?"
            " ORDER BY v.published_ts, v.article_id",
            (low, high)):
        vector = _unit(json.loads(vector_json))
        title: dict[str, float] = {}
        for word in (words or "").split():
            title[word] = title.get(word, 0.0) + weight(word)
        for word, x in _unit(title).items():
            vector[word] = vector.get(word, 0.0) + TITLE_WEIGHT * x
        out.append((article_id, ts, story_id, _unit(vector)))
    return out


def assign_stories(db: sqlite3.Connection) -> int:
    """Put every article that has no story yet into one, in order of publication; return how many were placed."""
    pending = [r[0] for r in db.execute(
        "SELECT v.article_id FROM article_vectors v LEFT JOIN story_members m ON m.article_id = v.article_id"
        " WHERE m.article_id IS NULL")]
    if not pending:
        return 0
    _count_titles(db, pending)
    low, high = db.execute(f"SELECT MIN(published_ts), MAX(published_ts) FROM article_vectors WHERE article_id IN"
                           f" ({','.join('?' * len(pending))})", pending).fetchone()
    reach = (SPAN_DAYS + GAP_DAYS) * 86400
    articles = _vectors(db, low - reach, high + reach)
    stories: dict[int, _Story] = {}
    postings: dict[str, set[int]] = defaultdict(set)

    def top(vector: dict[str, float]) -> list[str]:
        return sorted(vector, key=vector.__getitem__, reverse=True)[:TOP_TERMS]

    def join(story_id: int, vector: dict[str, float], strongest: list[str], ts: int) -> None:
        stories.setdefault(story_id, _Story(ts, ts)).add(vector, ts)
        for word in strongest:
            postings[word].add(story_id)

    for _article_id, ts, story_id, vector in articles:  # the stories as they stand, placed articles only
        if story_id is not None:
            join(story_id, vector, top(vector), ts)
    gap, span = GAP_DAYS * 86400, SPAN_DAYS * 86400
    placed = 0
    for article_id, ts, story_id, vector in articles:
        if story_id is not None:
            continue
        best, best_sim = None, 0.0
        strongest = top(vector)
        for word in strongest:
            holders = postings.get(word)
            if not holders:
                continue
            for candidate in list(holders):
                story = stories[candidate]
                if story.first < ts - span or story.last < ts - gap:
                    holders.discard(candidate)  # too old for this article and every later one
                    continue
                if story.first > ts + gap:
                    continue
                sim = story.similarity(vector)
                if sim > best_sim:
                    best, best_sim = candidate, sim
        chosen = best if best is not None and best_sim >= THRESHOLD else article_id
        join(chosen, vector, strongest, ts)
        db.execute("INSERT OR REPLACE INTO story_members VALUES (?, ?, ?, datetime('now'))",
                   (article_id, chosen, best_sim if chosen != article_id else None))
        placed += 1
    db.commit()
    return placed


@dataclass(frozen=True)
class StoryArticle:
    """One outlet's article in a story: headline, time, link, lede, and whether it was first or a reprint; for a
    question, ``quote`` is its passage shown for it where the lede does not hold the question (empty: the lede)."""

    article_id: int
    source: str
    title: str
    url: str | None
    published: datetime
    path: str
    lede: str
    first: bool = False
    reprint_of: str | None = None
    quote: str = ""

    @property
    def shown(self) -> str:
        """The passage shown under the article's headline: its quote for the question, else its lede."""
        return self.quote or self.lede

    def to_json(self) -> dict:
        """Return the article as in ``coverage --json``."""
        return {"source": self.source, "title": self.title, "url": self.url, "published": self.published.isoformat(),
                "path": self.path, "lede": self.lede, "quote": self.shown, "first": self.first,
                "reprint_of": self.reprint_of}


@dataclass(frozen=True)
class TopicStory:
    """An earlier or later story of the same topic: its id, first headline, time and link, and how alike the two
    are."""

    story_id: int
    title: str
    published: datetime
    url: str | None
    articles: int
    similarity: float

    def to_json(self) -> dict:
        """Return the story as in ``coverage --json``'s ``earlier`` and ``later``."""
        return {"story": self.story_id, "title": self.title, "published": self.published.isoformat(), "url": self.url,
                "articles": self.articles, "similarity": round(self.similarity, 3)}


@dataclass(frozen=True)
class Story:
    """A story: its id, its articles (earliest first, one per outlet), and the outlets that did not cover it."""

    story_id: int
    articles: tuple[StoryArticle, ...]
    missing: tuple[str, ...]
    publishing: int = 0  # outlets that published anything during the story's days (the ones that could report it)
    joined: tuple[int, ...] = ()  # other stories of the same event shown with this one
    earlier: tuple[TopicStory, ...] = ()  # earlier stories of the same topic, oldest first
    later: tuple[TopicStory, ...] = ()  # later stories of the same topic (the event after its announcement)
    late: tuple[StoryArticle, ...] = ()  # outlets that reported only what followed (``coverage.event_story``)
    early: tuple[StoryArticle, ...] = ()  # ... and only what preceded
    named: bool = True  # whether a headline listed names the event asked about (``coverage.best_story``)
    asked_day: date | None = None  # the day the question stated, when no listed report is of its days
    asked: tuple[OutletVerdict, ...] = ()  # what it says of the outlets a question asks about (did BBC report it?)

    @property
    def title(self) -> str:
        """The first report's headline."""
        first = self.first_report
        return first.title if first else ""

    @property
    def first_report(self) -> StoryArticle | None:
        """The article marked as the first report (see ``load_story``)."""
        return next((a for a in self.articles if a.first), self.articles[0] if self.articles else None)

    def to_json(self) -> dict:
        """Return the story as in ``coverage --json``."""
        return {"story": self.story_id, "title": self.title, "articles": [a.to_json() for a in self.articles],
                "missing": list(self.missing), "missing_count": len(self.missing),
                "outlets_publishing": self.publishing, "joined": list(self.joined),
                "earlier": [e.to_json() for e in self.earlier], "later": [e.to_json() for e in self.later],
                "late": [a.to_json() for a in self.late], "early": [a.to_json() for a in self.early],
                "named": self.named, "outlet_mix": self.mix(),
                "asked_day_unmatched": self.asked_day.isoformat() if self.asked_day else None,
                "asked": [v.to_json() for v in self.asked]}

    def mix(self) -> dict[str, dict[str, dict[str, int]]]:
        """The kinds and regions of the outlets that covered the story and of those that did not."""
        return {"covered": mix([a.source for a in self.articles]), "silent": mix(self.missing)}


# The outlets that published between two times (epoch seconds), read through the time index: the planner would
# take the status index by itself and read every article (0.1 s on 100,000, four times for one /coverage answer).
PUBLISHING = ("SELECT DISTINCT source FROM files INDEXED BY files_published WHERE status = 'ok'"
              " AND published_ts BETWEEN ? AND ?")


def load_story(db: sqlite3.Connection, story_id: int, outlets: list[str], *, joined: tuple[int, ...] = (),
               preferred: Mapping[int, float] | frozenset[int] = frozenset(), extra: tuple[int, ...] = (),
               first_rank: int | None = None) -> Story:
    """Return a story with its articles: one per outlet, reprints marked, earliest first.

    ``joined`` are other stories of the same event shown as one with ``story_id``, ``extra`` single articles of
    other stories that report it (``coverage.best_story`` finds them); an outlet is represented by its
    earliest article among ``preferred`` (the ones that match the question asked; given as a mapping, the ones of
    the lowest rank first) if it has one, else by its earliest. ``outlets`` are the index's outlets; those that
    published anything from the day before the story's first article to the day after its last, and have no
    article in it, are ``missing`` (an outlet the archive does not carry in those days could not have reported it).
    The first report is the earliest article, or with ``first_rank`` the earliest of a rank up to it if there is one
    (an article on something else that the story holds is not the first report of the event asked about).
    """
    ranks = preferred if isinstance(preferred, Mapping) else dict.fromkeys(preferred, 0)
    unranked = max(ranks.values(), default=0) + 1
    rows = with_articles(db, members_of(db, (story_id, *joined)), extra)
    active: set[str] = set()
    if rows:
        active = {r[0] for r in db.execute(PUBLISHING, (rows[0][6] - 86400, rows[-1][6] + 86400))}
    chosen: dict[str, tuple] = {}  # an outlet counts once: its earliest (preferred) article
    for row in rows:  # earliest first: a later article replaces an outlet's only when it ranks better
        held = chosen.get(row[1])
        if held is None or ranks.get(row[0], unranked) < ranks.get(held[0], unranked):
            chosen[row[1]] = row
    in_order = sorted(chosen.values(), key=lambda r: (r[6], r[0]))
    first = next((r[0] for r in in_order if first_rank is not None and ranks.get(r[0], unranked) <= first_rank),
                 in_order[0][0] if in_order else None)
    articles: list[StoryArticle] = []
    ledes: list[tuple[str, str]] = []
    for article_id, source, title, url, published, path, _ts in in_order:
        lede = lede_of(db, article_id)
        reprint_of = next((s for s, other in ledes if fuzz.ratio(lede, other) >= REPRINT_SIMILARITY), None)
        ledes.append((source, lede))
        articles.append(StoryArticle(article_id, source, title, url, datetime.fromisoformat(published), path, lede,
                                     first=article_id == first, reprint_of=reprint_of))
    missing = tuple(o for o in outlets if o not in chosen and o in active)
    return Story(story_id, tuple(articles), missing, publishing=len(active), joined=tuple(joined))


# an article as a story's listing reads it: (id, source, title, url, published, path, published_ts)
_MEMBER = "f.id, f.source, f.title, f.url, f.published, f.path, f.published_ts"


def articles_of(db: sqlite3.Connection, article_ids: tuple[int, ...]) -> list[tuple]:
    """These articles as ``members_of`` gives a story's (those no longer stored are left out)."""
    return db.execute(
        f"SELECT {_MEMBER} FROM files f WHERE f.id IN ({','.join('?' * len(article_ids))}) AND f.status = 'ok'",
        article_ids).fetchall()


def with_articles(db: sqlite3.Connection, rows: list[tuple], article_ids: tuple[int, ...]) -> list[tuple]:
    """``rows`` (as ``members_of`` gives them) with these articles of other stories, earliest first."""
    if not article_ids:
        return rows
    held = {r[0] for r in rows}
    return sorted([*rows, *(r for r in articles_of(db, article_ids) if r[0] not in held)], key=lambda r: (r[6], r[0]))


def members_of(db: sqlite3.Connection, story_ids: tuple[int, ...]) -> list[tuple]:
    """The articles of these stories, earliest first, as ``_MEMBER`` lists their fields. The members are read
    first (``CROSS JOIN`` keeps that order): for two stories or more SQLite's planner otherwise walks every
    article through the index on status, 40 ms on 100,000 articles against 1."""
    return db.execute(
        f"SELECT {_MEMBER} FROM story_members m CROSS JOIN files f"
        f" ON f.id = m.article_id WHERE m.story_id IN ({','.join('?' * len(story_ids))}) AND f.status = 'ok'"
        " ORDER BY f.published_ts, f.id", story_ids).fetchall()


def _centroid(db: sqlite3.Connection, story_ids: list[int], kept: dict[int, dict[str, float]] | None = None
              ) -> dict[int, dict[str, float]]:
    """The sum of the unit text vectors of each story's articles (those with none are left out). ``kept`` holds
    centroids read before (``CorpusIndex.story_centroids``, for the store's generation): they are taken from it,
    and the others are read and kept there, up to ``CENTROIDS_KEPT`` (the oldest go first). A /coverage answer
    reads those of some hundred stories, decoding every article's vector; asked again (its buttons, /compare,
    /when of the same event), it reads none."""
    out: dict[int, dict[str, float]] = {}
    wanted = []
    for story_id in story_ids:
        held = kept.get(story_id) if kept is not None else None
        if held is None:
            wanted.append(story_id)
        else:
            out[story_id] = held
    summed: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for chunk, marks in in_chunks(wanted):
        for story_id, vector in db.execute(
                "SELECT m.story_id, v.vector FROM story_members m JOIN article_vectors v"
                f" ON v.article_id = m.article_id WHERE m.story_id IN ({marks})", chunk):
            for word, x in _unit(json.loads(vector)).items():
                summed[story_id][word] += x
    for story_id, vector in summed.items():
        out[story_id] = dict(vector)
        if kept is not None:
            kept[story_id] = out[story_id]
            while len(kept) > CENTROIDS_KEPT:
                with suppress(KeyError, StopIteration, RuntimeError):  # another thread may be trimming it too
                    del kept[next(iter(kept))]
    return out


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def topic_stories(db: sqlite3.Connection, story_ids: tuple[int, ...],
                  centroids: dict[int, dict[str, float]] | None = None
                  ) -> tuple[tuple[TopicStory, ...], tuple[TopicStory, ...]]:
    """Return the earlier and the later stories of the same topic as ``story_ids`` (one event), each oldest first.

    Earlier stories began in the ``EARLIER_DAYS`` before the event; later ones began after it did, no later than
    ``LATER_DAYS`` after its last article (a question can find an announcement or a leak while the event itself,
    the visit or the closing, ran as the next story). Either has an article holding ``TOPIC_HELD`` of the event's
    ``TOPIC_TERMS`` strongest words, and its centroid is at ``TOPIC_SIMILARITY`` or more by cosine with the
    event's; the ``TOPIC_SHOWN`` most alike of each are kept. ``centroids`` keeps stories' centroids between calls
    (``_centroid``).
    """
    spans = [s for s in (story_span(db, i) for i in story_ids) if s]
    if not spans:
        return (), ()
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    merged: dict[str, float] = defaultdict(float)
    for vector in _centroid(db, list(story_ids), centroids).values():
        for word, x in vector.items():
            merged[word] += x
    event = _unit(merged)
    strongest = [json.dumps(w, ensure_ascii=False).encode() for w in sorted(event, key=event.__getitem__, reverse=True)
                 [:TOPIC_TERMS]]
    if not strongest:
        return (), ()
    held = re.compile(b"|".join(re.escape(w) for w in strongest)).findall

    def alike(low: int, high: int, began: Callable[[int], bool]) -> tuple[TopicStory, ...]:
        """The alike stories with an article published from ``low`` to ``high`` whose first article's time
        satisfies ``began``."""
        # stories with an article holding TOPIC_HELD of the strongest words: their JSON keys, found in each stored
        # vector by one pattern (each key is in a vector once at most)
        candidates: set[int] = set()
        for story_id, vector in db.execute(
                "SELECT m.story_id, v.vector FROM article_vectors v JOIN story_members m ON m.article_id = v.article_id"
                " WHERE v.published_ts BETWEEN ? AND ?", (low, high)):
            if story_id not in candidates and len(held(_as_bytes(vector))) >= TOPIC_HELD:
                candidates.add(story_id)
        candidates -= set(story_ids)
        scored = []
        for story_id, vector in _centroid(db, sorted(candidates), centroids).items():
            norm = math.sqrt(sum(x * x for x in vector.values()))
            if not norm:
                continue
            # the cosine, summed over the words of the shorter vector
            small, large = (vector, event) if len(vector) <= len(event) else (event, vector)
            similarity = sum([x * large.get(w, 0.0) for w, x in small.items()]) / norm
            if similarity >= TOPIC_SIMILARITY:
                scored.append((similarity, story_id))
        out = []
        for similarity, story_id in sorted(scored, reverse=True):
            row = db.execute(
                "SELECT f.title, f.published, f.url, (SELECT COUNT(*) FROM story_members WHERE story_id = ?),"
                " f.published_ts FROM story_members m JOIN files f ON f.id = m.article_id WHERE m.story_id = ?"
                " AND f.status = 'ok' ORDER BY f.published_ts, f.id LIMIT 1", (story_id, story_id)).fetchone()
            if row and began(row[4]):
                out.append(TopicStory(story_id, row[0], datetime.fromisoformat(row[1]), row[2], row[3], similarity))
                if len(out) == TOPIC_SHOWN:
                    break
        return tuple(sorted(out, key=lambda e: e.published))

    # a story with an article before ``first`` began before the event
    return (alike(first - EARLIER_DAYS * 86400, first - 1, lambda _began: True),
            alike(first + 1, last + LATER_DAYS * 86400, lambda began: began > first))


def reads_as_sentence(text: str) -> bool:
    """Whether a passage reads as a sentence, not a byline (TIFFANY MAY), a label (更新：), a dateline or a
    subheading (苦涩童年, 香港众志前副秘书长的周庭被捕): ``LEDE_CJK`` Chinese characters or more and a mark that ends
    or divides a sentence, or, with no Chinese, ``LEDE_WORDS`` Latin words."""
    cjk = len(_CJK.findall(text))
    if cjk:
        return cjk >= LEDE_CJK and bool(_SENTENCE_MARK.search(text))
    return len(_LATIN_WORD.findall(text)) >= LEDE_WORDS


def lede_of(db: sqlite3.Connection, article_id: int) -> str:
    """Return an article's lede: its first text (or caption) passage after the title that is no template line and
    reads as a sentence (``reads_as_sentence``), else the first such passage whatever it reads as."""
    rows = [r[0] for r in db.execute(
        "SELECT text FROM passages WHERE article_id = ? AND kind IN ('text', 'caption') AND idx > 0"
        " AND template = 0 ORDER BY kind = 'caption', idx LIMIT ?", (article_id, LEDE_LOOK))]
    return next((text for text in rows if reads_as_sentence(text)), rows[0] if rows else "")


def story_of(db: sqlite3.Connection, article_id: int) -> int | None:
    """Return the story an article belongs to, if it has been placed."""
    row = db.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def story(index: CorpusIndex, story_id: int, outlets: list[str] | None = None, *, joined: tuple[int, ...] = (),
          preferred: Mapping[int, float] | frozenset[int] = frozenset(), extra: tuple[int, ...] = (),
          first_rank: int | None = None) -> Story:
    """Return a story of ``index`` (one article per outlet, earliest first) and the outlets that missed it.

    ``outlets`` is the index's outlet list when the caller already has it (loading many stories); ``joined``,
    ``preferred``, ``extra`` and ``first_rank`` are as in ``load_story``.
    """
    return load_story(index.db, story_id, index.source_names() if outlets is None else outlets, joined=joined,
                      preferred=preferred, extra=extra, first_rank=first_rank)


def story_span(db: sqlite3.Connection, story_id: int) -> tuple[int, int] | None:
    """Return the publication times (epoch seconds) of a story's first and last articles."""
    row = db.execute("SELECT MIN(f.published_ts), MAX(f.published_ts) FROM story_members m JOIN files f"
                     " ON f.id = m.article_id WHERE m.story_id = ? AND f.status = 'ok'", (story_id,)).fetchone()
    return None if row is None or row[0] is None else (row[0], row[1])


def story_of_article(index: CorpusIndex, article_id: int) -> int | None:
    """Return the id of the story an article of ``index`` belongs to."""
    return story_of(index.db, article_id)


class StoriesStep:
    """The indexer's step that puts new and changed articles into stories."""

    name = "stories"
    schema = SCHEMA

    def forget(self, db: sqlite3.Connection, article_id: int) -> None:
        """Drop a changed or removed article's story assignment (a changed one is assigned again)."""
        db.execute("DELETE FROM story_members WHERE article_id = ?", (article_id,))
        _forget_title(db, article_id)

    def run(self, db: sqlite3.Connection) -> int:
        """Assign every article that has no story yet; return how many were placed."""
        return assign_stories(db)


register_step(StoriesStep())

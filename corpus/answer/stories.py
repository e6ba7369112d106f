"""Stories: the articles of different outlets that report the same event, grouped.

Each article gets a vector of its ``VECTOR_TERMS`` strongest words: counts in the title (twice) and text,
weighted by jieba's inverse document frequencies (a fixed table from a large general corpus, so that weights do
not drift as the corpus grows). Articles are taken in order of publication and compared, by cosine, with the
articles already in stories that were published within ``WINDOW_DAYS`` of them; an article joins the story of
the most similar one when the similarity reaches ``THRESHOLD``, else it founds a story of its own (the story's
id is its founding article's id). Only articles sharing one of its strongest words are compared. Assignments are
stored and never recomputed for unchanged articles, so a story keeps its identity while the corpus grows; a
changed article is assigned again. The window is streamed through in time order, so a full build is one pass.
"""
from __future__ import annotations

import json
import logging
import math
import sqlite3
from collections import deque
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz

from corpus.store.index import CorpusIndex
from corpus.store.steps import register_step

logger = logging.getLogger(__name__)

WINDOW_DAYS = 3
THRESHOLD = 0.5
REPRINT_SIMILARITY = 85  # fuzz.ratio of two ledes at which the later article is a reprint

SCHEMA = """
CREATE TABLE IF NOT EXISTS story_members (
    article_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    similarity REAL,
    assigned TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id);
"""


TOP_TERMS = 10  # an article is compared with those in its window that share one of its strongest terms
COMMON_IN_WINDOW = 50  # a term strong in more articles of the window than this does not pick candidates


@dataclass
class _Member:
    article_id: int
    ts: int
    story_id: int | None
    weights: dict[str, float]
    norm: float
    top_terms: list[str]


def _cosine(a: _Member, b: _Member) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a.weights, b.weights) if len(a.weights) <= len(b.weights) else (b.weights, a.weights)
    return sum(w * large.get(t, 0.0) for t, w in small.items()) / (a.norm * b.norm)


def assign_stories(db: sqlite3.Connection) -> int:
    """Put every article that has no story yet into one, in order of publication; return how many were placed."""
    pending = db.execute(
        "SELECT v.article_id, v.published_ts FROM article_vectors v LEFT JOIN story_members m"
        " ON m.article_id = v.article_id WHERE m.article_id IS NULL ORDER BY v.published_ts").fetchall()
    if not pending:
        return 0
    window = WINDOW_DAYS * 86400

    def member(article_id: int, ts: int, story_id: int | None, vector_json: bytes) -> _Member:
        weights = json.loads(vector_json)  # stored strongest first
        return _Member(article_id, ts, story_id, weights, math.sqrt(sum(w * w for w in weights.values())),
                       list(weights)[:TOP_TERMS])

    rows = db.execute(
        "SELECT v.article_id, v.published_ts, m.story_id, v.vector FROM article_vectors v LEFT JOIN story_members m"
        " ON m.article_id = v.article_id WHERE v.published_ts BETWEEN ? AND ? ORDER BY v.published_ts",
        (pending[0][1] - window, pending[-1][1] + window))
    ahead: deque[_Member] = deque()  # loaded, not yet reached
    recent: deque[_Member] = deque()  # within the window behind and at the current article
    by_id: dict[int, _Member] = {}
    postings: dict[str, set[int]] = {}  # strongest terms of the articles in ``recent``
    placed = 0
    exhausted = False
    for article_id, ts in pending:
        while not exhausted and (not ahead or ahead[-1].ts <= ts + window):
            row = rows.fetchone()
            if row is None:
                exhausted = True
                break
            m = member(*row)
            ahead.append(m)
            by_id[m.article_id] = m
        while ahead and ahead[0].ts <= ts + window:
            entering = ahead.popleft()
            recent.append(entering)
            for term in entering.top_terms:
                postings.setdefault(term, set()).add(entering.article_id)
        while recent and recent[0].ts < ts - window:
            leaving = recent.popleft()
            by_id.pop(leaving.article_id, None)
            for term in leaving.top_terms:
                postings.get(term, set()).discard(leaving.article_id)
        current = by_id.get(article_id)
        if current is None:
            continue
        best, best_sim = None, 0.0
        candidates: set[int] = set()
        for term in current.top_terms:
            holders = postings.get(term, ())
            if len(holders) <= COMMON_IN_WINDOW:
                candidates.update(holders)
        for other_id in candidates:
            other = by_id.get(other_id)
            if other is None or other.story_id is None or other_id == article_id:
                continue
            sim = _cosine(current, other)
            if sim > best_sim:
                best, best_sim = other, sim
        current.story_id = best.story_id if best is not None and best_sim >= THRESHOLD else article_id
        db.execute("INSERT OR REPLACE INTO story_members VALUES (?, ?, ?, datetime('now'))",
                   (article_id, current.story_id, best_sim if current.story_id != article_id else None))
        placed += 1
    db.commit()
    return placed


@dataclass(frozen=True)
class StoryArticle:
    """One outlet's article in a story: headline, time, link, lede, and whether it was first or a reprint."""

    article_id: int
    source: str
    title: str
    url: str | None
    published: datetime
    path: str
    lede: str
    first: bool = False
    reprint_of: str | None = None

    def to_json(self) -> dict:
        """Return the article as in ``coverage --json``."""
        return {"source": self.source, "title": self.title, "url": self.url, "published": self.published.isoformat(),
                "path": self.path, "lede": self.lede, "first": self.first, "reprint_of": self.reprint_of}


@dataclass(frozen=True)
class Story:
    """A story: its id, its articles (earliest first, one per outlet), and the outlets that did not cover it."""

    story_id: int
    articles: tuple[StoryArticle, ...]
    missing: tuple[str, ...]

    @property
    def title(self) -> str:
        """The first report's headline."""
        return self.articles[0].title if self.articles else ""

    def to_json(self) -> dict:
        """Return the story as in ``coverage --json``."""
        return {"story": self.story_id, "title": self.title, "articles": [a.to_json() for a in self.articles],
                "missing": list(self.missing)}


def load_story(db: sqlite3.Connection, story_id: int, outlets: list[str]) -> Story:
    """Return a story with its articles: each outlet's earliest article, reprints marked, earliest first.

    ``outlets`` are the index's outlets, of which those without an article in the story are ``missing``.
    """
    rows = db.execute(
        "SELECT f.id, f.source, f.title, f.url, f.published, f.path FROM story_members m JOIN files f ON f.id ="
        " m.article_id WHERE m.story_id = ? AND f.status = 'ok' ORDER BY f.published_ts, f.id", (story_id,)).fetchall()
    seen: set[str] = set()
    articles: list[StoryArticle] = []
    ledes: list[tuple[str, str]] = []
    for article_id, source, title, url, published, path in rows:
        if source in seen:
            continue  # an outlet counts once: its earliest article
        seen.add(source)
        lede = lede_of(db, article_id)
        reprint_of = next((s for s, other in ledes if fuzz.ratio(lede, other) >= REPRINT_SIMILARITY), None)
        ledes.append((source, lede))
        articles.append(StoryArticle(article_id, source, title, url, datetime.fromisoformat(published), path, lede,
                                     first=not articles, reprint_of=reprint_of))
    missing = tuple(o for o in outlets if o not in seen)
    return Story(story_id, tuple(articles), missing)


def lede_of(db: sqlite3.Connection, article_id: int) -> str:
    """Return an article's lede: its first text (or caption) passage after the title that is no template line."""
    row = db.execute("SELECT text FROM passages WHERE article_id = ? AND kind IN ('text', 'caption') AND idx > 0"
                     " AND template = 0 ORDER BY kind = 'caption', idx LIMIT 1", (article_id,)).fetchone()
    return row[0] if row else ""


def story_of(db: sqlite3.Connection, article_id: int) -> int | None:
    """Return the story an article belongs to, if it has been placed."""
    row = db.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def story(index: CorpusIndex, story_id: int, outlets: list[str] | None = None) -> Story:
    """Return a story of ``index`` (one article per outlet, earliest first) and the outlets that missed it.

    ``outlets`` is the index's outlet list when the caller already has it (loading many stories).
    """
    return load_story(index.db, story_id, index.source_names() if outlets is None else outlets)


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

    def run(self, db: sqlite3.Connection) -> int:
        """Assign every article that has no story yet; return how many were placed."""
        return assign_stories(db)


register_step(StoriesStep())

"""The stories of a digest: those with articles first indexed, or published, in a window, ranked.

Only the window's own articles are shown under a story. Stories are ranked by how many outlets reported them in
the window, then by how recent their latest report is: the same ranking serves the daily digest and ``/digest``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from corpus.answer.stories import members_of, story_of_article
from corpus.store.index import CorpusIndex, in_chunks


@dataclass(frozen=True)
class DigestArticle:
    """One article of a story in the digest's window."""

    article_id: int
    source: str
    title: str
    url: str | None
    published: datetime


@dataclass(frozen=True)
class DigestStory:
    """A story in a digest: its articles inside the window, earliest first."""

    story_id: int
    articles: tuple[DigestArticle, ...]
    earlier_outlets: tuple[str, ...] = ()  # outlets that reported the story before the window

    @property
    def title(self) -> str:
        """The headline of the story's first report in the window."""
        return self.articles[0].title

    @property
    def first(self) -> DigestArticle:
        return self.articles[0]

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets that reported it in the window, in the order they did."""
        return tuple(dict.fromkeys(a.source for a in self.articles))

    @property
    def latest(self) -> datetime:
        return max(a.published for a in self.articles)


def rank(stories: list[DigestStory]) -> list[DigestStory]:
    """Most outlets first, then the most recent latest report."""
    return sorted(stories, key=lambda s: (-len(s.outlets), -s.latest.timestamp(), s.story_id))


def stories_of(index: CorpusIndex, article_ids: list[int]) -> list[DigestStory]:
    """Return the stories these articles belong to, each once with only these articles, ranked."""
    grouped: dict[int, list[int]] = {}
    for article_id in article_ids:
        grouped.setdefault(story_of_article(index, article_id) or article_id, []).append(article_id)
    rows: dict[int, DigestArticle] = {}
    for chunk, marks in in_chunks(dict.fromkeys(article_ids)):
        for article_id, source, title, url, published in index.db.execute(
                f"SELECT id, source, title, url, published FROM files WHERE status = 'ok' AND id IN ({marks})",
                chunk):
            rows[article_id] = DigestArticle(article_id, source, title, url, datetime.fromisoformat(published))
    stories = []
    for story_id, members in grouped.items():
        articles = sorted((rows[a] for a in dict.fromkeys(members) if a in rows),
                          key=lambda a: (a.published, a.article_id))
        if not articles:
            continue
        shown = {a.article_id for a in articles}
        start = articles[0].published.timestamp()
        earlier = tuple(dict.fromkeys(m[1] for m in members_of(index.db, (story_id,))
                                      if m[0] not in shown and m[6] < start))
        stories.append(DigestStory(story_id, tuple(articles), earlier))
    return rank(stories)


def new_since(index: CorpusIndex, since: datetime, until: datetime) -> list[DigestStory]:
    """Return the stories with articles first indexed after ``since`` and up to ``until``."""
    return stories_of(index, index.articles_first_indexed(_iso(since), _iso(until)))


def published_on(index: CorpusIndex, day: date, zone: ZoneInfo) -> list[DigestStory]:
    """Return the stories with articles published on ``day`` in ``zone``."""
    start = datetime.combine(day, time(), tzinfo=zone)
    return stories_of(index, index.articles_published(start, start + timedelta(days=1)))


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def without(stories: list[DigestStory], muted: frozenset[str]) -> list[DigestStory]:
    """The stories with the articles of ``muted`` outlets left out (a story left with none goes), ranked again."""
    if not muted:
        return stories
    kept = [DigestStory(s.story_id, tuple(a for a in s.articles if a.source not in muted), s.earlier_outlets)
            for s in stories]
    return rank([s for s in kept if s.articles])

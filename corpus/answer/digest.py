"""The stories of a digest: those with articles first indexed, or published, in a window."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from corpus.answer.stories import Story, story, story_of_article
from corpus.store.index import CorpusIndex


@dataclass(frozen=True)
class DigestStory:
    """A story in a digest, and which of its articles are new in this digest."""

    story: Story
    new: frozenset[int]


def stories_of(index: CorpusIndex, article_ids: list[int]) -> list[DigestStory]:
    """Return the stories these articles belong to, each once, the most recently reported first."""
    grouped: dict[int, set[int]] = {}
    for article_id in article_ids:
        story_id = story_of_article(index, article_id) or article_id
        grouped.setdefault(story_id, set()).add(article_id)
    outlets = index.source_names()  # once, not once a story
    stories = [DigestStory(story(index, sid, outlets), frozenset(new)) for sid, new in grouped.items()]
    stories = [s for s in stories if s.story.articles]
    stories.sort(key=lambda s: max(a.published for a in s.story.articles), reverse=True)
    return stories


def new_since(index: CorpusIndex, since: datetime, until: datetime) -> list[DigestStory]:
    """Return the stories with articles first indexed after ``since`` and up to ``until``."""
    return stories_of(index, index.articles_first_indexed(_iso(since), _iso(until)))


def published_on(index: CorpusIndex, day: date, zone: ZoneInfo) -> list[DigestStory]:
    """Return the stories with articles published on ``day`` in ``zone``."""
    start = datetime.combine(day, time(), tzinfo=zone)
    return stories_of(index, index.articles_published(start, start + timedelta(days=1)))


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")

"""Plain, frozen data classes passed between the corpus modules and to the bot."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Passage:
    """One paragraph-like unit of an article: ``kind`` is title, heading, caption or text."""

    index: int
    kind: str
    text: str


@dataclass(frozen=True)
class Article:
    """A parsed article file: its metadata and its passages in reading order."""

    path: str  # relative to the corpus folder, with forward slashes
    source: str  # the outlet
    title: str
    url: str | None
    published: datetime  # timezone-aware
    passages: tuple[Passage, ...]
    tags: tuple[str, ...] = ()
    author: str | None = None  # the byline, when the front matter names one other than the outlet


@dataclass(frozen=True)
class Also:
    """Another outlet's (near) copy of a hit's passage."""

    source: str
    url: str | None
    path: str
    title: str
    published: datetime


@dataclass(frozen=True)
class Hit:
    """A passage that answers a query, with where it comes from and why it matched."""

    source: str
    title: str
    url: str | None
    published: datetime
    path: str
    passage: int
    kind: str
    text: str
    score: float
    matched: tuple[str, ...] = ()  # substrings of ``text`` to highlight
    also: tuple[Also, ...] = field(default=())
    author: str | None = None  # the byline, when the article names one other than the outlet
    found: tuple[str, ...] = ()  # how: words, alias (another spelling), translation (of English), typo, meaning

    def to_json(self) -> dict:
        """Return the hit as a JSON-ready dict (the ``search --json`` format)."""
        return {
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat(),
            "path": self.path,
            "passage": self.passage,
            "kind": self.kind,
            "text": self.text,
            "score": round(self.score, 2),
            "matched": list(self.matched),
            "author": self.author,
            "found": list(self.found),
            "also": [
                {"source": a.source, "url": a.url, "path": a.path, "title": a.title,
                 "published": a.published.isoformat()}
                for a in self.also
            ],
        }

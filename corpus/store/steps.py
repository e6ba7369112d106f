"""Steps the indexer runs after it commits: later stages (stories, ...) register here, the store calls them.

The store never imports the stages that build on it; a stage registers an ``IndexStep`` when it is imported, and
``corpus/__init__.py`` imports every stage, so an index opened anywhere runs them all.
"""
from __future__ import annotations

import sqlite3
from typing import Protocol


class IndexStep(Protocol):
    """Work derived from stored articles: its tables, what to forget of a changed article, and its update."""

    name: str
    schema: str  # SQL run when the store is opened (CREATE ... IF NOT EXISTS)

    def forget(self, db: sqlite3.Connection, article_id: int) -> None:
        """Drop what the step derived from an article that changed or was removed (in the store's transaction)."""

    def run(self, db: sqlite3.Connection) -> int:
        """Bring the step up to date with the committed store; return how many articles it handled."""


_STEPS: dict[str, IndexStep] = {}


def register_step(step: IndexStep) -> None:
    """Add ``step`` to those run after every update (a step of the same name is replaced)."""
    _STEPS[step.name] = step


def registered_steps() -> list[IndexStep]:
    """Return the registered steps in the order they were registered."""
    return list(_STEPS.values())

"""The bot's own state in the SQLite store: queries behind result buttons (and, later, subscriptions).

It lives in the same database file as the corpus index, in tables of its own, through its own connection.
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from pathlib import Path

logger = logging.getLogger(__name__)

QUERY_TTL_SECONDS = 90 * 24 * 3600  # buttons older than this answer "expired"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bot_queries (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    used REAL NOT NULL
);
"""


class BotStore:
    """Small persistent key-value tables for the bot, safe to share between handlers."""

    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, check_same_thread=False, timeout=30.0)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        self.db.commit()
        self._lock = threading.Lock()

    def remember_query(self, kind: str, query: str) -> str:
        """Store a query and return the short key that stands for it in a button (10 characters)."""
        key = hashlib.blake2b(f"{kind}\0{query}".encode(), digest_size=8).hexdigest()[:10]
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO bot_queries VALUES (?, ?, ?, ?)", (key, kind, query, time.time()))
            self.db.execute("DELETE FROM bot_queries WHERE used < ?", (time.time() - QUERY_TTL_SECONDS,))
            self.db.commit()
        return key

    def recall_query(self, key: str) -> tuple[str, str] | None:
        """Return the (kind, query) behind a button key, or None when it is unknown or expired."""
        with self._lock:
            row = self.db.execute("SELECT kind, query, used FROM bot_queries WHERE key = ?", (key,)).fetchone()
        if row is None or row[2] < time.time() - QUERY_TTL_SECONDS:
            return None
        return row[0], row[1]

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

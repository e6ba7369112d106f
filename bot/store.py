"""The bot's own state in the SQLite store: queries behind result buttons, subscriptions, the digest log.

It lives in the same database file as the corpus index, in tables of its own, through its own connection.
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time as clock
from dataclasses import dataclass
from datetime import UTC, datetime, time
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
CREATE TABLE IF NOT EXISTS subscriptions (
    chat_id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    zone TEXT NOT NULL,
    lang TEXT NOT NULL,
    since TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS digest_log (
    chat_id INTEGER NOT NULL,
    slot TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'empty', 'failed')),
    since TEXT NOT NULL,
    until TEXT NOT NULL,
    parts_total INTEGER NOT NULL DEFAULT 0,
    parts_sent INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    updated TEXT NOT NULL,
    PRIMARY KEY (chat_id, slot)
);
CREATE TABLE IF NOT EXISTS muted_outlets (
    chat_id INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    PRIMARY KEY (chat_id, outlet)
);
"""


@dataclass(frozen=True)
class Subscription:
    """A chat's daily digest: the time and zone it wants it, its language, and where the next one starts."""

    chat_id: int
    at: time
    zone: str
    lang: str
    since: datetime  # coverage first indexed after this goes into the next digest
    created: datetime


@dataclass(frozen=True)
class DigestEntry:
    """One scheduled digest of one chat: its window of coverage and how far sending got."""

    chat_id: int
    slot: datetime
    status: str
    since: datetime
    until: datetime
    parts_total: int
    parts_sent: int


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


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
            self.db.execute("INSERT OR REPLACE INTO bot_queries VALUES (?, ?, ?, ?)", (key, kind, query, clock.time()))
            self.db.execute("DELETE FROM bot_queries WHERE used < ?", (clock.time() - QUERY_TTL_SECONDS,))
            self.db.commit()
        return key

    def recall_query(self, key: str) -> tuple[str, str] | None:
        """Return the (kind, query) behind a button key, or None when it is unknown or expired."""
        with self._lock:
            row = self.db.execute("SELECT kind, query, used FROM bot_queries WHERE key = ?", (key,)).fetchone()
        if row is None or row[2] < clock.time() - QUERY_TTL_SECONDS:
            return None
        return row[0], row[1]

    # ---- subscriptions ----------------------------------------------------------------------------------

    def subscribe(self, chat_id: int, at: time, zone: str, lang: str, now: datetime) -> Subscription:
        """Create or change a chat's subscription; a new one starts with the coverage indexed from ``now``."""
        with self._lock:
            old = self.db.execute("SELECT since, created FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()
            since, created = (old[0], old[1]) if old else (_iso(now), _iso(now))
            self.db.execute("INSERT OR REPLACE INTO subscriptions VALUES (?, ?, ?, ?, ?, ?)",
                            (chat_id, at.strftime("%H:%M"), zone, lang, since, created))
            self.db.commit()
        subscription = self.subscription(chat_id)
        assert subscription is not None
        return subscription

    def unsubscribe(self, chat_id: int) -> bool:
        """Remove a chat's subscription; return whether it had one."""
        with self._lock:
            gone = self.db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount
            self.db.commit()
        return bool(gone)

    # ---- a chat's muted outlets ---------------------------------------------------------------------------

    def mute(self, chat_id: int, outlets: list[str]) -> list[str]:
        """Mute outlets for a chat; return those that were not muted before."""
        with self._lock:
            added = [o for o in outlets if self.db.execute(
                "INSERT OR IGNORE INTO muted_outlets VALUES (?, ?)", (chat_id, o)).rowcount]
            self.db.commit()
        return added

    def unmute(self, chat_id: int, outlets: list[str]) -> list[str]:
        """Unmute outlets for a chat; return those that were muted."""
        with self._lock:
            removed = [o for o in outlets if self.db.execute(
                "DELETE FROM muted_outlets WHERE chat_id = ? AND outlet = ?", (chat_id, o)).rowcount]
            self.db.commit()
        return removed

    def muted(self, chat_id: int) -> frozenset[str]:
        """The outlets a chat muted."""
        with self._lock:
            return frozenset(r[0] for r in self.db.execute("SELECT outlet FROM muted_outlets WHERE chat_id = ?",
                                                           (chat_id,)))

    def subscription(self, chat_id: int) -> Subscription | None:
        """Return a chat's subscription, if any."""
        with self._lock:
            row = self.db.execute("SELECT * FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()
        return self._subscription(row) if row else None

    def subscriptions(self) -> list[Subscription]:
        """Return every subscription."""
        with self._lock:
            rows = self.db.execute("SELECT * FROM subscriptions ORDER BY chat_id").fetchall()
        return [self._subscription(r) for r in rows]

    @staticmethod
    def _subscription(row: tuple) -> Subscription:
        chat_id, at, zone, lang, since, created = row
        return Subscription(chat_id, time.fromisoformat(at), zone, lang, _utc(since), _utc(created))

    # ---- the digest log -----------------------------------------------------------------------------------

    def digest_entry(self, chat_id: int, slot: datetime) -> DigestEntry | None:
        """Return the log entry of one chat's digest for one scheduled time."""
        with self._lock:
            row = self.db.execute("SELECT chat_id, slot, status, since, until, parts_total, parts_sent FROM digest_log"
                                  " WHERE chat_id = ? AND slot = ?", (chat_id, _iso(slot))).fetchone()
        return self._entry(row) if row else None

    def unfinished_digests(self) -> list[DigestEntry]:
        """Return the digests whose sending was interrupted."""
        with self._lock:
            rows = self.db.execute("SELECT chat_id, slot, status, since, until, parts_total, parts_sent FROM digest_log"
                                   " WHERE status = 'sending' ORDER BY slot").fetchall()
        return [self._entry(r) for r in rows]

    def begin_digest(self, chat_id: int, slot: datetime, since: datetime, until: datetime, parts: int) -> DigestEntry:
        """Record that a digest is about to be sent (or, with no parts, that there was nothing to send)."""
        status = "sending" if parts else "empty"
        with self._lock:
            self.db.execute("INSERT INTO digest_log VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?)",
                            (chat_id, _iso(slot), status, _iso(since), _iso(until), parts, _iso(datetime.now(
                                UTC))))
            if not parts:
                self.db.execute("UPDATE subscriptions SET since = ? WHERE chat_id = ?", (_iso(until), chat_id))
            self.db.commit()
        entry = self.digest_entry(chat_id, slot)
        assert entry is not None
        return entry

    def digest_part_sent(self, entry: DigestEntry, parts_sent: int) -> None:
        """Record a sent part; after the last one the digest is done and the next one starts at its end."""
        done = parts_sent >= entry.parts_total
        with self._lock:
            self.db.execute("UPDATE digest_log SET parts_sent = ?, status = ?, updated = ?"
                            " WHERE chat_id = ? AND slot = ?",
                            (parts_sent, "sent" if done else "sending", _iso(datetime.now(UTC)),
                             entry.chat_id, _iso(entry.slot)))
            if done:
                self.db.execute("UPDATE subscriptions SET since = ? WHERE chat_id = ? AND since < ?",
                                (_iso(entry.until), entry.chat_id, _iso(entry.until)))
            self.db.commit()

    def digest_failed(self, entry: DigestEntry, note: str) -> None:
        """Record that a digest could not be delivered (the chat blocked the bot)."""
        with self._lock:
            self.db.execute("UPDATE digest_log SET status = 'failed', note = ?, updated = ?"
                            " WHERE chat_id = ? AND slot = ?",
                            (note, _iso(datetime.now(UTC)), entry.chat_id, _iso(entry.slot)))
            self.db.commit()

    def digests_of(self, chat_id: int) -> list[DigestEntry]:
        """Return a chat's digest log, oldest first."""
        with self._lock:
            rows = self.db.execute("SELECT chat_id, slot, status, since, until, parts_total, parts_sent FROM digest_log"
                                   " WHERE chat_id = ? ORDER BY slot", (chat_id,)).fetchall()
        return [self._entry(r) for r in rows]

    @staticmethod
    def _entry(row: tuple) -> DigestEntry:
        chat_id, slot, status, since, until, total, sent = row
        return DigestEntry(chat_id, _utc(slot), status, _utc(since), _utc(until), total, sent)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

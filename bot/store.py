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
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    query TEXT NOT NULL,
    lang TEXT NOT NULL,
    since TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_log (
    alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'updating', 'updated')),
    outlets INTEGER NOT NULL,
    message TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (alert_id, story_id)
);
CREATE TABLE IF NOT EXISTS muted_outlets (
    chat_id INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    PRIMARY KEY (chat_id, outlet)
);
"""


@dataclass(frozen=True)
class Alert:
    """A chat's keyword alert: its query, the chat's language, and up to when it has looked at new articles."""

    alert_id: int
    chat_id: int
    query: str
    lang: str
    since: datetime


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

    # ---- keyword alerts -----------------------------------------------------------------------------------

    def add_alert(self, chat_id: int, query: str, lang: str, now: datetime) -> Alert:
        """Create an alert; it watches articles first indexed from ``now`` on."""
        with self._lock:
            cursor = self.db.execute("INSERT INTO alerts (chat_id, query, lang, since, created) VALUES (?, ?, ?, ?, ?)",
                                     (chat_id, query, lang, _iso(now), _iso(now)))
            self.db.commit()
        return Alert(cursor.lastrowid, chat_id, query, lang, now)

    def alerts(self, chat_id: int | None = None) -> list[Alert]:
        """A chat's alerts (all chats' with None), oldest first."""
        sql = "SELECT id, chat_id, query, lang, since FROM alerts"
        args: tuple = ()
        if chat_id is not None:
            sql, args = sql + " WHERE chat_id = ?", (chat_id,)
        with self._lock:
            rows = self.db.execute(sql + " ORDER BY id", args).fetchall()
        return [Alert(r[0], r[1], r[2], r[3], _utc(r[4])) for r in rows]

    def remove_alert(self, chat_id: int, alert_id: int) -> bool:
        with self._lock:
            self.db.execute("DELETE FROM alert_log WHERE alert_id IN (SELECT id FROM alerts WHERE id = ? AND"
                            " chat_id = ?)", (alert_id, chat_id))
            gone = self.db.execute("DELETE FROM alerts WHERE id = ? AND chat_id = ?", (alert_id, chat_id)).rowcount
            self.db.commit()
        return bool(gone)

    def alert_seen(self, alert_id: int, until: datetime) -> None:
        """The alert has handled the articles first indexed up to ``until``."""
        with self._lock:
            self.db.execute("UPDATE alerts SET since = ? WHERE id = ? AND since < ?", (_iso(until), alert_id,
                                                                                        _iso(until)))
            self.db.commit()

    def alert_story(self, alert_id: int, story_id: int) -> tuple[str, int] | None:
        """(status, outlets when last told) of a story an alert has told about, or None."""
        with self._lock:
            row = self.db.execute("SELECT status, outlets FROM alert_log WHERE alert_id = ? AND story_id = ?",
                                  (alert_id, story_id)).fetchone()
        return (row[0], row[1]) if row else None

    def begin_alert_message(self, stories: list[tuple[int, int, int, bool]], message: str) -> None:
        """Log, before sending, a message about these stories: (alert, story, outlets, whether it is the story's
        update)."""
        with self._lock:
            self.db.executemany("INSERT OR REPLACE INTO alert_log VALUES (?, ?, ?, ?, ?, ?)",
                                [(alert_id, sid, "updating" if update else "sending", n, message,
                                  _iso(datetime.now(UTC))) for alert_id, sid, n, update in stories])
            self.db.commit()

    def alert_message_sent(self, stories: list[tuple[int, int]]) -> None:
        """Mark the (alert, story) pairs of a message as told."""
        with self._lock:
            self.db.executemany("UPDATE alert_log SET status = CASE status WHEN 'updating' THEN 'updated' ELSE"
                                " 'sent' END WHERE alert_id = ? AND story_id = ?", stories)
            self.db.commit()

    def unfinished_alert_messages(self) -> list[tuple[int, str, list[tuple[int, int]]]]:
        """(chat, message, its (alert, story) pairs) of the alert messages logged but not known to be sent."""
        with self._lock:
            rows = self.db.execute("SELECT a.chat_id, l.message, l.alert_id, l.story_id FROM alert_log l JOIN alerts a"
                                   " ON a.id = l.alert_id WHERE l.status IN ('sending', 'updating')"
                                   " ORDER BY l.updated, l.alert_id").fetchall()
        grouped: dict[tuple[int, str], list[tuple[int, int]]] = {}
        for chat_id, message, alert_id, story_id in rows:
            grouped.setdefault((chat_id, message), []).append((alert_id, story_id))
        return [(chat_id, message, stories) for (chat_id, message), stories in grouped.items()]

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

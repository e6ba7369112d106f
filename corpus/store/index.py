"""The persistent index: SQLite holds articles and passages, tantivy holds the searchable terms.

SQLite is the record. Every change to an article is written there together with a row in ``search_outbox``;
the outbox is then applied to the tantivy index (delete the article's passages, add the new ones) and cleared
once tantivy has committed it (a long update commits it every ``SEARCH_COMMIT_FILES`` files, not every batch).
A crash between the two steps is repaired by the next update, which applies what the outbox still holds.
Files whose size and modification time did not change are not read again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import marshal
import math

try:
    import fcntl
except ImportError:  # not on POSIX
    fcntl = None  # type: ignore[assignment]
import multiprocessing
import os
import shutil
import sqlite3
import threading
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlparse

import tantivy

from corpus.cached import fingerprint
from corpus.data_files import DATA
from corpus.errors import ArticleError, IndexError_
from corpus.ingest.furniture import is_template, line_keys
from corpus.ingest.parse import ARTICLE_SUFFIXES, MAX_FILE_BYTES, PARSER_VERSION, decode_article_bytes, parse_article
from corpus.models import Article
from corpus.store.steps import registered_steps
from corpus.text import aliases as aliases_module
from corpus.text import ensure_segmenter, folded_terms, index_terms, normalize, word_frequency
from corpus.text.aliases import NAMES_VERSION, AliasTable, bracketed_names, build_aliases
from corpus.text.english import glossary_file
from corpus.text.keywords import article_vector, load_idf
from corpus.text.segment import dictionary_fingerprint

logger = logging.getLogger(__name__)

MASS_REMOVAL = 10  # an update from another folder than the index's own may remove this many files, or half
SCHEMA_VERSION = "2"  # 2: bylines, learnt template lines
SEARCH_SCHEMA_VERSION = "2"  # bump when _search_schema changes: the search index is then rebuilt from the store
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha1 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'skipped')),
    reason TEXT,
    source TEXT,
    title TEXT,
    url TEXT,
    published TEXT,
    published_ts INTEGER,
    tags TEXT,
    author TEXT,
    first_indexed TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_source ON files (source);
CREATE INDEX IF NOT EXISTS files_published ON files (published_ts);
CREATE INDEX IF NOT EXISTS files_status_source ON files (status, source);
-- what re-ranking reads of a candidate's article, in a few megabytes rather than the table's rows
CREATE INDEX IF NOT EXISTS files_meta ON files (id, source, published_ts);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    template INTEGER NOT NULL DEFAULT 0,
    folded TEXT,
    UNIQUE (article_id, idx)
);
CREATE TABLE IF NOT EXISTS line_keys (
    pid INTEGER NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
    key INTEGER NOT NULL,
    PRIMARY KEY (pid, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS line_keys_key ON line_keys (key);
CREATE TABLE IF NOT EXISTS article_names (
    article_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    latin TEXT NOT NULL,
    PRIMARY KEY (article_id, name, latin)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_pairs (
    name TEXT NOT NULL,
    latin TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (name, latin)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS line_stats (
    source TEXT NOT NULL,
    key INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    template INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_outbox (
    article_id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('upsert', 'delete'))
);
CREATE TABLE IF NOT EXISTS article_vectors (
    article_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
    published_ts INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS article_vectors_ts ON article_vectors (published_ts);
"""


BATCH_FILES = 2000  # files parsed and stored per commit of the store
# Files written to the search index between its commits in a long update. Each commit of the search index ends its
# segments, and a search goes through every segment: committing every batch left a 100,000-article build in 19 of
# them, which its merge policy (not configurable from Python) never joins further.
SEARCH_COMMIT_FILES = 20_000
FOLD_BATCH = 50_000  # passages of an earlier index folded per commit
FULL_SCAN_SECONDS = 600  # a quick update lists every folder again when its last full listing is this old
LOCK_WAIT = 60.0  # seconds an update waits for another process's update to finish
WRITER_HEAP = 200_000_000
POOL_THRESHOLD = 200  # fewer changed files than this are read in the calling process


@dataclass(frozen=True)
class Analysed:
    """What a worker made of one file: its hash, the article (or why not), and each passage's index terms."""

    sha1: str | None
    article: Article | None = None
    reason: str | None = None
    terms: list[tuple[str, str]] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)  # each passage's text folded for matching (``normalize``)
    unchanged: bool = False
    keys: list[list[int]] = field(default_factory=list)  # each passage's line keys (for template lines)
    names: list[tuple[str, str]] = field(default_factory=list)  # (spelling, foreign name) pairs it brackets


def analyse_file(job: tuple[str, str, str | None]) -> Analysed:
    """Read, parse and segment one file (``(path, relative path, previous sha1)``); never raises."""
    path, rel, previous_sha1 = job
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return Analysed(f"size:{size}", reason=f"too large ({size / 2**20:.0f} MiB; at most "
                                                   f"{MAX_FILE_BYTES // 2**20} MiB)")
        data = Path(path).read_bytes()
    except OSError as exc:
        return Analysed(None, reason=f"unreadable ({exc.strerror or exc})")
    sha1 = hashlib.sha1(data).hexdigest()
    if sha1 == previous_sha1:
        return Analysed(sha1, unchanged=True)
    try:
        article = parse_article(decode_article_bytes(data), rel)
    except ArticleError as exc:
        return Analysed(sha1, reason=str(exc))
    except Exception as exc:  # a parser bug must not stop the whole index
        logger.exception("unexpected error parsing %s", rel)
        return Analysed(sha1, reason=f"cannot parse ({type(exc).__name__})")
    folded = [normalize(p.text) for p in article.passages]
    return Analysed(sha1, article, terms=[folded_terms(f) for f in folded], folded=folded,
                    keys=[line_keys(p.text) if p.index else [] for p in article.passages],
                    names=sorted({pair for p in article.passages for pair in bracketed_names(p.text)}))


@contextmanager
def _analysers(jobs: int, workers: int | None) -> Iterator[Callable[[list], Iterable[Analysed]]]:
    """Yield a function that analyses a list of files: in a process pool for many files, here for a few."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if jobs < POOL_THRESHOLD or workers <= 1:
        yield lambda batch: map(analyse_file, batch)
        return
    # Workers come from a clean single-threaded server process (never a fork of this one, whose other threads
    # may hold locks at that moment), and load the dictionaries once each.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["corpus.store.index"])
    with context.Pool(workers, initializer=_init_worker) as pool:
        yield lambda batch: pool.imap(analyse_file, batch, chunksize=16)


def _init_worker() -> None:
    """Load the segmenter's dictionary and the word weights in a worker process before its first file."""
    CorpusIndex.warm_up()


@dataclass
class UpdateReport:
    """What one ``update`` did: counts of files by fate, and the files skipped with their reasons."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # newly skipped in this run
    placed: int = 0  # articles handled by the steps run after the update (stories)
    seconds: float = 0.0

    @property
    def touched(self) -> bool:
        """True when anything in the index changed."""
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class PassageRow:
    """A stored passage with its article's metadata, as the retriever needs it."""

    pid: int
    article_id: int
    idx: int
    kind: str
    text: str
    path: str
    source: str
    title: str
    url: str | None
    published: datetime
    author: str | None = None
    folded: str | None = None  # ``normalize(text)``, stored at index time

    @property
    def norm(self) -> str:
        """The text folded for matching."""
        return self.folded if self.folded is not None else normalize(self.text)

    @property
    def published_ts(self) -> int:
        return int(self.published.timestamp())


class Candidate(NamedTuple):
    """A passage as re-ranking reads it: its folded text, article, outlet and time. Its original text, title and
    link are read only for the passages shown (``CorpusIndex.passages``). A named tuple: a hundred and more are
    made for every search, at a third of a frozen dataclass's cost each."""

    pid: int
    article_id: int
    idx: int
    norm: str
    source: str
    published_ts: int


@dataclass(frozen=True)
class SourceStats:
    """One outlet: how many articles and the range of their publication times."""

    source: str
    articles: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class IndexStats:
    """Size of the index: articles, passages, skipped files, outlets and when it last changed."""

    articles: int
    passages: int
    skipped: int
    sources: tuple[SourceStats, ...]
    first: datetime | None
    last: datetime | None
    updated: str | None
    db_bytes: int
    search_bytes: int


IN_CHUNK = 500  # ids named in one statement's IN (...), well under SQLite's bound on parameters


T = TypeVar("T")


def _generation(db: sqlite3.Connection) -> str | None:
    """The store's generation: set anew by every update that changes anything (what the caches read from it are
    kept for)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return row[0] if row else None


def in_chunks(ids: Iterable[int]) -> Iterator[tuple[list[int], str]]:
    """``ids`` in chunks of ``IN_CHUNK``, each with the placeholders of its ``IN (...)``."""
    ids = list(ids)
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start:start + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


def _search_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("pid", indexed=True, fast=True)
    builder.add_integer_field("aid", indexed=True, fast=True)
    builder.add_integer_field("ts", indexed=True, fast=True)
    builder.add_text_field("source", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("chars", tokenizer_name="whitespace", index_option="basic")  # presence is enough
    return builder.build()


_alias_tables: dict[str, tuple[str, AliasTable]] = {}  # per store file: its names mark and the table made then
_alias_lock = threading.Lock()


def alias_table(db: sqlite3.Connection) -> AliasTable:
    """The name variants as a connection sees the store: its counted bracket pairs and the reviewed seeds.

    Made again only when the pairs changed: each change of them sets a new random mark in ``meta`` (``names``), in
    the same transaction, so a table is never taken for one of other pairs (nor after a rollback). An update keeps
    the table it made in the store (``keep_alias_table``), which a start reads in a fifth of the time making it
    takes.
    """
    row = db.execute("SELECT value FROM meta WHERE key = 'names'").fetchone()
    path = db.execute("PRAGMA database_list").fetchone()[2]
    if row is not None and path:
        with _alias_lock:
            held = _alias_tables.get(path)
        if held is not None and held[0] == row[0]:
            return held[1]
    table = _stored_alias_table(db, row[0]) if row is not None else None
    if table is None:
        table = build_aliases(
            db.execute("SELECT name, latin, articles FROM name_pairs WHERE articles > 0").fetchall())
    if row is not None and path:
        with _alias_lock:
            _alias_tables[path] = (row[0], table)
    return table


_ALIAS_TABLE = "names_table"  # the meta key of the kept alias table: followed by the names mark and its maker's


@lru_cache(maxsize=1)
def _alias_maker() -> str:
    """A fingerprint of what makes an alias table besides the store's pairs: the code and the reviewed seeds."""
    text = Path(aliases_module.__file__).parent
    return fingerprint([aliases_module.__file__, text / "normalize.py", DATA / "aliases.txt"], ["opencc"])


def _alias_table_key(mark: str) -> str:
    """The meta key of the alias table kept for the pairs of ``mark`` by this maker."""
    return f"{_ALIAS_TABLE} {mark} {_alias_maker()}"


def _stored_alias_table(db: sqlite3.Connection, mark: str) -> AliasTable | None:
    """The alias table an update kept for these pairs (``mark``) and this maker, or None."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_alias_table_key(mark),)).fetchone()
    if row is None or not isinstance(row[0], bytes):
        return None
    try:
        groups, by_latin, spellings = marshal.loads(row[0])
    except (EOFError, ValueError, TypeError):
        return None  # cut short or written otherwise: made again
    if not (isinstance(groups, dict) and isinstance(by_latin, dict) and isinstance(spellings, dict | None)):
        return None
    return AliasTable(groups, by_latin, spellings)


def keep_alias_table(db: sqlite3.Connection) -> bool:
    """Keep in the store the alias table of its present pairs, in place of an earlier one, unless it is there;
    committed. Whether one was written."""
    row = db.execute("SELECT value FROM meta WHERE key = 'names'").fetchone()
    if row is None:
        return False
    key = _alias_table_key(row[0])
    if db.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone() is not None:
        return False
    table = alias_table(db)
    db.execute("DELETE FROM meta WHERE key LIKE ? ESCAPE '!'", (_ALIAS_TABLE.replace("_", "!_") + " %",))
    db.execute("INSERT INTO meta VALUES (?, ?)", (key, marshal.dumps((table.groups, table.by_latin, table.spellings))))
    db.commit()
    return True


def _learn_names_again(db: sqlite3.Connection) -> None:
    """Learn every stored article's bracketed names again from its passages (``bracketed_names`` changed): the
    name pairs and their counts are replaced in one transaction, with no file read again."""
    names: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for article_id, text in db.execute("SELECT p.article_id, p.text FROM passages p JOIN files f ON f.id = p.article_id"
                                       " WHERE f.status = 'ok' AND (instr(p.text, '(') OR instr(p.text, '（'))"):
        names[article_id].update(bracketed_names(text))
    counts = Counter(pair for pairs in names.values() for pair in pairs)
    db.execute("DELETE FROM article_names")
    db.execute("DELETE FROM name_pairs")
    db.executemany("INSERT INTO article_names VALUES (?, ?, ?)",
                   [(article_id, name, latin) for article_id, pairs in names.items() for name, latin in pairs])
    db.executemany("INSERT INTO name_pairs VALUES (?, ?, ?)", [(n, latin, c) for (n, latin), c in counts.items()])
    _mark_names_changed(db)
    if names:
        logger.info("names learnt again from %d articles: %d pairs", len(names), len(counts))


def _mark_names_changed(db: sqlite3.Connection) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('names', ?)", (os.urandom(8).hex(),))


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class FileStat(NamedTuple):
    """What an update compares of a file: its size and modification time."""

    st_size: int
    st_mtime_ns: int


# A folder's modification time, its article files' names, their sizes and modification times (in pairs, packed:
# a hundred thousand files take 2 MB there, not 12), and its subfolders' names.
FolderListing = tuple[int, tuple[str, ...], array, tuple[str, ...]]


def scan_article_files(root: str | os.PathLike[str], unreadable: list[str] | None = None,
                       listings: dict[str, FolderListing] | None = None,
                       quick: bool = False) -> Iterator[tuple[str, str, FileStat]]:
    """Yield (relative path with ``/``, full path, size and time) for the article files under ``root``, sorted.

    Files are picked by suffix; hidden files and folders are left out; a file that vanishes while the folder is
    read is passed over. Folders that cannot be read are added to ``unreadable`` (as relative prefixes), so
    that their files are not taken for deleted. Plain strings and ``os.scandir`` keep this quick on a hundred
    thousand files.

    ``listings`` keeps each folder's listing with the folder's modification time. With ``quick``, a folder whose
    time has not changed since is not read again (a file added, removed or renamed changes it; a file rewritten in
    place does not, so a quick scan may miss such an edit until the next full one).
    """
    stack = [(os.fspath(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            folder_mtime = os.stat(folder).st_mtime_ns if listings is not None else 0
            listing = listings.get(folder) if listings is not None else None
            if not (quick and listing is not None and listing[0] == folder_mtime):
                listing = _list_folder(folder, folder_mtime)
                if listings is not None:
                    listings[folder] = listing
        except OSError:
            if unreadable is not None:
                unreadable.append(prefix)
            continue
        _mtime, names, stats, subfolders = listing
        base = folder if folder.endswith(os.sep) else folder + os.sep
        for i, name in enumerate(names):
            yield prefix + name, base + name, FileStat(stats[2 * i], stats[2 * i + 1])
        stack.extend((base + name, f"{prefix}{name}/") for name in reversed(subfolders))


def _list_folder(folder: str, folder_mtime: int) -> FolderListing:
    """One folder's article files and subfolders, by name (raises OSError when it cannot be read)."""
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    names, stats, subfolders = [], array("q"), []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.name)
            elif "." + entry.name.rpartition(".")[2].lower() in ARTICLE_SUFFIXES:
                st = entry.stat()
                stats.extend((st.st_size, st.st_mtime_ns))
                names.append(entry.name)
        except OSError:
            continue
    return folder_mtime, tuple(names), stats, tuple(subfolders)


def iter_article_files(root: Path) -> Iterator[Path]:
    """Yield the article files under ``root`` as paths, sorted (see ``scan_article_files``)."""
    for _rel, path, _st in scan_article_files(root):
        yield Path(path)


class CorpusIndex:
    """The on-disk index of one corpus: ``update`` it from a folder, then read passages and statistics."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.db_path = Path(db_path)
        self.search_path = self.db_path.with_suffix(".search")
        self._write_lock = threading.Lock()
        self._known: dict[str, tuple[int, int, int]] | None = None
        self._known_stamp: str | None = None
        self._listings: dict[str, dict[str, FolderListing]] = {}  # per corpus folder (see scan_article_files)
        self._full_scans: dict[str, float] = {}  # per corpus folder: when it was last listed in full
        self._local = threading.local()  # each thread reads through a connection of its own (see ``db``)
        self._search_writer: tantivy.IndexWriter | None = None  # held across an update's batches (``_apply_outbox``)
        self._written: dict[int, str] = {}  # outbox rows written to it and not yet committed
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        # each article's outlet and time, as re-ranking reads them (``article_meta``), for the store's generation
        self._meta: dict[int, tuple[str, int]] = {}
        self._meta_stamp: str | None = None
        self._meta_lock = threading.Lock()
        self._generations: dict[str, tuple[str | None, Any]] = {}  # name -> (generation, value): ``_per_generation``
        self._closing = threading.Lock()  # held by a background read of the store, which ``close`` waits for
        self._closed = False
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            self.search_path.mkdir(parents=True, exist_ok=True)
            self._local.db = self._main = sqlite3.connect(self.db_path, check_same_thread=False, timeout=30.0)
            self.db.execute('PRAGMA encoding = "UTF-16le"')  # a new store keeps Chinese in 2 bytes, not 3
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            for step in registered_steps():
                self.db.executescript(step.schema)
            self._migrate()
            # Writes (updates, from any one thread at a time) have a connection of their own, so that readers
            # on ``db`` always see committed states while an update runs in another thread.
            self.wdb = sqlite3.connect(self.db_path, check_same_thread=False, timeout=30.0)
            self.wdb.execute("PRAGMA foreign_keys=ON")
            self.wdb.execute("PRAGMA synchronous=NORMAL")
            self.schema = _search_schema()
            self.search_index = self._open_search_index()
        except (OSError, sqlite3.Error, ValueError) as exc:
            raise IndexError_(f"cannot open the index at {self.db_path}: {exc}") from exc

    @property
    def db(self) -> sqlite3.Connection:
        """The calling thread's reading connection to the store.

        The thread that opened the index uses the connection it opened; any other thread (a pool answering many
        chats at once) gets one of its own the first time it asks, so that no two threads ever run statements on
        one connection at once. The store is in WAL mode: readers see committed states while an update writes.
        """
        conn = getattr(self._local, "db", None)
        if conn is None:
            conn = sqlite3.connect(self.db_path, check_same_thread=False, timeout=30.0)
            conn.execute("PRAGMA foreign_keys=ON")
            with self._readers_lock:
                self._readers.append(conn)
            self._local.db = conn
        return conn

    def _migrate(self) -> None:
        """Bring a store written by an earlier version up to this one.

        Columns added since are added; when the parser changed (``PARSER_VERSION``) or the words segmentation adds
        (``dictionary_fingerprint``), every file is marked to be read again, so the next update re-parses them all
        (an interrupted one goes on where it stopped) and the store is never left half old and half new.
        """
        for table, column, declaration in (("files", "author", "TEXT"),
                                           ("passages", "template", "INTEGER NOT NULL DEFAULT 0"),
                                           ("passages", "folded", "TEXT")):
            columns = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                if column == "folded":  # the next update folds the passages already stored
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('fold_pending', '1')")
        if self.db.execute("SELECT 1 FROM meta WHERE key = 'names'").fetchone() is None:
            _mark_names_changed(self.db)
        learnt = self.db.execute("SELECT value FROM meta WHERE key = 'names_version'").fetchone()
        if learnt is None or learnt[0] != NAMES_VERSION:
            _learn_names_again(self.db)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('names_version', ?)", (NAMES_VERSION,))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        # What the passages were read with: the parser, and the words segmentation adds (an edited user dictionary
        # cuts them otherwise). A store without a record of the dictionary is taken to have been cut with the
        # present one.
        recorded = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('parser', 'dictionary')"))
        present = {"parser": PARSER_VERSION, "dictionary": dictionary_fingerprint()}
        changed = []
        if recorded.get("parser") != present["parser"]:
            changed.append("the parser")
        if recorded.get("dictionary", present["dictionary"]) != present["dictionary"]:
            changed.append("the user dictionary")
        if changed:
            marked = self.db.execute("UPDATE files SET size = -1, sha1 = ''").rowcount
            if marked:
                logger.info("%s changed: %d files will be read again by the next update", " and ".join(changed),
                            marked)
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                            [(key, value) for key, value in present.items() if recorded.get(key) != value])
        self.db.commit()

    def _open_search_index(self) -> tantivy.Index:
        """Open the tantivy index; one of an older schema is dropped and refilled from the store's passages."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'search_schema'").fetchone()
        if row is None or row[0] != SEARCH_SCHEMA_VERSION:
            shutil.rmtree(self.search_path, ignore_errors=True)
            self.search_path.mkdir(parents=True, exist_ok=True)
            self.db.execute("INSERT OR REPLACE INTO search_outbox SELECT id, 'upsert' FROM files WHERE status = 'ok'")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('search_schema', ?)", (SEARCH_SCHEMA_VERSION,))
            self.db.commit()
        return tantivy.Index(self.schema, path=str(self.search_path), reuse=True)

    @staticmethod
    def warm_up() -> None:
        """Load the segmenter's dictionary, the word frequencies and the word weights now, not at the first new
        article."""
        ensure_segmenter()
        word_frequency("新闻")
        load_idf()

    def has_articles(self) -> bool:
        """True when any article is stored."""
        return self.db.execute("SELECT 1 FROM files WHERE status = 'ok' LIMIT 1").fetchone() is not None

    # ---- writing -------------------------------------------------------------------------------------

    def update(self, root: str | os.PathLike[str], progress: Callable[[str], None] | None = None,
               workers: int | None = None, quick: bool = False) -> UpdateReport:
        """Bring the index in line with the files under ``root``; return what changed.

        New and changed files are parsed and segmented (in ``workers`` processes, default one a core, when there
        are many), deleted ones removed; unchanged files are not read. Work is committed in batches: an update
        that is interrupted keeps what it finished, and the next one completes the rest. ``quick``: folders that
        have not changed since this index last listed them are not listed again (see ``scan_article_files``),
        unless the last full listing is ``FULL_SCAN_SECONDS`` old.
        """
        root = Path(root)
        if not root.is_dir():
            raise IndexError_(f"corpus folder not found: {root}")
        started = time.perf_counter()
        report = UpdateReport()
        with self._write_lock, self._process_lock():
            try:
                self._update(root, workers, progress, report, quick)
            except BaseException:
                # Whatever this update left uncommitted is dropped, and the cache of known files (which it may
                # have changed ahead of the store) is read again: the next update starts from the store.
                self.wdb.rollback()
                self._known = None
                self._drop_search_writer()
                raise
        report.seconds = time.perf_counter() - started
        return report

    def _update(self, root: Path, workers: int | None, progress: Callable[[str], None] | None,
                report: UpdateReport, quick: bool = False) -> None:
        """The body of ``update``, under its locks."""
        known = self._known_files()
        seen: set[str] = set()
        unreadable: list[str] = []
        changed: list[tuple[str, str, FileStat, tuple[int, int, int, str] | None]] = []
        key = os.fspath(root.resolve())
        listings = self._listings.setdefault(key, {})
        quick = quick and time.monotonic() - self._full_scans.get(key, -math.inf) < FULL_SCAN_SECONDS
        if not quick:
            self._full_scans[key] = time.monotonic()
        for rel, path, st in scan_article_files(root, unreadable, listings, quick):
            seen.add(rel)
            old = known.get(rel)
            if old and old[1] == st.st_size and old[2] == st.st_mtime_ns:
                report.unchanged += 1
            else:
                sha1 = old and self.wdb.execute("SELECT sha1 FROM files WHERE id = ?", (old[0],)).fetchone()
                changed.append((path, rel, st, (*old, sha1[0]) if sha1 else None))
        if "" in unreadable:
            raise IndexError_(f"corpus folder cannot be read: {root}")
        gone = set(known) - seen
        recorded = self.corpus_folder()
        if recorded and recorded != key and len(gone) > max(MASS_REMOVAL, len(known) // 2):
            raise IndexError_(
                f"the index {self.db_path} holds the articles of {recorded}: updating it from {root} would remove"
                f" {len(gone)} of its {len(known)} files. Give that folder as the corpus, or another index path")
        self.wdb.execute("INSERT OR REPLACE INTO meta VALUES ('corpus', ?)", (key,))
        for rel in gone:
            if any(rel.startswith(prefix) for prefix in unreadable):
                continue  # its folder could not be read: not known to be deleted
            self._remove(known.pop(rel)[0])
            report.removed += 1
        self.wdb.commit()
        self._apply_outbox(commit=False)  # removals, and whatever an interrupted update left
        uncommitted = 0
        with _analysers(len(changed), workers) as analyse:
            for start in range(0, len(changed), BATCH_FILES):
                batch = changed[start:start + BATCH_FILES]
                jobs = [(path, rel, old[3] if old else None) for path, rel, _st, old in batch]
                terms: dict[int, list[tuple[str, str]]] = {}
                touched: set[tuple[str, int]] = set()
                for (_path, rel, st, old), analysed in zip(batch, analyse(jobs), strict=True):
                    stored = self._store(rel, st, old, analysed, report, terms, touched)
                    if stored is not None:
                        known[rel] = stored
                self._settle_templates(touched, terms)
                self.wdb.commit()
                uncommitted += len(batch)
                commit = uncommitted >= SEARCH_COMMIT_FILES
                self._apply_outbox(terms, commit=commit)
                if commit:
                    uncommitted = 0
                if progress:
                    progress(f"{start + len(batch)} of {len(changed)} changed files indexed")
        self._apply_outbox()  # what the batches wrote, made searchable
        self._fold_passages(progress)
        glossary_file()  # written once for all indexes, so that the bot never reads the dictionary at start
        report.placed = sum(step.run(self.wdb) for step in registered_steps())
        keep_alias_table(self.wdb)  # a start reads it rather than making it (0.03 s against 0.13 s, 100k articles)
        if report.touched or changed:
            stamp = f"{_now_iso()}#{os.getpid()}-{time.perf_counter_ns()}"
            self.wdb.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (stamp,))
            if report.touched:
                self.wdb.execute("INSERT OR REPLACE INTO meta VALUES ('updated', ?)", (_now_iso(),))
            self.wdb.commit()
            self._known_stamp = stamp  # the cache was kept in step with what this update wrote

    def corpus_folder(self) -> str | None:
        """The folder (absolute) this index was last updated from, or None."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'corpus'").fetchone()
        return row[0] if row else None

    def _fold_passages(self, progress: Callable[[str], None] | None) -> None:
        """Fold the passages stored before folded text was kept (an index of an earlier version), in batches."""
        if self.wdb.execute("SELECT 1 FROM meta WHERE key = 'fold_pending'").fetchone() is None:
            return
        while True:
            rows = self.wdb.execute(
                "SELECT id, text FROM passages WHERE folded IS NULL LIMIT ?", (FOLD_BATCH,)).fetchall()
            if not rows:
                self.wdb.execute("DELETE FROM meta WHERE key = 'fold_pending'")
                self.wdb.commit()
                return
            self.wdb.executemany("UPDATE passages SET folded = ? WHERE id = ?",
                                 [(normalize(text), pid) for pid, text in rows])
            self.wdb.commit()
            if progress:
                progress(f"{len(rows)} stored passages folded for matching")

    @contextmanager
    def _process_lock(self) -> Iterator[None]:
        """Hold ``<db>.lock`` for an update, so that two processes (a bot and an operator) never update at once.

        Waits up to ``LOCK_WAIT`` seconds for the other one to finish, then gives up with a clear error.
        """
        if fcntl is None:  # no advisory locks on this platform: one updater at a time is up to the operator
            yield
            return
        with open(self.db_path.with_name(self.db_path.name + ".lock"), "a+") as handle:
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexError_("another process is updating the index; try again later") from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _known_files(self) -> dict[str, tuple[int, int, int]]:
        """The stored files (path -> id, size, mtime), kept between updates unless the store changed (the
        content's hash is read only for a file whose size or time changed)."""
        stamp = _generation(self.wdb)
        if self._known is None or stamp != self._known_stamp:
            self._known = {r[0]: (r[1], r[2], r[3]) for r in
                           self.wdb.execute("SELECT path, id, size, mtime_ns FROM files")}
            self._known_stamp = stamp
        return self._known

    def _store(self, rel: str, st: FileStat, old: tuple[int, int, int, str] | None, analysed: Analysed,
               report: UpdateReport, terms: dict[int, list[tuple[str, str]]],
               touched: set[tuple[str, int]]) -> tuple[int, int, int] | None:
        """Record one new or changed file (its article and passages, or why it is skipped) and its outbox row.

        The lines of its passages are counted for its outlet (``touched`` collects the counts that changed).
        Returns what is now known of the file (id, size, mtime), or None when it could not be read.
        """
        if analysed.unchanged and old:  # touched, same content
            self.wdb.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                            (st.st_size, st.st_mtime_ns, old[0]))
            report.unchanged += 1
            return old[0], st.st_size, st.st_mtime_ns
        if analysed.sha1 is None:  # could not be read now; tried again next time
            report.skipped.append((rel, analysed.reason or "unreadable"))
            return None
        article, reason = analysed.article, analysed.reason
        now = _now_iso()
        values = dict(path=rel, size=st.st_size, mtime_ns=st.st_mtime_ns, sha1=analysed.sha1, now=now,
                      status="ok" if article else "skipped", reason=reason,
                      source=article.source if article else None,
                      title=article.title if article else None,
                      url=article.url if article else None,
                      published=article.published.isoformat() if article else None,
                      published_ts=int(article.published.timestamp()) if article else None,
                      tags=json.dumps(list(article.tags), ensure_ascii=False) if article else None,
                      author=article.author if article else None)
        if old:
            article_id = old[0]
            self._uncount_article(article_id, touched)
            self.wdb.execute(
                "UPDATE files SET size=:size, mtime_ns=:mtime_ns, sha1=:sha1, status=:status, reason=:reason,"
                " source=:source, title=:title, url=:url, published=:published, published_ts=:published_ts,"
                " tags=:tags, author=:author, updated=:now WHERE id=:id", {**values, "id": article_id})
            self.wdb.execute("DELETE FROM passages WHERE article_id = ?", (article_id,))
            report.changed += 1
        else:
            article_id = self.wdb.execute(
                "INSERT INTO files (path, size, mtime_ns, sha1, status, reason, source, title, url, published,"
                " published_ts, tags, author, first_indexed, updated) VALUES (:path, :size, :mtime_ns, :sha1,"
                " :status, :reason, :source, :title, :url, :published, :published_ts, :tags, :author, :now, :now)",
                values).lastrowid
            report.added += 1
        if article:
            self.wdb.executemany(
                "INSERT INTO passages (article_id, idx, kind, text, folded) VALUES (?, ?, ?, ?, ?)",
                [(article_id, p.index, p.kind, p.text, folded)
                 for p, folded in zip(article.passages, analysed.folded, strict=True)])
            terms[article_id] = analysed.terms
            self._count_lines(article_id, article.source, values["published_ts"], analysed.keys, touched)
            self._count_names(article_id, analysed.names)
        else:
            report.skipped.append((rel, reason or "unknown"))
            self.wdb.execute("DELETE FROM article_vectors WHERE article_id = ?", (article_id,))
        for step in registered_steps():
            step.forget(self.wdb, article_id)
        self._mark_for_search([article_id], "upsert" if article else "delete")
        return article_id, st.st_size, st.st_mtime_ns

    def _count_lines(self, article_id: int, source: str, published_ts: int, keys: list[list[int]],
                     touched: set[tuple[str, int]]) -> None:
        """Record the line keys of an article's passages (``keys``, in passage order) and count each once for its
        outlet."""
        rows = self.wdb.execute("SELECT id, idx FROM passages WHERE article_id = ?", (article_id,)).fetchall()
        keyed = [(pid, key) for pid, idx in rows if idx < len(keys) for key in keys[idx]]
        self.wdb.executemany("INSERT OR IGNORE INTO line_keys VALUES (?, ?)", keyed)
        lines = list(dict.fromkeys(key for _pid, key in keyed))
        self.wdb.executemany(
            "INSERT INTO line_stats (source, key, articles, first_ts, last_ts) VALUES (?, ?, 1, ?, ?)"
            " ON CONFLICT (source, key) DO UPDATE SET articles = articles + 1,"
            " first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts)",
            [(source, key, published_ts, published_ts) for key in lines])
        touched.update((source, key) for key in lines)

    def _count_names(self, article_id: int, names: list[tuple[str, str]]) -> None:
        """Record the (spelling, foreign name) pairs an article brackets and count each once."""
        self.wdb.executemany("INSERT OR IGNORE INTO article_names VALUES (?, ?, ?)",
                             [(article_id, name, latin) for name, latin in names])
        self.wdb.executemany("INSERT INTO name_pairs VALUES (?, ?, 1) ON CONFLICT (name, latin)"
                             " DO UPDATE SET articles = articles + 1", names)
        if names:
            _mark_names_changed(self.wdb)

    def _uncount_article(self, article_id: int, touched: set[tuple[str, int]]) -> None:
        """Take a stored article's lines and name pairs out of the counts (before it changes or goes)."""
        names = self.wdb.execute("SELECT name, latin FROM article_names WHERE article_id = ?",
                                 (article_id,)).fetchall()
        self.wdb.executemany("UPDATE name_pairs SET articles = articles - 1 WHERE name = ? AND latin = ?", names)
        if names:
            _mark_names_changed(self.wdb)
        self.wdb.execute("DELETE FROM article_names WHERE article_id = ?", (article_id,))
        row = self.wdb.execute("SELECT source FROM files WHERE id = ? AND status = 'ok'", (article_id,)).fetchone()
        if row is None:
            return
        keys = [k for (k,) in self.wdb.execute(
            "SELECT DISTINCT k.key FROM line_keys k JOIN passages p ON p.id = k.pid WHERE p.article_id = ?",
            (article_id,))]
        self.wdb.executemany("UPDATE line_stats SET articles = articles - 1 WHERE source = ? AND key = ?",
                             [(row[0], key) for key in keys])
        touched.update((row[0], key) for key in keys)

    def _settle_templates(self, touched: set[tuple[str, int]], new_articles: Iterable[int]) -> None:
        """Decide again whether each touched line is one of its outlet's templates, and mark the passages.

        Passages of new articles are marked from the counts as they now stand; when a line becomes (or stops being)
        a template, the earlier articles that hold it are marked again and queued to be re-indexed, with no full
        rebuild.
        """
        if not touched:
            return
        sizes = dict(self.wdb.execute("SELECT source, COUNT(*) FROM files WHERE status = 'ok' GROUP BY source"))
        flipped: list[tuple[str, int]] = []
        for source, key in touched:
            row = self.wdb.execute("SELECT articles, first_ts, last_ts, template FROM line_stats"
                                   " WHERE source = ? AND key = ?", (source, key)).fetchone()
            if row is None:
                continue
            articles, first_ts, last_ts, was = row
            now = articles > 0 and is_template(articles, sizes.get(source, 0), last_ts - first_ts)
            if articles <= 0:
                self.wdb.execute("DELETE FROM line_stats WHERE source = ? AND key = ?", (source, key))
            elif now != bool(was):
                self.wdb.execute("UPDATE line_stats SET template = ? WHERE source = ? AND key = ?",
                                 (int(now), source, key))
            if now != bool(was):
                flipped.append((source, key))
        affected = set(new_articles)
        for source, key in flipped:
            affected.update(a for (a,) in self.wdb.execute(
                "SELECT DISTINCT p.article_id FROM line_keys k JOIN passages p ON p.id = k.pid"
                " JOIN files f ON f.id = p.article_id WHERE k.key = ? AND f.source = ?", (key, source)))
        for chunk, marks in in_chunks(sorted(affected)):
            self.wdb.execute(
                f"UPDATE passages SET template = EXISTS (SELECT 1 FROM line_keys k JOIN files f"
                f" ON f.id = passages.article_id JOIN line_stats s ON s.source = f.source AND s.key = k.key"
                f" WHERE k.pid = passages.id AND s.template = 1) WHERE article_id IN ({marks}) AND idx > 0", chunk)
            self._mark_for_search(chunk, "upsert")

    def _remove(self, article_id: int) -> None:
        touched: set[tuple[str, int]] = set()
        self._uncount_article(article_id, touched)
        self._settle_templates(touched, ())
        for step in registered_steps():
            step.forget(self.wdb, article_id)
        self.wdb.execute("DELETE FROM article_vectors WHERE article_id = ?", (article_id,))
        self.wdb.execute("DELETE FROM passages WHERE article_id = ?", (article_id,))
        self.wdb.execute("DELETE FROM files WHERE id = ?", (article_id,))
        self._mark_for_search([article_id], "delete")

    def _mark_for_search(self, article_ids: Iterable[int], action: str) -> None:
        """Record in the outbox that these articles are to be written to (or deleted from) the search index; one
        already written by this update's open writer is written again."""
        rows = [(a, action) for a in article_ids]
        self.wdb.executemany("INSERT OR REPLACE INTO search_outbox VALUES (?, ?)", rows)
        for article_id, _action in rows:
            self._written.pop(article_id, None)

    def _apply_outbox(self, terms: dict[int, list[tuple[str, str]]] | None = None, commit: bool = True) -> None:
        """Write pending article changes to the search index; with ``commit``, make them searchable and clear them
        from the outbox.

        One writer is held across an update's batches, so that a long update ends few segments rather than two a
        batch. A row leaves the outbox only once the search index committed it: an update interrupted before keeps
        it (``update`` drops the writer), and the next one writes it again. ``terms`` holds the words and characters
        already computed for some articles' passages, in order; the others are segmented again from their stored
        text.
        """
        pending = self.wdb.execute("SELECT article_id, action FROM search_outbox ORDER BY article_id").fetchall()
        todo = [(a, action) for a, action in pending if self._written.get(a) != action]
        if todo:
            if self._search_writer is None:
                try:
                    self._search_writer = self.search_index.writer(heap_size=WRITER_HEAP)
                except ValueError as exc:
                    raise IndexError_(f"the search index is being written by another process: {exc}") from exc
            writer = self._search_writer
            for start in range(0, len(todo), 2000):
                chunk = todo[start:start + 2000]
                for article_id, _action in chunk:
                    writer.delete_documents_by_term("aid", article_id)
                upserts = [a for a, action in chunk if action == "upsert"]
                for doc in self._search_documents(upserts, terms or {}):
                    writer.add_document(doc)
            self._written.update(todo)
        if not commit or self._search_writer is None:
            return
        self._search_writer.commit()
        writer, self._search_writer = self._search_writer, None
        writer.wait_merging_threads()
        self.wdb.executemany("DELETE FROM search_outbox WHERE article_id = ? AND action = ?",
                             list(self._written.items()))
        self.wdb.commit()
        self._written.clear()
        self.search_index.reload()

    def _drop_search_writer(self) -> None:
        """Forget what the open writer holds (after a failed update): the outbox still has it."""
        writer, self._search_writer = self._search_writer, None
        self._written.clear()
        if writer is not None:
            writer.rollback()

    def _search_documents(self, article_ids: list[int],
                          terms: dict[int, list[tuple[str, str]]]) -> Iterable[tantivy.Document]:
        """Yield the search documents of these articles' passages (template lines left out), and store each
        article's vector of strongest words from the same words."""
        if not article_ids:
            return
        marks = ",".join("?" * len(article_ids))
        rows = self.wdb.execute(
            f"SELECT p.id, p.article_id, p.idx, f.published_ts, f.source, p.text FROM passages p"
            f" JOIN files f ON f.id = p.article_id WHERE p.article_id IN ({marks}) AND p.template = 0"
            f" ORDER BY p.article_id, p.idx", article_ids).fetchall()
        words_of: dict[int, list[str]] = {}
        stamps: dict[int, int] = {}
        for pid, aid, idx, ts, source, text in rows:
            known = terms.get(aid)
            words, chars = known[idx] if known and idx < len(known) else index_terms(text)
            words_of.setdefault(aid, []).append(words)
            stamps[aid] = ts
            yield tantivy.Document(pid=pid, aid=aid, ts=ts, source=source, words=words, chars=chars)
        aliases = alias_table(self.wdb)
        self.wdb.executemany("INSERT OR REPLACE INTO article_vectors VALUES (?, ?, ?)", [
            (aid, stamps[aid], json.dumps(article_vector(words[0], words[1:], aliases.canonical), ensure_ascii=False,
                                          separators=(",", ":")).encode("utf-8"))
            for aid, words in words_of.items()])

    # ---- reading -------------------------------------------------------------------------------------

    def is_stale(self, root: str | os.PathLike[str]) -> bool:
        """Return True when files under ``root`` were added, changed or deleted since the last update."""
        known = {row[0]: (row[1], row[2]) for row in self.db.execute("SELECT path, size, mtime_ns FROM files")}
        count = 0
        for rel, _path, st in scan_article_files(root):
            count += 1
            if known.get(rel) != (st.st_size, st.st_mtime_ns):
                return True
        pending = self.db.execute("SELECT COUNT(*) FROM search_outbox").fetchone()[0]
        return count != len(known) or pending > 0

    def searcher(self) -> tantivy.Searcher:
        """Return a tantivy searcher over the latest committed state."""
        return self.search_index.searcher()

    def passages(self, pids: Iterable[int]) -> dict[int, PassageRow]:
        """Return the stored passages with these ids (ids no longer stored are left out)."""
        out: dict[int, PassageRow] = {}
        for chunk, marks in in_chunks(pids):
            for row in self.db.execute(
                    f"SELECT p.id, p.article_id, p.idx, p.kind, p.text, f.path, f.source, f.title, f.url,"
                    f" f.published, f.author, p.folded FROM passages p JOIN files f ON f.id = p.article_id"
                    f" WHERE p.id IN ({marks})", chunk):
                out[row[0]] = PassageRow(*row[:9], published=datetime.fromisoformat(row[9]), author=row[10],
                                         folded=row[11])
        return out

    def candidates(self, pids: Iterable[int]) -> dict[int, Candidate]:
        """Return the passages with these ids as re-ranking reads them (ids no longer stored are left out).

        Their articles' outlet and time come from ``article_meta``: joining each passage to its article's row in
        the query took half the time of fetching candidates."""
        rows = []
        for chunk, marks in in_chunks(pids):
            rows += self.db.execute(
                "SELECT id, article_id, idx, folded, CASE WHEN folded IS NULL THEN text END FROM passages"
                f" WHERE id IN ({marks})", chunk).fetchall()
        meta = self._article_meta({row[1] for row in rows}, exact=False)
        out: dict[int, Candidate] = {}
        for pid, aid, idx, folded, text in rows:
            if aid in meta:  # else removed since the passage was read
                out[pid] = Candidate(pid, aid, idx, folded if folded is not None else normalize(text), *meta[aid])
        return out

    def article_meta(self, article_ids: Iterable[int] | None = None) -> dict[int, tuple[str, int]]:
        """The outlet and publication time (epoch seconds) of these articles (all of them when None), from a
        table kept in memory for the store's generation: an update that changes anything sets a new generation
        (``meta``), and the table is then read again as articles are asked for. Articles not stored are left
        out. Reading all of them (``article_meta()``, in a thread after start-up) takes a tenth of a second for
        100,000; the index is not closed while it runs, and once closed nothing is read."""
        if article_ids is None:
            with self._closing:
                return {} if self._closed else self._article_meta(None)
        return self._article_meta(article_ids)

    def _article_meta(self, article_ids: Iterable[int] | None, *, exact: bool = True
                      ) -> Mapping[int, tuple[str, int]]:
        """``article_meta``; when not ``exact``, the answer may hold other articles too (the table as it stands,
        not a copy of the part asked for, when it already holds them all)."""
        stamp = _generation(self.db)
        with self._meta_lock:
            if stamp != self._meta_stamp:
                self._meta, self._meta_stamp = {}, stamp
            known = self._meta
        query = "SELECT id, source, published_ts FROM files INDEXED BY files_meta"
        fetched: dict[int, tuple[str, int]] = {}
        if article_ids is None:
            wanted = None
            fetched.update((aid, (source, ts or 0)) for aid, source, ts in self.db.execute(query))
        else:
            wanted = set(article_ids)
            for chunk, marks in in_chunks(wanted.difference(known)):
                fetched.update((aid, (source, ts or 0)) for aid, source, ts in
                               self.db.execute(f"{query} WHERE id IN ({marks})", chunk))
        if fetched:
            with self._meta_lock:
                if self._meta_stamp == stamp:  # read after the stamp: never older than it
                    self._meta.update(fetched)
        if wanted is None:
            return fetched
        if not (exact or fetched):
            return known
        return {a: meta for a in wanted if (meta := known.get(a) or fetched.get(a)) is not None}

    def article_passages(self, article_id: int) -> list[PassageRow]:
        """Return all passages of one article in reading order."""
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM passages WHERE article_id = ? ORDER BY idx", (article_id,))]
        rows = self.passages(ids)
        return [rows[i] for i in ids if i in rows]

    def source_names(self) -> list[str]:
        """Return the outlets in the index, most articles first: counted once per generation of the store
        (``_per_generation``), as counting 100,000 articles takes about 10 ms, at every /coverage answer."""
        return list(self._per_generation("sources", lambda: tuple(r[0] for r in self.db.execute(
            "SELECT source FROM files WHERE status = 'ok' GROUP BY source ORDER BY COUNT(*) DESC, source"))))

    def story_centroids(self) -> dict[int, dict[str, float]]:
        """A cache of stories' centroids (``corpus.answer.stories._centroid``) for the store's generation
        (``_per_generation``): an update that changes anything starts it anew, as a story's articles may change."""
        return self._per_generation("centroids", dict)

    def publication_times(self) -> array:
        """The articles' publication times (epoch seconds), sorted: read once per generation of the store
        (``_per_generation``; 8 bytes an article), for the share of the articles a range of dates keeps."""
        return self._per_generation("times", lambda: array("q", (r[0] for r in self.db.execute(
            "SELECT published_ts FROM files INDEXED BY files_published WHERE published_ts IS NOT NULL AND status = 'ok'"
            " ORDER BY published_ts"))))

    def read_tables(self) -> None:
        """Read the tables kept for the store's generation that a question would otherwise read first: the
        articles' outlets and times (``article_meta``: every search), their publication times
        (``publication_times``: a date filter, 0.1–0.2 s for 100,000 articles) and the name variants' lookups
        (``AliasTable.warm``: a Latin word, 60 ms). Done after start-up and after each update that changed the
        store, which makes them anew. Run in a thread: the index is not closed while it runs, and once closed nothing
        is read."""
        with self._closing:
            if self._closed:
                return
            self._article_meta(None)
            self.publication_times()
            self.aliases().warm()

    def _per_generation(self, name: str, read: Callable[[], T]) -> T:
        """What ``read`` gives, read again only when an update has set a new generation of the store (``meta``, as
        ``article_meta`` reads it); never kept for a store without one."""
        stamp = _generation(self.db)
        with self._meta_lock:
            held = self._generations.get(name)
            if stamp is not None and held is not None and held[0] == stamp:
                return held[1]
        value = read()
        with self._meta_lock:
            self._generations[name] = (stamp, value)
        return value

    def source_hosts(self) -> dict[str, str]:
        """Return a map from each link host (``zaobao.com``) to the outlet that uses it most."""
        hosts: dict[str, str] = {}
        for source, url in self.db.execute(  # one link an outlet: its hosts rarely differ
                "SELECT source, MIN(url) FROM files WHERE status = 'ok' AND url IS NOT NULL GROUP BY source"):
            host = (urlparse(url).hostname or "").removeprefix("www.")
            if host:
                hosts.setdefault(host, source)
        return hosts

    def skipped(self) -> list[tuple[str, str]]:
        """Return the files currently skipped, with their reasons."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT path, reason FROM files WHERE status = 'skipped' ORDER BY path")]

    def stats(self) -> IndexStats:
        """Return the size of the index and its outlets."""
        articles, first, last = self.db.execute(
            "SELECT COUNT(*), MIN(published_ts), MAX(published_ts) FROM files WHERE status = 'ok'").fetchone()
        passages = self.db.execute("SELECT COUNT(*) FROM passages WHERE template = 0").fetchone()[0]
        skipped = self.db.execute("SELECT COUNT(*) FROM files WHERE status = 'skipped'").fetchone()[0]
        sources = tuple(
            SourceStats(s, n, datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC))
            for s, n, a, b in self.db.execute(
                "SELECT source, COUNT(*), MIN(published_ts), MAX(published_ts) FROM files WHERE status = 'ok'"
                " GROUP BY source ORDER BY COUNT(*) DESC, source"))
        updated = self.db.execute("SELECT value FROM meta WHERE key = 'updated'").fetchone()
        db_bytes = sum(p.stat().st_size for p in self.db_path.parent.glob(self.db_path.name + "*"))
        return IndexStats(
            articles=articles, passages=passages, skipped=skipped, sources=sources,
            first=datetime.fromtimestamp(first, UTC) if first is not None else None,
            last=datetime.fromtimestamp(last, UTC) if last is not None else None,
            updated=updated[0] if updated else None, db_bytes=db_bytes,
            search_bytes=_dir_size(self.search_path))

    def aliases(self) -> AliasTable:
        """Return the name variants: pairs learnt from the stored articles' brackets and the reviewed seeds (kept
        until the pairs change)."""
        return alias_table(self.db)

    def article_id(self, path: str) -> int | None:
        """Return the id of the article stored for a file path."""
        row = self.db.execute("SELECT id FROM files WHERE path = ? AND status = 'ok'", (path,)).fetchone()
        return row[0] if row else None

    def articles_first_indexed(self, after: str, until: str) -> list[int]:
        """Return the articles first indexed in (``after``, ``until``] (ISO times in UTC), oldest first."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM files WHERE status = 'ok' AND first_indexed > ? AND first_indexed <= ?"
            " ORDER BY first_indexed, id", (after, until))]

    def articles_published(self, start: datetime, end: datetime) -> list[int]:
        """Return the articles published in [``start``, ``end``), oldest first."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM files INDEXED BY files_published WHERE status = 'ok' AND published_ts >= ?"
            " AND published_ts < ? ORDER BY published_ts, id", (int(start.timestamp()), int(end.timestamp())))]

    def close(self) -> None:
        """Close the database connections (every thread's), once a background read running now has ended."""
        with self._closing:
            self._closed = True
        self.wdb.close()
        with self._readers_lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            conn.close()
        self._main.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

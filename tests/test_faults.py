"""Faults: an indexer killed at any point, and two processes on one database, lose nothing."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.make_corpus import make_corpus
from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of 400 generated articles (and the planted seeds, and a few broken files)."""
    folder = tmp_path_factory.mktemp("generated") / "corpus"
    make_corpus(folder, 400, [], seed=3, broken_share=0.01)
    return folder


def _index_process(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "corpus", "index", "--corpus", str(corpus), "--db", str(db)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def assert_consistent(corpus: Path, db: Path) -> None:
    """The store and the search index agree with each other and with the files."""
    with CorpusIndex(db) as index:
        report = index.update(corpus)  # the next run finishes what a killed one left
        assert not report.skipped or all(reason for _p, reason in report.skipped)
        files = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()}
        stored = {r[0] for r in index.db.execute("SELECT path FROM files")}
        assert stored == files  # no lost and no extra article
        duplicates = index.db.execute("SELECT COUNT(*) - COUNT(DISTINCT path) FROM files").fetchone()[0]
        assert duplicates == 0
        passages = index.stats().passages
        assert index.searcher().num_docs == passages  # every passage searchable once, none twice
        assert index.db.execute("SELECT COUNT(*) FROM search_outbox").fetchone()[0] == 0
        for article_id, count in index.db.execute(
                "SELECT f.id, COUNT(p.id) FROM files f LEFT JOIN passages p ON p.article_id = f.id"
                " WHERE f.status = 'ok' GROUP BY f.id"):
            assert count > 0, article_id  # no half-written article
        unplaced = index.db.execute("SELECT COUNT(*) FROM files f LEFT JOIN story_members m ON m.article_id = f.id"
                                    " WHERE f.status = 'ok' AND m.article_id IS NULL").fetchone()[0]
        assert unplaced == 0
        assert Retriever(index).search("碰肘").hits


def test_killed_while_indexing_at_random_points(generated: Path, tmp_path: Path):
    db = tmp_path / "c.db"
    rng = random.Random(5)
    # How long a whole build takes on this machine, timed the second time (the first also fills caches that
    # the builds below find filled): the kills fall inside it.
    assert _index_process(generated, tmp_path / "warm.db").wait() == 0
    started = time.monotonic()
    assert _index_process(generated, tmp_path / "whole.db").wait() == 0
    whole = time.monotonic() - started
    kills = 0
    for _ in range(4):
        proc = _index_process(generated, db)
        time.sleep(rng.uniform(0.2, 0.7) * whole)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 1
    assert_consistent(generated, db)


def test_killed_during_a_changed_corpus(generated: Path, tmp_path: Path):
    db = tmp_path / "c.db"
    with CorpusIndex(db) as index:
        index.update(generated)
    victim = next(p for p in sorted(generated.rglob("*.md")) if "planted" not in p.parts)
    original = victim.read_bytes()
    try:
        victim.write_bytes(original.replace(b"<p>", "<p>修改过的段落。".encode(), 1))
        proc = _index_process(generated, db)
        time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_consistent(generated, db)
    finally:
        victim.write_bytes(original)
        os.utime(victim)


def test_two_processes_on_one_database(generated: Path, tmp_path: Path):
    db = tmp_path / "c.db"
    with CorpusIndex(db) as index:
        index.update(generated / "planted")  # a first small index; then an operator indexes everything
    operator = _index_process(generated, db)
    reader = CorpusIndex(db)
    retriever = Retriever(reader)
    errors: list[str] = []
    deadline = time.monotonic() + 120
    while operator.poll() is None and time.monotonic() < deadline:
        try:
            retriever.search("王毅 布林肯")
            reader.stats()
        except sqlite3.OperationalError as exc:  # "database is locked" would land here
            errors.append(str(exc))
        time.sleep(0.05)
    # meanwhile the bot's own rescan waits for the operator's update instead of failing
    reader.update(generated)
    assert operator.wait(timeout=120) == 0, operator.stderr.read().decode()
    reader.close()
    assert errors == []
    assert_consistent(generated, db)

"""Shared fixtures: a copy of the seed corpus, an index built over it, and a retriever."""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex

# Search by meaning loads a 30 MB encoder: off for the tests (and the bots they start) unless a test turns it on.
os.environ.setdefault("COVERAGE_SEMANTIC", "off")
os.environ.setdefault("COVERAGE_KEEP_WARM", "off")  # the tests of corpus.store.warm start it themselves
# Derived tables (the English glossary's file) are written once per run, here, and shared by every test and bot;
# the folder goes when the run ends.
if not os.environ.get("COVERAGE_CACHE_DIR"):
    os.environ["COVERAGE_CACHE_DIR"] = tempfile.mkdtemp(prefix="coverage-cache-")
    atexit.register(shutil.rmtree, os.environ["COVERAGE_CACHE_DIR"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seed articles that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> CorpusIndex:
    """An index of the seed articles, built once for the session (read-only for tests)."""
    db = tmp_path_factory.mktemp("seed-index") / "coverage.db"
    index = CorpusIndex(db)
    index.update(SEEDS)
    yield index
    index.close()


@pytest.fixture(scope="session")
def retriever(seed_index: CorpusIndex) -> Retriever:
    """A retriever over the seed index."""
    return Retriever(seed_index)


def write_article(folder: Path, name: str, *, title: str, body: str, source: str = "测试日报",
                  date: str = "2021-11-01T08:00:00Z", url: str | None = None) -> Path:
    """Write a Jekyll-style article file and return its path."""
    link = f"from: {url}\n" if url else ""
    text = (f"---\nlayout: post\ntitle: \"{title}\"\ndate: {date}\nauthor: {source}\n{link}"
            f"tags: [ {source} ]\n---\n<div>{body}</div>\n")
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def stop_process(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a bot started by a test: SIGTERM, then SIGKILL if it has not ended in ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

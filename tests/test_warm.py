"""The process that keeps an index's files in the system's file cache (``corpus.store.warm``)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex
from corpus.store.warm import KEEP_WARM, CacheWarmer, index_files, keep_warm_every, sweep
from tests.conftest import write_article


def _read_bytes(pid: int) -> int:
    """Bytes the process has read through read calls (Linux's /proc/PID/io)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar")


def _wait_for(condition, timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("value", "seconds"), [("", KEEP_WARM), ("off", 0.0), ("0", 0.0), ("7.5", 7.5),
                                                 ("soon", KEEP_WARM), ("-3", 0.0)])
def test_the_sweeps_interval_comes_from_the_environment(value: str, seconds: float):
    assert keep_warm_every(value) == seconds


def test_the_index_files_are_the_store_and_the_search_engines(seed_index: CorpusIndex):
    files = index_files(seed_index.db_path)
    engine = [p for p in files if p.parent == seed_index.search_path]
    assert engine and files[:len(engine)] == engine and files[len(engine)] == seed_index.db_path
    assert all(p.is_file() for p in files)
    assert sweep(files, bytearray(1 << 16)) == sum(p.stat().st_size for p in files)
    assert sweep([seed_index.db_path.with_name("gone.db")], bytearray(16)) == 0  # a file gone since is skipped


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="reads counted through /proc/PID/io (Linux)")
def test_the_warmer_reads_the_files_again_and_again_and_ends_with_its_input(seed_index: CorpusIndex):
    size = sum(p.stat().st_size for p in index_files(seed_index.db_path))
    warmer = CacheWarmer(seed_index.db_path, every=0.2)
    assert warmer.start()
    process = warmer.process
    assert process is not None
    try:
        assert _wait_for(lambda: _read_bytes(process.pid) >= 3 * size)  # the first sweep and two more
        assert warmer.start() and warmer.process is process  # started once
    finally:
        warmer.stop()
    assert process.returncode == 0 and warmer.process is None
    # the process that started it gone (its end of the pipe closed without a word): it ends by itself
    orphan = CacheWarmer(seed_index.db_path, every=60)
    assert orphan.start() and orphan.process is not None and orphan.process.stdin is not None
    orphan.process.stdin.close()
    assert orphan.process.wait(timeout=20) == 0
    assert not CacheWarmer(seed_index.db_path, every=0).start()  # turned off


def test_a_retriever_serving_in_the_background_keeps_its_files_warm(seed_index: CorpusIndex, monkeypatch):
    monkeypatch.setenv("COVERAGE_KEEP_WARM", "30")
    retriever = Retriever(seed_index)
    retriever.start_background_work()
    try:
        warmer = retriever._warmer
        assert warmer is not None and warmer.process is not None and warmer.process.poll() is None
    finally:
        retriever.stop_background_work()
    assert warmer.process is None and retriever._warmer is None


def test_the_files_read_fit_in_half_the_memory_to_spare(tmp_path: Path):
    """An index larger than half the memory the system has to spare would push itself out of the cache: the
    files read are the first that fit in that budget."""
    from corpus.store.warm import available_memory, within

    files = []
    for name, size in (("a", 100), ("b", 300), ("c", 50)):
        (tmp_path / name).write_bytes(b"x" * size)
        files.append(tmp_path / name)
    assert within(files, None) == files
    assert within(files, 450) == files
    assert within(files, 399) == files[:1]  # the order is kept: the search engine's files come first
    assert within(files, 99) == []
    assert within([tmp_path / "gone", *files], 100) == files[:1]
    memory = available_memory()
    assert memory is None or memory > 0



def test_the_store_tables_a_first_question_would_read_are_read_beforehand(seeds_copy: Path, tmp_path: Path,
                                                                          monkeypatch):
    """After start-up and after an update that changed the store, the tables kept for its generation (the articles'
    outlets and times, their publication times, the names' index by last word) are read before a question needs
    them: a date filter then reads nothing from the store."""

    def no_read(*_args, **_kwargs):
        raise AssertionError("read again")

    with CorpusIndex(tmp_path / "c.db") as index:
        retriever = Retriever(index)
        for round_ in range(2):
            if round_:  # a new generation of the store: the tables are made anew, once
                write_article(seeds_copy, "extra.md", title="台湾新的报道", body="<p>台湾新的一篇报道。</p>",
                              source="乙报", date="2021-11-02T08:00:00Z")
            index.update(seeds_copy)
            retriever.refresh()
            index.read_tables()
            assert "_by_last_word" in vars(index.aliases())
            with monkeypatch.context() as patched:
                patched.setattr("corpus.store.index.array", no_read)  # publication_times makes its array once
                assert retriever.search("台湾 since:2021-01-01").hits

"""The persistent index: incremental updates, skipped files, and repair after an interrupted update."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import corpus.store.index as index_module
from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex
from tests.conftest import write_article


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = index_module.parse_article

    def counting(text: str, path: str):
        parsed.append(path)
        return real(text, path)

    monkeypatch.setattr(index_module, "parse_article", counting)
    return parsed


def test_first_update_indexes_every_seed(seeds_copy: Path, tmp_path: Path):
    with CorpusIndex(tmp_path / "db" / "c.db") as index:
        report = index.update(seeds_copy)
        assert (report.added, report.changed, report.removed, report.skipped) == (5, 0, 0, [])
        stats = index.stats()
        assert stats.articles == 5 and stats.passages > 40
        assert {s.source for s in stats.sources} == {"联合早报", "观察者网", "新浪财经", "大纪元"}
        assert index.searcher().num_docs == stats.passages


def test_unchanged_files_are_not_read_again(seeds_copy: Path, tmp_path: Path, monkeypatch):
    db = tmp_path / "c.db"
    with CorpusIndex(db) as index:
        index.update(seeds_copy)
    parsed = _count_parses(monkeypatch)
    with CorpusIndex(db) as index:  # a restart: nothing to do
        report = index.update(seeds_copy)
    assert report.unchanged == 5 and not report.touched and parsed == []


def test_new_changed_and_deleted_files_are_picked_up(seeds_copy: Path, tmp_path: Path, monkeypatch):
    index = CorpusIndex(tmp_path / "c.db")
    index.update(seeds_copy)
    retriever = Retriever(index)
    parsed = _count_parses(monkeypatch)

    write_article(seeds_copy / "new", "a.md", title="月球车登陆", body="<p>月球车今天成功登陆月球背面。</p>")
    changed = seeds_copy / "001_3ee58391ed132a80.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("没有碰肘", "没有握手"), encoding="utf-8")
    (seeds_copy / "004_28db49f97dcf3802.txt").unlink()
    assert index.is_stale(seeds_copy)

    report = index.update(seeds_copy)
    assert (report.added, report.changed, report.removed) == (1, 1, 1)
    assert sorted(parsed) == ["001_3ee58391ed132a80.txt", "new/a.md"]
    retriever.refresh()
    assert retriever.search("月球车").hits[0].path == "new/a.md"
    assert retriever.search("握手").hits[0].path == "001_3ee58391ed132a80.txt"
    assert not retriever.search("碰肘").hits
    assert not retriever.search("柯比").hits  # the deleted article is gone
    assert not index.is_stale(seeds_copy)
    index.close()


def test_touched_file_with_same_content_is_not_parsed(seeds_copy: Path, tmp_path: Path, monkeypatch):
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        parsed = _count_parses(monkeypatch)
        target = seeds_copy / "000_ceca840310306e7c.txt"
        os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
        report = index.update(seeds_copy)
        assert parsed == [] and not report.touched
        assert not index.is_stale(seeds_copy)


def test_malformed_files_are_skipped_with_a_reason(seeds_copy: Path, tmp_path: Path):
    (seeds_copy / "broken.md").write_text("---\ntitle: [oops\n---\n<p>x</p>", encoding="utf-8")
    (seeds_copy / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (seeds_copy / "gbk.md").write_bytes("---\ntitle: 标题\n---\n<p>正文</p>".encode("gbk"))
    (seeds_copy / "empty.html").write_text("", encoding="utf-8")
    (seeds_copy / "notes.json").write_text("{}", encoding="utf-8")  # not an article suffix: ignored
    with CorpusIndex(tmp_path / "c.db") as index:
        report = index.update(seeds_copy)
        reasons = dict(report.skipped)
        assert set(reasons) == {"broken.md", "binary.txt", "gbk.md", "empty.html"}
        assert "YAML" in reasons["broken.md"] and "binary" in reasons["binary.txt"]
        assert "UTF-8" in reasons["gbk.md"] and "empty" in reasons["empty.html"]
        assert index.stats().articles == 5
        assert dict(index.skipped()) == reasons
        # a skipped file that gets fixed is indexed
        write_article(seeds_copy, "broken.md", title="修好了", body="<p>这篇文章修好了。</p>")
        report = index.update(seeds_copy)
        assert report.changed == 1 and index.stats().articles == 6


def test_interrupted_update_is_repaired_from_the_outbox(seeds_copy: Path, tmp_path: Path, monkeypatch):
    db = tmp_path / "c.db"
    index = CorpusIndex(db)

    real = CorpusIndex._apply_outbox

    def crash(self, terms=None, commit=True):
        if terms is not None:
            raise KeyboardInterrupt  # killed after a batch was committed to SQLite, before tantivy got it
        return real(self, terms, commit)

    monkeypatch.setattr(CorpusIndex, "_apply_outbox", crash)
    with pytest.raises(KeyboardInterrupt):
        index.update(seeds_copy)
    index.close()
    monkeypatch.undo()

    index = CorpusIndex(db)
    assert index.searcher().num_docs == 0
    assert index.is_stale(seeds_copy)  # the outbox still holds work
    report = index.update(seeds_copy)
    assert not report.touched  # files were already recorded
    assert index.searcher().num_docs == index.stats().passages
    assert Retriever(index).search("碰肘").hits
    index.close()


def test_many_files_are_analysed_in_worker_processes(tmp_path: Path, monkeypatch):
    folder = tmp_path / "corpus"
    for i in range(12):
        write_article(folder, f"{i:02d}.md", title=f"第{i}篇", body=f"<p>编号{i}的文章说到了月球车。</p>")
    monkeypatch.setattr(index_module, "POOL_THRESHOLD", 5)
    monkeypatch.setattr(index_module, "BATCH_FILES", 5)  # three batches, each committed on its own
    with CorpusIndex(tmp_path / "c.db") as index:
        report = index.update(folder, workers=2)
        assert report.added == 12 and index.stats().articles == 12
        assert index.searcher().num_docs == index.stats().passages
        assert Retriever(index).search("月球车", top=20).candidates == 12


def test_a_long_update_commits_the_search_index_once_and_survives_a_crash_between(tmp_path: Path, monkeypatch):
    folder = tmp_path / "corpus"
    for i in range(12):
        write_article(folder, f"{i:02d}.md", title=f"第{i}篇", body=f"<p>编号{i}的文章说到了月球车。</p>")
    monkeypatch.setattr(index_module, "BATCH_FILES", 4)  # three batches, the search index committed after all
    real = CorpusIndex._settle_templates
    calls = []

    def crash(self, touched, terms):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed in the second batch: the first is in the store, not yet searchable
        return real(self, touched, terms)

    db = tmp_path / "c.db"
    with CorpusIndex(db) as index:
        monkeypatch.setattr(CorpusIndex, "_settle_templates", crash)
        with pytest.raises(KeyboardInterrupt):
            index.update(folder, workers=1)
        monkeypatch.setattr(CorpusIndex, "_settle_templates", real)
        assert index.searcher().num_docs == 0
        assert index.db.execute("SELECT COUNT(*) FROM search_outbox").fetchone()[0] == 4
    with CorpusIndex(db) as index:
        report = index.update(folder, workers=1)
        assert report.added == 8 and index.stats().articles == 12
        assert index.searcher().num_docs == index.stats().passages  # each passage once
        assert index.db.execute("SELECT COUNT(*) FROM search_outbox").fetchone()[0] == 0
        assert index.searcher().num_segments <= 2  # one commit: a segment per indexing thread at most
        assert Retriever(index).search("月球车", top=20).candidates == 12


def test_missing_corpus_folder_is_a_clear_error(tmp_path: Path):
    from corpus.errors import IndexError_

    with CorpusIndex(tmp_path / "c.db") as index, pytest.raises(IndexError_, match="not found"):
        index.update(tmp_path / "nowhere")


def test_rescan_job_picks_up_new_files(seeds_copy: Path, tmp_path: Path):
    import asyncio
    from types import SimpleNamespace

    from bot.handlers import rescan

    index = CorpusIndex(tmp_path / "c.db")
    index.update(seeds_copy)
    retriever = Retriever(index)
    settings = SimpleNamespace(corpus_dir=seeds_copy)
    context = SimpleNamespace(bot=None, bot_data=SimpleNamespace(retriever=retriever, settings=settings))
    write_article(seeds_copy, "late.md", title="新来的文章", body="<p>月球车今天成功登陆月球背面。</p>",
                  source="新来报")
    asyncio.run(rescan(context))
    assert retriever.search("月球车").hits[0].path == "late.md"
    assert "新来报" in retriever.sources  # the outlet list was refreshed
    # ... and the tables kept for the store's generation made anew, before a question needs them
    assert index._generations["times"][0] == index.db.execute("SELECT value FROM meta WHERE key = 'generation'"
                                                               ).fetchone()[0]
    first = index.db.execute("SELECT first_indexed FROM files WHERE path = 'late.md'").fetchone()[0]
    assert first  # each article records when it was first indexed
    index.close()


def test_a_vanished_corpus_folder_leaves_the_index_as_it_was(seeds_copy: Path, tmp_path: Path):
    import shutil

    from corpus.errors import IndexError_

    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        shutil.rmtree(seeds_copy)
        with pytest.raises(IndexError_, match="not found"):
            index.update(seeds_copy)
        assert index.stats().articles == 5 and Retriever(index).search("碰肘").hits


def test_an_unreadable_folder_is_not_taken_for_deleted(seeds_copy: Path, tmp_path: Path, monkeypatch):
    for i in range(3):
        write_article(seeds_copy / "sub", f"{i}.md", title=f"子目录文章{i}",
                      body=f"<p>子目录里的第{i}篇文章谈到月球车。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy)
        assert index.stats().articles == 8
        real_scandir = os.scandir

        def failing(path):
            if str(path).endswith("sub"):
                raise PermissionError(13, "Permission denied")
            return real_scandir(path)

        monkeypatch.setattr(index_module.os, "scandir", failing)
        report = index.update(seeds_copy)
        assert report.removed == 0 and index.stats().articles == 8
        monkeypatch.setattr(index_module.os, "scandir", real_scandir)
        (seeds_copy / "sub" / "0.md").unlink()
        assert index.update(seeds_copy).removed == 1  # readable again: a real deletion counts


def test_thousands_of_new_files_while_serving(tmp_path: Path):
    from bench.make_corpus import make_corpus

    folder = tmp_path / "corpus"
    make_corpus(folder, 0, [])  # only the planted seeds
    index = CorpusIndex(tmp_path / "c.db")
    index.update(folder)
    retriever = Retriever(index)
    make_corpus(folder, 1500, [], seed=9)  # a flood of new files arrives
    report = index.update(folder)
    retriever.refresh()
    assert report.added >= 1400 and retriever.search("碰肘").hits
    index.close()


def test_a_failure_in_the_middle_of_an_update_leaves_nothing_half_done(seeds_copy: Path, tmp_path: Path,
                                                                        monkeypatch):
    real = CorpusIndex._store
    calls = []

    def failing(self, rel, *args):
        calls.append(rel)
        if len(calls) == 3:  # the third file fails after two were stored (uncommitted)
            raise RuntimeError("disk trouble")
        return real(self, rel, *args)

    with CorpusIndex(tmp_path / "c.db") as index:  # one process, as in a running bot's rescans
        monkeypatch.setattr(CorpusIndex, "_store", failing)
        with pytest.raises(RuntimeError):
            index.update(seeds_copy)
        monkeypatch.setattr(CorpusIndex, "_store", real)
        assert index.stats().articles == 0  # the half-done batch was not committed
        report = index.update(seeds_copy)
        assert report.added == 5 and index.stats().articles == 5
        assert index.searcher().num_docs == index.stats().passages


def test_a_quick_update_lists_only_changed_folders_and_all_of_them_every_so_often(seeds_copy: Path, tmp_path: Path,
                                                                                   monkeypatch):
    for i in range(3):
        write_article(seeds_copy / "sub", f"{i}.md", title=f"子目录文章{i}", body=f"<p>子目录第{i}篇谈月球车。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(seeds_copy, quick=True)  # no listing yet: a full one
        listed: list[str] = []
        real_scandir = os.scandir

        def counting(path):
            listed.append(os.path.basename(str(path)))
            return real_scandir(path)

        monkeypatch.setattr(index_module.os, "scandir", counting)
        write_article(seeds_copy / "sub", "3.md", title="新文章", body="<p>火星车今天登陆。</p>")
        report = index.update(seeds_copy, quick=True)
        assert report.added == 1 and listed == ["sub"]  # the top folder did not change
        assert Retriever(index).search("火星车").hits[0].path == "sub/3.md"
        path = seeds_copy / "sub" / "0.md"  # rewritten in place: its folder's time stays
        stamp = os.stat(seeds_copy / "sub").st_mtime_ns
        path.write_text(path.read_text(encoding="utf-8").replace("月球车", "登月舱"), encoding="utf-8")
        os.utime(seeds_copy / "sub", ns=(stamp, stamp))
        listed.clear()
        assert index.update(seeds_copy, quick=True).changed == 0 and listed == []  # missed by a quick one
        monkeypatch.setattr(index_module, "FULL_SCAN_SECONDS", 0)  # ... until the next full listing
        assert index.update(seeds_copy, quick=True).changed == 1 and "sub" in listed
        assert index.update(seeds_copy).unchanged == 9  # a plain update always lists everything


def test_candidates_take_an_articles_new_outlet_and_time_after_an_update(tmp_path: Path):
    """Re-ranking reads each article's outlet and time from a table held in memory: an update that changes them
    (the same file, another outlet and date) is seen by the next search, loaded in full or article by article."""
    folder = tmp_path / "corpus"
    write_article(folder, "a.md", title="台风登陆浙江沿海", body="<p>台风今天登陆浙江沿海。</p>", source="甲报",
                  date="2021-11-01T08:00:00Z")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        article = index.article_id("a.md")
        pids = [r[0] for r in index.db.execute("SELECT id FROM passages WHERE article_id = ?", (article,))]
        assert {c.source for c in index.candidates(pids).values()} == {"甲报"}
        assert index.article_meta()[article][0] == "甲报"  # the whole table, as loaded after start-up
        write_article(folder, "a.md", title="台风登陆浙江沿海", body="<p>台风今天登陆浙江沿海，风力很强。</p>",
                      source="乙网", date="2021-11-03T08:00:00Z")
        index.update(folder)
        assert index.article_id("a.md") == article  # the same article, changed in place
        pids = [r[0] for r in index.db.execute("SELECT id FROM passages WHERE article_id = ?", (article,))]
        assert {(c.source, c.published_ts) for c in index.candidates(pids).values()} == {("乙网", 1635926400)}
        hit = Retriever(index).search("台风登陆", top=1).hits[0]
        assert hit.source == "乙网"
        (folder / "a.md").unlink()
        index.update(folder)
        assert index.candidates(pids) == {} and index.article_meta([article]) == {}


def test_the_outlets_are_counted_again_after_an_update_changes_them(tmp_path: Path):
    """``source_names`` (and ``publication_times``) are read once per generation of the store: an update that adds
    an outlet, makes another the larger or removes one is seen at once, by this process and by another reading the
    same store."""
    folder = tmp_path / "corpus"
    write_article(folder, "a.md", title="台风登陆浙江沿海", body="<p>台风今天登陆浙江沿海。</p>", source="甲报")
    with CorpusIndex(tmp_path / "c.db") as index, CorpusIndex(tmp_path / "c.db") as reader:
        index.update(folder)
        assert index.source_names() == reader.source_names() == ["甲报"]
        assert reader.source_names() == ["甲报"]  # read again from what it holds
        assert len(reader.publication_times()) == 1
        for name in ("b.md", "c.md"):
            write_article(folder, name, title="暴雨袭击福建", body="<p>暴雨今天袭击福建。</p>", source="乙网")
        index.update(folder)
        assert index.source_names() == reader.source_names() == ["乙网", "甲报"]
        assert len(reader.publication_times()) == 3
        (folder / "a.md").unlink()
        index.update(folder)
        assert reader.source_names() == ["乙网"] and len(reader.publication_times()) == 2


def test_the_background_read_of_articles_does_nothing_once_the_index_is_closed(tmp_path: Path):
    """The thread that loads the articles' outlets after start-up may run while the bot or a stdin session ends:
    closing waits for it, and once closed it reads nothing (a connection closed under a running read crashes)."""
    folder = tmp_path / "corpus"
    write_article(folder, "a.md", title="台风登陆浙江沿海", body="<p>台风今天登陆浙江沿海。</p>")
    index = CorpusIndex(tmp_path / "c.db")
    index.update(folder)
    assert len(index.article_meta()) == 1
    index.close()
    assert index.article_meta() == {}

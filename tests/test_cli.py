"""The ``python -m corpus`` command line, run in-process and as a user would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from corpus.__main__ import _BackgroundUpdate, _lines, main
from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex
from tests.conftest import ROOT, write_article

HIT_KEYS = {"source", "title", "url", "published", "path", "passage", "text", "score", "also"}


def test_index_prints_counts_and_skipped_files(seeds_copy: Path, tmp_path: Path, capsys):
    (seeds_copy / "bad.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["index", "--corpus", str(seeds_copy), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "5 added" not in out  # six files were seen: five articles and one skipped
    assert "6 added" in out and "articles: 5" in out and "skipped: 1" in out
    assert "bad.md: broken YAML" in out


def test_search_json_indexes_first_and_has_the_keys(seeds_copy: Path, tmp_path: Path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["search", "柯比", "记者会", "--json", "--corpus", str(seeds_copy), "--db", db]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and set(hits[0]) >= HIT_KEYS
    assert hits[0]["source"] == "大纪元" and hits[0]["path"] == "004_28db49f97dcf3802.txt"
    assert hits[0]["url"].startswith("https://") and hits[0]["also"] == []


def test_search_json_url_null_and_also(seeds_copy: Path, tmp_path: Path, capsys):
    db = str(tmp_path / "c.db")
    main(["search", "碰肘", "--json", "--corpus", str(seeds_copy), "--db", db])
    assert json.loads(capsys.readouterr().out)[0]["url"] is None
    main(["search", "伊朗核", "气候变化", "--json", "--corpus", str(seeds_copy), "--db", db])
    hit = json.loads(capsys.readouterr().out)[0]
    assert hit["also"] and set(hit["also"][0]) >= {"source", "url", "path"}


def test_search_top_and_bad_filter(seeds_copy: Path, tmp_path: Path, capsys):
    db = str(tmp_path / "c.db")
    main(["search", "王毅", "--top", "5", "--json", "--corpus", str(seeds_copy), "--db", db])
    assert len(json.loads(capsys.readouterr().out)) == 5
    assert main(["search", "王毅 since:tomorrow", "--corpus", str(seeds_copy), "--db", db]) == 2
    assert "not a date" in capsys.readouterr().err


def test_search_stdin_one_line_per_query(seeds_copy: Path, tmp_path: Path):
    db = str(tmp_path / "c.db")
    proc = subprocess.run(
        [sys.executable, "-m", "corpus", "search", "--stdin", "--json", "--corpus", str(seeds_copy), "--db", db],
        input="碰肘\n\n柯比\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    lines = proc.stdout.strip().split("\n")
    assert proc.returncode == 0 and len(lines) == 3
    assert json.loads(lines[0])[0]["path"] == "001_3ee58391ed132a80.txt"
    assert "error" in json.loads(lines[1])
    assert json.loads(lines[2])[0]["source"] == "大纪元"


def test_stats(seeds_copy: Path, tmp_path: Path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["stats", "--json", "--corpus", str(seeds_copy), "--db", db]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 5
    assert {s["source"] for s in stats["sources"]} == {"联合早报", "观察者网", "新浪财经", "大纪元"}
    assert stats["first"].startswith("2021-10-31") and stats["last"].startswith("2023-10-26")


def test_help_runs():
    proc = subprocess.run([sys.executable, "-m", "corpus", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "search" in proc.stdout and "index" in proc.stdout


def test_dates_command_json(capsys):
    published = "2021-11-13T15:35:03+08:00"
    assert main(["dates", "中美两国元首下周二将举行视频会晤", "--published", published, "--json"]) == 0
    mentions = json.loads(capsys.readouterr().out)
    assert [(m["expression"], m["start"], m["end"], m["granularity"]) for m in mentions] == [
        ("下周二", "2021-11-16", "2021-11-16", "day")]
    assert main(["dates", "今天", "--published", "not-a-date"]) == 2


def test_when_command_json(seeds_copy: Path, tmp_path: Path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["when", "习近平", "拜登", "视频会晤", "--json", "--corpus", str(seeds_copy), "--db", db]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["date"]["start"] == "2021-11-16" and answer["date"]["granularity"] == "day"
    evidence = answer["evidence"][0]
    assert set(evidence) >= HIT_KEYS and evidence["expression"]


def test_an_index_is_updated_from_its_own_folder_unless_told_otherwise(tmp_path: Path, capsys, monkeypatch):
    # An index built from a large folder, then asked without --corpus: the folder it was built from is used,
    # not seeds/ (which would have removed every article it holds).
    monkeypatch.delenv("CORPUS_DIR", raising=False)
    folder = tmp_path / "archive"
    folder.mkdir()
    for i in range(14):
        write_article(folder, f"{i:02d}.md", title=f"报道{i}", body=f"<p>第{i}篇关于黎智英被捕的报道。</p>",
                      source=f"媒体{i}", date="2020-08-10T08:00:00Z")
    db = str(tmp_path / "c.db")
    assert main(["index", "--corpus", str(folder), "--db", db]) == 0
    capsys.readouterr()
    assert main(["search", "黎智英", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)
    # Given another folder that would remove most of it, the update refuses and nothing is lost.
    assert main(["search", "黎智英", "--json", "--corpus", str(ROOT / "seeds"), "--db", db]) == 2
    assert "holds the articles of" in capsys.readouterr().err
    assert main(["stats", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 14


def test_search_stdin_answers_from_the_index_and_brings_it_up_to_date_meanwhile(seeds_copy: Path, tmp_path: Path):
    """A stdin session on an index that holds articles answers at once; a file added since is indexed in the
    background, and the session leaves the index up to date when it ends."""
    db = str(tmp_path / "c.db")
    assert main(["index", "--corpus", str(seeds_copy), "--db", db]) == 0
    write_article(seeds_copy, "new.md", title="台风登陆浙江沿海", body="<p>台风今天登陆浙江沿海。</p>")
    proc = subprocess.run(
        [sys.executable, "-m", "corpus", "search", "--stdin", "--json", "--corpus", str(seeds_copy), "--db", db],
        input="柯比\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout.strip())[0]["source"] == "大纪元"
    with CorpusIndex(db) as index:
        assert index.article_id("new.md") is not None


def test_stdin_lines_tell_when_the_questions_pause():
    """A stdin session starts its update when the questions pause or end, not beside questions asked back to
    back; a line that is not UTF-8 is read with its bad bytes replaced."""
    read, write = os.pipe()
    pauses: list[int] = []
    lines = _lines(os.fdopen(read, "r"), lambda: pauses.append(1), pause=0.05)
    os.write(write, "甲\n乙\n".encode())
    assert next(lines) == "甲" and next(lines) == "乙" and not pauses

    def later() -> None:
        os.write(write, b"\xff" + "丙\n丁".encode())
        os.close(write)

    threading.Timer(0.3, later).start()
    assert next(lines) == "\ufffd丙" and pauses  # waited: paused meanwhile
    waited = len(pauses)
    assert list(lines) == ["丁"] and len(pauses) > waited  # and at the end


def test_a_stdin_sessions_update_waits_to_be_started(seeds_copy: Path, tmp_path: Path):
    db = str(tmp_path / "c.db")
    assert main(["index", "--corpus", str(seeds_copy), "--db", db]) == 0
    write_article(seeds_copy, "new.md", title="台风登陆浙江沿海", body="<p>台风今天登陆浙江沿海。</p>")
    with CorpusIndex(db) as index:
        updating = _BackgroundUpdate(Retriever(index), str(seeds_copy), db)
        assert updating.process is None and not updating.done() and not updating.due()
        updating.start()
        updating.start()  # once
        assert updating.done(wait=True) and index.article_id("new.md") is not None


def test_a_stdin_session_reads_the_outlets_and_times_and_the_readings_before_its_first_answer(
        seeds_copy: Path, tmp_path: Path, monkeypatch, capsys):
    """Every search reads its candidates' outlets and times, and a question that may be mistyped the readings of
    characters; a stdin session that answers before its update reads both tables before its first answer (not at
    the first pause, after the questions asked back to back, or in the middle of them)."""
    import io

    db = str(tmp_path / "c.db")
    with CorpusIndex(db) as index:
        index.update(seeds_copy)
    events: list[str] = []
    read_tables, search = CorpusIndex.read_tables, Retriever.search

    # Only this session's own thread counts: a "tables" thread an earlier test started (``load_tables_later``, a
    # daemon that waits five seconds) may wake during this one and call the same patched functions.
    def here() -> bool:
        return threading.current_thread() is threading.main_thread()

    def tables(self) -> None:  # the articles' outlets and times, their publication times, the names' lookups
        if here():
            events.append("tables")
        read_tables(self)

    def searched(self, raw, *args, **kwargs):
        if here():
            events.append(raw)
        return search(self, raw, *args, **kwargs)

    load_tables = Retriever.load_tables

    def readings() -> None:
        if here():
            events.append("readings")
        load_tables()

    monkeypatch.setattr(CorpusIndex, "read_tables", tables)
    monkeypatch.setattr(Retriever, "search", searched)
    monkeypatch.setattr(Retriever, "load_tables", staticmethod(readings))
    monkeypatch.setattr(sys, "stdin", io.StringIO("柯比\n王毅\n"))
    assert main(["search", "--stdin", "--json", "--corpus", str(seeds_copy), "--db", db]) == 0
    assert events[:4] == ["tables", "readings", "柯比", "王毅"]
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(answers) == 2 and answers[0][0]["source"] == "大纪元" and all(answers)

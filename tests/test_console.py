"""The offline console, run as a user would: lines on standard input, replies on standard output."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run_console(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN",)}
    env.update(CORPUS_DIR=str(ROOT / "seeds"), COVERAGE_DB=str(tmp_path / "c.db"))
    return subprocess.run([sys.executable, "-m", "bot", *args, "--env-file", str(tmp_path / "none.env")],
                          input=stdin, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=180)


def test_piped_search_prints_quote_source_and_link(tmp_path: Path):
    proc = run_console(tmp_path, "/search 碰肘\n/search 柯比\n", "console")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "观察者网" in out and "【碰肘】" in out and "2021-10-31" in out
    assert "<https://www.epochtimes.com/gb/23/10/26/n14103768.htm>" in out
    assert "<b>" not in out


def test_no_token_starts_the_console_and_survives_bad_input(tmp_path: Path):
    proc = run_console(tmp_path, "/search\n/search x since:nope\n/sources\n\n/quit\n/search 碰肘\n")
    assert proc.returncode == 0, proc.stderr
    assert "用法" in proc.stdout and "nope" in proc.stdout and "联合早报" in proc.stdout
    assert "碰肘" not in proc.stdout  # nothing after /quit


def test_console_help_text():
    proc = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "console" in proc.stdout and "--webhook" in proc.stdout


def test_bad_setting_stops_with_one_line(tmp_path: Path):
    env = dict(os.environ, ADMIN_IDS="not-a-number")
    proc = subprocess.run([sys.executable, "-m", "bot", "console", "--env-file", str(tmp_path / "x.env")],
                          input="", capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "configuration error: ADMIN_IDS: must be a comma-separated list of numeric Telegram ids"]


def test_an_index_of_another_folder_stops_the_bot_with_one_line(tmp_path: Path):
    """Started on an index built from another folder, which an update from seeds/ would empty, the bot says so in
    one line and leaves the index as it was."""
    from corpus import CorpusIndex
    from corpus.__main__ import main as corpus_main
    from tests.conftest import write_article

    folder = tmp_path / "archive"
    folder.mkdir()
    for i in range(14):
        write_article(folder, f"{i:02d}.md", title=f"报道{i}", body=f"<p>第{i}篇关于黎智英被捕的报道。</p>",
                      source=f"媒体{i}", date="2020-08-10T08:00:00Z")
    assert corpus_main(["index", "--corpus", str(folder), "--db", str(tmp_path / "c.db")]) == 0
    proc = run_console(tmp_path, "/search 黎智英\n", "console")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("index error: the index") and "CORPUS_DIR" in lines[-1], proc.stderr
    assert "Traceback" not in proc.stderr
    with CorpusIndex(tmp_path / "c.db") as index:
        assert index.db.execute("SELECT COUNT(*) FROM files WHERE status = 'ok'").fetchone()[0] == 14


def test_subscription_made_in_the_console_persists_and_dry_run_digest(tmp_path: Path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(CORPUS_DIR=str(corpus), COVERAGE_DB=str(tmp_path / "c.db"))

    def bot(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", *args, "--env-file", str(tmp_path / "none.env")],
                              input=stdin, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=180)

    first = bot("console", "--chat", "9", stdin="/subscribe 07:30 Asia/Singapore\n")
    assert "07:30" in first.stdout, first.stderr
    second = bot("console", "--chat", "9", stdin="/subscribe\n")  # a restart: the subscription is still there
    assert "07:30" in second.stdout and "Asia/Singapore" in second.stdout
    from tests.conftest import write_article
    from tests.test_stories import FOURTH_OUTLET_ON_THE_CALL

    write_article(corpus, "new/cctv.md", title="王毅同布林肯通电话", source="央视新闻", date="2021-11-13T09:30:00Z",
                  url="https://news.cctv.com/x", body=FOURTH_OUTLET_ON_THE_CALL)
    dry = bot("digest", "--chat", "9", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "chat 9: subscribed at 07:30 Asia/Singapore" in dry.stdout
    assert "央视新闻" in dry.stdout and "此前已有 2 家报道" in dry.stdout and "罗马" not in dry.stdout
    again = bot("digest", "--chat", "9", "--dry-run")
    assert "央视新闻" in again.stdout  # a dry run records nothing


def test_an_alert_set_in_the_console_is_printed_once_when_an_article_arrives(tmp_path: Path):
    import shutil

    from tests.conftest import write_article
    from tests.test_stories import FOURTH_OUTLET_ON_THE_CALL

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(CORPUS_DIR=str(corpus), COVERAGE_DB=str(tmp_path / "c.db"))

    def console(stdin: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "bot", "console", "--env-file", str(tmp_path / "none.env")],
                              input=stdin, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=180)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    first = console("/alert 布林肯 通电话\n/alerts\n")
    assert "已设提醒 1" in first and "1. 布林肯 通电话" in first
    write_article(corpus, "new/cctv.md", title="王毅同布林肯通电话", source="央视新闻", date="2021-11-13T09:30:00Z",
                  url="https://news.cctv.com/x", body=FOURTH_OUTLET_ON_THE_CALL)
    second = console("/alerts\n/reindex\n")  # the start-up update reads it; the alert comes before any reply
    assert second.count("🔔") == 1 and "央视新闻" in second  # the held-out article, told once
    assert second.index("🔔") < second.index("1. 布林肯 通电话")
    third = console("/reindex\n/unalert 1\n/alerts\n")  # after a restart: not again
    assert "🔔" not in third and "已删除提醒 1" in third and "没有提醒" in third


def test_trend_in_the_console_writes_its_chart_and_prints_the_path(tmp_path: Path):
    proc = run_console(tmp_path, "/trend 王毅 布林肯\n/trend\n", "console")
    assert proc.returncode == 0, proc.stderr
    assert "📈 王毅 布林肯" in proc.stdout and "用法：/trend" in proc.stdout
    charts = list(tmp_path.glob("chart-*.png"))
    assert len(charts) == 1 and charts[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"[chart: {charts[0]}]" in proc.stdout

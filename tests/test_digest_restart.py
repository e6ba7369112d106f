"""A bot killed while sending digests: after a restart every subscribed chat has its digest exactly once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.store import BotStore
from corpus.store.index import CorpusIndex
from tests.conftest import ROOT, stop_process
from tests.fake_bot_api import FakeBotAPI


def _start(api: FakeBotAPI, work: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ALLOWED_", "ADMIN_"))}
    env.update(TELEGRAM_BOT_TOKEN="5:RESTART", TELEGRAM_API_URL=api.url, CORPUS_DIR=str(ROOT / "seeds"),
               COVERAGE_DB=str(work / "c.db"), RESCAN_SECONDS="0")
    return subprocess.Popen([sys.executable, "-m", "bot", "--env-file", str(work / "none.env")], cwd=work, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _digests(api: FakeBotAPI, chat_id: int) -> list[dict]:
    return [p for m, p in api.calls if m == "sendMessage" and int(p.get("chat_id", 0)) == chat_id
            and p["_status"] == 200 and "新闻摘要" in p.get("text", "")]


def test_killed_while_sending_digests(tmp_path: Path):
    yesterday = datetime.now(UTC) - timedelta(days=1, hours=1)
    store = BotStore(tmp_path / "c.db")
    for chat in (101, 102):  # subscribed yesterday: today's slot (or yesterday's) was missed while the bot was down
        store.subscribe(chat, time(0, 0), "UTC", "zh", yesterday)
    store.close()
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(ROOT / "seeds")  # coverage first indexed after the subscriptions: new for both
    api = FakeBotAPI().start()
    release = api.hold("sendMessage", 102)
    bot = _start(api, tmp_path)
    try:
        api.wait_for(lambda m, p: m == "sendMessage" and p["_status"] == "held", timeout=90)
        bot.send_signal(signal.SIGKILL)  # killed in the middle of the digest run
        bot.wait(timeout=30)
        release.set()
        del api.held[("sendMessage", 102)]
        delivered_before = {chat: len(_digests(api, chat)) for chat in (101, 102)}
        bot = _start(api, tmp_path)
        api.wait_for(lambda m, p: m == "sendMessage" and int(p.get("chat_id", 0)) == 102 and p["_status"] == 200,
                     timeout=90)
        api.wait_for(lambda m, p: m == "getUpdates", count=3, timeout=30)  # settled after the catch-up
    finally:
        stop_process(bot)
        api.stop()
    assert delivered_before[102] == 0
    assert len(_digests(api, 101)) == 1  # sent before the kill, not again
    assert len(_digests(api, 102)) == 1  # held when killed, sent once after the restart

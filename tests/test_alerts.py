"""Keyword alerts: one message per new matching story, one update at most, exactly once across restarts."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import alerts
from bot.store import BotStore
from corpus import CorpusIndex, Retriever
from tests.conftest import write_article
from tests.test_digest import FakeBot
from tests.test_stories import FOURTH_OUTLET_ON_THE_CALL

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(seeds_copy: Path, tmp_path: Path):
    index = CorpusIndex(tmp_path / "c.db")
    index.update(seeds_copy)
    store = BotStore(tmp_path / "c.db")
    yield index, store, seeds_copy, tmp_path
    store.close()
    index.close()


def _run(bot, store, index, **kw) -> int:
    return asyncio.run(alerts.run_alerts(bot, store, Retriever(index), ZONE, **kw))


def _add(folder: Path, index: CorpusIndex, name: str, source: str, title: str, body: str,
         date: str = "2021-11-13T09:30:00Z") -> None:
    write_article(folder, name, title=title, source=source, date=date, url=f"https://example.org/{name}", body=body)
    index.update(folder)


def test_one_message_per_new_story_then_one_update_and_never_again(world):
    index, store, folder, tmp_path = world
    store.add_alert(7, "布林肯 通电话", "zh", datetime.now(UTC))
    bot = FakeBot()
    assert _run(bot, store, index) == 0  # the seeds were there before the alert
    _add(folder, index, "cctv.md", "央视新闻", "王毅同布林肯通电话", FOURTH_OUTLET_ON_THE_CALL)
    _add(folder, index, "cctv2.md", "央视新闻", "王毅应约同布林肯通电话（全文）", FOURTH_OUTLET_ON_THE_CALL)
    assert _run(bot, store, index) == 1  # two new articles of one story: one message
    text = bot.sent[0][1]
    assert "央视新闻" in text and "<blockquote>" in text and "3 家媒体" in text  # the story so far, first first
    assert "首发 新浪财经" in text and "布林肯通电话" in text
    assert _run(bot, store, index) == 0  # nothing new
    _add(folder, index, "rfi.md", "法广", "王毅与布林肯通电话 谈习拜会", FOURTH_OUTLET_ON_THE_CALL)
    assert _run(bot, store, index) == 1 and "更多媒体跟进" in bot.sent[-1][1]  # the one update
    _add(folder, index, "dw.md", "德国之声", "王毅布林肯通电话", FOURTH_OUTLET_ON_THE_CALL)
    assert _run(bot, store, index) == 0  # never a second update
    store.close()
    again = BotStore(tmp_path / "c.db")  # a restart
    assert _run(bot, again, index) == 0 and len(bot.sent) == 2
    again.close()


def test_a_message_interrupted_by_a_crash_is_sent_once_after_the_restart(world):
    index, store, folder, tmp_path = world
    store.add_alert(7, "布林肯 通电话", "zh", datetime.now(UTC))
    _add(folder, index, "cctv.md", "央视新闻", "王毅同布林肯通电话", FOURTH_OUTLET_ON_THE_CALL)
    with pytest.raises(KeyboardInterrupt):
        _run(FakeBot(fail_after=0), store, index)  # killed while sending
    store.close()
    revived = BotStore(tmp_path / "c.db")
    bot = FakeBot()
    assert _run(bot, revived, index) == 1 and "央视新闻" in bot.sent[0][1]
    assert _run(bot, revived, index) == 0
    revived.close()


def test_a_flood_of_stories_comes_in_one_message(world):
    index, store, folder, _ = world
    store.add_alert(7, "地震", "en", datetime.now(UTC))
    places = ["智利", "土耳其", "日本", "墨西哥", "印尼", "秘鲁", "冰岛"]
    for day, place in enumerate(places, 1):
        _add(folder, index, f"quake{day}.md", "测试日报", f"{place}发生强烈地震", f"<p>{place}今天发生强烈地震。</p>",
             date=f"2021-12-{day * 4:02d}T08:00:00Z")
    bot = FakeBot()
    assert _run(bot, store, index) == 1
    text = bot.sent[0][1]
    assert "7 new stories" in text and all(place in text for place in places)
    assert _run(bot, store, index) == 0


def test_muted_outlets_do_not_alert(world):
    index, store, folder, _ = world
    store.add_alert(7, "布林肯 通电话", "zh", datetime.now(UTC))
    store.mute(7, ["央视新闻"])
    _add(folder, index, "cctv.md", "央视新闻", "王毅同布林肯通电话", FOURTH_OUTLET_ON_THE_CALL)
    assert _run(FakeBot(), store, index) == 0


def test_alerts_that_would_match_everything_are_refused(world, monkeypatch):
    index, _store, _folder, _ = world
    retriever = Retriever(index)
    assert alerts.refusal(retriever, "since:2021-01-01") == "words"
    monkeypatch.setattr(alerts, "JUDGED_FROM", 1)  # judge the seeds as if they were a large archive
    assert alerts.refusal(retriever, "王毅") == "common"
    assert alerts.refusal(retriever, "碰肘") is None


def test_stories_of_several_alerts_summarised_together_are_each_told_once(world, monkeypatch):
    index, store, folder, _ = world
    monkeypatch.setattr(alerts, "PER_CHAT", 2)
    events = {"智利": ("地震", "2021-12-01"), "菲律宾": ("台风", "2021-12-10"), "孟加拉": ("洪水", "2021-12-19")}
    for word, _day in events.values():
        store.add_alert(7, word, "zh", datetime.now(UTC))
    for n, (place, (word, day)) in enumerate(events.items()):
        _add(folder, index, f"d{n}.md", "测试日报", f"{place}发生{word}", f"<p>{place}今天发生{word}。</p>",
             date=f"{day}T08:00:00Z")
    bot = FakeBot()
    assert _run(bot, store, index) == 2  # one message, then the rest (two alerts' stories) in one
    assert "孟加拉" in bot.sent[1][1] and "菲律宾" in bot.sent[1][1]
    assert _run(bot, store, index) == 0 and len(bot.sent) == 2  # none of them again
    place = "孟加拉" if "孟加拉" not in bot.sent[0][1] else "菲律宾"  # one told in the summary, for its own alert
    word, day = events[place]
    _add(folder, index, "later.md", "另一报", f"{place}发生{word}", f"<p>{place}今天发生{word}。</p>",
         date=f"{day}T09:00:00Z")
    assert _run(bot, store, index) == 1 and "跟进" in bot.sent[-1][1]  # its alert knew it: an update, not news

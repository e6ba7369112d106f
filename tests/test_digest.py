"""The daily digest and subscriptions, with time driven explicitly."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram.error import Forbidden

from bot import digest, render
from bot.handlers import parse_subscription
from bot.store import BotStore
from corpus import CorpusIndex, published_on
from tests.conftest import write_article
from tests.test_stories import FOURTH_OUTLET_ON_THE_CALL


class FakeBot:
    """Records what would be sent; can refuse like a chat that blocked the bot."""

    def __init__(self, blocked: bool = False, fail_after: int | None = None) -> None:
        self.sent: list[tuple[int, str]] = []
        self.blocked = blocked
        self.fail_after = fail_after

    async def send_message(self, chat_id: int, text: str, **kwargs) -> None:
        if self.blocked:
            raise Forbidden("Forbidden: bot was blocked by the user")
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise KeyboardInterrupt  # killed in the middle of a digest
        self.sent.append((chat_id, text))


@pytest.fixture
def world(seeds_copy: Path, tmp_path: Path):
    """An index of the seeds, a store, and a subscription of chat 7 at 08:00 Singapore time, made after that."""
    index = CorpusIndex(tmp_path / "c.db")
    index.update(seeds_copy)
    store = BotStore(tmp_path / "c.db")
    store.subscribe(7, time(8, 0), "Asia/Singapore", "zh", datetime.now(UTC))
    yield index, store, seeds_copy, tmp_path
    store.close()
    index.close()


def _add_fourth_outlet(folder: Path, index: CorpusIndex) -> None:
    write_article(folder, "new/cctv.md", title="王毅同布林肯通电话", source="央视新闻",
                  date="2021-11-13T09:30:00Z", url="https://news.cctv.com/x", body=FOURTH_OUTLET_ON_THE_CALL)
    index.update(folder)


def run(coro):
    return asyncio.run(coro)


def test_digest_sends_what_is_new_once(world):
    index, store, folder, _ = world
    _add_fourth_outlet(folder, index)
    bot = FakeBot()
    now = datetime.now(UTC) + timedelta(seconds=1)
    slot = digest.last_slot(store.subscription(7), now)
    assert run(digest.deliver(bot, store, index, 7, slot, now)) == "sent"
    assert len(bot.sent) == 1
    text = bot.sent[0][1]
    assert text.count("王毅同布林肯通电话") >= 1 and "央视新闻" in text and "1 家媒体" in text
    assert "此前已有 2 家报道" in text  # the story's earlier outlets are counted, their articles not listed
    assert "新浪财经" not in text and "联合早报" not in text  # only the window's articles
    assert "罗马" not in text  # nothing else was new
    assert run(digest.deliver(bot, store, index, 7, slot, now)) == "done"  # the same slot is never sent twice
    assert len(bot.sent) == 1
    later = now + timedelta(days=1)
    assert run(digest.deliver(bot, store, index, 7, digest.last_slot(store.subscription(7), later), later)) == "empty"
    assert len(bot.sent) == 1  # nothing new: nothing sent


def test_restart_neither_resends_nor_skips(world):
    index, store, folder, tmp_path = world
    _add_fourth_outlet(folder, index)
    now = datetime.now(UTC) + timedelta(seconds=1)
    slot = digest.last_slot(store.subscription(7), now)
    first = FakeBot()
    run(digest.deliver(first, store, index, 7, slot, now))
    store.close()
    store = BotStore(tmp_path / "c.db")  # the bot restarts
    app = _App(FakeBot(), store, index)
    assert run(digest.catch_up(app, now + timedelta(minutes=5))) == {}
    assert app.bot.sent == []
    store.close()


def test_a_missed_slot_is_caught_up_once(world):
    index, store, folder, tmp_path = world
    subscription = store.subscription(7)
    _add_fourth_outlet(folder, index)
    # the bot was down at the next 08:00 (Singapore) after the subscription; it comes back three hours later
    first_slot = digest.last_slot(subscription, subscription.created + timedelta(days=1))
    back = first_slot + timedelta(hours=3)
    if back <= datetime.now(UTC):  # the new article must be indexed before the digest is due
        back = datetime.now(UTC) + timedelta(seconds=1)
    app = _App(FakeBot(), store, index)
    outcomes = run(digest.catch_up(app, back))
    assert outcomes == {7: "sent"} and len(app.bot.sent) == 1
    assert run(digest.catch_up(app, back + timedelta(minutes=10))) == {}
    assert len(app.bot.sent) == 1


def test_an_interrupted_digest_is_finished_not_repeated(world, monkeypatch):
    index, store, folder, _ = world
    _add_fourth_outlet(folder, index)
    monkeypatch.setattr(render, "MESSAGE_LIMIT", 50)  # a digest of several messages
    now = datetime.now(UTC) + timedelta(seconds=1)
    slot = digest.last_slot(store.subscription(7), now)
    dying = FakeBot(fail_after=1)
    with pytest.raises(KeyboardInterrupt):
        run(digest.deliver(dying, store, index, 7, slot, now))
    assert len(dying.sent) == 1 and store.digest_entry(7, slot).status == "sending"
    revived = _App(FakeBot(), store, index)
    run(digest.catch_up(revived, now + timedelta(minutes=1)))
    total = store.digest_entry(7, slot).parts_total
    assert total > 1 and len(revived.bot.sent) == total - 1  # only the parts not yet sent
    assert store.digest_entry(7, slot).status == "sent"


def test_a_chat_that_blocked_the_bot_is_unsubscribed(world):
    index, store, folder, _ = world
    _add_fourth_outlet(folder, index)
    now = datetime.now(UTC) + timedelta(seconds=1)
    slot = digest.last_slot(store.subscription(7), now)
    assert run(digest.deliver(FakeBot(blocked=True), store, index, 7, slot, now)) == "blocked"
    assert store.subscription(7) is None
    assert store.digest_entry(7, slot).status == "failed"


def test_subscriptions_persist(tmp_path: Path):
    store = BotStore(tmp_path / "c.db")
    store.subscribe(5, time(7, 30), "Europe/Rome", "en", datetime.now(UTC))
    store.close()
    again = BotStore(tmp_path / "c.db")
    sub = again.subscription(5)
    assert (sub.at, sub.zone, sub.lang) == (time(7, 30), "Europe/Rome", "en")
    assert again.unsubscribe(5) and again.subscription(5) is None and not again.unsubscribe(5)
    again.close()


def test_last_slot_is_in_the_subscribers_zone(tmp_path: Path):
    store = BotStore(tmp_path / "c.db")
    sub = store.subscribe(1, time(8, 0), "Asia/Singapore", "zh", datetime(2021, 1, 1, tzinfo=UTC))
    # 2021-11-13 01:00 UTC is 09:00 in Singapore: today's 08:00 has passed
    assert digest.last_slot(sub, datetime(2021, 11, 13, 1, 0, tzinfo=UTC)) == datetime(2021, 11, 13, 0, 0, tzinfo=UTC)
    # 2021-11-12 23:00 UTC is 07:00 in Singapore: the last slot was yesterday's
    assert digest.last_slot(sub, datetime(2021, 11, 12, 23, 0, tzinfo=UTC)) == datetime(2021, 11, 12, 0, 0, tzinfo=UTC)
    store.close()


@pytest.mark.parametrize("args, expected", [
    ([], (time(8, 0), "Asia/Shanghai")), (["07:15"], (time(7, 15), "Asia/Shanghai")),
    (["08:00", "Asia/Singapore"], (time(8, 0), "Asia/Singapore")), (["Europe/Rome"], (time(8, 0), "Europe/Rome")),
    (["25:00"], None), (["08:00", "Mars/Base"], None), (["noon"], None),
])
def test_subscribe_arguments(args, expected):
    assert parse_subscription(args, time(8, 0), "Asia/Shanghai") == expected


def test_published_on_a_day(world):
    index, _store, _folder, _ = world
    from zoneinfo import ZoneInfo

    stories = published_on(index, datetime(2021, 11, 13).date(), ZoneInfo("Asia/Shanghai"))
    assert len(stories) == 1 and set(stories[0].outlets) == {"新浪财经", "联合早报"}


class _App:
    """The parts of an Application that ``catch_up`` uses."""

    def __init__(self, bot: FakeBot, store: BotStore, index: CorpusIndex) -> None:
        self.bot = bot
        settings = type("Settings", (), {"digest_stories": 10})()
        self.bot_data = type("Data", (), {"store": store, "index": index, "settings": settings})()


def test_a_day_digest_ranks_stories_by_outlets_and_pages_them(tmp_path: Path, seeds_copy: Path):
    from zoneinfo import ZoneInfo
    topics = [("台风袭击沿海城市 数万人撤离", ["甲报", "乙报", "丙报"], "台风今天登陆沿海城市，数万居民撤离。"),
              ("央行宣布下调利率 股市上涨", ["丁报", "戊报"], "央行今天宣布下调基准利率，股市随即上涨。"),
              ("博物馆新展开幕 展出古代青铜器", ["己报"], "博物馆今天开幕新展，展出一批古代青铜器。")]
    for t, (title, outlets, body) in enumerate(topics):
        for o, outlet in enumerate(outlets):
            write_article(seeds_copy, f"day/{t}-{o}.md", title=title, source=outlet,
                          date=f"2021-11-20T0{t + 1}:{o}0:00Z", body=f"<p>{body}</p>")
    index = CorpusIndex(tmp_path / "d.db")
    index.update(seeds_copy)
    zone = ZoneInfo("Asia/Shanghai")
    stories = published_on(index, datetime(2021, 11, 20).date(), zone)
    assert [len(s.outlets) for s in stories] == [3, 2, 1]  # most outlets first
    spec = digest.day_spec(datetime(2021, 11, 20).date(), zone)
    first, page, pages = digest.page_of(index, spec, 0, 2, "zh")
    assert (page, pages) == (0, 2) and "台风" in first and "央行" in first and "博物馆" not in first
    assert "第 1–2 个，共 3 个" in first and "3 家媒体 · 首发 甲报" in first
    second, page, _ = digest.page_of(index, spec, 5, 2, "en")  # past the end: the last page
    assert page == 1 and "博物馆" in second and "1 outlet · first 己报" in second
    index.close()


def test_a_muted_outlet_is_left_out_of_the_digest(world):
    index, store, folder, _ = world
    _add_fourth_outlet(folder, index)
    store.mute(7, ["央视新闻"])
    bot = FakeBot()
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert run(digest.deliver(bot, store, index, 7, digest.last_slot(store.subscription(7), now), now)) == "empty"
    assert bot.sent == []  # its one new article was the muted outlet's
    store.unmute(7, ["央视新闻"])
    assert "央视新闻" in digest.on_demand(index, None, "zh", ZoneInfo("UTC"), now)[0]
    assert "央视新闻" not in digest.on_demand(index, None, "zh", ZoneInfo("UTC"), now, muted=frozenset({"央视新闻"}))[0]

"""Keyword alerts: when new articles arrive, each chat hears once about each new story that matches its alerts.

After every update that brought articles (the rescan job, ``/reindex``), each alert's query is run over the
articles first indexed since it last looked (the same query syntax as ``/search``, filters and the chat's muted
outlets included). The matching articles are grouped by story: a story the alert has not told about yet gets one
message (headline, outlets, first report, link, the matching passage quoted); a story it told about that has since
been reported by more outlets gets one update, never more. More new stories than ``FLOOD`` for one alert, or more
messages than ``PER_CHAT`` for one chat in one pass, are summarised in one message. Every message is logged before
it is sent and marked after; messages logged but not marked (a crash in between) are sent at the next pass, so a
restart neither loses nor repeats one.
"""
from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot import render
from bot.store import Alert, BotStore
from corpus import Hit, QueryError, Retriever
from corpus.answer.stories import members_of, story_of

logger = logging.getLogger(__name__)

MAX_ALERTS = 20  # alerts one chat may keep
FLOOD = 5  # more new stories than this for one alert in one pass are summarised in one message
PER_CHAT = 10  # messages one chat may get in one pass; the rest are summarised in one
TOO_COMMON = 0.2  # an alert all of whose words are in more than this share of passages would match everything
JUDGED_FROM = 10_000  # ... judged on an index of at least this many passages (a small one is all one topic)
CANDIDATES = 500


def refusal(retriever: Retriever, raw: str) -> str | None:
    """Why an alert with this query would not be useful (None: it is fine). Raises QueryError for a bad query."""
    query = retriever.parse(raw)
    if not query.terms:
        return "words"  # filters alone match every new article
    searcher = retriever.index.searcher()
    total = max(searcher.num_docs, 1)
    if total < JUDGED_FROM:
        return None
    readings = query.alternatives
    shares = [sum(searcher.doc_freq("words", s) for s in (t, *readings.get(t, ()))) / total for t in query.terms]
    if all(share > TOO_COMMON for share in shares):
        return "common"
    return None


@dataclass(frozen=True)
class _Item:
    alert_id: int
    story_id: int
    hit: Hit
    members: list[tuple]  # the story's articles (id, source, title, url, published, path, ts), earliest first
    outlets: tuple[str, ...]
    update: bool


def _items(retriever: Retriever, store: BotStore, alert: Alert, now: datetime) -> list[_Item]:
    index = retriever.index
    new_ids = index.articles_first_indexed(alert.since.astimezone(UTC).isoformat(timespec="microseconds"),
                                           now.astimezone(UTC).isoformat(timespec="microseconds"))
    if not new_ids:
        return []
    muted = store.muted(alert.chat_id)
    hits = retriever.search(alert.query, top=CANDIDATES, candidates=CANDIDATES, muted=muted, articles=new_ids).hits
    best: dict[int, tuple[Hit, int]] = {}
    for hit in hits:  # best first: each story's best passage
        article_id = index.article_id(hit.path)
        if article_id is not None:
            best.setdefault(story_of(index.db, article_id) or article_id, (hit, article_id))
    items = []
    for story_id, (hit, article_id) in best.items():
        members = [m for m in members_of(index.db, (story_id,)) if m[1] not in muted] or \
            [(article_id, hit.source, hit.title, hit.url, hit.published.isoformat(), hit.path, 0)]
        outlets = tuple(dict.fromkeys(m[1] for m in members))
        seen = store.alert_story(alert.alert_id, story_id)
        if seen is None or (seen[0] == "sent" and len(outlets) > seen[1]):
            items.append(_Item(alert.alert_id, story_id, hit, members, outlets, update=seen is not None))
    return items


async def _send(bot: Bot, store: BotStore, chat_id: int, stories: list[tuple[int, int]], message: str) -> bool:
    """Send one logged message about these (alert, story) pairs and mark it sent."""
    try:
        for part in render.split_message(message):
            await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML,
                                   link_preview_options=LinkPreviewOptions(is_disabled=True))
    except Forbidden:
        logger.info("chat %s blocked the bot; its alerts are removed", chat_id)
        for alert in store.alerts(chat_id):
            store.remove_alert(chat_id, alert.alert_id)
        return False
    store.alert_message_sent(stories)
    return True


_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


async def run_alerts(bot: Bot, store: BotStore, retriever: Retriever, zone: ZoneInfo,
                     now: datetime | None = None) -> int:
    """Tell every chat about the new stories that match its alerts; return how many messages were sent.

    One pass at a time (a rescan and a /reindex may both call it): two at once would tell of a story twice."""
    lock = _locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock:
        return await _run_alerts(bot, store, retriever, zone, now or datetime.now(UTC))


async def _run_alerts(bot: Bot, store: BotStore, retriever: Retriever, zone: ZoneInfo, now: datetime) -> int:
    sent = 0
    for chat_id, message, stories in store.unfinished_alert_messages():  # a crash came in between
        sent += await _send(bot, store, chat_id, stories, message)
    queued: dict[int, list[tuple[Alert, list[_Item], bool]]] = {}
    looked: list[Alert] = []
    for alert in store.alerts():
        try:
            items = _items(retriever, store, alert, now)
        except QueryError as exc:  # the index changed under a stored query (an outlet gone): skip it this time
            logger.warning("alert %s: %s", alert.alert_id, exc)
            continue
        looked.append(alert)
        if len(items) > FLOOD:
            queued.setdefault(alert.chat_id, []).append((alert, items, True))
        else:
            queued.setdefault(alert.chat_id, []).extend((alert, [item], False) for item in items)
    for chat_id, messages in queued.items():
        if len(messages) > PER_CHAT:  # the rest of this chat's messages in one
            rest = messages[PER_CHAT - 1:]
            messages = messages[:PER_CHAT - 1] + [(rest[0][0], [i for _a, items, _s in rest for i in items], True)]
        for alert, items, summary in messages:
            if summary:
                text = render.render_alert_summary(alert.query, [(i.members, i.outlets) for i in items], alert.lang,
                                                   zone)
            else:
                item = items[0]
                text = render.render_alert(alert.query, item.hit, item.members, item.outlets, item.update,
                                           alert.lang, zone)
            # each story logged under its own alert, even in a summary of several alerts' stories
            store.begin_alert_message([(i.alert_id, i.story_id, len(i.outlets), i.update) for i in items], text)
            try:
                sent += await _send(bot, store, chat_id, [(i.alert_id, i.story_id) for i in items], text)
            except TelegramError as exc:  # left logged: sent at the next pass
                logger.warning("alert message to chat %s failed: %s", chat_id, exc)
    for alert in looked:
        store.alert_seen(alert.alert_id, now)
    return sent

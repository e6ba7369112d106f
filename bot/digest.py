"""The daily digest: for each subscribed chat, the stories with articles first indexed since its last digest.

A digest is logged before it is sent, with its window of coverage and the number of messages sent so far, so
that after a restart an interrupted digest is finished (not sent again) and a missed one is caught up once. A chat
that blocked the bot is unsubscribed.
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import Application, ContextTypes, JobQueue

from bot import render
from bot.store import BotStore, DigestEntry, Subscription
from corpus import CorpusIndex, new_since

logger = logging.getLogger(__name__)

SLOT_TOLERANCE = timedelta(minutes=2)  # a job that fires a little early still counts for its own slot
FRESH_WINDOW = timedelta(hours=24)  # /digest in a chat with no subscription: what is new in this long


def on_demand(index: CorpusIndex, subscription: Subscription | None, lang: str, default_zone: ZoneInfo,
              now: datetime) -> str:
    """Return (HTML) what a chat's digest would hold now: the stories new since its last digest (or, with no
    subscription, in the last ``FRESH_WINDOW``), or a line saying nothing is new. Nothing is recorded."""
    since = subscription.since if subscription else now - FRESH_WINDOW
    zone = ZoneInfo(subscription.zone) if subscription else default_zone
    stories = new_since(index, since, now)
    if not stories:
        return render.text(lang, "digest_nothing", since=render.format_time(since, zone))
    return render.render_digest(stories, lang, zone, now)


def last_slot(subscription: Subscription, now: datetime) -> datetime:
    """Return the most recent scheduled time of a subscription at or before ``now`` (in UTC)."""
    zone = ZoneInfo(subscription.zone)
    local = (now + SLOT_TOLERANCE).astimezone(zone)
    slot = datetime.combine(local.date(), subscription.at, tzinfo=zone)
    if slot > local:
        slot = datetime.combine(local.date() - timedelta(days=1), subscription.at, tzinfo=zone)
    return slot.astimezone(UTC)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


async def deliver(bot: Bot, store: BotStore, index: CorpusIndex, chat_id: int, slot: datetime,
                  now: datetime) -> str:
    """Send one chat's digest for one scheduled time, exactly once; return what happened.

    Returns ``sent``, ``empty`` (nothing new: nothing sent), ``done`` (already sent), ``blocked`` (the chat
    blocked the bot and is unsubscribed) or ``none`` (no subscription).
    """
    subscription = store.subscription(chat_id)
    if subscription is None:
        return "none"
    entry = store.digest_entry(chat_id, slot)
    if entry is not None and entry.status != "sending":
        return "done"
    zone = ZoneInfo(subscription.zone)
    if entry is None:
        stories = new_since(index, subscription.since, now)
        parts = render.split_message(render.render_digest(stories, subscription.lang, zone, slot)) if stories else []
        entry = store.begin_digest(chat_id, slot, subscription.since, now, len(parts))
        if not parts:
            return "empty"
    else:  # interrupted: the same window again, the parts not yet sent
        stories = new_since(index, entry.since, entry.until)
        parts = render.split_message(render.render_digest(stories, subscription.lang, zone, slot))
        entry = DigestEntry(entry.chat_id, entry.slot, entry.status, entry.since, entry.until, len(parts),
                            min(entry.parts_sent, len(parts)))
    for number in range(entry.parts_sent, len(parts)):
        try:
            await bot.send_message(chat_id, parts[number], parse_mode=ParseMode.HTML,
                                   link_preview_options=LinkPreviewOptions(is_disabled=True))
        except Forbidden as exc:
            logger.info("chat %s blocked the bot; unsubscribed", chat_id)
            store.digest_failed(entry, str(exc))
            store.unsubscribe(chat_id)
            return "blocked"
        store.digest_part_sent(entry, number + 1)
    return "sent"


# ---- scheduling on the application's job queue -------------------------------------------------------


def job_name(chat_id: int) -> str:
    """The name of a chat's daily digest job."""
    return f"digest:{chat_id}"


def schedule(job_queue: JobQueue | None, subscription: Subscription) -> None:
    """(Re)schedule a chat's daily digest at its time in its zone."""
    if job_queue is None:
        return
    unschedule(job_queue, subscription.chat_id)
    at = subscription.at.replace(tzinfo=ZoneInfo(subscription.zone))
    job_queue.run_daily(digest_job, time=at, name=job_name(subscription.chat_id), chat_id=subscription.chat_id)


def unschedule(job_queue: JobQueue | None, chat_id: int) -> None:
    """Remove a chat's digest job."""
    if job_queue is None:
        return
    for job in job_queue.get_jobs_by_name(job_name(chat_id)):
        job.schedule_removal()


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The daily job of one chat: its digest for the slot that just came."""
    data = context.application.bot_data
    chat_id = context.job.chat_id
    subscription = data.store.subscription(chat_id)
    if subscription is None:
        context.job.schedule_removal()
        return
    now = datetime.now(UTC)
    outcome = await deliver(context.bot, data.store, data.index, chat_id, last_slot(subscription, now), now)
    logger.info("digest for chat %s: %s", chat_id, outcome)


async def catch_up(application: Application, now: datetime | None = None) -> dict[int, str]:
    """Finish interrupted digests and send each chat's most recent missed one (once); return the outcomes."""
    data = application.bot_data
    now = now or datetime.now(UTC)
    outcomes: dict[int, str] = {}
    for entry in data.store.unfinished_digests():
        outcomes[entry.chat_id] = await deliver(application.bot, data.store, data.index, entry.chat_id, entry.slot,
                                                now)
    for subscription in data.store.subscriptions():
        slot = last_slot(subscription, now)
        if slot > subscription.created and data.store.digest_entry(subscription.chat_id, slot) is None:
            outcomes[subscription.chat_id] = await deliver(application.bot, data.store, data.index,
                                                           subscription.chat_id, slot, now)
    return outcomes

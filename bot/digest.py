"""The daily digest: for each subscribed chat, the stories with articles first indexed since its last digest.

A digest is logged before it is sent, with its window of coverage and the number of messages sent so far, so
that after a restart an interrupted digest is finished (not sent again) and a missed one is caught up once. A chat
that blocked the bot is unsubscribed.
"""
from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import Application, ContextTypes, JobQueue

from bot import render
from bot.store import BotStore, DigestEntry, Subscription
from corpus import CorpusIndex, new_since, published_on
from corpus.answer.digest import without

logger = logging.getLogger(__name__)

SLOT_TOLERANCE = timedelta(minutes=2)  # a job that fires a little early still counts for its own slot
FRESH_WINDOW = timedelta(hours=24)  # /digest in a chat with no subscription: what is new in this long


def window_spec(since: datetime, until: datetime, zone: ZoneInfo) -> str:
    """The digest of articles first indexed in a window, as kept behind a page button."""
    return f"w|{_iso(since)}|{_iso(until)}|{zone.key}"


def day_spec(day: date, zone: ZoneInfo) -> str:
    """The digest of a day's coverage, as kept behind a page button."""
    return f"d|{day.isoformat()}|{zone.key}"


def page_of(index: CorpusIndex, spec: str, page: int, per_page: int, lang: str,
            muted: frozenset[str] = frozenset()) -> tuple[str, int, int]:
    """One page of the digest ``spec`` names, ``muted`` outlets left out: (HTML, the page shown, pages); no
    stories: ("", 0, 0)."""
    kind, first, *rest = spec.split("|")
    zone = ZoneInfo(rest[-1])
    if kind == "d":
        day = date.fromisoformat(first)
        stories, when = published_on(index, day, zone), None
    else:
        since, until = datetime.fromisoformat(first), datetime.fromisoformat(rest[0])
        stories, day, when = new_since(index, since, until), None, until
    stories = without(stories, muted)
    if not stories:
        return "", 0, 0
    pages = render.page_count(len(stories), per_page)
    page = max(0, min(page, pages - 1))
    return render.render_digest(stories, lang, zone, when, day=day if kind == "d" else None, page=page,
                                per_page=per_page), page, pages


def on_demand(index: CorpusIndex, subscription: Subscription | None, lang: str, default_zone: ZoneInfo,
              now: datetime, per_page: int = render.DIGEST_STORIES,
              muted: frozenset[str] = frozenset()) -> tuple[str, str | None, int]:
    """What a chat's digest would hold now: the stories new since its last digest (or, with no subscription, in
    the last ``FRESH_WINDOW``), as (HTML of the first page, the spec for more pages or None, pages), or a line
    saying nothing is new. Nothing is recorded."""
    since = subscription.since if subscription else now - FRESH_WINDOW
    zone = ZoneInfo(subscription.zone) if subscription else default_zone
    spec = window_spec(since, now, zone)
    body, _page, pages = page_of(index, spec, 0, per_page, lang, muted)
    if not body:
        return render.text(lang, "digest_nothing", since=render.format_time(since, zone)), None, 0
    return body, spec, pages


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
                  now: datetime, per_page: int = render.DIGEST_STORIES) -> str:
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
    lang = subscription.lang
    since, until = (subscription.since, now) if entry is None else (entry.since, entry.until)
    spec = window_spec(since, until, zone)
    body, _page, pages = page_of(index, spec, 0, per_page, lang, store.muted(chat_id))
    parts = render.split_message(body) if body else []
    if entry is None:
        entry = store.begin_digest(chat_id, slot, subscription.since, now, len(parts))
        if not parts:
            return "empty"
    else:  # interrupted: the same window again, the parts not yet sent
        entry = DigestEntry(entry.chat_id, entry.slot, entry.status, entry.since, entry.until, len(parts),
                            min(entry.parts_sent, len(parts)))
    more = render.page_keyboard(store.remember_query("digest", spec), 0, pages, lang) if pages > 1 else None
    for number in range(entry.parts_sent, len(parts)):
        try:
            await bot.send_message(chat_id, parts[number], parse_mode=ParseMode.HTML,
                                   reply_markup=more if number == len(parts) - 1 else None,
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
    outcome = await deliver(context.bot, data.store, data.index, chat_id, last_slot(subscription, now), now,
                            data.settings.digest_stories)
    logger.info("digest for chat %s: %s", chat_id, outcome)


async def catch_up(application: Application, now: datetime | None = None) -> dict[int, str]:
    """Finish interrupted digests and send each chat's most recent missed one (once); return the outcomes."""
    data = application.bot_data
    now = now or datetime.now(UTC)
    outcomes: dict[int, str] = {}
    for entry in data.store.unfinished_digests():
        outcomes[entry.chat_id] = await deliver(application.bot, data.store, data.index, entry.chat_id, entry.slot,
                                                now, data.settings.digest_stories)
    for subscription in data.store.subscriptions():
        slot = last_slot(subscription, now)
        if slot > subscription.created and data.store.digest_entry(subscription.chat_id, slot) is None:
            outcomes[subscription.chat_id] = await deliver(application.bot, data.store, data.index,
                                                           subscription.chat_id, slot, now,
                                                           data.settings.digest_stories)
    return outcomes

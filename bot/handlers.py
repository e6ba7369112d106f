"""One small function per command: read the arguments, ask the corpus, render, reply."""
from __future__ import annotations

import asyncio
import html
import logging
import re
import time as clock
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import InlineKeyboardMarkup, InlineQueryResultsButton, LinkPreviewOptions, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError
from telegram.ext import ApplicationHandlerStop, CallbackContext, ExtBot, filters

from bot import alerts, digest, render
from bot.concurrency import CorpusPool
from bot.config import Settings
from bot.store import BotStore
from corpus import (
    CorpusError,
    CorpusIndex,
    QueryError,
    Retriever,
    answer_when,
    asked_event,
    best_story,
    compare,
    compare_story,
    is_compare_question,
    is_coverage_question,
    is_outlet_question,
    is_when_question,
    resolve_sources,
    strip_question,
)
from corpus.answer.stories import story_span
from corpus.answer.trend import png, trend
from corpus.text import normalize

logger = logging.getLogger(__name__)

T = TypeVar("T")
MAX_PAGES = 10  # result pages a search keeps behind its buttons
SEND_ATTEMPTS = 3  # tries of a reply when the network fails (429s are retried by the rate limiter)


class ChatThrottle:
    """At most ``limit`` expensive requests from one chat in ``window`` seconds, so no chat starves the others."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._calls: dict[int, deque[float]] = {}

    def allow(self, chat_id: int, now: float | None = None) -> bool:
        """Count a request of ``chat_id``; False when it is over the limit (the request is not counted)."""
        if self.limit <= 0:
            return True
        now = clock.monotonic() if now is None else now
        calls = self._calls.setdefault(chat_id, deque())
        while calls and calls[0] <= now - self.window:
            calls.popleft()
        if len(calls) >= self.limit:
            return False
        calls.append(now)
        if len(self._calls) > 10_000:  # forget idle chats
            for idle in [c for c, q in self._calls.items() if not q or q[-1] <= now - self.window]:
                del self._calls[idle]
        return True


@dataclass
class BotData:
    """What every handler shares: the settings, the search service and the store (set up in ``post_init``)."""

    settings: Settings | None = None
    index: CorpusIndex | None = None
    retriever: Retriever | None = None
    store: BotStore | None = None
    throttle: ChatThrottle | None = None
    pool: CorpusPool | None = None
    defer_update: bool = True  # start answering before the start-up update (see build_application)


class BotContext(CallbackContext[ExtBot, dict, dict, BotData]):
    """The handlers' context, with typed access to the shared services."""

    @property
    def settings(self) -> Settings:
        """The bot's settings."""
        assert self.bot_data.settings is not None
        return self.bot_data.settings

    @property
    def retriever(self) -> Retriever:
        """The search service."""
        if self.bot_data.retriever is None:
            raise RuntimeError("the search service is not started")
        return self.bot_data.retriever

    async def corpus(self, work: Callable[..., T], *args: object) -> T:
        """Return ``work(*args)`` worked out in the corpus threads, the event loop left free for other chats."""
        pool = self.bot_data.pool
        return await pool.run(work, *args) if pool is not None else work(*args)

    @property
    def store(self) -> BotStore:
        """The bot's persistent state."""
        if self.bot_data.store is None:
            raise RuntimeError("the store is not open")
        return self.bot_data.store


def user_language(update: Update) -> str:
    """Return the language to answer this update in (``zh`` or ``en``)."""
    user = update.effective_user
    return render.language_of(user.language_code if user else None)


def command_argument(message_text: str | None) -> str:
    """Return what follows the command in a message (``/search@bot 台湾`` gives ``台湾``), spacing kept."""
    if not message_text:
        return ""
    if not message_text.startswith("/"):
        return message_text.strip()
    parts = message_text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def _with_retries(send, what: str):
    """Run a Bot API call, trying again on network errors and time-outs (not on rejected requests)."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await send()
        except BadRequest:
            raise
        except NetworkError:
            if attempt == SEND_ATTEMPTS:
                raise
            logger.warning("%s failed (network), attempt %d of %d", what, attempt, SEND_ATTEMPTS)
            await asyncio.sleep(0.5 * attempt)
    return None


async def reply_html(update: Update, markup: str, keyboard: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send an HTML reply, split into several messages when it is longer than Telegram allows."""
    message = update.effective_message
    if message is None:
        return None
    chunks = render.split_message(markup)
    sent = None
    for i, chunk in enumerate(chunks):
        markup_for_chunk = keyboard if i == len(chunks) - 1 else None
        sent = await _with_retries(lambda c=chunk, k=markup_for_chunk: message.reply_text(
            c, parse_mode=ParseMode.HTML, reply_markup=k,
            link_preview_options=LinkPreviewOptions(is_disabled=True)), "sendMessage")
    return sent


# ---- access ---------------------------------------------------------------------------------------------


async def guard(update: Update, context: BotContext) -> None:
    """Stop updates from chats outside ``ALLOWED_CHATS`` (when set), on every entry point, with a refusal."""
    allowed = context.settings.allowed_chats
    if not allowed:
        return
    chat, user = update.effective_chat, update.effective_user
    if (chat and chat.id in allowed) or (user and user.id in allowed and (chat is None or chat.type == "private")):
        return
    lang = user_language(update)
    logger.info("refused an update from chat %s", chat.id if chat else None)
    try:
        if update.callback_query:
            await update.callback_query.answer(render.text(lang, "refused"), show_alert=True)
        elif update.inline_query:
            await update.inline_query.answer([], cache_time=0, is_personal=True)
        elif update.effective_message and (chat is None or chat.type == ChatType.PRIVATE or
                                           (update.effective_message.text or "").startswith("/")):
            await update.effective_message.reply_text(render.text(lang, "refused"))
    finally:
        raise ApplicationHandlerStop


async def throttled(update: Update, context: BotContext) -> bool:
    """True (and the user told to wait) when this chat asked for too much in the last minute."""
    throttle = context.bot_data.throttle
    key = update.effective_chat.id if update.effective_chat else (update.effective_user.id if update.effective_user
                                                                  else 0)
    if throttle is None or throttle.allow(key):
        return False
    lang = user_language(update)
    logger.info("chat %s is over its rate limit", key)
    if update.callback_query:
        await update.callback_query.answer(render.text(lang, "slow_down"), show_alert=True)
    elif update.inline_query:
        await update.inline_query.answer([], cache_time=0, is_personal=True)
    else:
        await reply_html(update, render.text(lang, "slow_down"))
    return True


def is_admin(update: Update, context: BotContext) -> bool:
    """True when the user is one of ``ADMIN_IDS``."""
    user = update.effective_user
    return bool(user and user.id in context.settings.admin_ids)


class AddressedToBot(filters.MessageFilter):
    """Messages meant for the bot: any in a private chat; in groups, those that mention it or reply to it."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        if message.reply_to_message and message.reply_to_message.from_user and \
                message.reply_to_message.from_user.id == bot.id:
            return True
        for entity, value in message.parse_entities(["mention", "text_mention"]).items():
            if entity.type == "text_mention" and entity.user and entity.user.id == bot.id:
                return True
            if entity.type == "mention" and bot.username and value.lower() == f"@{bot.username.lower()}":
                return True
        return False


def _without_mention(text: str, username: str | None) -> str:
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip() if username else text


# ---- commands -------------------------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> None:
    """Greet the user and say what the bot does."""
    await reply_html(update, render.text(user_language(update), "start"))


async def help_command(update: Update, context: BotContext) -> None:
    """Explain the commands and the filters."""
    await reply_html(update, render.text(user_language(update), "help"))


async def run_search(update: Update, context: BotContext, query: str) -> None:
    """Search the coverage for ``query`` and reply with the first page of the best passages."""
    lang = user_language(update)
    if not query.strip():
        await reply_html(update, render.text(lang, "usage_search"))
        return
    if await throttled(update, context):
        return
    per_page = context.settings.results_per_page
    try:
        muted = _muted(update, context)
        result = await context.corpus(lambda: context.retriever.search(query, top=per_page * MAX_PAGES, muted=muted))
    except QueryError as exc:
        await reply_html(update, render.text(lang, "bad_query", reason=str(exc)))
        return
    shown = result.query.text or query
    pages = render.page_count(len(result.hits), per_page)
    keyboard = None
    if pages > 1:
        key = context.store.remember_query("search", query)
        keyboard = render.page_keyboard(key, 0, pages, lang)
    await reply_html(update, _search_page(result, shown, 0, lang, context), keyboard)


def _search_page(result, query: str, page: int, lang: str, context: BotContext) -> str:
    """One page of a search reply, with what the query's words were also matched to and what was left out."""
    return render.render_search_page(query, result.hits, page, context.settings.results_per_page, lang,
                                     context.settings.zone, result.query.matched_as,
                                     result.meaning, len(result.query.muted))


async def search(update: Update, context: BotContext) -> None:
    """/search QUERY: the best passages, quoted with outlet, date, title and link, in pages."""
    message = update.effective_message
    await run_search(update, context, command_argument(message.text if message else None))


async def page_button(update: Update, context: BotContext) -> None:
    """A previous / next button: the same message edited to show another page of results."""
    query = update.callback_query
    lang = user_language(update)
    match = re.fullmatch(r"pg:([0-9a-f]{1,16}):(\d{1,3})", query.data or "")
    remembered = context.store.recall_query(match.group(1)) if match else None
    if remembered is None:
        await query.answer(render.text(lang, "expired"), show_alert=True)
        return
    if await throttled(update, context):
        return
    kind, raw = remembered
    if kind == "digest":
        await _digest_page(update, context, match.group(1), raw, int(match.group(2)))
        return
    per_page = context.settings.results_per_page
    try:
        muted = _muted(update, context)
        result = await context.corpus(lambda: context.retriever.search(raw, top=per_page * MAX_PAGES, muted=muted))
    except CorpusError:
        await query.answer(render.text(lang, "expired"), show_alert=True)
        return
    pages = render.page_count(len(result.hits), per_page)
    page = min(int(match.group(2)), pages - 1)
    await query.answer()
    body = _search_page(result, result.query.text or raw, page, lang, context)
    await _edit_page(query, body, render.page_keyboard(match.group(1), page, pages, lang))


async def _digest_page(update: Update, context: BotContext, key: str, spec: str, page: int) -> None:
    """A digest's page button: the same message edited to show another page of its stories."""
    query = update.callback_query
    lang = user_language(update)
    body, page, pages = await context.corpus(digest.page_of, context.retriever.index, spec, page,
                                             context.settings.digest_stories, lang, _muted(update, context))
    if not body:
        await query.answer(render.text(lang, "expired"), show_alert=True)
        return
    await query.answer()
    await _edit_page(query, body, render.page_keyboard(key, page, pages, lang))


async def _edit_page(query, body: str, keyboard) -> None:
    try:
        await _with_retries(lambda: query.edit_message_text(
            body, parse_mode=ParseMode.HTML, reply_markup=keyboard,
            link_preview_options=LinkPreviewOptions(is_disabled=True)), "editMessageText")
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # the counter button: the page is already shown
            raise


async def answer_query(update: Update, context: BotContext, ask: Callable[[], T],
                       show: Callable[[T], str], keyboard: Callable[[T], InlineKeyboardMarkup | None] | None = None
                       ) -> None:
    """Ask the corpus (``ask``) within the chat's rate limit and reply with ``show``'s rendering of the answer
    (and ``keyboard``'s buttons), or with the reason a query cannot run."""
    if await throttled(update, context):
        return
    try:
        answer = await context.corpus(ask)
    except QueryError as exc:
        await reply_html(update, render.text(user_language(update), "bad_query", reason=str(exc)))
        return
    await reply_html(update, show(answer), keyboard(answer) if keyboard is not None else None)


async def run_when(update: Update, context: BotContext, query: str) -> None:
    """Answer when the event in ``query`` happened, with the quoted evidence."""
    lang = user_language(update)
    if not strip_question(query):
        await reply_html(update, render.text(lang, "usage_when"))
        return
    await answer_query(update, context, lambda: answer_when(context.retriever, query),
                       lambda answer: render.render_when(answer, lang, context.settings.zone))


async def when(update: Update, context: BotContext) -> None:
    """/when QUERY: the date of an event, at the precision the sources give, with the evidence."""
    message = update.effective_message
    await run_when(update, context, command_argument(message.text if message else None))


async def sources(update: Update, context: BotContext) -> None:
    """/sources: the outlets in the index with article counts and date ranges."""
    stats = await context.corpus(context.retriever.index.stats)
    await reply_html(update, render.render_sources(stats, user_language(update), context.settings.zone))


async def plain_text(update: Update, context: BotContext) -> None:
    """A message that is not a command: a when-question goes to /when, a how-did-they-report-it question
    (各家媒体如何报道; BBC和新华社怎么报道…的, of the outlets it names) to /compare, a who-reported-it question to
    /coverage, anything else to /search (in Chinese or English)."""
    message = update.effective_message
    question = _without_mention(message.text if message and message.text else "", context.bot.username)
    if is_when_question(question):
        await run_when(update, context, question)
    elif is_compare_question(question, context.retriever.sources):  # … or BBC和新华社怎么报道…的
        await run_compare(update, context, user_language(update), question)
    elif is_outlet_question(question, context.retriever.sources):  # BBC报道了黎智英被捕吗
        await run_coverage(update, context, question)
    elif is_coverage_question(question):
        await run_coverage(update, context, asked_event(question) or question)
    else:
        await run_search(update, context, strip_question(question) or question)


async def inline_query(update: Update, context: BotContext) -> None:
    """Inline mode (``@bot 台湾问题``): the top passages offered as messages to send."""
    inline = update.inline_query
    lang = user_language(update)
    button = InlineQueryResultsButton(text=render.text(lang, "inline_hint"), start_parameter="help")
    results = []
    if inline.query.strip() and await throttled(update, context):
        return
    if inline.query.strip():
        try:
            muted = _muted(update, context)
            hits = (await context.corpus(lambda: context.retriever.search(inline.query, top=10, muted=muted))).hits
            results = render.inline_results(hits, lang, context.settings.zone)
        except QueryError:
            results = []
    await inline.answer(results, cache_time=30, is_personal=False, button=button)


async def reindex(update: Update, context: BotContext) -> None:
    """/reindex (administrators): read new, changed and deleted files now."""
    lang = user_language(update)
    if not is_admin(update, context):
        await reply_html(update, render.text(lang, "admin_only"))
        return
    index = context.retriever.index
    report = await asyncio.to_thread(index.update, context.settings.corpus_dir)
    context.retriever.refresh()
    await reply_html(update, render.text(lang, "reindexed", added=report.added, changed=report.changed,
                                         removed=report.removed, skipped=len(report.skipped),
                                         seconds=f"{report.seconds:.1f}"))
    await send_alerts(context.bot_data, context.bot)  # also what the start-up update or a rescan brought


async def stats(update: Update, context: BotContext) -> None:
    """/stats (administrators): index size, outlets and last update."""
    lang = user_language(update)
    if not is_admin(update, context):
        await reply_html(update, render.text(lang, "admin_only"))
        return
    stats = await context.corpus(context.retriever.index.stats)
    await reply_html(update, render.render_stats(stats, lang, context.settings.zone))


_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def parse_subscription(args: list[str], default_at: time, default_zone: str) -> tuple[time, str] | None:
    """Return the (time, zone) of ``/subscribe [HH:MM] [ZONE]`` arguments, or None when they are malformed."""
    at, zone = default_at, default_zone
    for arg in args:
        clock = _CLOCK.match(arg)
        if clock:
            at = time(int(clock.group(1)), int(clock.group(2)))
            continue
        try:
            ZoneInfo(arg)
        except (ZoneInfoNotFoundError, ValueError):
            return None
        zone = arg
    return at, zone


async def subscribe(update: Update, context: BotContext) -> None:
    """/subscribe [HH:MM] [ZONE]: a daily digest of what is new; alone, when subscribed: show the subscription."""
    lang = user_language(update)
    chat = update.effective_chat
    args = command_argument(update.effective_message.text if update.effective_message else None).split()
    current = context.store.subscription(chat.id)
    if not args and current is not None:
        await reply_html(update, render.text(lang, "subscription", at=current.at.strftime("%H:%M"), zone=current.zone))
        return
    parsed = parse_subscription(args, context.settings.digest_time, context.settings.bot_timezone)
    if parsed is None:
        await reply_html(update, render.text(lang, "usage_subscribe"))
        return
    at, zone = parsed
    subscription = context.store.subscribe(chat.id, at, zone, lang, datetime.now(UTC))
    digest.schedule(context.job_queue, subscription)
    await reply_html(update, render.text(lang, "subscribed", at=at.strftime("%H:%M"), zone=zone))


async def unsubscribe(update: Update, context: BotContext) -> None:
    """/unsubscribe: no more daily digests."""
    lang = user_language(update)
    chat_id = update.effective_chat.id
    had = context.store.unsubscribe(chat_id)
    digest.unschedule(context.job_queue, chat_id)
    await reply_html(update, render.text(lang, "unsubscribed" if had else "not_subscribed"))


async def digest_now(update: Update, context: BotContext) -> None:
    """/digest: what is new since this chat's last digest (or the last day); /digest YYYY-MM-DD: that day."""
    lang = user_language(update)
    chat_id = update.effective_chat.id
    arg = command_argument(update.effective_message.text if update.effective_message else None)
    if await throttled(update, context):
        return
    subscription = context.store.subscription(chat_id)
    zone = ZoneInfo(subscription.zone) if subscription else context.settings.zone
    index = context.retriever.index
    if arg:
        try:
            day = date.fromisoformat(arg)
        except ValueError:
            await reply_html(update, render.text(lang, "usage_digest"))
            return
        spec = digest.day_spec(day, zone)
        body, _page, pages = await context.corpus(digest.page_of, index, spec, 0, context.settings.digest_stories,
                                                  lang, context.store.muted(chat_id))
        if not body:
            await reply_html(update, render.text(lang, "digest_nothing_day", day=day.isoformat()))
            return
    else:
        body, spec, pages = await context.corpus(
            digest.on_demand, index, subscription, lang, context.settings.zone, datetime.now(UTC),
            context.settings.digest_stories, context.store.muted(chat_id))
    keyboard = render.page_keyboard(context.store.remember_query("digest", spec), 0, pages, lang) \
        if spec and pages > 1 else None
    await reply_html(update, body, keyboard)


async def coverage(update: Update, context: BotContext) -> None:
    """/coverage QUERY: the matching story, each outlet's headline, time and lede, the first marked."""
    await run_coverage(update, context,
                       command_argument(update.effective_message.text if update.effective_message else None))


async def run_coverage(update: Update, context: BotContext, query: str | None) -> None:
    """Reply with the story that matches ``query``: each outlet's report, the first marked, who was silent."""
    lang = user_language(update)
    if not query:
        await reply_html(update, render.text(lang, "usage_coverage"))
        return
    await answer_query(update, context, lambda: best_story(context.retriever, query),
                       lambda story: render.render_coverage(story, query, lang, context.settings.zone,
                                                            _muted(update, context)),
                       lambda story: render.compare_keyboard(story, lang) if story is not None else None)


async def compare_command(update: Update, context: BotContext) -> None:
    """/compare QUERY: how the outlets of the matching story differ: shared and own statements, names, figures."""
    lang, query = await _argument(update, "usage_compare")
    if query is not None:
        await run_compare(update, context, lang, query)


async def run_compare(update: Update, context: BotContext, lang: str, query: str) -> None:
    """Reply with how the outlets of the story ``query`` matches differ."""
    await answer_query(update, context, lambda: compare(context.retriever, query),
                       lambda found: render.render_compare(found, query, lang, context.settings.zone))


async def compare_button(update: Update, context: BotContext) -> None:
    """The button under /coverage: the comparison of that story's outlets, sent as a new reply."""
    query = update.callback_query
    lang = user_language(update)
    match = re.fullmatch(r"cmp:(\d{1,12}(?:,\d{1,12}){0,8})", query.data or "")
    ids = [int(i) for i in match.group(1).split(",")] if match else []
    index = context.retriever.index
    if not ids or await context.corpus(lambda: story_span(index.db, ids[0])) is None:
        await query.answer(render.text(lang, "compare_expired"), show_alert=True)
        return
    if await throttled(update, context):
        return
    await query.answer()
    found = await context.corpus(compare_story, context.retriever, ids[0], tuple(ids[1:]))
    await reply_html(update, render.render_compare(found, "", lang, context.settings.zone))


async def _argument(update: Update, usage: str) -> tuple[str, str | None]:
    """(the user's language, the command's argument); with no argument the usage line is sent and None given."""
    lang = user_language(update)
    value = command_argument(update.effective_message.text if update.effective_message else None)
    if not value:
        await reply_html(update, render.text(lang, usage))
    return lang, value or None


def _muted(update: Update, context: BotContext) -> frozenset[str]:
    """The outlets muted in the chat of an update (for an inline query: in the user's own chat with the bot)."""
    chat = update.effective_chat
    who = chat.id if chat is not None else (update.effective_user.id if update.effective_user else None)
    return context.store.muted(who) if who is not None and context.store is not None else frozenset()


def _outlets_named(value: str, context: BotContext) -> list[str]:
    """The indexed outlets ``value`` names: its exact name, else the one name (or link host) holding it."""
    retriever = context.retriever
    found = list(resolve_sources(value, retriever.sources, lambda: retriever.hosts))
    exact = [o for o in found if normalize(o) == normalize(value)]
    return exact or found


async def mute(update: Update, context: BotContext) -> None:
    """/mute OUTLET: leave an outlet out of this chat's search results and digests."""
    lang, value = await _argument(update, "usage_mute")
    if not value:
        return
    try:
        outlets = _outlets_named(value, context)
    except QueryError as exc:
        await reply_html(update, render.text(lang, "bad_query", reason=str(exc)))
        return
    if len(outlets) > 1:
        await reply_html(update, render.text(lang, "mute_ambiguous", value=value, outlets="、".join(outlets)))
        return
    added = context.store.mute(update.effective_chat.id, outlets)
    key = "muted_now" if added else "muted_already"
    await reply_html(update, render.text(lang, key, outlets="、".join(outlets)))


async def unmute(update: Update, context: BotContext) -> None:
    """/unmute OUTLET: show an outlet again."""
    lang, value = await _argument(update, "usage_mute")
    if not value:
        return
    chat_id = update.effective_chat.id
    muted = context.store.muted(chat_id)
    named = [o for o in muted if normalize(o) == normalize(value)] or \
        [o for o in muted if normalize(value) in normalize(o)]
    removed = context.store.unmute(chat_id, named) if len(named) == 1 else []
    if removed:
        await reply_html(update, render.text(lang, "unmuted_now", outlets="、".join(removed)))
    elif len(named) > 1:
        await reply_html(update, render.text(lang, "mute_ambiguous", value=value, outlets="、".join(named)))
    else:
        await reply_html(update, render.text(lang, "unmute_unknown", outlet=value))


async def muted_list(update: Update, context: BotContext) -> None:
    """/muted: the outlets muted in this chat."""
    lang = user_language(update)
    muted = sorted(context.store.muted(update.effective_chat.id))
    await reply_html(update, render.text(lang, "muted_list", outlets="、".join(muted)) if muted
                     else render.text(lang, "muted_none"))


async def alert(update: Update, context: BotContext) -> None:
    """/alert WORDS: tell this chat of each new story that matches, once."""
    lang, query = await _argument(update, "usage_alert")
    if not query:
        return
    chat_id = update.effective_chat.id
    if len(context.store.alerts(chat_id)) >= alerts.MAX_ALERTS:
        await reply_html(update, render.text(lang, "alert_too_many", count=alerts.MAX_ALERTS))
        return
    try:
        why = alerts.refusal(context.retriever, query)
    except QueryError as exc:
        await reply_html(update, render.text(lang, "bad_query", reason=str(exc)))
        return
    if why:
        await reply_html(update, render.text(lang, f"alert_refused_{why}", query=html.escape(query, quote=False)))
        return
    made = context.store.add_alert(chat_id, query, lang, datetime.now(UTC))
    await reply_html(update, render.text(lang, "alert_added", number=made.alert_id,
                                         query=html.escape(query, quote=False)))


async def alerts_list(update: Update, context: BotContext) -> None:
    """/alerts: this chat's alerts, with their numbers."""
    lang = user_language(update)
    mine = context.store.alerts(update.effective_chat.id)
    if not mine:
        await reply_html(update, render.text(lang, "alerts_none"))
        return
    lines = "\n".join(f"{a.alert_id}. {html.escape(a.query, quote=False)}" for a in mine)
    await reply_html(update, render.text(lang, "alerts_list", lines=lines))


async def unalert(update: Update, context: BotContext) -> None:
    """/unalert N: remove an alert of this chat."""
    lang = user_language(update)
    value = command_argument(update.effective_message.text if update.effective_message else None) or ""
    if not value.strip().isdigit():
        await reply_html(update, render.text(lang, "usage_alert"))
        return
    number = int(value.strip())
    removed = context.store.remove_alert(update.effective_chat.id, number)
    await reply_html(update, render.text(lang, "alert_removed" if removed else "alert_unknown", number=number))


SHARE_WORDS = ("share", "占比", "比例")


async def trend_command(update: Update, context: BotContext) -> None:
    """/trend WORDS [share]: a chart of the articles a day (or week) holding the words, per outlet, peaks named."""
    lang, raw = await _argument(update, "usage_trend")
    if not raw:
        return
    words = raw.split()
    share = len(words) > 1 and words[-1].lower() in SHARE_WORDS
    query = " ".join(words[:-1]) if share else raw
    if await throttled(update, context):
        return
    zone = context.settings.zone
    try:
        data = await asyncio.to_thread(trend, context.retriever, query, zone, share)
    except QueryError as exc:
        await reply_html(update, render.text(lang, "bad_query", reason=str(exc)))
        return
    if not data.buckets:
        await reply_html(update, render.text(lang, "nothing", query=html.escape(query, quote=False)))
        return
    image = await asyncio.to_thread(png, data, lang)
    await _with_retries(lambda: update.effective_message.reply_photo(
        photo=image, caption=render.render_trend_caption(data, lang), parse_mode=ParseMode.HTML), "sendPhoto")


async def send_alerts(data: BotData, bot: ExtBot) -> None:
    """After new articles (and after start-up): each chat's alerts, sent; a failure never stops the caller."""
    if getattr(data, "store", None) is None or getattr(data, "retriever", None) is None:
        return
    try:
        sent = await alerts.run_alerts(bot, data.store, data.retriever, data.settings.zone)
    except Exception:
        logger.exception("alerts failed; they are tried again after the next update")
        return
    if sent:
        logger.info("alerts: %d messages sent", sent)


async def rescan(context: BotContext) -> None:
    """The periodic job: pick up new, changed and deleted files in the corpus folder (folders unchanged since the
    last rescan are not listed again; every ten minutes all are)."""
    retriever = context.bot_data.retriever
    if retriever is None:
        return
    try:
        report = await asyncio.to_thread(retriever.index.update, context.bot_data.settings.corpus_dir, quick=True)
    except CorpusError as exc:
        logger.warning("rescan failed: %s", exc)
        return
    if report.touched:
        retriever.refresh()
        logger.info("rescan: %d added, %d changed, %d removed", report.added, report.changed, report.removed)
        try:  # the tables kept for the store as it was are made anew here, not by the next chat's question
            await asyncio.to_thread(retriever.index.read_tables)
        except Exception:  # a question that needs one reads it itself
            logger.exception("reading the store's tables after the rescan failed")
    await send_alerts(context.bot_data, context.bot)  # cheap when nothing is new: alerts look from where they stopped


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not know: point to /help."""
    await reply_html(update, render.text(user_language(update), "help"))


async def error_handler(update: object, context: BotContext) -> None:
    """Log the error with its traceback and apologise to the user, without internals."""
    logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    lang = user_language(update)
    try:
        if update.callback_query:
            await update.callback_query.answer(render.text(lang, "error"), show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(render.text(lang, "error"))
    except Exception:  # the apology itself failed (e.g. the chat blocked the bot): logged, not raised
        logger.warning("could not send the apology", exc_info=True)

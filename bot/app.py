"""``build_application()``: the Telegram application with its handlers, services and error handler."""
from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import digest, handlers
from bot.concurrency import CorpusPool, PerChatUpdateProcessor
from bot.config import Settings
from bot.handlers import AddressedToBot, BotContext, BotData, ChatThrottle
from bot.store import BotStore
from corpus import CorpusIndex, Retriever

logger = logging.getLogger(__name__)

DIGEST_CHECK_SECONDS = 60

COMMANDS = {
    "en": [("search", "Search the coverage"), ("when", "When did it happen, with the evidence"),
           ("coverage", "Who reported a story, first first"),
           ("compare", "How the outlets of a story differ"), ("digest", "What is new, now"),
           ("subscribe", "A daily digest: /subscribe HH:MM ZONE"), ("unsubscribe", "Stop the daily digest"),
           ("trend", "Attention over time, as a chart"),
           ("alert", "Hear of new stories that match"), ("alerts", "This chat's alerts"),
           ("unalert", "Remove an alert"),
           ("mute", "Leave an outlet out of results"), ("unmute", "Show a muted outlet again"),
           ("muted", "Outlets muted in this chat"),
           ("sources", "Outlets in the index"), ("help", "How to use the bot")],
    "zh": [("search", "搜索报道"), ("when", "事件发生的日期及依据"), ("coverage", "各媒体对同一事件的报道"),
           ("compare", "各媒体报道的异同"),
           ("digest", "最新报道摘要"), ("subscribe", "订阅每日摘要"), ("unsubscribe", "取消每日摘要"),
           ("trend", "报道量随时间变化"),
           ("alert", "新报道提醒"), ("alerts", "本聊天的提醒"), ("unalert", "删除提醒"),
           ("mute", "屏蔽某家媒体"), ("unmute", "取消屏蔽"), ("muted", "本聊天屏蔽的媒体"),
           ("sources", "收录的媒体"), ("help", "使用说明")],
}


def open_search_service(settings: Settings, *, background: bool = True,
                        defer_update: bool = False) -> tuple[CorpusIndex, Retriever, bool]:
    """Open the index, bring it up to date with the corpus folder, and return it with its retriever (which, with
    ``background``, embeds new passages for search by meaning in a thread of its own, and loads what the first
    answer does not need in another: see ``Retriever.load_tables_later``).

    With ``defer_update``, an index that already holds articles answers at once and is brought up to date by
    the caller (the bot's first rescan, right after start); the third value says whether that was done.
    """
    index = CorpusIndex(settings.coverage_db)
    if not background:
        index.warm_up()
    deferred = defer_update and index.has_articles()
    if not deferred:
        report = index.update(settings.corpus_dir)  # one walk: reads only what changed since the last run
        if report.touched:
            logger.info("index updated: %d added, %d changed, %d removed, %d skipped",
                        report.added, report.changed, report.removed, len(report.skipped))
    retriever = Retriever(index, wait_for_encoder=False)
    retriever.search("新闻", top=1)  # loads the segmenter's dictionary before the first user waits for it
    if background:
        retriever.start_background_work()  # search by meaning joins in once the encoder is loaded
        retriever.load_tables_later()
    return index, retriever, deferred


async def post_init(application: Application) -> None:
    """Start the search service and register the command menu."""
    data: BotData = application.bot_data
    assert data.settings is not None
    job_queue = application.job_queue
    defer = data.defer_update and job_queue is not None and bool(data.settings.rescan_seconds)
    data.index, data.retriever, deferred = await asyncio.to_thread(open_search_service, data.settings,
                                                                   defer_update=defer)
    data.store = BotStore(data.settings.coverage_db)
    data.throttle = ChatThrottle(data.settings.chat_rate_limit)
    data.pool = CorpusPool(data.settings.workers)
    if job_queue is not None:
        if deferred:  # the index answers already; what changed while the bot was down comes in at once
            job_queue.run_once(handlers.rescan, when=0, name="start-up rescan")
        if data.settings.rescan_seconds:
            job_queue.run_repeating(handlers.rescan, interval=data.settings.rescan_seconds,
                                    first=data.settings.rescan_seconds, name="rescan")
        for subscription in data.store.subscriptions():
            digest.schedule(job_queue, subscription)
        # Every minute: finish digests a fault interrupted, send slots that were missed (idempotent: the log
        # says what was sent). The daily jobs send on time; this catches whatever they could not.
        job_queue.run_repeating(_catch_up, interval=DIGEST_CHECK_SECONDS, first=1, name="digest-catch-up")
    await handlers.send_alerts(data, application.bot)  # what the start-up update brought, before any update
    for lang, commands in COMMANDS.items():
        try:
            await application.bot.set_my_commands(
                [BotCommand(name, description) for name, description in commands],
                language_code=None if lang == "en" else lang)
        except TelegramError as exc:  # a menu is a comfort, not a reason to stop
            logger.warning("could not register the %s command menu: %s", lang, exc)


async def _catch_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    outcomes = await digest.catch_up(context.application)
    if outcomes:
        logger.info("digests caught up: %s", outcomes)


async def post_shutdown(application: Application) -> None:
    """Close the index."""
    data: BotData = application.bot_data
    if data.pool is not None:
        data.pool.close()
        data.pool = None
    if data.retriever is not None:
        data.retriever.stop_background_work()
    if data.index is not None:
        data.index.close()
        data.index = None
    if data.store is not None:
        data.store.close()
        data.store = None


def build_application(settings: Settings, *, token: str | None = None, request: BaseRequest | None = None,
                      updates_request: BaseRequest | None = None, rate_limit: bool = True,
                      defer_update: bool = True) -> Application:
    """Return the application: handlers, services (started in ``post_init``) and the error handler.

    ``request``/``updates_request`` replace the HTTP transport (the offline console uses a local one).
    ``defer_update``: an index that holds articles already answers while the start-up update runs as the first
    rescan (a running bot); without it, the update comes first (the console, which runs no jobs).
    """
    context_types = ContextTypes(context=BotContext, bot_data=BotData)
    builder: ApplicationBuilder = (
        Application.builder()
        .token(token or settings.token or "0:offline")
        .base_url(settings.telegram_api_url)
        .context_types(context_types)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .concurrent_updates(PerChatUpdateProcessor(settings.concurrent_updates))
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if request is not None:
        builder = builder.request(request)
    if updates_request is not None:
        builder = builder.get_updates_request(updates_request)
    application = builder.build()
    application.bot_data.settings = settings
    application.bot_data.defer_update = defer_update

    application.add_handler(TypeHandler(Update, handlers.guard), group=-1)
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("search", handlers.search))
    application.add_handler(CommandHandler("when", handlers.when))
    application.add_handler(CommandHandler("sources", handlers.sources))
    application.add_handler(CommandHandler("reindex", handlers.reindex))
    application.add_handler(CommandHandler("coverage", handlers.coverage))
    application.add_handler(CommandHandler("compare", handlers.compare_command))
    application.add_handler(CommandHandler("subscribe", handlers.subscribe))
    application.add_handler(CommandHandler("unsubscribe", handlers.unsubscribe))
    application.add_handler(CommandHandler("digest", handlers.digest_now))
    application.add_handler(CommandHandler("stats", handlers.stats))
    application.add_handler(CommandHandler("trend", handlers.trend_command))
    application.add_handler(CommandHandler("alert", handlers.alert))
    application.add_handler(CommandHandler("alerts", handlers.alerts_list))
    application.add_handler(CommandHandler("unalert", handlers.unalert))
    application.add_handler(CommandHandler("mute", handlers.mute))
    application.add_handler(CommandHandler("unmute", handlers.unmute))
    application.add_handler(CommandHandler("muted", handlers.muted_list))
    application.add_handler(CallbackQueryHandler(handlers.page_button, pattern=r"^pg:"))
    application.add_handler(CallbackQueryHandler(handlers.compare_button, pattern=r"^cmp:"))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    addressed = AddressedToBot()
    application.add_handler(MessageHandler(filters.COMMAND & addressed, handlers.unknown_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & addressed, handlers.plain_text))
    application.add_error_handler(handlers.error_handler)
    return application


def run_polling(settings: Settings) -> None:
    """Long-poll Telegram until interrupted."""
    application = build_application(settings)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=True)


def run_webhook(settings: Settings) -> None:
    """Serve Telegram's webhook on ``PORT`` until interrupted (python-telegram-bot's own web server)."""
    from urllib.parse import urlparse

    application = build_application(settings)
    path = urlparse(settings.webhook_url or "").path.lstrip("/")
    application.run_webhook(
        listen=settings.webhook_listen, port=settings.port, url_path=path, webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value() if settings.webhook_secret else None,
        allowed_updates=Update.ALL_TYPES, drop_pending_updates=True)

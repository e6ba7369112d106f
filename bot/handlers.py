"""One small function per command: read the arguments, ask the corpus, render, reply."""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackContext, ExtBot

from bot import render
from bot.config import Settings
from corpus.errors import QueryError
from corpus.index import CorpusIndex
from corpus.search import Retriever
from corpus.when import answer_when, is_when_question, strip_question

logger = logging.getLogger(__name__)


@dataclass
class BotData:
    """What every handler shares: the settings and the search service (set up in ``post_init``)."""

    settings: Settings | None = None
    index: CorpusIndex | None = None
    retriever: Retriever | None = None


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


async def reply_html(update: Update, markup: str) -> None:
    """Send an HTML reply, split into several messages when it is longer than Telegram allows."""
    message = update.effective_message
    if message is None:
        return
    for chunk in render.split_message(markup):
        await message.reply_text(chunk, parse_mode=ParseMode.HTML,
                                 link_preview_options=LinkPreviewOptions(is_disabled=True))


async def start(update: Update, context: BotContext) -> None:
    """Greet the user and say what the bot does."""
    await reply_html(update, render.text(user_language(update), "start"))


async def help_command(update: Update, context: BotContext) -> None:
    """Explain the commands and the filters."""
    await reply_html(update, render.text(user_language(update), "help"))


async def run_search(update: Update, context: BotContext, query: str) -> None:
    """Search the coverage for ``query`` and reply with the best passages."""
    lang = user_language(update)
    if not query.strip():
        await reply_html(update, render.text(lang, "usage_search"))
        return
    try:
        result = context.retriever.search(query, top=context.settings.results_per_page)
    except QueryError as exc:
        await reply_html(update, render.text(lang, "bad_query", reason=str(exc)))
        return
    shown = result.query.text or query
    await reply_html(update, render.render_search(shown, result.hits, lang, context.settings.zone))


async def run_when(update: Update, context: BotContext, query: str) -> None:
    """Answer when the event in ``query`` happened, with the quoted evidence."""
    lang = user_language(update)
    if not strip_question(query):
        await reply_html(update, render.text(lang, "usage_when"))
        return
    try:
        answer = answer_when(context.retriever, query)
    except QueryError as exc:
        await reply_html(update, render.text(lang, "bad_query", reason=str(exc)))
        return
    await reply_html(update, render.render_when(answer, lang, context.settings.zone))


async def when(update: Update, context: BotContext) -> None:
    """/when QUERY: the date of an event, at the precision the sources give, with the evidence."""
    message = update.effective_message
    await run_when(update, context, command_argument(message.text if message else None))


async def search(update: Update, context: BotContext) -> None:
    """/search QUERY: the best passages, quoted with outlet, date, title and link."""
    message = update.effective_message
    await run_search(update, context, command_argument(message.text if message else None))


async def sources(update: Update, context: BotContext) -> None:
    """/sources: the outlets in the index with article counts and date ranges."""
    stats = context.retriever.index.stats()
    await reply_html(update, render.render_sources(stats, user_language(update), context.settings.zone))


async def plain_text(update: Update, context: BotContext) -> None:
    """A message that is not a command: a when-question goes to /when, anything else to /search."""
    message = update.effective_message
    question = message.text if message and message.text else ""
    if is_when_question(question):
        await run_when(update, context, question)
    else:
        await run_search(update, context, strip_question(question) or question)


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not know: point to /help."""
    lang = user_language(update)
    await reply_html(update, render.text(lang, "help"))


async def error_handler(update: object, context: BotContext) -> None:
    """Log the error with its traceback and apologise to the user, without internals."""
    logger.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text(
                html.escape(render.text(user_language(update), "error")), parse_mode=ParseMode.HTML)
        except Exception:  # the apology itself failed (e.g. the chat blocked the bot): logged, not raised
            logger.warning("could not send the apology", exc_info=True)

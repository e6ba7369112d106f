"""``python -m bot``: run the bot.

With TELEGRAM_BOT_TOKEN set (environment or .env) it long-polls Telegram (or serves a webhook with --webhook);
without one, or with the ``console`` command, it starts the offline console on the corpus folder.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys

from bot.config import ConfigError, load_settings
from corpus.answer.outlet_types import ENV as OUTLET_TYPES_ENV
from corpus.cached import ENV as CACHE_ENV
from corpus.errors import CorpusError
from corpus.retrieve.semantic import ENV as SEMANTIC_ENV


class _RedactToken(logging.Filter):
    """Replaces the bot token in log records (URLs of Bot API calls contain it)."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m bot``."""
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=["console", "digest"],
                        help="console: the offline chat on stdin/stdout; digest: show a chat's digest (--dry-run)")
    parser.add_argument("--webhook", action="store_true", help="serve a webhook (WEBHOOK_URL, PORT) instead of polling")
    parser.add_argument("--chat", type=int, default=1, help="console and digest: the chat id (default 1)")
    parser.add_argument("--dry-run", action="store_true", help="digest: print what the chat would receive now")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="console: the user's language (default zh)")
    parser.add_argument("--env-file", default=".env", help="file of settings to read (default .env)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the bot in the chosen mode; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.env_file)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if settings.coverage_outlet_types:  # read from .env as well as the environment; the corpus reads the environment
        os.environ.setdefault(OUTLET_TYPES_ENV, str(settings.coverage_outlet_types))
    os.environ.setdefault(SEMANTIC_ENV, settings.coverage_semantic)
    if settings.coverage_cache_dir:
        os.environ.setdefault(CACHE_ENV, str(settings.coverage_cache_dir))
    try:
        return _run(args, settings)
    except CorpusError as exc:  # an index that cannot serve (another folder's, locked, unreadable): said in one line
        print(f"index error: {exc} (the bot's folder is CORPUS_DIR, its index COVERAGE_DB)", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, settings) -> int:
    """Run the chosen mode with settings read."""
    if args.mode == "digest":
        return _dry_run_digest(settings, args.chat, args.dry_run)
    console = args.mode == "console" or (settings.token is None and not args.webhook)
    logging.basicConfig(level=logging.WARNING if console else settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_RedactToken(settings.token))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if console:
        from bot.console import run_console

        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run_console(settings, chat_id=args.chat, lang=args.lang))
        return 0
    if settings.token is None:
        print("configuration error: TELEGRAM_BOT_TOKEN is not set", file=sys.stderr)
        return 2
    from bot.app import run_polling, run_webhook

    if args.webhook:
        if not settings.webhook_url:
            print("configuration error: WEBHOOK_URL is not set (needed with --webhook)", file=sys.stderr)
            return 2
        run_webhook(settings)
    else:
        run_polling(settings)
    return 0


def _dry_run_digest(settings, chat_id: int, dry_run: bool) -> int:
    """Print what a chat's digest would hold now (nothing is sent, nothing is recorded)."""
    from datetime import UTC, datetime

    from bot import digest, render
    from bot.app import open_search_service
    from bot.store import BotStore

    if not dry_run:
        print("python -m bot digest only shows a digest: add --dry-run (the bot itself sends them)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING)
    index, _retriever, _deferred = open_search_service(settings, background=False)
    store = BotStore(settings.coverage_db)
    try:
        subscription = store.subscription(chat_id)
        lang = subscription.lang if subscription else "zh"
        print(f"chat {chat_id}: subscribed at {subscription.at.strftime('%H:%M')} {subscription.zone}"
              if subscription else f"chat {chat_id}: not subscribed (showing what is new in the last day)")
        markup, _spec, pages = digest.on_demand(index, subscription, lang, settings.zone, datetime.now(UTC),
                                                settings.digest_stories)
        if pages > 1:
            markup += f"\n\n({pages} pages; /digest in the chat shows the others)"
        for part in render.split_message(markup):
            print(render.html_to_plain(part))
            print()
    finally:
        store.close()
        index.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The offline console: the real application and handlers, with a local stand-in for the Bot API.

Each line read is turned into a Telegram update and processed by the same ``Application`` that serves
Telegram; what the bot would send is printed as plain text, links written out. No network is used.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from typing import TextIO

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.config import Settings
from bot.render import html_to_plain

BOT_USER = {"id": 100000001, "is_bot": True, "first_name": "coverage-bot", "username": "coverage_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}


class ConsoleRequest(BaseRequest):
    """Answers the Bot API calls of the application locally and prints the messages it sends."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._message_ids = itertools.count(1)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        """No network, no timeout."""
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: object, **kwargs: object) -> tuple[int, bytes]:
        """Return the Bot API's answer to one call, printing the text of sent and edited messages."""
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        result = self._answer(api_method, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _answer(self, api_method: str, params: dict) -> object:
        if api_method == "getMe":
            return BOT_USER
        if api_method in ("sendMessage", "editMessageText"):
            body = str(params.get("text", ""))
            shown = html_to_plain(body) if params.get("parse_mode") == "HTML" else body
            self.out.write(shown.rstrip() + "\n\n")
            self.out.flush()
            chat_id = params.get("chat_id", 1)
            return {"message_id": params.get("message_id") or next(self._message_ids), "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"}, "text": body, "from": BOT_USER}
        return True


def _update(update_id: int, line: str, chat_id: int, lang: str) -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "console", "language_code": lang}
    message: dict = {"message_id": update_id, "date": int(time.time()), "text": line, "from": user,
                     "chat": {"id": chat_id, "type": "private", "first_name": "console"}}
    if line.startswith("/"):
        command = line.split(maxsplit=1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]
    return {"update_id": update_id, "message": message}


async def run_console(settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                      chat_id: int = 1, lang: str = "zh") -> None:
    """Read lines until end of input or /quit; print the bot's replies."""
    interactive = stdin.isatty()
    application = build_application(settings, request=ConsoleRequest(stdout),
                                    updates_request=ConsoleRequest(stdout), rate_limit=False)
    async with application:
        await application.post_init(application)
        if interactive:
            stdout.write("coverage-bot offline console: /help for commands, /quit to leave.\n")
        try:
            for update_id in itertools.count(1):
                if interactive:
                    stdout.write("> ")
                    stdout.flush()
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    break
                line = line.strip()
                if not line:
                    continue
                if line in ("/quit", "/exit"):
                    break
                await application.process_update(Update.de_json(_update(update_id, line, chat_id, lang),
                                                                 application.bot))
        finally:
            await application.post_shutdown(application)

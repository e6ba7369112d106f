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
from pathlib import Path
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
        self.buttons: dict[str, str] = {}  # label -> callback data, of the last keyboard shown
        self.buttons_message: int | None = None

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
        if api_method == "sendPhoto" and request_data is not None:
            return 200, json.dumps({"ok": True, "result": self._photo(params, request_data)}).encode()
        result = self._answer(api_method, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _photo(self, params: dict, request_data: RequestData) -> dict:
        """A photo (a /trend chart): written to a file in the working folder, its path printed with the caption."""
        content = b""
        for _name, part in request_data.multipart_data.items():
            data = part[1] if isinstance(part, tuple) else part
            content = data if isinstance(data, bytes) else data.read()
        message_id = next(self._message_ids)
        path = Path.cwd() / f"chart-{int(time.time())}-{message_id}.png"
        path.write_bytes(content)
        caption = str(params.get("caption", ""))
        shown = html_to_plain(caption) if params.get("parse_mode") == "HTML" else caption
        self.out.write(f"{shown.rstrip()}\n[chart: {path}]\n\n")
        self.out.flush()
        return {"message_id": message_id, "date": int(time.time()), "chat": {"id": params.get("chat_id", 1),
                "type": "private"}, "from": BOT_USER, "photo": [{"file_id": path.name, "file_unique_id": path.name,
                                                                 "width": 1, "height": 1}]}

    def _answer(self, api_method: str, params: dict) -> object:
        if api_method == "getMe":
            return BOT_USER
        if api_method in ("sendMessage", "editMessageText"):
            body = str(params.get("text", ""))
            shown = html_to_plain(body) if params.get("parse_mode") == "HTML" else body
            message_id = params.get("message_id") or next(self._message_ids)
            rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
            buttons = [b for row in rows for b in row if b.get("callback_data")]
            if buttons:
                self.buttons = {b["text"]: b["callback_data"] for b in buttons}
                self.buttons_message = message_id
                shown += "\n[" + " | ".join(b["text"] for b in buttons) + "]  (> next, < previous)"
            self.out.write(shown.rstrip() + "\n\n")
            self.out.flush()
            chat_id = params.get("chat_id", 1)
            return {"message_id": message_id, "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"}, "text": body, "from": BOT_USER}
        if api_method == "answerCallbackQuery" and params.get("text"):
            self.out.write(f"[{params['text']}]\n\n")
            self.out.flush()
        return True

    def button(self, direction: str) -> str | None:
        """Return the callback data of the next (``>``) or previous (``<``) button last shown, if any."""
        for label, data in self.buttons.items():
            if (direction == ">" and "▶" in label) or (direction == "<" and "◀" in label):
                return data
        return None


def _user(chat_id: int, lang: str) -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "console", "language_code": lang}


def _press(update_id: int, data: str, message_id: int, chat_id: int, lang: str) -> dict:
    message = {"message_id": message_id, "date": int(time.time()), "text": "", "from": BOT_USER,
               "chat": {"id": chat_id, "type": "private", "first_name": "console"}}
    return {"update_id": update_id, "callback_query": {"id": str(update_id), "from": _user(chat_id, lang),
                                                      "chat_instance": str(chat_id), "data": data,
                                                      "message": message}}


def _update(update_id: int, line: str, chat_id: int, lang: str) -> dict:
    user = _user(chat_id, lang)
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
    settings = settings.model_copy(update={"admin_ids": settings.admin_ids | {chat_id}})  # the operator's console
    request = ConsoleRequest(stdout)
    application = build_application(settings, request=request, updates_request=ConsoleRequest(stdout),
                                    rate_limit=False, defer_update=False)
    async with application:
        await application.post_init(application)
        if interactive:
            stdout.write("coverage-bot offline console: /help for commands, > and < to turn pages, /quit to leave.\n")
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
                if line in (">", "<"):
                    data = request.button(line)
                    if data is None or request.buttons_message is None:
                        stdout.write("(no such button)\n\n")
                        continue
                    payload = _press(update_id, data, request.buttons_message, chat_id, lang)
                else:
                    payload = _update(update_id, line, chat_id, lang)
                await application.process_update(Update.de_json(payload, application.bot))
        finally:
            await application.post_shutdown(application)

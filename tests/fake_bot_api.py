"""A small fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

It serves ``/bot<token>/<method>`` like Telegram: ``getUpdates`` long-polls a queue that tests fill with
``push``; every call is recorded; ``fail`` makes the next calls of a method answer with an error (429 with
``retry_after``, 403, 500...).
"""
from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

JSON_FIELDS = {"reply_markup", "results", "commands", "allowed_updates", "entities", "link_preview_options",
               "button", "scope"}
BOT = {"id": 777000, "is_bot": True, "first_name": "Coverage", "username": "coverage_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}


class FakeBotAPI:
    """The server, its update queue and the log of calls it received."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.pending: list[dict] = []
        self.failures: dict[str, list[tuple[int, str, int | None]]] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self._cond = threading.Condition()
        self.held: dict[tuple[str, int], threading.Event] = {}  # calls that wait until released
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                method = self.path.rsplit("/", 1)[-1]
                status, payload = fake._handle(method, fake._params(raw, self.headers.get("Content-Type", "")))
                body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot was killed while waiting for this answer

            do_GET = do_POST

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give the bot as ``TELEGRAM_API_URL``."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def start(self) -> FakeBotAPI:
        self.thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # ---- driving ----------------------------------------------------------------------------------------

    def push(self, update: dict) -> int:
        """Queue an update for the bot (its ``update_id`` is set here) and return its id."""
        with self._cond:
            update = {**update, "update_id": next(self._update_ids)}
            self.pending.append(update)
            self._cond.notify_all()
        return update["update_id"]

    def fail(self, method: str, status: int, description: str, retry_after: int | None = None, times: int = 1):
        """Make the next ``times`` calls of ``method`` fail with this error (``garbage``: a body that is no JSON)."""
        with self._cond:
            self.failures.setdefault(method, []).extend([(status, description, retry_after)] * times)

    def wait_for(self, predicate: Callable[[str, dict], bool], timeout: float = 30.0, count: int = 1) -> list[dict]:
        """Wait until ``count`` recorded calls satisfy ``predicate``; return their parameters."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [p for m, p in self.calls if predicate(m, p)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out; calls so far: {[m for m, _ in self.calls][-20:]}")
                self._cond.wait(min(left, 0.2))

    def sent_to(self, chat_id: int) -> list[dict]:
        """The messages delivered to a chat so far (refused attempts left out)."""
        with self._cond:
            return [p for m, p in self.calls
                    if m == "sendMessage" and int(p.get("chat_id", 0)) == chat_id and p["_status"] == 200]

    # ---- serving ----------------------------------------------------------------------------------------

    @staticmethod
    def _params(raw: bytes, content_type: str) -> dict:
        if not raw:
            return {}
        if "json" in content_type:
            return json.loads(raw)
        params = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
        for key in JSON_FIELDS & set(params):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
        return params

    def hold(self, method: str, chat_id: int) -> threading.Event:
        """Make calls of ``method`` for ``chat_id`` wait (unanswered, undelivered) until the event is set."""
        event = threading.Event()
        self.held[(method, chat_id)] = event
        return event

    def _handle(self, method: str, params: dict) -> tuple[int, dict]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        gate = self.held.get((method, int(params.get("chat_id") or 0)))
        if gate is not None:
            with self._cond:
                self.calls.append((method, {**params, "_status": "held"}))
                self._cond.notify_all()
            gate.wait(timeout=60)
            return 503, {"ok": False, "error_code": 503, "description": "held and dropped"}
        with self._cond:
            queued = self.failures.get(method)
            if queued:
                status, description, retry_after = queued.pop(0)
                payload: dict | bytes = {"ok": False, "error_code": status, "description": description}
                if retry_after is not None:
                    payload["parameters"] = {"retry_after": retry_after}
                if description == "garbage":  # not JSON at all
                    status, payload = 200, b"<html>proxy error</html>"
            else:
                status, payload = 200, {"ok": True, "result": self._result(method, params)}
                result = payload["result"]
                if isinstance(result, dict) and "message_id" in result:
                    params["_message_id"] = result["message_id"]  # so that tests can press its buttons
            params["_status"] = status
            self.calls.append((method, params))
            self._cond.notify_all()
        return status, payload

    def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + wait
        with self._cond:
            self.calls.append(("getUpdates", params))
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
            while not self.pending and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self.pending)

    def _result(self, method: str, params: dict) -> object:
        if method == "getMe":
            return BOT
        if method == "deleteWebhook":
            if str(params.get("drop_pending_updates")).lower() == "true":
                with self._cond:
                    self.pending.clear()
            return True
        if method in ("sendMessage", "editMessageText"):
            chat_id = int(params.get("chat_id", 0))
            message_id = int(params["message_id"]) if params.get("message_id") else next(self._message_ids)
            return {"message_id": message_id, "date": int(time.time()), "from": BOT, "text": params.get("text", ""),
                    "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"}}
        return True

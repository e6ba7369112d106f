"""Webhook mode: updates arrive by HTTP POST with the secret token; requests without it are rejected."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.conftest import ROOT, stop_process
from tests.fake_bot_api import FakeBotAPI


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: dict, secret: str | None) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if secret:
        request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_webhook_with_secret(tmp_path):
    api = FakeBotAPI().start()
    api.fail("setMyCommands", 400, "Bad Request: not supported by this server", times=2)  # start-up goes on
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ALLOWED_", "ADMIN_", "WEBHOOK_"))}
    env.update(TELEGRAM_BOT_TOKEN="1:WEBHOOK", TELEGRAM_API_URL=api.url, CORPUS_DIR=str(ROOT / "seeds"),
               COVERAGE_DB=str(tmp_path / "c.db"), WEBHOOK_URL=hook, PORT=str(port), WEBHOOK_SECRET="s3cret-token",
               WEBHOOK_LISTEN="127.0.0.1")
    proc = subprocess.Popen([sys.executable, "-m", "bot", "--webhook", "--env-file", str(tmp_path / "none.env")],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        registered = api.wait_for(lambda m, p: m == "setWebhook", timeout=90)[0]
        assert registered["url"] == hook and registered["secret_token"] == "s3cret-token"
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": int(time.time()), "text": "/search 碰肘",
            "chat": {"id": 7, "type": "private"}, "from": {"id": 7, "is_bot": False, "first_name": "u"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}]}}
        deadline = time.monotonic() + 30
        while True:  # the web server may start a moment after setWebhook
            try:
                status = _post(hook, update, "wrong")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 403
        assert _post(hook, {**update, "update_id": 2}, None) == 403
        assert _post(hook, {**update, "update_id": 3}, "s3cret-token") == 200
        reply = api.wait_for(lambda m, p: m == "sendMessage" and int(p["chat_id"]) == 7)[0]
        assert "碰肘" in reply["text"]
        assert len(api.sent_to(7)) == 1  # the rejected requests were not handled
    finally:
        stop_process(proc)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        api.stop()
    assert "1:WEBHOOK" not in stderr and "s3cret-token" not in stderr

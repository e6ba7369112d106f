"""End to end over HTTP: ``python -m bot`` long-polls a fake Bot API server; the tests play users."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, stop_process
from tests.fake_bot_api import BOT, FakeBotAPI
from tests.test_render import assert_valid_telegram_html

TOKEN = "123456:TEST-token-never-logged"
ADMIN, USER, GROUP, STRANGER = 42, 43, -1001, 99


def user(uid: int, lang: str = "zh") -> dict:
    return {"id": uid, "is_bot": False, "first_name": f"u{uid}", "language_code": lang}


def message(chat_id: int, text: str, uid: int | None = None, lang: str = "zh", **extra) -> dict:
    uid = uid or chat_id
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "g"}
    msg = {"message_id": int(time.time() * 1000) % 10**9, "date": int(time.time()), "chat": chat,
           "from": user(uid, lang), "text": text, **extra}
    if text.startswith("/"):
        msg.setdefault("entities", [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}])
    return {"message": msg}


@contextmanager
def _running_bot(api: FakeBotAPI, work: Path, **settings: str) -> Iterator[tuple[subprocess.Popen, Path]]:
    """``python -m bot`` polling ``api`` with ``settings`` as its environment, from its first getUpdates until the
    block ends; yields the process and its stderr log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ALLOWED_", "ADMIN_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, LOG_LEVEL="INFO", **settings)
    log = work / "stderr.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bot", "--env-file", str(work / "none.env")],
                                cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            api.wait_for(lambda m, p: m == "getUpdates", timeout=90)
            yield proc, log
        finally:
            stop_process(proc)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):
    """The bot as a user runs it, against the fake server; yields (server, process, stderr path)."""
    api = FakeBotAPI().start()
    early = api.push(message(USER, "/start"))  # sent before the bot started: must be dropped
    work = tmp_path_factory.mktemp("e2e")
    try:
        with _running_bot(api, work, CORPUS_DIR=str(ROOT / "seeds"), COVERAGE_DB=str(work / "c.db"),
                          ADMIN_IDS=str(ADMIN), ALLOWED_CHATS=f"{ADMIN},{USER},{GROUP}") as (proc, log):
            yield api, proc, log, early
    finally:
        api.stop()


def _delivered(chat_id: int):
    return lambda m, p: m == "sendMessage" and int(p["chat_id"]) == chat_id and p["_status"] == 200


def _reply(api: FakeBotAPI, chat_id: int, after: int, timeout: float = 30) -> dict:
    """The message number ``after`` (from 0) delivered to a chat, waiting for it."""
    api.wait_for(_delivered(chat_id), count=after + 1, timeout=timeout)
    return api.sent_to(chat_id)[after]


def test_start_registers_menu_and_drops_old_updates(bot):
    api, _proc, _log, _early = bot
    commands = api.wait_for(lambda m, p: m == "setMyCommands", count=2)
    assert {c.get("language_code") for c in commands} == {None, "zh"}
    assert {c["command"] for c in commands[0]["commands"]} >= {"search", "when", "sources", "help"}
    dropped = [p for m, p in api.calls if m == "deleteWebhook"]
    assert dropped and str(dropped[0].get("drop_pending_updates")).lower() == "true"
    api.push(message(USER, "/start"))
    greeting = _reply(api, USER, 0)
    assert "/search" in greeting["text"]
    assert len(api.sent_to(USER)) == 1  # the /start queued before start-up was not answered


def test_search_pages_with_buttons_edit_the_same_message(bot):
    api, *_ = bot
    before = len(api.sent_to(ADMIN))
    api.push(message(ADMIN, "/search 王毅"))
    first = _reply(api, ADMIN, before)
    assert_valid_telegram_html(first["text"])
    assert first["parse_mode"] == "HTML" and "王毅" in first["text"]
    buttons = [b for row in first["reply_markup"]["inline_keyboard"] for b in row]
    nxt = next(b for b in buttons if "▶" in b["text"])
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    message_id = first["_message_id"]
    api.push({"callback_query": {"id": "cb1", "from": user(ADMIN), "chat_instance": "x", "data": nxt["callback_data"],
                                 "message": {"message_id": message_id, "date": int(time.time()), "from": BOT,
                                             "chat": {"id": ADMIN, "type": "private"}, "text": "..."}}})
    edited = api.wait_for(lambda m, p: m == "editMessageText" and int(p.get("chat_id", 0)) == ADMIN)[-1]
    assert "2/" in edited["text"] and int(edited["message_id"]) == message_id
    assert_valid_telegram_html(edited["text"])
    api.wait_for(lambda m, p: m == "answerCallbackQuery" and p.get("callback_query_id") == "cb1")


def test_long_query_buttons_and_stale_button(bot):
    api, *_ = bot
    before = len(api.sent_to(USER))
    api.push(message(USER, "/search " + "王毅 布林肯 会晤 台湾 " * 40))
    reply = _reply(api, USER, before)
    for row in (reply.get("reply_markup") or {}).get("inline_keyboard", []):
        for b in row:
            assert len(b["callback_data"].encode()) <= 64
    api.push({"callback_query": {"id": "stale1", "from": user(USER), "chat_instance": "x", "data": "pg:00000000ff:3",
                                 "message": {"message_id": 1, "date": int(time.time()), "from": BOT,
                                             "chat": {"id": USER, "type": "private"}, "text": "old"}}})
    answer = api.wait_for(lambda m, p: m == "answerCallbackQuery" and p.get("callback_query_id") == "stale1")[0]
    assert "过期" in answer["text"]


def test_when_and_plain_questions(bot):
    api, *_ = bot
    before = len(api.sent_to(USER))
    api.push(message(USER, "/when 习近平 拜登 视频会晤"))
    api.push(message(USER, "王毅和布林肯什么时候在罗马见面？"))
    api.push(message(USER, "碰肘", lang="en"))
    when = _reply(api, USER, before)
    question = _reply(api, USER, before + 1)
    plain = _reply(api, USER, before + 2)
    assert "2021-11-16" in when["text"] and "2021-10-31" in question["text"]
    assert "碰肘" in plain["text"] and "results" in plain["text"]  # English wording for an English user
    for m in (when, question, plain):
        assert_valid_telegram_html(m["text"])


def test_inline_query_offers_passages(bot):
    api, *_ = bot
    api.push({"inline_query": {"id": "iq1", "from": user(USER), "query": "台湾问题", "offset": ""}})
    answer = api.wait_for(lambda m, p: m == "answerInlineQuery" and p.get("inline_query_id") == "iq1")[0]
    results = answer["results"]
    assert results and all(r["type"] == "article" for r in results)
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<blockquote>" in content["message_text"]
    assert_valid_telegram_html(content["message_text"])


def test_group_answers_only_when_addressed(bot):
    api, *_ = bot
    before = len(api.sent_to(GROUP))
    api.push(message(GROUP, "碰肘", uid=USER))  # not addressed: ignored
    api.push(message(GROUP, "/search@coverage_test_bot 柯比", uid=USER))
    mention = "@coverage_test_bot 碰肘"
    api.push(message(GROUP, mention, uid=USER, entities=[{"type": "mention", "offset": 0, "length": 18}]))
    api.push(message(GROUP, "/search@some_other_bot 柯比", uid=USER))  # for another bot: ignored
    first, second = _reply(api, GROUP, before), _reply(api, GROUP, before + 1)
    assert "柯比" in first["text"] and "碰肘" in second["text"]
    api.push(message(GROUP, "/sources@coverage_test_bot", uid=USER))
    last = _reply(api, GROUP, before + 2)
    assert "联合早报" in last["text"]  # nothing came in between for the ignored messages


def test_unauthorised_chat_and_admin_commands(bot):
    api, *_ = bot
    api.push(message(STRANGER, "/search 王毅"))
    refusal = _reply(api, STRANGER, 0)
    assert "不对此聊天开放" in refusal["text"]
    api.push({"inline_query": {"id": "iq-stranger", "from": user(STRANGER), "query": "王毅", "offset": ""}})
    inline = api.wait_for(lambda m, p: m == "answerInlineQuery" and p.get("inline_query_id") == "iq-stranger")[0]
    assert inline["results"] == []
    before_user, before_admin = len(api.sent_to(USER)), len(api.sent_to(ADMIN))
    api.push(message(USER, "/stats"))
    api.push(message(ADMIN, "/stats"))
    api.push(message(ADMIN, "/reindex"))
    assert "管理员" in _reply(api, USER, before_user)["text"]
    stats = _reply(api, ADMIN, before_admin)["text"]
    assert "5" in stats and "联合早报" in stats
    assert "索引已更新" in _reply(api, ADMIN, before_admin + 1)["text"]


def test_bot_api_errors_are_survived(bot):
    api, *_ = bot
    api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    before = len(api.sent_to(USER))
    api.push(message(USER, "/search 碰肘"))
    retried = _reply(api, USER, before)
    assert "碰肘" in retried["text"]
    tries = [p["_status"] for m, p in api.calls if m == "sendMessage" and "碰肘" in p.get("text", "")
             and int(p["chat_id"]) == USER]
    assert tries[-2:] == [429, 200]  # refused once with retry_after, then sent again
    api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=2)
    api.push(message(ADMIN, "/search 柯比"))
    blocked = api.wait_for(lambda m, p: m == "sendMessage" and int(p["chat_id"]) == ADMIN and p["_status"] == 403,
                           count=2)  # the reply, then the apology
    assert "柯比" in blocked[0]["text"]
    before = len(api.sent_to(USER))
    api.push(message(USER, "/search 玉渊谭天"))
    assert "玉渊谭天" in _reply(api, USER, before)["text"]  # still serving other chats


def test_server_errors_and_malformed_answers_are_survived(bot):
    api, *_ = bot
    api.fail("sendMessage", 502, "Bad Gateway")
    before = len(api.sent_to(USER))
    api.push(message(USER, "/search 侧门"))
    assert "侧门" in _reply(api, USER, before)["text"]  # the 502 was retried
    api.fail("sendMessage", 200, "garbage")
    api.push(message(ADMIN, "/search 碰肘"))
    api.wait_for(lambda m, p: m == "sendMessage" and int(p["chat_id"]) == ADMIN and "碰肘" in p.get("text", ""))
    before = len(api.sent_to(USER))
    api.push(message(USER, "/search 柯比"))
    assert "柯比" in _reply(api, USER, before)["text"]  # still serving


def test_token_never_logged_and_clean_shutdown(bot):
    api, proc, log, _early = bot
    api.push(message(USER, "/help"))
    api.wait_for(lambda m, p: m == "sendMessage" and "/when" in p.get("text", ""))
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    text = Path(log).read_text()
    assert TOKEN not in text and "TEST-token" not in text


def test_a_restarted_bot_answers_at_once_and_its_first_rescan_brings_what_came_meanwhile(tmp_path: Path):
    import shutil

    from corpus.store.index import CorpusIndex
    from tests.conftest import write_article

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    with CorpusIndex(tmp_path / "c.db") as index:  # the index a previous run left
        index.update(corpus)
    write_article(corpus, "late.md", title="月球车登陆", body="<p>月球车今天成功登陆月球背面。</p>")
    api = FakeBotAPI().start()
    try:
        with _running_bot(api, tmp_path, CORPUS_DIR=str(corpus), COVERAGE_DB=str(tmp_path / "c.db"),
                          RESCAN_SECONDS="3600") as (_proc, log):
            deadline, asked, found = time.monotonic() + 60, 0, False
            while not found and time.monotonic() < deadline:  # the next rescan is an hour away: only the first
                api.push(message(USER, "/search 月球车"))
                found = "月球背面" in _reply(api, USER, asked)["text"]
                asked += 1
                time.sleep(0.5)
            assert found
            assert "rescan: 1 added" in log.read_text(encoding="utf-8")
    finally:
        api.stop()

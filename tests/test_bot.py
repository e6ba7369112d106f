"""The handlers, through the real Application and a recording stand-in for the Bot API."""
from __future__ import annotations

import asyncio
import io
import json
import time
from pathlib import Path

import pytest
from telegram import Update

from bot.app import build_application
from bot.config import load_settings
from bot.console import ConsoleRequest
from tests.conftest import SEEDS
from tests.test_render import assert_valid_telegram_html


class RecordingRequest(ConsoleRequest):
    """The console's stand-in for the Bot API, recording every call instead of printing."""

    def __init__(self) -> None:
        super().__init__(io.StringIO())
        self.calls: list[tuple[str, dict]] = []

    def _answer(self, api_method: str, params: dict) -> object:
        self.calls.append((api_method, params))
        return super()._answer(api_method, params)

    def sent(self) -> list[dict]:
        return [p for name, p in self.calls if name == "sendMessage"]


def _message(text: str, update_id: int, lang: str = "zh") -> dict:
    message = {"message_id": update_id, "date": int(time.time()), "text": text,
               "chat": {"id": 42, "type": "private"},
               "from": {"id": 42, "is_bot": False, "first_name": "u", "language_code": lang}}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def converse(tmp_path: Path, lines: list[str], lang: str = "zh", patch=None, **settings_overrides) -> RecordingRequest:
    """Run the application over ``lines`` and return the recorder of what it sent."""
    settings = load_settings(None, corpus_dir=SEEDS, coverage_db=tmp_path / "c.db", **settings_overrides)
    recorder = RecordingRequest()

    async def run() -> None:
        application = build_application(settings, token="123:TEST", request=recorder,
                                         updates_request=recorder, rate_limit=False)
        async with application:
            await application.post_init(application)
            if patch:
                patch(application)
            for i, line in enumerate(lines, 1):
                raw = line(i) if callable(line) else _message(line, i, lang)  # a callable makes its own update
                await application.process_update(Update.de_json(raw, application.bot))
            await application.post_shutdown(application)

    asyncio.run(run())
    return recorder


def test_start_registers_commands_and_greets(tmp_path: Path):
    rec = converse(tmp_path, ["/start"])
    commands = [p for name, p in rec.calls if name == "setMyCommands"]
    assert {c.get("language_code") for c in commands} == {None, "zh"}
    assert "/search" in rec.sent()[0]["text"]


def test_search_quotes_passage_with_source_and_highlight(tmp_path: Path):
    rec = converse(tmp_path, ["/search 碰肘", "/search@coverage_bot 柯比 记者会"])
    first, second = (m["text"] for m in rec.sent())
    for message in rec.sent():
        assert message["parse_mode"] == "HTML"
        assert_valid_telegram_html(message["text"])
    assert "观察者网" in first and "<b>碰肘</b>" in first and "2021-10-31" in first
    assert "大纪元" in second and 'href="https://www.epochtimes.com/' in second


def test_empty_search_gets_usage_and_bad_filter_a_reason(tmp_path: Path):
    rec = converse(tmp_path, ["/search", "/search 王毅 since:yesterday", "/search <b>&amp;</b>"])
    usage, bad, markup = (m["text"] for m in rec.sent())
    assert usage.startswith("用法")
    assert "yesterday" in bad
    assert_valid_telegram_html(markup)


def test_plain_text_is_searched_and_english_users_get_english(tmp_path: Path):
    rec = converse(tmp_path, ["王毅和布林肯在罗马会面", "/sources"], lang="en")
    answer, sources = (m["text"] for m in rec.sent())
    assert "results" in answer and "罗马" in answer
    assert "Outlets" in sources and "联合早报" in sources


def test_a_how_did_they_report_it_question_is_answered_like_compare(tmp_path: Path):
    lines = ["/compare 王毅 布林肯 罗马 会面", "各家媒体如何报道王毅 布林肯 罗马 会面？", "王毅 布林肯 罗马 会面"]
    rec = converse(tmp_path, lines)
    command, question, search = (m["text"] for m in rec.sent())
    assert question == command and search != command


def test_how_two_named_outlets_reported_it_is_answered_by_a_comparison_of_them(tmp_path: Path):
    """新浪财经和联合早报怎么报道…的 names two outlets in one list and asks how: /compare of those two, each said
    to have reported it; naming one asks /coverage how it reported it."""
    lines = ["新浪财经和联合早报怎么报道王毅和布林肯通电话的", "联合早报怎么报道王毅和布林肯通电话的"]
    rec = converse(tmp_path, lines)
    both, one = (m["text"] for m in rec.sent())
    assert both.startswith("⚖️") and "✅ <b>新浪财经</b> 报道了" in both and "✅ <b>联合早报</b> 报道了" in both
    assert not one.startswith("⚖️") and one.startswith("✅ <b>联合早报</b> 报道了")


def test_unexpected_error_is_logged_and_answered_politely(tmp_path: Path, caplog):
    def break_search(application):
        def boom(*args, **kwargs):
            raise RuntimeError("secret internals")
        application.bot_data.retriever.search = boom

    rec = converse(tmp_path, ["/search 王毅", "/start"], patch=break_search)
    apology, greeting = (m["text"] for m in rec.sent())
    assert "抱歉" in apology and "secret" not in apology
    assert "/search" in greeting  # the bot kept running
    assert any(r.exc_info for r in caplog.records)


@pytest.mark.parametrize("line", ["/search " + "王毅" * 3000, "/search 😀🙃 \u202eעברית", "/nosuch", "/search *_[]`"])
def test_odd_input_gets_a_valid_reply(tmp_path: Path, line: str):
    rec = converse(tmp_path, [line])
    assert len(rec.sent()) >= 1
    for message in rec.sent():
        assert_valid_telegram_html(message["text"])


def test_when_command_and_plain_questions(tmp_path: Path):
    lines = ["/when 习近平 拜登 视频会晤", "王毅和布林肯什么时候在罗马见面？", "王毅说了什么", "/when"]
    rec = converse(tmp_path, lines)
    when, question, search, usage = (m["text"] for m in rec.sent())
    for message in rec.sent():
        assert_valid_telegram_html(message["text"])
    assert "2021-11-16" in when and "联合早报" in when and "下周二" in when
    assert "from the publication" not in when and "年份取自发布日期" in when  # explained in the reply's language
    assert "2021-10-31" in question and "08:30" in question and "Europe/Rome" in question
    assert "🔎" in search
    assert usage.startswith("用法：/when")


def test_subscribe_digest_coverage_commands(tmp_path: Path):
    lines = ["/subscribe 08:00 Asia/Singapore", "/subscribe", "/digest", "/digest 2021-11-13", "/digest soon",
             "/coverage 王毅 布林肯 通电话", "/coverage", "/subscribe 25:00", "/unsubscribe", "/unsubscribe"]
    rec = converse(tmp_path, lines)
    replies = [m["text"] for m in rec.sent()]
    assert len(replies) == len(lines)
    subscribed, current, fresh, day, bad_day, coverage, usage, bad_time, gone, not_subscribed = replies
    for text in replies:
        assert_valid_telegram_html(text)
    assert "08:00" in subscribed and "Asia/Singapore" in subscribed
    assert "08:00" in current and "Asia/Singapore" in current
    assert "没有新的报道" in fresh  # nothing indexed since the subscription was made
    assert "2021-11-13" in day and "新浪财经" in day and "联合早报" in day and "罗马" not in day
    assert bad_day.startswith("用法：/digest")
    assert "首发" in coverage and "新浪财经" in coverage and "联合早报" in coverage
    assert "未报道" not in coverage  # no other outlet published during those days
    assert "报道媒体构成：商业 2｜中国大陆 1 · 新加坡 1" in coverage  # 新浪财经 and 联合早报, from the reviewed table
    assert usage.startswith("用法：/coverage")
    assert bad_time.startswith("用法：/subscribe")
    assert "已取消" in gone and "没有订阅" in not_subscribed


def test_a_message_asking_whether_an_outlet_reported_something_is_answered_for_that_outlet(tmp_path: Path):
    rec = converse(tmp_path, ["联合早报报道了王毅和布林肯通电话吗", "王毅布林肯通电话，大纪元有没有报道？",
                              "/coverage 新浪报道过王毅布林肯通电话没有"])
    reported, absent, by_command = (m["text"] for m in rec.sent())
    for text in (reported, absent, by_command):
        assert_valid_telegram_html(text)
        assert "🗞" in text and "新浪财经" in text  # the event's coverage follows
    assert reported.startswith("✅ <b>联合早报</b> 报道了：2021-11-13")
    assert absent.startswith("❔ <b>大纪元</b>：这几天档案里没有它的文章")  # it published only in 2023
    assert by_command.startswith("✅ <b>新浪财经</b> 报道了：")  # 新浪: the table's name for the feed


def test_one_chat_cannot_flood_the_bot(tmp_path: Path):
    rec = converse(tmp_path, ["/search 王毅", "/search 布林肯", "/search 柯比", "/start"], chat_rate_limit=2)
    first, second, third, start = (m["text"] for m in rec.sent())
    assert "🔎" in first and "🔎" in second
    assert "请求太频繁" in third
    assert "/search" in start  # cheap commands are not limited


def test_chat_throttle_window():
    from bot.handlers import ChatThrottle

    throttle = ChatThrottle(2, window=60)
    assert throttle.allow(1, now=0) and throttle.allow(1, now=1) and not throttle.allow(1, now=2)
    assert throttle.allow(2, now=2)  # other chats are not affected
    assert throttle.allow(1, now=61)  # the window moved on
    assert ChatThrottle(0).allow(1)


def test_english_questions_with_search_by_meaning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COVERAGE_SEMANTIC", "on")

    def wait_for_vectors(application):
        from corpus.retrieve.semantic import Encoder
        retriever = application.bot_data.retriever
        deadline = time.monotonic() + 90
        while not (Encoder.loaded() and retriever.semantic.coverage().complete) and time.monotonic() < deadline:
            time.sleep(0.2)

    lines = ["When was the Rome meeting?", "Who reported the phone call between Wang Yi and Blinken?",
             "/search elbow bump", "谁报道了王毅和布林肯通电话"]
    rec = converse(tmp_path, lines, lang="en", patch=wait_for_vectors)
    when, coverage, search, coverage_zh = (m["text"] for m in rec.sent())
    for message in rec.sent():
        assert_valid_telegram_html(message["text"])
    assert "2021-10-31" in when
    assert "新浪财经" in coverage and "联合早报" in coverage and "罗马" not in coverage.split("\n")[0]
    assert "碰肘" in search and "found by meaning" in search
    assert "新浪财经" in coverage_zh and "联合早报" in coverage_zh


def test_a_reply_says_when_search_by_meaning_is_not_ready(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COVERAGE_SEMANTIC", "on")

    from corpus.retrieve.semantic import Encoder
    monkeypatch.setattr(Encoder, "loaded", classmethod(lambda cls: False))  # still loading, however long it takes
    rec = converse(tmp_path, ["/search 量子计算机 超导芯片"], lang="en")
    assert "Nothing found" in rec.sent()[0]["text"] and "still being prepared" in rec.sent()[0]["text"]


def test_a_muted_outlet_leaves_results_and_digests_but_still_counts_in_coverage(tmp_path: Path):
    lines = ["/mute 大纪元", "/search 柯比 记者会", "/muted", "/coverage 王毅 布林肯 华盛顿 会面", "/mute epochtimes",
             "/unmute 大纪元", "/search 柯比 记者会", "/mute com", "/mute 不存在的报纸", "/muted", "/mute"]
    rec = converse(tmp_path, lines)
    (muted, search, listed, coverage, again, unmuted, search_again, ambiguous, unknown, none,
     usage) = (m["text"] for m in rec.sent())
    for message in rec.sent():
        assert_valid_telegram_html(message["text"])
    assert "已屏蔽：大纪元" in muted
    assert "没有找到" in search and "屏蔽的 1 家媒体不在结果中" in search  # 柯比 is quoted only by 大纪元
    assert "大纪元" in listed
    assert "大纪元" in coverage and "屏蔽的 1 家媒体" in coverage  # the facts stay whole, and it says so
    assert "已在屏蔽列表中" in again  # by its link's host
    assert "已取消屏蔽：大纪元" in unmuted and "大纪元" in search_again and "柯比" in search_again
    assert "对应多家媒体" in ambiguous and "联合早报" in ambiguous
    assert "不存在的报纸" in unknown
    assert "没有屏蔽" in none and usage.startswith("用法：/mute")


def test_compare_command_and_the_button_under_coverage(tmp_path: Path):
    rec = converse(tmp_path, ["/compare 王毅 布林肯 通电话", "/compare", "/coverage 王毅 布林肯 通电话"])
    compared, usage, coverage = rec.sent()
    assert "共同陈述" in compared["text"] and "新浪财经" in compared["text"] and "联合早报" in compared["text"]
    assert "国务委员兼外长" in compared["text"] and "只有一家说的" in compared["text"]
    assert_valid_telegram_html(compared["text"])
    assert usage["text"].startswith("用法：/compare")
    markup = coverage["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    data = markup["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("cmp:")

    def press(update_id: int, data: str = data) -> dict:
        user = {"id": 42, "is_bot": False, "first_name": "u", "language_code": "zh"}
        message = {"message_id": 1, "date": int(time.time()), "text": "x", "chat": {"id": 42, "type": "private"}}
        return {"update_id": update_id,
                "callback_query": {"id": "cb", "from": user, "chat_instance": "x", "data": data, "message": message}}
    rec = converse(tmp_path, [press, lambda i: press(i, "cmp:999999")])
    assert "共同陈述" in rec.sent()[0]["text"]
    answers = [p for name, p in rec.calls if name == "answerCallbackQuery"]
    assert any("不在索引中" in (p.get("text") or "") for p in answers)  # a story gone from the index

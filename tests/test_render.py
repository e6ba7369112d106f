"""Telegram HTML: escaping, highlights, links, and splitting within the message limit."""
from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from bot.render import (
    MESSAGE_LIMIT,
    highlight,
    html_to_plain,
    render_hit,
    render_search_page,
    split_message,
    text,
    visible_length,
)
from corpus.models import Also, Hit

ZONE = ZoneInfo("Asia/Shanghai")
ALLOWED = {"b", "i", "a", "code", "pre", "blockquote", "u", "s"}


class _TagChecker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):
        self.ok &= tag in ALLOWED
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok &= bool(self.stack) and self.stack.pop() == tag


def assert_valid_telegram_html(markup: str) -> None:
    """Only Telegram's tags, balanced, within the length limit."""
    checker = _TagChecker()
    checker.feed(markup)
    checker.close()
    assert checker.ok and not checker.stack, markup
    assert visible_length(markup) <= MESSAGE_LIMIT


def _hit(text_: str, **kw) -> Hit:
    values = dict(source="联合早报", title="标题 <script>", url="https://example.com/a?b=1&c=2",
                  published=datetime(2021, 10, 31, 20, 0, tzinfo=UTC), path="a.md", passage=1,
                  kind="text", text=text_, score=90.0, matched=("王毅",))
    values.update(kw)
    return Hit(**values)


def test_highlight_escapes_everything_else():
    assert highlight("a<b>&王毅", ["王毅"]) == "a&lt;b&gt;&amp;<b>王毅</b>"


def test_search_reply_is_valid_html_with_link_date_and_also():
    hit = _hit("王毅说 <i>不</i> & 好", also=(Also("新浪财经", None, "b.md", "t", hit_time := datetime(
        2021, 11, 1, tzinfo=UTC)),))
    markup = render_search_page("王毅 <b>", [hit], 0, 3, "zh", ZONE)
    assert_valid_telegram_html(markup)
    assert "&lt;b&gt;" in markup and "2021-11-01" in markup  # 20:00 UTC is the next day in Beijing
    assert '<a href="https://example.com/a?b=1&amp;c=2">标题 &lt;script&gt;</a>' in markup
    assert "新浪财经" in markup and hit_time


def test_nothing_found_and_english_wording():
    assert "没有找到" in render_search_page("xyz", [], 0, 3, "zh", ZONE)
    assert "Nothing found" in render_search_page("xyz", [], 0, 3, "en", ZONE)
    assert "&lt;b&gt;" in text("en", "bad_query", reason="<b>")


def test_a_page_of_long_passages_fits_in_one_message():
    hits = [_hit("王毅" + "很长的段落。" * 400, passage=i) for i in range(10)]
    page = render_search_page("王毅", hits, 0, 10, "zh", ZONE)
    assert_valid_telegram_html(page)


def test_long_replies_are_split_between_blocks():
    hits = [_hit("王毅" + "很长的段落。" * 150, passage=i) for i in range(12)]
    parts = split_message("\n\n".join(render_hit(i, h, "zh", ZONE) for i, h in enumerate(hits, 1)))
    assert len(parts) > 1
    for part in parts:
        assert_valid_telegram_html(part)


def test_a_single_huge_block_is_cut_safely():
    parts = split_message("<b>x</b>" + "&amp;字" * 9000)
    assert len(parts) > 1
    for part in parts:
        assert_valid_telegram_html(part)


def test_plain_text_for_the_console():
    plain = html_to_plain('<b>1.</b> <a href="https://x.y/">标题</a>\n<blockquote>说<b>王毅</b></blockquote>')
    assert plain == "1. 标题 <https://x.y/>\n  │ 说【王毅】"


def test_a_first_report_is_labelled_as_such_in_both_languages():
    from bot.render import explain, render_when
    from corpus.answer.when import DateAnswer, Evidence, WhenAnswer
    published = datetime(2022, 5, 2, 2, 0, tzinfo=UTC)
    hit = Hit(source="甲报", title="熊猫抵达动物园", url=None, published=published, path="b.md", passage=1,
              kind="text", text="大熊猫抵达动物园。", score=70.0)
    local = published.astimezone(ZONE)
    answer = WhenAnswer(query="大熊猫抵达动物园", basis="first_report", date=DateAnswer(
        local.date(), local.date(), "day", 0.0, ("甲报",), (Evidence(hit, None, hit.text, 0.0),), time=local))
    zh, en = render_when(answer, "zh", ZONE), render_when(answer, "en", ZONE)
    assert "最早的报道" in zh and "不一定是事件发生的日期" in zh and "2022-05-02" in zh and "10:00" in zh
    assert "First reported" in en and "not necessarily the day of the event" in en
    answer.reported = True  # asked when it was reported: no caveat
    assert "不一定" not in render_when(answer, "zh", ZONE)
    dateline = explain("counted from the dateline's day 2020-08-10, a Monday", "zh")
    assert dateline == "从电头日期 2020-08-10（星期一）推算"
    assert explain("year from the publication date", "en") == "year from the publication date"
    assert explain("month from the publication date", "zh") == "月份取自发布日期"


def test_how_a_clock_time_was_placed_is_told_in_chinese_too():
    import re

    from bot.render import explain
    from corpus.answer.dates import _ZONE_FROM
    for where in _ZONE_FROM.values():
        told = explain(f"clock time; read in Asia/Tokyo, {where}", "zh")
        assert told.startswith("原文写明的时刻；按 Asia/Tokyo 时间（") and not re.search(r"[a-z]{3,}", told.replace(
            "Asia/Tokyo", "")), told


def test_coverage_gives_each_time_with_its_zone_and_no_empty_quote():
    from bot.render import format_time_zone, render_coverage
    from corpus.answer.stories import Story, StoryArticle

    moment = datetime(2020, 8, 10, 1, 6, tzinfo=UTC)
    assert format_time_zone(moment, ZONE) == "2020-08-10 09:06 UTC+8"
    assert format_time_zone(moment, ZoneInfo("Asia/Kolkata")) == "2020-08-10 06:36 UTC+5:30"
    assert format_time_zone(moment, ZoneInfo("America/Sao_Paulo")) == "2020-08-09 22:06 UTC−3"
    story = Story(1, (StoryArticle(1, "甲报", "黎智英被捕", "https://a.example/1", moment, "a.md",
                                   "香港警方周一逮捕黎智英。", first=True),
                      StoryArticle(2, "乙网", "黎智英被捕 <b>", None, moment.replace(hour=8), "b.md", "")), ())
    reply = render_coverage(story, "黎智英被捕", "zh", ZONE)
    assert_valid_telegram_html(reply)
    assert "2020-08-10 09:06 UTC+8" in reply and "2020-08-10 16:06 UTC+8" in reply
    assert reply.count("<blockquote>") == 1  # 乙网 has no lede: no empty quote

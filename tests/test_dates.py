"""Date expressions: found, resolved against the publication time, and not found where there is no date."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from corpus.answer.dates import chinese_number, find_dates, zone_of_source
from tests.conftest import DATA

SOURCES = {"000": "联合早报", "001": "观察者网", "002": "新浪财经", "003": "联合早报", "004": "大纪元"}


def _overlapping(mentions, expression):
    return [m for m in mentions if expression in m.expression or m.expression in expression]


def test_reference_mentions_resolve_to_their_start_date():
    gold = json.loads((DATA / "dates_gold.json").read_text(encoding="utf-8"))
    wrong = []
    for case in gold:
        published = datetime.fromisoformat(case["pub_date_utc"])
        mentions = find_dates(case["context_sentence"], published, zone_of_source(SOURCES[case["file"][:3]]))
        starts = {m.start.isoformat()[:10] for m in _overlapping(mentions, case["expression"])}
        if case["resolved_start"][:10] not in starts:
            wrong.append(case["expression"])
    assert len(wrong) <= len(gold) // 10, wrong


def test_reference_traps_are_not_dates():
    traps = json.loads((DATA / "dates_traps.json").read_text(encoding="utf-8"))
    published = datetime.fromisoformat("2021-11-13T07:00:00+00:00")
    for case in traps:
        mentions = find_dates(case["context_sentence"], published)
        start = case["context_sentence"].find(case["expression"])
        end = start + len(case["expression"])
        assert not [m for m in mentions if m.span[0] < end and start < m.span[1]], case["expression"]


# Publication: Wednesday 5 January 2022, 10:00 in Beijing.
PUB = datetime.fromisoformat("2022-01-05T10:00:00+08:00")


@pytest.mark.parametrize("sentence, expression, start, end, granularity", [
    ("双方于2021年11月13日通话。", "2021年11月13日", "2021-11-13", "2021-11-13", "day"),
    ("会议于二〇二一年十二月三十一日闭幕。", "二〇二一年十二月三十一日", "2021-12-31", "2021-12-31", "day"),
    ("12月26日双方举行会谈。", "12月26日", "2021-12-26", "2021-12-26", "day"),  # last December
    ("峰会3日开幕。", "3日", "2022-01-03", "2022-01-03", "day"),
    ("12月30日至31日举行。", "12月30日至31日", "2021-12-30", "2021-12-31", "day_range"),
    ("他今天表示。", "今天", "2022-01-05", "2022-01-05", "day"),
    ("明天上午10点举行发布会。", "明天上午10点", "2022-01-06T10:00:00+08:00", "2022-01-06T10:00:00+08:00", "minute"),
    ("昨晚8点发生地震。", "昨晚8点", "2022-01-04T20:00:00+08:00", "2022-01-04T20:00:00+08:00", "minute"),
    ("前天宣布。", "前天", "2022-01-03", "2022-01-03", "day"),
    ("下周二将会晤。", "下周二", "2022-01-11", "2022-01-11", "day"),
    ("上周三发表声明。", "上周三", "2021-12-29", "2021-12-29", "day"),
    ("本周六举行。", "本周六", "2022-01-08", "2022-01-08", "day"),
    ("周四（1月6日）举行。", "周四（1月6日）", "2022-01-06", "2022-01-06", "day"),
    ("周一发表讲话。", "周一", "2022-01-03", "2022-01-03", "day"),
    ("周一下午3点发表讲话。", "周一下午3点", "2022-01-03T15:00:00+08:00", "2022-01-03T15:00:00+08:00", "minute"),
    ("当地时间上周五上午10点半开庭。", "当地时间上周五上午10点半", "2021-12-31T10:30:00+08:00",
     "2021-12-31T10:30:00+08:00", "minute"),
    ("他周五将访问北京。", "周五", "2022-01-07", "2022-01-07", "day"),
    ("今年3月双方会谈。", "今年3月", "2022-03-01", "2022-03-31", "month"),
    ("去年12月宣布。", "去年12月", "2021-12-01", "2021-12-31", "month"),
    ("明年2月举行冬奥会。", "明年2月", "2023-02-01", "2023-02-28", "month"),
    ("两周前双方通话。", "两周前", "2021-12-20", "2021-12-26", "week"),
    ("五年前签署。", "五年前", "2017-01-01", "2017-12-31", "year"),
    ("会议将在三天后举行。", "三天后", "2022-01-08", "2022-01-08", "day"),
    ("约两周后举行选举。", "两周后", "2022-01-17", "2022-01-23", "week"),
    ("上个月发布。", "上个月", "2021-12-01", "2021-12-31", "month"),
    ("澳方早在上月14日收到通知。", "上月14日", "2021-12-14", "2021-12-14", "day"),  # a day of last month
    ("下个月3号开会。", "下个月3号", "2022-02-03", "2022-02-03", "day"),
    ("今年夏天访问。", "今年夏天", "2022-06-01", "2022-08-31", "season"),
    ("预计下半年完成。", "下半年", "2022-07-01", "2022-12-31", "half"),
    ("第一季度增长。", "第一季度", "2022-01-01", "2022-03-31", "quarter"),
    ("9月下旬举行。", "9月下旬", "2021-09-21", "2021-09-30", "period"),
    ("年底前完成。", "年底", "2022-11-01", "2022-12-31", "period"),
    ("国庆节期间出游。", "国庆节", "2021-10-01", "2021-10-07", "day_range"),
    ("元旦当天。", "元旦", "2022-01-01", "2022-01-01", "day"),
    ("春节前返乡。", "春节", "2022-02-01", "2022-02-07", "day_range"),
    ("2022年8月访问台湾。", "2022年8月", "2022-08-01", "2022-08-31", "month"),
    ("自2017年以来首次。", "2017年", "2017-01-01", "2017-12-31", "year"),
])
def test_kinds_of_expression(sentence, expression, start, end, granularity):
    mentions = _overlapping(find_dates(sentence, PUB), expression)
    assert mentions, f"no date found in {sentence}"
    m = mentions[0]
    got = (m.expression, m.start.isoformat(), m.end.isoformat(), m.granularity)
    assert got == (expression, start, end, granularity)
    assert sentence[m.span[0]:m.span[1]] == m.expression and m.note


def test_clock_time_with_zone_and_conversion():
    sentence = "他会在罗马时间10月31日早上8时30分（新加坡时间下午3时30分）与王毅会面。"
    m = find_dates(sentence, datetime.fromisoformat("2021-10-31T12:47:35+08:00"))[0]
    assert m.start.isoformat() == "2021-10-31T08:30:00+01:00" and m.zone == "Europe/Rome"
    local = find_dates("当地时间10月31日上午8点30分（北京时间15点30分），两人会晤。",
                       datetime.fromisoformat("2021-10-31T20:42:28+08:00"))[0]
    assert local.start.isoformat() == "2021-10-31T08:30:00+01:00" and local.granularity == "minute"


PARIS = ZoneInfo("Europe/Paris")  # an outlet far from the places its reports are about
AT = datetime.fromisoformat("2020-08-28T07:00:00+00:00")


@pytest.mark.parametrize(("text", "expression", "moment", "zone_from"), [
    # traditional characters; the bracket's clock in the first one's half of the day
    ("日本首相今天下午5時（台北時間4時）舉行記者會", "今天下午5時（台北時間4時）", "2020-08-28T17:00:00+09:00",
     "converted"),
    ("香港警方今早7時許到達黎智英寓所", "今早7時", "2020-08-28T07:00:00+08:00", "sentence"),  # the place before it
    ("當地時間28日下午5時安倍在東京舉行記者會", "當地時間28日下午5時", "2020-08-28T17:00:00+09:00", "sentence"),  # 在…
    ("路透东京8月28日 - 安倍晋三下午5点宣布辞职", "下午5点", "2020-08-28T17:00:00+09:00", "dateline"),
    ("美国卫生部长艾萨28日下午3时出席签署仪式", "28日下午3时", "2020-08-28T15:00:00+02:00", "outlet"),  # an office
    ("截至格林威治标准时间（GMT）27日晚间10时30分，全球病例", "格林威治标准时间（GMT）27日晚间10时30分",
     "2020-08-27T22:30:00+00:00", "stated"),
    ("众议院在日本时间下午1时召开院会，约1时45分结果出炉", "1时45分", "2020-08-28T13:45:00+09:00", "sentence"),
    ("辩论于晚8:30开始，11:00结束", "11:00", "2020-08-28T23:00:00+02:00", "outlet"),
])
def test_a_clock_time_is_read_in_the_zone_of_where_it_happened(text, expression, moment, zone_from):
    """A clock time without a zone word is read where its sentence (or dateline) places it, not in the zone of
    the outlet (here Paris), unless nothing places it."""
    found = [m for m in find_dates(text, AT, PARIS) if m.granularity == "minute" and m.expression == expression]
    assert [(m.start.isoformat(), m.zone_from) for m in found] == [(moment, zone_from)]
    assert text[found[0].span[0]:found[0].span[1]] == expression  # as written, traditional characters too


def test_a_clock_time_nothing_in_its_text_places_is_read_where_the_headline_places_it():
    m = find_dates("警方在黎智英住所停留至早上9时许", AT, PARIS, clock_zone=ZoneInfo("Asia/Hong_Kong"))[0]
    assert m.start.isoformat() == "2020-08-28T09:00:00+08:00" and m.zone_from == "headline"


def test_a_part_of_the_day_is_read_where_the_report_places_it_as_a_clock_time_is():
    """黎智英是在周一早上被捕, written in Paris with 香港 in the headline: Monday morning in Hong Kong; 今晚8点 in
    东京 is eight in the evening there. A whole day keeps the outlet's calendar."""
    morning = find_dates("黎智英是在周一早上被捕。", AT, PARIS, clock_zone=ZoneInfo("Asia/Hong_Kong"))[0]
    assert morning.granularity == "part_of_day" and morning.zone_from == "headline"
    assert morning.start.isoformat().endswith("06:00:00+08:00") and morning.zone == "Asia/Hong_Kong"
    evening = find_dates("首相今晚8点在东京召开记者会。", AT, PARIS)[0]
    assert evening.start.isoformat().endswith("20:00:00+09:00") and evening.zone_from == "sentence"
    day = find_dates("黎智英周一被捕。", AT, PARIS, clock_zone=ZoneInfo("Asia/Hong_Kong"))[0]
    assert day.granularity == "day" and day.zone is None


@pytest.mark.parametrize("sentence", [
    "为期两天的峰会", "双方会晤约50分钟。", "这个对话已经持续了好几个月。", "24小时内回应", "2758号决议",
    "三点共识", "12号台风登陆", "在21世纪的今天", "美方近期表示", "最近的消息", "美中元首视频会晤",
    "见 https://www.zaobao.com/story20211031-1208778 页面", "三个月内完成", "第一次会谈",
    "在领馆关闭的三天前，另一领馆已闭馆。", "事发之后两天",  # counted from another event, not from the report
    "蒙冤近27年后无罪获释的张玉环", "他被捕三天后获释。",  # how long something lasted, not 2047 or the 5th
])
def test_not_dates(sentence):
    assert find_dates(sentence, PUB) == []


@pytest.mark.parametrize("text, value", [("二〇二一", 2021), ("三十一", 31), ("十六", 16), ("50", 50), ("１２", 12)])
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("sentence, expressions", [
    ("中国力争2060年前实现碳中和", ["2060年"]),  # before 2060, not 2060 years ago
    ("五千年前的文明", []), ("1000000天后", []), ("九千九百年后", []),
])
def test_counts_beyond_the_calendar_are_no_dates_and_no_error(sentence, expressions):
    assert [m.expression for m in find_dates(sentence, PUB)] == expressions


def test_a_day_in_brackets_corrects_a_report_stamped_after_midnight():
    late = datetime.fromisoformat("2020-08-08T23:30:00+00:00")  # Saturday in UTC, Sunday in Asia
    assert [(m.expression, m.start.isoformat()) for m in find_dates("部长今天（9日）抵达。", late, UTC)] == \
        [("今天（9日）", "2020-08-09")]
    assert [(m.expression, m.start.isoformat()) for m in find_dates("部长今天（周日）抵达。", late, UTC)] == \
        [("周日", "2020-08-09")]


def test_every_place_of_the_table_has_a_time_zone():
    from corpus.answer.dates import PLACE_ZONES
    assert len(PLACE_ZONES) > 50 and "香港" in PLACE_ZONES
    assert all(ZoneInfo(zone) for zone in PLACE_ZONES.values())

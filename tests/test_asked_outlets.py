"""Questions whether given outlets reported something: BBC报道了黎智英被捕吗, Did Reuters cover it?"""
from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.render import render_coverage
from corpus import CorpusIndex, Retriever, asked_outlets, best_story, is_outlet_question
from corpus.__main__ import main
from corpus.answer.asked_outlets import outlet_question
from tests.conftest import write_article

SOURCES = ("(臺)中央社CNA", "路透", "BBC", "纽约时报", "自由亚洲电台", "寒冬", "美国之音", "联合早报", "新浪财经")


@pytest.mark.parametrize(("question", "outlets", "event"), [
    ("BBC报道了黎智英被捕吗", ("BBC",), "黎智英被捕"),
    ("纽约时报有没有报道黎智英被捕？", ("纽约时报",), "黎智英被捕"),
    ("黎智英被捕，BBC报道了吗", ("BBC",), "黎智英被捕"),
    ("黎智英被捕BBC有报道吗", ("BBC",), "黎智英被捕"),
    ("BBC对黎智英被捕有报道吗", ("BBC",), "黎智英被捕"),
    ("美国之音是否报道了香港国安法", ("美国之音",), "香港国安法"),
    ("中央社報導了黎智英被捕嗎", ("(臺)中央社CNA",), "黎智英被捕"),  # traditional; the table's name for the feed
    ("BBC和纽时都报道了黎智英被捕吗", ("BBC", "纽约时报"), "黎智英被捕"),  # 纽时: the table's name for 纽约时报
    ("路透记者被驱逐，BBC报道了吗", ("BBC",), "路透记者被驱逐"),  # an outlet the event names stays in it
    ("Did the BBC report Jimmy Lai's arrest?", ("BBC",), "Jimmy Lai's arrest"),
    ("Has Reuters covered the arrest of Jimmy Lai?", ("路透",), "the arrest of Jimmy Lai"),
    ("Was Jimmy Lai's arrest reported by the New York Times?", ("纽约时报",), "Jimmy Lai's arrest"),
    ("Did NYT and RFA report on Jimmy Lai's arrest", ("纽约时报", "自由亚洲电台"), "Jimmy Lai's arrest"),
])
def test_a_question_naming_outlets_gives_them_and_the_event(question: str, outlets: tuple[str, ...], event: str):
    assert asked_outlets(question, SOURCES) == (outlets, event)
    assert is_outlet_question(question, SOURCES)


@pytest.mark.parametrize(("question", "outlets", "event"), [
    ("BBC怎么报道黎智英被捕的", ("BBC",), "黎智英被捕"),
    ("黎智英被捕，BBC是怎么报道的？", ("BBC",), "黎智英被捕"),
    ("关于黎智英被捕，纽约时报怎么说？", ("纽约时报",), "黎智英被捕"),
    ("BBC对黎智英被捕怎么说", ("BBC",), "黎智英被捕"),
    ("美国之音如何报道香港国安法", ("美国之音",), "香港国安法"),
    ("How did the BBC cover Jimmy Lai's arrest?", ("BBC",), "Jimmy Lai's arrest"),
    ("What did Reuters say about Jimmy Lai's arrest?", ("路透",), "Jimmy Lai's arrest"),
])
def test_a_question_how_outlets_reported_something_gives_them_and_the_event(question: str, outlets: tuple[str, ...],
                                                                           event: str):
    assert outlet_question(question, SOURCES) == (outlets, event, True)
    assert outlet_question("BBC报道了黎智英被捕吗", SOURCES) == (("BBC",), "黎智英被捕", False)


@pytest.mark.parametrize("question", [
    "BBC怎么样",  # how the outlet is, not how it reported something
    "BBC报道了黎智英被捕",  # a statement, no question: searched as written
    "谁报道了黎智英被捕",  # who: /coverage's own question
    "经济寒冬报道",  # 寒冬 is an outlet's name, but nothing asks whether it reported something
    "BBC记者被驱逐",
    "Did the BBCX report it?",  # a name only as a whole word
    "Who did the BBC interview?",
])
def test_other_messages_are_no_question_about_an_outlet(question: str):
    assert asked_outlets(question, SOURCES) == ((), question)
    assert not is_outlet_question(question, SOURCES)


def write_bail(folder: Path) -> None:
    """甲报 and 乙网 report a bail on 2022-08-11; 丙台 publishes something else that day; 丁报 publishes only
    weeks later."""
    body = "<p>香港壹传媒创办人黎智英11日深夜获准保释离开警署，他在警署外向支持者挥手致意。</p>"
    write_article(folder, "bail0.md", title="黎智英获准保释 甲报", source="甲报", date="2022-08-11T15:00:00Z",
                  body=body)
    write_article(folder, "bail1.md", title="黎智英深夜获准保释离开警署", source="乙网", date="2022-08-11T17:00:00Z",
                  body=body)
    write_article(folder, "other.md", title="台风逼近华南沿海 多地停课", source="丙台", date="2022-08-11T16:00:00Z",
                  body="<p>强台风逼近华南沿海，广东多地宣布停课停工，渔船回港避风。</p>")
    write_article(folder, "later.md", title="秋季开学 各地学校恢复面授", source="丁报", date="2022-09-20T08:00:00Z",
                  body="<p>秋季学期开学，各地中小学恢复面授课程，学生返校上课。</p>")


@pytest.fixture
def bail(tmp_path: Path):
    """A retriever over ``write_bail``'s articles, and their folder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_bail(corpus)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        yield Retriever(index), corpus


def test_the_answer_says_for_each_outlet_asked_whether_it_reported_the_event(bail):
    retriever, _corpus = bail
    found = best_story(retriever, "乙网和丙台报道了黎智英获准保释吗")
    assert found is not None and {a.source for a in found.articles} == {"甲报", "乙网"}
    reported, silent = found.asked
    assert (reported.outlet, reported.verdict) == ("乙网", "reported")
    assert reported.article.title == "黎智英深夜获准保释离开警署"
    assert (silent.outlet, silent.verdict, silent.article, silent.published) == ("丙台", "silent", None, 1)
    absent, = best_story(retriever, "黎智英获准保释，丁报有没有报道？").asked
    assert (absent.outlet, absent.verdict) == ("丁报", "absent")  # nothing of it those days: cannot tell
    assert best_story(retriever, "谁报道了黎智英获准保释").asked == ()
    zone = ZoneInfo("Asia/Shanghai")
    zh = render_coverage(found, "乙网和丙台报道了黎智英获准保释吗", "zh", zone)
    assert zh.startswith("✅ <b>乙网</b> 报道了：2022-08-12 01:00 UTC+8 黎智英深夜获准保释离开警署\n"
                         "❌ <b>丙台</b> 没有报道（这几天它发了 1 篇稿）\n\n🗞")
    how = render_coverage(best_story(retriever, "乙网是怎么报道黎智英获准保释的？"), "", "zh", zone)
    assert how.startswith("✅ <b>乙网</b> 报道了：2022-08-12 01:00 UTC+8 黎智英深夜获准保释离开警署\n"
                          "<blockquote>香港壹传媒创办人黎智英11日深夜获准保释离开警署")  # asked how: its words
    en = render_coverage(best_story(retriever, "黎智英获准保释，丁报有没有报道？"), "", "en", zone)
    assert en.startswith("❔ <b>丁报</b>: no article of it in the archive those days; cannot tell\n\n🗞")


def test_coverage_json_carries_the_outlets_asked(tmp_path: Path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_bail(corpus)
    assert main(["coverage", "丙台是否报道了黎智英获准保释", "--corpus", str(corpus), "--db", str(tmp_path / "c.db"),
                 "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["asked"] == [{"outlet": "丙台", "verdict": "silent", "asked_how": False, "article": None,
                                 "published_those_days": 1}]
    assert {a["source"] for a in payload["articles"]} == {"甲报", "乙网"}


def test_a_question_in_english_names_the_event_with_less_of_its_words_in_a_headline(tmp_path: Path):
    """The dictionary's words for an English question's verbs are not a headline's (梅西要求离队 for "Messi tells
    the club he wants to leave Barcelona", written 巴萨): 0.42 of its weight named no event, and no outlet could be
    called silent, 丁报 included; a question in Chinese still needs half (``ABOUT_STORY``)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "<p>阿根廷球星梅西25日通知巴塞罗那俱乐部，要求离队并终止合约，球迷聚集在球场外抗议。</p>"
    reports = [("甲报", "梅西要求离队 已通知巴萨终止合约"), ("乙网", "梅西要求离队 巴萨球迷抗议"),
               ("丙台", "梅西通知巴萨要求离队")]
    for i, (source, title) in enumerate(reports):
        write_article(corpus, f"messi{i}.md", title=title, source=source, date=f"2022-08-25T1{i}:00:00Z", body=body)
    write_article(corpus, "other.md", title="台风逼近华南沿海 多地停课", source="丁报", date="2022-08-25T16:00:00Z",
                  body="<p>强台风逼近华南沿海，广东多地宣布停课停工，渔船回港避风。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        retriever = Retriever(index)
        found = best_story(retriever, "Did 丁报 report Messi tells the club he wants to leave Barcelona?")
        assert found.named and found.missing == ("丁报",)
        assert [(v.outlet, v.verdict, v.published) for v in found.asked] == [("丁报", "silent", 1)]
        assert not best_story(retriever, "梅西要求离开巴塞罗那俱乐部").named  # 0.28 of it in any headline


@pytest.mark.parametrize(("question", "outlets", "general", "without"), [
    ("BBC和纽约时报对黎智英被捕的报道有何不同", ("BBC", "纽约时报"), "媒体对黎智英被捕的报道有何不同",
     "黎智英被捕的报道有何不同"),
    ("BBC与纽时怎么报道黎智英被捕的", ("BBC", "纽约时报"), "媒体怎么报道黎智英被捕的", "怎么报道黎智英被捕的"),
    ("美国之音、BBC和路透如何报道黎智英被捕", ("美国之音", "BBC", "路透"), "媒体如何报道黎智英被捕",
     "如何报道黎智英被捕"),
    ("How did the BBC and Reuters report Jimmy Lai's arrest?", ("BBC", "路透"),
     "How did the outlets report Jimmy Lai's arrest?", "How did report Jimmy Lai's arrest?"),
    ("BBC 纽约时报 黎智英被捕", ("BBC", "纽约时报"), "媒体 黎智英被捕", "黎智英被捕"),  # /compare BBC 纽约时报 …
    ("How did Zaobao and Sina report the call?", ("联合早报", "新浪财经"),  # the table's English names
     "How did the outlets report the call?", "How did report the call?"),
])
def test_a_comparison_between_named_outlets_gives_them_and_the_question_without_them(
        question: str, outlets: tuple[str, ...], general: str, without: str):
    from corpus.answer.asked_outlets import compared_outlets

    assert compared_outlets(question, SOURCES) == (outlets, general, without)


@pytest.mark.parametrize("question", [
    "路透记者被驱逐 各家媒体如何报道",  # one outlet alone may be of the event
    "BBC怎么报道黎智英被捕的",
    "BBC记者在香港被捕 纽约时报评论",  # two outlets, not in one list
])
def test_one_outlet_or_outlets_apart_are_no_comparison_between_them(question: str):
    from corpus.answer.asked_outlets import compared_outlets

    assert compared_outlets(question, SOURCES) == ((), question, question)


def test_a_comparison_between_named_outlets_compares_those_that_reported_it(bail, tmp_path: Path, capsys):
    """乙网 reported the bail, 丙台 published that day without reporting it, 甲报 reported it but was not asked
    about: the comparison is of 乙网 alone, and says what the coverage found of each outlet asked about."""
    from bot.render import render_compare
    from corpus.answer.compare import compare, is_compare_question

    retriever, corpus = bail
    found = compare(retriever, "乙网和丙台对黎智英获准保释的报道有何不同")
    assert found is not None and found.outlets == ("乙网",)
    assert [(v.outlet, v.verdict) for v in found.asked] == [("乙网", "reported"), ("丙台", "silent")]
    assert {o.quote.outlet for o in found.only} <= {"乙网"}
    both = compare(retriever, "甲报与乙网怎么报道黎智英获准保释的")
    assert set(both.outlets) == {"甲报", "乙网"} and len(both.asked) == 2
    assert set(compare(retriever, "黎智英获准保释 各家媒体如何报道").outlets) == {"甲报", "乙网"}
    assert is_compare_question("甲报与乙网怎么报道黎智英获准保释的", retriever.sources)
    assert not is_compare_question("甲报与乙网怎么报道黎智英获准保释的")  # without the outlets: no list
    assert not is_compare_question("甲报和乙网报道了黎智英获准保释吗", retriever.sources)  # whether, not how
    zh = render_compare(found, "", "zh", ZoneInfo("Asia/Shanghai"))
    assert "✅ <b>乙网</b> 报道了：2022-08-12 01:00 UTC+8" in zh
    assert "❌ <b>丙台</b> 没有报道（这几天它发了 1 篇稿）" in zh
    assert "问到的媒体中只有 乙网 报道了这件事" in zh
    none = compare(retriever, "丙台和丁报对黎智英获准保释的报道有何不同")
    assert none.outlets == () and "问到的媒体都没有这件事的报道可比较" in render_compare(none, "", "zh")
    assert render_compare(none, "", "zh").startswith("⚖️ <b>黎智英")  # the story, no count of outlets compared
    assert main(["compare", "乙网和丙台对黎智英获准保释的报道有何不同", "--corpus", str(corpus),
                 "--db", str(tmp_path / "cli.db"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["outlets"] == ["乙网"] and [a["verdict"] for a in payload["asked"]] == ["reported", "silent"]


def test_an_outlet_the_archive_does_not_carry_is_answered_so(bail):
    """新华社 is in the reviewed table of outlets but the archive holds none of its articles: a question whether it
    reported something, or comparing it with one that did, says the archive cannot tell, rather than searching for
    its name as a word of the event."""
    from bot.render import render_compare
    from corpus.answer.compare import compare

    retriever, _corpus = bail
    assert is_outlet_question("新华社报道了黎智英获准保释吗", retriever.sources)
    # by any name the table gives it, answered by its first
    assert asked_outlets("法国国际广播电台报道了黎智英被捕吗", SOURCES) == (("法广",), "黎智英被捕")
    found = best_story(retriever, "新华社报道了黎智英获准保释吗")
    assert {a.source for a in found.articles} == {"甲报", "乙网"}
    assert [(v.outlet, v.verdict) for v in found.asked] == [("新华社", "not_carried")]
    zh = render_coverage(found, "", "zh", ZoneInfo("Asia/Shanghai"))
    assert zh.startswith("❔ <b>新华社</b>：档案里没有这家媒体的文章，无从判断\n\n🗞")
    both = compare(retriever, "乙网和Xinhua对黎智英获准保释的报道有何不同")
    assert both.outlets == ("乙网",) and [v.verdict for v in both.asked] == ["reported", "not_carried"]
    assert "❔ <b>新华社</b>: the archive holds no article of this outlet" in render_compare(both, "", "en")

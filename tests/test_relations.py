"""Which way a text relates two names (corpus/text/relations.py), as news of mirror events writes it."""
from __future__ import annotations

import pytest

from corpus.text import normalize
from corpus.text.relations import IN, english_rendered, mirrored, other_actor, relations, spellings_of

NAMES = spellings_of([("中国",), ("美国",), ("索马利兰", "索马里兰"), ("台湾",)])


def read(text: str) -> set[tuple[str, str, str]]:
    return set(relations(normalize(text), NAMES))


@pytest.mark.parametrize(("text", "expected"), [
    ("索马利兰驻台湾代表处揭牌", {("索马利兰", "台湾", IN)}),
    ("台灣駐索馬利蘭代表處正式成立", {("台湾", "索马利兰", IN)}),  # traditional script, folded
    # a capital for its government, a short form before 驻
    ("北京宣布限制美駐中國外交官活動", {("中国", "美国", "限制"), ("美国", "中国", IN)}),
    ("美国宣布对驻美中国外交官工作施限", {("中国", "美国", IN)}),  # 驻 before the place, then whose
    ("中国对美国驻华外交官采取对等限制", {("中国", "美国", "对"), ("美国", "中国", IN)}),  # 华: China
    ("中国外交部对美驻华使领馆采取对等限制", {("中国", "美国", "对"), ("美国", "中国", IN)}),  # words between
    # a bracketed date read past; a demand that China close (关闭) has China's consulate closed: 关闭 relates too
    ("美国政府周二（21日）突然要求中国关闭总领事馆", {("美国", "中国", "要求"), ("美国", "中国", "关闭")}),
    ("华府21日下令中国关闭领馆", {("美国", "中国", "要求"), ("美国", "中国", "关闭")}),  # 下令 is 要求's act
    ("美方要求中方72小时内关闭领馆", {("美国", "中国", "要求"), ("美国", "中国", "关闭")}),  # a country's side
    ("美国要求中国停止威胁", {("美国", "中国", "要求")}),  # a demand of another act relates only as a demand
    # a clause starting with its act carries over the name that starts the clause before it (not after a colon)
    ("中美关系：中国宣布反制 要求美国关闭驻成都总领事馆", {("中国", "美国", "要求"), ("中国", "美国", "关闭")}),
    ("中国外交部发言人，批评美国", {("中国", "美国", "谴责")}),
    ("中国宣布制裁美国议员", {("中国", "美国", "制裁")}),
    ("美再限制中国外交官", {("美国", "中国", "限制")}),  # a short form starting its clause, 再 between
])
def test_relations_read_who_acts_on_whom(text: str, expected: set[tuple[str, str, str]]):
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "美国为什么要对等外交",  # 对等 relates nothing: no name after 对
    "中美关系持续恶化",  # a pair, no relation
    "美国21日要求各国",  # 日 of a day is not Japan's short form, and no name follows
    "他说美再限制中国",  # a short form not starting its clause is not read two characters from the act
    "美国、中国和台湾举行会谈",
    "港媒：要求美国关闭领馆",  # a colon ends a speaker or a topic, not a clause whose name carries over
    "中国宣布反制 外交部发言人要求美国",  # the act does not start its clause
])
def test_texts_that_relate_no_names(text: str):
    assert read(text) == set()


def test_a_text_is_mirrored_when_it_relates_the_names_only_the_other_way_round():
    asked = frozenset(read("索马利兰驻台湾代表处揭牌"))
    assert mirrored(frozenset(read("台湾驻索马利兰代表处正式揭牌")), asked)
    assert not mirrored(frozenset(read("索馬利蘭駐台代表處揭牌 開啟台索關係新篇章")), asked)
    assert not mirrored(frozenset(read("台湾与索马利兰互设代表处")), asked)  # no relation: not the mirror
    # both ways round: a report of both events is not the mirror event's alone
    assert not mirrored(frozenset(read("台湾驻索马利兰代表处之后 索马利兰驻台湾代表处揭牌")), asked)
    # another act is another relation: China condemning the US is no mirror of the US's demand
    assert not mirrored(frozenset(read("中国谴责美国要求中方关闭领馆")), frozenset(read("美国要求中国关闭领馆")))


def test_the_answer_in_kind_to_a_demand_to_close_is_its_mirror():
    """The United States demanding that China close its consulate has it closed: China closing the US's consulate in
    answer is the mirror event, also where a headline's clause carries over China from the clause before it."""
    asked = frozenset(read("美国要求中国关闭领事馆"))
    assert mirrored(frozenset(read("港媒：中国或关闭美国驻成都总领事馆")), asked)
    assert mirrored(relations(normalize("要求美国关闭驻成都总领事馆"), NAMES, normalize("中美关系：中国宣布反制 ")),
                    asked)
    assert not mirrored(relations(normalize("要求美国关闭驻成都总领事馆"), NAMES), asked)  # no China before it
    assert not mirrored(frozenset(read("美国关闭中国驻休斯敦总领馆")), asked)


@pytest.mark.parametrize(("question", "words", "expected"), [
    ("China restricts activities of US diplomats",
     [(("china", "中国", "大陆"), True), (("restricts", "限制", "管制"), False), (("activities", "活动"), False),
      (("us", "美国", "美方"), True), (("diplomats", "外交官"), False)], "中国限制美国"),
    ("Somaliland opens representative office in Taiwan",
     [(("somaliland", "索马利兰"), True), (("opens", "开放"), False), (("representative office", "代表处"), False),
      (("taiwan", "台湾"), True)], f"索马利兰{IN}台湾"),
    # an act's other words (命令 for 要求) are read as that act by ``relations``
    ("US orders China to close its consulate",
     [(("us", "美国"), True), (("orders", "命令", "订单"), False), (("china", "中国"), True),
      (("close", "关闭", "接近"), False), (("consulate", "领事馆"), False)], "美国命令中国关闭"),
    # the passive voice names the actor last: nothing is read
    ("US diplomats restricted by China",
     [(("us", "美国"), True), (("diplomats", "外交官"), False), (("restricted", "限制"), False),
      (("china", "中国"), True)], ""),
    # "in" after no word of what a country keeps abroad is a place, not 驻
    ("China and India foreign ministers meet in Moscow",
     [(("china", "中国"), True), (("india", "印度"), True), (("foreign ministers", "外长"), False),
      (("meet", "会见"), False), (("moscow", "莫斯科"), True)], "中国印度莫斯科"),
])
def test_an_english_question_is_rendered_as_a_headline_relates_its_names(question, words, expected):
    assert english_rendered(question, words) == expected


def test_an_english_question_tells_the_mirror_event_s_headlines():
    names = spellings_of([("china", "中国"), ("us", "美国")])
    asked = relations(english_rendered("China restricts activities of US diplomats", [
        (("china", "中国"), True), (("restricts", "限制"), False), (("us", "美国"), True)]), names)
    assert mirrored(relations(normalize("美再限制中国外交官"), names), asked)
    assert not mirrored(relations(normalize("中国宣布限制美国驻华外交官"), names), asked)


def test_another_country_s_act_is_told_by_its_name_where_the_question_s_first_country_is_not():
    other = other_actor([("德国", "德"), ("香港",), ("引渡",)])
    assert other(normalize("法国8月3日宣布中止与香港的引渡条约"))
    assert other(normalize("巴黎宣布中止与香港的引渡条约"))  # a capital for its country
    assert not other(normalize("德国7月31日宣布暂停与香港的引渡协议"))
    assert not other(normalize("德方7月31日宣布暂停"))  # the country's side
    assert not other(normalize("7月31日宣布暂停与香港的引渡协议"))  # no other country: the actor may be implied
    assert not other(normalize("法国和德国相继宣布暂停"))  # both
    assert not other_actor([("黎智英",), ("香港",)])(normalize("法国8月3日宣布"))  # the first name is no country


def test_an_english_word_is_placed_where_it_stands_whole():
    """``us`` is found where it stands as a word, not inside ``use`` before it."""
    words = [(("china", "中国"), True), (("restricts", "限制"), False), (("us", "美国"), True)]
    assert english_rendered("China restricts use by US", words) == ""  # passive: nothing
    assert english_rendered("China, to use its leverage, restricts US", words) == "中国限制美国"



def test_a_suspension_with_another_names_it_after_with():
    """英国中止与香港的引渡条约: Britain's act with Hong Kong, the other way round from Hong Kong suspending its own
    with Britain; a bracketed date with the spaces around it is read past (英国周一 (7月20日) 也宣布…)."""
    names = spellings_of([("香港",), ("英国",), ("加拿大",)])
    asked = relations(normalize("中国宣布香港中止与英国加拿大的引渡协定"), names)
    assert asked == {("香港", "英国", "中止")}
    for text in ("英国周一宣布中止与香港之间的引渡协议", "英国周一 (7月20日) 也宣布中止与香港的引渡协议",
                 "英暂停与港引渡条约"):
        assert mirrored(relations(normalize(text), names), asked), text
    assert not relations(normalize("英国宣布中止引渡条约"), names)  # no name after the act or 与


def test_two_names_in_a_row_of_a_question_are_not_read_as_one_cut_in_pieces():
    """A chain of countries (英国加拿大) stays two names, so that the question relates 香港 to 英国 and a headline
    of Britain's suspension with Hong Kong is the mirror; Hong Kong's with Britain is not."""
    from corpus.answer.coverage import mirror_test

    terms = ((("中国",), 3.0), (("宣布",), 2.0), (("香港",), 3.0), (("中止",), 4.0), (("英国",), 3.0),
             (("加拿大",), 4.0), (("引渡",), 5.0))
    test = mirror_test("中国宣布香港中止与英国加拿大的引渡协定", terms)
    assert test("英国周一宣布中止与香港之间的引渡协议")
    assert not test("香港政府将中止与英国的引渡协议")

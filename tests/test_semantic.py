"""Search by meaning and English questions: the encoder's vectors, the dictionary, and their fusion with words."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from corpus.answer.when import answer_when
from corpus.retrieve import semantic
from corpus.retrieve.search import Retriever, parse_query, written_otherwise
from corpus.store.index import CorpusIndex
from corpus.text.english import english_words, plain_forms, plain_latin, translate
from tests.conftest import SEEDS, write_article


@pytest.fixture(scope="module")
def meaning_on():
    old = os.environ.get(semantic.ENV)
    os.environ[semantic.ENV] = "on"
    yield
    if old is None:
        os.environ.pop(semantic.ENV, None)
    else:
        os.environ[semantic.ENV] = old


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, meaning_on) -> CorpusIndex:
    """An index of the seeds with every passage embedded."""
    db = tmp_path_factory.mktemp("meaning") / "c.db"
    index = CorpusIndex(db)
    index.update(SEEDS)
    assert semantic.embed_pending(db) == semantic.SemanticIndex(index.db).coverage().total > 0
    yield index
    index.close()


@pytest.fixture(scope="module")
def both(embedded: CorpusIndex) -> Retriever:
    return Retriever(embedded)


@pytest.fixture(scope="module")
def words_only(embedded: CorpusIndex) -> Retriever:
    retriever = Retriever(embedded)
    retriever.semantic = None
    return retriever


def test_dictionary_reads_english_phrases_as_the_corpus_words():
    known = {"通话": 5, "电话": 9, "罗马": 3, "会晤": 4, "竞选搭档": 1}.get
    got = dict(translate(english_words("Blinken's phone call, the Rome meeting and a running mate"),
                         lambda w: known(w) or 0))
    assert set(got["phone call"]) == {"通话", "电话"}
    assert got["rome"] == ("罗马",) and "会晤" in got["meeting"] and got["running mate"] == ("竞选搭档",)
    assert "blinken" not in got and "the" not in got  # no reading the corpus holds; a function word
    assert "arrest" in plain_forms("arrested") and "die" in plain_forms("dies")


def test_a_place_the_dictionary_describes_reads_as_its_name():
    """CC-CEDICT glosses 成都 as "Chengdu subprovincial city and capital of Sichuan…": the name alone reads as 成都,
    as "Beirut, capital of Lebanon" reads as 贝鲁特."""
    known = {"成都": 5, "武汉": 7, "武汉大学": 2, "贝鲁特": 3, "深圳": 4}.get
    got = dict(translate(english_words("Chengdu Wuhan Beirut Shenzhen"), lambda w: known(w) or 0))
    assert got["chengdu"] == ("成都",) and got["wuhan"][0] == "武汉" and got["beirut"] == ("贝鲁特",)
    assert got["shenzhen"] == ("深圳",)


def test_a_place_spelled_two_ways_or_with_marks_reads_as_its_name():
    """CC-CEDICT glosses 基辅 as "Kyiv or Kiev, capital of Ukraine", 新竹 as "Xinzhu or Hsinchu city in northern
    Taiwan" and 北海道 as "Hokkaidō": each spelling, marked or not, reads as the name (not "Source" as 法源寺, of
    "Fayuan or Source of Dharma Temple"). Britain is 英国 (the dictionary: 不列颠), Macau 澳门 (it spells Macao)."""
    known = {"基辅": 3, "哥本哈根": 2, "新竹": 5, "乌鲁木齐": 4, "北海道": 2, "英国": 9, "不列颠": 1, "大英": 1,
             "澳门": 6, "法源寺": 1, "来源": 8}.get
    question = "Kiev Kyiv Copenhagen Hsinchu Ürümqi Hokkaidō Britain Macau source"
    got = dict(translate(english_words(plain_latin(question)), lambda w: known(w) or 0))
    assert got["kiev"] == got["kyiv"] == ("基辅",) and got["copenhagen"] == ("哥本哈根",)
    assert got["hsinchu"] == ("新竹",) and got["urumqi"] == ("乌鲁木齐",) and got["hokkaido"] == ("北海道",)
    assert got["britain"][0] == "英国" and "不列颠" not in got["britain"] and got["macau"] == ("澳门",)
    assert "法源寺" not in got["source"]
    assert parse_query("Ürümqi 的 København").terms == ("urumqi", "kobenhavn")


def test_an_inflected_word_no_entry_begins_with_reads_as_its_plain_form():
    """``arrested`` is only inside 落入法网's glosses; ``arrest`` is 逮捕's first: arrested reads 逮捕 first.
    ``banned`` comes from ``ban``, its consonant doubled."""
    known = {"逮捕": 9, "被捕": 7, "封禁": 3}.get
    got = dict(translate(["arrested", "banned"], lambda w: known(w) or 0))
    assert got["arrested"][0] == "逮捕" and "被捕" in got["arrested"] and got["banned"] == ("封禁",)
    assert "ban" in plain_forms("banned") and "stop" in plain_forms("stopped") and "expel" in plain_forms("expelled")
    forms = plain_forms("called")
    assert forms.index("call") < forms.index("cal")  # a doubled l undone only after it is tried as written


def test_a_form_whose_readings_the_corpus_lacks_gives_way_to_the_next():
    """In the dictionary, ``fires`` may come from ``fir`` (枞树), which no report holds: it reads as ``fire``
    (which the news table now reads itself); ``expelled`` as ``expel``."""
    from corpus.text.english import _lookup, gloss

    known = {"解雇": 4, "开除": 6}.get
    main, _other = _lookup(["fires"], gloss, lambda w: known(w) or 0)
    assert main == ("解雇",)
    got = dict(translate(["fires", "expelled"], lambda w: known(w) or 0))
    assert set(got["fires"]) == {"解雇", "开除"} and got["expelled"] == ("开除",)


def test_a_word_with_senses_of_its_own_is_not_read_as_the_word_it_seems_derived_from():
    """``early`` and ``nearly`` have senses of their own in the dictionary (早期, 将近), though no first one: they
    are not read as ``ear`` (耳朵) and ``near`` (挨着); ``formally``, with none but a loose one, still reads as
    ``formal`` (正式)."""
    known = {"耳朵": 9, "早期": 5, "开初": 1, "挨着": 3, "将近": 4, "几乎": 8, "正式": 8, "申明": 1}.get
    got = dict(translate(["early", "nearly", "formally"], lambda w: known(w) or 0))
    assert "耳朵" not in got["early"] and "早期" in got["early"]
    assert "挨着" not in got["nearly"] and got["nearly"][0] in ("将近", "几乎")
    assert got["formally"][0] == "正式"


def test_a_noun_reads_as_its_verb_and_a_people_as_its_country():
    """``extradition`` is in no gloss, ``extradite`` is 引渡's; ``South Korean`` reads as 韩国, ``Australian`` as
    澳大利亚 (澳大利亚人 is no word of the index), ``Israeli`` as 以色列."""
    known = {"引渡": 5, "韩国": 9, "南韩": 2, "澳大利亚": 7, "以色列": 3, "条约": 4}.get
    words = english_words("extradition treaty, South Korean, Australian, Israeli")
    got = dict(translate(words, lambda w: known(w) or 0))
    assert got["extradition"] == ("引渡",) and got["south korean"][0] == "韩国"
    assert got["australian"] == ("澳大利亚",) and got["israeli"] == ("以色列",)


def test_a_number_in_words_reads_as_its_digits_and_a_people_as_its_place():
    """Reports write 12名港人 where the question says ``twelve``; ``Hong Kongers`` reads as 香港, ``Londoners`` as
    伦敦."""
    known = {"12": 9, "十二": 2, "香港": 9, "伦敦": 4}.get
    got = dict(translate(english_words("twelve Hong Kongers and forty Londoners"), lambda w: known(w) or 0))
    assert got["twelve"][0] == "12" and "十二" in got["twelve"] and got["hong kongers"][0] == "香港"
    assert got["londoners"] == ("伦敦",) and "forty" not in got  # 40: no passage holds it here


def test_a_hyphenated_name_cut_at_its_hyphen_reads_as_one_name():
    """A query cuts ``Tsai Ing-wen`` into tsai, ing, wen; the dictionary's ``Tsai Ing-wen`` still reads as 蔡英文."""
    known = {"蔡英文": 9, "李登辉": 4, "文县": 1}.get
    got = dict(translate(["tsai", "ing", "wen", "lee", "teng", "hui"], lambda w: known(w) or 0))
    assert got == {"tsai ing wen": ("蔡英文",), "lee teng hui": ("李登辉",)}


def brackets_also(index: CorpusIndex, monkeypatch: pytest.MonkeyPatch, name: str, spelling: str) -> None:
    """Make the index's learnt names read the English ``name`` as the bracketed ``spelling`` alone."""
    learnt = index.aliases()

    class Learnt:
        def english(self, word: str) -> tuple[str, ...]:
            return (spelling,) if word == name else learnt.english(word)

        def variants(self, word: str) -> tuple[str, ...]:
            return learnt.variants(word)

    monkeypatch.setattr(index, "aliases", Learnt)


@contextmanager
def words_only_over(tmp_path: Path, articles: list[tuple[str, str, str, str]]) -> Iterator[Retriever]:
    """A retriever reading words only, over an index of these articles (file, headline, outlet, body)."""
    folder = tmp_path / "corpus"
    for name, title, source, body in articles:
        write_article(folder, name, title=title, source=source, body=body)
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        retriever.semantic = None
        yield retriever


def test_news_readings_come_before_the_dictionary_s():
    """CC-CEDICT reads ``administration`` as 施政, 行政 and has no ``sworn in`` nor ``relations``; the reviewed news
    table (``data/english.txt``) reads them as news writes them, instead of the dictionary, a phrase ending in a
    particle and a word in any plain form (``steps down``) included. An adverb reads as its adjective
    (``formally``: 正式)."""
    known = {"政府": 9, "行政": 7, "施政": 2, "宣誓就职": 3, "就职": 5, "辞职": 6, "下台": 4, "关系": 9,
             "正式": 8, "申明": 1}.get
    got = dict(translate(english_words("the Trump administration, sworn in, steps down, relations, formally"),
                         lambda w: known(w) or 0))
    assert got["administration"] == ("政府",)  # news's readings replace the dictionary's
    assert got["sworn in"][0] == "就职" and "宣誓就职" in got["sworn in"]
    assert set(got["steps down"]) == {"辞职", "下台"} and got["relations"] == ("关系",)
    assert got["formally"][0] == "正式"
    assert "in" not in dict(translate(["in"], lambda w: known(w) or 0))  # a particle alone reads as nothing
    assert "formal" in plain_forms("formally") and "heavy" in plain_forms("heavily")
    assert "iraq" in plain_forms("iraqi") and "ant" not in plain_forms("anti")  # not 蚂蚁 for "anti-"
    # trade and court terms news writes otherwise than the dictionary: 反补贴, 无罪, 寻衅滋事
    known = {"反补贴": 3, "补贴": 8, "无罪": 4, "寻衅滋事": 2, "争吵": 5, "蚂蚁": 2, "批准": 6, "政治庇护": 2,
             "政治避难": 1}.get
    got = dict(translate(english_words("anti subsidy acquitted, picking quarrels, ratification, political asylum"),
                         lambda w: known(w) or 0))
    assert got["anti subsidy"] == ("反补贴",) and got["acquitted"] == ("无罪",)
    assert got["picking quarrels"] == ("寻衅滋事",) and got["ratification"] == ("批准",)
    assert got["political asylum"][0] == "政治庇护"
    # a court as a law court (法院, not the dictionary's first 朝廷), a review as a vetting (审查, not 复习)
    known = {"法院": 9, "朝廷": 2, "审查": 7, "复习": 1, "程序": 6}.get
    got = dict(translate(english_words("court review proceedings"), lambda w: known(w) or 0))
    assert got["court"] == ("法院",) and got["review"] == ("审查",) and got["proceedings"] == ("程序",)
    # ``exports`` read as 出口货 alone, ``academics`` as 学术 and 课程, ``entering`` as 进入, not 入境
    known = {"出口": 9, "出口货": 1, "学者": 8, "学术": 6, "课程": 3, "进入": 9, "入境": 5}.get
    got = dict(translate(english_words("exports academics entering"), lambda w: known(w) or 0))
    assert got["exports"] == ("出口",) and got["academics"][0] == "学者" and "入境" in got["entering"]
    # ``food waste`` read as 厨余 (kitchen waste) alone; ``fire`` keeps its senses of a blaze, shots, a dismissal
    known = {"厨余": 2, "浪费": 9, "粮食浪费": 1, "大火": 6, "开火": 3, "解雇": 4, "结束": 9, "结尾": 2}.get
    got = dict(translate(english_words("ending food waste, fire"), lambda w: known(w) or 0))
    assert "厨余" not in got["food waste"] and "浪费" in got["food waste"] and got["ending"][0] == "结束"
    assert {"大火", "开火", "解雇"} <= set(got["fire"])
    # a people reads as its country (the dictionary: Swedish as 瑞典语, Turkish as 蹲坑); labs as 实验室
    known = {"瑞典": 5, "瑞典语": 1, "土耳其": 6, "蹲坑": 1, "土耳其语": 1, "实验室": 4, "贝尔实验室": 1}.get
    got = dict(translate(english_words("Swedish labs, Turkish"), lambda w: known(w) or 0))
    assert got["swedish"] == ("瑞典",) and got["turkish"] == ("土耳其",) and got["labs"] == ("实验室",)
    # common news words whose dictionary senses come otherwise first: soldiers as 兵员 and 招兵, a threat as 外侮,
    # a withdrawal as 戒断, officials as 有司, reporters as reports (报道), won as the currency (韩元)
    known = {"士兵": 6, "兵员": 1, "招兵": 1, "威胁": 8, "外侮": 1, "撤军": 4, "戒断": 1, "官员": 9, "有司": 1,
             "记者": 9, "报道": 9, "赢得": 6, "韩元": 2}.get
    got = dict(translate(english_words("soldiers threat withdrawal officials reporters won"),
                         lambda w: known(w) or 0))
    assert got["soldiers"] == ("士兵",) and got["threat"] == ("威胁",) and got["withdrawal"] == ("撤军",)
    assert got["officials"] == ("官员",) and got["reporters"] == ("记者",) and got["won"] == ("赢得",)
    # the commonest words of English news read as news writes them: a market (the dictionary: 推销), a job (约伯),
    # the pandemic and covid (no entry)
    known = {"市场": 8, "推销": 2, "工作": 9, "约伯": 1, "疫情": 9, "新冠": 7, "复苏": 4, "重获": 1}.get
    got = dict(translate(english_words("market jobs pandemic covid recovery"), lambda w: known(w) or 0))
    assert got["market"][0] == "市场" and got["jobs"] == ("工作",) and got["pandemic"] == ("疫情",)
    assert "新冠" in got["covid"] and got["recovery"] == ("复苏",)
    known = {"最大": 9, "硕大": 1, "参选": 5, "奔走": 2}.get
    got = dict(translate(english_words("the biggest, to run for"), lambda w: known(w) or 0))
    assert got["biggest"] == ("最大",) and got["run for"] == ("参选",)
    known = {"搭档": 5, "副手": 4, "营运": 6, "伙计": 2}.get  # a running mate, not 营运 and 伙计
    assert dict(translate(english_words("running mate"), lambda w: known(w) or 0))["running mate"] == ("搭档", "副手")
    # news phrases the dictionary lacks, words it reads in senses news seldom means (a guard as 看守, to renew as 再改)
    known = {"药检": 4, "阵亡将士": 2, "阵亡": 3, "偿债": 2, "债务": 8, "保安": 5, "看守": 3, "防止": 9, "续签": 4,
             "再改": 1, "调职": 2, "交代": 6}.get
    got = dict(translate(english_words("drug test, fallen soldiers, debt payments, guard, renewing, transferred"),
                         lambda w: known(w) or 0))
    assert got["drug test"] == ("药检",) and "阵亡将士" in got["fallen soldiers"] and "偿债" in got["debt payments"]
    assert got["guard"][0] == "保安" and "防止" not in got["guard"] and got["renewing"] == ("续签",)
    assert "调职" in got["transferred"] and "交代" not in got["transferred"]
    # news phrases the dictionary reads word by word (cross-strait as 交叉 and 海峡, a party secretary as a 政党's
    # 书记), and minutes as time, not a meeting's record (纪要)
    known = {"两岸": 9, "交叉": 2, "海峡": 6, "党委书记": 4, "政党": 5, "书记": 7, "分钟": 8, "纪要": 1}.get
    got = dict(translate(english_words("cross strait party secretary, five minutes"), lambda w: known(w) or 0))
    assert got["cross strait"] == ("两岸",) and "党委书记" in got["party secretary"]
    assert "政党" not in got["party secretary"] and got["minutes"] == ("分钟",)
    # to bar as 禁止 (the dictionary: 酒吧), whistleblowers as 吹哨人 (告密者 alone), a Senate president as 参议长
    known = {"禁止": 9, "酒吧": 3, "吹哨人": 2, "告密者": 1, "参议长": 4, "参议院": 6, "总统": 9}.get
    got = dict(translate(english_words("to bar whistleblowers, the Senate president"), lambda w: known(w) or 0))
    assert got["bar"][0] == "禁止" and got["whistleblowers"][0] == "吹哨人"
    assert got["senate president"] == ("参议长",)
    # an ordinal is no month (the dictionary: seventh as 七月)
    known = {"第七": 3, "七月": 9}.get
    assert dict(translate(["seventh"], lambda w: known(w) or 0))["seventh"] == ("第七",)
    # initials: US and UN as the country and the body (the dictionary: 我们 and 美元, the prefix 不), UK at all
    known = {"美国": 9, "我们": 9, "美元": 6, "英国": 7, "联合国": 5, "不带": 2}.get
    got = dict(translate(english_words("US UK UN"), lambda w: known(w) or 0))
    assert got["us"][0] == "美国" and "我们" not in got["us"] and got["uk"][0] == "英国" and got["un"][0] == "联合国"
    # ... and initials the dictionary lacks: the PLA, the CCP, HKU
    known = {"解放军": 6, "中共": 9, "港大": 3, "香港大学": 2}.get
    got = dict(translate(english_words("PLA CCP HKU"), lambda w: known(w) or 0))
    assert got["pla"] == ("解放军",) and got["ccp"] == ("中共",) and set(got["hku"]) == {"港大", "香港大学"}
    # a pronunciation note is no sense: 448 entries' "Taiwan pr. [...]" read "taiwan" as 垃圾, 下颏 and the like
    known = {"台湾": 9, "垃圾": 5, "下颏": 1, "访台": 3}.get
    got = dict(translate(english_words("Taiwan"), lambda w: known(w) or 0))
    assert got["taiwan"][0] == "台湾" and "垃圾" not in got["taiwan"] and "下颏" not in got["taiwan"]
    # a checkup: 体检 (the dictionary: Taiwan's 健检 and the prenatal 产检)
    known = {"体检": 5, "健检": 1, "产检": 1, "检查": 9}.get
    got = dict(translate(english_words("checkup"), lambda w: known(w) or 0))["checkup"]
    assert "体检" in got and "产检" not in got
    # the fifth plenum: 全会, and trade negotiators: 谈判代表 (the dictionary has neither word)
    known = {"全会": 5, "谈判代表": 3}.get
    got = dict(translate(english_words("plenum negotiators"), lambda w: known(w) or 0))
    assert got["plenum"][0] == "全会" and got["negotiators"][0] == "谈判代表"
    # a vice governor: 副省长 (the dictionary: vice as 道德败坏), Disneyland as Hong Kong writes it, a chamber of
    # commerce
    known = {"副省长": 4, "道德败坏": 2, "迪士尼": 5, "迪斯尼乐园": 1, "商会": 6, "参议院": 9}.get
    got = dict(translate(english_words("vice governor, Disneyland, chamber of commerce"), lambda w: known(w) or 0))
    assert got["vice governor"][0] == "副省长" and "迪士尼" in got["disneyland"]
    assert got["chamber of commerce"] == ("商会",)
    # police change a definition: 修改 too (the dictionary: 改变, 变成, 变化)
    known = {"改变": 9, "变成": 9, "变化": 9, "修改": 7}.get
    assert "修改" in dict(translate(english_words("change"), lambda w: known(w) or 0))["change"]
    # deaths pass 200,000: 超过 (the dictionary: 经过, 过去)
    known = {"超过": 9, "经过": 9, "过去": 9, "通过": 9}.get
    assert dict(translate(english_words("deaths pass"), lambda w: known(w) or 0))["pass"][0] == "超过"


def test_a_phrase_s_first_word_is_read_in_its_plain_form_too():
    """``takes effect`` is in no gloss; ``take effect`` is 生效's."""
    known = {"生效": 7, "拍摄": 9, "效应": 5}.get
    got = dict(translate(["ban", "takes", "effect"], lambda w: known(w) or 0))
    assert got["takes effect"][0] == "生效" and "takes" not in got


def test_a_word_only_a_name_s_first_sense_holds_reads_as_its_plain_form_s_common_word_first(
        monkeypatch: pytest.MonkeyPatch):
    """"Banks (surname)" is 班克斯's first sense and "bank" 银行's: ``banks`` reads as 银行 first, then 班克斯 (it
    had read as 班克斯 alone). ``jones``, a name with no common word under it, still reads as 琼斯."""
    from corpus.text import english

    lines = ["班克斯 班克斯 [Ban1 ke4 si1] /Banks (surname)/Banksy (UK artist)/\n",
             "銀行 银行 [yin2 hang2] /bank/CL:家[jia1]/\n",
             "瓊斯 琼斯 [Qiong2 si1] /Jones (name)/\n"]
    monkeypatch.setattr(english, "_dictionary_lines", lambda: iter(lines))
    table = english.build_glossary()
    assert table["banks"] == "@班克斯||" and table["bank"] == "银行||"
    known = {"银行": 9, "班克斯": 2, "琼斯": 3}.get
    got = dict(translate(["banks", "jones"], lambda w: known(w) or 0, lookup=table.get))
    assert got == {"banks": ("银行", "班克斯"), "jones": ("琼斯",)}


def test_a_news_phrase_holding_a_particle_and_a_longer_dictionary_phrase_are_read_whole(tmp_path: Path):
    """``goes on trial``: the query drops ``on``, and ``goes`` read alone as 百无禁忌 (``anything goes``); it reads
    as the news phrase ``go on trial`` (开庭, 受审). ``Hong Kong police``: ``hong kong`` is one term (a name the
    brackets join), and the dictionary's longer phrase (港警) takes it and ``police`` as one term."""
    with words_only_over(tmp_path, [
        ("t.md", "任志强案今开庭", "甲报", "<p>任志强案今天在北京开庭，他拒绝认罪。</p>"),
        ("p.md", "港警修订传媒代表定义", "乙网",
         "<p>香港警方周二致函传媒机构，港警将修订传媒代表的定义。香港记者协会批评。</p>"),
        ("s.md", "杜特尔特：南海争议不能与中国开战", "丙台",
         "<p>菲律宾总统杜特尔特说，在南海问题上承担不起与中国战争的代价。</p>"),
    ]) as retriever:
        query = retriever.parse("Ren Zhiqiang goes on trial")
        assert "goes on trial" in query.terms and "开庭" in query.alternatives["goes on trial"]
        assert "goes" not in query.terms
        query = retriever.parse("Hong Kong police change the definition of media")
        assert "hong kong police" in query.terms and "police" not in query.terms and "hong kong" not in query.terms
        assert "港警" in query.alternatives["hong kong police"]
        # a word of the phrase asked once before it stays a word of its own (it was dropped, and the phrase's
        # place in the shortened list was then past its end)
        query = retriever.parse("Duterte cannot afford war with China over the South China Sea")
        assert "south china sea" in query.terms and "china" in query.terms and "south" not in query.terms
    assert "go" in plain_forms("goes")


def test_an_irregular_form_reads_as_its_plain_form():
    """``held``, ``fell`` and ``shrank`` end in no suffix the rules strip: lemminflect's lexicon gives their plain
    forms, read right after the word itself, so a news reading of the plain form reads them too (``fell`` as the
    news table's ``fall``, 下跌, not the dictionary's ``fell``, 采伐)."""
    assert plain_forms("held")[:2] == ["held", "hold"] and plain_forms("fell")[:2] == ["fell", "fall"]
    assert "shrink" in plain_forms("shrank") and "child" in plain_forms("children")
    assert plain_forms("arrested")[:2] == ["arrested", "arrest"]  # a regular form as before
    got = dict(translate(english_words("shares fell as the economy shrank"), lambda _w: 1))
    assert "下跌" in got["fell"] and "采伐" not in got["fell"] and "萎缩" in got["shrank"]



def test_a_british_spelling_reads_as_the_american_one_the_dictionary_glosses():
    """CC-CEDICT glosses ``criticize`` and ``recognize``, not ``criticised`` or ``recognise``: those read as them,
    after their own forms (``programme``: program; ``defence``: defense; ``labour``: labor)."""
    assert plain_forms("criticised")[-1] == "criticize" and plain_forms("recognise") == ["recognise", "recognize"]
    assert "program" in plain_forms("programme") and "defense" in plain_forms("defence")
    assert "labor" in plain_forms("labour") and plain_forms("four") == ["four"]
    got = dict(translate(english_words("criticised, recognise"), lambda _w: 1))
    assert "批评" in got["criticised"] and "承认" in got["recognise"]



def test_headline_english_reads_as_news_writes_it():
    """Headlines' verbs and nouns read in their news sense, not the dictionary's first (``slams``: 砰砰, ``probe``:
    探测, ``row``: 一排, ``hails``: 冰雹, ``scraps``: 废品)."""
    got = dict(translate(english_words("China slams probe, row, curbs; Trump hails deal, scraps talks"),
                         lambda _w: 1))
    assert "抨击" in got["slams"] and "砰砰" not in got["slams"] and "调查" in got["probe"]
    assert "争端" in got["row"] and "限制" in got["curbs"] and "赞扬" in got["hails"] and "取消" in got["scraps"]


def test_sports_markets_and_military_words_read_as_news_writes_them():
    """``matches`` is a game, not 洋火 (matchsticks); ``regulators`` 监管机构, not 调节器; ``theater command`` 战区 and
    ``ChiNext`` 创业板, which the dictionary lacks."""
    got = dict(translate(english_words("regulators fine affiliates; theater command; ChiNext matches"), lambda _w: 1))
    assert "比赛" in got["matches"] and "洋火" not in got["matches"] and "监管机构" in got["regulators"]
    assert "调节器" not in got["regulators"] and "关联公司" in got["affiliates"]
    assert got["theater command"] == ("战区",) and got["chinext"] == ("创业板",)


def test_court_and_stage_words_read_as_news_writes_them():
    """``prima facie`` is 表证 (found to answer), not 至少在初步; a ``concert`` is also 演唱会; ``hired`` lawyers are
    聘请 or 委托, not 打手 (thugs); ``denied access`` is 被拒, not a denial (否认)."""
    got = dict(translate(english_words("court finds a prima facie case; concert; lawyers hired; denied access"),
                         lambda _w: 1))
    assert "表证" in got["prima facie"] and "至少在初步" not in got["prima facie"]
    assert "演唱会" in got["concert"] and "聘请" in got["hired"] and "打手" not in got["hired"]
    assert "被拒" in got["denied access"] and "否认" not in got["denied access"]


def test_a_start_and_a_reopening_read_as_news_writes_them():
    """``starts building`` is 开工 (the dictionary: 始建, first built in, and 动土); ``reopens`` is also 重启 and
    开放 (the dictionary: 重开 only)."""
    got = dict(translate(english_words("Huawei starts building a centre; cinemas reopen"), lambda _w: 1))
    assert "开工" in got["starts building"] and "始建" not in got["starts building"]
    assert {"重开", "重启", "开放"} <= set(got["reopen"])


def test_to_call_someone_something_reads_as_news_writes_it():
    """``Trump calls Jimmy Lai brave``: to call someone something is 称 (the dictionary: 自称, 呼吁, 访问, 电话, never
    the one character); to call for something is 呼吁 or 要求."""
    got = dict(translate(english_words("Trump calls Jimmy Lai brave; Xi calls for an end"), lambda _w: 1))
    assert "称" in got["calls"] and "访问" not in got["calls"]
    assert "呼吁" in got["calls for"] and "称" not in got["calls for"]


def test_a_coast_and_interference_read_as_news_writes_them():
    """The dictionary glosses 海岸 "seacoast" and 干预 "to intervene": ``coast`` read 海边, 海警 and 滑行, and
    ``interference`` 干扰 and 电磁干扰, never an election's 干预."""
    got = dict(translate(english_words("a spy plane near the coast; Russian interference"), lambda _w: 1))
    assert "海岸" in got["coast"] and "滑行" not in got["coast"]
    assert "干预" in got["interference"] and "电磁干扰" not in got["interference"]


def test_lithuanians_and_a_restoration_read_as_news_writes_them():
    """Lithuanians are 立陶宛 (news writes 立陶宛民众, the dictionary 立陶宛人 only); a restoration is 恢复, not a
    dynasty's 复辟 or 明治维新."""
    got = dict(translate(english_words("Lithuanians seek restoration"), lambda _w: 1))
    assert got["lithuanians"] == ("立陶宛",)
    assert "恢复" in got["restoration"] and "复辟" not in got["restoration"]


def test_a_maker_an_id_card_and_a_human_chain_read_as_news_writes_them():
    """A piano ``maker`` is a 制造商 or 厂商, not a 面包机 (bread maker); ``ID cards`` are 证件 or 身份证, not 身份证明
    alone; a ``human chain`` is 人链, which the dictionary lacks."""
    got = dict(translate(english_words("piano maker; workers' ID cards; a human chain"), lambda _w: 1))
    assert "制造商" in got["maker"] and "面包机" not in got["maker"]
    assert "证件" in got["id cards"] and got["human chain"] == ("人链",)


def test_an_ordinal_in_figures_reads_as_its_number(tmp_path: Path):
    """``55th`` of ``55th Golden Bell Awards`` is the 55 of 第55届 (which the index holds as 第, 55 and 届): as
    written it is a word of English text only, and it weighed the most of the question."""
    with words_only_over(tmp_path, [
        ("a.md", "金钟奖第55届颁奖典礼", "甲台", "<p>第55届金钟奖颁奖典礼今晚举行。</p>"),
        ("b.md", "55th Golden Bell Awards", "乙网", "<p>The 55th Golden Bell Awards were held tonight.</p>"),
    ]) as retriever:
        read = retriever.parse("55th Golden Bell Awards").alternatives
        assert "55" in read["55th"]


def test_an_english_word_s_reading_brings_the_other_ways_of_writing_it(tmp_path: Path):
    """``hackers`` reads 黑客, which Taiwan's outlets write 骇客: the reading brings its other way of writing, as long
    and sharing a character with it (the alias table's 黑客 骇客), so their reports are found; not another word for it
    (航空母舰 is 航母 written whole; 军事演习, read for ``war`` beside a drill's words, would bring 军演)."""
    with words_only_over(tmp_path, [
        ("a.md", "传中国骇客窃取科技资料 比利时展开调查", "甲台", "<p>比利时检方调查中国骇客窃取科技资料。</p>"),
        ("b.md", "美国起诉中国黑客", "乙网", "<p>美国司法部起诉两名中国黑客。</p>"),
        ("c.md", "解放军举行军事演习", "丙报", "<p>解放军在南海举行军事演习，军演持续五天。这不是战争。</p>"),
    ]) as retriever:
        index = retriever.index
        assert index.aliases().variants("黑客") == ("骇客",)
        read = retriever.parse("Belgium investigates Chinese hackers").alternatives
        assert "黑客" in read["hackers"] and "骇客" in read["hackers"]
        assert "调查" in read["investigates"]
        table = index.aliases()
        assert written_otherwise("航母", table) == ("航舰",) and "航空母舰" in table.variants("航母")
        assert written_otherwise("航空母舰", table) == ()


def test_news_words_the_dictionary_reads_otherwise():
    """To ``investigate`` is 调查 (the dictionary: 侦破, 勘测); a ``list`` 名单, not 列出 alone; a ``legislature``
    立法院 or 立法会; a ``favourite`` 热门人选; a ``poison pill`` 毒丸; ``am`` carries no topic (the dictionary: 存在,
    丑时)."""
    got = dict(translate(english_words("investigates; list; legislature; favourite; poison pill; I am"),
                         lambda _w: 1))
    assert "调查" in got["investigates"] and "侦破" not in got["investigates"] and "名单" in got["list"]
    assert "立法院" in got["legislature"] and "热门人选" in got["favourite"] and got["poison pill"] == ("毒丸",)
    assert "am" not in got


def test_a_trial_of_medicine_and_harm_done_read_as_news_writes_them():
    """A vaccine's ``trial`` is 试验 (the dictionary: 审判, 考验, never 试验); to ``hurt`` an authority is 损害 (the
    dictionary: 弄伤, 灼伤, 疼痛)."""
    got = dict(translate(english_words("vaccine enters phase 3 trials; would hurt its authority"), lambda _w: 1))
    assert "试验" in got["trials"] and "审判" in got["trials"]
    assert "损害" in got["hurt"] and "疼痛" not in got["hurt"]


def test_a_figure_with_thousands_separators_is_read_as_reports_write_it():
    """``200,000`` was searched for as two numbers, 200 and 000; reports write 20万 (and 1262 without a comma)."""
    from corpus.retrieve.search import parse_query

    assert parse_query("US coronavirus deaths pass 200,000").terms[-2:] == ("20", "万")
    assert "1262" in parse_query("1,262 deaths").terms and "2.5" in parse_query("250,000,000 dollars").terms
    assert parse_query("150万人").terms == parse_query("1,500,000人").terms
    assert parse_query("13,600 accounts").terms[:2] == ("1.36", "万")  # as reports write it, not 13600


def test_a_share_in_words_is_read_as_reports_write_it():
    """``75 percent`` was searched for as the number 75 and the word ``percent`` (read 百分, 十分, 八成, …), which
    no report of a cap on seats writes; the index holds 75% as one word, as reports write it."""
    from corpus.retrieve.search import parse_query

    assert "75%" in parse_query("flights capped at 75 percent of seats").terms
    assert "3.5%" in parse_query("growth of 3.5 per cent").terms and "percent" not in parse_query("75 Percent").terms
    assert parse_query("percent of voters").terms == ("percent", "voters")  # no figure: a word as before


def test_initials_written_with_full_stops_are_the_initials():
    """U.S., E.U. and U.K. are read as US, EU and UK, not as single letters left out of the search."""
    from corpus.retrieve.search import parse_query

    assert parse_query("U.S. sanctions Carrie Lam").terms[0] == "us"
    assert parse_query("U.S.-China trade talks").terms[:2] == ("us", "china")
    assert "eu" in parse_query("the E.U. summit").terms and "uk" in parse_query("a u.k. ban").terms
    # ... and letters a Chinese input method writes full width as the letters
    assert parse_query("ＷＨＯ hopes").terms[:3] == ("world", "health", "organization")
    assert parse_query("ＴｉｋＴｏｋ起诉").terms[0] == "tiktok"


def test_who_in_capitals_is_the_world_health_organization():
    """``WHO`` in capitals is the body, read as 世界卫生组织 and 世卫; ``who`` in a question is the pronoun, a function
    word not searched for. ``hopes`` reads as news's 希望, not the dictionary's 盼头 (prospects)."""
    from corpus.retrieve.search import parse_query

    assert parse_query("WHO hopes to end the pandemic").terms[:3] == ("world", "health", "organization")
    assert "health" not in parse_query("who reported the arrest").terms
    assert "health" not in parse_query("Who covered the arrest").terms
    # ... nor a question word to /coverage and /when, which leave the question words out before the search
    from corpus.answer.coverage import asked_event, is_coverage_question

    assert asked_event("Which outlets covered the WHO's team?") == "the WHO's team"
    assert asked_event("When did WHO declare a pandemic?") == "WHO declare a pandemic"
    assert asked_event("who reported the arrest") == "the arrest"
    assert not is_coverage_question("WHO reported a record rise in cases")
    # "who reported it first" asks who reported it: neither "it" nor "first" (第一) is a word of the event
    assert asked_event("Biden picks Harris, who reported it first?") == "Biden picks Harris"
    known = {"希望": 9, "盼头": 2, "世界卫生组织": 3, "世卫": 6}.get
    got = dict(translate(["world", "health", "organization", "hopes"], lambda w: known(w) or 0))
    assert set(got["world health organization"]) == {"世界卫生组织", "世卫"} and got["hopes"] == ("希望",)


def test_a_question_keeps_the_particle_of_a_news_phrase_and_its_news_reading(tmp_path: Path, monkeypatch):
    """The query drops ``in`` as a function word; ``sworn in`` is read whole all the same. A word the corpus brackets
    as part of a name (``administration`` of 美国食品药品管理局) reads as news writes it (政府), not as that name."""
    folder = tmp_path / "corpus"
    write_article(folder, "s.md", title="卢卡申科宣誓就职", source="甲报",
                  body="<p>卢卡申科周三秘密宣誓就职。特朗普政府表示不承认。社科院预计房价高位盘整。引渡的要求已经满足。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        brackets_also(index, monkeypatch, "administration", "管理局")
        retriever = Retriever(index)
        retriever.semantic = None
        query = retriever.parse("Lukashenko sworn in")
        assert "sworn in" in query.terms and "宣誓就职" in query.alternatives["sworn in"]
        query = retriever.parse("the Trump administration")
        assert query.alternatives["administration"][0] == "政府"
        assert "管理局" not in query.alternatives["administration"]
        # ... and a news phrase of four words with a particle inside (``of``)
        query = retriever.parse("Academy of Social Sciences forecast")
        assert "academy of social sciences" in query.terms and "社科院" in query.alternatives[
            "academy of social sciences"]
        # ... or a particle before its word: a passive (requirements are met: 满足, not met as 会见)
        query = retriever.parse("requirements for extradition are met")
        assert "are met" in query.terms and "满足" in query.alternatives["are met"] and "met" not in query.terms


def test_a_two_word_name_the_corpus_brackets_keeps_its_dictionary_reading(tmp_path: Path, monkeypatch):
    """Hong Kong, learnt from brackets as the name of 香港联盟 (香港联盟（Hong Kong）), still reads as 香港, and as
    that only."""
    folder = tmp_path / "corpus"
    write_article(folder, "b.md", title="香港立法会选举推迟", source="乙网", body="<p>香港立法会选举推迟一年。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        brackets_also(index, monkeypatch, "hong kong", "香港联盟")
        query = Retriever(index).parse("Hong Kong election")
        assert query.terms[0] == "hong kong" and "香港" in query.alternatives["hong kong"]
        # ... and no longer as 香港联盟: whatever holds it holds 香港 (nor "hospital" as the one hospital bracketed)
        assert "香港联盟" not in query.alternatives["hong kong"]
        write_article(folder, "h.md", title="安倍前往医院", source="丙台",
                      body="<p>安倍晋三前往庆应大学医院检查身体。</p>")
        index.update(folder)
        brackets_also(index, monkeypatch, "hospital", "夏里特医院")
        read = Retriever(index).parse("Abe visits hospital").alternatives["hospital"]
        assert "医院" in read and "夏里特医院" not in read


def test_an_english_word_is_read_as_the_question_s_other_words_use_it(tmp_path: Path):
    """CC-CEDICT's first senses of ``block`` are 区块, 街区, 阻塞 and the like; reports of a judge and the WeChat ban
    write 阻止. Beside ``judge`` and ``WeChat`` it reads as 阻止, which the dictionary's order alone leaves out; asked
    alone, the dictionary's order stands."""
    bodies = ["法官阻止微信禁令生效。", "区块链公司发布新产品。", "街区居民抗议噪音。", "交通阻塞持续三小时。",
              "网络阻断影响用户。", "力阻对手进攻。", "堵死退路。", "阻绝外援。", "阻止微信下载的命令被法官暂停。"]
    with words_only_over(tmp_path, [(f"b{i}.md", body[:8], f"{i}报", f"<p>{body}</p>")
                                    for i, body in enumerate(bodies)]) as retriever:
        assert "阻止" not in retriever.parse("blocks").alternatives["blocks"]
        read = retriever.parse("judge blocks WeChat ban").alternatives["blocks"]
        assert "阻止" in read and read.index("阻止") == 1  # after the main sense, before the others
        assert "阻止微信" in retriever.search("judge blocks WeChat ban").hits[0].text


def test_a_phrase_is_read_whole_though_one_of_its_words_came_before(tmp_path: Path):
    """``China's South China Sea claims``: the question's words are kept once each (china, south, sea), but the
    dictionary's phrase is looked for in the question's order, so ``south china sea`` still reads as 南海."""
    folder = tmp_path / "corpus"
    write_article(folder, "s.md", title="美国称中国南海主张不合法", source="甲报",
                  body="<p>美国国务卿周一宣布，中国在南海的大部分主张不合法。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        query = Retriever(index).parse("Pompeo calls China's South China Sea claims unlawful")
        assert "south china sea" in query.terms and "南海" in query.alternatives["south china sea"]
        assert "sea" not in query.terms


def test_a_chinese_name_written_in_pinyin_reads_as_the_name_the_index_holds(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch):
    """``Ren Zhiqiang`` and ``Zhao Lijian`` are in no dictionary; the index's 任志强 and 赵立坚 spell them in pinyin.
    A lone word of two syllables (``lijian``) is read as no name: too many names spell it. Two words written as a
    name are read so even when the dictionary reads each (``Cai Li``: ``cai`` as 老街, ``li`` as 里), or when the query
    drops the second as a function word (``Liu He``: 刘鹤); a name of three syllables the index holds only in the
    pieces the segmenter cuts it into, by those pieces (``Meng Wanzhou``: 孟晚/舟); and a word written as a name that
    nothing reads as the word of the index it spells (``Haishen``: 海神); none in lower case."""
    folder = tmp_path / "corpus"
    for i, source in enumerate(["甲报", "乙网", "丙台"]):
        write_article(folder, f"r{i}.md", title=f"任志强被判刑十八年 {source}", source=source,
                      body="<p>北京法院以贪污等罪判处任志强有期徒刑十八年。外交部发言人赵立坚说，这是依法办事。</p>"
                           "<p>武汉市中心医院党委书记蔡莉被免职。越南老街省距河内约三百公里，市里派人前往千里之外。</p>"
                           "<p>台风海神吹袭日本九州。</p><p>国务院副总理刘鹤主持会议。</p>"
                           "<p>孟晚舟的引渡聆讯继续。</p><p>重庆万州区发生洪灾。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        query = retriever.parse("Ren Zhiqiang sentenced")
        assert query.terms[0] == "ren zhiqiang" and "任志强" in query.alternatives["ren zhiqiang"]
        assert "赵立坚" in retriever.parse("Zhao Lijian").alternatives["zhao lijian"]
        query = retriever.parse("Cai Li removed")
        assert "cai li" in query.terms and "蔡莉" in query.alternatives["cai li"]
        assert "cai li" not in retriever.parse("cai li removed").terms
        # a name whose second word is a function word the query drops (Liu He), as written only
        brackets_also(index, monkeypatch, "liu", "刘晓波")  # a learnt name that ends in liu
        query = retriever.parse("Liu He chairs a meeting")
        assert "刘鹤" in query.alternatives["liu he"] and "liu" not in query.terms
        assert "liu" not in dict(query.matched_as)  # liu's learnt spelling was not looked for: not shown either
        assert "liu he" not in retriever.parse("liu he chairs a meeting").terms
        # a name the segmenter cuts in pieces (孟晚舟 as 孟晚/舟) is read by its pieces together, and found so
        query = retriever.parse("Meng Wanzhou hearing")
        assert query.alternatives["meng wanzhou"] == ("孟晚舟",)
        assert "孟晚舟" in retriever.search("Meng Wanzhou").hits[0].text
        # ... and so it is where an archive learnt one of its words as another name (赵立坚 for Meng, here) and the
        # dictionary reads the other (万州区 for Wanzhou)
        brackets_also(index, monkeypatch, "meng", "赵立坚")
        assert retriever.parse("Meng hearing").alternatives["meng"] == ("赵立坚",)
        assert retriever.parse("Meng Wanzhou hearing").alternatives["meng wanzhou"] == ("孟晚舟",)
        # a word written as a name that nothing reads: the index's word it spells (a typhoon's name)
        assert retriever.parse("Typhoon Haishen").alternatives.get("haishen") == ("海神",)
        assert "haishen" not in retriever.parse("typhoon haishen").alternatives
        assert not retriever.parse("lijian").alternatives
        assert "任志强" in retriever.search("Ren Zhiqiang").hits[0].text


def test_a_name_written_as_taiwan_writes_names_reads_as_the_name_the_index_holds(tmp_path: Path):
    """Taiwan writes names in Wade–Giles, the given name hyphened: ``Lai Ching-te`` is 赖清德 (ching for 清, te for 德,
    none of them pinyin), ``Han Kuo-yu`` 韩国瑜, which the segmenter holds as 韩国/瑜 (not 韩国与 nor 韩国王: the
    function word 与 is no piece of a name, and 韩国 and 王 are together far less often). Two words written as a name
    that pinyin reads as none are read so too, as a person's name only (``Chen Chu``: 陈菊; ``Chu Li``: not the
    word 车里)."""
    folder = tmp_path / "corpus"
    for i, source in enumerate(["甲报", "乙网", "丙台", "丁社"]):
        write_article(folder, f"r{i}.md", title=f"赖清德出访 韩国瑜罢免案 {source}", source=source,
                      body="<p>副总统赖清德出席典礼。高雄市长韩国瑜遭罢免，韩国瑜表示尊重结果。监察院长陈菊宣誓。</p>"
                           "<p>韩国与日本举行会谈，韩国王室的历史。车里有人。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        query = retriever.parse("Lai Ching-te visits")
        assert query.terms[0] == "lai ching te" and query.alternatives["lai ching te"] == ("赖清德",)
        assert retriever.parse("Han Kuo-yu recalled").alternatives["han kuo yu"] == ("韩国瑜",)
        assert "chu li" not in retriever.parse("Chu Li").alternatives
        assert retriever.parse("Chen Chu sworn in").alternatives["chen chu"] == ("陈菊",)


def test_a_lower_case_word_is_read_as_the_word_not_as_a_rarer_person_the_brackets_named_by_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Brackets named 沃克 "Work": "work" written in lower case is 工作, which the index holds far more often; written
    as a name, "Work" is 沃克 too. A learnt name held about as often as the word's reading stays."""
    folder = tmp_path / "corpus"
    for i, source in enumerate(["甲报", "乙网", "丙台", "丁社", "戊报"]):
        write_article(folder, f"r{i}.md", title=f"复工 {source}", source=source,
                      body="<p>工人恢复工作，工作时间延长。</p><p>工作人员到岗。</p><p>工作组检查。</p>"
                           + ("<p>沃克出席会议。</p>" if i == 0 else ""))
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(folder)
        retriever = Retriever(index)
        brackets_also(index, monkeypatch, "work", "沃克")
        assert "沃克" not in retriever.parse("back to work").alternatives.get("work", ())
        assert "沃克" in retriever.parse("Work back").alternatives.get("work", ())
        brackets_also(index, monkeypatch, "work", "工人")  # as often as 工作: kept
        assert "工人" in retriever.parse("back to work").alternatives.get("work", ())


def test_english_words_are_matched_through_their_chinese_readings(words_only: Retriever):
    query = words_only.parse("When was the Rome meeting?")
    assert query.terms == ("rome", "meeting") and dict(query.translations)["rome"] == ("罗马",)
    hit = words_only.search("Rome meeting").hits[0]
    assert "罗马" in hit.text and "translation" in hit.found and any("罗马" in m for m in hit.matched)


def test_a_paraphrase_no_word_of_which_is_in_the_text_is_found_by_meaning(both: Retriever, words_only: Retriever):
    assert not any("碰肘" in h.text for h in words_only.search("elbow bump").hits)
    hit = both.search("elbow bump").hits[0]
    assert "碰肘" in hit.text and hit.found == ("meaning",)


def test_exact_words_keep_their_place_beside_meaning(both: Retriever, words_only: Retriever):
    for query in ("柯比 记者会", "安克雷奇 高级别对话", "碰肘"):
        assert both.search(query).hits[0].path == words_only.search(query).hits[0].path
        assert "words" in both.search(query).hits[0].found


def test_filters_hold_for_passages_found_by_meaning(both: Retriever):
    hits = both.search("elbow bump source:联合早报", top=5).hits
    assert hits and {h.source for h in hits} == {"联合早报"}
    assert both.search("elbow bump until:2021-10-01").hits == []


def test_english_when_questions_are_dated_like_their_chinese_twins(both: Retriever):
    rome = answer_when(both, "When was the Rome meeting?")
    assert rome.date is not None and rome.date.start.isoformat() == "2021-10-31"
    phone = answer_when(both, "When did Wang Yi and Blinken talk on the phone?")
    assert phone.date is not None and phone.date.start.isoformat() == "2021-11-13"


def test_vectors_follow_the_articles(tmp_path: Path, meaning_on):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = CorpusIndex(tmp_path / "c.db")
    index.update(corpus)
    retriever = Retriever(index)
    pending = retriever.search("elbow bump").meaning  # nothing embedded yet: words alone, and it says so
    assert pending.embedded == 0 and not pending.complete
    semantic.embed_pending(index.db_path)
    result = retriever.search("elbow bump")
    assert result.meaning.complete and "碰肘" in result.hits[0].text
    (corpus / "001_3ee58391ed132a80.txt").unlink()
    index.update(corpus)
    assert not any("碰肘" in h.text for h in retriever.search("elbow bump").hits)
    write_article(corpus, "new.txt", title="两国领导人见面时互相碰肘致意", body="<p>双方以碰肘代替握手。</p>",
                  date="2021-11-20T08:00:00Z")
    index.update(corpus)
    assert not retriever.search("elbow bump").meaning.complete  # the new article waits for its vectors
    semantic.embed_pending(index.db_path)
    assert retriever.search("elbow bump").hits[0].path == "new.txt"
    index.close()


def test_background_embedder_embeds_what_an_update_adds(tmp_path: Path, meaning_on):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = CorpusIndex(tmp_path / "c.db")
    index.update(corpus)
    retriever = Retriever(index, wait_for_encoder=False)
    retriever.start_background_work()
    try:
        import time
        deadline = time.monotonic() + 60
        while not retriever.semantic.coverage().complete and time.monotonic() < deadline:
            time.sleep(0.2)
        assert retriever.semantic.coverage().complete
        write_article(corpus, "new.txt", title="新文章", body="<p>一段新的文字。</p>")
        index.update(corpus)
        retriever.refresh()  # wakes the embedder
        deadline = time.monotonic() + 30
        while not retriever.semantic.coverage().complete and time.monotonic() < deadline:
            time.sleep(0.2)
        assert retriever.semantic.coverage().complete
    finally:
        retriever.stop_background_work()
        index.close()


def test_meaning_can_be_turned_off(seed_index: CorpusIndex, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(semantic.ENV, "off")
    assert Retriever(seed_index).semantic is None


def test_an_english_name_the_corpus_never_brackets_is_read_from_the_reports(tmp_path: Path, meaning_on):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    titles = (("甲报", "日本议员佐藤健一抵达台北访问"), ("乙报", "佐藤健一访问台北 会见官员"))
    for i, (source, title) in enumerate(titles):
        write_article(corpus, f"sato{i}.txt", title=title, source=source, date="2021-11-05T09:00:00Z",
                      body="<p>日本议员佐藤健一今天（5日）抵达台北，开始为期三天的访问。</p>")
    for i, source in enumerate(("丙报", "丁报", "戊报")):  # another visit, more widely reported
        write_article(corpus, f"other{i}.txt", title="美国议员史密斯访问台北", source=source,
                      date="2021-11-08T09:00:00Z", body="<p>美国议员史密斯今天（8日）抵达台北访问。</p>")
    index = CorpusIndex(tmp_path / "c.db")
    index.update(corpus)
    semantic.embed_pending(index.db_path)
    answer = answer_when(Retriever(index), "When did Kenichi Sato visit Taipei?")
    assert answer.date is not None and answer.date.start.isoformat() == "2021-11-05"
    assert answer.query == "Kenichi Sato visit Taipei"  # the reply names the question as it was asked
    index.close()


def test_a_leaders_visit_and_a_campaigns_agenda_read_as_news_writes_them():
    """A leader ``visits`` a flooded province to 视察 or 考察 it (the dictionary: 光顾, 参谒, 嫖娼, never those); a
    campaign's ``agenda`` is its 施政纲领 (the dictionary: 议事日程, 议程), its ``second term`` 连任 (the dictionary
    reads ``term`` as 学期 first); it ``releases`` a text to 公布 it."""
    from corpus.retrieve.search import READINGS_WEIGHED  # the readings a question's other words choose among

    words = english_words("Xi visits flooded Anhui; campaign releases second term agenda")
    got = dict(translate(words, lambda _w: 1, READINGS_WEIGHED))
    assert "视察" in got["visits"] and "考察" in got["visits"] and "嫖娼" not in got["visits"]
    assert "施政" in got["agenda"] and got["second term"][0] == "连任" and "公布" in got["releases"]


def test_a_news_reading_the_corpus_holds_as_two_words_is_read(tmp_path: Path):
    """Reports write a reinfection 再次感染 or 二次感染, two words of the index each, never one, and the dictionary has
    no ``reinfection``: the question was read without it. A reading of the news table held as its words together now
    counts by the passages holding them all, is searched for by them, and names the event in a headline."""
    known = {"香港": 9, "感染": 7, "再次": 5}.get
    pieces = {"再次感染": 3, "二次感染": 2}.get
    words = english_words("first reinfection in Hong Kong")
    assert "reinfection" not in dict(translate(words, lambda w: known(w) or 0))
    got = dict(translate(words, lambda w: known(w) or 0, in_pieces=lambda w: pieces(w) or 0))
    assert got["reinfection"][:2] == ("再次感染", "二次感染")
    with words_only_over(tmp_path, [
        ("r.md", "康复的香港男子再次感染 属全球首例", "甲报",
         "<p>香港大学研究人员说，一名康复的男子再次感染新冠病毒。</p>"),
        ("v.md", "香港新增感染个案", "乙网", "<p>香港今日新增感染个案十宗，其中本地个案五宗。</p>"),
    ]) as retriever:
        assert retriever.index.searcher().doc_freq("words", "再次感染") == 0  # two words of the index
        query = retriever.parse("Hong Kong reinfection")
        assert "再次感染" in query.alternatives["reinfection"]
        assert [hit.source for hit in retriever.search(query, top=1).hits] == ["甲报"]

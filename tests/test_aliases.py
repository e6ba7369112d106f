"""Name variants: spellings learnt from bracketed foreign names, the seed table, and English names in queries."""
from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from corpus import CorpusIndex, Retriever
from corpus.text.aliases import bracketed_names, build_aliases, same_name, swapped_pair, term_spellings
from tests.conftest import write_article


def test_names_before_brackets():
    text = ("美国国务卿蓬佩奥（Mike Pompeo）说，世卫组织总干事谭德塞（Tedros Adhanom Ghebreyesus）、土耳其总统"
            "埃尔多安（Recep Tayyip Erdogan）与美国总统（Donald Trump）")
    assert bracketed_names(text) == [("蓬佩奥", "mike pompeo"), ("谭德塞", "tedros adhanom ghebreyesus"),
                                     ("埃尔多安", "recep tayyip erdogan")]


def test_a_new_name_cut_in_pieces_is_kept_whole():
    # The segmenter finds 克莱/芬哲 and 塞兹/韦尔 as two words each; the name before the bracket is both.
    text = "印第安人队投手克莱芬哲（Mike Clevinger）说，英国塞兹韦尔（Sizewell）"
    assert bracketed_names(text) == [("克莱芬哲", "mike clevinger"), ("塞兹韦尔", "sizewell")]


def test_a_function_character_ends_the_text_before_a_name():
    text = "缅甸的昂山素姬（Aung San Suu Kyi）和网飞（Netflix）与美国总统（Donald Trump）"
    assert bracketed_names(text) == [("昂山素姬", "aung san suu kyi"), ("网飞", "netflix")]


def test_a_dotted_name_starts_at_its_given_name_and_gives_its_surname_too():
    """The given name before a dot is told from the title before it, however the cutter tags it: a name (迈克), a
    lone character (乔), a noun (理查德, after the common word 负责人). A dotted full name brackets its surname as
    well, which later mentions write alone; not a name whose last part ends in a common word (大学)."""
    text = ("美国国务卿迈克·庞皮欧（Mike Pompeo）、总统候选人乔·拜登（Joe Biden）、公司负责人理查德·布兰森"
            "（Richard Branson）与约翰·霍普金斯大学（Johns Hopkins University）")
    assert bracketed_names(text) == [
        ("迈克·庞皮欧", "mike pompeo"), ("庞皮欧", "pompeo"), ("乔·拜登", "joe biden"), ("拜登", "biden"),
        ("理查德·布兰森", "richard branson"), ("布兰森", "branson"),
        ("约翰·霍普金斯大学", "johns hopkins university")]


def test_an_office_the_dictionary_lacks_ends_the_text_before_a_name():
    """助卿 (assistant secretary), 财长 and 幕僚长, which the dictionary lacks or counts rarely, are titles, not pieces
    of the name after them; 纽约's last character before 长岛市 is no title."""
    text = ("美国国务院亚太助卿史达伟（David Stilwell）会见美国财长努钦（Steven Mnuchin），地点位于纽约长岛市"
            "（Long Island City）。白宫幕僚长梅多斯（Mark Meadows）")
    assert bracketed_names(text) == [("史达伟", "david stilwell"), ("努钦", "steven mnuchin"),
                                     ("长岛市", "long island city"), ("梅多斯", "mark meadows")]


def test_a_long_foreign_name_is_learnt_whole():
    """季哈/诺夫/斯卡娅 (seven characters, the last piece a name of the dictionary) is one name after the title;
    not a place before a place (俄亥俄州|克利夫兰)."""
    text = "白俄罗斯反对派领袖季哈诺夫斯卡娅（Svetlana Tikhanovskaya）说，辩论会在俄亥俄州克利夫兰（Cleveland）举行"
    assert bracketed_names(text) == [("季哈诺夫斯卡娅", "svetlana tikhanovskaya"), ("克利夫兰", "cleveland")]


def test_a_surname_joins_the_spellings_of_its_name():
    """RFA's 迈克·庞皮欧 and VOA's 蓬佩奥 (Mike Pompeo) never bracket one spelling together, but 庞皮欧, the
    surname later mentions write alone, carries pompeo as 蓬佩奥 does: they are one name."""
    pairs: dict[tuple[str, str], int] = {}
    for text, times in (("国务卿迈克·庞皮欧（Mike Pompeo）", 5), ("国务卿蓬佩奥（Mike Pompeo）", 20),
                        ("国务卿迈克·蓬佩奥（Mike Pompeo）", 4)):
        for pair in bracketed_names(text):
            pairs[pair] = pairs.get(pair, 0) + times
    table = build_aliases([(name, key, n) for (name, key), n in pairs.items()], seeds=())
    assert "蓬佩奥" in table.variants("庞皮欧") and "庞皮欧" in table.english("pompeo")
    # the full names are not read beside their surnames: whatever holds one holds the other
    assert "迈克·庞皮欧" not in table.english("pompeo") and "迈克·蓬佩奥" not in table.variants("庞皮欧")


def test_spellings_that_share_a_bracketed_name_are_one_name():
    table = build_aliases([("特朗普", "donald trump", 10), ("川普", "donald trump", 8), ("总统", "donald trump", 1),
                           ("贺锦丽", "kamala harris", 9), ("哈里斯", "kamala harris", 5)], seeds=())
    assert table.variants("川普") == ("特朗普",)
    assert table.variants("总统") == ()  # once is not enough
    assert set(table.english("Harris")) == {"贺锦丽", "哈里斯"}
    assert table.canonical("哈里斯") == table.canonical("贺锦丽")


def test_a_word_reads_as_the_names_it_heads_not_those_it_follows_a_function_word_in():
    """``summit`` heads ``east asia summit`` (东亚峰会): the name reads it; ``china`` ends ``bank of china`` without
    heading it, and ``hong kong`` ``university of hong kong``: those names do not read them."""
    table = build_aliases([("峰会", "east asia summit", 3), ("中国银行", "bank of china", 4),
                           ("香港大学", "university of hong kong", 5), ("特朗普", "donald trump", 6)])
    assert table.english("summit") == ("峰会",) and table.english("Trump")[0] == "特朗普"
    assert table.english("china") == () and table.english("hong kong") == ()


def test_a_full_name_none_of_whose_words_is_read_alone_is_read_from_one_bracketing():
    """戴耀廷 (Benny Tai) is bracketed once: ``benny tai`` reads as 戴耀廷, though ``tai`` alone, a single word, does
    not. ``pangong lake``, bracketed once as 班公湖, is not read so: ``pangong`` alone reads as 班公错."""
    table = build_aliases([("戴耀廷", "benny tai", 1), ("班公错", "pangong", 2), ("班公湖", "pangong lake", 1)])
    assert table.english("benny tai") == ("戴耀廷",) and table.english("tai") == ()
    assert table.english("pangong") == ("班公错",) and table.english("pangong lake") == ()


def test_a_spelling_shared_by_two_people_does_not_join_them_in_questions():
    # 川普 is bracketed Melania Trump 3 times (of her 17), but Donald Trump 52 times: it is his spelling, and a
    # question's 特朗普 does not read 梅拉尼娅 as another spelling. Forms of one name (dr anthony fauci) still join
    # their spellings. The stories' groups, which their clustering reads, keep the looser grouping.
    table = build_aliases([("特朗普", "donald trump", 95), ("川普", "donald trump", 52),
                           ("梅拉尼娅·特朗普", "melania trump", 10), ("梅拉尼娅", "melania trump", 4),
                           ("川普", "melania trump", 3),
                           ("佛奇", "anthony fauci", 22), ("福奇", "anthony fauci", 22),
                           ("福奇", "dr anthony fauci", 2), ("福西", "dr anthony fauci", 2)], seeds=())
    assert table.variants("特朗普") == ("川普",)
    assert table.variants("梅拉尼娅") == ("梅拉尼娅·特朗普",)
    assert set(table.variants("福西")) == {"佛奇", "福奇"}
    assert table.spelling("梅拉尼娅") != table.spelling("特朗普") == table.spelling("川普")
    assert table.canonical("梅拉尼娅") == table.canonical("特朗普")  # the stories' grouping, as before


def test_forms_of_one_foreign_name():
    assert same_name("dr anthony fauci", "anthony fauci") and same_name("donald j trump", "donald trump")
    assert same_name("anthony fauci", "fauci")
    assert same_name("sviatlana tsikhanouskaya", "svetlana tikhanovskaya")  # two romanisations of one name
    assert not same_name("melania trump", "donald trump") and not same_name("donald trump jr", "donald trump")


def test_a_pair_of_short_forms_reads_in_either_order():
    assert swapped_pair("中美") == "美中" and swapped_pair("美中关系") == "中美关系" and swapped_pair("印中") == "中印"
    assert swapped_pair("台中") is None  # Taichung, a word of its own
    assert swapped_pair("美国") is None and swapped_pair("中") is None and swapped_pair("中中") is None


def test_a_question_in_one_order_names_the_event_in_headlines_written_in_the_other(tmp_path: Path):
    """VOA writes 美中, Reuters 中美: a question asked in either order reads the other as the same word, so both
    outlets' headlines name the event."""
    from corpus.answer.coverage import names_event, query_terms_weighed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "美中官员通话", "美国之音", "<p>美中官员周二通话，双方表示将另定日期。</p>")
    _write(corpus, "中美官员通话", "路透", "<p>中美官员周二通话，消息人士称原因未明。</p>")
    for i in range(4):  # the index holds 中美 and 美中 as words, as a real archive does
        _write(corpus, f"评论{i}", "联合早报",
               f"<p>第{i}篇评论：中美关系紧张。</p><p>美中关系的前景第{i}次被讨论。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        retriever = Retriever(index)
        for question in ("中美通话", "美中通话"):
            terms = query_terms_weighed(retriever, retriever.parse(question))
            assert names_event("美中官员通话", terms) and names_event("中美官员通话", terms)


def test_a_chain_of_short_forms_names_the_countries_in_headlines_either_way(tmp_path: Path):
    """A question's 中俄伊 reads as 中国, 俄罗斯 and 伊朗, each with its short form: a headline writing the chain
    and one writing the names both name the event."""
    from corpus.answer.coverage import names_event, query_terms_weighed
    corpus = _corpus(tmp_path, ("微软称中俄伊黑客干预大选", "美国之音", "<p>微软称中俄伊黑客试图干预美国大选。</p>"),
                     ("微软指中国俄罗斯伊朗黑客", "路透", "<p>微软指中国、俄罗斯和伊朗黑客试图干预美国大选。</p>"))
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("中俄伊黑客"))
        assert [s[:2] for s, _w in terms][:3] == [("中国", "中"), ("俄罗斯", "俄"), ("伊朗", "伊")]
        assert [s[0] for s, _w in terms] == ["中国", "俄罗斯", "伊朗", "黑客"]
        assert names_event("微软称中俄伊黑客干预大选", terms) and names_event("微软指中国俄罗斯伊朗黑客", terms)


def test_a_name_reads_as_the_one_word_its_brackets_give_it_in_latin_letters():
    """脸书 is bracketed Facebook: a headline writing Facebook in Latin letters holds it. Not a surname the spelling
    also carries with a given name (特朗普: trump of donald trump), nor a key few of its bracketings carry."""
    table = build_aliases([("脸书", "facebook", 9), ("脸书", "facebook inc", 1), ("特朗普", "donald trump", 9),
                           ("特朗普", "trump", 5), ("亚马逊", "amzno", 4), ("亚马逊", "amazon", 4),
                           ("亚马逊", "amazoncom", 2)], seeds=())
    assert table.latin("脸书") == ("facebook",)
    assert table.latin("特朗普") == () and table.latin("亚马逊") == () and table.latin("拜登") == ()


def test_a_headline_writing_the_name_in_latin_letters_names_the_event(tmp_path: Path):
    from corpus.answer.coverage import names_event, query_terms_weighed, share
    corpus = _two_outlets(tmp_path, "脸书", "<p>美国社交媒体脸书（Facebook）周二宣布删除一批账号。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        retriever = Retriever(index)
        terms = query_terms_weighed(retriever, retriever.parse("脸书删除账号"))
        assert share("Facebook删除大批中国账号", terms) == 1.0 and names_event("Facebook删除大批中国账号", terms)
        assert retriever.parse("脸书删除账号").aliases == ()  # read in headlines, not searched for


def test_seed_table_joins_names_never_bracketed():
    table = build_aliases([])
    assert "纽西兰" in table.variants("新西兰")
    assert "蓬佩奥" in table.english("Pompeo")


def _write(folder: Path, name: str, source: str, body: str) -> None:
    write_article(folder, f"{name}.md", title=name, body=body, source=source, date="2020-08-11T08:00:00Z")


def _corpus(tmp_path: Path, *articles: tuple[str, str, str]) -> Path:
    """A corpus of these (headline, outlet, body) articles."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, source, body in articles:
        _write(corpus, name, source, body)
    return corpus


def _two_outlets(tmp_path: Path, stem: str, body: str) -> Path:
    """A corpus of one passage reported by two outlets: a bracketed name in it is a learnt pair."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(2):
        _write(corpus, f"{stem}{i}", f"甲台{i}", body)
    return corpus


def test_either_spelling_finds_both_and_english_finds_chinese(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(2):  # two outlets give the bracketed name: a learnt pair
        _write(corpus, f"勒温访问{i}", f"甲台{i}", "<p>美国商务部长勒温（Alan Lewin）今天抵达东京访问。</p>")
        _write(corpus, f"列文访问{i}", f"乙台{i}", "<p>美国商务部长列文（Alan Lewin）周二在东京会见日本官员。</p>")
    _write(corpus, "列文讲话", "丙台", "<p>列文在记者会上表示，双方将继续就贸易问题磋商。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        retriever = Retriever(index)
        texts = [h.text for h in retriever.search("勒温", top=10).hits]
        assert any("列文在记者会上" in t for t in texts) and any("勒温（" in t for t in texts)
        result = retriever.search("Lewin", top=10)
        assert dict(result.query.aliases)["lewin"][:2] in (("勒温", "列文"), ("列文", "勒温"))
        assert any("列文在记者会上" in h.text for h in result.hits)


def test_an_index_learns_its_names_again_when_the_learning_changes(tmp_path: Path, monkeypatch):
    """Names learnt by an earlier version (a title's tail kept: 务卿迈克·庞皮欧) are learnt again from the stored
    passages when ``NAMES_VERSION`` changes, and the table reads the new pairs; no file is read again."""
    import corpus.store.index as store
    corpus = _two_outlets(tmp_path, "访问", "<p>美国国务卿迈克·庞皮欧（Mike Pompeo）今天抵达东京访问。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        index.db.execute("UPDATE name_pairs SET name = '务卿迈克·庞皮欧' WHERE name = '迈克·庞皮欧'")
        index.db.execute("UPDATE article_names SET name = '务卿迈克·庞皮欧' WHERE name = '迈克·庞皮欧'")
        index.db.commit()
    monkeypatch.setattr(store, "NAMES_VERSION", "test-next")
    with CorpusIndex(tmp_path / "c.db") as index:
        assert dict(((n, k), c) for n, k, c in index.db.execute("SELECT name, latin, articles FROM name_pairs")) == {
            ("迈克·庞皮欧", "mike pompeo"): 2, ("庞皮欧", "pompeo"): 2}
        assert index.update(corpus).changed == 0
        assert "庞皮欧" in index.aliases().english("Pompeo")


def test_an_update_keeps_its_alias_table_which_a_start_reads_until_the_names_change(tmp_path: Path, monkeypatch):
    """A start reads the table the last update kept in the store instead of making it; once new pairs are learnt,
    the kept one is not taken for theirs."""
    import corpus.store.index as store
    corpus = _two_outlets(tmp_path, "访问", "<p>美国国务卿迈克·庞皮欧（Mike Pompeo）今天抵达东京访问。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        made = index.aliases()
    store._alias_tables.clear()  # as a new process starts

    def never(*_args, **_kwargs):
        raise AssertionError("made again")

    monkeypatch.setattr(store, "build_aliases", never)
    with CorpusIndex(tmp_path / "c.db") as index:
        kept = index.aliases()
        assert (kept.groups, kept.by_latin, kept.spellings) == (made.groups, made.by_latin, made.spellings)
        assert "庞皮欧" in kept.english("Pompeo")
        key = index.db.execute("SELECT key FROM meta WHERE key LIKE 'names_table %'").fetchone()[0]
        for spoilt in (b"\x00garbage", marshal.dumps(("a", "b", "c"))):
            index.db.execute("UPDATE meta SET value = ? WHERE key = ?", (spoilt, key))
            store._alias_tables.clear()
            with pytest.raises(AssertionError, match="made again"):
                index.aliases()  # not read wrong: made again
    monkeypatch.undo()
    for i in range(2):
        _write(corpus, f"蓬佩奥讲话{i}", f"丁台{i}", "<p>美国国务卿蓬佩奥（Mike Pompeo）周三发表讲话。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        store._alias_tables.clear()
        assert "蓬佩奥" in index.aliases().english("Pompeo")
        assert index.db.execute("SELECT COUNT(*) FROM meta WHERE key LIKE 'names_table %'").fetchone()[0] == 1


def test_a_question_word_counts_as_the_other_spellings_of_its_reviewed_term():
    assert {"香港政府", "特区政府"} <= set(term_spellings("港府")) and "港府" not in term_spellings("港府")
    assert "港府" in term_spellings("香港政府") and "中共" in term_spellings("中国共产党")
    # not a spelling the word holds or is held by: 香港国安法 holds 国安法, and 台湾 is not 台湾当局
    assert "香港国安法" not in term_spellings("国安法") and "港区国安法" not in term_spellings("国安法")
    assert "台湾" not in term_spellings("台湾当局") and "台湾当局" not in term_spellings("台湾")
    assert term_spellings("香港") == ()
    # the commonest word for the pandemic's disease, as Taiwan's outlets (武汉肺炎) and Singapore's (冠病) write it
    assert {"武汉肺炎", "冠病"} <= set(term_spellings("新冠"))


def test_a_search_finds_the_passages_that_write_the_term_otherwise(tmp_path: Path):
    corpus = _corpus(tmp_path, ("推迟", "甲台", "<p>香港特区政府宣布立法会选举押后一年举行。</p>"),
                     ("天气", "乙台", "<p>立法会今天天气晴朗，气温较高。</p>"))
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        result = Retriever(index).search("港府 立法会选举", top=3)
        assert "特区政府" in result.hits[0].text
        assert dict(result.query.aliases)["港府"][:3] == ("香港特区政府", "香港政府", "特区政府")


def test_a_given_name_asked_with_its_surname_takes_the_full_names_other_spelling():
    """米歇尔奥巴马: Taiwan's outlets write Michelle Obama 蜜雪儿·欧巴马, and 米歇尔 alone is also Charles Michel, so it
    has no other spelling of its own; asked beside its surname, with or without the dot, it takes the full name's
    (蜜雪儿), and the surname its own. Apart in the question, the two are not one name."""
    from corpus.retrieve.search import _full_name_pieces, parse_query

    pairs: dict[tuple[str, str], int] = {}
    for text, times in (("前第一夫人蜜雪儿·欧巴马（Michelle Obama）", 4),
                        ("前第一夫人米歇尔·奥巴马（Michelle Obama）", 6), ("欧洲理事会主席米歇尔（Charles Michel）", 9),
                        ("前总统欧巴马（Barack Obama）", 5), ("前总统奥巴马（Barack Obama）", 5)):
        for pair in bracketed_names(text):
            pairs[pair] = pairs.get(pair, 0) + times
    table = build_aliases([(name, key, n) for (name, key), n in pairs.items()], seeds=())
    assert table.variants("米歇尔") == ()
    for question in ("米歇尔奥巴马批评特朗普", "米歇尔·奥巴马批评特朗普"):
        assert _full_name_pieces(parse_query(question), table) == {"米歇尔": ("蜜雪儿",), "奥巴马": ("欧巴马",)}
    assert _full_name_pieces(parse_query("米歇尔批评奥巴马"), table) == {}

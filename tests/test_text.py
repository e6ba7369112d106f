"""Normalisation and segmentation."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import corpus.text.english as english
from corpus.text import (
    dictionary_tag,
    index_terms,
    normalize,
    normalize_with_offsets,
    query_terms,
    segment,
    tagged,
    word_frequency,
)
from corpus.text.english import build_glossary
from corpus.text.segment import jieba_file, recut


def test_normalize_folds_traditional_width_and_case():
    assert normalize("臺灣 國務卿") == "台湾 国务卿"
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("安东尼‧布林肯") == normalize("安东尼・布林肯") == "安东尼·布林肯"


def test_offsets_map_folded_text_back_to_the_original():
    original = "㈱臺灣"
    norm, offsets = normalize_with_offsets(original)
    start = norm.index("台湾")
    assert original[offsets[start]:offsets[start + 1] + 1] == "臺灣"


@pytest.mark.parametrize("name", ["布林肯", "王毅", "沙利文", "杨洁篪", "习近平", "柯比", "佩洛西"])
def test_names_in_the_coverage_segment_as_words(name):
    assert name in segment(normalize(f"美国国务卿{name}与中国外长在罗马举行会晤"))


def test_index_terms_have_words_and_characters():
    words, chars = index_terms("约翰‧柯比（John Kirby）表示")
    assert "柯比" in words.split() and "kirby" in words.split()
    assert "柯" in chars.split() and "john" in chars.split()


def test_query_terms_drop_stop_words_and_punctuation():
    assert query_terms("王毅和布林肯的会面！") == ("王毅", "布林肯", "会面")
    assert query_terms("的") == ("的",)  # nothing else left: kept
    assert query_terms("習近平") == ("习近平",)


# passages of the real archive (378,521) holding each word, as its index counts them
_HELD = {"澳": 271, "籍主": 7, "播成蕾": 7, "澳籍": 63, "主播": 199, "成蕾": 275, "中国": 60000, "拘押": 120,
         "籍": 637, "主": 337, "播": 27, "成": 3000, "蕾": 20, "被": 30000}
_TOTAL = 378521


def test_a_query_is_cut_again_into_the_words_the_index_holds_most_often():
    tokens = ["澳", "籍主", "播成蕾", "被", "中国", "拘押"]  # jieba's cut: 籍主 is in its dictionary
    assert recut(tokens, lambda w: _HELD.get(w, 0), _TOTAL) == ["澳籍", "主播", "成蕾", "被", "中国", "拘押"]
    # the cutter's cut is kept when no other is much likelier (甲乙 and 丙丁 in 1.5 times the passages of 甲乙丙
    # and 丁)
    held = {"甲乙丙": 100, "丁": 100, "甲乙": 150, "丙丁": 150}.get
    assert recut(["甲乙丙", "丁"], lambda w: held(w, 0), _TOTAL) == ["甲乙丙", "丁"]
    held = {"甲乙丙": 100, "丁": 100, "甲乙": 1000, "丙丁": 1000}.get
    assert recut(["甲乙丙", "丁"], lambda w: held(w, 0), _TOTAL) == ["甲乙", "丙丁"]
    # a word only cut in pieces is given back whole: the index holds a compound's pieces more often, as its search
    # mode indexes them too (美国防部: 31 passages; 美国: 58,881, 防部: 2,264)
    held = {"美国防部": 31, "美国": 58881, "防部": 2264, "国防部": 2165, "发布": 8078}.get
    assert recut(["美国防部", "发布"], lambda w: held(w, 0), 376500) == ["美国防部", "发布"]
    # runs are cut apart from what is not Chinese, which is left as it is; a run of one word is kept whole; a re-cut
    # that would leave a character alone that is no function word (澳籍/主: 主) is not taken
    assert recut(["covid", "-", "19", "澳", "籍主", "主播", "x", "播成蕾"], lambda w: _HELD.get(w, 0), _TOTAL) == \
        ["covid", "-", "19", "澳", "籍主", "主播", "x", "播成蕾"]
    assert recut(["covid", "-", "19", "澳", "籍主", "播成蕾"], lambda w: _HELD.get(w, 0), _TOTAL) == \
        ["covid", "-", "19", "澳籍", "主播", "成蕾"]


def test_a_re_cut_finds_a_name_across_the_cutter_s_words_but_leaves_no_character_of_it_alone():
    """美国对华为芯片禁令: jieba cuts 对华/为 (toward China), the index holds 华为 far more often beside 对, a
    function word: the re-cut is taken. 林郑月娥 cut 林/郑月/娥 is not cut again as 林郑/月/娥, likelier by the
    index's counts but leaving 月 (month) alone as a word of the question. (Passages of the real archive, 357,728.)"""
    held = {"美国": 58881, "对华": 1842, "为": 36708, "对": 55646, "华为": 4682, "芯片": 1219, "禁令": 1984,
            "林": 2083, "郑月": 1251, "娥": 1293, "林郑": 164, "月": 62364, "制裁": 4183}.get
    assert recut(["美国", "对华", "为", "芯片", "禁令"], lambda w: held(w, 0), 357728) == \
        ["美国", "对", "华为", "芯片", "禁令"]
    assert recut(["美国", "制裁", "林", "郑月", "娥"], lambda w: held(w, 0), 357728) == \
        ["美国", "制裁", "林", "郑月", "娥"]


def test_a_function_word_the_cutter_glued_to_a_name_is_cut_off_again():
    """jieba cuts 拜登选择贺锦丽为竞选搭档 with 贺锦丽为 as one word (6 passages of the index hold it, 308 hold
    贺锦丽): the re-cut's 贺锦丽/为 is kept, where a compound's pieces (美国防部 as 美国/防部) are given back whole."""
    held = {"拜登": 3421, "选择": 4040, "贺锦丽为": 6, "贺锦丽": 308, "为": 36708, "竞选": 1807, "搭档": 213}.get
    assert recut(["拜登", "选择", "贺锦丽为", "竞选", "搭档"], lambda w: held(w, 0), 357728) == \
        ["拜登", "选择", "贺锦丽", "为", "竞选", "搭档"]


def test_query_terms_cut_as_the_index_holds_the_words():
    assert query_terms("澳籍主播成蕾被中国拘押") == ("澳", "籍主", "播成蕾", "中国", "拘押")  # jieba alone
    assert query_terms("澳籍主播成蕾被中国拘押", lambda w: _HELD.get(w, 0), _TOTAL) == (
        "澳籍", "主播", "成蕾", "中国", "拘押")


def test_a_chain_of_country_short_forms_reads_as_the_countries():
    """The cutter glues 中俄伊 to its neighbours (称中/俄伊) and leaves 中 of 中/俄 alone, a function word: a chain
    reads as its countries (each with its short form, which a headline writing the chain holds), two lone short
    forms as one pair; not 中美越来越 (越 begins a word), 15日中午 (a day's 日), 港澳台 (港澳 is a word)."""
    from corpus.text.segment import chained_short_forms
    assert query_terms("微软称中俄伊黑客试图干预美国大选") == (
        "微软", "称", "中国", "俄罗斯", "伊朗", "黑客", "试图", "干预", "美国", "大选")
    assert chained_short_forms("微软称中俄伊黑客") == {"中国": "中", "俄罗斯": "俄", "伊朗": "伊"}
    assert query_terms("美日印澳外长会谈")[:4] == ("美国", "日本", "印度", "澳大利亚")
    assert query_terms("中俄联合军演")[0] == "中俄" and query_terms("9月15日中美通话")[-2:] == ("中美", "通话")
    for question in ("中美越来越对立", "15日中午", "港澳台居民", "中美关系"):
        assert not chained_short_forms(question)
    assert "越来越" in query_terms("中美越来越对立") and "中午" in query_terms("15日中午")


def test_latin_runs_are_cut_as_jieba_cuts_them():
    words = segment(normalize("COVID-19疫情下，www.rti.org.tw报道增长26.4%"))
    assert "covid" in words and "19" in words and "covid-19" not in words
    assert words.count("covid") == 1  # the search mode's own piece is not repeated
    assert {"www", "rti", "org", "tw"} <= set(words) and "26.4%" in words
    assert query_terms("covid-19 布林肯") == ("covid", "19", "布林肯")


def test_word_frequencies_and_parts_of_speech_come_from_jiebas_dictionary():
    counts = {w: int(f) for w, f, _tag in (line.split() for line in
                                            jieba_file("dict.txt").read_text(encoding="utf-8").splitlines())}
    for word in ("总统", "部长", "国务卿", "新闻"):
        assert word_frequency(word) == counts[word]  # exact where names are told from common words
    assert 0 < word_frequency("赵俪生") < 200  # a rare dictionary word: an estimate under the cap
    assert word_frequency("麦肯内妮") == 0
    assert dictionary_tag("美国") == "ns" and dictionary_tag("麦肯内妮") is None
    assert tagged("国务卿麦肯") == [("国务卿", "n"), ("麦肯", None)]


def test_serving_never_loads_jiebas_python_tables_nor_the_glossary(tmp_path):
    # jieba's Python package holds 120 MB of tables once loaded: searching, indexing a new article and /compare
    # use rjieba and the dictionary file instead. The English glossary (16 MB, two seconds to read) is written
    # to a file once and looked up there.
    code = (
        "import sys\n"
        "import corpus.text.english as english\n"
        "from corpus import CorpusIndex, Retriever, compare\n"
        f"index = CorpusIndex({str(tmp_path / 'c.db')!r})\n"
        "index.update('seeds')\n"
        "retriever = Retriever(index)\n"
        "hits = retriever.search('Rome meeting').hits\n"
        "compare(retriever, '罗马会晤')\n"
        "print(sorted(m for m in sys.modules if m == 'jieba' or m.startswith('jieba.')), english._table is None,\n"
        "      any('罗马' in h.text for h in hits), english.gloss('elbow'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent,
                         env={**os.environ, "COVERAGE_CACHE_DIR": str(tmp_path / "cache")})
    assert out.stdout.strip().splitlines()[-1] == "[] True True " + build_glossary()["elbow"]
    assert len(list((tmp_path / "cache").glob("glossary-*.sqlite"))) == 1  # written once, whole


def test_the_glossary_is_kept_in_memory_where_no_file_can_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("COVERAGE_CACHE_DIR", str(blocked / "cache"))
    monkeypatch.setattr(english, "_local", threading.local())
    assert english.glossary_file() is None
    assert english.gloss("meeting") == build_glossary()["meeting"]


def test_a_character_the_cutter_glued_to_a_name_it_lacks_is_cut_off():
    """jieba's model of unknown words glues a verb to a name its dictionary lacks (林夕改歌词赠罗冠聪: 林夕改 and
    赠罗冠聪, words of no passage), so the question's names were no words of the index: the verb is cut off when
    the index holds the name far more often than the glued token. A glued surname is left (高管史 of 高管史有才:
    史 is no verb). (Passages of the real archive, 357,728.)"""
    held = {"林夕改": 0, "林夕": 114, "改": 337, "歌词": 149, "赠罗冠聪": 2, "赠": 14, "罗冠聪": 518,
            "高管史": 1, "高管": 791, "史": 600}.get
    total = 357728
    assert recut(["林夕改", "歌词", "赠罗冠聪"], lambda w: held(w, 0), total) == ["林夕", "改", "歌词", "赠", "罗冠聪"]
    assert recut(["林夕改"], lambda w: held(w, 0), total) == ["林夕", "改"]  # alone too
    assert recut(["高管史", "才"], lambda w: held(w, 0), total) == ["高管史", "才"]
    # ... nor is a token the index holds nearly as often as the name (1 in 10 at least)
    held = {"林夕改": 20, "林夕": 114, "改": 337}.get
    assert recut(["林夕改"], lambda w: held(w, 0), total) == ["林夕改"]


def test_the_character_readings_are_made_once_and_read_after(tmp_path, monkeypatch):
    from corpus.text import readings
    monkeypatch.setenv("COVERAGE_CACHE_DIR", str(tmp_path))
    readings._readings.cache_clear()
    monkeypatch.setattr(readings, "_readings", readings._readings.__wrapped__)  # no memory between the calls
    made = readings._readings()
    assert "王" in readings.homophones("汪") and readings.reading("京") == "jing"
    (kept,) = tmp_path.glob("readings-*.marshal")
    monkeypatch.setattr(readings, "_read_readings", lambda: pytest.fail("made again"))
    assert readings._readings() == made
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short: made again, not read wrong
    monkeypatch.undo()
    monkeypatch.setenv("COVERAGE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(readings, "_readings", readings._readings.__wrapped__)
    assert readings._readings() == made and kept.stat().st_size > 1000


def test_a_start_with_search_by_meaning_off_loads_neither_numpy_nor_the_article_parsers():
    code = ("import sys, bot.app, corpus.answer.compare\n"
            "print(sorted(m for m in ('numpy', 'yaml', 'lxml', 'lxml.etree') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent, env={**os.environ, "COVERAGE_SEMANTIC": "off"})
    assert out.stdout.strip() == "[]"

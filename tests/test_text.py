"""Normalisation and segmentation."""
from __future__ import annotations

import pytest

from corpus.text import index_terms, normalize, normalize_with_offsets, query_terms, segment


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


def test_latin_runs_are_cut_as_jieba_cuts_them():
    words = segment(normalize("COVID-19疫情下，www.rti.org.tw报道增长26.4%"))
    assert "covid" in words and "19" in words and "covid-19" not in words
    assert words.count("covid") == 1  # the search mode's own piece is not repeated
    assert {"www", "rti", "org", "tw"} <= set(words) and "26.4%" in words
    assert query_terms("covid-19 布林肯") == ("covid", "19", "布林肯")

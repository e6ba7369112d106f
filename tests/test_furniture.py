"""Outlets and bylines, page furniture (form rules, link lists, learnt template lines) and the parser version."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from corpus import CorpusIndex, Retriever
from corpus.answer.stories import lede_of
from corpus.ingest.furniture import is_byline, is_date_line, is_furniture_line, is_template
from corpus.ingest.outlets import outlet_and_byline
from corpus.ingest.parse import parse_article
from tests.conftest import DATA, write_article

REAL = DATA / "real"


@pytest.mark.parametrize(("meta", "outlet", "byline"), [
    ({"author": "Samuel Wade", "categories": ["中国数字时代"], "tags": ["中国数字时代"]}, "中国数字时代",
     "Samuel Wade"),
    ({"author": "unknown", "categories": ["中国数字时代"]}, "中国数字时代", None),
    ({"author": "路透", "categories": ["news", "路透"], "tags": ["路透"]}, "路透", None),
    ({"author": "Jane Doe", "categories": ["news", "路透"]}, "路透", "Jane Doe"),
    ({"author": "新浪财经", "categories": ["金融", "新浪财经", "新浪财经－国內"]}, "新浪财经", None),
    ({"author": "某记者", "categories": ["金融", "新浪财经", "新浪财经－国內"]}, "新浪财经", "某记者"),
    ({"tags": ["联合早报"]}, "联合早报", None),
    ({"author": "美国之音"}, "美国之音", None),
    ({}, "example.com", None),
])
def test_outlet_is_the_feed_and_the_author_a_byline(meta, outlet, byline):
    assert outlet_and_byline(meta, "https://www.example.com/a") == (outlet, byline)


@pytest.mark.parametrize("line", [
    "10/08/2020 - 22:54", "Tue, 11 Aug 2020 14:14:02 GMT", "2020-08-10T01:13:19", "Aug 10th 2020", "2020年 8月 10日",
    "发稿 李宏薇；审校 杨淑祯", "李鱼 综合报导", "null 张筠青（综合报道）", "寒冬記者  張峰", "©Getty Images",
    "（路透社）",
    "https://feedx.net", "— Secretary Pompeo (@SecPompeo) December 6, 2020", "延伸閱讀", "Related",
    "相关阅读：",
    "Post tags: 反送中运动, 壹传媒", "Untitled (Wuhan), by LTJcake (CC BY 2.0)", "01、", "（三）",
    "© 一朵后浪 for 中国数字时代, get_post_time('Y'). |Permalink |No comment",
])
def test_furniture_lines(line):
    assert is_furniture_line(line) or is_byline(line)


@pytest.mark.parametrize("line", [
    "文在寅访美", "中国记者被驱逐", "2020年8月10日，黎智英被捕。", "图为黎智英",
    "卢卡申科再次当选白俄罗斯总统",
    "（中央社記者張謙香港11日電）香港壹傳媒集團股價今早持續飆漲。",
    "Related to the arrest, police said 10 people were held.", "Photographed by a resident (see below)",
])
def test_news_lines_are_not_furniture(line):
    assert not (is_furniture_line(line) or is_byline(line))
    assert not is_date_line(line)


def test_related_headlines_are_dropped_and_the_article_kept():
    text = (REAL / "cna_related.md").read_text(encoding="utf-8")
    article = parse_article(text, "cna.md")
    passages = [p.text for p in article.passages]
    assert article.source == "(臺)中央社CNA" and article.author is None
    assert not any("彭斯：侮辱全球熱愛自由人士" in p for p in passages)  # the 延伸閱讀 list
    assert not any(p == "黎智英被捕壹傳媒股價狂飆 網傳投資者支持" for p in passages)  # an inserted related link
    assert not any("延伸閱讀" in p for p in passages)
    assert any(p.startswith("（中央社記者張謙香港11日電）") for p in passages)
    assert len(passages) >= 10


def test_byline_and_date_before_the_body_are_dropped():
    article = parse_article((REAL / "nyt_byline.md").read_text(encoding="utf-8"), "nyt.md")
    texts = [p.text for p in article.passages]
    assert not any(t.startswith(("2020-08-10", "孟建国")) and len(t) < 30 for t in texts)
    assert article.passages[1].text.startswith("香港特区行政长官林郑月娥说")


def test_an_article_that_is_only_a_list_of_links_keeps_them():
    text = ("---\ntitle: 新闻联播\ndate: 2020-08-10T11:00:00Z\nauthor: CCTV\n---\n<div><li><a href='#1'>"
            "第一条新闻标题在这里</a></li><li><a href='#2'>第二条新闻标题在这里</a></li></div>")
    passages = [p.text for p in parse_article(text, "a.md").passages[1:]]
    assert passages == ["第一条新闻标题在这里", "第二条新闻标题在这里"]


def test_template_rule_needs_repeats_over_days():
    day = 86400
    assert is_template(5, 100, 3 * day)
    assert not is_template(5, 100, 3600)  # one story's updates on one day
    assert not is_template(4, 100, 3 * day)
    assert not is_template(5, 10_000, 3 * day)  # a big outlet needs more repeats


def _article(folder: Path, name: str, day: int, body: str, source: str = "某台") -> None:
    write_article(folder, f"{name}.md", title=f"第{day}天的新闻{name}", body=body, source=source,
                  date=f"2020-08-{day:02d}T08:00:00Z")


def test_template_lines_are_learnt_and_earlier_articles_marked_again(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    promo = "<p>订阅本台每日新闻简报，获取更多精彩报道与独家分析内容</p>"
    news = ["央行宣布下调存款准备金率", "台风登陆沿海地区造成停电", "议会通过新的预算法案", "球队赢得联赛冠军奖杯",
            "科学家发现新的恒星系统", "市政府启动地铁扩建工程"]
    for i in range(4):
        _article(corpus, f"a{i}", 1 + i, f"{promo}<p>{news[i]}，详细情况仍在进一步了解之中。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        retriever = Retriever(index)
        assert retriever.search("每日新闻简报").hits  # four articles: not yet a template
        assert lede_of(index.db, index.article_id("a0.md")).startswith("订阅本台")
        for i in range(4, 6):
            _article(corpus, f"a{i}", 1 + i, f"{promo}<p>{news[i]}，详细情况仍在进一步了解之中。</p>")
        index.update(corpus)
        retriever.refresh()
        assert not retriever.search("每日新闻简报").hits  # now a template: in no article, old or new
        assert lede_of(index.db, index.article_id("a0.md")).startswith("央行宣布")
        assert retriever.search("央行 存款准备金率").hits
        for i in range(2, 6):
            (corpus / f"a{i}.md").unlink()
        index.update(corpus)
        assert retriever.search("每日新闻简报").hits  # two articles left: no longer a template


def _change_the_parser(tmp_path: Path, monkeypatch) -> None:
    import corpus.store.index as store
    monkeypatch.setattr(store, "PARSER_VERSION", "test-next")


def _edit_the_user_dictionary(tmp_path: Path, monkeypatch) -> None:
    segment = importlib.import_module("corpus.text.segment")  # (corpus.text.segment is also a function's name)
    edited = tmp_path / "userdict.txt"
    edited.write_text(segment.USER_DICT.read_text(encoding="utf-8") + "林郑月娥 30 nr\n", encoding="utf-8")
    monkeypatch.setattr(segment, "USER_DICT", edited)


@pytest.mark.parametrize("change", [_change_the_parser, _edit_the_user_dictionary])
def test_a_parser_or_dictionary_change_rereads_an_existing_index(tmp_path: Path, monkeypatch, change):
    """The passages were read with the parser and cut with the user dictionary's words of the time; once either
    changes, an existing index reads every file again (a query would be cut with the new words, its passages with
    the old), and once only."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        _article(corpus, f"a{i}", 1 + i, f"<p>第{i}条新闻的正文内容在这里。</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        assert index.update(corpus).added == 3
    with CorpusIndex(tmp_path / "c.db") as index:  # nothing changed: nothing to read again
        assert index.update(corpus).changed == 0
    change(tmp_path, monkeypatch)
    with CorpusIndex(tmp_path / "c.db") as index:
        report = index.update(corpus)
        assert report.changed == 3 and report.added == 0
        assert index.update(corpus).changed == 0


def test_the_lede_is_the_first_passage_that_reads_as_a_sentence(tmp_path: Path):
    """A byline (TIFFANY MAY), a label (更新：) and a subheading (周庭被捕) before the first sentence are not the
    lede; an article with nothing else keeps its first passage."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _article(corpus, "a", 1, "<p>TIFFANY MAY,TIFFANY MAY</p><p>更新：</p><p>香港众志前副秘书长周庭被捕</p>"
                             "<p>香港警方周一逮捕了壹传媒创办人黎智英，指控他违反国安法。</p>")
    _article(corpus, "b", 2, "<p>BERLIN</p><p>IN AN AUCTION, the highest bidder usually walks away with the prize.</p>")
    _article(corpus, "c", 3, "<p>苦涩童年</p>")
    with CorpusIndex(tmp_path / "c.db") as index:
        index.update(corpus)
        assert lede_of(index.db, index.article_id("a.md")).startswith("香港警方周一逮捕")
        assert lede_of(index.db, index.article_id("b.md")).startswith("IN AN AUCTION")
        assert lede_of(index.db, index.article_id("c.md")) == "苦涩童年"

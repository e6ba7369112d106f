"""Parsing of both front-matter styles, body HTML to passages, boilerplate, and malformed files."""
from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from corpus.errors import ArticleError
from corpus.ingest.parse import (
    body_blocks,
    decode_article_bytes,
    is_boilerplate,
    parse_article,
    parse_date,
    read_article,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_jekyll_style_front_matter_and_link_line():
    article = read_article(SEEDS, SEEDS / "000_ceca840310306e7c.txt")
    assert article.source == "联合早报"
    assert article.title == "王毅与布林肯今下午将在罗马会面"
    assert article.url == "https://www.zaobao.com/realtime/china/story20211031-1208778"
    assert article.published.astimezone(UTC).isoformat().startswith("2021-10-31T04:47:35")
    texts = [p.text for p in article.passages]
    assert texts[0] == article.title and article.passages[0].kind == "title"
    # the Markdown link line and the <!--timestamp--> are not passages
    assert not any(t.startswith("[") or t.isdigit() for t in texts)
    assert texts[1].startswith("美国国务院称，国务卿布林肯10月31日")


@pytest.mark.parametrize("title", ["[兩岸] 林鄭月娥：香港立法會選舉延後一年", "颱風海警解除 南部仍有大雨[影]"])
def test_a_link_line_whose_headline_holds_brackets_is_not_a_passage(title: str):
    """Two outlets' headlines hold bracketed labels of their own ([兩岸], [影]): the Jekyll style's link line that
    repeats such a headline is dropped as any other is, and gives the article its link when the front matter has
    none; it is not the article's first passage (nor its lede)."""
    text = (f'---\ntitle: "{title}"\ndate: 2020-07-31T11:24:27.000Z\nauthor: RTI 中央廣播電臺\n---\n'
            f"<!--1596194667000-->\n[{title}](https://www.rti.org.tw/news/view/id/2074287)\n------\n\n"
            "<div>\n香港行政長官林鄭月娥今天下午6時公布，將立法會選舉延後一年，原因是疫情嚴峻。\n</div>\n")
    article = parse_article(text, "rti.md")
    assert article.url == "https://www.rti.org.tw/news/view/id/2074287"
    assert [p.kind for p in article.passages] == ["title", "text"]
    assert article.passages[1].text.startswith("香港行政長官林鄭月娥今天")


def test_a_feed_excerpts_link_to_the_rest_is_dropped_and_its_text_kept():
    """A feed's excerpt ends in a link to the rest of the article (RTI's ``......more``; 阅读全文, Read more): the
    link is furniture, the excerpt is kept; a link in a sentence stays."""
    blocks = body_blocks('<div>\n香港行政長官今天公布，將立法會選舉延後一年，原因是疫情嚴峻。近...'
                         '<a target="_blank" href="https://www.rti.org.tw/news/view/id/2074287">...more</a>\n</div>'
                         '<p>他说：<a href="https://x">更多细节</a>将在下周公布。<a href="https://y">阅读全文 »</a></p>'
                         '<p><a href="https://z">Read more</a></p>')
    assert blocks == [("text", "香港行政長官今天公布，將立法會選舉延後一年，原因是疫情嚴峻。近..."),
                      ("text", "他说：更多细节将在下周公布。")]


def test_a_long_line_under_a_picture_that_ends_in_its_credit_is_a_caption():
    """A caption may be long (a sentence of news and then the credit): under a picture, a line that ends in a
    photo credit (中央社記者…攝 日期, （中央社檔案照片）, （美聯社）) is a caption, so that it is not the lede; the
    article's first paragraph is."""
    credits = ["中央社記者林宏翰洛杉磯攝 109年7月31日", "（中央社檔案照片）", "（美聯社）"]
    for credit in credits:
        blocks = body_blocks('<div><img src="https://x/1.jpg"><div class="picinfo">美國聯邦準備銀行總裁2日表示，'
                             '如果美國真正認真地封鎖4至6週，經濟就可能受益，圖為洛杉磯海灘徒步區民眾戴口罩逛街，'
                             f'防疫措施仍在延續。{credit}</div></div>'
                             '<p>（中央社洛杉磯2日綜合外電報導）美國聯邦準備銀行總裁今天表示，封鎖有助經濟。</p>')
        assert [kind for kind, _text in blocks] == ["caption", "text"], credit
    assert body_blocks('<img src="https://x/1.jpg"><p>美國聯邦準備銀行總裁今天表示，封鎖4至6週有助經濟復甦，'
                       '多位經濟學家也表示贊同這項看法，市場反應正面。</p>')[0][0] == "text"


def test_hexo_style_front_matter_without_link():
    article = read_article(SEEDS, SEEDS / "001_3ee58391ed132a80.txt")
    assert article.source == "观察者网"
    assert article.title == "关键时刻，中美罗马会晤"
    assert article.url is None
    assert article.published.astimezone(UTC).isoformat() == "2021-10-31T12:42:28+00:00"
    assert "新媒体" in article.tags


def test_inline_tags_join_without_spaces_and_fullwidth_spaces_fold():
    article = read_article(SEEDS, SEEDS / "002_740b901baec55788.txt")
    joined = "\n".join(p.text for p in article.passages)
    assert "举行视频会晤" in joined
    assert "\u3000" not in joined


def test_boilerplate_is_dropped():
    everything = "\n".join(p.text for f in sorted(SEEDS.iterdir()) for p in read_article(SEEDS, f).passages)
    for noise in ("责任编辑", "原标题", "未经授权", "不得转载", "新浪财经APP", "appendQr", "paywall", "subscribe"):
        assert noise not in everything


def test_headings_and_captions_are_their_own_kind():
    kinds = {p.text: p.kind for p in read_article(SEEDS, SEEDS / "004_28db49f97dcf3802.txt").passages}
    assert kinds["王毅可能周五在白宫见总统拜登"] == "heading"
    captions = [p for p in read_article(SEEDS, SEEDS / "003_2330414f3a895630.txt").passages if p.kind == "caption"]
    assert captions and "通电话" in captions[0].text
    image_caption = [p for p in read_article(SEEDS, SEEDS / "001_3ee58391ed132a80.txt").passages
                     if "图源" in p.text]
    assert image_caption and image_caption[0].kind == "caption"


def test_image_only_paragraphs_scripts_and_ads_leave_no_passage():
    blocks = body_blocks(
        '<p><img src="a.png"></p><script>var x = "新闻";</script><div id="dfp-ad-1">广告文字</div>'
        '<div class="qrcode">扫码关注</div><p>正文第一段。</p><p>　</p><p>第二<b>段</b>落。</p>')
    assert blocks == [("text", "正文第一段。"), ("text", "第二段落。")]


def test_br_separates_paragraphs_and_long_blocks_are_split():
    blocks = body_blocks("<p>第一行。<br><br>第二行。</p>")
    assert [t for _k, t in blocks] == ["第一行。", "第二行。"]
    long = "很长的一句话。" * 200
    pieces = [t for _k, t in body_blocks(f"<p>{long}</p>")]
    assert len(pieces) > 1 and "".join(pieces) == long


@pytest.mark.parametrize("line", [
    "责任编辑：王翔", "原标题：王毅同美国国务卿布林肯通电话", "本文系观察者网独家稿件，未经授权，不得转载。",
    "海量资讯、精准解读，尽在新浪财经APP", "扫描二维码关注我们", "（编辑：张三）",
])
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "王毅说，习近平主席同拜登总统将于11月16日举行视频会晤。", "美国国务院称，国务卿布林肯将在罗马与王毅会面。",
])
def test_news_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize("value, expected", [
    ("2021-10-31T04:47:35.508Z", "2021-10-31T04:47:35.508000+00:00"),
    ("Sun, 31 Oct 2021 12:42:28 GMT", "2021-10-31T12:42:28+00:00"),
    ("2021-11-13 15:35:03", "2021-11-13T15:35:03+08:00"),
])
def test_parse_date(value, expected):
    assert parse_date(value).isoformat() == expected


def test_plain_markdown_body_is_accepted():
    text = "---\ntitle: 标题\ndate: 2022-01-02\nauthor: 某报\n---\n\n# 小标题\n\n第一段文字。\n\n第二段。\n"
    article = parse_article(text, "a.md")
    assert [(p.kind, p.text) for p in article.passages] == [
        ("title", "标题"), ("heading", "小标题"), ("text", "第一段文字。"), ("text", "第二段。")]


def test_outlet_falls_back_to_categories():
    article = parse_article("---\ntitle: 标题\ndate: 2022-01-02\ncategories:\n - 金融\n - 新浪财经\n---\n<p>正文。</p>",
                            "a.md")
    assert article.source == "新浪财经"


@pytest.mark.parametrize("text, reason", [
    ("no front matter at all", "front matter"),
    ("---\ntitle: [unclosed\ndate: 2021\n---\n<p>x</p>", "broken YAML"),
    ("---\n- a list\n---\n<p>x</p>", "mapping"),
    ("---\ntitle: 标题\ndate: 2021-11-01\nauthor: 某报\n---\n", "no body"),
    ("---\ntitle: 标题\ndate: someday\nauthor: 某报\n---\n<p>正文。</p>", "date"),
    ("---\ntitle: 标题\nauthor: 某报\n---\n<p>正文。</p>", "no date"),
    ("---\ntitle: 标题\ndate: 2021-11-01\n---\n<p>正文。</p>", "no outlet"),
])
def test_malformed_articles_raise_with_a_reason(text, reason):
    with pytest.raises(ArticleError, match=reason):
        parse_article(text, "bad.md")


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"\x00\x01\x02binary\x00", "binary"), ("---\ntitle: 标题\n---".encode("gbk"), "not UTF-8"),
])
def test_undecodable_files(data, reason):
    with pytest.raises(ArticleError, match=reason):
        decode_article_bytes(data)


def test_utf8_bom_and_utf16_are_read():
    text = "---\ntitle: 标题\ndate: 2021-11-01\nauthor: 某报\n---\n<p>正文。</p>"
    assert decode_article_bytes(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_article_bytes(text.encode("utf-16")) == text


def test_a_book_length_article_is_cut_not_refused():
    from corpus.ingest.parse import MAX_ARTICLE_CHARS

    body = "".join(f"<p>{'很长的文章内容。' * 100}</p>" for _ in range(600))  # 480,000 characters
    article = parse_article(f"---\ntitle: 长文\ndate: 2022-01-02\nauthor: 某报\n---\n{body}", "long.md")
    assert sum(len(p.text) for p in article.passages) <= MAX_ARTICLE_CHARS
    assert len(article.passages) > 100

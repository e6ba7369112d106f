"""Property-based tests: generated and mutated articles, queries and texts never break anything."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.render import MESSAGE_LIMIT, html_to_plain, render_search_page, split_message, visible_length
from corpus.answer.coverage import best_story
from corpus.answer.dates import find_dates
from corpus.answer.when import answer_when
from corpus.errors import ArticleError, QueryError
from corpus.ingest.parse import decode_article_bytes, parse_article
from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex
from tests.conftest import SEEDS
from tests.test_render import assert_valid_telegram_html

SEED_BYTES = [p.read_bytes() for p in sorted(SEEDS.iterdir())]
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)
keys = st.sampled_from(["title", "date", "author", "from", "tags", "categories", "headimg", "layout"])
front_matter = st.dictionaries(keys | st.text(max_size=8), values, max_size=8)
tags = st.sampled_from(["p", "div", "span", "b", "h2", "figcaption", "section", "script", "style", "img", "br", "a"])


@st.composite
def html_bodies(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(tags)
        attrs = draw(st.sampled_from(["", ' class="ad"', ' id="dfp-ad-1"', ' style="display:none"',
                                      f' title="{"x" * draw(st.integers(0, 3000))}"']))
        inner = draw(st.text(max_size=60))
        closed = draw(st.booleans())
        parts.append(f"<{tag}{attrs}>{inner}{f'</{tag}>' if closed else ''}")
    return "".join(parts)


def parse_or_reason(data: bytes) -> None:
    """Decoding and parsing either give an article or raise ArticleError: nothing else."""
    try:
        article = parse_article(decode_article_bytes(data), "x.md")
    except ArticleError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert article.title and article.source and article.passages
    assert all(p.text.strip() for p in article.passages)


@PROFILE
@given(meta=front_matter, body=html_bodies())
def test_generated_articles_parse_or_are_skipped_with_a_reason(meta, body):
    try:
        head = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        assume(False)
    parse_or_reason(f"---\n{head}---\n{body}".encode())


@PROFILE
@given(seed=st.sampled_from(SEED_BYTES), cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1),
                                                                                         st.integers(0, 255)),
                                                                               max_size=20))
def test_truncated_and_corrupted_seeds(seed, cut, flips):
    data = bytearray(seed[: int(len(seed) * cut)])
    for where, byte in flips:
        if data:
            data[int(where * (len(data) - 1))] = byte
    parse_or_reason(bytes(data))


@PROFILE
@given(seed=st.sampled_from(SEED_BYTES), encoding=st.sampled_from(["gbk", "utf-16", "utf-8-sig", "big5", "latin-1"]))
def test_other_encodings(seed, encoding):
    text = seed.decode("utf-8")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    parse_or_reason(data)


@PROFILE
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    parse_or_reason(data)


def test_a_folder_of_broken_files_leaves_the_rest_searchable(tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, seed in enumerate(SEED_BYTES):
        (folder / f"seed{i}.md").write_bytes(seed)
        (folder / f"cut{i}.md").write_bytes(seed[: len(seed) // 3])
        (folder / f"binary{i}.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "huge.md").write_bytes(b"---\ntitle: x\ndate: 2021-01-01\nauthor: y\n---\n<p>" + b"a" * (11 * 2**20))
    (folder / "link.md").symlink_to(folder / "seed0.md")
    with CorpusIndex(tmp_path / "c.db") as index:
        report = index.update(folder)
        assert index.stats().articles >= 5
        reasons = dict(index.skipped())
        assert "binary0.txt" in reasons and all(reasons.values())
        assert reasons["huge.md"].startswith("too large")
        assert report.added == len(list(folder.iterdir()))
        assert Retriever(index).search("碰肘").hits


@PROFILE
@given(query=st.text(max_size=300))
def test_any_query_answers_or_says_why(retriever, query):
    try:
        result = retriever.search(query)
    except QueryError as exc:
        assert str(exc)
        return
    assert len(result.hits) <= 3
    markup = render_search_page(result.query.text or query, result.hits, 0, 3, "zh", ZoneInfo("Asia/Shanghai"))
    assert_valid_telegram_html(markup)


SEED_TEXT = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()))
# a question made of pieces of the seeds' own text (their words, names and dates, cut anywhere) and of anything else
seed_pieces = st.tuples(st.integers(0, len(SEED_TEXT) - 1), st.integers(1, 24)).map(
    lambda cut: SEED_TEXT[cut[0]:cut[0] + cut[1]])
questions = st.lists(st.one_of(seed_pieces, st.text(max_size=12)), min_size=1, max_size=4).map(" ".join)


@PROFILE
@given(query=questions)
def test_any_coverage_or_when_question_answers_or_says_why(retriever, query):
    """/coverage and /when, asked anything (pieces of the seeds' own text among other characters), answer or say
    why; neither stops with another error."""
    for ask in (best_story, answer_when):
        try:
            ask(retriever, query)
        except QueryError as exc:
            assert str(exc)


@PROFILE
@given(text=st.text(max_size=400), day=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)))
def test_dates_never_fail_and_spans_hold(text, day):
    for m in find_dates(text, day.replace(tzinfo=UTC)):
        assert text[m.span[0]:m.span[1]] == m.expression
        assert m.start <= m.end if type(m.start) is type(m.end) else True


@PROFILE
@given(blocks=st.lists(st.text(min_size=1, max_size=3000), min_size=1, max_size=8))
def test_split_messages_stay_within_the_limit(blocks):
    import html

    markup = "\n\n".join(f"<b>{html.escape(b, quote=False)}</b>" for b in blocks)
    for part in split_message(markup):
        assert visible_length(part) <= MESSAGE_LIMIT
        html_to_plain(part)

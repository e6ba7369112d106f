"""Article files (Markdown with YAML front matter and an HTML body) to ``Article`` objects.

Two front-matter styles are read: Jekyll (``from:`` link, ISO date, a link line and ``<!--timestamp-->`` before
the body) and Hexo (quoted title, RFC 2822 date, ``categories``, no link). Boilerplate is dropped here, once.
"""
from __future__ import annotations

import email.utils
import logging
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from corpus.errors import ArticleError
from corpus.ingest.furniture import LINK_SHARE, is_byline, is_date_line, is_furniture_line, is_short_label
from corpus.ingest.outlets import as_list, outlet_and_byline
from corpus.models import Article, Passage
from corpus.text import clean_spaces

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})
MAX_FILE_BYTES = 8 * 1024 * 1024  # larger files are no news articles: skipped with a reason
MAX_ARTICLE_CHARS = 300_000  # text indexed of one article at most (a book-length file is cut, not refused)
LONG_PASSAGE = 600  # characters; longer blocks are split at sentence ends
PARSER_VERSION = "6"  # bump when parsing changes what is stored: an existing index then re-reads every file
DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")  # outlets' local time when a date carries no zone

_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_RULE_LINE = re.compile(r"^[ \t]*(?:-{3,}|={3,}|\*{3,})[ \t]*$", re.MULTILINE)
# a line that is one Markdown link; its text may hold bracketed labels of its own ([[兩岸] 標題](url), [標題[影]](url))
_LINK_LINE = re.compile(r"^[ \t]*\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(([^)\s]+)\)[ \t]*$", re.MULTILINE)
# the credit that ends a picture's caption: （中央社檔案照片）, 中央社記者某某攝 109年7月31日, （美聯社）, 图片来源：…
_PHOTO_CREDIT = re.compile(r"(?:[攝摄]|提供|[檔档]案照片?|[資资]料照片?|[图圖]片?(?:来源|來源|：|:)[^。]{0,30}|"
                           r"(?:美聯社|美联社|路透社?|法新社|歐新社|欧新社|共同社|AP|AFP|Reuters|Getty Images?|EPA))"
                           r"[）)]?\s*(?:\d{2,4}年\d{1,2}月\d{1,2}日)?\s*$")
# the text of a link to the rest of an article, after a feed's excerpt
_READ_MORE = re.compile(r"(?:\.{2,}|…+)?\s*(?:more|read more|continue reading|更多|阅读全文|閱讀全文|繼續閱讀|继续阅读)"
                        r"\s*(?:»|>>|›)?", re.IGNORECASE)
_HAS_TAG = re.compile(r"<(?:p|div|br|span|section|h[1-6]|img|a|figure|table|ul|ol|li|blockquote)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")

DROP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "form", "button", "svg", "nav", "select", "input", "textarea",
    "object", "embed", "video", "audio", "canvas", "template", "head", "title", "meta", "link",
})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "figure", "figcaption", "blockquote",
    "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td", "th", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "body", "html", "center",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CAPTION_TAGS = frozenset({"figcaption", "caption"})

# id/class words of blocks that are never article text: ads, paywalls, subscription and QR boxes, sharing.
_JUNK_WORDS = frozenset({
    "ad", "ads", "adv", "advert", "advertisement", "gg", "banner", "promo", "promotion", "subscribe",
    "subscription", "paywall", "qr", "qrcode", "share", "sharing", "social", "related", "recommend",
    "newsletter", "sponsor", "sponsored", "editor", "copyright", "statement", "titlesource", "comment",
    "comments", "toolbar", "breadcrumb",
})
_JUNK_PREFIXES = ("dfp", "advert", "appendqr", "qrcode", "promo", "subscri", "paywall", "innity", "sponsor")
_WORD_SPLIT = re.compile(r"[\s_\-]+")

def is_boilerplate(text: str) -> bool:
    """Return True when a line is furniture by its form alone: a date, byline, credit, URL, notice or promotion."""
    return is_furniture_line(text) or is_byline(text)


if TYPE_CHECKING:  # yaml and lxml are imported where an article is read: a start that only answers needs neither
    from lxml.etree import _Element as Element


def _children(node: Element) -> Iterator[str | Element]:
    """An element's children in reading order: its text pieces and its elements (comments and processing
    instructions are dropped by the parser; what follows one is kept)."""
    if node.text:
        yield node.text
    for child in node:
        if isinstance(child.tag, str):
            yield child
        if child.tail:
            yield child.tail


def _is_junk(tag: Element) -> bool:
    if tag.tag in DROP_TAGS:
        return True
    attrs = tag.attrib
    words = []
    for key in ("id", "class"):
        value = attrs.get(key)
        if value:
            words.extend(w for w in _WORD_SPLIT.split(str(value).lower()) if w)
    if any(w in _JUNK_WORDS or w.startswith(_JUNK_PREFIXES) for w in words):
        return True
    style = str(attrs.get("style", "")).replace(" ", "").lower()
    return "display:none" in style


def _reads_on(tag: Element) -> bool:
    """Whether an element is a feed excerpt's link to the rest of the article (``......more``, ``阅读全文``): dropped,
    the excerpt's own text kept."""
    return tag.tag == "a" and bool(_READ_MORE.fullmatch(_inline_text(tag).strip()))


def _inline(node: Element, in_link: bool = False) -> Iterator[tuple[str, bool]]:
    """Yield (text, inside a link) pieces of an inline element, tags joined with no added spaces, ``<br>`` as a
    line break."""
    for child in _children(node):
        if isinstance(child, str):
            yield child, in_link
        elif child.tag == "br":
            yield "\n", in_link
        elif not _is_junk(child) and not _reads_on(child):
            yield from _inline(child, in_link or child.tag == "a")


def _inline_text(node: Element) -> str:
    """Text of an inline element (see ``_inline``)."""
    return "".join(text for text, _link in _inline(node))


def _has_block(tag: Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in tag.iterdescendants())


def _has_image(tag: Element) -> bool:
    return next(tag.iterdescendants("img"), None) is not None


def _kind_of(tag: Element) -> str:
    if tag.tag in HEADING_TAGS:
        return "heading"
    if tag.tag in CAPTION_TAGS:
        return "caption"
    return "text"


Block = tuple[str, str, bool, float]  # kind, text, follows an image, share of the text inside links


def _lines(pieces: list[tuple[str, bool]]) -> list[tuple[str, float]]:
    """The lines of a run of inline pieces, each with the share of its text inside links.

    A short label next to a line that is only a date (``孟建国<br>2020-08-10 11:36:41``) is a byline: left out.
    """
    lines: list[tuple[str, float]] = []
    text, linked = [], 0
    for piece, in_link in [*pieces, ("\n", False)]:
        parts = piece.split("\n")
        for i, part in enumerate(parts):
            if i:
                line = clean_spaces("".join(text))
                if line:
                    lines.append((line, min(1.0, linked / max(1, len(line.replace(" ", ""))))))
                text, linked = [], 0
            text.append(part)
            if in_link:
                linked += len(part.replace(" ", "").strip())
    dated = [is_date_line(line) for line, _share in lines]
    return [(line, share) for i, (line, share) in enumerate(lines)
            if not (is_short_label(line) and not dated[i]
                    and ((i > 0 and dated[i - 1]) or (i + 1 < len(lines) and dated[i + 1])))]


def _blocks(node: Element, kind: str = "text") -> Iterator[Block]:
    """Yield (kind, text, follows_image, link share) for each text block under ``node`` in reading order."""
    buffer: list[tuple[str, bool]] = []
    saw_image = False

    def flush() -> Iterator[Block]:
        nonlocal saw_image
        lines = _lines(buffer)
        buffer.clear()
        for line, share in lines:
            yield kind, line, saw_image, share
            saw_image = False

    for child in _children(node):
        if isinstance(child, str):
            buffer.append((child, False))
            continue
        if _is_junk(child) or _reads_on(child):
            continue
        if child.tag == "img":
            yield from flush()
            saw_image = True
            continue
        if child.tag == "br":
            buffer.append(("\n", False))
        elif child.tag in BLOCK_TAGS or _has_block(child):
            yield from flush()
            inner = list(_blocks(child, _kind_of(child) if child.tag in BLOCK_TAGS else kind))
            if not inner and _has_image(child):
                saw_image = True
            for k, t, follows, share in inner:
                yield k, t, follows or saw_image, share
                saw_image = False
        else:
            pieces = list(_inline(child, child.tag == "a"))
            if _has_image(child) and not clean_spaces("".join(t for t, _link in pieces)):
                saw_image = True
                continue
            buffer.extend(pieces)
    yield from flush()


def _split_long(text: str) -> list[str]:
    """Split a very long block at sentence ends into pieces of about ``LONG_PASSAGE`` characters."""
    if len(text) <= LONG_PASSAGE:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        if current and len(current) + len(sentence) > LONG_PASSAGE:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def body_blocks(body: str) -> list[tuple[str, str]]:
    """Return the (kind, text) passages of an article body, HTML or plain Markdown, furniture dropped.

    Dropped: lines that are furniture by their form (``is_boilerplate``) and blocks that are mostly the text of
    links (related headlines), unless links are all the body has (an article that is itself a list).
    """
    body = _HTML_COMMENT.sub("", body)
    body = _RULE_LINE.sub("", body)
    out: list[Block] = []
    if _HAS_TAG.search(body):
        # libxml2's HTML parser, the one BeautifulSoup's lxml builder runs, walked directly: the same passages for
        # 3,000 real articles as through BeautifulSoup's tree, in half the time
        from lxml import etree

        parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        document = etree.fromstring(body.encode("utf-8", "replace"), parser)
        root = document.find("body") if document is not None else None
        if root is None:
            root = document
        for kind, text, follows_image, share in (_blocks(root) if root is not None else ()):
            if kind == "text" and follows_image and (len(text) <= 80 and not text.endswith(("。", "！", "？"))
                                                     or _PHOTO_CREDIT.search(text)):
                kind = "caption"  # a short line under a picture, or one that ends in the picture's credit
            out.append((kind, text, follows_image, share))
    else:
        for chunk in re.split(r"\n\s*\n", body):
            line = clean_spaces(chunk)
            if not line:
                continue
            heading = re.match(r"^#{1,6}\s+(.*)$", line)
            out.append(("heading", heading.group(1), False, 0.0) if heading else ("text", line, False, 0.0))
    kept = [(kind, text, share >= LINK_SHARE) for kind, text, _follows, share in out if not is_boilerplate(text)]
    if not any(not linked for _kind, _text, linked in kept):
        kept = [(kind, text, False) for kind, text, _linked in kept]  # the body is a list of links: keep it
    result: list[tuple[str, str]] = []
    for kind, text, linked in kept:
        if not linked:
            result.extend((kind, piece) for piece in _split_long(text))
    return result


def parse_date(value: object) -> datetime:
    """Return a timezone-aware datetime from a front-matter date (ISO 8601, RFC 2822, YAML date or datetime).

    A value without a zone is taken in ``DEFAULT_ZONE``. Raises ``ArticleError`` when it is no date.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        parsed = None
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", text)
                                            else text)
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                parsed = None
        if parsed is None:
            raise ArticleError(f"unreadable date {text[:40]!r}")
    else:
        raise ArticleError("no date" if value is None else f"date of type {type(value).__name__}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=DEFAULT_ZONE)
    return parsed


@cache
def _yaml_loader() -> type:
    """The safe YAML loader, libyaml's when the wheel has it."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_article(text: str, path: str) -> Article:
    """Return the ``Article`` in the text of an article file; ``path`` is kept as its name.

    Raises ``ArticleError`` with a one-line reason for a file that is not an article.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ArticleError("no YAML front matter (--- ... ---)")
    import yaml

    try:
        meta = yaml.load(match.group(1), Loader=_yaml_loader())  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ArticleError(f"broken YAML front matter{where}") from None
    if not isinstance(meta, dict):
        raise ArticleError("front matter is not a mapping of keys")
    body = text[match.end():]

    url = next((u for u in as_list(meta.get("from") or meta.get("link") or meta.get("url"))
                if u.startswith(("http://", "https://"))), None)
    title_value = meta.get("title")
    title = clean_spaces(str(title_value)) if isinstance(title_value, (str, int, float)) else ""

    # The Jekyll style repeats the title as a Markdown link line before the body: drop it (and take its URL).
    first_tag = _HAS_TAG.search(body)
    head = body[: first_tag.start()] if first_tag else body
    for link in _LINK_LINE.finditer(head):
        if url is None and link.group(2).startswith(("http://", "https://")):
            url = link.group(2)
        if not title:
            title = clean_spaces(link.group(1))
        body = body.replace(link.group(0), "", 1)

    published = parse_date(meta.get("date") or meta.get("published") or meta.get("pubDate"))
    source, author = outlet_and_byline(meta, url)
    blocks = body_blocks(body)
    if not blocks and not title:
        raise ArticleError("no title and no text")
    if not blocks:
        raise ArticleError("no body text")
    if not title:
        title = blocks[0][1][:40]
    passages = [Passage(0, "title", title)]
    length = len(title)
    for kind, block in blocks:
        if block == title and len(passages) == 1:
            continue
        length += len(block)
        if length > MAX_ARTICLE_CHARS:
            logger.info("%s: only the first %d characters are indexed", path, MAX_ARTICLE_CHARS)
            break
        passages.append(Passage(len(passages), kind, block))
    tags = tuple(dict.fromkeys(as_list(meta.get("tags")) + as_list(meta.get("categories"))))
    return Article(path=path, source=source, title=title, url=url, published=published,
                   passages=tuple(passages), tags=tags, author=author)


def decode_article_bytes(data: bytes) -> str:
    """Return the text of an article file's bytes; raises ``ArticleError`` for binary or non-UTF-8 files."""
    if not data.strip():
        raise ArticleError("empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("binary file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError("broken UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 (byte {exc.start})") from None


def read_article(root: Path, file: Path) -> Article:
    """Return the article in ``file`` (a path under ``root``); raises ``ArticleError`` with a reason."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(f"too large ({size // (1024 * 1024)} MiB)")
        data = file.read_bytes()
    except OSError as exc:
        raise ArticleError(f"unreadable ({exc.strerror or exc})") from None
    rel = file.relative_to(root).as_posix()
    return parse_article(decode_article_bytes(data), rel)


def now_utc() -> datetime:
    """Return the current time, timezone-aware (UTC)."""
    return datetime.now(UTC)

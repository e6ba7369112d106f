"""The outlet (the feed an article came from) and the byline, from front matter.

RSS archivers put the feed's name in ``categories`` and ``tags`` and often in ``author`` too; some write the
article's byline into ``author`` (``author: Samuel Wade`` under ``categories: [ 中国数字时代 ]``), and
``categories`` may hold more than the feed (``[ news, 路透 ]``, ``[ 新媒体, 观察者网, 头条 ]``). The outlet is the
name the fields agree on; failing that the category or tag that names an outlet, then the author, then the link's
host. The author is kept as the byline when it is not the outlet.
"""
from __future__ import annotations

from urllib.parse import urlparse

from corpus.errors import ArticleError
from corpus.text import clean_spaces, normalize

# Category words that name a kind of content, never a feed.
GENERIC_LABELS = frozenset(
    "news 新闻 新聞 资讯 資訊 uncategorized 未分类 未分類 default article articles post posts blog rss feed feeds "
    "home 首页 首頁 all latest 最新 要闻 要聞 头条 頭條 top headlines 新媒体 新媒體 other others 其他 misc".split())
# Author values that are no byline.
NO_BYLINE = frozenset("unknown null none admin administrator anonymous n/a na editor 佚名 匿名 未知 编辑 編輯".split())
OUTLET_SUFFIXES = ("网", "報", "报", "社", "財經", "财经", "新闻", "新聞", "时报", "時報", "日报", "日報", "电视台",
                   "電視台", "台", "周刊", "週刊", "之声", "之聲", "电台", "電台", "时代", "時代", "传媒", "傳媒",
                   "cna", "bbc", "rfi", "voa", "rfa")


def as_list(value: object) -> list[str]:
    """Return a front-matter value as a list of non-empty, single-spaced strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [clean_spaces(str(v)) for v in value if v is not None and clean_spaces(str(v))]
    text = clean_spaces(str(value))
    return [text] if text else []


def _is_generic(label: str) -> bool:
    return normalize(label) in GENERIC_LABELS


def _looks_like_outlet(label: str) -> bool:
    return normalize(label).endswith(OUTLET_SUFFIXES)


def _pick(labels: list[str], others: list[str]) -> str:
    """The feed among several labels of one field: one another field agrees on, else one that names an outlet
    (of a feed and its sections, 新浪财经 and 新浪财经－国內, the one that starts the others), else the first."""
    if len(labels) == 1:
        return labels[0]
    agreed = [label for label in labels if label in others]
    if agreed:
        return agreed[0]
    pick = [label for label in labels if _looks_like_outlet(label)] or labels
    return min(pick, key=lambda label: (not any(o != label and o.startswith(label) for o in pick),
                                        labels.index(label)))


def outlet_and_byline(meta: dict, url: str | None) -> tuple[str, str | None]:
    """Return (outlet, byline) from an article's front matter; raises ``ArticleError`` when nothing names one.

    The outlet is taken from ``categories``, else ``tags``, else ``author``, else the link's host; the byline is
    the ``author`` when it is not the outlet and is a name (not ``unknown`` and the like).
    """
    authors = as_list(meta.get("author"))
    tags = [t for t in as_list(meta.get("tags")) if not _is_generic(t)]
    categories = [c for c in as_list(meta.get("categories")) if not _is_generic(c)]
    if categories:
        outlet = _pick(categories, tags + authors)
    elif tags:
        outlet = _pick(tags, authors)
    elif authors:
        outlet = authors[0]
    else:
        outlet = (urlparse(url).hostname or "").removeprefix("www.") if url else ""
    if not outlet:
        raise ArticleError("no outlet (author, tags, categories or link)")
    byline = next((a for a in authors if a != outlet and normalize(a) not in NO_BYLINE), None)
    return outlet, byline

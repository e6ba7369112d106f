"""Page furniture: what an article body holds that is not the article.

Two kinds are told apart here, by rules that hold for any outlet:

- lines that are furniture by their form alone: a date or time and nothing else, a byline, a photo credit, a
  URL, the signature of an embedded post (``— Name (@handle) December 6, 2020``), a "further reading" header,
  editors' and reprint notices, app promotions;
- blocks whose text is mostly the text of links (lists of related headlines): ``LINK_SHARE``.

The third kind, an outlet's own template lines (``获取更多RSS：``, a copyright notice), is learnt from the corpus:
``template_key`` gives the key under which the store counts a line across an outlet's articles, and
``is_template`` says when that count makes it furniture.
"""
from __future__ import annotations

import hashlib
import re

from corpus.text import letters_only, normalize

LINK_SHARE = 0.6  # a block with at least this share of its text inside links is a link list
MAX_FURNITURE_LINE = 160  # longer blocks are real paragraphs even if they contain such words
TEMPLATE_MIN_ARTICLES = 5  # a line in this many articles of one outlet ...
TEMPLATE_SHARE = 0.002  # ... and in this share of the outlet's articles ...
TEMPLATE_MIN_SPAN = 2 * 86400  # ... published at least this far apart (an article's updates are not a template)
TEMPLATE_MAX_CHARS = 400  # longer lines are not counted

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
_DATE_WORDS = "|".join(sorted(_MONTHS + _DAYS, key=len, reverse=True))
_DATE_TOKEN = re.compile(
    rf"(?<![a-z])(?:{_DATE_WORDS}|gmt|utc|cst|cet|cest|bst|edt|est|pdt|pst|hkt|am|pm|a\.m\.|p\.m\.|th|st|nd|rd|t|z|"
    r"null|published|updated|update|posted|last|on|at)(?![a-z])|\d+|"
    r"发布|更新|时间|日期|星期[一二三四五六日天]|周[一二三四五六日天]|礼拜[一二三四五六日天]|[年月日号时点分秒]|上午|下午|晚上|"
    r"凌晨|中午|北京时间|当地时间",
    re.IGNORECASE)
_DATE_FILLER = re.compile(r"[\s,.:：/\-–—+|()（）\[\]【】]+")

_ROLE = (r"(?:(?:发稿|编译|审校|编辑|责编|校对|撰稿|撰文|翻译|记者|摄影|报道|作者|主笔|采写|整理|by|text|photos?|"
         r"reporting|written by|edited by)(?:\s*[:：/|]\s*|\s+)|(?:文|图|摄)\s*[:：/|]\s*)")
_NAME = r"(?:[\u4e00-\u9fff·]{2,5}|[a-z][a-z.\-' ]{1,30}?)"
_BYLINE = re.compile(rf"^(?:{_ROLE}{_NAME}(?:[（(][^）)]{{1,8}}[）)])?\s*[；;，,、|/]?\s*){{1,5}}$", re.IGNORECASE)
_NAME_AND_DESK = re.compile(rf"^(?:null\s+)?{_NAME}\s*[（(]?(综合报道|综合报导|摘编|编译|整理|综合)[）)]?$",
                            re.IGNORECASE)
_REPORTER = re.compile(r"^\S{0,10}(记者|通讯员|撰稿人)\s+[\u4e00-\u9fff·]{2,5}$")
_CREDIT = re.compile(
    r"^(?:[©ⓒ]|\(c\)|copyright\b|图片?(?:来源|版权|提供|源)|照片(?:来源|提供)|摄影|photo\b|image\b|credit\b|"
    r"getty images|embed from getty)",
    re.IGNORECASE)
_AGENCY_ONLY = re.compile(
    r"^[（(]?(?:图|照片|图片|资料图|档案照|档案照片|file)?[:：/／]?\s*(?:路透社?|法新社|美联社|彭博社?|新华社|中新社|"
    r"中央社|共同社|欧新社|getty images|reuters|afp|ap|epa|bloomberg|xinhua|kyodo|dpa|afp via getty images)"
    r"(?:\s*[/／]\s*\S{1,20})?[)）]?$",
    re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:[©ⓒ]|\(c\)\s|copyright\b)", re.IGNORECASE)
# A photo's licence credit (``Untitled, by nicolas_oddo (CC BY-ND 2.0)``) and a section number alone (``01、``).
_LICENCE_CREDIT = re.compile(r"\bby\b.{1,60}\((?:cc[ -]|cc0|public domain)[^)]{0,30}\)$", re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"^[(（]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）、.．:：]?$")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?$", re.IGNORECASE)
_POST_SIGNATURE = re.compile(r"^[—–-]{1,2}\s*.{0,80}\(@\w{1,30}\)\s*.{0,40}\d{4}$")
FURTHER_READING = re.compile(
    r"^[【\[]?(延伸阅读|相关新闻|相关阅读|相关报道|相关文章|相关链接|相关内容|相关专题|推荐阅读|更多阅读|更多新闻|更多报道|"
    r"热门新闻|热门文章|猜你喜欢|你可能还喜欢|你可能也喜欢|看更多|阅读更多|点击阅读|往期回顾|"
    r"related|related articles|related stories|related news|related coverage|read more|see also|"
    r"more on this story|more from|recommended)[】\]]?\s*[:：]?$",
    re.IGNORECASE)

# Editors' names, original titles, reprint notices, app promotions: furniture wherever they stand.
_NOTICES = [re.compile(p, re.IGNORECASE) for p in (
    r"^[【\[(（]?\s*(责任编辑|责编|编辑|校对|审核|审校|监制|编审|值班编辑|实习编辑|主编|记者|撰文|作者)\s*[:：]",
    r"^[【\[(（]?\s*原标题\s*[:：]",
    r"^[【\[(（]?\s*(来源|图片来源|文章来源|题图来源|本文来源)\s*[:：].{0,40}$",
    r"未经.{0,10}(授权|许可|同意).{0,16}(不得|禁止|严禁|请勿).{0,6}(转载|使用|复制)",
    r"(版权所有|版权归.{0,12}所有|转载请注明|本文(系|为|是).{0,24}(独家|原创)(稿件|文章|内容))",
    r"(下载|打开|安装).{0,16}(app|客户端)|尽在.{0,16}app|扫(描|一扫)?.{0,8}二维码|长按.{0,8}(识别|关注)",
    r"关注.{0,16}(公众号|微信号|官方微博)|点击.{0,8}(订阅|关注|下载)",
    r"^(点击查看大图|点击进入专题|点击图片|【?纠错】?|举报|分享到.{0,20}|返回顶部|阅读原文|更多精彩.{0,20})$",
    r"^(post tags|tags|filed under|标签|关键词|关键字|keywords)\s*[:：]",
    r"^[#＃\s]*$",
)]


def is_date_line(text: str) -> bool:
    """Return True when ``text`` is only a date and/or time (``10/08/2020 - 22:54``, ``Tue, 11 Aug 2020 GMT``)."""
    if len(text) > 60 or not any(c.isdigit() for c in text):
        return False
    rest = _DATE_TOKEN.sub(" ", normalize(text))
    return not _DATE_FILLER.sub("", rest)


def is_byline(text: str) -> bool:
    """Return True when ``text`` is only a byline (``编译 高思佳；审校 母红``, ``李鱼 综合报导``, ``寒冬记者 张峰``)."""
    if len(text) > 60:
        return False
    norm = normalize(text).strip()
    return bool(_BYLINE.match(norm) or _NAME_AND_DESK.match(norm) or _REPORTER.match(norm))


def is_furniture_line(text: str) -> bool:
    """Return True when a line is furniture by its form alone (see the module's docstring)."""
    if len(text) > MAX_FURNITURE_LINE:
        return False
    norm = normalize(text).strip()
    if len(norm) <= 60 and (is_date_line(norm) or _CREDIT.match(norm) or _AGENCY_ONLY.match(norm)
                            or _URL_ONLY.match(norm) or FURTHER_READING.match(norm)
                            or _LICENCE_CREDIT.search(norm) or _NUMBER_ONLY.match(norm)):
        return True
    if _POST_SIGNATURE.match(norm) or _COPYRIGHT.match(norm):
        return True
    return any(p.search(norm) for p in _NOTICES)


def is_short_label(text: str) -> bool:
    """Return True for a short line with no sentence punctuation: a name, a desk, a label (a byline's shape)."""
    return len(text) <= 30 and not re.search(r"[。！？!?；;，,：:]", text.rstrip(",，"))


_KEY_DIGITS = re.compile(r"\d+")


def template_key(text: str) -> int | None:
    """Return the key under which a line is counted across an outlet's articles (None: too long to count).

    Lines that differ only in numbers (a year in a copyright notice), spacing, punctuation, case or script share a
    key.
    """
    if len(text) > TEMPLATE_MAX_CHARS:
        return None
    folded = letters_only(_KEY_DIGITS.sub("0", normalize(text)))
    return _hash(folded or text.strip())


def line_keys(text: str) -> list[int]:
    """Return the keys a passage's line is counted under (none for a line too long to be a template)."""
    key = template_key(text)
    return [] if key is None else [key]


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def is_template(articles: int, outlet_articles: int, span_seconds: int) -> bool:
    """Return True when a line seen in ``articles`` of an outlet's ``outlet_articles``, over ``span_seconds``
    between its first and last article, is one of the outlet's template lines."""
    return (articles >= max(TEMPLATE_MIN_ARTICLES, TEMPLATE_SHARE * outlet_articles)
            and span_seconds >= TEMPLATE_MIN_SPAN)

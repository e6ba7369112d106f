"""Which way two names of a text are related: A驻B (A's office, troops or diplomats in B) and A acting on B (A对B,
A制裁B, A访问B).

News of one side's act is often followed by news of the other side's answer in the same words the other way round:
Taiwan's office in Somaliland (台湾驻索马利兰代表处揭牌) three weeks before Somaliland's in Taipei (索马利兰驻台湾代表处
揭牌); the United States limiting Chinese diplomats (美国宣布对驻美中国外交官工作施限), China answering in kind a week
later (中国对美国驻华外交官采取对等限制). The words are the same; only the way the names are related tells the two
events apart. A text relates two names one way (``relations``) where the first comes right before 驻 and the second
right after it (美国驻华, 台湾驻索马利兰), or 驻 comes before the second and then the first (驻美中国外交官: China's
diplomats in the United States); or the first comes up to ``GAP`` characters (Chinese or figures) before an act's
word (对, 制裁, 要求: 中国外交部对美, 美国政府21日要求中国) and the second right after it (for a suspension, after
与: 英国中止与香港的引渡条约); a demand that the second close something (A要求B关闭) relates them as a closing
too, as the first has the second's office closed. An act's word that starts its clause takes as its first name the
one that starts the clause before (中国宣布反制 要求美国关闭…). A country may be written by its short form (美, 华,
台: ``short_forms``) right next to the word (or two characters before an act's word at the start of a clause:
美再限制中国外交官), or by its side (中方) or capital (北京, 华府); a short aside in brackets (周二（21日）, 周一
(7月20日) with its spaces) is read past.
A headline that relates two of the question's names only the other way round reports the mirror event
(``mirrored``).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from corpus.text.normalize import normalize
from corpus.text.segment import NUMERAL, short_forms

IN = "驻"  # A驻B: A's office, envoys or troops in B
# the words by which a name acts on another (A对B, A制裁B), each with the act it names (出访 and 访问 are 访): two
# headlines relate two names the same way when they do so by the same act
_ACTS: tuple[tuple[str, str], ...] = tuple((word, act) for act, words in (
    ("对", ("对",)), ("向", ("向",)), ("制裁", ("制裁",)), ("驱逐", ("驱逐",)), ("限制", ("限制",)),
    ("关闭", ("关闭",)), ("要求", ("要求", "命令", "下令", "勒令")), ("通知", ("通知",)), ("召见", ("召见",)),
    ("谴责", ("谴责", "指责", "批评")), ("指控", ("指控",)), ("起诉", ("起诉",)), ("禁止", ("禁止", "封杀")),
    ("访", ("出访", "访问", "访")), ("中止", ("中止", "暂停", "终止"))) for word in words)
# acts whose second name may follow a word of partnership (英国中止与香港的引渡条约: 与香港)
_PARTNERED = frozenset({"中止"})
_PARTNER = re.compile("与|和|同")
_KIND = {IN: IN, **dict(_ACTS)}  # each word that relates two names and its kind
DEMAND = "要求"  # A要求B关闭…: A demands that B close its …, i.e. A has B's … closed, as 关闭 relates A to B too
_DEMANDED = frozenset({"关闭"})  # the acts a demand relates that way (not 要求中国停止…: the act is B's own)
_CARRIES = re.compile(r"[\s，,]")  # what ends a clause whose first name the next clause's act carries over
_WORD = re.compile("|".join(sorted(_KIND, key=len, reverse=True)))  # ... found longest first
GAP = 6  # characters that may come between the first name and an act's word (中国外交部对美, 美国政府21日要求中国)
SHORT_GAP = 2  # ... and a short form starting its clause (美再限制中国外交官: 再)
# China's short form in 驻华, 对华, 访华 (not in the table of pairs: 华美 is a word)
_MORE_SHORT_FORMS = {"华": "中国"}
# capitals that stand for their governments next to an act's word (北京要求…, 华府对…, 台北驻…)
_CAPITALS = {"北京": "中国", "华府": "美国", "华盛顿": "美国", "台北": "台湾", "莫斯科": "俄罗斯", "东京": "日本",
             "首尔": "韩国", "伦敦": "英国", "堪培拉": "澳大利亚", "新德里": "印度", "平壤": "朝鲜", "德黑兰": "伊朗",
             "柏林": "德国", "巴黎": "法国"}
# a short aside in brackets (周二（21日）, 休斯敦（Houston）), with the spaces around it, is read past
_ASIDE = re.compile(r"\s*[（(][^（）()]{0,16}[)）]\s*")
_CLAUSE_CHARACTER = re.compile(r"[\u4e00-\u9fff\d]")  # a character inside a clause
_GAP = re.compile(_CLAUSE_CHARACTER.pattern + "+")  # what may come between them: Chinese characters and figures
Relation = tuple[str, str, str]  # (the first name, the second, IN or the act), each name by its first spelling


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, ...]]:
    """Each country of the short forms' table with its short forms and its side's (中国: 中, 中方, 华)."""
    forms, _words = short_forms()
    out: dict[str, list[str]] = {}
    for short, full in (*forms.items(), *_MORE_SHORT_FORMS.items()):
        out.setdefault(full, []).append(short)
        if short in forms:
            out[full].append(short + "方")  # 中方, 美方: the country's side
    return {full: tuple(shorts) for full, shorts in out.items()}


def spellings_of(names: Iterable[tuple[str, ...]]) -> dict[str, str]:
    """Each spelling a relation may write a name by, folded, with the name it stands for (its first spelling): the
    ``names`` given (a question's, each with its other spellings) and every country of the short forms' table, each
    with its short forms."""
    out: dict[str, str] = {}
    countries = _countries()
    for spellings in names:
        folded = [normalize(s) for s in spellings if s]
        if not folded:
            continue
        for spelling in folded:
            out.setdefault(spelling, folded[0])
            for short in countries.get(spelling, ()):
                out.setdefault(short, folded[0])
    for full, shorts in countries.items():
        for spelling in (full, *shorts):
            out.setdefault(spelling, out.get(full, full))
    for capital, full in _CAPITALS.items():
        out.setdefault(capital, out.get(full, full))
    return out


def _name_at(text: str, at: int, spellings: dict[str, str], longest: int) -> tuple[str, int] | None:
    """The name whose spelling (``longest`` characters at most) begins at ``at`` (the longest), with where it
    ends."""
    for length in range(min(longest, len(text) - at), 0, -1):
        name = spellings.get(text[at:at + length])
        if name is not None:
            return name, at + length
    return None


def _name_before(text: str, end: int, spellings: dict[str, str], longest: int, gap: int) -> str | None:
    """The name whose spelling ends nearest before ``end``, up to ``gap`` Chinese characters or figures before it (a
    short form as ``_short_form_before`` allows)."""
    for stop in range(end, max(-1, end - gap - 1), -1):
        if stop < end and not _GAP.fullmatch(text[stop:end]):
            return None
        for length in range(min(longest, stop), 0, -1):
            name = spellings.get(text[stop - length:stop])
            if name is not None and (length > 1 or _short_form_before(text, stop, end)):
                return name
    return None


def _short_form_before(text: str, stop: int, end: int) -> bool:
    """Whether the one character before ``stop`` is a country's short form relating to the word at ``end``: right
    before it (美驻华; not a day's 日: 21日要求), or up to ``SHORT_GAP`` characters before it at the start of a clause
    (美再限制中国外交官)."""
    if stop == end:
        return not NUMERAL.match(text, stop - 2) if stop >= 2 else True  # 21日要求: a day's 日, not Japan
    return end - stop <= SHORT_GAP and (stop == 1 or not _CLAUSE_CHARACTER.match(text, stop - 2))


def relations(text: str, spellings: dict[str, str], before: str = "") -> frozenset[Relation]:
    """The ways ``text`` (folded) relates the names of ``spellings`` (``spellings_of``): (first, second, IN) for
    first驻second, (first, second, 制裁) for first制裁second and the like. ``before`` is the text that comes before
    it (a headline's clauses before the one read), where only a name its first clause carries over is read."""
    out: set[Relation] = set()
    if not spellings:
        return frozenset()
    before = _ASIDE.sub("", before)
    text = before + _ASIDE.sub("", text)
    longest = max(map(len, spellings))
    for word in _WORD.finditer(text, len(before)):
        kind = _KIND[word.group()]
        second = _name_at(text, word.end(), spellings, longest)
        if second is None and kind in _PARTNERED and (partner := _PARTNER.match(text, word.end())):
            second = _name_at(text, partner.end(), spellings, longest)
        if second is None:
            continue
        first = _name_before(text, word.start(), spellings, longest, 0 if kind == IN else GAP)
        if first is None and kind == IN:  # 驻美中国外交官: China's in the United States
            after = _name_at(text, second[1], spellings, longest)
            first = after[0] if after is not None else None
        if first is None and kind != IN:
            first = _subject_carried(text, word.start(), spellings, longest)
        if first is not None and first != second[0]:
            out.add((first, second[0], kind))
            then = _WORD.search(text, second[1], second[1] + GAP + 1) if kind == DEMAND else None
            if then is not None and _KIND[then.group()] in _DEMANDED and (
                    then.start() == second[1] or _GAP.fullmatch(text, second[1], then.start())):
                out.add((first, second[0], _KIND[then.group()]))  # 要求中国关闭: has China's consulate closed
    return frozenset(out)


def _subject_carried(text: str, at: int, spellings: dict[str, str], longest: int) -> str | None:
    """The name a clause's act word at ``at`` carries over from the clause before it: the act word starts its
    clause (``SHORT_GAP`` characters before it at most: 并要求) and the clause before, after a space or comma,
    starts with a name (中国宣布反制 要求美国关闭驻成都总领事馆: China demands). Not after a colon, which ends a
    speaker or a topic (港媒：, 中美关系：)."""
    start = at
    while start > 0 and _CLAUSE_CHARACTER.match(text, start - 1):
        start -= 1
    if at - start > SHORT_GAP or start == 0 or not _CARRIES.match(text, start - 1):
        return None
    end = start - 1
    while end > 0 and _CARRIES.match(text, end - 1):
        end -= 1
    begin = end
    while begin > 0 and _CLAUSE_CHARACTER.match(text, begin - 1):
        begin -= 1
    found = _name_at(text, begin, spellings, longest)
    return found[0] if found is not None and found[1] <= end else None


# what one country keeps in another (A驻B: 索马利兰驻台湾代表处, 驻美中国外交官), as an English question's words read
STATIONED = frozenset("代表处 办事处 大使馆 使馆 领事馆 总领事馆 领馆 外交官 外交人员 记者 部队 军队 驻军 大使".split())
_PASSIVE = re.compile(r"\bby\b")  # an English question that names the actor last (restricted by China)


def english_rendered(question: str, words: Iterable[tuple[tuple[str, ...], bool]]) -> str:
    """An English question's names and the acts between them as a Chinese headline writes them, for ``relations``:
    ``China restricts activities of US diplomats`` as 中国限制美国; ``Somaliland opens representative office in
    Taiwan`` as 索马利兰驻台湾. ``words`` are its words as read (the English, then the Chinese readings), each with
    whether it is a name; a name is written by its first reading, a word one of whose readings is an act (限制) by
    that act, and a name after ``in`` that follows a word of what a country keeps abroad (``STATIONED``) after 驻.
    Empty for a question in the passive voice, whose names come in the other order."""
    text = f" {question.lower()} "
    if _PASSIVE.search(text):
        return ""
    placed = sorted((found.start(), spellings, name) for spellings, name in words
                    if spellings and (found := re.search(rf"(?<![a-z]){re.escape(spellings[0])}(?![a-z])", text)))
    out: list[str] = []
    stationed = False
    for at, spellings, name in placed:
        chinese = [s for s in spellings[1:] if not s.isascii()]
        if not chinese:
            continue
        if name:
            if stationed and text[:at].rstrip().endswith(" in"):
                out.append(IN)
            out.append(chinese[0])
            stationed = False
        elif (act := next((s for s in chinese if s in _KIND and s != IN), None)) is not None:
            out.append(act)
        elif any(s in STATIONED for s in chinese):
            stationed = True
    return "".join(out)


def other_actor(names: Iterable[tuple[str, ...]]) -> Callable[[str], bool]:
    """Whether a text tells another country's act: the question's first name is a country (of the short forms'
    table), and the text (folded) holds none of its spellings (its name, short forms, side or capital) while it holds
    another country or capital, by its full name, that is none of the question's names (法国8月3日宣布中止…引渡条约,
    asked when Germany suspended its treaty). Always false when the first name is no country."""
    names = [tuple(normalize(s) for s in spellings if s) for spellings in names]
    countries = _countries()
    capitals: dict[str, list[str]] = {}
    for capital, full in _CAPITALS.items():
        capitals.setdefault(full, []).append(capital)
    actor = next((full for spellings in names[:1] for full in spellings if full in countries), None)
    if actor is None:
        return lambda _text: False
    own = {actor, *countries[actor], *capitals.get(actor, ()), *(s for s in names[0])}
    asked = {s for spellings in names for s in spellings}
    asked |= {c for full in asked if full in countries for c in capitals.get(full, ())}
    others = [w for full in countries for w in (full, *capitals.get(full, ())) if full not in asked and w not in asked]
    return lambda text: not any(s in text for s in own) and any(w in text for w in others)


def mirrored(text_relations: frozenset[Relation], asked: frozenset[Relation]) -> bool:
    """Whether a text relates two names of a question only the other way round: it holds (B, A) and not (A, B) for a
    relation (A, B) of the question (``asked``)."""
    return any((b, a, kind) in text_relations and (a, b, kind) not in text_relations for a, b, kind in asked)


"""Name variants: spellings of one name across the strait and across outlets (川普 / 特朗普, 贺锦丽 / 哈里斯).

Two sources, joined in an ``AliasTable``:

- pairs learnt from the corpus: articles give the foreign name in brackets (``川普（Donald Trump）``,
  ``特朗普（Donald Trump）``); two spellings that carry the same bracketed name, each often enough, are one name;
- a small reviewed table (``data/aliases.txt``) for names and terms the corpus never brackets.

The table answers: the other spellings of a word (``variants``), the Chinese spellings of an English name
(``english``), and one stable spelling for each group (``canonical``, used for the stories' word vectors).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from corpus.data_files import table_lines
from corpus.text.english import FUNCTION_WORDS as _FUNCTION_WORDS
from corpus.text.normalize import normalize
from corpus.text.segment import STOPWORDS, dictionary_tag, short_forms, tagged, word_frequency

NAMES_VERSION = "3"  # bump when what bracketed_names learns changes: a stored index then learns its names again
MIN_PAIR = 2  # a spelling must carry the bracketed name at least this often ...
MIN_SHARE = 0.1  # ... and be at least this share of that name's bracketings, to count as its spelling
MIN_FULL_NAME_PAIR = 1  # ... or this often, for a full name asked whose words are not read alone (``english``)
_BRACKETED = re.compile(r"([\u4e00-\u9fff·]{2,16})\s*[（(]\s*([A-Za-z][A-Za-z.\-' ]{1,40}?)\s*[）)]")
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "eng", "x"})
_COMMON_WORD = 500  # jieba frequency above which a word is a common word, not a name
_TITLE_WORD = 300  # a word at least this common (部长, 总统, 国务卿) ends the text before a name
_PIECE_TAGS = frozenset({"zg", "nr", "nrt", "ns", "nz", "x"})  # tags jieba gives a lone character of a name
_NAME_PART_TAGS = frozenset({"nr", "nrt"})  # tags of the part of a name before a new word (昂山, 克莱)
_FUNCTION_CHARS = frozenset(STOPWORDS | set("说称指据向与及和同跟在对由"))
_GIVEN_LONGEST = 6  # the longest given name before a dot (弗拉基米尔·普京, 斯坦尼斯拉夫)
_LONGEST_NAME = 8  # the longest name before a bracket (季哈诺夫斯卡娅)
_LATIN_WORD = re.compile(r"[a-z][a-z'\-]+")


def latin_key(name: str) -> str:
    """Return the folded form of a foreign name: lower case, single spaces, no dots (``Donald J. Trump``)."""
    return " ".join(re.sub(r"[.']", "", name.lower()).split())


def _name_pieces(text: str) -> bool:
    """Whether the cutter reads ``text`` as pieces of a person's name and new words only (季哈/诺夫/斯卡娅; not
    世界/的/大英博物馆, nor a place before a place: 俄亥俄州/克利夫兰)."""
    return all(tag is None or tag in _NAME_PART_TAGS for _word, tag in tagged(text))


def _short_title(before: str) -> bool:
    """Whether ``before`` ends in an office's name the dictionary lacks or counts rarely, ending in 长 or 卿 (助卿
    and 次卿 for assistant and under secretaries, 幕僚长, 前防长), or cut as two lone characters (防/长); not a
    place's last character before 长 (纽约/长岛市), nor a function word (和/长津湖)."""
    tokens = tagged(before[-6:])
    if not tokens:
        return False
    last, tag = tokens[-1]
    if len(last) >= 2:
        return last[-1] in "长卿" and tag in (None, "n") and word_frequency(last) < _TITLE_WORD
    return last in "长卿" and len(tokens) >= 2 and len(tokens[-2][0]) == 1 and tokens[-2][0] not in _FUNCTION_CHARS


def _name_after_title(run: str, shortest: int, common: bool = False) -> str | None:
    """The shortest name (from ``shortest`` characters; more than 6 only when all of it is names and new words)
    at the end of ``run`` after a common word (部长|勒温, 反对派领袖|季哈诺夫斯卡娅) or a function character
    (的|昂山素姬, 和|网飞), or None. A ``common`` word may be the name (a given name: 约翰, 詹姆斯)."""
    for size in range(shortest, min(_LONGEST_NAME, len(run) - 1) + 1):
        name, before = run[-size:], run[:-size]
        if name[0] in _FUNCTION_CHARS or (not common and word_frequency(name) > _COMMON_WORD):
            continue
        if size > 6 and not _name_pieces(name):
            continue
        if any(word_frequency(before[-n:]) >= _TITLE_WORD for n in (2, 3) if len(before) >= n) or \
                _short_title(before):
            return name
        if before[-1] in _FUNCTION_CHARS and (common or all(word_frequency(name[-n:]) <= _COMMON_WORD
                                                            for n in (2, 3))):
            return name  # 和|网飞; not 与|美国总统, whose end is a common word
    return None


def _given_name(head: str, whole: bool) -> str | None:
    """The given name at the end of the text before a foreign name's first dot: the names, new words and a last
    lone character the cutter gives there (国务卿|迈克, 候选人|乔, 运营官|扬, 帮办|格洛丽亚); else the shortest
    after a common word (负责人|理查德, which the dictionary tags a noun); the ``whole`` head when nothing stands
    before it (理查德·基尔 at the start of a sentence)."""
    tokens = tagged(head)
    name = ""
    while tokens:
        word, tag = tokens[-1]
        piece = tag is None or tag in _PIECE_TAGS or tag in _NAME_TAGS or (not name and len(word) == 1)
        if not piece or word in _FUNCTION_CHARS or len(name) + len(word) > _GIVEN_LONGEST:
            break
        name = tokens.pop()[0] + name
    if name and len(tokens) >= 2 and len(tokens[-1][0]) == 1 and tokens[-1][0] not in _FUNCTION_CHARS and (
            len(tokens[-2][0]) >= 2 or tokens[-2][0] in _FUNCTION_CHARS) and len(name) < _GIVEN_LONGEST:
        name = tokens[-1][0] + name  # a first character the cutter gave a word's tag (宇航员|道/格, 和|佐/伊)
    return name or _name_after_title(head, 1, common=True) or (head if whole else None)


def _name_before_bracket(run: str) -> str | None:
    """The name at the end of a run of Chinese text (``美国国务卿蓬佩奥`` -> ``蓬佩奥``), or None."""
    if "·" in run:
        dotted = re.search(r"([\u4e00-\u9fff]{1,8})((?:·[\u4e00-\u9fff]{1,8})+)$", run)
        if not dotted:
            return None
        given = _given_name(dotted.group(1), whole=dotted.start() == 0)
        return given + dotted.group(2) if given else None
    name = _name_after_title(run, 2)
    if name:
        return name
    tokens = tagged(run)
    if not tokens:
        return None
    last, last_tag = tokens[-1]
    if len(last) >= 2 and (last_tag is None or last_tag in _NAME_TAGS):
        name, pieces = last, tokens[:-1]
        # A new word cut in two new words (麦肯/内妮, 塞兹/韦尔) or after a name's first part (昂山/素姬) is one.
        while (last_tag is None and pieces and len(name) + len(pieces[-1][0]) <= 6 and pieces[-1][0][-1] not in
               _FUNCTION_CHARS and (pieces[-1][1] is None or pieces[-1][1] in _NAME_PART_TAGS)):
            name = pieces.pop()[0] + name
        # A foreign name cut after its first character (谭/德塞, 佩/洛希, 纳/德拉) gets it back.
        for word, tag in reversed(pieces):
            if len(name) > 2 or len(word) != 1 or word in _FUNCTION_CHARS or tag not in _PIECE_TAGS:
                break
            name = word + name
    elif len(last) >= 2:
        return None  # a common word (总统): no name stands before the bracket
    else:  # a foreign name cut in pieces (埃/尔多/安): the single characters and name pieces before it
        name = ""
        for word, tag in reversed(tokens):
            if (name and len(word) >= 2 and tag is not None and tag not in _NAME_TAGS) or word in _FUNCTION_CHARS:
                break
            if len(name) + len(word) > 6:
                break
            name = word + name
    if len(name) < 2 or len(name) > 8 or word_frequency(name) > _COMMON_WORD:
        return None
    return name


def _surname(name: str, key: str) -> tuple[str, str] | None:
    """The (surname, foreign surname) pair a dotted full name gives (迈克·庞皮欧 (Mike Pompeo): 庞皮欧, pompeo), or
    None: later mentions write the surname alone, and a surname is spelt alike whoever bears it. Not a one-word
    foreign name, nor a last part that ends in a common word (约翰·霍普金斯|大学)."""
    if "·" not in name:
        return None
    last = name.rsplit("·", 1)[1]
    words = [w for w in key.split() if w not in _GENERATION]
    if len(words) < 2 or len(words[-1]) < 3 or len(last) < 2:
        return None
    if any(word_frequency(last[-n:]) > _COMMON_WORD for n in (2, 3) if len(last) > n):
        return None
    return last, words[-1]


def bracketed_names(text: str) -> list[tuple[str, str]]:
    """Return the (Chinese spelling, foreign name key) pairs a text gives: ``蓬佩奥（Mike Pompeo）``; a dotted
    full name gives its surname's pair too (``_surname``)."""
    out = []
    for m in _BRACKETED.finditer(normalize(text)):
        name = _name_before_bracket(m.group(1))
        key = latin_key(m.group(2))
        if name and key and len(key) >= 3:
            out.append((name, key))
            surname = _surname(name, key)
            if surname:
                out.append(surname)
    return out


@dataclass
class AliasTable:
    """Groups of spellings of one name, and the foreign names each group carries."""

    groups: dict[str, frozenset[str]] = field(default_factory=dict)  # spelling -> its group (itself included)
    by_latin: dict[str, dict[str, int]] = field(default_factory=dict)  # foreign name key -> spelling -> count
    # spelling -> its group as questions read it (``build_aliases``); the stories' groups when not given
    spellings: dict[str, frozenset[str]] | None = None

    @cached_property
    def _by_last_word(self) -> dict[str, list[str]]:
        """The foreign name keys by their last word, so that a name is looked up among the few that can match
        rather than among all of them (tens of thousands in a large archive)."""
        index: dict[str, list[str]] = defaultdict(list)
        for key in self.by_latin:
            index[key.rsplit(" ", 1)[-1]].append(key)
        return dict(index)

    def warm(self) -> AliasTable:
        """Make now the lookups a question's Latin word needs (``english``) and the foreign names' characters
        (``/coverage`` joins a name cut in pieces by them), rather than at the first question."""
        _ = self._by_last_word, self.name_characters
        return self

    @cached_property
    def name_characters(self) -> dict[str, int]:
        """How many of the bracketed foreign names' spellings hold each character (斯 in thousands, 国 in few)."""
        counts: dict[str, int] = defaultdict(int)
        for names in self.by_latin.values():
            for name in names:
                for ch in set(name):
                    counts[ch] += 1
        return dict(counts)

    @property
    def asked(self) -> dict[str, frozenset[str]]:
        """Spelling -> its group as questions read it (``spellings``, else the stories' ``groups``)."""
        return self.groups if self.spellings is None else self.spellings

    def variants(self, word: str) -> tuple[str, ...]:
        """Return the other spellings of ``word`` (folded), most common first; empty when it has none."""
        group = self.asked.get(word)
        return tuple(sorted(_surnames_alone(group - {word}, word))) if group else ()

    @cached_property
    def _canonical(self) -> dict[str, str]:
        """Each grouped spelling's ``canonical`` one, chosen once per group (an index build asks for every word of
        every article: millions of times)."""
        chosen: dict[int, str] = {}
        out: dict[str, str] = {}
        for word, group in self.groups.items():
            spelling = chosen.get(id(group))
            if spelling is None:
                spelling = chosen[id(group)] = min(group)
            out[word] = spelling
        return out

    def canonical(self, word: str) -> str:
        """Return one stable spelling for ``word``'s group (the word itself when it has no variants)."""
        return self._canonical.get(word, word)

    def spelling(self, word: str) -> str:
        """One stable spelling for ``word``'s group as questions read it (``variants``); the word itself when it has
        no other spellings."""
        group = self.asked.get(word)
        return min(group) if group else word

    @cached_property
    def _carried(self) -> dict[str, dict[str, int]]:
        """Spelling -> foreign name key -> how many articles bracket it so."""
        return _by_spelling(self.by_latin)

    def latin(self, word: str) -> tuple[str, ...]:
        """The one-word foreign name a Chinese name stands for (脸书: facebook, 推特: twitter), as headlines write it
        in Latin letters (``Facebook移除…中国账号``): the key that most of its bracketings carry, at least
        ``MIN_PAIR`` of them, three letters or more and no English function word; not a surname the spelling also
        carries with a given name (特朗普: trump of donald trump), nor for a word the dictionary knows as no name."""
        keys = self._carried.get(word)
        if not keys or dictionary_tag(word) not in _NAME_TAGS | {None}:
            return ()
        key, count = max(keys.items(), key=lambda kv: kv[1])
        if (" " in key or len(key) < 3 or key in _FUNCTION_WORDS or count < MIN_PAIR
                or 2 * count < sum(keys.values()) or any(k.endswith(" " + key) for k in keys)):
            return ()
        return (key,)

    def english(self, word: str, least: int = MIN_PAIR) -> tuple[str, ...]:
        """Return the Chinese spellings of an English name or surname (``pompeo`` -> ``蓬佩奥``), most used first.

        A word matches a bracketed name that it is, or that it ends as its head (the surname in Western order:
        ``trump`` of ``donald trump``; ``summit`` of ``east asia summit``); not one it only begins or sits in
        (``president`` of ``president donald trump``, ``ren`` of ``ren quanniu``), which would read common words and
        given names as one person, nor one whose head comes before a function word (``china`` of ``bank of china``,
        ``hong kong`` of ``university of hong kong``). A spelling must carry it ``least`` times (``MIN_PAIR``; for
        a full name none of whose words is read alone, ``MIN_FULL_NAME_PAIR``)."""
        word = latin_key(word)
        if len(word) < 3:
            return ()
        counts: dict[str, int] = defaultdict(int)
        for key in self._by_last_word.get(word.rsplit(" ", 1)[-1], ()):
            if key == word or (key.endswith(" " + word) and not _FUNCTION_WORDS.intersection(key.split())):
                for name, n in self.by_latin[key].items():
                    counts[name] += n
        total = sum(counts.values())
        kept = [n for n, c in counts.items() if c >= least and c >= MIN_SHARE * total]
        if not kept and least > MIN_FULL_NAME_PAIR and " " in word and not any(map(self.english, word.split())):
            # a full name none of whose words the brackets read alone is specific enough to be read from fewer
            # bracketings (戴耀廷 (Benny Tai), once); not one whose words are read (班公错 of pangong, not the
            # 班公湖 of one "pangong lake")
            return self.english(word, MIN_FULL_NAME_PAIR)
        spellings = sorted(kept, key=lambda n: -counts[n])
        for name in list(spellings):  # a group's other spellings come along (贺锦丽 with 哈里斯)
            spellings.extend(v for v in self.variants(name) if v not in spellings)
        return tuple(_surnames_alone(spellings))


def _surnames_alone(spellings: Iterable[str], word: str = "") -> list[str]:
    """The ``spellings`` without a dotted full name whose surname is among them or is ``word`` (唐纳德·特朗普 beside
    特朗普): whatever holds the full name holds the surname, and the full name would take a place of the few a
    question reads."""
    spellings = list(spellings)
    held = set(spellings) | {word}
    return [s for s in spellings if "·" not in s or s.rsplit("·", 1)[1] not in held]


def _by_spelling(by_latin: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Foreign name key -> spelling -> count turned about: spelling -> foreign name key -> count."""
    carried: dict[str, dict[str, int]] = defaultdict(dict)
    for key, names in by_latin.items():
        for name, count in names.items():
            carried[name][key] = count
    return dict(carried)


def build_aliases(pairs: Iterable[tuple[str, str, int]], seeds: Iterable[Iterable[str]] | None = None) -> AliasTable:
    """Return the table made of learnt (spelling, foreign name key, count) pairs and seed groups of spellings.

    Two groupings are made. The stories' (``groups``, read through ``canonical``) joins the spellings that carry one
    foreign name, each a share of its bracketings. The questions' (``spellings``, read through ``variants``) also
    asks that the name be a share of the spelling's own bracketings, unless the name is a form of the one the
    spelling carries most (``same_name``): 川普 is bracketed Melania Trump 3 times of her 17, but 60 times in all,
    mostly Donald Trump, and would otherwise make 梅拉尼娅 and 小特朗普 other spellings of 特朗普. The stories keep
    the first grouping: their clustering, measured on a rebuilt index, lost an event with the second."""
    by_latin: dict[str, dict[str, int]] = defaultdict(dict)
    for name, key, count in pairs:
        if count > 0:
            by_latin[key][name] = by_latin[key].get(name, 0) + count
    seeds = tuple(seeds if seeds is not None else seed_groups())
    carried = _by_spelling(by_latin)

    def grouped(strict: bool) -> dict[str, frozenset[str]]:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(names: list[str]) -> None:
            for other in names[1:]:
                parent[find(other)] = find(names[0])

        for key, names in by_latin.items():
            total = sum(names.values())
            spellings = [n for n, c in names.items() if c >= MIN_PAIR and c >= MIN_SHARE * total and (
                not strict or c >= MIN_SHARE * sum(carried[n].values())
                or same_name(key, max(carried[n], key=carried[n].get)))]
            if len(spellings) > 1:
                union(spellings)
        for group in seeds:
            folded = list(dict.fromkeys(normalize(n) for n in group if not n.isascii()))
            if len(folded) > 1:
                union(folded)
        members: dict[str, set[str]] = defaultdict(set)
        for name in list(parent):
            members[find(name)].add(name)
        return {name: frozenset(group) for group in members.values() if len(group) > 1 for name in group}

    groups, spellings = grouped(strict=False), grouped(strict=True)
    for group in seeds:  # seeds may name English spellings too
        for english in (g for g in group if g.isascii()):
            for name in (normalize(n) for n in group if not n.isascii()):
                by_latin[latin_key(english)][name] = by_latin[latin_key(english)].get(name, 0) + MIN_PAIR
    return AliasTable(groups, dict(by_latin), spellings)


_GENERATION = frozenset({"jr", "jnr", "sr", "snr", "ii", "iii", "iv"})
SAME_NAME = 80  # fuzz.ratio of two foreign name keys from which they are romanisations of one name


def same_name(key: str, other: str) -> bool:
    """Whether two foreign name keys are forms of one name: one ends with the other, initials left out (dr anthony
    fauci and anthony fauci; donald j trump and donald trump), or they are spelt alike (sviatlana tsikhanouskaya and
    svetlana tikhanovskaya); not when one marks a generation the other does not (donald trump jr and donald trump),
    nor names of one family (melania trump and donald trump)."""
    a, b = ([w for w in k.split() if len(w) > 1] for k in (key, other))
    if bool(_GENERATION & set(a)) != bool(_GENERATION & set(b)):
        return False
    shorter, longer = sorted((a, b), key=len)
    if shorter and longer[len(longer) - len(shorter):] == shorter:
        return True
    return fuzz.ratio(" ".join(a), " ".join(b)) >= SAME_NAME


@lru_cache(maxsize=1)
def seed_groups() -> tuple[tuple[str, ...], ...]:
    """Return the reviewed groups of ``data/aliases.txt``: one group a line, spellings separated by spaces or
    ``|`` (English names may hold spaces when separated by ``|``); ``#`` starts a comment."""
    groups = []
    for line in table_lines("aliases.txt"):
        chinese, _, english = line.partition("|")
        names = chinese.split() + [e.strip() for e in english.split("|") if e.strip()]
        if len(names) > 1:
            groups.append(tuple(names))
    return tuple(groups)


@lru_cache(maxsize=1)
def term_groups() -> tuple[tuple[str, ...], ...]:
    """Return the reviewed groups of spellings of one term (``data/terms.txt``), folded."""
    groups = []
    for line in table_lines("terms.txt"):
        groups.append(tuple(dict.fromkeys(normalize(w) for w in line.split())))
    return tuple(g for g in groups if len(g) > 1)


@lru_cache(maxsize=1)
def _term_groups_by_word() -> dict[str, tuple[str, ...]]:
    return {word: group for group in term_groups() for word in group}


def term_spellings(word: str) -> tuple[str, ...]:
    """The other spellings a question's word counts as (``data/terms.txt``): 港区国安法 for 香港国安法, 香港政府
    for 港府. Not a spelling the word holds, nor one it is held by: whatever holds 香港国安法 holds 国安法, and
    台湾 would read 台湾当局 as all of Taiwan."""
    group = _term_groups_by_word().get(normalize(word), ())
    return tuple(w for w in group if w not in word and word not in w)


def swapped_pair(word: str) -> str | None:
    """``word`` with the pair of short forms it starts with in the other order (中美 as 美中, 美中关系 as 中美关系:
    outlets put their own side first), or None when it starts with none or with a word of its own (台中)."""
    forms, words = short_forms()
    if len(word) < 2 or word[0] == word[1] or word[0] not in forms or word[1] not in forms or word[:2] in words:
        return None
    return word[1] + word[0] + word[2:]


def latin_words(text: str) -> list[str]:
    """Return the Latin words of a (folded) query, for English name lookup."""
    return _LATIN_WORD.findall(text)

"""Comparing the outlets of one story: what several of them state, what only one states, how each names the people
and things of the story, and where their figures differ.

The story is the one ``/coverage`` finds for the query (with the stories of the same event joined to it). Each
outlet's reports in it (the one that answers the question first, ``PER_OUTLET`` at most) are cut into sentences;
datelines, furniture lines and sentences too short to state anything are left out.

Sentences are aligned across outlets by the character pairs they share, each pair weighted by how rare it is among
the story's sentences (squared: words every report of the story repeats, such as the main name, weigh little; the
words of one fact weigh much), after folding (simplified characters, one spelling per name); two long sentences
that share one clause are as alike as their closest clauses; a member of a shared statement must be alike to the
others too. (Vectors of the encoder of search by meaning were tried for the alignment and found no more shared
statements on the labelled set, so they are not used.)

- **shared**: a sentence and, from every other outlet, its most alike sentence at ``SAME`` or more, taken greedily
  from the sentence that the most outlets state; every line is a quote.
- **only**: sentences whose best match in every other outlet stays under ``OWN``, ranked by substance (a quotation,
  a number, a named source) rather than by position; the headline restated is left out.
- **names**: people and organisations named by at least two outlets, with the label each outlet puts right before
  the name (``中共最高外交官王毅``, ``国务委员兼外长王毅``), and the spelling each one uses of a name or term with
  several (``川普``/``特朗普``, ``港版国安法``/``香港国安法``; the learnt name pairs and ``data/terms.txt``).
- **differ**: clauses of different outlets alike apart from their figure, that give different figures with the
  same unit (``至少135人死亡`` / ``137人死亡``).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, lru_cache

from corpus.answer.asked_outlets import OutletVerdict, compared_outlets, verdicts
from corpus.answer.coverage import asked_event, event_on_its_day, story_and_event
from corpus.answer.stories import Story, members_of, story, with_articles
from corpus.retrieve.search import Retriever
from corpus.text import normalize
from corpus.text.aliases import term_groups
from corpus.text.normalize import simplified
from corpus.text.readings import initial_final, reading, sound_similarity
from corpus.text.segment import PERSON_TAGS, dictionary_lines, dictionary_tag, tagged

PER_OUTLET = 2  # reports read per outlet
MAX_PASSAGES = 30  # passages read per report
MIN_CHARS = 10  # Chinese characters a sentence needs to state something
MAX_QUOTE = 160  # characters of a quote shown
SAME = 0.34  # weighted overlap at which two sentences state the same thing
OWN = 0.16  # ... under which a sentence is an outlet's own
MIN_CLAUSE = 6  # character pairs a clause needs to be aligned on its own
CLAUSE_TRUST = 0.8  # the share of two clauses' overlap that two sentences holding them get
COHERE = 0.6  # a shared statement keeps the sentences alike to the others at this share of SAME
IDF_POWER = 2.0  # squared: the words every report repeats weigh even less beside those of one fact
HEADLINE = 0.45  # overlap with its own headline at which a sentence only restates it
SHARED_SHOWN = 8
ONLY_SHOWN = 3  # per outlet
NAMES_SHOWN = 8
SOUND_APART = 0.5  # how much (``sound_similarity`` times the length) another spelling of a name may sound apart
CONTEXT = 2  # characters before or after a name that another spelling of it must share somewhere (``_contexts``)
DIFFER_SHOWN = 5
FIGURE_RATIO = 3.0

_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?[”」』\"']?")
_CLAUSE = re.compile(r"(?:[^，,。！？!?；;：:]|(?<=\d),(?=\d))+")  # 2,750 stays one figure
_DATELINE = re.compile(
    r"^\s*(?:[（(【\[][^）)】\]]{2,40}(?:电|讯|電|訊|报导|報導|报道|報道|综合)[^）)】\]]{0,12}[）)】\]]\s*|"
    r"[^\s，。]{2,12}\d{1,2}月\d{1,2}日\s*[-－—]+\s*|[^\s，。（(]{2,16}\d{1,2}日[电電]\s*)+")
_CAPTION = re.compile(r"^\s*[（(【\[]?(?:资料图片|资料照片|资料照|资料图|档案照片|图片|照片|图)\s*[：:]")  # folded text
_WORD = re.compile(r"[0-9a-z\u3400-\u9fff]", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTE = re.compile(r"[“「『\"][^”」』\"]{4,}[”」』\"]")
_SOURCE = re.compile(r"说|表示|称|指出|透露|强调|认为|批评|呼吁|引述|证实|宣布|声明|告诉|据")
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(万|亿)?\s*(多|余)?\s*"
                     r"(人|名|宗|例|票|岁|架|艘|枚|所|家|间|栋|座|处|起|次|个|位|%|％|美元|港元|港币|元|欧元|英镑|日元|"
                     r"公里|千米|米|吨|公斤|亩|平方公里)")
_NOT_A_FIGURE = re.compile(r"^\s*(?:年|月|日|号|时|点|分|秒|周|世纪|届|条)")
# Parts of speech a label before a name may hold (nouns, places, organisations, abbreviations, attributes) and the
# words that join two labels (兼, 、, 及); anything else (a verb, a preposition, a time) ends the label.
_LABEL_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nw", "j", "a", "b", "vn", "an", "zg", "ng", "l",
                         "eng", "f"})
_LABEL_HEADS = frozenset({"n", "nr", "nrt", "nz", "nw", "ng", "j", "l"})
_LABEL_JOINS = frozenset({"兼", "、", "暨", "及"})
UNKNOWN = "?"
MIN_LABEL, MAX_LABEL = 2, 18
MAX_NAME = 9  # characters of the longest learnt name looked for whole (阿列克谢·纳瓦尔尼)
SURNAME_NAMES = 100
_GIVEN_NAMES = re.compile(r"(?:[\u3400-\u9fff]{1,6}·)+$")
# The last character of a word for a role or kind of person (创办人, 外交官, 外长, 大亨, 人士, 教徒, 发言人): a label
# before a name must end in one, which keeps out the verbs the dictionary also lists as nouns (会见, 报告).
_ROLE_END = frozenset("人者家员长官师士亨席统理相袖任使首裁事授帅将教卿手问表王后帝皇生子星友民属妻夫儿女父母兄弟"
                      "姐妹徒客商魁犯囚童翁妇党派头领导")


@dataclass(frozen=True)
class Quote:
    """One sentence of one outlet's report, with where to open it."""

    outlet: str
    text: str
    title: str
    url: str | None
    path: str
    passage: int
    published: datetime

    def to_json(self) -> dict:
        """Return the quote as in ``compare --json``."""
        return {"outlet": self.outlet, "text": self.text, "title": self.title, "url": self.url, "path": self.path,
                "passage": self.passage, "published": self.published.isoformat()}


@dataclass(frozen=True)
class Shared:
    """A statement several outlets make: one quote from each, and the outlets of the story that do not make it."""

    quotes: tuple[Quote, ...]
    silent: tuple[str, ...]

    @property
    def text(self) -> str:
        """The earliest outlet's wording."""
        return self.quotes[0].text

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets that make the statement, earliest first."""
        return tuple(q.outlet for q in self.quotes)

    def to_json(self) -> dict:
        """Return the statement as in ``compare --json``."""
        return {"text": self.text, "outlets": list(self.outlets), "quotes": [q.to_json() for q in self.quotes],
                "silent": list(self.silent)}


@dataclass(frozen=True)
class Own:
    """A statement only one outlet of the story makes, and why it was ranked (quote, number, source)."""

    quote: Quote
    marks: tuple[str, ...]

    def to_json(self) -> dict:
        """Return the statement as in ``compare --json``'s ``only``."""
        q = self.quote
        return {"outlet": q.outlet, "text": q.text, "path": q.path, "passage": q.passage, "url": q.url,
                "title": q.title, "marks": list(self.marks)}


@dataclass(frozen=True)
class Naming:
    """How the outlets name one person, organisation or thing: the labels before it and the spellings of it."""

    name: str
    labels: tuple[tuple[str, tuple[str, ...]], ...]  # label -> outlets that use it
    spellings: tuple[tuple[str, tuple[str, ...]], ...]  # spelling -> outlets that use it (only when several)
    outlets: int  # outlets that name it

    def to_json(self) -> dict:
        """Return the naming as in ``compare --json``'s ``names``."""
        return {"name": self.name, "outlets": self.outlets,
                "labels": [{"label": label, "outlets": list(o)} for label, o in self.labels],
                "spellings": [{"spelling": s, "outlets": list(o)} for s, o in self.spellings]}


@dataclass(frozen=True)
class Differ:
    """Different figures given for the same thing by different outlets, each with its quote."""

    unit: str
    figures: tuple[tuple[str, Quote], ...]

    def to_json(self) -> dict:
        """Return the difference as in ``compare --json``'s ``differ``."""
        return {"unit": self.unit, "figures": [{"figure": f, **q.to_json()} for f, q in self.figures]}


@dataclass(frozen=True)
class Comparison:
    """The comparison of a story's outlets."""

    story: Story
    outlets: tuple[str, ...]
    shared: tuple[Shared, ...] = ()
    only: tuple[Own, ...] = ()
    names: tuple[Naming, ...] = ()
    differ: tuple[Differ, ...] = ()
    # the outlets the question compares (BBC和纽约时报对…的报道有何不同), each as /coverage finds it; the comparison
    # is then of those of them that reported the event
    asked: tuple[OutletVerdict, ...] = ()

    def to_json(self) -> dict:
        """Return the comparison as ``compare --json`` prints it."""
        return {"story": self.story.story_id, "title": self.story.title, "joined": list(self.story.joined),
                "outlets": list(self.outlets), "shared": [s.to_json() for s in self.shared],
                "only": [o.to_json() for o in self.only], "names": [n.to_json() for n in self.names],
                "differ": [d.to_json() for d in self.differ], "asked": [v.to_json() for v in self.asked]}


@dataclass
class _Sentence:
    quote: Quote
    folded: str  # the sentence folded (simplified, lower case)
    key: str  # folded, one spelling per name
    grams: frozenset[str]
    order: int  # position in the outlet's reports
    clauses: tuple[frozenset[str], ...] = ()  # the character pairs of each clause long enough to state a fact
    words: list[tuple[str, str]] = field(default_factory=list)  # (folded word, part of speech)


def split_sentences(text: str) -> list[str]:
    """Return the sentences of a passage, datelines cut from their start, white space trimmed."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = _DATELINE.sub("", m.group(0)).strip()
        if sentence:
            out.append(sentence)
    return out


def _grams(key: str) -> frozenset[str]:
    chars = [c for c in key if _WORD.match(c)]
    return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False))


def _substance(text: str) -> tuple[str, ...]:
    marks = []
    if _QUOTE.search(text):
        marks.append("quote")
    if _NUMBER.search(text):
        marks.append("number")
    if _SOURCE.search(text):
        marks.append("source")
    return tuple(marks)


class _Canon:
    """Folds a sentence to one spelling per name and term: the learnt name pairs and the reviewed terms."""

    def __init__(self, retriever: Retriever) -> None:
        self.table = retriever.index.aliases()
        # spellings grouped as one name (the bracket pairs that held up), as questions read them
        self.names = set(self.table.asked)
        self.terms = {w: g[0] for g in term_groups() for w in g}
        spellings = sorted(self.terms, key=len, reverse=True)
        self.term_pattern = re.compile("|".join(map(re.escape, spellings))) if spellings else None

    def name_group(self, word: str) -> str | None:
        """The one spelling of the name ``word`` (folded) is a spelling of, or None."""
        return self.table.spelling(word) if self.table.variants(word) else None

    def known_name(self, word: str) -> bool:
        """True when the learnt name pairs hold ``word`` (folded) as a name."""
        return word in self.names

    def terms_in(self, folded: str) -> list[tuple[str, str]]:
        """The (spelling, group) of the reviewed terms in folded text, longest first, without overlaps."""
        if self.term_pattern is None:
            return []
        return [(m.group(0), self.terms[m.group(0)]) for m in self.term_pattern.finditer(folded)]

    def fold(self, folded: str, words: list[tuple[str, str]]) -> str:
        """Folded text (and its words, from ``_pos``) with each name and term written in its group's one spelling."""
        joined = "".join(self.name_group(word) or word for word, _tag in words) if words else folded
        if self.term_pattern is not None:
            joined = self.term_pattern.sub(lambda m: self.terms[m.group(0)], joined)
        return joined


def _pos(folded: str) -> list[tuple[str, str]]:
    """The words of folded text (new words found too) with their dictionary part of speech; a word the
    dictionary does not hold (a name, mostly) is tagged ``?``."""
    return [(w, tag or UNKNOWN) for w, tag in tagged(folded) if w.strip()]


def _reports(retriever: Retriever, found: Story, story_ids: tuple[int, ...], matching: frozenset[int],
             beyond: bool = False) -> list[tuple]:
    """Each outlet's reports to read: the one shown in /coverage first, then its others that match the query (with
    ``beyond``, those the clustering put in other stories too, after the stories' own)."""
    chosen = {a.source: [a.article_id] for a in found.articles}
    rows = members_of(retriever.index.db, story_ids)
    if beyond:
        rows = with_articles(retriever.index.db, rows, tuple(matching.difference(row[0] for row in rows)))
    for row in rows:
        ids = chosen.get(row[1])
        if ids is not None and row[0] not in ids and row[0] in matching and len(ids) < PER_OUTLET:
            ids.append(row[0])
    return [(a, chosen[a.source]) for a in found.articles]


def _sentences(retriever: Retriever, found: Story, story_ids: tuple[int, ...], matching: frozenset[int],
               canon: _Canon, beyond: bool = False) -> dict[str, list[_Sentence]]:
    db = retriever.index.db
    by_outlet: dict[str, list[_Sentence]] = {}
    for article, ids in _reports(retriever, found, story_ids, matching, beyond):
        seen: set[str] = set()
        out: list[_Sentence] = []
        for article_id in ids:
            head = db.execute("SELECT title, url, path, published FROM files WHERE id = ?", (article_id,)).fetchone()
            if head is None:
                continue
            title, url, path, published = head
            rows = db.execute(
                "SELECT idx, text FROM passages WHERE article_id = ? AND kind IN ('text', 'caption', 'heading')"
                " AND template = 0 AND idx > 0 AND idx <= ? ORDER BY idx", (article_id, MAX_PASSAGES)).fetchall()
            for idx, text in rows:
                for sentence in split_sentences(text):
                    folded = normalize(sentence)
                    if len(_CJK.findall(sentence)) < MIN_CHARS or _CAPTION.match(folded):
                        continue
                    words = _pos(folded)
                    key = canon.fold(folded, words)
                    if key in seen:
                        continue
                    seen.add(key)
                    quote = Quote(article.source, sentence, title, url, path, idx,
                                  datetime.fromisoformat(published))
                    clauses = tuple(g for g in (_grams(c) for c in _CLAUSE.findall(key)) if len(g) >= MIN_CLAUSE)
                    out.append(_Sentence(quote, folded, key, _grams(key), len(out), clauses=clauses, words=words))
        by_outlet[article.source] = out
    return by_outlet


class _Overlap:
    """Overlap of two sentences: the weight of their shared character pairs over the weight of the smaller one's,
    each pair weighted by how rare it is among the story's sentences, Dice-style."""

    def __init__(self, sentences: list[_Sentence]) -> None:
        df = Counter(g for s in sentences for g in s.grams)
        n = max(len(sentences), 1)
        self.idf = {g: math.log(1 + n / c) ** IDF_POWER for g, c in df.items()}
        self.mass = [sum(self.idf[g] for g in s.grams) for s in sentences]

    def weight(self, grams: frozenset[str]) -> float:
        return sum(self.idf.get(g, 0.0) for g in grams)

    def __call__(self, i: int, a: _Sentence, j: int, b: _Sentence) -> float:
        if not a.grams or not b.grams:
            return 0.0
        small, large = (a.grams, b.grams) if len(a.grams) <= len(b.grams) else (b.grams, a.grams)
        common = sum(self.idf[g] for g in small if g in large)
        whole = 2 * common / (self.mass[i] + self.mass[j])
        if whole < SAME / 3 or len(a.clauses) + len(b.clauses) <= 2:
            return whole
        best = 0.0  # a fact may be one clause of two longer sentences: the closest two clauses count too
        for x in a.clauses:
            mx = self.weight(x)
            for y in b.clauses:
                shared = self.weight(x & y)
                if shared:
                    best = max(best, 2 * shared / (mx + self.weight(y)))
        return max(whole, CLAUSE_TRUST * best)


def _similarities(sentences: list[_Sentence]):
    """The matrix of how alike each two sentences are (0 within one outlet)."""
    import numpy as np  # here, not at import: a start that never compares does not load it (0.15 s)
    n = len(sentences)
    overlap = _Overlap(sentences)
    sim = np.zeros((n, n), dtype=np.float32)
    outlets = [s.quote.outlet for s in sentences]
    for i in range(n):
        for j in range(i + 1, n):
            if outlets[i] != outlets[j]:
                sim[i, j] = sim[j, i] = overlap(i, sentences[i], j, sentences[j])
    return sim


def _shared(sentences: list[_Sentence], sim, outlets: tuple[str, ...]) -> list[Shared]:
    """Statements made by several outlets, greedily: the sentence with matches at ``SAME`` or more in the most
    outlets (then the closest matches, then the earliest) takes its match in each; those are used up."""
    import numpy as np
    n = len(sentences)
    if n == 0:
        return []
    names = sorted({s.quote.outlet for s in sentences})
    columns = [np.array([i for i, s in enumerate(sentences) if s.quote.outlet == o]) for o in names]
    used = np.zeros(n, dtype=bool)
    order = np.array([s.order for s in sentences], dtype=np.float32)
    groups: list[Shared] = []
    while len(groups) < 4 * SHARED_SHOWN:
        live = np.where(used[None, :], 0.0, sim)
        best = np.zeros((n, len(names)), dtype=np.float32)
        where = np.zeros((n, len(names)), dtype=np.int64)
        for k, cols in enumerate(columns):
            block = live[:, cols]
            where[:, k] = cols[block.argmax(axis=1)]
            best[:, k] = block.max(axis=1)
        hits = best >= SAME
        count = hits.sum(axis=1)
        count[used] = 0
        if count.max() < 1:
            break
        total = np.where(hits, best, 0.0).sum(axis=1)
        rank = np.lexsort((order, -total, -count))  # most outlets, then closest, then earliest
        i = int(rank[0])
        members = [i, *(int(where[i, k]) for k in range(len(names)) if hits[i, k])]
        kept = _cohere(members, sim)
        used[kept if i in kept else [i]] = True
        if len(kept) < 2:
            continue
        quotes = sorted((sentences[k].quote for k in kept), key=lambda q: (q.published, q.outlet))
        stating = {q.outlet for q in quotes}
        groups.append(Shared(tuple(quotes), tuple(o for o in outlets if o not in stating)))
    return groups


def _cohere(members: list[int], sim) -> list[int]:
    """The members of a shared statement that also match one another: a member whose mean likeness to the others
    is under ``COHERE`` times ``SAME`` is let go, the least alike first (a sentence that matched the one the group
    grew from on its names alone, or that one itself when the others agree without it)."""
    members = list(members)
    while len(members) > 2:
        means = [(sum(float(sim[m, o]) for o in members if o != m) / (len(members) - 1), m) for m in members]
        worst, m = min(means)
        if worst >= COHERE * SAME:
            break
        members.remove(m)
    return members


def _only(sentences: list[_Sentence], sim, titles: dict[str, list[frozenset[str]]]) -> list[Own]:
    """Each outlet's own statements, most substantive first."""
    import numpy as np
    best = sim.max(axis=1) if len(sentences) else np.zeros(0)
    per_outlet: dict[str, list[tuple]] = defaultdict(list)
    for i, s in enumerate(sentences):
        if best[i] >= OWN:
            continue
        if any(_dice(s.grams, t) >= HEADLINE for t in titles.get(s.quote.outlet, ())):
            continue
        marks = _substance(s.folded)  # folded: a traditional report's 稱 and 萬 count as 称 and 万
        per_outlet[s.quote.outlet].append((-len(marks), s.order, Own(s.quote, marks)))
    out = []
    for items in per_outlet.values():
        out.extend(own for *_, own in sorted(items, key=lambda t: t[:2])[:ONLY_SHOWN])
    return out


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _label_before(words: list[tuple[str, str]], at: int) -> str:
    """The label right before the name at ``words[at]``: the nouns, places and titles that run up to it."""
    run: list[str] = []
    k = at - 1
    while k >= 0:
        word, tag = words[k]
        if (word in _LABEL_JOINS and run) or (tag in _LABEL_TAGS and _WORD.match(word)):
            run.insert(0, word)
        else:
            break
        k -= 1
    while run and run[0] in _LABEL_JOINS:
        run.pop(0)
    label = "".join(run)
    if not run or not (MIN_LABEL <= len(label) <= MAX_LABEL):
        return ""
    head_word, head_tag = words[at - 1]
    return label if head_tag in _LABEL_HEADS and head_word[-1] in _ROLE_END else ""


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    """Characters that begin at least ``SURNAME_NAMES`` of the dictionary's personal names: the common surnames."""
    counts = Counter(w[0] for w, _freq, tag in dictionary_lines() if tag == "nr" and 2 <= len(w) <= 3)
    return frozenset(c for c, n in counts.items() if n >= SURNAME_NAMES)


def _is_person(word: str, tag: str, canon: _Canon) -> bool:
    """A word that may name a person: one the learnt name pairs hold; or a dictionary name, or three or four Chinese
    characters the dictionary does not know (jieba found them as a new word); of two characters, only one that
    begins with a common surname. ``word`` is folded, as ``_pos`` gives it."""
    if word in canon.terms:
        return False
    if canon.known_name(word):
        return True  # whatever the dictionary tags it (普京: a place)
    if tag not in PERSON_TAGS and tag != UNKNOWN:
        return False  # a word the dictionary knows as something else (中国, 媒体)
    if len(_CJK.findall(word)) != len(word):
        return False
    if len(word) == 2:
        return word[0] in _surnames()
    return len(word) >= 3 if tag in PERSON_TAGS else len(word) <= 4


def _known_names_in(text: str, canon: _Canon) -> set[str]:
    """The learnt names that folded ``text`` holds (whole names jieba may cut: 纳瓦尔尼, 维特齐)."""
    found = set()
    for i in range(len(text) - 1):
        for length in range(2, min(MAX_NAME, len(text) - i) + 1):
            piece = text[i:i + length]
            if piece in canon.names and (dictionary_tag(piece) or UNKNOWN) in PERSON_TAGS | {UNKNOWN}:
                found.add(piece)
    return found


def _people(by_outlet: dict[str, list[_Sentence]], canon: _Canon) -> list[str]:
    """The people the story's outlets name (folded): words that may be names, in two outlets' sentences or more.

    Of two that hold one another, a part is dropped when the whole is a known name or about as frequent
    (纳瓦尔 of 纳瓦尔尼, 黎智 of 黎智英), and a whole when it is a rarer part with a character stuck to it
    (人黎智英 beside 黎智英)."""
    found = {w for sentences in by_outlet.values() for s in sentences for w, t in s.words if _is_person(w, t, canon)}
    texts = [(o, s.folded) for o, sentences in by_outlet.items() for s in sentences]
    for _, text in texts:
        found |= _known_names_in(text, canon)
    held: dict[str, int] = {}
    outlets: dict[str, set[str]] = {}
    for name in found:
        where = [o for o, text in texts if name in text]
        held[name] = len(where)
        outlets[name] = set(where)
    names = [n for n in found if len(outlets[n]) >= 2]

    def dropped(n: str) -> bool:
        for o in names:
            if o == n or (canon.name_group(o) is not None and canon.name_group(o) == canon.name_group(n)):
                continue  # two spellings of one name (安倍, 安倍晋三) are both kept
            if "·" in o and o.endswith(n):
                continue  # n is the surname of the full name o: n is kept
            if "·" in n and any(n.endswith(p) for p in names if p != n):
                return True  # a full name (卡玛拉·哈里斯) is shown by its surname
            if n.endswith(o) and held[o] > held[n] and (canon.known_name(o) or not canon.known_name(n)):
                return True  # n is the name o with a character stuck before it (人黎智英 of 黎智英)
            if o.endswith(n) and held[n] > held[o]:
                continue
            if n in o and (canon.known_name(o) or 2 * held[o] >= held[n]):
                return True  # a part of a longer name (纳瓦尔 of 纳瓦尔尼)
            if o in n and not canon.known_name(n) and held[o] >= 2 * held[n]:
                return True  # a name with a character stuck to it
        return False
    return [n for n in names if not dropped(n)]


def _contexts(word: str, texts: list[str]) -> set[str]:
    """The ``CONTEXT`` characters before and after each place ``word`` stands in ``texts`` (Chinese only), marked
    by side: what a name is said with (议长维特齐, 普京表示)."""
    out = set()
    for text in texts:
        at = text.find(word)
        while at >= 0:
            before, after = text[max(0, at - CONTEXT):at], text[at + len(word):at + len(word) + CONTEXT]
            out.update(("<" + before,) if len(before) == CONTEXT and _CJK_RUN.fullmatch(before) else ())
            out.update((">" + after,) if len(after) == CONTEXT and _CJK_RUN.fullmatch(after) else ())
            at = text.find(word, at + 1)
    return out


@lru_cache(maxsize=1 << 16)
def _sounds_like(word: str, person: str) -> bool:
    """Whether ``word`` may be ``person``'s name spelt by sound: as many characters, the first read alike
    (``reading``), and apart by ``SOUND_APART`` at most (``sound_similarity``: one character sharing only its
    initial or its final; of two characters, the last sharing its final, as 普京 and 蒲亭)."""
    return (len(word) == len(person) and reading(word[0]) == reading(person[0])
            and sound_similarity(word, person) >= 1 - SOUND_APART / len(word)
            and (len(word) >= 3 or initial_final(reading(word[-1]))[1] == initial_final(reading(person[-1]))[1]))


def _other_spellings(by_outlet: dict[str, list[_Sentence]], people: list[str], canon: _Canon) -> dict[str, str]:
    """Other spellings of ``people`` in the reports, each with the person's spelling more outlets use.

    A spelling the learnt pairs hold as the person's name (金斯柏格 of 金斯伯格) is one, even when a single outlet
    uses it. So is one that sounds like it (``_sounds_like``: 蒲亭 for 普京, 阿萨尔 for 阿扎尔, 维特奇 for 维特齐)
    and is said with the same words somewhere (``_contexts``: 总统普京, 总统蒲亭): a word the segmenter found that
    may be a name, or, for names of three characters or more (which it often cuts: 维特/奇), any run of as many
    Chinese characters."""
    texts = [(o, s.folded) for o, sentences in by_outlet.items() for s in sentences]
    found = {w for sentences in by_outlet.values() for s in sentences for w, t in s.words
             if len(w) >= 2 and w not in canon.terms and _CJK_RUN.fullmatch(w) and (t == UNKNOWN or t in PERSON_TAGS)}
    starts: dict[str, list[tuple[str, int]]] = defaultdict(list)  # a reading -> where a character so read stands
    for _o, text in texts:
        for i, ch in enumerate(text):
            starts[reading(ch)].append((text, i))
    for person in people:
        if len(person) >= 3:
            found.update(window for text, i in starts.get(reading(person[0]), ())
                         if _CJK_RUN.fullmatch(window := text[i:i + len(person)]) and _sounds_like(window, person))
    outlets = {w: len({o for o, text in texts if w in text}) for w in found | set(people)}
    plain = [text for _o, text in texts]

    @cache
    def context(word: str) -> frozenset[str]:
        return frozenset(_contexts(word, plain))

    out: dict[str, str] = {}
    for word in found | set(people):
        group = canon.name_group(word)
        alike = [(outlets[p], p) for p in people if p != word and (outlets[p], p) > (outlets[word], word) and (
            group is not None and group == canon.name_group(p)
            or _sounds_like(word, p) and context(word) & context(p))]
        if alike:
            out[word] = max(alike)[1]
    for word in list(out):  # 阿札尔 -> 阿扎尔 -> …: the end of the chain
        person, seen = out[word], {word}
        while person in out and person not in seen:
            seen.add(person)
            person = out[person]
        out[word] = person
    return out


def _label_of(prefix: str) -> str:
    """The label that ends ``prefix`` (the text right before a name): its last run of nouns, places, titles."""
    prefix = _GIVEN_NAMES.sub("", prefix)  # 大法官鲁思·巴德尔·(金斯伯格): the label is before the given names
    prefix = re.split(r"[，,。；;：:！!？?（(）)“”「」《》\s]", prefix)[-1][-MAX_LABEL - 4:]
    words = _pos(prefix) if prefix else []
    return _label_before(words, len(words))


def _names(by_outlet: dict[str, list[_Sentence]], canon: _Canon, outlets: tuple[str, ...]) -> list[Naming]:
    """People named by two outlets or more with each outlet's labels for them, and the names and terms the
    outlets spell differently, with who writes which."""
    named: dict[str, set[str]] = defaultdict(set)  # one spelling of a name or term -> outlets
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    spellings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    people = _people(by_outlet, canon)
    other = _other_spellings(by_outlet, people, canon)
    spelled = {*people, *other}
    pattern = re.compile("|".join(map(re.escape, sorted(spelled, key=len, reverse=True)))) if spelled else None
    for outlet, sentences in by_outlet.items():
        for s in sentences:
            folded = s.folded
            for spelling, group in canon.terms_in(folded):
                named[group].add(outlet)
                spellings[group][spelling].add(outlet)
            for m in pattern.finditer(folded) if pattern else ():
                if folded[m.end():m.end() + 1] == "·":
                    continue  # a given name before the surname (阿列克谢·纳瓦尔尼)
                person = other.get(m.group(0), m.group(0))
                name = canon.name_group(person) or person
                named[name].add(outlet)
                spellings[name][m.group(0)].add(outlet)
                label = _label_of(folded[:m.start()])
                if label:
                    labels[name][label].add(outlet)
    out = []
    for key, who in named.items():
        used = spellings[key]
        name = key
        for spelling in list(used):  # 人黎智英 beside 黎智英: a name cut wrongly, not a spelling
            if key not in canon.terms.values() and any(other != spelling and other in spelling for other in used):
                del used[spelling]
        if used:
            name = max(used, key=lambda w: (len(used[w]), w))  # the spelling most outlets use
        several = len(used) > 1
        if len(who) < 2 or not (labels[key] or several):
            continue
        order = [o for o in outlets if o in who]

        def pick(group: set[str], order: list[str] = order) -> tuple[str, ...]:
            return tuple(o for o in order if o in group)
        out.append(Naming(
            name,
            tuple((label, pick(o)) for label, o in sorted(labels[key].items(), key=lambda kv: (-len(kv[1]), kv[0]))),
            tuple((w, pick(o)) for w, o in sorted(used.items(), key=lambda kv: (-len(kv[1]), kv[0])))
            if several else (),
            len(who)))
    # names the outlets label or spell differently first, then by how many outlets name them
    out.sort(key=lambda n: (-(len(n.labels) > 1 or bool(n.spellings)), -n.outlets, n.name))
    return out[:NAMES_SHOWN]


def _figures(sentences: list[_Sentence], sim) -> list[Differ]:
    """Figures with the same unit that differ between outlets: in clauses alike apart from the figure, of sentences
    alike enough to be about the same thing, within a factor ``FIGURE_RATIO`` of each other (a death toll of
    another disaster recalled in passing is not a differing figure)."""
    clauses = []
    for i, s in enumerate(sentences):
        # read in the folded sentence (a traditional report's 97歲 and 3萬人 as 97岁 and 3万人), shown as written
        original = s.quote.text
        text = s.folded if len(s.folded) == len(original) else original
        for m in _CLAUSE.finditer(text):
            clause = m.group(0)
            for n in _NUMBER.finditer(clause):
                if _NOT_A_FIGURE.match(clause[n.end(1):]):
                    continue
                value = float(n.group(1).replace(",", "")) * {"万": 1e4, "亿": 1e8}.get(n.group(2) or "", 1)
                unit = n.group(4).replace("％", "%")
                masked = _grams(_DIGITS.sub("#", normalize(clause)))
                shown = original[m.start() + n.start():m.start() + n.end()] if text is not original else n.group(0)
                clauses.append((i, unit, value, shown.strip(), masked, s.quote))
    out: list[Differ] = []
    taken: set[int] = set()
    for k, (i, unit, value, shown, masked, quote) in enumerate(clauses):
        if k in taken or value <= 0:
            continue
        figures = [(shown, quote)]
        values = {value}
        for m in range(k + 1, len(clauses)):
            j, u2, v2, shown2, masked2, q2 = clauses[m]
            if m in taken or u2 != unit or q2.outlet in {q.outlet for _, q in figures} or v2 <= 0:
                continue
            if max(value, v2) / min(value, v2) > FIGURE_RATIO or sim[i, j] < OWN:
                continue
            if _dice(masked, masked2) >= 0.5:
                figures.append((shown2, q2))
                values.add(v2)
                taken.add(m)
        if len(values) > 1:
            out.append(Differ(unit, tuple(figures)))
    return out[:DIFFER_SHOWN]


# words that ask how the outlets reported it (各家媒体如何报道, 怎么说, how did the outlets report): not words of
# the event
_HOW_REPORTED = re.compile(
    r"(各家|各个|各|不同)(媒体|外媒|报纸|网站)(是)?(对)?|(外媒|媒体)(是)?(对)?|各家|(如何|怎么|怎样|是怎么)(报道|报导|描述|说)的?|"
    r"的?(报道|报导|说法|描述)(有何|有什么|有哪些)?(不同|异同|区别|差异)|的?(报道|报导|说法)?(对比|比较)|"
    r"\bhow\s+(did|do|does)\s+(the\s+)?(different\s+)?(outlets|media|papers|newspapers|press)\s+"
    r"(report|cover|describe|put)\b|\bhow\b(?=.+\b(reported|covered|described)\b)|\b(reported|covered|described)\b|"
    r"\bcompare\s+(the\s+|how\s+)?(outlets'?\s+)?(coverage|reporting|reports|outlets|media)(\s+(of|on))?\b",
    re.IGNORECASE)
# a message asking how the outlets reported something: the zh forms above, or how … was reported, or compare the
# coverage of …
_COMPARE_QUESTION = re.compile(
    r"((各家|各个|各|不同)(媒体|外媒|报纸|网站)|各家|外媒|媒体).{0,6}(如何|怎么|怎样)(报道|报导|描述|说)|"
    r"(报道|报导|说法|描述)(有何|有什么|有哪些)?(不同|异同|区别|差异)|(报道|报导|说法)(对比|比较)|"
    r"\bhow\s+(did|do|does)\s+(the\s+)?(different\s+)?(outlets|media|papers|newspapers|press)\s+(report|cover|describe)"
    r"|\bhow\s+(was|were|is|are)\b.+\b(reported|covered|described)\b"
    r"|\bcompare\b.{0,30}\b(coverage|reporting|reports|outlets|media)\b", re.IGNORECASE)


def is_compare_question(text: str, sources: Iterable[str] = ()) -> bool:
    """True when a plain message asks how the outlets reported something (各家媒体如何报道, 不同媒体怎么说, how did
    the outlets report, how was … reported), or, given the index's outlets (``sources``), how two or more it names
    in one list did (BBC和新华社怎么报道…的, How did the BBC and Xinhua cover …?)."""
    if _COMPARE_QUESTION.search(simplified(text)):  # either script: 各家媒體如何報導
        return True
    outlets, general, _without = compared_outlets(text, sources) if sources else ((), text, text)
    return bool(outlets) and is_compare_question(general)


def compare(retriever: Retriever, query: str) -> Comparison | None:
    """Return the comparison of the outlets of the story ``query`` matches (None when nothing matches): the story
    /coverage lists, of the days the reports date the event. The words that ask how the outlets reported it
    (各家媒体如何报道, 谁报道了) and other question words are not searched for. A question naming two outlets or
    more in one list (BBC和纽约时报对…的报道有何不同, /compare BBC 新华社 黎智英被捕) compares those of them that
    reported the event, each by the report /coverage shows, and says of each what /coverage found
    (``Comparison.asked``)."""
    outlets, general, without = compared_outlets(query, retriever.sources)
    if outlets:  # the list read as outlets in general when it asks how they reported it, else left out
        query = general if is_compare_question(general) else without
    asked = asked_event(_HOW_REPORTED.sub(" ", simplified(query)) if is_compare_question(query) else query)
    if not asked:  # only the words that ask (各家媒体如何报道？): nothing to compare
        return None
    if outlets:  # each by the report /coverage shows (and another of its matching the question: some are a headline)
        listed = story_and_event(retriever, asked)
        if listed is None:
            return None
        found, event = listed
        named = replace(found, articles=tuple(a for a in found.articles if a.source in outlets))
        return replace(_compared(retriever, named, (found.story_id, *found.joined), event.matching, beyond=True),
                       story=found, asked=verdicts(retriever.index.db, found, outlets, carried=retriever.sources))
    event = event_on_its_day(retriever, asked)
    if event is None:
        return None
    return compare_story(retriever, event.story_id, event.joined, event.matching)


def compare_story(retriever: Retriever, story_id: int, joined: tuple[int, ...] = (),
                  matching: frozenset[int] = frozenset()) -> Comparison:
    """Return the comparison of the outlets of a story of the index (and the stories joined to it); ``matching``
    are the articles that answer the question asked, read first."""
    found = story(retriever.index, story_id, joined=joined, preferred=matching)
    return _compared(retriever, found, (story_id, *joined), matching)


def _compared(retriever: Retriever, found: Story, story_ids: tuple[int, ...], matching: frozenset[int],
              beyond: bool = False) -> Comparison:
    """The comparison of the outlets ``found`` lists, each by its report there (and its others among the stories
    ``story_ids`` that are ``matching``, ``PER_OUTLET`` in all; when none are, by the report alone; with
    ``beyond``, the matching ones of other stories too: /coverage shows some outlets by a report found elsewhere,
    and a report may be a headline alone)."""
    outlets = tuple(a.source for a in found.articles)
    canon = _Canon(retriever)
    by_outlet = _sentences(retriever, found, story_ids, matching or frozenset(
        a.article_id for a in found.articles), canon, beyond)
    sentences = [s for outlet in outlets for s in by_outlet.get(outlet, [])]
    sim = _similarities(sentences)
    titles = {a.source: [_grams(canon.fold(title, _pos(title)))] for a in found.articles
              for title in (normalize(a.title),)}
    shared = _shared(sentences, sim, outlets) if len(outlets) > 1 else []
    shared.sort(key=lambda s: (-len(s.quotes), s.quotes[0].published))
    only = _only(sentences, sim, titles) if len(outlets) > 1 else _key_statements(sentences, titles)
    return Comparison(found, outlets, tuple(shared[:SHARED_SHOWN]), tuple(only),
                      tuple(_names(by_outlet, canon, outlets)), tuple(_figures(sentences, sim)))


def _key_statements(sentences: list[_Sentence], titles: dict[str, list[frozenset[str]]]) -> list[Own]:
    """A one-outlet story's key statements: its most substantive sentences."""
    import numpy as np
    return _only(sentences, np.zeros((len(sentences), len(sentences)), dtype=np.float32), titles)

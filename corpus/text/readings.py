"""How Chinese characters read: their toneless pinyin readings (from pypinyin's table of characters), the
characters that read alike (what a pinyin keyboard may put in a character's place), and how alike two words
sound (spellings of one foreign name: 普京 and 蒲亭)."""
from __future__ import annotations

import ast
import json
from collections import Counter
from functools import lru_cache

from corpus.cached import fingerprint, kept_table
from corpus.text.segment import dictionary_lines, package_file

_TONES = str.maketrans({**{c: "a" for c in "āáǎà"}, **{c: "e" for c in "ēéěè"}, **{c: "i" for c in "īíǐì"},
                        **{c: "o" for c in "ōóǒò"}, **{c: "u" for c in "ūúǔù"}, **{c: "v" for c in "ǖǘǚǜü"},
                        **{c: "n" for c in "ńňǹ"}, "ḿ": "m"})


@lru_cache(maxsize=1)
def _readings() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]], dict[str, str]]:
    """Toneless readings of every character, the common characters (GB2312) of every reading, and each
    character's commonest reading (the first pypinyin gives).

    Made once per release of pypinyin and of this module (0.2 s) and kept in the cache folder, from which a start
    reads it in a tenth of that time (``corpus.cached.kept_table``)."""
    name = f"readings-{fingerprint([__file__], ['pypinyin'])}.marshal"
    return kept_table(name, _read_readings, _well_formed)


def _well_formed(table: object) -> bool:
    return (isinstance(table, tuple) and len(table) == 3 and all(isinstance(part, dict) for part in table)
            and all(isinstance(v, frozenset) for v in list(table[0].values())[:8]))


def _read_readings() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]], dict[str, str]]:
    """``_readings`` made from pypinyin's table of characters (its file, not its package: importing that loads
    its table of phrases too, 40 MB this never uses); characters that read alike share one set."""
    with package_file("pypinyin", "pinyin_dict.json").open(encoding="utf-8") as fh:
        pinyin_dict = json.load(fh)
    sounds: dict[str, frozenset[str]] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}
    chars: dict[str, list[str]] = {}
    primary: dict[str, str] = {}
    for code, readings in pinyin_dict.items():
        ch = chr(int(code))
        primary[ch] = readings.split(",", 1)[0].translate(_TONES)
        toneless = frozenset(r.translate(_TONES) for r in readings.split(","))
        toneless = shared.setdefault(toneless, toneless)
        sounds[ch] = toneless
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        for r in toneless:
            chars.setdefault(r, []).append(ch)
    return sounds, {r: tuple(cs) for r, cs in chars.items()}, primary


def sounds(ch: str) -> frozenset[str]:
    """Toneless pinyin readings of one character (empty for non-Chinese)."""
    return _readings()[0].get(ch, frozenset())


def homophones(ch: str) -> set[str]:
    """Common characters that share a reading with ``ch`` (what a pinyin keyboard may put in its place)."""
    by_sound = _readings()[1]
    return {c for r in sounds(ch) for c in by_sound.get(r, ())} - {ch}


_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c",
             "s", "y", "w")


def initial_final(syllable: str) -> tuple[str, str]:
    """A pinyin syllable's initial (empty for none: ``an``) and final."""
    initial = next((i for i in _INITIALS if syllable.startswith(i) and len(syllable) > len(i)), "")
    return initial, syllable[len(initial):]


def reading(ch: str) -> str:
    """The commonest toneless reading of a character (empty for non-Chinese)."""
    return _readings()[2].get(ch, "")


def sound_similarity(a: str, b: str) -> float:
    """How alike two words of as many characters sound, 0..1, by each character's commonest reading: 1 per
    character read the same, 0.5 per character whose reading shares the initial or the final (普京 pu jing, 蒲亭 pu
    ting: 0.75; 阿扎尔, 阿萨尔: 0.83), else 0; 0 for words of other lengths."""
    if len(a) != len(b) or not a:
        return 0.0
    score = 0.0
    for x, y in zip(a, b, strict=True):
        rx, ry = reading(x), reading(y)
        if x == y or rx and rx == ry:
            score += 1.0
        elif rx and ry:
            (i, f), (j, g) = initial_final(rx), initial_final(ry)
            score += 0.5 if (i and i == j) or f == g else 0.0
    return score / len(a)


def characters_by_reading() -> dict[str, tuple[str, ...]]:
    """The common characters (GB2312) of every toneless reading."""
    return _readings()[1]


def load_readings() -> None:
    """Read the table now (a fifth of a second), rather than when a question first needs it."""
    _readings()


@lru_cache(maxsize=1)
def characters_by_wade_giles() -> dict[str, tuple[str, ...]]:
    """The common characters of every Wade–Giles syllable as Taiwan writes names, without apostrophes or umlauts
    (Hsiao, Kuo, Ching, Tsai): those of the pinyin syllables it may stand for (ching: jing and qing, as Ch'ing
    loses its apostrophe), those most used in given names first (in the people's names of jieba's dictionary: 启,
    not 其, of chi). From pypinyin's table of the two spellings (its file, read as data: importing it loads all of
    pypinyin's tables, 50 MB). Made once (half a second) and kept in the cache folder."""
    name = f"wade-giles-{fingerprint([__file__], ['pypinyin', 'jieba'])}.marshal"
    return kept_table(name, _read_wade_giles, lambda table: isinstance(table, dict) and "hsiao" in table)


def _read_wade_giles() -> dict[str, tuple[str, ...]]:
    source = package_file("pypinyin", "style/wadegiles.py").read_text(encoding="utf-8")
    pairs: list[tuple[str, str]] = next(
        ast.literal_eval(node.value) for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "_convert_table")
    in_names: Counter[str] = Counter(ch for word, _freq, tag in dictionary_lines()
                                     if tag == "nr" and 2 <= len(word) <= 3 for ch in word[1:])
    by_reading = characters_by_reading()
    spelled: dict[str, dict[str, None]] = {}
    for pinyin, wade_giles in pairs:
        for ch in by_reading.get(pinyin.replace("ü", "v"), ()):
            spelled.setdefault(wade_giles.replace("'", "").replace("ü", "u"), {})[ch] = None
    return {syllable: tuple(sorted(chars, key=lambda ch: -in_names[ch])) for syllable, chars in spelled.items()}

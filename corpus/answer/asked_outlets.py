"""Questions about given outlets: did BBC report it, and how? (BBC报道了黎智英被捕吗, 黎智英被捕，纽约时报有没有报道？,
Did Reuters cover Jimmy Lai's arrest?, BBC怎么报道黎智英被捕的, How did the BBC cover it?)

Such a question names one outlet or more where a coverage question asks "who" (``outlet_question``): its outlets
are no words of the event, and the answer (``verdicts``) says for each of them what /coverage found, on the days of
the event's story: its report (the first marked; quoted when the question asks how), a report only of what
preceded or followed, silence while it was publishing (with how many articles it published those days), or no
article at all in those days (the archive cannot tell). An outlet is named as the archive's feeds name it or by a
name the reviewed table of outlets (``data/outlets.tsv``, and the user's own) gives it beside that one (纽约时报 as
NYT, 路透 as 路透社).
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import lru_cache

from corpus.answer.outlet_types import name_groups
from corpus.answer.stories import Story, StoryArticle
from corpus.text import normalize
from corpus.text.normalize import normalize_original_spans

# what an outlet's answer says: it reported the event; only what preceded it or followed it (the report is given);
# it published those days and reported none of it; it published nothing those days; no headline names the event;
# the archive carries no article of it at all (an outlet the reviewed table names: 新华社, asked about beside BBC)
REPORTED, EARLIER, LATER, SILENT, ABSENT, UNKNOWN = "reported", "earlier", "later", "silent", "absent", "unknown"
NOT_CARRIED = "not_carried"
MARK = "\x00"  # stands for a named outlet in the question while its frame is read

_OUTLETS = rf"{MARK}(?:\s*(?:[和与及跟、,，/&]|and|or)\s*(?:the\s+)?{MARK})*"
_ASK_ZH = r"(?:有没有|有无|是否|是不是|可曾|可有|曾经?|有|也|都|还|没有|没|未)?"
_REPORT_ZH = r"(?:报道|报导|报了|报过|提到|提及|刊登|刊发|刊出|播报|播出|发稿|发了|发过|写了|写过)(?:过|了)?"
_YES_NO_ZH = r"(?:吗|么|嘛|呢|没有|没|与否)?\s*[?？]*\s*$"
_ABOUT_ZH = r"(?:关于|有关|对于?)?"
_REPORT_EN = (r"(?:ever\s+|also\s+|even\s+)?(?:report(?:ed)?|cover(?:ed)?|write|wrote|run|ran|carr(?:y|ied)"
              r"|mention(?:ed)?|publish(?:ed)?)(?:\s+(?:on|about|anything\s+(?:on|about)))?"
              r"(?:\s+the\s+(?:news|story)\s+(?:of|about|on))?")
_HOW_ZH = r"(?:是)?(?:怎么|怎样|如何)(?:报道|报导|说|讲|写|描述|评论|看待)(?:的)?"
_HOW_END = r"(?:的)?(?:呢)?\s*[?？。]*\s*$"
_HOW_EN = r"(?:report(?:ed)?|cover(?:ed)?|describe[sd]?|portray(?:ed)?|frame[sd]?|present(?:ed)?|put)"


def _frames_zh(asks: str, end: str) -> tuple[re.Pattern[str], ...]:
    """A question about named outlets in Chinese, asked by ``asks`` and ended by ``end``: the outlets first
    (BBC报道了黎智英被捕吗), the outlets and the event after 对 (BBC对黎智英被捕有报道吗), or the event first
    (黎智英被捕，BBC报道了吗)."""
    return (re.compile(rf"^\s*(?P<o>{_OUTLETS})\s*{asks}\s*{_ABOUT_ZH}(?P<e>.+?){end}"),
            re.compile(rf"^\s*(?P<o>{_OUTLETS})\s*(?:对于?|关于|有关)(?P<e>.+?)(?:的)?{asks}{end}"),
            re.compile(rf"^\s*(?:关于|有关|对于?)?(?P<e>.+?)[\s,，、:：;；]*(?P<o>{_OUTLETS})\s*{asks}{end}"))


# how an outlet reported it: BBC怎么报道黎智英被捕的, 黎智英被捕，BBC是怎么说的, How did the BBC cover …?
_HOW_FRAMES = (
    *_frames_zh(_HOW_ZH, _HOW_END),
    re.compile(rf"^\s*how\s+(?:did|does|do|has|have)\s+(?:the\s+)?(?P<o>{_OUTLETS})\s+{_HOW_EN}\s+(?:on\s+)?"
               r"(?P<e>.+?)\s*[?？.]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*what\s+(?:did|does|do|has|have)\s+(?:the\s+)?(?P<o>{_OUTLETS})\s+(?:say|said|write|wrote|report)"
               r"\s+(?:about|on)\s+(?P<e>.+?)\s*[?？.]*\s*$", re.IGNORECASE),
)
# whether it did: BBC报道了黎智英被捕吗, 纽约时报和BBC有没有报道黎智英被捕, Did the BBC report Jimmy Lai's arrest?
_FRAMES = (
    *_frames_zh(_ASK_ZH + _REPORT_ZH, _YES_NO_ZH),
    re.compile(rf"^\s*(?:did|has|have|had|does|do)\s+(?:the\s+)?(?P<o>{_OUTLETS})\s+{_REPORT_EN}\s+(?P<e>.+?)"
               r"\s*[?？.]*\s*$", re.IGNORECASE),
    # Was Jimmy Lai's arrest reported by the BBC?
    re.compile(r"^\s*(?:was|were|is|are|has|have|had)\s+(?P<e>.+?)\s+(?:been\s+|ever\s+)*"
               r"(?:reported|covered|mentioned)\s+(?:by|in|on)\s+(?:the\s+)?"
               rf"(?P<o>{_OUTLETS})\s*[?？.]*\s*$", re.IGNORECASE),
)
# a yes-no question needs its mark: without one, 黎智英被捕BBC报道 is a search; a frame of Chinese words needs
# one of 吗, 没有, 有没有, 是否 or a question mark
_ASKS_ZH = re.compile(r"吗|么|嘛|没有|没|有无|是否|是不是|可曾|可有|与否|[?？]")
# an outlet's articles between two times (epoch seconds), read through the time index
_PUBLISHED = ("SELECT count(*) FROM files INDEXED BY files_published WHERE status = 'ok'"
              " AND published_ts BETWEEN ? AND ? AND source = ?")


@dataclass(frozen=True)
class OutletVerdict:
    """What the coverage of an event says of one outlet a question names (one of ``REPORTED`` … ``UNKNOWN``),
    with its report when it has one, and how many articles it published on the story's days."""

    outlet: str
    verdict: str
    article: StoryArticle | None = None
    published: int = 0  # the outlet's articles in the story's days (a day either side)
    how: bool = False  # asked how it reported the event (BBC怎么报道…): its report is quoted

    def to_json(self) -> dict:
        """Return the verdict as in ``coverage --json``'s ``asked``."""
        return {"outlet": self.outlet, "verdict": self.verdict, "asked_how": self.how,
                "article": self.article.to_json() if self.article else None, "published_those_days": self.published}


@lru_cache(maxsize=8)
def _names(sources: tuple[str, ...], groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, str], ...]:
    """(folded name, outlet) for each indexed outlet's own name and the names its group in the table gives it,
    longest first; an outlet of the table the index does not carry is named by its group's first name (新华社 for
    新华网 and Xinhua), its answer then that the archive carries none of it (``NOT_CARRIED``)."""
    folded = {normalize(s).strip(): s for s in sources}
    out: dict[str, str] = {name: s for name, s in folded.items() if name}
    for group in groups:
        names = [normalize(n).strip() for n in group]
        outlet = next((folded[n] for n in names if n in folded), group[0] if group else None)
        if outlet is not None:
            for n in names:
                if n:
                    out.setdefault(n, outlet)
    return tuple(sorted(out.items(), key=lambda kv: -len(kv[0])))


def _named_spans(norm: str, names: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Where ``norm`` names an outlet: (start, end, outlet), the longest name first, none overlapping; a name in
    Latin letters only as a whole word (CNA, not the letters of an English word)."""
    taken: list[tuple[int, int, str]] = []
    for name, outlet in names:
        start = 0
        while (at := norm.find(name, start)) >= 0:
            end = at + len(name)
            start = at + 1
            latin = name.isascii()
            if latin and ((at > 0 and norm[at - 1].isalnum() and norm[at - 1].isascii())
                          or (end < len(norm) and norm[end].isalnum() and norm[end].isascii())):
                continue
            if any(a < end and at < b for a, b, _o in taken):
                continue
            taken.append((at, end, outlet))
    return sorted(taken)


def _outlet_spans(text: str, sources: Iterable[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` folded, and where it names an outlet of ``sources`` or of the reviewed table (``_named_spans``)."""
    norm = normalize(text)
    return norm, _named_spans(norm, _names(tuple(sources), name_groups()))


def asked_outlets(text: str, sources: Iterable[str]) -> tuple[tuple[str, ...], str]:
    """The outlets (as the index names them) a question asks whether (or how) they reported something, and the
    event it asks about; ``((), text)`` when it is no such question."""
    outlets, event, _how = outlet_question(text, sources)
    return outlets, event


def outlet_question(text: str, sources: Iterable[str]) -> tuple[tuple[str, ...], str, bool]:
    """``asked_outlets``, and whether the question asks how they reported it (BBC怎么报道黎智英被捕的)."""
    norm, spans = _outlet_spans(text, sources)
    if not spans:
        return (), text, False
    pieces, at, places = [], 0, []  # places: for each character of the marked question, its place in ``norm``
    for a, b, _outlet in spans:
        pieces += [norm[at:a], MARK]
        places += [*range(at, a), a]
        at = b
    pieces.append(norm[at:])
    places += [*range(at, len(norm)), len(norm)]
    question = "".join(pieces)
    for frame in (*_HOW_FRAMES, *_FRAMES):
        found = frame.match(question)
        if found is None:
            continue
        how = frame in _HOW_FRAMES
        if not how and not found.group("e").isascii() and not _ASKS_ZH.search(question):
            continue  # a statement (BBC报道了黎智英被捕): searched as written
        # the event as the question writes it (an outlet it names too: 路透记者被驱逐，BBC报道了吗)
        low, high = places[found.start("e")], places[found.end("e") - 1] + 1
        if question[found.end("e") - 1] == MARK:
            high = next(b for a, b, _o in spans if a == places[found.end("e") - 1])
        original = normalize_original_spans(text, norm, [(low, high)])
        event = text[original[0][0]:original[0][1]].strip(" ,，、:：;；") if original else ""
        first = question[:found.start("o")].count(MARK)
        asked = spans[first:first + found.group("o").count(MARK)]
        if event:
            return tuple(dict.fromkeys(o for _a, _b, o in asked)), event, how
    return (), text, False


# what joins the outlets of one list: BBC和纽约时报, BBC、美国之音与法广, the BBC and Xinhua, /compare BBC 新华社
_THE_END = re.compile(r"\bthe\s*$", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*(?:[和与及跟、,，/&]|and|or|vs\.?|versus)?\s*(?:the\s+)?", re.IGNORECASE)


def compared_outlets(text: str, sources: Iterable[str]) -> tuple[tuple[str, ...], str, str]:
    """The outlets a comparison is asked between (BBC和纽约时报对…的报道有何不同, How did the BBC and Xinhua report
    …?, /compare BBC 新华社 黎智英被捕): two or more named in one list. Returns them, the question with the list
    written as outlets in general (媒体对…的报道有何不同, How did the outlets report …?, which reads as a
    comparison question when the list asked one), and the question without the list; ``((), text, text)`` when
    it names no such list. One outlet named alone is no comparison, and may be of the event (路透记者被驱逐)."""
    norm, spans = _outlet_spans(text, sources)
    runs: list[list[tuple[int, int, str]]] = []
    for span in spans:
        if runs and _LIST_JOIN.fullmatch(norm[runs[-1][-1][1]:span[0]]):
            runs[-1].append(span)
        else:
            runs.append([span])
    run = next((r for r in runs if len({outlet for _a, _b, outlet in r}) >= 2), None)
    if run is None:
        return (), text, text
    original = normalize_original_spans(text, norm, [(run[0][0], run[-1][1])])
    if not original:
        return (), text, text
    low, high = original[0]
    before, after = text[:low], text[high:]
    english = all(c.isascii() for c in text[max(0, low - 12):high + 12])
    if english:
        before = _THE_END.sub("", before)  # the BBC and Xinhua: the outlets
    general = f"{before}{' the outlets ' if english else '媒体'}{after}"
    without = re.sub(r"^\s*(?:(?:对于?|关于|有关|在)\s*|(?:on|about)\s+)", "", f"{before} {after}".strip(),
                     flags=re.IGNORECASE)
    return tuple(dict.fromkeys(outlet for _a, _b, outlet in run)), " ".join(general.split()), " ".join(without.split())


def verdicts(db: sqlite3.Connection, story: Story, outlets: tuple[str, ...], *, how: bool = False,
             carried: Collection[str] | None = None) -> tuple[OutletVerdict, ...]:
    """What ``story`` (the event's coverage, as ``best_story`` gives it) says of each of ``outlets``; ``how``: the
    question asks how they reported it; ``carried``: the outlets the index holds articles of (an outlet not among
    them is ``NOT_CARRIED``)."""
    shown = [*story.articles, *story.early, *story.late]
    if shown:
        low = min(a.published for a in shown) - timedelta(days=1)
        high = max(a.published for a in shown) + timedelta(days=1)
    out = []
    for outlet in outlets:
        if carried is not None and outlet not in carried:
            out.append(OutletVerdict(outlet, NOT_CARRIED, None, 0, how))
            continue
        count = 0
        if shown:
            count = db.execute(_PUBLISHED, (int(low.timestamp()), int(high.timestamp()), outlet)).fetchone()[0]
        report = next((a for a in story.articles if a.source == outlet), None)
        before = next((a for a in story.early if a.source == outlet), None)
        after = next((a for a in story.late if a.source == outlet), None)
        if report is not None:
            verdict = OutletVerdict(outlet, REPORTED if story.named else UNKNOWN, report, count)
        elif not story.named:
            verdict = OutletVerdict(outlet, UNKNOWN, None, count)
        elif before is not None or after is not None:
            verdict = OutletVerdict(outlet, EARLIER if before is not None else LATER, before or after, count)
        elif outlet in story.missing or count:
            verdict = OutletVerdict(outlet, SILENT, None, count)
        else:
            verdict = OutletVerdict(outlet, ABSENT, None, 0)
        out.append(replace(verdict, how=how))
    return tuple(out)


def is_outlet_question(text: str, sources: Iterable[str]) -> bool:
    """True when a plain message asks whether (or how) given outlets reported something (BBC报道了黎智英被捕吗)."""
    return bool(asked_outlets(text, sources)[0])

"""Did a given outlet report it? /coverage's answer to a question naming an outlet, on the labelled events.

For each held-out event, one outlet that reported it (its articles labelled) and one that published on the event's
days (a day either side of its labelled reports) without reporting it are asked about, in a question of one of
the forms users write (BBC报道了…吗, …，BBC有没有报道？, BBC是否报道了…; in English with the English questions,
Did Reuters report …?), the outlet and the form drawn at random with a fixed seed. Right: for an outlet that
reported it, the answer says so with one of the event's reports (or one labelled ambiguous); for one that did
not, it says it did not (silent, or a report only of what preceded or followed). An outlet with only reports
labelled ambiguous is asked about neither way.

The answer is ``Story.asked`` where the code gives it; otherwise (``--listing``, or code without it) what the
listing says: the outlet among the outlets listed (with its report), among those that did not report it, or
neither. ``python -m bench.outlet_eval --db DB [--english] [--listing]``.

With ``--compare`` the two outlets are asked about together, as a comparison (BBC和纽约时报对…的报道有何不同, How
did the BBC and the New York Times report …?), through /compare: right when the one that reported it is compared
by one of the event's reports and the other is not compared and said not to have reported it (by the listing of
the comparison's story where the code gives no answer per outlet).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from bench.stories_eval import load_events
from corpus import CorpusIndex, Retriever, best_story
from corpus.answer.compare import compare

DATA = Path(__file__).resolve().parent / "data"
FORMS_ZH = ("{o}报道了{q}吗", "{q}，{o}有没有报道？", "{o}是否报道了{q}", "{o}有报道{q}吗？")
FORMS_EN = ("Did {o} report {q}?", "Has {o} covered {q}?", "Did {o} cover {q}?")
COMPARE_ZH = ("{a}和{b}对{q}的报道有何不同", "{a}与{b}怎么报道{q}的", "{q}，{a}和{b}的报道有什么区别")
COMPARE_EN = ("How did {a} and {b} report {q}?", "Compare {a} and {b} on {q}")
# the names users call the archive's outlets by where the feed's own is not one (the reviewed table gives them too)
CHINESE = {"(臺)中央社CNA": "中央社", "RTI 中央廣播電臺": "中央广播电台", "经济学人en": "经济学人",
           "CCTV新闻联播": "央视"}
# the English names users call the archive's outlets by (the reviewed table gives them too)
ENGLISH = {"(臺)中央社CNA": "CNA", "法广": "RFI", "联合早报": "Lianhe Zaobao", "路透": "Reuters",
           "RTI 中央廣播電臺": "Radio Taiwan International", "美国之音": "VOA", "德国之声": "DW", "BBC": "the BBC",
           "自由亚洲电台": "RFA", "中国数字时代": "China Digital Times", "纽约时报": "the New York Times",
           "经济学人en": "The Economist", "大纪元": "the Epoch Times", "金融时报": "the Financial Times",
           "CCTV新闻联播": "CCTV"}


def event_files() -> list[tuple[str, Path]]:
    """The held-out sets' files, in order."""
    out = [("heldout", DATA / "events_heldout.json")]
    n = 2
    while (DATA / f"events_heldout{n}.json").exists():
        out.append((f"heldout{n}", DATA / f"events_heldout{n}.json"))
        n += 1
    return out


def asked(story, outlet: str, listing: bool) -> tuple[str, int | None]:
    """(verdict, the article id given) for ``outlet`` in ``story``."""
    if story is None:
        return "none", None
    verdicts = getattr(story, "asked", None)
    if verdicts and not listing:
        v = next((v for v in verdicts if v.outlet == outlet), None)
        if v is not None:
            return v.verdict, v.article.article_id if v.article else None
    report = next((a for a in story.articles if a.source == outlet), None)
    if report is not None:
        return "reported", report.article_id
    apart = next((a for a in (*story.early, *story.late) if a.source == outlet), None)
    if apart is not None:
        return "later", apart.article_id
    return ("silent", None) if outlet in story.missing else ("absent", None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--english", action="store_true", help="the English questions, English outlet names")
    ap.add_argument("--listing", action="store_true", help="judge by the listing, not by the answer per outlet")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--show", action="store_true", help="print each wrong answer")
    ap.add_argument("--compare", action="store_true", help="both outlets in one comparison question, via /compare")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)

    def called(outlet: str) -> str:  # the name a user writes for an outlet
        return ENGLISH.get(outlet, outlet) if args.english else CHINESE.get(outlet, outlet)

    english = json.loads((DATA / "english_heldout.json").read_text(encoding="utf-8"))["questions"]
    tally: Counter[str] = Counter()
    with CorpusIndex(Path(args.db)) as index:
        retriever = Retriever(index)
        published = {aid: (source, datetime.fromisoformat(p).timestamp()) for aid, source, p in
                     index.db.execute("SELECT id, source, published FROM files WHERE status = 'ok'")}
        for name, path in event_files():
            for ev in load_events(index, path):
                question = english.get(name, {}).get(ev["id"]) if args.english else ev["query"]
                if not question or not ev["ids"]:
                    continue
                times = [published[a][1] for a in ev["ids"]]
                low, high = min(times) - 86400, max(times) + 86400
                vague = {published[a][0] for a in ev["ambiguous_ids"] if a in published}
                around = {source for source, ts in published.values() if low <= ts <= high}
                covered = sorted(ev["outlets"] - vague)
                silent = sorted(around - ev["outlets"] - vague)
                if args.english:
                    covered = [o for o in covered if o in ENGLISH]
                    silent = [o for o in silent if o in ENGLISH]
                pair = ((rng.choice(covered), True) if covered else (None, True),
                        (rng.choice(silent), False) if silent else (None, False))
                if args.compare:
                    if pair[0][0] is None or pair[1][0] is None:
                        continue
                    named = [called(o) for o, _did in pair]
                    if rng.random() < 0.5:
                        named.reverse()
                    form = rng.choice(COMPARE_EN if args.english else COMPARE_ZH)
                    asking = form.format(a=named[0], b=named[1], q=question)
                    comparison = compare(retriever, asking)
                for outlet, did in pair:
                    if outlet is None:
                        continue
                    if args.compare:
                        answered = comparison is not None and getattr(comparison, "asked", ())
                        verdict, article = asked(comparison, outlet, False) if answered else \
                            asked(comparison.story if comparison else None, outlet, args.listing)
                        compared = bool(comparison) and outlet in comparison.outlets
                        if verdict == "reported" and not compared:
                            verdict = "not compared"
                    else:
                        form = rng.choice(FORMS_EN if args.english else FORMS_ZH)
                        asking = form.format(o=called(outlet), q=question)
                        verdict, article = asked(best_story(retriever, asking), outlet, args.listing)
                    if did:
                        right = verdict == "reported" and article in ev["ids"] | ev["ambiguous_ids"]
                        key = "reported"
                    else:
                        right = verdict in ("silent", "earlier", "later")
                        key = "silent"
                    tally[f"{key} asked"] += 1
                    tally[f"{key} right"] += right
                    tally[f"{key} said {verdict}"] += 1
                    if not right and args.show:
                        print(f"{'did' if did else 'did not'}: {asking} -> {verdict}")
    undecided = ("unknown", "absent", "none")  # the answer cannot tell (or no story at all)
    sums = Counter()
    for key in ("reported", "silent"):
        n = tally[f"{key} asked"]
        said = ", ".join(f"{k.split(' said ')[1]} {v}" for k, v in sorted(tally.items()) if k.startswith(f"{key} said"))
        cannot = sum(tally[f"{key} said {v}"] for v in undecided)
        right = tally[f"{key} right"]
        sums.update(asked=n, right=right, cannot=cannot, wrong=n - right - cannot)
        print(f"outlets that {'reported' if key == 'reported' else 'did not report'} it: {right} of {n} answered right,"
              f" {n - right - cannot} wrong, {cannot} cannot tell ({said})")
    print(f"all: {sums['right']} of {sums['asked']} right, {sums['wrong']} wrong, {sums['cannot']} cannot tell")
    return 0


if __name__ == "__main__":
    sys.exit(main())

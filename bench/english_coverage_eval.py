"""/coverage asked in English, measured on the labelled events of a real archive, run by hand.

    .venv/bin/python -m bench.english_coverage_eval --db /tmp/real/c.db

Each labelled event (``bench/data/events.json``) that has an English question in ``bench/data/when_events.json``
(``When was Jimmy Lai arrested?``) is asked as ``/coverage`` would ask it (its question words are left out), and
the outlets listed with one of the event's labelled articles are counted against the event's outlets (recall) and
against all the outlets listed (precision). With ``--held-out``, the English questions of
``bench/data/english_heldout.json`` (109 events of the held-out sets, written before they were asked) are asked
instead, each against its set's labelled articles.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.stories_eval import load_events
from corpus import CorpusIndex, Retriever, best_story

DATA = Path(__file__).with_name("data")
WHEN_EVENTS = DATA / "when_events.json"
HELD_OUT = DATA / "english_heldout.json"


def _questions(held_out: bool) -> list[tuple[Path | None, dict[str, str]]]:
    """(events file, English question by event id) to ask: the tuning set's ``/when`` questions, or the held-out
    sets' questions."""
    if not held_out:
        return [(None, {e["id"]: e["english"] for e in json.loads(WHEN_EVENTS.read_text(encoding="utf-8"))["events"]
                        if e.get("english")})]
    sets = json.loads(HELD_OUT.read_text(encoding="utf-8"))["questions"]
    return [(DATA / f"events_{name}.json", questions) for name, questions in sets.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--held-out", action="store_true", help="ask the held-out sets' English questions")
    args = parser.parse_args()
    with CorpusIndex(args.db) as index:
        retriever = Retriever(index)
        ids = dict(index.db.execute("SELECT path, id FROM files WHERE status = 'ok'"))
        covered = right = listed = 0
        for events_file, english in _questions(args.held_out):
            for event in (load_events(index) if events_file is None else load_events(index, events_file)):
                question = english.get(event["id"])
                if question is None:
                    continue
                found = best_story(retriever, question)
                articles = found.articles if found else ()
                outlets = {a.source for a in articles if ids.get(a.path) in event["ids"]}
                covered, right, listed = covered + len(event["outlets"]), right + len(outlets), listed + len(articles)
                print(f"{event['id']:28s} listed {len(articles):2d}, right {len(outlets):2d} of "
                      f"{len(event['outlets']):2d} outlets | {question}")
        print(f"outlet recall {right / max(covered, 1):.3f}  precision {right / max(listed, 1):.3f}")


if __name__ == "__main__":
    main()

"""/when measured on events of a real archive with their true dates, run by hand.

    .venv/bin/python -m bench.when_eval --db /tmp/real/c.db [--events FILE] [--json out.json] [--only ID ...]

``bench/data/when_events.json`` lists events with the day (or days, where the zones differ) they happened. Each is
asked twice, as ``/when`` would be (the event's words) and as a plain question (``…是什么时候``), and with
``--english`` a third time in English where the event has an English question. An answer is right
when its range holds one of the true days and spans at most a week; a month or a year is not an answer here.
"""
from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from corpus import CorpusIndex, Retriever, answer_when

EVENTS = Path(__file__).with_name("data") / "when_events.json"
MAX_SPAN_DAYS = 7


def judge(answer, days: set[date]) -> str:
    """``right``, ``wrong`` or ``undated``."""
    if answer.date is None:
        return "undated"
    start, end = answer.date.start, answer.date.end
    if (end - start).days <= MAX_SPAN_DAYS and any(start <= d <= end for d in days):
        return "right"
    return "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--english", action="store_true", help="also ask the events' English questions")
    parser.add_argument("--events", type=Path, default=EVENTS,
                        help="the events file (default: bench/data/when_events.json; when_heldout.json holds events"
                             " kept out of tuning)")
    args = parser.parse_args()
    index = CorpusIndex(args.db)
    retriever = Retriever(index)
    events = json.loads(args.events.read_text(encoding="utf-8"))["events"]
    if args.only:
        events = [e for e in events if e["id"] in args.only]
    rows, tally, times = [], {"right": 0, "wrong": 0, "undated": 0}, []
    for event in events:
        days = {date.fromisoformat(d) for d in event["dates"]}
        forms = [("words", event["question"]), ("question", event["question"] + "是什么时候？")]
        if args.english and event.get("english"):
            forms.append(("english", event["english"]))
        for form, question in forms:
            began = time.perf_counter()
            answer = answer_when(retriever, question)
            times.append(time.perf_counter() - began)
            verdict = judge(answer, days)
            tally[verdict] += 1
            got = answer.to_json()["date"]
            rows.append({"event": event["id"], "form": form, "question": question, "verdict": verdict,
                         "true": event["dates"], "answer": got, "basis": answer.to_json().get("basis")})
            shown = f"{got['start']}..{got['end']} {got['granularity']}" if got else "-"
            print(f"{verdict:8s} {event['id']:24s} {form:8s} true {'/'.join(event['dates'])}  got {shown}"
                  f"  [{rows[-1]['basis']}]", flush=True)
    asked = sum(tally.values())
    times.sort()
    print(f"\n{asked} questions on {len(events)} events: right {tally['right']} ({tally['right'] / asked:.0%}), "
          f"wrong {tally['wrong']}, undated {tally['undated']}; median {times[len(times) // 2] * 1000:.0f} ms")
    english = [r for r in rows if r["form"] == "english"]
    if english:
        print(f"English questions: right {sum(r['verdict'] == 'right' for r in english)} of {len(english)}")
    if args.json:
        args.json.write_text(json.dumps({"tally": tally, "rows": rows}, ensure_ascii=False, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()

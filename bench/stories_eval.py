"""Stories and /coverage measured on labelled events of a real archive, run by hand.

    .venv/bin/python -m bench.stories_eval --db /tmp/real/c.db [--events FILE] [--json out.json]

``bench/data/events.json`` (made by ``bench.label_events``) lists each event's articles. Printed:

- **B-cubed** precision and recall of the index's stories over the labelled articles: for an article of event E in
  story S, precision is the share of S's articles that are E's (articles labelled ambiguous for E left out), recall
  the share of E's articles that are in S; both are averaged over the labelled articles.
- **/coverage** per event: the story ``best_story`` picks for the event's query; outlet recall is the share of the
  outlets that reported the event that the story lists, precision the share of the listed articles that are the
  event's (ambiguous ones left out); and how many outlets it calls silent that in fact reported the event.
- **First reports**: how often the report ``/coverage`` marks first is one of the event's, and how often it is the
  event's earliest labelled article (or an hour after it at most: ``FIRST_SLACK``). The earliest labelled article is
  often one that expects the event (将宣布, 拟提名) or names it in other words; ``/coverage`` marks the earliest that
  names it, so the second figure is the stricter.
"""
from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from corpus import CorpusIndex, Retriever, best_story

EVENTS = Path(__file__).with_name("data") / "events.json"
FIRST_SLACK = timedelta(hours=1)  # a first report this close after the event's earliest labelled article is that one


def load_events(index: CorpusIndex, path: Path = EVENTS) -> list[dict]:
    """The labelled events with their articles' ids in ``index`` (articles the index lacks are dropped)."""
    ids = dict(index.db.execute("SELECT path, id FROM files WHERE status = 'ok'"))
    events = json.loads(path.read_text(encoding="utf-8"))
    for event in events:
        event["ids"] = {ids[a["path"]] for a in event["articles"] if a["path"] in ids}
        event["outlets"] = {a["source"] for a in event["articles"] if a["path"] in ids}
        event["ambiguous_ids"] = {ids[p] for p in event["ambiguous"] if p in ids}
    return events


def bcubed(events: list[dict], story_of: dict[int, int]) -> dict:
    """B-cubed precision and recall of an assignment of articles to stories over the labelled articles."""
    members: dict[int, set[int]] = defaultdict(set)
    for article, story in story_of.items():
        members[story].add(article)
    precisions, recalls, per_event = [], [], {}
    for event in events:
        ep, er = [], []
        for article in event["ids"]:
            story = members.get(story_of.get(article, -article), {article})
            judged = story - event["ambiguous_ids"]
            same = len(story & event["ids"])
            ep.append(same / max(1, len(judged)))
            er.append(same / len(event["ids"]))
        precisions += ep
        recalls += er
        stories = {story_of.get(a, -a) for a in event["ids"]}
        per_event[event["id"]] = {"precision": round(statistics.mean(ep), 3), "recall": round(statistics.mean(er), 3),
                                  "stories": len(stories)}
    p, r = statistics.mean(precisions), statistics.mean(recalls)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "events": per_event}


def coverage_figures(index: CorpusIndex, events: list[dict]) -> dict:
    """For each event, what /coverage of its query lists against the outlets that reported it."""
    retriever = Retriever(index)
    path_ids = dict(index.db.execute("SELECT path, id FROM files WHERE status = 'ok'"))
    published = {aid: datetime.fromisoformat(p) for aid, p in
                 index.db.execute("SELECT id, published FROM files WHERE status = 'ok'")}
    rows = []
    for event in events:
        story = best_story(retriever, event["query"])
        first = story.first_report if story else None
        first_id = path_ids.get(first.path) if first else None
        of_event = first_id is not None and (first_id in event["ids"] or first_id in event["ambiguous_ids"])
        earliest = min((published[a] for a in event["ids"]), default=None)
        # the first report marked is the event's earliest labelled article, or within FIRST_SLACK of it
        first_earliest = bool(of_event and earliest is not None and first.published - earliest <= FIRST_SLACK)
        listed = [] if story is None else [(a.source, path_ids.get(a.path)) for a in story.articles]
        outlets = {s for s, _ in listed}
        judged = [aid for _s, aid in listed if aid not in event["ambiguous_ids"]]
        right = {s for s, aid in listed if aid in event["ids"] or aid in event["ambiguous_ids"]}
        recall = len(right & event["outlets"]) / max(1, len(event["outlets"]))
        precision = sum(aid in event["ids"] for aid in judged) / max(1, len(judged))
        wrongly_silent = sorted(event["outlets"] & set(story.missing)) if story else sorted(event["outlets"])
        rows.append({"event": event["id"], "query": event["query"], "outlets": len(event["outlets"]),
                     "listed": len(outlets), "outlet_recall": round(recall, 3), "precision": round(precision, 3),
                     "missing": len(story.missing) if story else None, "wrongly_silent": wrongly_silent,
                     "title": story.title if story else None, "first_of_event": of_event,
                     "first_earliest": first_earliest})
    return {"outlet_recall": round(statistics.mean(r["outlet_recall"] for r in rows), 3),
            "precision": round(statistics.mean(r["precision"] for r in rows), 3),
            "events_at_0.9_recall": sum(r["outlet_recall"] >= 0.9 for r in rows),
            "first_of_event": sum(r["first_of_event"] for r in rows),
            "first_earliest": sum(r["first_earliest"] for r in rows),
            "events": rows}


def index_stories(index: CorpusIndex) -> dict[int, int]:
    """The index's own story of every article."""
    return dict(index.db.execute("SELECT article_id, story_id FROM story_members"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--json", type=Path, help="write all figures here")
    parser.add_argument("--events", type=Path, default=EVENTS,
                        help="the labelled events (default: bench/data/events.json; events_heldout.json and"
                             " events_heldout2.json to events_heldout34.json hold events labelled later)")
    args = parser.parse_args()
    index = CorpusIndex(args.db)
    events = load_events(index, args.events)
    print(f"{len(events)} events, {sum(len(e['ids']) for e in events)} labelled articles")
    clustering = bcubed(events, index_stories(index))
    print(f"B-cubed precision {clustering['precision']:.3f}  recall {clustering['recall']:.3f}"
          f"  F1 {clustering['f1']:.3f}")
    coverage = coverage_figures(index, events)
    print(f"/coverage outlet recall {coverage['outlet_recall']:.3f}  precision {coverage['precision']:.3f}  "
          f"events at recall >= 0.9: {coverage['events_at_0.9_recall']}/{len(events)}")
    print(f"first report of the event {coverage['first_of_event']}/{len(events)}, the event's earliest article"
          f" (within an hour) {coverage['first_earliest']}/{len(events)}")
    for row in coverage["events"]:
        b = clustering["events"][row["event"]]
        print(f"  {row['event']:22s} stories {b['stories']:3d}  P {b['precision']:.2f} R {b['recall']:.2f}  "
              f"coverage {row['listed']:2d}/{row['outlets']:2d} outlets  P {row['precision']:.2f}  "
              f"silent-but-reported {len(row['wrongly_silent'])}  missing {row['missing']}")
    if args.json:
        args.json.write_text(json.dumps({"clustering": clustering, "coverage": coverage}, ensure_ascii=False,
                                        indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Build the labelled events of a real archive from their reviewed definitions, run by hand.

    .venv/bin/python -m bench.label_events --db /tmp/real/c.db [--show EVENT_ID ...] [--defs FILE --out FILE]

Each definition in ``bench/data/event_defs.json`` names an event (its day, the window of days of the event, its
reactions and follow-ups) with the title pattern its reports were found by, read title by title: articles of the
window whose folded title matches the pattern are the event's, less those read as not about it
(``not_about_it``); ``ambiguous`` ones (a profile published alongside, a report on another event that mentions
it) and multi-event round-ups (``简报：``, ``新闻联播``, ``报纸摘要``) are counted neither way. An article two events
claim is ambiguous for both. The result, ``bench/data/events.json``, lists each event's articles by path, outlet
and title, so that it can be reviewed and used without the archive's index.
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
from pathlib import Path

from corpus.text import normalize

DATA = Path(__file__).with_name("data")
# matched against folded titles, whose full-width colons are folded to ":"
ROUND_UP = re.compile(r"简报[:：]|新闻联播|报纸摘要|报摘要|晚报[:：]|早报[:：]|本周|一周(?!年)|周报|今日要闻|每日|汇总"
                      r"|要闻回顾")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--show", nargs="*", help="print these events' titles to review them")
    parser.add_argument("--defs", type=Path, default=DATA / "event_defs.json", help="the definitions to read")
    parser.add_argument("--out", type=Path, default=DATA / "events.json", help="the labelled events to write")
    args = parser.parse_args()
    db = sqlite3.connect(args.db)
    defs = json.loads(args.defs.read_text(encoding="utf-8"))
    claimed: dict[str, list[str]] = {}
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    for event in defs:
        start, end = event["window"]
        rows = db.execute("SELECT path, source, title, published FROM files WHERE status = 'ok' AND published >= ?"
                          " AND published < ? ORDER BY published_ts", (start, end)).fetchall()
        pattern = re.compile(event["title_pattern"])
        exclude = re.compile(event["exclude_pattern"]) if event.get("exclude_pattern") else None
        hits = [r for r in rows
                if pattern.search(normalize(r[2])) and not (exclude and exclude.search(normalize(r[2])))]
        found[event["id"]] = hits
        for path, *_rest in hits:
            claimed.setdefault(path, []).append(event["id"])
    events = []
    for event in defs:
        not_about = set(event.get("not_about_it", ()))
        ambiguous = set(event.get("ambiguous", ()))
        articles = []
        for path, source, title, published in found[event["id"]]:
            if path in not_about:
                continue
            if len(claimed[path]) > 1 or ROUND_UP.search(normalize(title)):
                ambiguous.add(path)
                continue
            if path in ambiguous:
                continue
            articles.append({"path": path, "source": source, "title": title, "published": published})
        events.append({"id": event["id"], "query": event["query"], "day": event["day"], "window": event["window"],
                       "articles": articles, "ambiguous": sorted(ambiguous)})
        if args.show is not None and (not args.show or event["id"] in args.show):
            print(f"== {event['id']} ({event['day']}): {len(articles)} articles,"
                  f" {len({a['source'] for a in articles})} outlets, {len(ambiguous)} ambiguous")
            for a in articles:
                print(f"   {a['published'][:16]} {a['source']} {a['title'][:60]}")
    args.out.write_text(json.dumps(events, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    total = sum(len(e["articles"]) for e in events)
    print(f"{len(events)} events, {total} articles -> {args.out}")


if __name__ == "__main__":
    main()

"""How much of a labelled set /compare finds on a real archive (``bench/data/compare_eval.json``).

    python -m bench.compare_eval --db /tmp/real/c.db [--json out.json]

For each story of the set: whether each label an outlet puts before a name, each spelling an outlet uses, each
statement several outlets make, each outlet's own statement and each figure that differs is in the reply. The
labelled phrases are first checked against the story's reports (a phrase the outlet's reports do not hold, or an
outlet's "own" phrase that another outlet's reports hold too, is a labelling error, reported as such and left out
of the score). Prints the share found of each kind and the time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from corpus.answer.compare import Comparison, compare
from corpus.answer.stories import members_of
from corpus.retrieve.search import Retriever
from corpus.store.index import CorpusIndex
from corpus.text import normalize

DATA = Path(__file__).resolve().parent / "data" / "compare_eval.json"


def _outlet(part: str, outlets: tuple[str, ...]) -> str | None:
    return next((o for o in outlets if normalize(part) in normalize(o)), None)


def _texts(index: CorpusIndex, found: Comparison) -> dict[str, str]:
    """Each outlet's reports in the story, folded, as one text."""
    out: dict[str, list[str]] = {}
    for row in members_of(index.db, (found.story.story_id, *found.story.joined)):
        out.setdefault(row[1], []).extend(
            normalize(t) for (t,) in index.db.execute("SELECT text FROM passages WHERE article_id = ?", (row[0],)))
    return {o: "\n".join(t) for o, t in out.items()}


def score(index: CorpusIndex, retriever: Retriever, item: dict) -> dict:
    """Found / labelled counts of one story, with what was missed and the labelling errors."""
    started = time.perf_counter()
    found = compare(retriever, item["query"])
    seconds = time.perf_counter() - started
    counts = {k: [0, 0] for k in ("labels", "spellings", "shared", "only", "differ")}
    missed: list[str] = []
    errors: list[str] = []
    if found is None:
        return {"query": item["query"], "story": None, "counts": counts, "missed": ["no story"], "errors": [],
                "seconds": seconds}
    texts = _texts(index, found)
    outlets = found.outlets

    def check(part: str, phrase: str) -> str | None:
        outlet = _outlet(part, outlets)
        if outlet is None or normalize(phrase) not in texts.get(outlet, ""):
            errors.append(f"{part}: {phrase!r} not in its reports of the story")
            return None
        return outlet

    for name, part, label in item["labels"]:
        outlet = check(part, label)
        if outlet is None:
            continue
        counts["labels"][1] += 1
        hit = any(outlet in o and normalize(label) in lab for n in found.names
                  if normalize(name) in n.name or n.name in normalize(name)
                  or any(normalize(name) == w for w, _ in n.spellings)
                  for lab, o in n.labels)
        counts["labels"][0] += hit
        if not hit:
            missed.append(f"label {name} {part} {label}")
    for name, part, spelling in item["spellings"]:
        outlet = check(part, spelling)
        if outlet is None:
            continue
        counts["spellings"][1] += 1
        hit = any(outlet in o and normalize(spelling) == w for n in found.names for w, o in n.spellings)
        counts["spellings"][0] += hit
        if not hit:
            missed.append(f"spelling {name} {part} {spelling}")
    for pairs in item["shared"]:
        wanted = [(check(p, phrase), normalize(phrase)) for p, phrase in pairs]
        wanted = [(o, phrase) for o, phrase in wanted if o]
        if len(wanted) < 2:
            continue
        counts["shared"][1] += 1
        hit = any(sum(any(q.outlet == o and phrase in normalize(q.text) for q in s.quotes) for o, phrase in wanted)
                  >= 2 for s in found.shared)
        counts["shared"][0] += hit
        if not hit:
            missed.append(f"shared {pairs}")
    for part, phrase in item["only"]:
        outlet = check(part, phrase)
        if outlet is None:
            continue
        elsewhere = [o for o, text in texts.items() if o != outlet and normalize(phrase) in text]
        if elsewhere:
            errors.append(f"{part}: {phrase!r} is not its own: {'、'.join(elsewhere)} write it too")
            continue
        counts["only"][1] += 1
        hit = any(own.quote.outlet == outlet and normalize(phrase) in normalize(own.quote.text) for own in found.only)
        counts["only"][0] += hit
        if not hit:
            missed.append(f"only {part} {phrase}")
    for one, other in item["differ"]:
        first = {_outlet(p, outlets) for p in one} - {None}
        second = {_outlet(p, outlets) for p in other} - {None}
        if not first or not second:
            errors.append(f"differ: outlets {one} / {other} not in the story")
            continue
        counts["differ"][1] += 1
        hit = any({q.outlet for _, q in d.figures} & first and {q.outlet for _, q in d.figures} & second
                  for d in found.differ)
        counts["differ"][0] += hit
        if not hit:
            missed.append(f"differ {one} / {other}")
    return {"query": item["query"], "story": found.story.story_id, "outlets": len(outlets), "counts": counts,
            "missed": missed, "errors": errors, "seconds": seconds,
            "shown": {"shared": len(found.shared), "only": len(found.only), "names": len(found.names),
                      "differ": len(found.differ)}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="index of the real archive")
    parser.add_argument("--json", help="write the per-story results here")
    args = parser.parse_args(argv)
    os.environ.setdefault("COVERAGE_SEMANTIC", "off")
    stories = json.loads(DATA.read_text(encoding="utf-8"))["stories"]
    with CorpusIndex(args.db) as index:
        retriever = Retriever(index)
        compare(retriever, stories[0]["query"])  # warm: dictionaries, encoder
        results = [score(index, retriever, item) for item in stories]
    totals = {k: [sum(r["counts"][k][0] for r in results), sum(r["counts"][k][1] for r in results)]
              for k in results[0]["counts"]}
    for r in results:
        line = "  ".join(f"{k} {f}/{n}" for k, (f, n) in r["counts"].items() if n)
        print(f"{r['query']}: {line}  ({r['seconds']:.2f} s)")
        for m in r["missed"]:
            print(f"    missed: {m}")
        for e in r["errors"]:
            print(f"    LABEL ERROR: {e}")
    found = sum(f for f, _ in totals.values())
    labelled = sum(n for _, n in totals.values())
    print("total: " + "  ".join(f"{k} {f}/{n}" for k, (f, n) in totals.items()) + f"  all {found}/{labelled}")
    print(f"median time {statistics.median(r['seconds'] for r in results):.2f} s,"
          f" max {max(r['seconds'] for r in results):.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"totals": totals, "stories": results}, ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

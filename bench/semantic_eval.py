"""Questions in other words and in English, with search by meaning on and off, run by hand.

    .venv/bin/python -m bench.semantic_eval [--db /tmp/real/c.db] [--json out.json]

``bench/data/paraphrase_eval.json`` holds the questions. On the seeds (indexed afresh in a temporary folder, vectors
included) a question is answered when a top-3 hit is one of its expected articles and holds the expected words; on
a real archive (``--db``, indexed and embedded with ``python -m corpus index``) when a top-3 hit is an article of
the labelled event (``bench/data/events.json``). The lexical questions kept for the seeds (``tests/data``) and the
real archive (``bench/data/real_queries.json``) are run too, to show what meaning costs the questions words
already answered. Printed for words alone and for words and meaning: how many answered, and the median time.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from bench.real_eval import question_figures
from bench.stories_eval import load_events
from corpus import CorpusIndex, Retriever
from corpus.retrieve import semantic

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = HERE / "data" / "paraphrase_eval.json"


def _timed(retriever: Retriever, q: str):
    started = time.perf_counter()
    hits = retriever.search(q, top=3).hits
    return hits, (time.perf_counter() - started) * 1000


def _modes(index: CorpusIndex):
    """The same index searched by words alone and by words and meaning."""
    words = Retriever(index)
    words.semantic = None
    return {"words": words, "words+meaning": Retriever(index)}


def seeds_figures() -> dict:
    spec = json.loads(CASES.read_text(encoding="utf-8"))
    lexical = [c for name in ("search_dev.json", "search_eval.json")
               for c in json.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        index = CorpusIndex(Path(tmp) / "c.db")
        index.update(ROOT / "seeds")
        semantic.embed_pending(index.db_path)
        for mode, retriever in _modes(index).items():
            rows, times = [], []
            for case in spec["seeds"]:
                hits, ms = _timed(retriever, case["q"])
                times.append(ms)
                ok = any(h.path in case["expect_paths"] and re.search(case["expect"], h.text) for h in hits)
                rows.append({"q": case["q"], "ok": ok, "top": [(h.path[:8], h.text[:40], h.found) for h in hits]})
            kept = sum(any(c["expect_text"].lower() in h.text.lower() and c.get("expect_path") in (None, h.path)
                           and c.get("expect_source") in (None, h.source) for h in retriever.search(c["q"]).hits)
                       for c in lexical)
            out[mode] = {"paraphrased": sum(r["ok"] for r in rows), "of": len(rows), "lexical_kept": kept,
                         "lexical_of": len(lexical), "median_ms": round(statistics.median(times), 1), "rows": rows}
        index.close()
    return out


def real_figures(db: Path) -> dict:
    spec = json.loads(CASES.read_text(encoding="utf-8"))
    index = CorpusIndex(db)
    events = {e["id"]: e for e in load_events(index)}
    paths = {e["id"]: {a["path"] for a in e["articles"]} | set(e["ambiguous"]) for e in events.values()}
    lexical = json.loads((HERE / "data" / "real_queries.json").read_text(encoding="utf-8"))["queries"]
    out = {"meaning_index": semantic.SemanticIndex(index.db).coverage().__dict__}
    for mode, retriever in _modes(index).items():
        rows, times = [], []
        for case in spec["real"]:
            hits, ms = _timed(retriever, case["q"])
            times.append(ms)
            ok = any(h.path in paths[case["event"]] for h in hits)
            rows.append({"q": case["q"], "ok": ok, "top": [(h.source, h.title[:40], h.found) for h in hits]})
        kept = question_figures(retriever, lexical)["answered_top3"]
        out[mode] = {"paraphrased": sum(r["ok"] for r in rows), "of": len(rows), "lexical_kept": kept,
                     "lexical_of": len(lexical), "median_ms": round(statistics.median(times), 1), "rows": rows}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="an index of the real archive, embedded")
    parser.add_argument("--json", type=Path, help="write all figures here")
    args = parser.parse_args()
    figures = {"seeds": seeds_figures()}
    if args.db:
        figures["real"] = real_figures(args.db)
    for where, modes in figures.items():
        for mode, f in modes.items():
            if mode == "meaning_index":
                print(f"{where}: meaning index {f}")
                continue
            print(f"{where:5s} {mode:14s} other words/English {f['paraphrased']:2d}/{f['of']}  "
                  f"word questions kept {f['lexical_kept']}/{f['lexical_of']}  median {f['median_ms']} ms")
            for r in f["rows"]:
                if not r["ok"]:
                    print(f"      missed {r['q']!r}: {r['top'][:1]}")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

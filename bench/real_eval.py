"""Quality on a real archive, run by hand: outlets, furniture, questions, name variants, English names.

    .venv/bin/python -m bench.real_eval --db /tmp/real/c.db [--json out.json]

The index must already be built from the archive (``python -m corpus index --corpus DIR --db PATH``). The checks
are independent of the parser's own rules: a template line is text that recurs in five or more articles of one
outlet; a link list is a passage holding two or more headlines of the outlet's other articles (or exactly one);
a date lede is a lede with no Chinese character, digits and at most 40 characters, or one starting with ©.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path

from corpus import CorpusIndex, Retriever
from corpus.text import normalize

QUERIES = Path(__file__).with_name("data") / "real_queries.json"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _has_column(db, table: str, column: str) -> bool:
    return any(row[1] == column for row in db.execute(f"PRAGMA table_info({table})"))


def furniture_figures(index: CorpusIndex) -> dict:
    """Template-line, short-passage and date-lede figures over the passages the index searches."""
    db = index.db
    searchable = "p.template = 0" if _has_column(db, "passages", "template") else "1"
    rows = db.execute(f"SELECT f.source, p.article_id, p.idx, p.text FROM passages p JOIN files f"
                      f" ON f.id = p.article_id WHERE {searchable}").fetchall()
    everywhere = db.execute("SELECT f.source, p.article_id, p.text FROM passages p JOIN files f"
                            " ON f.id = p.article_id WHERE p.idx > 0").fetchall()
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for source, article, text in everywhere:
        seen[(source, normalize(text))].add(article)
    body = [(s, a, t) for s, a, i, t in rows if i > 0]
    repeated = sum(1 for s, _a, t in body if len(seen[(s, normalize(t))]) >= 5)
    short = sum(1 for _s, _a, t in body if len(t) < 8)
    ledes: dict[int, str] = {}
    for _s, a, i, t in sorted(rows, key=lambda r: (r[1], r[2])):
        if i > 0 and a not in ledes:
            ledes[a] = t
    dated = [t for t in ledes.values() if t.startswith("©") or (len(t) <= 40 and not _CJK.search(t)
                                                                 and re.search(r"\d", t))]
    return {"passages": len(rows), "template_lines": repeated, "template_share": round(repeated / max(1, len(body)), 4),
            "short_passages": short, "ledes": len(ledes), "date_or_credit_ledes": len(dated),
            "date_lede_examples": dated[:5]}


def _titles_by_source(index: CorpusIndex) -> dict[str, set[str]]:
    titles: dict[str, set[str]] = defaultdict(set)
    for source, title in index.db.execute("SELECT source, title FROM files WHERE status = 'ok'"):
        folded = normalize(title or "")
        if len(folded) >= 8:
            titles[source].add(folded)
    return titles


def is_link_list(text: str, title: str, outlet_titles: set[str]) -> bool:
    """True when a passage holds two or more other headlines of its outlet, or is exactly one."""
    folded = normalize(text)
    own = normalize(title)
    inside = [t for t in outlet_titles if t != own and t in folded]
    return len(inside) >= 2 or (folded in outlet_titles and folded != own)


def question_figures(retriever: Retriever, queries: list[dict]) -> dict:
    """Top-3 answers and link lists among them, for the archive's questions."""
    titles = _titles_by_source(retriever.index)
    answered, link_lists, times, misses = 0, 0, [], []
    for item in queries:
        started = time.perf_counter()
        hits = retriever.search(item["q"], top=3).hits
        times.append((time.perf_counter() - started) * 1000)
        texts = [normalize(h.text) for h in hits]
        if any(all(normalize(w) in t for w in group) for t in texts for group in item["expect"]):
            answered += 1
        else:
            misses.append(item["q"])
        link_lists += sum(is_link_list(h.text, h.title, titles[h.source]) for h in hits)
    return {"queries": len(queries), "answered_top3": answered, "link_lists_in_top3": link_lists,
            "misses": misses, "median_ms": round(statistics.median(times), 1)}


def name_figures(retriever: Retriever, pairs: list[list[str]], english: list) -> dict:
    """For each pair of spellings, whether the top 30 of either finds passages with the other; English names."""
    both_ways, one_way, learnt = 0, 0, 0
    table = retriever.index.aliases()
    detail = []
    for a, b in pairs:
        fa, fb = normalize(a), normalize(b)
        found_b = any(fb in normalize(h.text) for h in retriever.search(a, top=30).hits)
        found_a = any(fa in normalize(h.text) for h in retriever.search(b, top=30).hits)
        both_ways += found_a and found_b
        one_way += found_a or found_b
        learnt += fb in table.variants(fa) and any(fa in names and fb in names for names in
                                                   (set(v) for v in table.by_latin.values()))
        detail.append({"pair": [a, b], "a_finds_b": found_b, "b_finds_a": found_a})
    english_ok = 0
    english_detail = []
    for word, spellings in english:
        hits = retriever.search(word, top=3).hits
        ok = bool(hits) and all(any(normalize(s) in normalize(h.text) for s in spellings) for h in hits)
        english_ok += ok
        english_detail.append({"query": word, "top3_all_name": ok,
                               "matched_to": list(dict(retriever.parse(word).aliases).get(normalize(word), ()))})
    return {"pairs": len(pairs), "both_ways": both_ways, "at_least_one_way": one_way,
            "pairs_learnt_from_brackets": learnt, "english": len(english), "english_top3_all_name": english_ok,
            "detail": detail, "english_detail": english_detail}


def main() -> None:
    """Print the figures for one index (and write them as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--json")
    args = parser.parse_args()
    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    with CorpusIndex(args.db) as index:
        retriever = Retriever(index)
        figures = {
            "outlets": index.source_names(),
            "furniture": furniture_figures(index),
            "questions": question_figures(retriever, spec["queries"]),
            "names": name_figures(retriever, spec["names"], spec["english"]),
        }
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

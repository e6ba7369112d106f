"""How English questions read names as Taiwan writes them, run by hand on a built index:

    .venv/bin/python -m bench.names_eval --db /tmp/real/c.db

For each name of ``data/romanised_names.txt`` (English|Chinese) whose Chinese name the index holds (whole or in the
pieces the segmenter cuts it into), whether the question ``English`` reads it first as that name.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from corpus import CorpusIndex, Retriever
from corpus.answer.coverage import query_terms_weighed

NAMES = Path(__file__).with_name("data") / "romanised_names.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    read = held = 0
    with CorpusIndex(args.db) as index:
        retriever = Retriever(index)
        searcher = index.searcher()
        for line in NAMES.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            english, chinese = line.split("|")
            if not (searcher.doc_freq("words", chinese) or retriever.name_pieces(chinese)):
                continue
            held += 1
            terms = query_terms_weighed(retriever, retriever.parse(english))
            good = any(len(spellings) > 1 and spellings[1] == chinese for spellings, _weight in terms)
            read += good
            print(f"{'+' if good else '-'} {english:20s} {chinese:6s} read as {[s[:3] for s, _w in terms]}")
    print(f"{read} of {held} names read as the index's")


if __name__ == "__main__":
    main()

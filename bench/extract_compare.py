"""Body extraction compared on a real archive, run by hand: our parser against trafilatura, jusText, readability.

    python -m venv /tmp/cmp && /tmp/cmp/bin/pip install -r requirements.lock \\
        trafilatura==2.3.1 justext==3.0.2 readability-lxml==0.9
    PYTHONPATH=. /tmp/cmp/bin/python -m bench.extract_compare --corpus /tmp/waimei-2020q3 [--per-outlet 60]

The three libraries are not dependencies of the project: they are installed only to run this comparison.

Truth is independent of every extractor. Each body is cut into its lines (block elements and ``<br>``); per
outlet, a line is
- **template** when it recurs in five or more of the outlet's articles;
- **headline** when it is the title of another article of the same outlet (related-headline lists);
- **content** when it holds Chinese, is at least 20 characters long, appears in no other article of the outlet
  and is no headline.
For a sample of articles from every outlet it prints, per extractor, the share of content lines kept (recall),
the share of output lines that are template or headline lines (noise), articles left empty, and the time per
article.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path

from bs4 import BeautifulSoup

from corpus.ingest.parse import body_blocks, decode_article_bytes, parse_article
from corpus.text import normalize

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")
_FRONT = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
_BLOCKS = "p div li h1 h2 h3 h4 h5 h6 blockquote figcaption td tr br section article ul ol table figure".split()


def raw_lines(body: str) -> list[str]:
    """The body's text lines as a browser would break them, folded; no extractor's rules."""
    soup = BeautifulSoup(body, "lxml")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return [line for line in (normalize(x) for x in soup.get_text().split("\n")) if line]


def _wrap(body: str) -> str:
    return f"<html><head><meta charset='utf-8'></head><body><article>{body}</article></body></html>"


def ours(body: str) -> list[str]:
    return [text for _kind, text in body_blocks(body)]


def extractors() -> dict:
    found = {"ours (bs4 + form rules + link share)": ours}
    try:
        import trafilatura

        found["trafilatura 2.3.1"] = lambda body: (trafilatura.extract(
            _wrap(body), include_comments=False, include_tables=True, favor_recall=True) or "").split("\n")
        found["trafilatura 2.3.1 (precision)"] = lambda body: (trafilatura.extract(
            _wrap(body), include_comments=False, favor_precision=True) or "").split("\n")
    except ImportError:
        print("trafilatura not installed: skipped")
    try:
        import justext

        found["jusText 3.0.2 (no Chinese stoplist)"] = lambda body: [
            p.text for p in justext.justext(_wrap(body).encode(), frozenset()) if not p.is_boilerplate]
    except ImportError:
        print("justext not installed: skipped")
    try:
        from readability import Document

        found["readability-lxml 0.9"] = lambda body: raw_lines(Document(_wrap(body)).summary(html_partial=True))
    except ImportError:
        print("readability-lxml not installed: skipped")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--per-outlet", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    articles: list[tuple[str, str, str]] = []  # (outlet, title, body)
    for path in sorted(args.corpus.rglob("*.md")):
        text = decode_article_bytes(path.read_bytes())
        try:
            article = parse_article(text, path.name)
        except Exception:  # noqa: BLE001 - a file that is no article is no sample
            continue
        front = _FRONT.match(text)
        body = text[front.end():] if front else text
        articles.append((article.source, normalize(article.title), body))
    print(f"{len(articles)} articles read")

    lines_of = [raw_lines(body) for _o, _t, body in articles]
    seen: dict[tuple[str, str], int] = defaultdict(int)
    titles: dict[str, set[str]] = defaultdict(set)
    for (outlet, title, _b), lines in zip(articles, lines_of, strict=True):
        for line in set(lines):
            seen[(outlet, line)] += 1
        if len(title) >= 8:
            titles[outlet].add(title)

    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, (outlet, _t, _b) in enumerate(articles):
        by_outlet[outlet].append(i)
    rng = random.Random(args.seed)
    sample = [i for ids in by_outlet.values() for i in rng.sample(ids, min(args.per_outlet, len(ids)))]
    print(f"{len(sample)} sampled from {len(by_outlet)} outlets")

    for name, extract in extractors().items():
        kept = content = noise = out_lines = empty = 0
        times: list[float] = []
        for i in sample:
            outlet, title, body = articles[i]
            start = time.perf_counter()
            try:
                output = extract(body)
            except Exception:  # noqa: BLE001 - a library failing on a body counts as an empty result
                output = []
            times.append(time.perf_counter() - start)
            folded = [normalize(x) for x in output if normalize(x)]
            joined = _SPACE.sub("", "".join(folded))  # a paragraph may come out in several lines
            if not folded:
                empty += 1
            for line in folded:
                out_lines += 1
                if seen.get((outlet, line), 0) >= 5 or (line in titles[outlet] and line != title):
                    noise += 1
            for line in lines_of[i]:
                if (_CJK.search(line) and len(line) >= 20 and seen[(outlet, line)] == 1
                        and line not in titles[outlet]):
                    content += 1
                    kept += _SPACE.sub("", line) in joined
        print(f"{name:40s} content kept {kept / max(1, content):6.1%}   noise {noise / max(1, out_lines):6.2%}"
              f"   empty {empty:4d}   {statistics.median(times) * 1000:6.2f} ms/article (median)")


if __name__ == "__main__":
    main()

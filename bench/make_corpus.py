"""Write a large synthetic corpus in the seeds' two file styles, from real Chinese text.

Clauses come from the seed articles (and from any folder of articles given with ``--source``) and are joined
into new sentences; in each, the content words (nouns, names, places, idioms, half of the verbs and adjectives)
are replaced by words of the same part of speech drawn from jieba's dictionary by frequency, so the text keeps
the seeds' grammar and function words while its vocabulary has a realistic size and long tail, instead of
repeating the seeds' own phrases thousands of times. Outlets are many, dates
spread over years, a share of paragraphs is reprinted word for word by other outlets, and a few files are broken.
The five seed articles are copied in unchanged (``planted/``), so the benchmark can check they are still found.

    python -m bench.make_corpus --articles 100000 --out /tmp/big
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jieba
import jieba.posseg as posseg

from corpus.ingest.parse import read_article
from corpus.store.index import iter_article_files

ROOT = Path(__file__).resolve().parent.parent
# Share of each part of speech replaced by a dictionary word of the same part: all content words of the nominal
# kinds and idioms, half of the verbs and adjectives; function words, numbers and punctuation stay.
REPLACE_SHARE = {"n": 1.0, "nr": 1.0, "ns": 1.0, "nt": 1.0, "nz": 1.0, "nrt": 1.0, "nrfg": 1.0, "vn": 1.0,
                 "i": 1.0, "l": 1.0, "j": 1.0, "eng": 1.0, "v": 0.5, "a": 0.5, "ad": 0.5, "an": 0.5}
REPLACEABLE = set(REPLACE_SHARE)
OUTLET_NAMES = (
    "联合早报 观察者网 新浪财经 大纪元 新华网 人民网 环球时报 澎湃新闻 财新网 中新网 凤凰网 网易新闻 搜狐新闻 腾讯新闻 "
    "央视新闻 中国日报 参考消息 南方周末 新京报 北京日报 解放日报 文汇报 明报 星岛日报 东方日报 香港01 自由时报 联合报 "
    "中央社 美国之音 德国之声 法广 BBC中文 纽约时报中文网 华尔街日报中文网 日经中文网 界面新闻 第一财经 经济观察报 "
    "21世纪经济报道"
).split()


def _clauses(folders: list[Path]) -> list[str]:
    """The clauses (between commas and full stops) of every passage of the articles in these folders."""
    out: list[str] = []
    for folder in folders:
        for file in iter_article_files(folder):
            try:
                article = read_article(folder, file)
            except Exception:  # noqa: BLE001 - a source corpus may hold anything
                continue
            for p in article.passages[1:]:
                out.extend(c for c in re.split(r"[，。！？；：]", p.text) if len(c) >= 4)
    return out


class _Words:
    """Dictionary words by part of speech, drawn by frequency."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        by_tag: dict[str, list[tuple[str, int]]] = {}
        path = Path(jieba.__file__).with_name("dict.txt")
        for line in path.open(encoding="utf-8"):
            parts = line.split()
            if len(parts) == 3 and parts[2] in REPLACEABLE and 1 <= len(parts[0]) <= 6:
                by_tag.setdefault(parts[2], []).append((parts[0], int(parts[1])))
        self.words = {t: [w for w, _ in ws] for t, ws in by_tag.items()}
        self.cum = {t: list(itertools.accumulate(f for _, f in ws)) for t, ws in by_tag.items()}

    def draw(self, tag: str) -> str | None:
        cum = self.cum.get(tag)
        if not cum:
            return None
        return self.words[tag][bisect.bisect(cum, self.rng.random() * cum[-1])]


def _vary(tagged: list[tuple[str, str]], words: _Words, rng: random.Random) -> str:
    out = []
    for word, flag in tagged:
        if rng.random() < REPLACE_SHARE.get(flag, 0.0):
            replacement = words.draw(flag) or words.draw("n") or word
            out.append(f" {replacement} " if flag == "eng" else replacement)
        else:
            out.append(word)
    return "".join(out).replace("  ", " ")


def _jekyll(title: str, date: datetime, outlet: str, url: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    stamp = int(date.timestamp() * 1000)
    return (f"---\nlayout: post\ntitle: \"{title}\"\ndate: {date.strftime('%Y-%m-%dT%H:%M:%S.000Z')}\n"
            f"author: {outlet}\nfrom: {url}\ntags: [ {outlet} ]\ncategories: [ {outlet} ]\n---\n"
            f"<!--{stamp}-->\n[{title}]({url})\n------\n\n<div>\n{body}\n<p>责任编辑：编辑</p></div>\n")


def _hexo(title: str, date: datetime, outlet: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p style=\"text-align:justify;\">\n{p}\n</p>" for p in paragraphs)
    return (f"\n---\ntitle: '{title}'\ncategories: \n - 新闻\n - {outlet}\nauthor: {outlet}\ncomments: false\n"
            f"date: {date.strftime('%a, %d %b %Y %H:%M:%S GMT')}\n---\n\n<div>\n{body}\n"
            f"<p><strong>本文系{outlet}独家稿件，未经授权，不得转载。</strong></p>\n</div>\n")


BROKEN = [
    "---\ntitle: [unclosed\ndate: 2021\n---\n<p>坏的文件</p>\n",
    "no front matter at all\n",
    "---\ntitle: 无正文\ndate: 2022-01-01\nauthor: 某报\n---\n",
]


def make_corpus(out: Path, articles: int, sources: list[Path], seed: int = 7, reprint_share: float = 0.05,
                broken_share: float = 0.002) -> dict[str, int]:
    """Write ``articles`` files under ``out`` (plus the planted seeds); return counts of what was written."""
    rng = random.Random(seed)
    jieba.setLogLevel(60)
    clauses = [[(p.word, p.flag) for p in posseg.lcut(c)] for c in _clauses([ROOT / "seeds", *sources])]
    if not clauses:
        raise SystemExit("no text to build from")
    words = _Words(rng)
    out.mkdir(parents=True, exist_ok=True)
    planted = out / "planted"
    shutil.copytree(ROOT / "seeds", planted, dirs_exist_ok=True)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    span = int(timedelta(days=365 * 5).total_seconds())
    recent: list[list[str]] = []
    counts = {"articles": 0, "reprints": 0, "broken": 0, "characters": 0}
    for i in range(articles):
        folder = out / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(exist_ok=True)
        if rng.random() < broken_share:
            (folder / f"{i:07d}.md").write_text(rng.choice(BROKEN), encoding="utf-8")
            counts["broken"] += 1
            continue
        outlet = OUTLET_NAMES[min(int(rng.paretovariate(1.2)) - 1, len(OUTLET_NAMES) - 1)] if rng.random() < 0.8 \
            else rng.choice(OUTLET_NAMES)
        date = start + timedelta(seconds=rng.randrange(span))
        if recent and rng.random() < reprint_share:  # another outlet reprints a recent article
            paragraphs = list(rng.choice(recent))
            counts["reprints"] += 1
        else:
            paragraphs = []
            for _ in range(rng.randint(4, 14)):  # sentences of clauses drawn from anywhere in the source text
                sentences = ["，".join(_vary(rng.choice(clauses), words, rng) for _ in range(rng.randint(2, 4))) + "。"
                             for _ in range(rng.randint(1, 4))]
                paragraphs.append("".join(sentences))
            recent = (recent + [paragraphs])[-50:]
        title = paragraphs[0][: rng.randint(10, 24)].rstrip("，。、")
        name = f"{i:07d}.{'md' if i % 3 else 'txt'}"
        if i % 2:
            text = _jekyll(title, date, outlet, f"https://news.example.com/{outlet}/{i}.html", paragraphs)
        else:
            text = _hexo(title, date, outlet, paragraphs)
        (folder / name).write_text(text, encoding="utf-8")
        counts["articles"] += 1
        counts["characters"] += sum(len(p) for p in paragraphs)
        if (i + 1) % 10000 == 0:
            print(f"  {i + 1} files", file=sys.stderr)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.make_corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="number of articles (default 100000)")
    parser.add_argument("--out", required=True, type=Path, help="folder to write (created)")
    parser.add_argument("--source", action="append", type=Path, default=[],
                        help="another folder of articles to take sentences from (repeatable)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    started = datetime.now()
    counts = make_corpus(args.out, args.articles, args.source, args.seed)
    seconds = (datetime.now() - started).total_seconds()
    print(f"wrote {counts['articles']} articles ({counts['reprints']} reprints, {counts['characters']:,} characters), "
          f"{counts['broken']} broken files, 5 planted seeds to {args.out} in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())

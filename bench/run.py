"""Benchmark the index and the retriever on a large corpus, and print the figures.

    python -m bench.run --corpus /tmp/big [--db /tmp/big.db] [--queries 300] [--skip-build]

Measures: the full index build (wall time, articles/s, peak memory, size on disk against the raw text); one new
article indexed and searchable; start-up to the first answer with an existing index; memory while serving;
latency p50/p95/p99 of retrieval, of a whole /search reply and of /when over generated queries (names, rare and
very common words, traditional characters, typos, filters), in one process; the same queries by a brute-force
rapidfuzz scan and by a plain substring scan over all passages; and whether the planted seed articles are still
found by the queries that find them in the seeds alone.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95 and p99 (in the unit given) of a list of timings."""
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "n": len(ordered)}


def _dir_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def build(corpus: Path, db: Path) -> dict:
    """Index the corpus from nothing in a child process; return time, rate, peak memory and sizes."""
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    shutil.rmtree(db.with_suffix(".search"), ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "corpus", "index", "--corpus", str(corpus), "--db", str(db)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    output = proc.stdout.read() if proc.stdout else ""
    if status != 0:
        raise SystemExit(f"index build failed:\n{output}")
    import sqlite3

    con = sqlite3.connect(db)
    articles = con.execute("SELECT COUNT(*) FROM files WHERE status = 'ok'").fetchone()[0]
    passages = con.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    text_bytes = text_chars = 0
    for (text,) in con.execute("SELECT text FROM passages"):  # the raw text, as UTF-8, whatever the store keeps
        text_bytes += len(text.encode("utf-8"))
        text_chars += len(text)
    con.close()
    store = sum(_dir_bytes(p) for p in db.parent.glob(db.name + "*"))
    search = _dir_bytes(db.with_suffix(".search"))
    return {"seconds": seconds, "articles": articles, "passages": passages, "rate": articles / seconds,
            "peak_rss_mb": usage.ru_maxrss / 1024, "text_mb": text_bytes / 1e6, "text_chars": text_chars,
            "files_mb": _dir_bytes(corpus) / 1e6, "store_mb": store / 1e6, "search_mb": search / 1e6,
            "ratio_to_text": (store + search) / text_bytes}


def make_queries(db: Path, count: int, rng: random.Random) -> list[str]:
    """Queries of the kinds users type, drawn from the indexed passages."""
    import sqlite3

    import opencc

    from corpus.text import normalize, segment

    to_traditional = opencc.OpenCC("s2t")
    con = sqlite3.connect(db)
    top = con.execute("SELECT MAX(id) FROM passages").fetchone()[0]
    sources = [r[0] for r in con.execute("SELECT source FROM files WHERE status='ok' GROUP BY source")]
    queries: list[str] = []
    common = ["美国", "中国", "会晤", "台湾", "外交部", "王毅", "美中关系", "拜登", "峰会", "对话"]
    while len(queries) < count:
        row = con.execute("SELECT text FROM passages WHERE id >= ? LIMIT 1", (rng.randrange(1, top),)).fetchone()
        if not row:
            continue
        words = [w for w in segment(normalize(row[0])) if len(w) >= 2]
        if len(words) < 4:
            continue
        kind = len(queries) % 8
        picked = rng.sample(words, rng.randint(1, 4))
        if kind == 0:
            queries.append(rng.choice(common))
        elif kind == 1:
            queries.append(" ".join(rng.sample(common, 2)))
        elif kind == 2:
            queries.append(to_traditional.convert(" ".join(picked)))
        elif kind == 3:  # a typo: one character of a word swapped for a neighbour in the passage
            word = max(picked, key=len)
            i = rng.randrange(len(word))
            queries.append(word[:i] + rng.choice(row[0]) + word[i + 1:])
        elif kind == 4:
            queries.append(" ".join(picked) + f" source:{rng.choice(sources)}")
        elif kind == 5:
            queries.append(" ".join(picked) + f" since:{rng.randint(2019, 2023)}-0{rng.randint(1, 9)}-01")
        else:
            queries.append(" ".join(picked))
    con.close()
    return queries


def make_real_queries(db: Path, count: int, rng: random.Random) -> list[str]:
    """Queries of the kinds users ask, from a real archive's own text: names (the learnt spellings), a headline's
    words, 2–8 characters of a real sentence, a same-sounding typo, traditional characters, an outlet or date
    filter, and questions (什么时候, 谁报道了)."""
    import re
    import sqlite3

    import opencc

    from corpus.text import normalize, segment
    from corpus.text.readings import homophones

    to_traditional = opencc.OpenCC("s2t")
    con = sqlite3.connect(db)
    top = con.execute("SELECT MAX(id) FROM passages").fetchone()[0]
    sources = [r[0] for r in con.execute("SELECT source FROM files WHERE status='ok' GROUP BY source")]
    names = [r[0] for r in con.execute("SELECT name FROM name_pairs WHERE articles >= 5 ORDER BY articles DESC"
                                       " LIMIT 400")] or ["特朗普"]
    queries: list[str] = []
    while len(queries) < count:
        row = con.execute("SELECT p.text, f.title, f.published FROM passages p JOIN files f ON f.id = p.article_id"
                          " WHERE p.id >= ? AND p.kind = 'text' LIMIT 1", (rng.randrange(1, top),)).fetchone()
        if not row:
            continue
        text, title, published = row
        runs = re.findall(r"[\u4e00-\u9fff]{4,}", text)
        words = [w for w in segment(normalize(title)) if len(w) >= 2]
        if not runs or len(words) < 2:
            continue
        run = rng.choice(runs)
        length = rng.randint(2, min(8, len(run)))
        start = rng.randrange(len(run) - length + 1)
        phrase = run[start:start + length]
        headline = " ".join(rng.sample(words, min(len(words), rng.randint(2, 3))))
        kind = len(queries) % 8
        if kind == 0:
            queries.append(rng.choice(names))
        elif kind == 1:
            queries.append(headline)
        elif kind == 2:
            queries.append(phrase)
        elif kind == 3:  # a same-sounding typo, as pinyin input makes them
            i = rng.randrange(len(phrase))
            others = sorted(homophones(phrase[i]) - {phrase[i]})
            queries.append(phrase[:i] + (rng.choice(others) if others else phrase[i]) + phrase[i + 1:])
        elif kind == 4:
            queries.append(to_traditional.convert(headline))
        elif kind == 5:
            queries.append(f"{headline} source:{rng.choice([o for o in sources if ' ' not in o] or sources)}")
        elif kind == 6:
            queries.append(f"{headline} since:{published[:10]}")
        else:
            queries.append(rng.choice([f"{headline}是什么时候发生的", f"谁报道了{headline.replace(' ', '')}"]))
    con.close()
    return queries


EXHAUSTIVE = 3000  # candidates re-ranked to see what the first stage misses

SERVE = r'''
import json, sys, time
EXHAUSTIVE = int(sys.argv[4])
started = time.perf_counter()
from bot.app import open_search_service
from bot.config import Settings
from corpus.answer.when import answer_when
from bot.render import render_search_page, render_when
from zoneinfo import ZoneInfo
corpus, db, queries = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
# as the bot starts: an index that holds articles answers at once, the start-up update comes as the first rescan
index, retriever, deferred = open_search_service(Settings(corpus_dir=corpus, coverage_db=db), defer_update=True)
first = retriever.search(queries[0], top=3)
first_answer = time.perf_counter() - started
stale = index.update(corpus, quick=True).touched if deferred else False
retriever.refresh()
import threading
for thread in threading.enumerate():  # warm: the tables loaded after start are there
    if thread.name == "tables":
        thread.join()
zone = ZoneInfo("Asia/Shanghai")
timings = {"retrieval": [], "search_reply": [], "when": []}
stages = {}
for q in queries:
    try:
        t = time.perf_counter(); retriever.search(q, top=3); timings["retrieval"].append(time.perf_counter() - t)
        t = time.perf_counter()
        result = retriever.search(q, top=30)
        r = time.perf_counter()
        render_search_page(result.query.text or q, result.hits, 0, 3, "zh", zone)
        timings["search_reply"].append(time.perf_counter() - t)
        for stage, seconds in {**result.timings, "render": time.perf_counter() - r}.items():
            stages.setdefault(stage, []).append(seconds)
        t = time.perf_counter()
        render_when(answer_when(retriever, q), "zh", zone)
        timings["when"].append(time.perf_counter() - t)
    except Exception as exc:
        print("query failed", q, exc, file=sys.stderr)
status = dict(l.split(":", 1) for l in open("/proc/self/status") if l.startswith(("VmRSS", "VmHWM")))
# Does the first stage keep what re-ranking puts first? Against re-ranking EXHAUSTIVE candidates: the top 3's scores.
kept = {"same": 0, "total": 0, "empty": 0, "lost": 0.0}
for q in queries:
    try:
        best = [h.score for h in retriever.search(q, top=3, candidates=EXHAUSTIVE).hits]
        got = [h.score for h in retriever.search(q, top=3).hits]
    except Exception:
        continue
    kept["total"] += 1
    kept["same"] += len(got) == len(best) and all(abs(a - b) < 0.05 for a, b in zip(got, best))
    kept["empty"] += bool(best) and not got
    kept["lost"] += sum(best) - sum(got)
print(json.dumps({"first_answer": first_answer, "stale": stale, "timings": timings, "stages": stages, "kept": kept,
                  "rss_mb": int(status["VmRSS"].split()[0]) / 1024, "hwm_mb": int(status["VmHWM"].split()[0]) / 1024}))
'''


def serve(corpus: Path, db: Path, queries: list[str]) -> dict:
    """Start a fresh process as the bot would, answer the first query, then time every query there."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(queries, fh, ensure_ascii=False)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", SERVE, str(corpus), str(db), fh.name, str(EXHAUSTIVE)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall"] = time.perf_counter() - started
    os.unlink(fh.name)
    return out


def incremental(corpus: Path, db: Path, rounds: int = 5) -> dict:
    """Add one article, index it, find it by a word only it has; then remove it. Median of ``rounds``."""
    from corpus.retrieve.search import Retriever
    from corpus.store.index import CorpusIndex

    index = CorpusIndex(db)
    index.warm_up()  # as in a running bot: dictionaries loaded at start
    index.update(corpus)
    retriever = Retriever(index)
    timings, found = [], True
    for i in range(rounds):
        marker = f"卡斯特罗普劳克塞尔{i}号"
        path = corpus / f"bench-incremental-{i}.md"
        path.write_text(f"---\ntitle: 基准测试新文章\ndate: 2024-01-02T03:04:05Z\nauthor: 基准日报\n---\n"
                        f"<p>{marker}今天举行了新闻发布会，宣布新的交通计划。</p>", encoding="utf-8")
        started = time.perf_counter()
        index.update(corpus, quick=True)  # as the bot's rescan: folders unchanged since the last one are not listed
        retriever.refresh()
        found &= any(h.path == path.name for h in retriever.search(marker).hits)
        timings.append(time.perf_counter() - started)
        path.unlink()
        index.update(corpus, quick=True)
    index.close()
    return {"seconds": sorted(timings)[len(timings) // 2], "all": timings, "found": found}


def planted_recall(db: Path, corpus: Path) -> dict:
    """The dev queries: do they still find the planted seed passages in the top 3?"""
    from corpus.retrieve.search import Retriever
    from corpus.store.index import CorpusIndex

    cases = json.loads((ROOT / "tests" / "data" / "search_dev.json").read_text(encoding="utf-8"))
    cases += json.loads((ROOT / "tests" / "data" / "search_eval.json").read_text(encoding="utf-8"))
    index = CorpusIndex(db)
    retriever = Retriever(index)
    planted = answered = 0
    missed = []
    for c in cases:
        hits = retriever.search(c["q"], top=3).hits
        answers = [h for h in hits if c["expect_text"].lower() in h.text.lower()]
        answered += bool(answers)
        # the planted passage itself: a top-3 hit, or folded into one as a reprint ("also reported by")
        ok = any((h.path.startswith("planted/") or any(a.path.startswith("planted/") for a in h.also))
                 and c.get("expect_source") in (None, h.source, *(a.source for a in h.also)) for h in answers)
        planted += ok
        if not ok:
            missed.append(c["q"])
    index.close()
    return {"found": planted, "answered": answered, "total": len(cases), "missed": missed}


def baselines(db: Path, queries: list[str], limit: int) -> dict:
    """The same queries by brute force: rapidfuzz over all passages, and a plain substring scan."""
    import sqlite3

    from rapidfuzz import fuzz, process

    from corpus.retrieve.search import parse_query
    from corpus.text import normalize

    con = sqlite3.connect(db)
    texts = [normalize(r[0]) for r in con.execute("SELECT text FROM passages")]
    con.close()
    sample = queries[:limit]
    fuzzy, substring = [], []
    for q in sample:
        parsed = parse_query(q.split(" source:")[0].split(" since:")[0])
        text = "".join(parsed.terms)
        t = time.perf_counter()
        process.extract(text, texts, scorer=fuzz.partial_ratio, limit=3)
        fuzzy.append(time.perf_counter() - t)
        t = time.perf_counter()
        [i for i, passage in enumerate(texts) if all(term in passage for term in parsed.terms)][:3]
        substring.append(time.perf_counter() - t)
    return {"rapidfuzz": percentiles(fuzzy), "substring": percentiles(substring), "passages": len(texts)}


def _ms(p: dict) -> str:
    return f"{p['p50'] * 1000:8.1f} {p['p95'] * 1000:8.1f} {p['p99'] * 1000:8.1f}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, type=Path, help="the corpus folder (see bench.make_corpus)")
    parser.add_argument("--db", type=Path, help="index path (default: next to the corpus, <corpus>.db)")
    parser.add_argument("--queries", type=int, default=300, help="number of generated queries (default 300)")
    parser.add_argument("--baseline-queries", type=int, default=40,
                        help="queries timed for the brute-force baselines (default 40; they are slow)")
    parser.add_argument("--skip-build", action="store_true", help="reuse an existing index at --db")
    parser.add_argument("--build-only", action="store_true", help="measure the full build and stop")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--real-queries", action="store_true",
                        help="queries of the kinds users ask, from a real archive's text (see make_real_queries)")
    args = parser.parse_args(argv)
    db = args.db or args.corpus.with_suffix(".db")
    rng = random.Random(args.seed)
    figures: dict = {}
    if not args.skip_build:
        print("building the index from nothing ...", file=sys.stderr)
        figures["build"] = build(args.corpus, db)
        if args.build_only:
            print(json.dumps(figures["build"], indent=1))
            return 0
    queries = (make_real_queries if args.real_queries else make_queries)(db, args.queries, rng)
    print("serving the queries in a fresh process ...", file=sys.stderr)
    figures["serve"] = serve(args.corpus, db, queries)
    print("one new article ...", file=sys.stderr)
    figures["incremental"] = incremental(args.corpus, db)
    if (args.corpus / "planted").is_dir():  # the generated corpus holds the seeds; a real one does not
        figures["planted"] = planted_recall(db, args.corpus)
    print("baselines ...", file=sys.stderr)
    figures["baselines"] = baselines(db, queries, args.baseline_queries)

    print(f"\ncorpus: {args.corpus}   index: {db}")
    if "build" in figures:
        b = figures["build"]
        print(f"build: {b['articles']:,} articles, {b['passages']:,} passages in {b['seconds']:.0f} s "
              f"({b['rate']:.0f} articles/s), peak RSS {b['peak_rss_mb']:.0f} MB (main process)")
        print(f"size: text {b['text_mb']:.0f} MB ({b['text_chars']:,} characters), files {b['files_mb']:.0f} MB; "
              f"index {b['store_mb']:.0f} MB store + {b['search_mb']:.0f} MB search = "
              f"{b['ratio_to_text']:.2f}x the text")
    s = figures["serve"]
    t = {k: percentiles(v) for k, v in s["timings"].items()}
    print(f"start-up to first answer: {s['first_answer']:.2f} s in process ({s['wall']:.1f} s for the whole run); "
          f"serving memory {s['rss_mb']:.0f} MB (peak {s['hwm_mb']:.0f} MB)")
    inc = figures["incremental"]
    print(f"one new article indexed and searchable: {inc['seconds'] * 1000:.0f} ms median of {len(inc['all'])} "
          f"(found: {inc['found']})")
    p = figures.get("planted") or {"found": 0, "answered": 0, "total": 0, "missed": []}
    if p["total"]:
        print(f"seed queries: the planted passage in the top 3 (or folded into one) {p['found']}/{p['total']}; "
              f"a passage with the expected text in the top 3 {p['answered']}/{p['total']}")
    if p["missed"]:
        print(f"  planted passage not in the top 3 for: {', '.join(p['missed'])}")
    base = figures["baselines"]
    print(f"\n{'latency (ms)':32} {'p50':>8} {'p95':>8} {'p99':>8}   queries")
    print(f"{'retrieval (ours)':32} {_ms(t['retrieval'])}   {t['retrieval']['n']}")
    print(f"{'/search reply built (ours)':32} {_ms(t['search_reply'])}   {t['search_reply']['n']}")
    print(f"{'/when reply built (ours)':32} {_ms(t['when'])}   {t['when']['n']}")
    print(f"{'brute-force rapidfuzz scan':32} {_ms(base['rapidfuzz'])}   {base['rapidfuzz']['n']}")
    print(f"{'plain substring scan':32} {_ms(base['substring'])}   {base['substring']['n']}")
    stages = {k: percentiles(v) for k, v in s.get("stages", {}).items()}
    if stages:
        print("where a /search reply's time goes (ms, p50 / p99): " + "; ".join(
            f"{k} {v['p50'] * 1000:.1f} / {v['p99'] * 1000:.1f}" for k, v in stages.items()))
    kept = s.get("kept")
    if kept and kept["total"]:
        print(f"first stage: the top 3 re-ranking {EXHAUSTIVE:,} candidates would give in {kept['same']} of "
              f"{kept['total']} queries (mean score lost {kept['lost'] / kept['total']:.1f} of 300); "
              f"{kept['empty']} answered with nothing that it answers")
    ours = t["retrieval"]["p50"]
    print(f"ratios at p50: rapidfuzz scan {base['rapidfuzz']['p50'] / ours:.0f}x slower, "
          f"substring scan {base['substring']['p50'] / ours:.0f}x slower ({base['passages']:,} passages)")
    out = db.with_suffix(".bench.json")
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str))
    print(f"\nall figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

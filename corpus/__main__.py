"""``python -m corpus``: index a folder of articles and search it from the command line."""
from __future__ import annotations

import argparse
import json
import logging
import os
import select
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from corpus.answer.compare import compare
from corpus.answer.coverage import best_story
from corpus.answer.dates import LOCAL_ZONE, find_dates
from corpus.answer.trend import png, trend
from corpus.answer.when import answer_when
from corpus.errors import CorpusError
from corpus.retrieve import semantic
from corpus.retrieve.search import Retriever, SearchResult
from corpus.store.index import CorpusIndex, IndexStats

DEFAULT_CORPUS = "seeds"
DEFAULT_DB = "data/coverage.db"


def default_corpus(db: str | None = None) -> str:
    """Return the corpus folder: ``CORPUS_DIR``, else the folder the index at ``db`` was last updated from, else
    ``seeds/`` here, else the seeds bundled with the project."""
    if os.environ.get("CORPUS_DIR"):
        return os.environ["CORPUS_DIR"]
    recorded = recorded_corpus(db) if db else None
    if recorded:
        return recorded
    bundled = Path(__file__).resolve().parent.parent / DEFAULT_CORPUS
    return DEFAULT_CORPUS if Path(DEFAULT_CORPUS).is_dir() or not bundled.is_dir() else str(bundled)


def recorded_corpus(db: str) -> str | None:
    """The folder the index at ``db`` was last updated from, when it still exists (None for a new index)."""
    if not Path(db).is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'corpus'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row and Path(row[0]).is_dir() else None


def default_db() -> str:
    """Return the index path from ``COVERAGE_DB`` or ``data/coverage.db``."""
    return os.environ.get("COVERAGE_DB") or DEFAULT_DB


AUTO_EMBED = 2000  # passages a command embeds on its own before answering (about 10 s); more waits for `index`


def open_index(corpus: str, db: str, *, refresh: bool = True, quiet: bool = False) -> CorpusIndex:
    """Open the index at ``db``, updated from ``corpus`` first when it is missing or stale.

    A few new passages are embedded for search by meaning at once; when many lack vectors, the answer comes
    from words where they lack them, and a note on stderr says how to complete the meaning index."""
    index = CorpusIndex(db)
    if refresh:
        _update(index, corpus, quiet=quiet)
    if semantic.enabled():
        pending = len(semantic.pending_passages(index.db))
        if 0 < pending <= AUTO_EMBED:
            semantic.embed_pending(index.db_path)
        elif pending and not quiet:
            print(f"search by meaning: {pending} passages not embedded yet, answering from words for them;"
                  f" run `python -m corpus index` to embed them", file=sys.stderr)
    return index


def _update(index: CorpusIndex, corpus: str, *, quiet: bool = False) -> None:
    """Bring ``index`` up to date from ``corpus`` (one walk; reads only what changed)."""
    report = index.update(corpus)
    if report.touched and not quiet:
        print(f"indexed {corpus}: +{report.added} ~{report.changed} -{report.removed} files", file=sys.stderr)


def _cmd_index(args: argparse.Namespace) -> int:
    if args.background and hasattr(os, "nice"):
        os.nice(10)  # the searches answered meanwhile come first
    with CorpusIndex(args.db) as index:
        report = index.update(args.corpus, progress=lambda m: print(m, file=sys.stderr))
        stats = index.stats()
        print(f"corpus {args.corpus} -> {args.db}")
        print(f"files: {report.added} added, {report.changed} changed, {report.removed} removed, "
              f"{report.unchanged} unchanged ({report.seconds:.2f} s)")
        print(f"articles: {stats.articles}  passages: {stats.passages}  outlets: {len(stats.sources)}")
        skipped = index.skipped()
        print(f"skipped: {len(skipped)}")
        for path, reason in skipped:
            print(f"  {path}: {reason}")
        if semantic.enabled() and not args.words_only:
            _embed(index)
    return 0


def _embed(index: CorpusIndex) -> None:
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % (semantic.BATCH * 50) == 0 or done == total:
            print(f"search by meaning: {done} of {total} passages embedded", file=sys.stderr)

    semantic.Encoder.load(threads=os.cpu_count() or 1)  # nothing else runs in this process: every core
    done = semantic.embed_pending(index.db_path, progress=progress)
    coverage = semantic.SemanticIndex(index.db).coverage()
    print(f"meaning: {done} passages embedded ({time.perf_counter() - started:.1f} s); "
          f"{coverage.embedded} of {coverage.total} passages searchable by meaning")


def _cmd_search(args: argparse.Namespace) -> int:
    """One query, or one per line of stdin. A stdin session on an index that holds articles answers at once and
    brings the index up to date in a process of its own (``corpus index``), started once the questions pause
    (``_BackgroundUpdate``): new files are searched once it ends, and the session waits for it before it exits.
    Otherwise the index is brought up to date first."""
    with open_index(args.corpus, args.db, refresh=not args.stdin) as index:
        deferred = args.stdin and index.has_articles()
        if args.stdin and not deferred:
            _update(index, args.corpus)
        retriever = Retriever(index)
        updating = None
        if deferred:
            updating = _BackgroundUpdate(retriever, args.corpus, args.db)
            # Every search reads its candidates' outlets and times: from a table held in memory once it is read
            # (a tenth of a second for 100,000 articles), else from the store, a quarter of a millisecond more a
            # question; a date filter reads the publication times, a Latin word the names' index (0.1–0.2 s and
            # 60 ms, once). The first question that may be mistyped loads the readings typos are looked up by (a
            # tenth of a second more). All are read before the first answer, which start-up already makes the
            # slowest; the update indexes in a process of its own, so the indexer's tables are not needed here.
            index.read_tables()
            Retriever.load_tables()
        if args.stdin:
            retriever.keep_files_warm()
        try:
            return _answer_searches(args, retriever, updating)
        finally:
            retriever.stop_background_work()
            if updating is not None:
                updating.start()
                updating.done(wait=True)


PAUSE = 0.2  # seconds without a question after which a stdin session brings its index up to date
UPDATE_AT_LATEST = 10.0  # ... or seconds after it started, if the questions never pause that long


class _BackgroundUpdate:
    """``corpus index`` run in a process of its own while a stdin session answers from the index as it stands.

    It starts once the questions pause (``start``, at the first ``PAUSE`` without one, at the end of the input, or
    ``UPDATE_AT_LATEST`` seconds into a session that never pauses): the walk over the files takes seconds of
    processor time on a large archive, and questions asked back to back beside it took a quarter longer."""

    def __init__(self, retriever: Retriever, corpus: str, db: str) -> None:
        self.retriever = retriever
        self.command = [sys.executable, "-m", "corpus", "index", "--words-only", "--background", "--corpus",
                        str(corpus), "--db", str(db)]
        self.paused = False  # the questions have paused: the update has started
        self.started = time.monotonic()
        self.errors: IO[bytes] | None = None
        self.process: subprocess.Popen | None = None  # running: started and not yet seen to end

    def start(self) -> None:
        """Start the update, unless it has already started."""
        if self.paused:
            return
        self.paused = True
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in done(), after the process ends
        self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=self.errors)

    def due(self) -> bool:
        """Whether a session that has not paused has run long enough to start the update anyway."""
        return time.monotonic() - self.started >= UPDATE_AT_LATEST

    def done(self, *, wait: bool = False) -> bool:
        """Whether the update has ended (waiting for it with ``wait``); once it has, the retriever answers from
        what it wrote."""
        if self.process is None:  # not started, or ended and read
            return self.paused
        if wait:
            self.process.wait()
        elif self.process.poll() is None:
            return False
        assert self.errors is not None
        if self.process.returncode:
            self.errors.seek(0)
            last = self.errors.read().decode(errors="replace").strip().splitlines()[-1:]
            print(f"the index could not be brought up to date: {' '.join(last)}", file=sys.stderr)
        self.errors.close()
        self.process = None
        self.retriever.index.search_index.reload()
        self.retriever.refresh()
        return True


def _lines(stream: IO[str], on_pause: Callable[[], None], pause: float = PAUSE) -> Iterator[str]:
    """The lines of ``stream`` (a pipe, a terminal or a file) without their ends; ``on_pause`` is called whenever
    none has come for ``pause`` seconds, and at the end. Bytes that are not UTF-8 are replaced, not fatal."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # not a file (a test's stream): read as it is
        yield from (line.rstrip("\n") for line in stream)
        on_pause()
        return
    buffer = b""
    while True:
        while b"\n" not in buffer:
            try:
                ready = select.select([fd], [], [], pause)[0]
            except (OSError, ValueError):  # a descriptor select cannot wait on: read it
                ready = [fd]
            if not ready:
                on_pause()
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                on_pause()
                if buffer:
                    yield buffer.decode("utf-8", errors="replace")
                return
            buffer += chunk
        line, buffer = buffer.split(b"\n", 1)
        yield line.decode("utf-8", errors="replace")


def _answer_searches(args: argparse.Namespace, retriever: Retriever, updating: _BackgroundUpdate | None = None
                     ) -> int:
    if not args.stdin:
        queries: Iterable[str] = [" ".join(args.query)]
    else:
        queries = _lines(sys.stdin, updating.start if updating is not None else lambda: None)
    for raw in queries:
        if updating is not None:
            if updating.due():
                updating.start()
            updating.done()
        try:
            result = retriever.search(raw, top=args.top)
        except CorpusError as exc:
            if args.stdin and args.json:
                print(json.dumps({"error": str(exc)}, ensure_ascii=False), flush=True)
                continue
            print(f"error: {exc}", file=sys.stderr)
            return 2
        _print_hits(args, raw, result)
    return 0


def _print_hits(args: argparse.Namespace, raw: str, result: SearchResult) -> None:
    if args.json:
        print(json.dumps([h.to_json() for h in result.hits], ensure_ascii=False,
                         indent=None if args.stdin else 2), flush=True)
        return
    if not result.hits:
        print(f"nothing found for {raw!r}")
    for word, others in result.query.aliases:
        print(f"also matched: {word} -> {', '.join(others)}")
    for rank, hit in enumerate(result.hits, 1):
        print(f"{rank}. [{hit.score:.0f}] {hit.source} · {hit.published.date()} · {hit.title}")
        print(f"   {hit.text}")
        print(f"   {hit.url or hit.path} (passage {hit.passage})")
        for other in hit.also:
            print(f"   also reported by {other.source}: {other.url or other.path}")
    sys.stdout.flush()


def _cmd_dates(args: argparse.Namespace) -> int:
    try:
        published = datetime.fromisoformat(args.published)
    except ValueError:
        print(f"error: --published {args.published!r} is not ISO 8601 (e.g. 2021-11-13T15:35:00+08:00)",
              file=sys.stderr)
        return 2
    if published.tzinfo is None:
        published = published.replace(tzinfo=LOCAL_ZONE)
    zone = ZoneInfo(args.zone) if args.zone else None
    mentions = find_dates(" ".join(args.text), published, zone)
    if args.json:
        print(json.dumps([m.to_json() for m in mentions], ensure_ascii=False, indent=2))
        return 0
    if not mentions:
        print("no dates found")
    for m in mentions:
        when = m.start.isoformat() if m.start == m.end else f"{m.start.isoformat()} .. {m.end.isoformat()}"
        print(f"{m.expression}  ->  {when}  [{m.granularity}, {m.kind}]  {m.note}")
    return 0


def _cmd_when(args: argparse.Namespace) -> int:
    with open_index(args.corpus, args.db) as index:
        answer = answer_when(Retriever(index), " ".join(args.query))
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return 0
    if answer.date is None:
        print(f"no date found for {answer.query!r}")
        for hit in answer.coverage:
            print(f"  {hit.published.date()} {hit.source}: {hit.title}")
        return 0
    for label, candidate in [("date", answer.date)] + [("or", alt) for alt in answer.alternatives]:
        when = candidate.start.isoformat() if candidate.start == candidate.end else \
            f"{candidate.start.isoformat()} .. {candidate.end.isoformat()}"
        time_note = f" at {candidate.time.isoformat()}" if candidate.time else ""
        print(f"{label}: {when} ({candidate.granularity}){time_note} — {', '.join(candidate.outlets)}")
        for e in candidate.evidence[:3]:
            print(f"  {e.hit.source} · {e.hit.published.date()} · {e.mention.expression if e.mention else ''}")
            print(f"    {e.sentence}")
            print(f"    {e.hit.url or e.hit.path}")
    return 0


def _no_story(args: argparse.Namespace, empty: dict) -> int:
    """What coverage and compare print when no story matches: ``empty`` as JSON, or a line saying so."""
    if args.json:
        print(json.dumps(empty, ensure_ascii=False))
    else:
        print(f"no coverage found for {' '.join(args.query)!r}")
    return 0


def _print_asked(asked: tuple) -> None:
    """What coverage and compare print of each outlet a question named (BBC报道了…吗): its verdict, how many
    articles it published those days, and its report when it has one."""
    for verdict in asked:
        report = f"  {verdict.article.published.isoformat()}  {verdict.article.title}" if verdict.article else ""
        print(f"asked: {verdict.outlet}: {verdict.verdict} ({verdict.published} articles those days){report}")


def _cmd_coverage(args: argparse.Namespace) -> int:
    with open_index(args.corpus, args.db) as index:
        story = best_story(Retriever(index), " ".join(args.query))
    if story is None:
        return _no_story(args, {"story": None, "articles": [], "missing": [], "missing_count": 0,
                                "outlets_publishing": 0, "joined": [], "earlier": [], "later": [], "late": [],
                                "early": [], "asked": [], "outlet_mix": None, "asked_day_unmatched": None})
    if args.json:
        print(json.dumps(story.to_json(), ensure_ascii=False, indent=2))
        return 0
    if not story.named:
        print("no headline names the event: the story of the passages that match it best, maybe about something"
              " else; no outlet is counted as silent")
    if story.asked_day is not None:
        print(f"nothing matching was reported on {story.asked_day.isoformat()}: the best match of other days")
    print(f"story {story.story_id}: {story.title}")
    _print_asked(story.asked)
    for a in story.articles:
        mark = "first  " if a.first else "       "
        reprint = f" (reprint of {a.reprint_of})" if a.reprint_of else ""
        print(f"{mark}{a.published.isoformat()}  {a.source}: {a.title}{reprint}")
        print(f"         {a.url or a.path}")
        print(f"         {a.shown}")
    for label, apart in (("only earlier", story.early), ("only later", story.late)):
        for a in apart:
            print(f"{label}: {a.published.isoformat()}  {a.source}: {a.title}")
            print(f"         {a.url or a.path}")
    print(f"not covered by ({len(story.missing)} of the {story.publishing} outlets publishing those days):"
          f" {'、'.join(story.missing) or '-'}")
    mixes = story.mix()
    for label, part in (("covered by", "covered"), ("not covered by", "silent")):
        kinds = ", ".join(f"{k} {n}" for k, n in mixes[part]["kind"].items()) or "-"
        regions = ", ".join(f"{k} {n}" for k, n in mixes[part]["region"].items()) or "-"
        print(f"{label}, by kind: {kinds}; by region: {regions}")
    for label, related in (("earlier", story.earlier), ("later", story.later)):
        for e in related:
            print(f"{label}: {e.published.isoformat()}  {e.title}  ({e.articles} articles, story {e.story_id})")
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    with open_index(args.corpus, args.db) as index:
        found = compare(Retriever(index), " ".join(args.query))
    if found is None:
        return _no_story(args, {"story": None, "title": "", "joined": [], "outlets": [], "shared": [], "only": [],
                                "names": [], "differ": [], "asked": []})
    if args.json:
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"story {found.story.story_id}: {found.story.title}")
    print(f"outlets ({len(found.outlets)}): {'、'.join(found.outlets)}")
    _print_asked(found.asked)
    print("shared:")
    for item in found.shared:
        print(f"  {'、'.join(item.outlets)}; silent: {'、'.join(item.silent) or '-'}")
        for q in item.quotes:
            print(f"    {q.outlet}: {q.text}")
    print("only here:")
    for own in found.only:
        print(f"  {own.quote.outlet}: {own.quote.text}  ({own.quote.url or own.quote.path})")
    print("names:")
    for naming in found.names:
        labels = "; ".join(f"{label} ({'、'.join(o)})" for label, o in naming.labels)
        spellings = "; ".join(f"{w} ({'、'.join(o)})" for w, o in naming.spellings)
        print(f"  {naming.name}: {labels or '-'}{' | spelled ' + spellings if spellings else ''}")
    print("figures that differ:")
    for item in found.differ:
        print("  " + "; ".join(f"{q.outlet}: {figure} ({q.text})" for figure, q in item.figures))
    return 0


def _cmd_trend(args: argparse.Namespace) -> int:
    with open_index(args.corpus, args.db) as index:
        data = trend(Retriever(index, wait_for_encoder=False), " ".join(args.query), LOCAL_ZONE, share=args.share)
        if args.png:
            Path(args.png).write_bytes(png(data, args.lang))
    if args.json:
        print(json.dumps(data.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{data.query}: {sum(data.totals)} articles, by {data.unit}, {len(data.buckets)} buckets")
        for day, articles, headline in data.peaks:
            print(f"  peak {day.isoformat()}: {articles} articles · {headline}")
    if args.png:
        print(f"chart: {Path(args.png).resolve()}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _sources_json(stats: IndexStats) -> list[dict]:
    return [{"source": s.source, "articles": s.articles, "first": s.first.isoformat(), "last": s.last.isoformat()}
            for s in stats.sources]


def _cmd_sources(args: argparse.Namespace) -> int:
    with open_index(args.corpus, args.db) as index:
        stats = index.stats()
    if args.json:
        print(json.dumps(_sources_json(stats), ensure_ascii=False, indent=2))
        return 0
    for s in stats.sources:
        print(f"{s.source}: {s.articles} articles, {s.first.date()} .. {s.last.date()}")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    with open_index(args.corpus, args.db) as index:
        stats = index.stats()
    if args.json:
        print(json.dumps({
            "articles": stats.articles, "passages": stats.passages, "skipped": stats.skipped,
            "first": stats.first.isoformat() if stats.first else None,
            "last": stats.last.isoformat() if stats.last else None, "updated": stats.updated,
            "sources": _sources_json(stats)}, ensure_ascii=False, indent=2))
        return 0
    print(f"articles: {stats.articles}  passages: {stats.passages}  skipped files: {stats.skipped}")
    if stats.first and stats.last:
        print(f"published: {stats.first.date()} .. {stats.last.date()}")
    print(f"index: {stats.db_bytes / 1e6:.1f} MB store + {stats.search_bytes / 1e6:.1f} MB search, "
          f"updated {stats.updated or 'never'}")
    for s in stats.sources:
        print(f"  {s.source}: {s.articles} articles, {s.first.date()} .. {s.last.date()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m corpus``."""
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", help="folder of article files (default: $CORPUS_DIR, else the folder the index"
                                         " was built from, else seeds/)")
    common.add_argument("--db", default=default_db(), help="index path (default: $COVERAGE_DB or data/coverage.db)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("index", parents=[common], help="index new, changed and deleted files, then embed their"
                                                       " passages for search by meaning; print a summary")
    p.add_argument("--words-only", action="store_true",
                   help="index for search by words only (embed later with another `index`)")
    p.add_argument("--background", action="store_true", help=argparse.SUPPRESS)  # a stdin search's update
    p.set_defaults(func=_cmd_index)
    p = sub.add_parser("search", parents=[common], help="search the coverage (indexes first if stale)")
    p.add_argument("query", nargs="*", help="words, plus filters source:NAME since:YYYY-MM-DD until:YYYY-MM-DD")
    p.add_argument("--top", type=int, default=3, help="number of hits (default 3)")
    p.add_argument("--json", action="store_true", help="print a JSON array of hits")
    p.add_argument("--stdin", action="store_true",
                   help="read one query per line; one result per line (answers at once from an index that holds "
                        "articles, brings it up to date once the questions pause, and keeps its files in the "
                        "system's file cache meanwhile: COVERAGE_KEEP_WARM seconds between reads, 0 for none)")
    p.set_defaults(func=_cmd_search)
    p = sub.add_parser("dates", help="find and resolve the date expressions in a text")
    p.add_argument("text", nargs="+", help="the text (Chinese)")
    p.add_argument("--published", required=True, help="publication time, ISO 8601 (e.g. 2021-11-13T15:35:00+08:00)")
    p.add_argument("--zone", help="the outlet's time zone (default: the offset of --published, or UTC+8)")
    p.add_argument("--json", action="store_true", help="print a JSON array of mentions")
    p.set_defaults(func=_cmd_dates)
    p = sub.add_parser("when", parents=[common], help="when did it happen: a dated answer with its evidence")
    p.add_argument("query", nargs="+", help="the event, as words or a question")
    p.add_argument("--json", action="store_true",
                   help="print a JSON object with the date, the time and its zone when stated, and the evidence")
    p.set_defaults(func=_cmd_when)
    p = sub.add_parser("coverage", parents=[common], help="the story that matches: each outlet's report, first first")
    p.add_argument("query", nargs="+", help="words about the event, or a question (谁最先报道了…, BBC报道了…吗); a "
                                            "date in it (8月10日) picks that day's event")
    p.add_argument("--json", action="store_true",
                   help="print a JSON object: articles (first marked), missing outlets and how many were publishing, "
                        "outlets that reported only what preceded or followed (early, late), whether a headline "
                        "names the event (named), the outlets' mix, earlier and later stories, the day asked "
                        "when no report listed is of it (asked_day_unmatched), and what it found of each outlet a "
                        "question names (asked)")
    p.set_defaults(func=_cmd_coverage)
    p = sub.add_parser("compare", parents=[common], help="how the outlets of the matching story compare: shared "
                                                         "statements, each one's own, names and labels, figures")
    p.add_argument("query", nargs="+", help="words about the story; outlets named in one list first (BBC 纽约时报 "
                                            "黎智英被捕) are compared alone")
    p.add_argument("--json", action="store_true", help="print a JSON object with shared, only, names and differ, "
                                                       "and what the coverage found of each outlet named (asked)")
    p.set_defaults(func=_cmd_compare)
    p = sub.add_parser("trend", parents=[common], help="articles a day or week holding the query, per outlet, "
                                                       "peaks named; --png draws the chart")
    p.add_argument("query", nargs="+", help="words, plus filters as for search")
    p.add_argument("--share", action="store_true", help="each outlet's share of its own articles, in per cent")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.add_argument("--png", help="write the chart to this PNG file")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="the chart's language (default zh)")
    p.set_defaults(func=_cmd_trend)
    p = sub.add_parser("sources", parents=[common], help="outlets with article counts and date ranges")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_sources)
    p = sub.add_parser("stats", parents=[common], help="outlets, article counts and date range")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    if hasattr(args, "corpus") and not args.corpus:
        args.corpus = default_corpus(args.db)
    if args.command == "search" and not args.stdin and not " ".join(args.query).strip():
        print("usage: python -m corpus search QUERY [--top N] [--json]", file=sys.stderr)
        return 2
    if args.command not in ("index", "dates") and not Path(args.corpus).is_dir() and not Path(args.db).exists():
        print(f"error: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (``| head``) has gone: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

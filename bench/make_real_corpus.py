"""Scale a real archive up for the speed benchmark: its articles (furniture and all), copied and re-dated.

    python -m bench.make_real_corpus --source /tmp/waimei-2020q3 --articles 100000 --out /tmp/realbig

Copy ``k`` of every article has its dates (the front matter's ``date:``, Jekyll ISO or Hexo RFC 2822, and the
date in its file name) moved ``k`` quarters (91 days) later, so the copies fall on other days instead of piling
onto the same ones; text, outlets, links and page furniture stay as the archiver wrote them. Copies stop at
``--articles`` files.
"""
from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from corpus.store.index import iter_article_files

SHIFT_DAYS = 91
_ISO_DATE = re.compile(r"^(date:\s*['\"]?)(\d{4}-\d{2}-\d{2}T[^'\"\n]*)(['\"]?\s*)$", re.MULTILINE)
_RFC_DATE = re.compile(r"^(date:\s*['\"]?)([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} [^'\"\n]*)(['\"]?\s*)$",
                       re.MULTILINE)
_NAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def shift(text: str, days: int) -> str:
    """``text`` with the front matter's date moved ``days`` later (either style); the rest unchanged."""
    def iso(m: re.Match) -> str:
        value = m.group(2).replace("Z", "+00:00")
        try:
            moved = datetime.fromisoformat(value) + timedelta(days=days)
        except ValueError:
            return m.group(0)
        out = moved.isoformat().replace("+00:00", "Z") if m.group(2).endswith("Z") else moved.isoformat()
        return m.group(1) + out + m.group(3)

    def rfc(m: re.Match) -> str:
        try:
            moved = parsedate_to_datetime(m.group(2)) + timedelta(days=days)
        except (TypeError, ValueError):
            return m.group(0)
        return m.group(1) + format_datetime(moved) + m.group(3)

    return _RFC_DATE.sub(rfc, _ISO_DATE.sub(iso, text, count=1), count=1)


def _shift_name(relative: Path, days: int) -> Path:
    def day(m: re.Match) -> str:
        try:
            return (datetime.fromisoformat(m.group(1)) + timedelta(days=days)).strftime("%Y-%m-%d")
        except ValueError:
            return m.group(1)
    return Path(*(_NAME_DATE.sub(day, part) for part in relative.parts))


def make_real_corpus(source: Path, out: Path, articles: int) -> int:
    """Write up to ``articles`` files into ``out``: the archive's, then its re-dated copies; return how many."""
    files = sorted(iter_article_files(source))
    written = 0
    copy = 0
    while written < articles and files:
        for path in files:
            if written >= articles:
                break
            relative = path.relative_to(source)
            target = out / f"copy{copy}" / _shift_name(relative, copy * SHIFT_DAYS)
            target.parent.mkdir(parents=True, exist_ok=True)
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                target.write_bytes(raw)  # a broken file stays broken
            else:
                target.write_text(shift(text, copy * SHIFT_DAYS) if copy else text, encoding="utf-8")
            written += 1
        copy += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, type=Path, help="the real archive (unpacked)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    count = make_real_corpus(args.source, args.out, args.articles)
    print(f"{count} articles written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

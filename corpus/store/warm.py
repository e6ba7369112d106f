"""Keep an index's files in the system's file cache while it answers questions.

A search reads a few hundred pages of the store and of the search engine's files, wherever its candidates are. With
those files in the system's file cache, 200 new questions on 100,000 articles took 3.4 ms at p50; with them read
from disk, 9.2 ms. A machine may page out file cache that has not been read for a while: the memory reclaimer of
the machines this was measured on (Linux DAMON) pages out what went unread for a minute, so that an index idle for
a minute answered its next questions in 5.9 ms. A process of its own reads the index's files through at start and
again every ``KEEP_WARM`` seconds, at the lowest priority (about a tenth of a second of processor time a sweep for
a gigabyte already cached), as much of them as fits in half the memory the system has to spare; it ends when the
process that started it closes its input or ends. It is a process, not a thread, because SQLite's locks belong to
the process: a thread that opened and closed the store's file would release them.

Run as a script (``python -I warm.py DB --every S``), it imports nothing of the package.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import select
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

KEEP_WARM = 20.0  # seconds between sweeps by default; COVERAGE_KEEP_WARM sets it, 0 or "off" turns it off
CHUNK = 1 << 20


def keep_warm_every(value: str | None = None) -> float:
    """The seconds between sweeps that ``COVERAGE_KEEP_WARM`` (or ``value``) asks for; 0 when off."""
    raw = (os.environ.get("COVERAGE_KEEP_WARM", "") if value is None else value).strip().lower()
    if not raw:
        return KEEP_WARM
    if raw in ("off", "no", "false"):
        return 0.0
    try:
        seconds = float(raw)
    except ValueError:
        return KEEP_WARM
    return max(seconds, 0.0)


def index_files(db_path: str | Path) -> list[Path]:
    """The files a search reads: the search engine's (first: a fifth of the size, read at every step of a
    search), then the store and its write-ahead log."""
    db = Path(db_path)
    files: list[Path] = []
    with contextlib.suppress(OSError):
        files += sorted(p for p in db.with_suffix(".search").iterdir() if p.is_file())
    files += [db, db.with_name(db.name + "-wal")]
    return [p for p in files if p.is_file()]


def available_memory() -> int | None:
    """The bytes of memory the system could give without swapping (Linux's MemAvailable), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def within(paths: Iterable[Path], budget: int | None) -> list[Path]:
    """The first of these files that fit in ``budget`` bytes together (all of them when None): an index larger
    than half the memory the system has to spare would only push itself out of the cache, and keep the disk busy."""
    kept: list[Path] = []
    total = 0
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if budget is not None and total + size > budget:
            break
        kept.append(path)
        total += size
    return kept


def sweep(paths: Iterable[Path], buffer: bytearray) -> int:
    """Read these files through once (those gone since are skipped); return the bytes read."""
    total = 0
    for path in paths:
        try:
            with open(path, "rb", buffering=0) as f:
                while n := f.readinto(buffer):
                    total += n
        except OSError:
            continue
    return total


class CacheWarmer:
    """The process that keeps an index's files in the file cache (see the module's text)."""

    def __init__(self, db_path: str | Path, every: float | None = None) -> None:
        self.db_path = Path(db_path)
        self.every = keep_warm_every() if every is None else every
        self.process: subprocess.Popen | None = None

    def start(self) -> bool:
        """Start the process (unless turned off or started already); return whether it runs."""
        if self.every <= 0:
            return False
        if self.process is None or self.process.poll() is not None:
            try:
                self.process = subprocess.Popen(
                    [sys.executable, "-I", str(Path(__file__).resolve()), str(self.db_path), "--every",
                     str(self.every)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError:  # no process to spare: the index answers as before
                self.process = None
                return False
        return True

    def stop(self) -> None:
        """End the process and wait for it."""
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            assert process.stdin is not None
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Read an index's files through now and every few seconds, "
                                                 "until the input closes.")
    parser.add_argument("db", type=Path)
    parser.add_argument("--every", type=float, default=KEEP_WARM)
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError):
        os.nice(19)
    buffer = bytearray(CHUNK)
    stdin = sys.stdin.fileno()
    while True:
        memory = available_memory()
        sweep(within(index_files(args.db), memory // 2 if memory is not None else None), buffer)
        ready, _w, _x = select.select([stdin], [], [], args.every)
        if ready and not os.read(stdin, 4096):  # the input closed: the process that started this one is done
            return 0


if __name__ == "__main__":
    sys.exit(main())

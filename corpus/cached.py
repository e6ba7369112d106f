"""Tables derived from packaged data, kept between runs so that a start does not make them again.

Each is written once, whole (a temporary file renamed over its place), to a file whose name says what it was made
from: the releases of the packages it reads and a fingerprint of the code and tables that make it. A changed
package or maker gives a new name, never a stale table; a file that cannot be read is made again.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import marshal
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

ENV = "COVERAGE_CACHE_DIR"
_unwritable: set[Path] = set()  # files that could not be written: not tried again by this process
_lock = threading.Lock()


def cache_folder() -> Path:
    """Where derived tables are kept between runs: ``COVERAGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/coverage-bot``
    (``~/.cache/coverage-bot``)."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coverage-bot"


def fingerprint(files: Iterable[str | os.PathLike[str]], packages: Iterable[str] = ()) -> str:
    """A short fingerprint of the bytes of ``files`` (the code and tables a derived table is made by), of the
    installed releases of ``packages`` (the data it is made from) and of the Python release (whose ``marshal``
    writes it)."""
    digest = hashlib.sha1(f"python {sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for path in files:
        digest.update(Path(path).read_bytes())
        digest.update(b"\0")
    for package in packages:
        digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
    return digest.hexdigest()[:16]


def write_whole(path: Path, write: Callable[[Path], None]) -> bool:
    """Have ``write`` write the file at ``path`` whole or not at all (to a temporary file renamed over its place,
    whoever writes it first); False when it cannot be written (and this process does not try that path again)."""
    if path in _unwritable:
        return False
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(temporary)
        os.replace(temporary, path)
    except (OSError, sqlite3.Error):
        with suppress(OSError):
            temporary.unlink()
        _unwritable.add(path)
        return False
    return True


def kept_table(name: str, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """The table kept in ``cache_folder() / name`` (marshalled: plain dicts, tuples, sets and strings only) when
    it is there and ``valid``; else made by ``make``, kept there for the next run, and returned."""
    path = cache_folder() / name

    def read() -> Any:
        with suppress(OSError, EOFError, ValueError, TypeError):
            table = marshal.loads(path.read_bytes())
            if valid(table):
                return table
        return None

    table = read()
    if table is not None:
        return table
    with _lock:
        table = read()  # written meanwhile by a thread that held the lock
        if table is None:
            table = make()
            data = marshal.dumps(table)
            write_whole(path, lambda temporary: temporary.write_bytes(data))
    return table

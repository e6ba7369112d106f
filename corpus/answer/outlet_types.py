"""What kind of outlet each is (region, and who runs or funds it), for the mix of a story's coverage.

The reviewed table is ``data/outlets.tsv``; a file of the user's own (``COVERAGE_OUTLET_TYPES``, same format) adds
lines and wins for the names it lists. Names are matched folded (traditional to simplified, case); an outlet the
tables do not list is "unknown", and counted as such rather than guessed.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.text import normalize

logger = logging.getLogger(__name__)

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "outlets.tsv"
ENV = "COVERAGE_OUTLET_TYPES"
KINDS = ("state", "public", "commercial", "independent", "movement")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class OutletType:
    """Where an outlet is run from and who runs or funds it (one of ``KINDS``, or ``unknown``)."""

    region: str = UNKNOWN
    kind: str = UNKNOWN


def _key(name: str) -> str:
    return normalize(name).strip().lower()


def _entries(text: str, origin: str) -> list[tuple[tuple[str, ...], OutletType]]:
    """The lines of a table of outlet types: each outlet's names, as written, and its type; a malformed line is
    logged and skipped."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 3 or not fields[0] or fields[2] not in KINDS:
            logger.warning("%s:%d: not an outlet line (names, region, kind, note; kind one of %s)", origin, number,
                           ", ".join(KINDS))
            continue
        names = tuple(name.strip() for name in fields[0].split("|") if name.strip())
        entries.append((names, OutletType(fields[1] or UNKNOWN, fields[2])))
    return entries


def _keyed(entries: Iterable[tuple[tuple[str, ...], OutletType]]) -> dict[str, OutletType]:
    """Each outlet's type by each of its names (folded), a later line winning."""
    return {_key(name): kind for names, kind in entries for name in names}


def parse_table(text: str, origin: str = "") -> dict[str, OutletType]:
    """Read a table of outlet types (see ``data/outlets.tsv``); a malformed line is logged and skipped."""
    return _keyed(_entries(text, origin))


@lru_cache(maxsize=4)
def _read(extra: str | None) -> tuple[tuple[tuple[str, ...], OutletType], ...]:
    """The reviewed table's lines, then those of the user's own (``extra``)."""
    entries = _entries(SEED_FILE.read_text(encoding="utf-8"), str(SEED_FILE))
    if extra:
        try:
            entries += _entries(Path(extra).read_text(encoding="utf-8"), extra)
        except OSError as exc:
            logger.warning("cannot read %s=%s: %s", ENV, extra, exc)
    return tuple(entries)


@lru_cache(maxsize=4)
def _tables(extra: str | None) -> dict[str, OutletType]:
    return _keyed(_read(extra))


def name_groups() -> tuple[tuple[str, ...], ...]:
    """The names each line of the reviewed table and the user's own gives one outlet (feeds' spellings and the
    names users call it by: 纽约时报, 纽时, NYT), as written."""
    return tuple(names for names, _kind in _read(os.environ.get(ENV) or None))


def outlet_type(name: str) -> OutletType:
    """Return an outlet's type from the reviewed table and the user's own (``unknown`` if neither lists it)."""
    return _tables(os.environ.get(ENV) or None).get(_key(name), OutletType())


def mix(outlets: list[str] | tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Count outlets by kind and by region, most first (unknown last)."""
    types = [outlet_type(o) for o in outlets]

    def counted(values: list[str]) -> dict[str, int]:
        counts = Counter(values)
        return dict(sorted(counts.items(), key=lambda kv: (kv[0] == UNKNOWN, -kv[1], kv[0])))

    return {"kind": counted([t.kind for t in types]), "region": counted([t.region for t in types])}

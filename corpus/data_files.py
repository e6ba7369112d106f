"""The reviewed tables shipped in ``corpus/data``, read by every stage: aliases, terms, places, surnames."""
from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def table_lines(name: str) -> list[str]:
    """The lines of ``data/<name>`` that hold something, trimmed: ``#`` starts a comment, blank lines are left out."""
    lines = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines

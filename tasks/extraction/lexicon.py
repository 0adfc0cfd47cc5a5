"""Word lists the rules read, kept as data beside this module (``lexicons/<name>.txt``) so they can be tuned
without touching the rules.

A lexicon file holds one entry a line. ``#`` starts a comment; an entry may be followed by a tab and the example
sentence that motivated it. A mapping's entry is followed by a tab and its value (then, optionally, a tab and the
example). Word lists hold titles, verbs, offices and the like: never the people of one page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicons")


def _rows(name: str) -> list[list[str]]:
    """The tab-separated fields of each entry of ``lexicons/<name>.txt``, comments and blank lines left out."""
    rows = []
    for line in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        fields = [field.strip() for field in line.split("#", 1)[0].split("\t")]
        if fields[0]:
            rows.append(fields)
    return rows


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>.txt``, lower-cased."""
    return frozenset(fields[0].lower() for fields in _rows(name))


@cache
def mapping(name: str) -> dict[str, str]:
    """The entries of ``lexicons/<name>.txt`` with the value after each, entries lower-cased."""
    return {fields[0].lower(): fields[1] for fields in _rows(name) if len(fields) >= 2}

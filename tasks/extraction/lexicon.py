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


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>.txt``, lower-cased."""
    path = LEXICON_DIR / f"{name}.txt"
    entries: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("\t", 1)[0].split("#", 1)[0].strip().lower()
        if entry:
            entries.add(entry)
    return frozenset(entries)


@cache
def mapping(name: str) -> dict[str, str]:
    """The entries of ``lexicons/<name>.txt`` with the value after each, entries lower-cased."""
    pairs: dict[str, str] = {}
    for line in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split("\t") if not line.lstrip().startswith("#") else []
        if len(fields) >= 2 and fields[0].strip():
            pairs[fields[0].strip().lower()] = fields[1].strip()
    return pairs

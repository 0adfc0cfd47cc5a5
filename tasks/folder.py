"""What the source folder holds, with no Prefect import: the command line checks a folder before Prefect starts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def printable(os_text: str) -> str:
    """A file name that is not valid UTF-8 still needs a printable, storable key."""
    return os_text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def page_path(file_path: str, record_id: str | None) -> str:
    """A page's path: its file's, and '#' and its record's id for a page inside a file that holds many."""
    return f"{file_path}#{record_id}" if record_id else file_path


def file_of_page(source_path: str, record_id: str | None) -> str:
    """The file a page lives in: its path without the '#record' suffix (page_path's inverse)."""
    return source_path.removesuffix(f"#{record_id}") if record_id else source_path


def iter_source_files(folder: str | Path, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every regular file under folder as (its '/'-separated path below folder, its entry): a folder's own files by
    name, then each sub-folder's in turn by name; hidden files and folders are skipped.

    os.scandir rather than os.walk and Path: the listing tells files from folders, so a file costs one stat (in
    describe_file) instead of two, and no Path is built: 0.5 s against 1.3 s for 50,000 files.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda entry: entry.name)
    except OSError:
        return  # as os.walk does: a folder that cannot be listed is left out
    for entry in entries:
        if entry.is_file():
            yield prefix + entry.name, entry
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from iter_source_files(entry.path, f"{prefix}{entry.name}/")


class SourceShrank(Exception):
    """The source folder holds far fewer pages than the warehouse knows: a typo, or a drive not mounted yet."""


def check_not_shrunk(source_dir: str, found: int, known: int, allow_shrink: bool, unit: str = "pages") -> None:
    """Stop before writing when the folder is empty or holds less than half of what the ledger knows: a run would
    mark the rest gone (and --prune delete their events). allow_shrink says the user means it."""
    if allow_shrink:
        return
    proceed = "if that is what you mean, run again with --allow-shrink (allow_shrink=true in Prefect)"
    if found == 0:
        raise SourceShrank(f"{source_dir} holds no {unit}: nothing was written; {proceed}")
    if found * 2 < known:
        raise SourceShrank(
            f"{source_dir} holds {found} {unit}, less than half of the {known} the warehouse knows: nothing was "
            f"written; check the folder, or {proceed}"
        )

"""Find the pages in the source folder and tell which are new, changed or unchanged.

A file whose size and modification time (st_mtime_ns) are those the ledger recorded keeps its recorded hash
without being read (the make/rsync rule); any other file is hashed (SHA-256). A file that holds many pages (JSON
lines, a web archive) is read as a stream, each page hashed on its own; unchanged, its pages are listed from the
ledger without reading it, so a new archive beside old ones costs only its own records.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.files import SourceFile
from schemas.plan import LedgerEntry
from tasks.folder import file_of_page, iter_source_files, page_path, printable
from tasks.parsing import PARSER_VERSION
from tasks.parsing.formats import holds_many_pages, pages_in_file

HASH_CHUNK_BYTES = 1 << 20


def sha256_of(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def recorded_hash(entry: LedgerEntry | None, size_bytes: int, modified_ns: int | None) -> str | None:
    """The make/rsync rule: a file with the size and modification time the ledger recorded still holds the content
    recorded, so it need not be read; None when it must be hashed."""
    if entry is None or entry.modified_ns is None:
        return None
    return entry.content_sha256 if (entry.size_bytes, entry.modified_ns) == (size_bytes, modified_ns) else None


def describe(path: Path, source_dir: Path, ledger: Mapping[str, LedgerEntry]) -> SourceFile:
    """One file of source_dir as discovery describes it."""
    return describe_file(path, path.relative_to(source_dir).as_posix(), ledger)


def describe_file(path: str | os.PathLike[str], os_path: str, ledger: Mapping[str, LedgerEntry]) -> SourceFile:
    """What the file at path (os_path below the source folder) is now; it is hashed unless the ledger's size and
    modification time still match."""
    source_path = printable(os_path)
    entry = ledger.get(source_path)
    try:
        # Stat before reading: a write during the hashing leaves a newer mtime, so the next run hashes it again.
        stat = os.stat(path)
        size_bytes, modified_ns = stat.st_size, stat.st_mtime_ns
        content_sha256: str | None = recorded_hash(entry, size_bytes, modified_ns) or sha256_of(path)
        read_error = None
    except OSError as error:
        size_bytes, modified_ns, content_sha256 = 0, None, None
        read_error = f"unreadable file: {error.strerror or error}"
    if entry is None:
        change = "new"
    elif entry.content_sha256 == content_sha256 and read_error is None:
        change = "unchanged"
    else:
        change = "changed"
    return SourceFile(
        source_path=source_path,
        os_path=os_path,
        file_name=printable(os_path.rpartition("/")[2]),
        size_bytes=size_bytes,
        modified_ns=modified_ns,
        content_sha256=content_sha256,
        change=change,
        read_error=read_error,
    )


def change_of(entry: LedgerEntry | None, content_sha256: str | None) -> str:
    if entry is None:
        return "new"
    return "unchanged" if entry.content_sha256 == content_sha256 else "changed"


def known_unchanged(known: list[tuple[str, LedgerEntry]], size_bytes: int, modified_ns: int) -> bool:
    """The make/rsync rule for a many-page file: every page the ledger holds of it was read from this very file
    (same size and modification time) by this parser, so its pages are those recorded. A file found broken is read
    again, to report why."""
    live = [entry for _, entry in known if entry.status != "gone"]
    broken = any(entry.record_id is None and entry.status == "quarantined" for entry in live)
    return (
        bool(live)
        and not broken
        and all(
            (entry.size_bytes, entry.modified_ns, entry.parsed_with) == (size_bytes, modified_ns, PARSER_VERSION)
            for entry in live
        )
    )


def describe_many(
    path: str | os.PathLike[str], os_path: str, ledger: Mapping[str, LedgerEntry], known: list[tuple[str, LedgerEntry]]
) -> list[SourceFile]:
    """The pages of a file that holds many; the file itself is one quarantined page when it holds none or breaks off
    (the pages before the break are kept)."""
    file_path, file_name = printable(os_path), printable(os_path.rpartition("/")[2])
    try:
        stat = os.stat(path)
    except OSError:
        return [describe_file(path, os_path, ledger)]
    base = {"os_path": os_path, "file_name": file_name, "size_bytes": stat.st_size, "modified_ns": stat.st_mtime_ns}
    if known_unchanged(known, stat.st_size, stat.st_mtime_ns):
        return [
            SourceFile(
                source_path=source_path,
                content_sha256=entry.content_sha256,
                change="unchanged",
                record_id=entry.record_id,
                record_offset=entry.record_offset,
                **base,
            )
            for source_path, entry in known
            if entry.status != "gone"
        ]
    pages: list[SourceFile] = []
    problem = None
    try:
        for page in pages_in_file(path, file_name):
            source_path = page_path(file_path, page.record_id)
            pages.append(
                SourceFile(
                    source_path=source_path,
                    content_sha256=page.content_sha256,
                    change=change_of(ledger.get(source_path), page.content_sha256),
                    record_id=page.record_id,
                    record_offset=page.offset,
                    **base,
                )
            )
    except Exception as error:  # any reader's error (gzip, WARC, JSON, I/O): the pages before it still count
        problem = f"{'cut short after ' + str(len(pages)) + ' pages' if pages else 'unreadable'}: {error}"
    if pages and problem is None:
        return pages
    whole_sha256 = sha256_of(path)
    whole = SourceFile(
        source_path=file_path,
        content_sha256=whole_sha256,
        change=change_of(ledger.get(file_path), whole_sha256),
        read_error=problem or "no pages in this file (no JSON item, or no HTML response record)",
        **base,
    )
    return [*pages, whole]


def ledger_by_file(ledger: Mapping[str, LedgerEntry]) -> dict[str, list[tuple[str, LedgerEntry]]]:
    by_file: dict[str, list[tuple[str, LedgerEntry]]] = defaultdict(list)
    for source_path, entry in ledger.items():
        by_file[file_of_page(source_path, entry.record_id)].append((source_path, entry))
    return by_file


def discover_pages(source_dir: Path, ledger: Mapping[str, LedgerEntry]) -> list[SourceFile]:
    """Every page of the source folder: one per file, or each record of a file that holds many."""
    by_file = ledger_by_file(ledger)
    found: list[SourceFile] = []
    for os_path, entry in iter_source_files(source_dir):
        if holds_many_pages(entry.name):
            found += describe_many(entry, os_path, ledger, by_file.get(printable(os_path), []))
        else:
            found.append(describe_file(entry, os_path, ledger))
    return found


@task(name="discover files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_files(source_dir: Path, ledger: Mapping[str, LedgerEntry]) -> list[SourceFile]:
    """Describe every page of the source folder; ledger holds what the warehouse recorded for each path seen before."""
    found = discover_pages(source_dir, ledger)
    get_run_logger().info(
        "discovered %d pages in %s: %d new, %d changed, %d unchanged; %d known by size and time, not read",
        len(found),
        source_dir,
        sum(f.change == "new" for f in found),
        sum(f.change == "changed" for f in found),
        sum(f.change == "unchanged" for f in found),
        sum(recorded_hash(ledger.get(f.source_path), f.size_bytes, f.modified_ns) is not None for f in found),
    )
    return found

"""Discovery: which files are new, changed or unchanged, and which files it must read to tell.

The ledger each test discovers against is the one a run records and the next run reads back: written with the
load stage's own functions into a real DuckDB file, read with read_state.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb

from schemas.files import SourceFile
from schemas.plan import LedgerEntry
from tasks.discover import discover_files
from tasks.load import ledger_rows, read_state, replace_ledger_rows
from tasks.warehouse import open_build

PAGE = "002_f2ef523ba8663a2c.txt"
SECOND_NS = 1_000_000_000


def record(warehouse: Path, found: list[SourceFile]) -> None:
    con = open_build(warehouse)
    try:
        replace_ledger_rows(con, ledger_rows("run-1", found, set(), {}))
    finally:
        con.close()


def recorded_ledger(warehouse: Path) -> dict[str, LedgerEntry]:
    """As the next run reads it: from the published file, opened read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return read_state(con).ledger


def by_path(found: list[SourceFile]) -> dict[str, SourceFile]:
    return {source_file.source_path: source_file for source_file in found}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_mtime(path: Path, modified_ns: int) -> None:
    os.utime(path, ns=(path.stat().st_atime_ns, modified_ns))


def rewrite_keeping_size_and_time(path: Path) -> None:
    """Other bytes, same length, and the modification time put back: only reading the file can tell."""
    before = path.stat()
    content = path.read_bytes()
    path.write_bytes(content.swapcase())
    set_mtime(path, before.st_mtime_ns)
    assert path.read_bytes() != content and path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def discover_and_record(folder: Path, warehouse: Path) -> dict[str, SourceFile]:
    found = discover_files(folder, {})
    record(warehouse, found)
    return by_path(found)


def test_the_ledger_keeps_each_files_size_and_modification_time(seed_folder: Path, warehouse: Path) -> None:
    warehouse.parent.mkdir()
    first = discover_and_record(seed_folder, warehouse)
    ledger = recorded_ledger(warehouse)
    page = seed_folder / PAGE
    assert first[PAGE].modified_ns == page.stat().st_mtime_ns
    assert (ledger[PAGE].size_bytes, ledger[PAGE].modified_ns) == (page.stat().st_size, page.stat().st_mtime_ns)


def test_a_file_with_the_recorded_size_and_time_is_not_read(seed_folder: Path, warehouse: Path) -> None:
    warehouse.parent.mkdir()
    first = discover_and_record(seed_folder, warehouse)
    page = seed_folder / PAGE
    rewrite_keeping_size_and_time(page)
    again = by_path(discover_files(seed_folder, recorded_ledger(warehouse)))
    # The hash of the bytes it held before: discovery trusted the ledger and never opened the file.
    assert again[PAGE].change == "unchanged"
    assert again[PAGE].content_sha256 == first[PAGE].content_sha256 != sha256(page)
    assert {source_file.change for source_file in again.values()} == {"unchanged"}


def test_a_touched_file_with_the_same_content_is_hashed_and_unchanged(seed_folder: Path, warehouse: Path) -> None:
    warehouse.parent.mkdir()
    first = discover_and_record(seed_folder, warehouse)
    page = seed_folder / PAGE
    touched_ns = page.stat().st_mtime_ns + 5 * SECOND_NS
    set_mtime(page, touched_ns)
    again = by_path(discover_files(seed_folder, recorded_ledger(warehouse)))
    assert again[PAGE].change == "unchanged"
    assert again[PAGE].content_sha256 == first[PAGE].content_sha256 == sha256(page)
    assert again[PAGE].modified_ns == touched_ns


def test_same_size_other_content_and_a_new_time_is_changed(seed_folder: Path, warehouse: Path) -> None:
    warehouse.parent.mkdir()
    first = discover_and_record(seed_folder, warehouse)
    page = seed_folder / PAGE
    modified_ns = page.stat().st_mtime_ns
    rewrite_keeping_size_and_time(page)
    set_mtime(page, modified_ns + SECOND_NS)
    again = by_path(discover_files(seed_folder, recorded_ledger(warehouse)))
    assert again[PAGE].change == "changed"
    assert again[PAGE].content_sha256 == sha256(page) != first[PAGE].content_sha256


def test_a_ledger_from_before_modified_ns_has_every_file_hashed(seed_folder: Path, warehouse: Path) -> None:
    warehouse.parent.mkdir()
    first = discover_and_record(seed_folder, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("ALTER TABLE raw.file_ledger DROP COLUMN modified_ns")
    ledger = recorded_ledger(warehouse)
    assert {entry.modified_ns for entry in ledger.values()} == {None}
    page = seed_folder / PAGE
    rewrite_keeping_size_and_time(page)
    again = by_path(discover_files(seed_folder, ledger))
    # Same size and time as when it was first hashed, yet read: the old ledger cannot vouch for it.
    assert again[PAGE].change == "changed"
    assert again[PAGE].content_sha256 == sha256(page) != first[PAGE].content_sha256
    # A run that writes opens the warehouse through raw.sql, which gives the old ledger the column back.
    open_build(warehouse).close()
    assert {entry.modified_ns for entry in recorded_ledger(warehouse).values()} == {None}

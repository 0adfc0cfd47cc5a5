"""The warehouse file: one writer at a time, built aside and published by atomic rename.

Analysts open the published file read-only at any moment. A run never writes it in place: it copies it to
<name>.building, writes there, and renames the copy over the published file only once every model and audit
has passed. A crash or a failed audit leaves the published file exactly as the last good run left it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from tasks.transform import SQL_DIR

LOCK_POLL_SECONDS = 0.5
# DuckDB's memory for a run's build (its default is 80 % of the machine's RAM). A run is one transaction, and until
# it commits DuckDB keeps the new rows and every rebuilt table in memory: the transforms of a 55,000-document
# warehouse took the flow process to 1.9 GB (about 800 MB with a 600MB cap). Past the cap DuckDB moves buffers to
# <build>.tmp/ on disk. LEGATION_DUCKDB_MEMORY_LIMIT overrides it, in DuckDB's units ("2GB").
DEFAULT_MEMORY_LIMIT = "512MB"


class WarehouseBusy(Exception):
    """Another run holds the warehouse's write lock."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def building_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".building")


@contextmanager
def write_lock(warehouse: Path, wait_seconds: float) -> Iterator[None]:
    """Hold the warehouse's write lock; the kernel drops it if the process dies, so a crash never leaves it stuck."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(warehouse), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another legation run is writing {warehouse}; waited {wait_seconds:.0f} s for it to finish"
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
        yield
    finally:
        os.close(descriptor)


def spill_path(build: Path) -> Path:
    return build.with_name(build.name + ".tmp")


def remove_build_files(build: Path) -> None:
    for leftover in (build, build.with_name(build.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(spill_path(build), ignore_errors=True)


def start_build(warehouse: Path) -> Path:
    """A private copy of the published warehouse (or a new file) for this run to write."""
    build = building_path(warehouse)
    remove_build_files(build)  # left behind by a run that crashed
    if warehouse.exists():
        shutil.copyfile(warehouse, build)
    return build


def open_build(build: Path, sql_dir: Path = SQL_DIR) -> duckdb.DuckDBPyConnection:
    memory_limit = os.environ.get("LEGATION_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
    config = {"memory_limit": memory_limit, "temp_directory": str(spill_path(build))}
    try:
        con = duckdb.connect(str(build), config=config)
    except (duckdb.ParserException, duckdb.InvalidInputException) as error:
        raise ValueError(
            f"LEGATION_DUCKDB_MEMORY_LIMIT={memory_limit!r} is not a memory size (e.g. 512MB, 2GB): {error}"
        ) from None
    con.execute((sql_dir / "raw.sql").read_text(encoding="utf-8"))
    return con


def publish(con: duckdb.DuckDBPyConnection, build: Path, warehouse: Path) -> None:
    """Make the build the published warehouse in one atomic step."""
    con.execute("CHECKPOINT")
    con.close()
    with build.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(build, warehouse)
    directory = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def row_counts(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = ("raw", "marts")) -> dict[str, int]:
    tables = con.execute(
        "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
        "WHERE schema_name IN (SELECT unnest(?)) AND NOT temporary ORDER BY schema_name, table_name",
        [list(schemas)],
    ).fetchall()
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for (table,) in tables}

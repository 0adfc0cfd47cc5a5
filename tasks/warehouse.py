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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

LOCK_POLL_SECONDS = 0.5
LOCK_WAIT_LOG_SECONDS = 30.0
# DuckDB's memory for a run's build (its default is 80 % of the machine's RAM), capped in two phases; past a cap
# DuckDB moves buffers to <build>.tmp/ on disk. Values are in DuckDB's units ("2GB").
# - While pages are loaded, the extraction workers hold ~570 MB and the build only appends rows, which DuckDB keeps
#   cached up to its cap: a one-transaction load of 50,000 pages' rows took the flow process to 690 MB under 512 MB
#   and to 450 MB under 256 MB, in the same time (28 s).
# - The transforms run after the workers have ended, rebuilding every table in one transaction: they took the flow
#   process to 1.9 GB uncapped on 55,000 documents; on the 50,000 pages' rows to 880-920 MB under 512 MB, and out
#   of memory under 256 MB.
LOAD_MEMORY_VARIABLE, DEFAULT_LOAD_MEMORY_LIMIT = "LEGATION_DUCKDB_LOAD_MEMORY_LIMIT", "256MB"
MEMORY_VARIABLE, DEFAULT_MEMORY_LIMIT = "LEGATION_DUCKDB_MEMORY_LIMIT", "512MB"


class WarehouseBusy(Exception):
    """Another run holds the warehouse's write lock."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def building_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".building")


@contextmanager
def write_lock(
    warehouse: Path, wait_seconds: float, holder: str = "", on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the warehouse's write lock; the kernel drops it if the process dies, so a crash never leaves it stuck.

    The holder (e.g. "legation run <id>") is written into the lock file, so that a run that waits can say whom it
    waits for: on_wait gets that line at once and every LOCK_WAIT_LOG_SECONDS.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(warehouse), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    next_report = time.monotonic()
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another legation run is writing {warehouse} ({lock_holder(warehouse)}); waited "
                        f"{wait_seconds:.0f} s for it to finish"
                    ) from None
                if on_wait is not None and time.monotonic() >= next_report:
                    on_wait(f"waiting for the write lock of {warehouse}: held by {lock_holder(warehouse)}")
                    next_report = time.monotonic() + LOCK_WAIT_LOG_SECONDS
                time.sleep(LOCK_POLL_SECONDS)
        os.ftruncate(descriptor, 0)
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
        os.pwrite(descriptor, f"{holder or 'a legation run'} (pid {os.getpid()}, since {since})\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)


def lock_holder(warehouse: Path) -> str:
    """Who holds the write lock, as its holder wrote it."""
    try:
        return lock_path(warehouse).read_text(encoding="utf-8").strip() or "another process"
    except OSError:
        return "another process"


def spill_path(build: Path) -> Path:
    return build.with_name(build.name + ".tmp")


def handoff_path(build: Path) -> Path:
    """Where local extraction workers leave big chunks' rows as Parquet for the run to load (tasks/extract.py)."""
    return build.with_name(build.name + ".handoff")


def remove_build_files(build: Path) -> None:
    for leftover in (build, build.with_name(build.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(spill_path(build), ignore_errors=True)
    shutil.rmtree(handoff_path(build), ignore_errors=True)


def start_build(warehouse: Path) -> Path:
    """A private copy of the published warehouse (or a new file) for this run to write."""
    build = building_path(warehouse)
    remove_build_files(build)  # left behind by a run that crashed
    if warehouse.exists():
        shutil.copyfile(warehouse, build)
    return build


def memory_limit(variable: str, default: str) -> str:
    """A memory size from the environment, checked by DuckDB itself, which reads "512MB", "2GB", "1.5GiB"."""
    value = os.environ.get(variable) or default
    try:
        duckdb.connect(config={"memory_limit": value}).close()
    except (duckdb.ParserException, duckdb.InvalidInputException) as error:
        raise ValueError(f"{variable}={value!r} is not a memory size (e.g. 512MB, 2GB): {error}") from None
    return value


def open_build(build: Path, sql_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The build, capped for loading; both caps are checked here, before a run parses any page."""
    memory_limit(MEMORY_VARIABLE, DEFAULT_MEMORY_LIMIT)
    load_limit = memory_limit(LOAD_MEMORY_VARIABLE, DEFAULT_LOAD_MEMORY_LIMIT)
    con = duckdb.connect(str(build), config={"memory_limit": load_limit, "temp_directory": str(spill_path(build))})
    if sql_dir is None:
        # Imported here: this module stays free of Prefect, so the command line checks the memory settings fast.
        from tasks.transform import SQL_DIR

        sql_dir = SQL_DIR
    con.execute((sql_dir / "raw.sql").read_text(encoding="utf-8"))
    return con


def allow_transform_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Raise the build's cap to the transforms' once the extraction workers have ended."""
    con.execute(f"SET memory_limit = '{memory_limit(MEMORY_VARIABLE, DEFAULT_MEMORY_LIMIT)}'")


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


WAREHOUSE_SCHEMAS = ("raw", "staging", "marts", "reports")


def row_counts(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = WAREHOUSE_SCHEMAS) -> dict[str, int]:
    tables = con.execute(
        "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
        "WHERE schema_name IN (SELECT unnest(?)) AND NOT temporary ORDER BY schema_name, table_name",
        [list(schemas)],
    ).fetchall()
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for (table,) in tables}

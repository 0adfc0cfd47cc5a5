"""The checks the `legation` command makes before Prefect starts: a user's slip is one line and exit code 2 within
a second, not a traceback after the temporary server's start-up, and it leaves nothing behind (no folder, no lock).

Nothing here imports Prefect. The flows check the same things again, for runs the Prefect UI or a schedule starts.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import date
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import duckdb

from flows.errors import UsageError
from flows.settings import DASK_ADDRESS_VARIABLE, check_scheduler, resolve_dask_address, resolve_extract_workers
from tasks.folder import SourceShrank, check_not_shrunk, iter_source_files
from tasks.warehouse import (
    DEFAULT_LOAD_MEMORY_LIMIT,
    DEFAULT_MEMORY_LIMIT,
    LOAD_MEMORY_VARIABLE,
    MEMORY_VARIABLE,
    lock_path,
    memory_limit,
)

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def check_source_dir(source_dir: Path, flag: str = "--source-dir") -> None:
    """flag names where the folder came from: the option, or $LEGATION_SOURCE_DIR when the option was not given."""
    if not source_dir.exists():
        raise UsageError(f"{flag} {source_dir}: no such folder (a typo, or a drive not mounted yet?)")
    if not source_dir.is_dir():
        raise UsageError(f"{flag} {source_dir}: not a folder")
    if not os.access(source_dir, os.R_OK | os.X_OK):
        raise UsageError(f"{flag} {source_dir}: the folder cannot be read")


def check_warehouse(warehouse: Path, flag: str = "--warehouse", must_exist: bool = False) -> None:
    """The warehouse must be a DuckDB file, or a name a run can create, beside a lock it can write."""
    if warehouse.is_dir():
        example = warehouse / "legation.duckdb"
        raise UsageError(f"{flag} {warehouse}: a folder; give the DuckDB file, e.g. {example}")
    if warehouse.exists():
        check_duckdb_file(warehouse, flag)
    elif must_exist:
        raise UsageError(f"no warehouse at {warehouse}: run `legation run` first")
    check_output(warehouse, flag)
    if lock_path(warehouse).is_dir():
        raise UsageError(f"{flag} {warehouse}: its lock file {lock_path(warehouse)} is a folder")


def check_output(path: Path, flag: str = "--output") -> None:
    """A file the command will write: its folder exists and is writable, or can be made."""
    folder = nearest_existing_folder(path.parent)
    if folder is None or not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{flag} {path}: cannot write in {folder or path.parent}")


def check_duckdb_file(warehouse: Path, flag: str) -> None:
    try:
        with warehouse.open("rb") as handle:
            header = handle.read(12)
    except OSError as error:
        raise UsageError(f"{flag} {warehouse}: cannot be read ({error.strerror})") from None
    if header[8:12] != DUCKDB_MAGIC:
        kind = "an empty file" if not header else "not a DuckDB file"
        raise UsageError(f"{flag} {warehouse}: {kind}; remove it, or give the DuckDB file")


def setting_name(flag: str, given: str | None, variable: str) -> str:
    """How a message names a setting: the option the user typed, or the environment variable it came from."""
    return flag if given or not os.environ.get(variable) else f"${variable}"


def nearest_existing_folder(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate if candidate.is_dir() else None
    return None


def check_settings() -> None:
    """The memory caps and worker count from the environment."""
    try:
        memory_limit(MEMORY_VARIABLE, DEFAULT_MEMORY_LIMIT)
        memory_limit(LOAD_MEMORY_VARIABLE, DEFAULT_LOAD_MEMORY_LIMIT)
        resolve_extract_workers(None)
    except ValueError as error:
        raise UsageError(str(error)) from None


def check_cluster(dask_address: str | None) -> None:
    """A named Dask cluster answers, and the extra that talks to it is installed."""
    address = resolve_dask_address(dask_address)
    if address is None:
        return
    flag = setting_name("--dask-address", dask_address, DASK_ADDRESS_VARIABLE)
    if importlib.util.find_spec("prefect_dask") is None:
        raise UsageError(f"{flag} needs the dask extra: pip install -c constraints.txt -e '.[dask]'")
    try:
        check_scheduler(address)
    except ValueError as error:
        raise UsageError(f"{flag} {error}") from None


def iso_date(flag: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} {text!r}: not a date; write it as YYYY-MM-DD, e.g. 2021-03-01") from None


def check_date_range(published_from: date | None, published_to: date | None) -> None:
    if published_from and published_to and published_from > published_to:
        raise UsageError(f"--from {published_from} is after --to {published_to}")


def check_glob(file_glob: str, source_dir: Path) -> None:
    """A glob is matched against each page's path below the folder and its file name: one matching nothing is a
    typo, and a run that selects nothing would only say so after Prefect's start."""
    if not file_glob.strip():
        raise UsageError("--glob is empty; '*' selects every page")
    if file_glob.startswith("/"):
        raise UsageError(f"--glob {file_glob!r}: matched against paths below --source-dir, so it cannot start with /")
    for path, _ in iter_source_files(source_dir):
        if fnmatch(path, file_glob) or fnmatch(PurePosixPath(path).name, file_glob):
            return
    raise UsageError(f"--glob {file_glob!r} matches no file in {source_dir}")


def check_not_emptied(source_dir: Path, warehouse: Path, allow_shrink: bool) -> None:
    """The flow's guard against a missing or emptied folder, counted in files rather than pages, before it starts."""
    files = sum(1 for _ in iter_source_files(source_dir))
    try:
        check_not_shrunk(str(source_dir), files, known_files(warehouse), allow_shrink, unit="files")
    except SourceShrank as error:
        raise UsageError(str(error)) from None


def known_files(warehouse: Path) -> int:
    """Files the warehouse's ledger holds as present; a file of many pages counts once."""
    if not warehouse.exists():
        return 0
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            columns = {row[0] for row in con.execute("DESCRIBE raw.file_ledger").fetchall()}
            file_path = (
                "CASE WHEN record_id IS NULL THEN source_path "
                "ELSE left(source_path, length(source_path) - length(record_id) - 1) END"
                if "record_id" in columns
                else "source_path"
            )
            query = f"SELECT count(DISTINCT {file_path}) FROM raw.file_ledger WHERE status <> 'gone'"
            return con.execute(query).fetchone()[0]
    except duckdb.Error:
        return 0  # held open by a writer, or not a legation warehouse yet: the flow checks again under its lock

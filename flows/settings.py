"""Where legation reads pages and writes the warehouse: a parameter, else an environment variable, else a default."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from tasks.warehouse import handoff_path

DEFAULT_SOURCE_DIR = "seeds"
DEFAULT_WAREHOUSE = "warehouse/legation.duckdb"


def resolve_source_dir(source_dir: str | None) -> Path:
    return Path(source_dir or os.environ.get("LEGATION_SOURCE_DIR") or DEFAULT_SOURCE_DIR)


def resolve_warehouse(warehouse: str | None) -> Path:
    return Path(warehouse or os.environ.get("LEGATION_WAREHOUSE") or DEFAULT_WAREHOUSE)


# Each worker holds its own copy of the spaCy model (about 300 MB): on a big machine, or in a container whose CPU
# limit the affinity mask does not show, one worker per core would take memory the user did not plan for.
MAX_DEFAULT_WORKERS = 4


def resolve_extract_workers(workers: int | None) -> int:
    """Processes that extract events: a parameter, else $LEGATION_EXTRACT_WORKERS, else one per core (up to 4)."""
    if workers is not None:
        if workers < 1:
            raise ValueError(f"extract_workers must be at least 1, not {workers}")
        return workers
    configured = os.environ.get("LEGATION_EXTRACT_WORKERS", "").strip()
    if not configured:
        return min(usable_cores(), MAX_DEFAULT_WORKERS)
    return parse_worker_count(configured, "LEGATION_EXTRACT_WORKERS")


def parse_worker_count(text: str, source: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{source} must be a whole number of at least 1, not {text!r}")
    return int(text)


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


HANDOFF_DIR_VARIABLE = "LEGATION_HANDOFF_DIR"


def resolve_handoff_dir(build: Path, run_id: str) -> Path:
    """Where extraction workers leave big chunks' rows: under $LEGATION_HANDOFF_DIR (a folder every machine of a
    cluster mounts at the same path), else beside the run's build, which only this machine's workers reach."""
    shared = os.environ.get(HANDOFF_DIR_VARIABLE, "").strip()
    return Path(shared) / f"legation-{run_id}" if shared else handoff_path(build)


DASK_ADDRESS_VARIABLE = "LEGATION_DASK_ADDRESS"


def resolve_dask_address(dask_address: str | None) -> str | None:
    """The Dask scheduler to extract on: a parameter, else $LEGATION_DASK_ADDRESS, else none (this machine)."""
    return dask_address or os.environ.get(DASK_ADDRESS_VARIABLE) or None


def scheduler_url(address: str) -> SplitResult:
    """A scheduler address as given (tcp://host:port, or host:port) split into its parts."""
    return urlsplit(address if "://" in address else f"tcp://{address}")


def check_scheduler(address: str, timeout: float = 3.0) -> None:
    """A scheduler answers at the address: one clear error before anything is read, not a run that hangs."""
    parts = scheduler_url(address)
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or not parts.port:
        raise ValueError(f"{address}: not a Dask scheduler address (e.g. tcp://10.0.0.5:8786)")
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout):
            pass
    except OSError as error:
        raise ValueError(f"{address}: no Dask scheduler answers ({error.strerror or error})") from None

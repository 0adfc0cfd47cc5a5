"""`legation run` processes that start Prefect's temporary server, as on a user's machine, and the processes they
start, followed with psutil (pid and start time, so a reused pid is never taken for one of them)."""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from unittest import mock

import psutil

from tests.reliability import runs
from tests.reliability.runs import LegationRun

# What each process a run starts is, by a piece of its command line.
SERVER = "prefect.server.api.server"
WORKER = "multiprocessing.spawn"
TRACKER = "multiprocessing.resource_tracker"
WATCHER = "flows.processes"
KINDS = (SERVER, TRACKER, WORKER, WATCHER)
Seen = dict[psutil.Process, str]  # a run's descendants (a psutil process is its pid and start time), by kind


def temporary_server_env(prefect_home: Path) -> dict[str, str]:
    """No PREFECT_API_URL, so that the run starts its own temporary server; a PREFECT_HOME of the test's own, so
    that servers of tests side by side never share a database."""
    env = {name: value for name, value in runs.legation_env().items() if name != "PREFECT_API_URL"}
    # A fresh database takes its migrations first: slow on 2 busy cores, beyond Prefect's 20 s default.
    return {**env, "PREFECT_HOME": str(prefect_home), "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}


class ServerRun(LegationRun):
    """A LegationRun with its own temporary server (LegationRun reports to the session's test harness)."""

    def __init__(self, source_dir: Path, warehouse: Path, prefect_home: Path, *options: str) -> None:
        env = temporary_server_env(prefect_home)
        with mock.patch.object(runs, "legation_env", lambda: env):
            super().__init__(source_dir, warehouse, *options)


def kind(process: psutil.Process) -> str:
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return "gone"
    return next((k for k in KINDS if k in command), "other")


def alive(processes: Iterable[psutil.Process]) -> list[psutil.Process]:
    """Those still running: a zombie has ended, it only waits for its parent to reap it."""
    running = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
        except psutil.NoSuchProcess:
            pass
    return running


def describe(processes: Iterable[psutil.Process]) -> str:
    return ", ".join(f"{process.pid} ({kind(process)})" for process in processes) or "none"


def note_descendants(pid: int, seen: Seen) -> None:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return
    for child in children:
        # A child caught between fork and exec still shows its parent's command line: look again later.
        if seen.get(child, "other") == "other":
            seen[child] = kind(child)


def of_kind(seen: Seen, wanted: str) -> list[psutil.Process]:
    return [process for process, k in seen.items() if k == wanted]


def wait_for_descendants(run: LegationRun, wanted: dict[str, int], timeout: float, seen: Seen) -> None:
    """Note the run's descendants in seen until it has at least the wanted number of each kind alive at once."""
    deadline = time.monotonic() + timeout
    while True:
        note_descendants(run.process.pid, seen)
        now = Counter(seen[process] for process in alive(seen))
        if all(now[k] >= n for k, n in wanted.items()):
            return
        assert run.process.poll() is None, f"the run ended before it had {wanted}:\n{run.output[-3000:]}"
        assert time.monotonic() < deadline, f"after {timeout} s the run has {dict(now)}, not {wanted}"
        time.sleep(0.1)


def seconds_until_gone(processes: Iterable[psutil.Process], timeout: float) -> float | None:
    """How long until none of the processes runs (None: some still run after timeout)."""
    processes = list(processes)
    started = time.monotonic()
    while alive(processes):
        if time.monotonic() - started > timeout:
            return None
        time.sleep(0.05)
    return time.monotonic() - started


def kill_all(processes: Iterable[psutil.Process]) -> None:
    """SIGKILL what is still alive (psutil refuses a pid that now names another process)."""
    for process in alive(processes):
        with contextlib.suppress(psutil.Error):
            process.kill()


def stamped_with(run_pid: int) -> list[psutil.Process]:
    """Processes carrying a run's stamp in their environment (flows/processes.py)."""
    found = []
    for process in psutil.process_iter(["environ"]):
        stamp = (process.info["environ"] or {}).get("LEGATION_RUN", "")
        if stamp.partition("@")[0] == str(run_pid) and process.pid != os.getpid():
            found.append(process)
    return alive(found)

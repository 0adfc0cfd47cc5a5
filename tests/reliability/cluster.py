"""A real Dask cluster on 127.0.0.1 for the tests: `dask scheduler` (port 0, a scheduler file) and `dask worker`
processes, stopped by PID."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.runs import REPO, legation_env

DASK = str(Path(sys.executable).with_name("dask"))
START_TIMEOUT = 90.0


@dataclass
class Cluster:
    address: str
    scheduler_file: Path
    processes: list[subprocess.Popen]

    def client(self):
        from distributed import Client

        return Client(scheduler_file=str(self.scheduler_file), timeout=30)

    def worker_pids(self) -> dict[str, int]:
        with self.client() as client:
            return client.run(os.getpid)

    def busy_workers(self) -> list[str]:
        """The workers running a task now."""
        with self.client() as client:
            return [address for address, keys in client.processing().items() if keys]

    def models_loaded(self) -> dict[str, int]:
        """Per worker, how often its process loaded the spaCy model."""
        with self.client() as client:
            return client.run(_models_loaded)


def _models_loaded() -> int:
    from tasks.extraction import nlp

    return nlp.models_loaded


@contextmanager
def local_cluster(
    folder: Path, workers: int = 2, preload: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[Cluster]:
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    # PYTHONPATH: the tests' own helpers (run on the workers by Client.run) are importable there too.
    environment = {**legation_env(), "PYTHONPATH": str(REPO), **(env or {})}
    processes: list[subprocess.Popen] = []

    def start(*arguments: str, log: str) -> None:
        with (folder / log).open("wb") as output:
            processes.append(
                subprocess.Popen(
                    [DASK, *arguments], cwd=REPO, env=environment, stdout=output, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )  # fmt: skip

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(scheduler_file), log="scheduler.log")  # fmt: skip
        wait_for(lambda: scheduler_file.exists() and scheduler_file.stat().st_size > 0, "the scheduler file")
        address = json.loads(scheduler_file.read_text())["address"]
        for number in range(workers):
            extra = ["--preload", str(preload)] if preload else []
            start("worker", "--scheduler-file", str(scheduler_file), "--nworkers", "1", "--nthreads", "1",
                  "--host", "127.0.0.1", "--no-dashboard", *extra, log=f"worker-{number}.log")  # fmt: skip
        cluster = Cluster(address, scheduler_file, processes)
        with cluster.client() as client:
            client.wait_for_workers(workers, timeout=START_TIMEOUT)
        yield cluster
    finally:
        for process in processes:
            stop(process)


def wait_for(condition, what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not appear within {timeout:.0f} s"
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    """The process and everything it started (a worker's nanny starts the worker): its whole session."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue

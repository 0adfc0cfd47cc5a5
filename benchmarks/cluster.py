"""Extraction on a Dask cluster: a local one started here (`dask scheduler`, `dask worker` processes on 127.0.0.1),
or one already running (`--dask-address`); pages per second with 1, 2 and 4 workers and the scaling efficiency."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import write_corpus

DASK = str(Path(sys.executable).with_name("dask"))
REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90.0


@contextmanager
def local_cluster(
    folder: Path, workers: int, env: dict[str, str] | None = None, preload: Path | None = None
) -> Iterator[tuple[str, Path]]:
    """A scheduler (port 0, a scheduler file) and `workers` single-threaded worker processes; (address, file)."""
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
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
        preloads = ["--preload", str(preload)] if preload else []
        for number in range(workers):
            start("worker", "--scheduler-file", str(scheduler_file), "--nworkers", "1", "--nthreads", "1",
                  "--host", "127.0.0.1", "--no-dashboard", *preloads, log=f"worker-{number}.log")  # fmt: skip
        from distributed import Client

        with Client(scheduler_file=str(scheduler_file), timeout=30) as client:
            client.wait_for_workers(workers, timeout=START_TIMEOUT)
        yield address, scheduler_file
    finally:
        for process in processes:
            stop(process)


def wait_for(condition, what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not appear within {timeout:.0f} s")
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


@dataclass
class ClusterRun:
    workers: int
    pages: int
    seconds: float
    flow_seconds: float  # parse, load, transforms, publish: what stays on the flow's machine

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def extraction_seconds(self) -> float:
        return max(self.seconds - self.flow_seconds, 1e-9)


def run_on(address: str, corpus: Path, warehouse: Path, workers: int) -> ClusterRun:
    from flows.ingest import ingest
    from flows.runners import with_task_runner

    started = time.perf_counter()
    summary = with_task_runner(ingest, dask_address=address)(source_dir=str(corpus), warehouse=str(warehouse))
    seconds = time.perf_counter() - started
    flow_only = sum(summary.stage_seconds.get(stage, 0.0) for stage in ("discover", "parse", "load", "transform"))
    return ClusterRun(workers, summary.documents_loaded, seconds, flow_only)


def benchmark_cluster(pages: int, worker_counts: list[int], dask_address: str | None) -> list[ClusterRun]:
    """One fresh run per cluster size; with dask_address, one run on that cluster as it is."""
    workdir = Path(tempfile.mkdtemp(prefix="legation-cluster-"))
    corpus = workdir / "pages"
    write_corpus(corpus, pages)
    if dask_address:
        return [run_on(dask_address, corpus, workdir / "given.duckdb", 0)]
    runs = []
    for workers in worker_counts:
        print(f"[{pages} pages] {workers} Dask workers ...", file=sys.stderr, flush=True)
        with local_cluster(workdir / f"cluster-{workers}", workers) as (address, _):
            runs.append(run_on(address, corpus, workdir / f"w{workers}.duckdb", workers))
    return runs


def cluster_table(runs: list[ClusterRun]) -> str:
    base = runs[0]
    lines = [
        "| workers | pages | run s | pages/s | flow's own s | extraction s | scaling efficiency |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        efficiency = (base.extraction_seconds * base.workers) / (run.extraction_seconds * run.workers)
        lines.append(
            f"| {run.workers or 'given'} | {run.pages} | {run.seconds:.1f} | {run.pages_per_second:.1f} "
            f"| {run.flow_seconds:.1f} | {run.extraction_seconds:.1f} | {efficiency:.0%} |"
        )
    return "\n".join(lines)

"""Nothing outlives a dead run: SIGKILL a real `legation run`'s own pid only (as the OOM killer or a user does, not
its process group), and its temporary Prefect server and extraction workers end within seconds; if its watcher died
too, the next run ends them; a run that ends normally leaves no process behind.

The runs start Prefect's temporary server (no PREFECT_API_URL), as on a user's machine, and read enough pages for the
extraction workers to start (--workers 2).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from flows.processes import STAMP, end_dead_runs_processes, identity
from tasks.extract import CHUNK_SIZE, MIN_PAGES_FOR_WORKERS
from tests.conftest import migrated_prefect_home
from tests.reliability.corpus import SEEDS, write_news_pages
from tests.reliability.processes import (
    SERVER,
    WATCHER,
    WORKER,
    Seen,
    ServerRun,
    alive,
    describe,
    kill_all,
    note_descendants,
    of_kind,
    seconds_until_gone,
    stamped_with,
    wait_for_descendants,
)
from tests.reliability.runs import LegationRun

# With the seed pages, one batch just big enough to keep two workers busy (two chunks).
PAGES = max(MIN_PAGES_FOR_WORKERS, 2 * CHUNK_SIZE) - len(list(SEEDS.iterdir()))
START_TIMEOUT = 90.0  # the temporary server, discovery, parsing, the workers loading spaCy; 2 busy cores
GONE_TIMEOUT = 10.0


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read by every run, changed by none."""
    folder = tmp_path_factory.mktemp("dead-runs") / "pages"
    shutil.copytree(SEEDS, folder)
    write_news_pages(folder, PAGES, seed=23)
    return folder


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One per pytest worker (tests of one worker run one after another), its database a copy of the test harness's:
    migrated already, which spares each temporary server 15-20 s of migrations on 2 busy cores."""
    return migrated_prefect_home(tmp_path_factory.mktemp("prefect-home"))


@pytest.fixture
def seen() -> Iterator[Seen]:
    """The processes a test saw; whatever the outcome, none outlives the test (a failure would leave 600 MB)."""
    processes: Seen = {}
    yield processes
    kill_all(processes)


def server_run(pages: Path, tmp_path: Path, prefect_home: Path, seen: Seen) -> ServerRun:
    run = ServerRun(pages, tmp_path / "warehouse" / "legation.duckdb", prefect_home, "--workers", "2")
    seen[psutil.Process(run.process.pid)] = "run"
    return run


def descendants(seen: Seen) -> list[psutil.Process]:
    return [process for process, k in seen.items() if k != "run"]


def test_killing_only_the_run_pid_ends_its_server_and_workers(
    pages: Path, tmp_path: Path, prefect_home: Path, seen: Seen
) -> None:
    run = server_run(pages, tmp_path, prefect_home, seen)
    wait_for_descendants(run, {SERVER: 1, WORKER: 2}, START_TIMEOUT, seen)
    children = descendants(seen)
    before = Counter(seen[process] for process in alive(children))
    # A run starting now ends the processes of dead runs only: this live run's are left alone.
    watched = alive(of_kind(seen, SERVER) + of_kind(seen, WORKER) + of_kind(seen, WATCHER))
    end_dead_runs_processes(spare={os.getpid()})
    assert alive(watched) == watched, "a run starting beside a live one ended the live one's processes"
    os.kill(run.process.pid, signal.SIGKILL)
    # Not reaped yet: the dead run's pid still exists, as a zombie, and must not pass for a live run.
    gone_after = seconds_until_gone(children, GONE_TIMEOUT)
    run.process.wait(timeout=10)
    assert gone_after is not None, (
        f"{GONE_TIMEOUT} s after the run's pid was killed, its processes still run: {describe(alive(children))}"
    )
    print(f"run killed with {dict(before)}: all gone {gone_after:.1f} s after the kill")
    assert not stamped_with(run.process.pid), "processes started by the run still run"


def test_the_next_run_ends_what_a_run_killed_with_its_watcher_left(
    pages: Path, tmp_path: Path, prefect_home: Path, seen: Seen
) -> None:
    run = server_run(pages, tmp_path, prefect_home, seen)
    wait_for_descendants(run, {SERVER: 1, WORKER: 2, WATCHER: 1}, START_TIMEOUT, seen)
    for watcher in alive(of_kind(seen, WATCHER)):
        watcher.kill()
    os.kill(run.process.pid, signal.SIGKILL)
    run.process.wait(timeout=10)
    workers = of_kind(seen, WORKER)
    workers_gone_after = seconds_until_gone(workers, GONE_TIMEOUT)
    assert workers_gone_after is not None, f"orphaned workers still run: {describe(alive(workers))}"
    servers = alive(of_kind(seen, SERVER))
    print(
        f"run and watcher killed: workers gone by themselves {workers_gone_after:.1f} s later; {describe(servers)} left"
    )

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    started_at = time.monotonic()
    next_run = LegationRun(seeds, tmp_path / "next" / "legation.duckdb")
    try:
        assert next_run.wait_for(r"Beginning flow run", START_TIMEOUT), next_run.output[-3000:]
        survivors = alive(descendants(seen))
        flow_began_after = time.monotonic() - started_at
        assert next_run.finish() == 0, f"the next run failed:\n{next_run.output[-3000:]}"
    finally:
        if next_run.process.poll() is None:
            next_run.kill()
    assert not survivors, f"the next run began its flow with the dead run's processes alive: {describe(survivors)}"
    ended = [line for line in next_run.lines if line.startswith("legation: ended")]
    print(f"next run's flow began {flow_began_after:.1f} s after its start; it logged {ended or 'nothing ended'}")
    # Another test's run starting meanwhile may have ended the server first (any run that starts does), and this run
    # may also end another test's dead run's leftovers: what matters is that ours are gone, checked above.
    assert all(line.startswith("legation: ended ") and "left by dead run" in line for line in ended), ended


def test_a_run_that_ends_normally_leaves_no_process(
    pages: Path, tmp_path: Path, prefect_home: Path, seen: Seen
) -> None:
    run = server_run(pages, tmp_path, prefect_home, seen)
    while run.process.poll() is None:
        note_descendants(run.process.pid, seen)
        time.sleep(0.1)
    assert run.finish() == 0, f"legation run failed:\n{run.output[-3000:]}"
    children = descendants(seen)
    gone_after = seconds_until_gone(children, GONE_TIMEOUT)
    assert gone_after is not None, f"processes the finished run started still run: {describe(alive(children))}"
    kinds = Counter(seen[process] for process in children)
    print(f"run ended normally: its processes {dict(kinds)} were all gone {gone_after:.1f} s after it")
    assert kinds[WATCHER] == 1, f"the run had no watcher: {dict(kinds)}"
    assert kinds[WORKER] >= 2, f"the run did not start its workers: {dict(kinds)}"
    # The workers report to the run's temporary server: a server of their own each would be 220 MB apiece.
    assert kinds[SERVER] == 1, f"the run and its workers started {kinds[SERVER]} Prefect servers, not 1: {dict(kinds)}"


def test_only_the_processes_of_dead_runs_are_ended(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs side by side: a run that starts ends the processes stamped by a dead run, never those of a live one."""

    def python(code: str, stamp: str | None = None) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k != STAMP} | ({STAMP: stamp} if stamp else {})
        return subprocess.Popen([sys.executable, "-c", code], env=env)

    sleep = "import time; time.sleep(60)"
    live_run, dead_run = python(sleep), python("pass")
    dead_stamp = identity(psutil.Process(dead_run.pid))  # a zombie until waited for: its start time is still there
    dead_run.wait()
    started = [live_run, python(sleep, identity(psutil.Process(live_run.pid))), python(sleep, dead_stamp)]
    processes = [psutil.Process(p.pid) for p in started]
    try:
        end_dead_runs_processes(spare={os.getpid()})
        assert seconds_until_gone(processes[2:], GONE_TIMEOUT) is not None, "the dead run's process still runs"
        assert alive(processes[:2]) == processes[:2], "a live run's process was ended"
    finally:
        kill_all(processes)
        for process in started:
            process.wait()
    # One line, which may list more: other tests' dead runs' leftovers, which any run that starts ends too.
    (ended,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("legation: ended ")]
    listed, _, runs = ended.partition(", left by dead run ")
    assert re.search(rf" {processes[2].pid}[,)]", listed) and str(dead_run.pid) in runs.split(", "), ended

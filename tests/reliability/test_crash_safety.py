"""SIGKILL a real `legation run` at each stage: the published warehouse never changes, the lock never sticks.

Two chains of runs work on two copies of the same published warehouse, side by side (2 cores). In each chain every
run is killed at a later stage than the one before, so each run after the first is the re-run of a killed run (it
starts with the killed run's lock file and stale build file). Then each chain's warehouse gets one more run, not
killed, which must publish exactly the rows of an uninterrupted run on the same inputs from the same start (run in
this process meanwhile).
"""

from __future__ import annotations

import random
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flows.ingest import ingest
from tests.reliability.corpus import SEEDS, write_news_pages
from tests.reliability.runs import (
    REPO,
    LegationRun,
    Snapshot,
    building_path,
    differences,
    lock_is_held,
    snapshot,
)

PAGES = 30
BATCH_SIZE = 10  # three batches: a kill can land between two loaded batches of one transaction
STAGE_TIMEOUT = 120.0

# The log lines that start each stage, in the order a run writes them; the stage a run was in when it died is the
# one begun by the last such line it wrote.
STAGE_MARKS = (
    (r"Beginning flow run", "discover"),  # the lock is taken, the published state read, the folder hashed
    (r"discovered \d+ files", "plan"),
    (r"batch \d+ of \d+", "parse"),
    (r"parsed \d+ files", "extract"),
    (r"extracted from \d+ documents", "load"),
    (r"loaded \d+ documents and \d+ mentions", "load"),
    (r"model \d+/\d+: ", "transforms"),
    (r"\d+ audits passed", "publish"),  # commit, checkpoint, fsync, rename
    (r"Flow run .* Finished in state", "completed"),
)
# When each kill is sent: the line to wait for.
KILL_AT = {
    "discover": r"Beginning flow run",  # then: as soon as the run holds the write lock
    "extract": r"parsed \d+ files",
    "load": r"extracted from \d+ documents",
    "transforms": r"model 6/\d+: ",
    "publish": r"\d+ audits passed",
}
CHAINS = (("discover", "load", "publish"), ("extract", "transforms"))
# This process imported the pipeline's code now; the subprocesses read it when they start.
CODE_LOADED_AT = time.time()


def code_changed_since_loaded() -> list[Path]:
    """Product files edited while the test ran: then a reference built in this process runs other code."""
    return [
        path
        for folder in ("flows", "tasks", "schemas", "sql")
        for path in (REPO / folder).rglob("*")
        if path.suffix in (".py", ".sql") and path.stat().st_mtime > CODE_LOADED_AT
    ]


@dataclass
class Kill:
    aimed_at: str
    stage: str  # the stage the run was really in when it died
    published: Snapshot | None  # what a kill after the rename published (without run ids), else None
    left_build_file: bool
    seconds: float


def stage_at_death(run: LegationRun) -> str:
    stage = "start"
    for line in run.lines:
        for pattern, begun in STAGE_MARKS:
            if re.search(pattern, line):
                stage = begun
    return stage


def kill_when(run: LegationRun, aimed_at: str, warehouse: Path) -> bool:
    """Wait for the point, kill the run's process group; returns whether the run held the write lock then."""
    assert run.wait_for(KILL_AT[aimed_at], STAGE_TIMEOUT), f"no {KILL_AT[aimed_at]!r} line:\n{run.output[-3000:]}"
    held = lock_is_held(warehouse)
    if aimed_at == "discover":
        deadline = time.monotonic() + 30
        while not held and not run.seen(r"discovered \d+ files") and time.monotonic() < deadline:
            time.sleep(0.005)
            held = lock_is_held(warehouse)
    run.kill()
    return held


def kill_chain(source: Path, warehouse: Path, points: tuple[str, ...]) -> list[Kill]:
    """Kill one run at each point in turn; after each kill the published warehouse is the last good one."""
    last_good = snapshot(warehouse)
    kills = []
    for aimed_at in points:
        started = time.monotonic()
        run = LegationRun(source, warehouse, "--batch-size", str(BATCH_SIZE))
        held_lock = kill_when(run, aimed_at, warehouse)
        stage = stage_at_death(run)
        if stage == "start" and held_lock:
            stage = "discover"
        assert stage != "completed", f"the run finished before the kill aimed at {aimed_at}:\n{run.output[-2000:]}"
        assert not lock_is_held(warehouse), f"the write lock is still held after the kill in {stage}"
        now = snapshot(warehouse)
        published = None
        if now != last_good:
            # Only a kill after the rename may publish: then the finished run's rows (checked against the reference).
            assert stage == "publish", (
                f"killed in {stage}, the published warehouse changed: {differences(now, last_good)}"
            )
            published, last_good = snapshot(warehouse, without_run_ids=True), now
        kills.append(Kill(aimed_at, stage, published, building_path(warehouse).exists(), time.monotonic() - started))
    return kills


def finish_run(source: Path, warehouse: Path) -> Snapshot:
    """A run that is not killed: it must succeed, leave no build file and free the lock."""
    run = LegationRun(source, warehouse, "--batch-size", str(BATCH_SIZE))
    assert run.finish() == 0, f"legation run failed:\n{run.output[-3000:]}"
    assert not building_path(warehouse).exists() and not lock_is_held(warehouse)
    return snapshot(warehouse, without_run_ids=True)


def test_sigkill_at_every_stage_leaves_the_last_good_warehouse(tmp_path: Path) -> None:
    source = tmp_path / "pages"
    shutil.copytree(SEEDS, source)
    published = tmp_path / "published" / "legation.duckdb"
    ingest(source_dir=str(source), warehouse=str(published), batch_size=BATCH_SIZE)
    write_news_pages(source, PAGES, seed=11)
    warehouses = []
    for name in ("reference", *(f"chain{number}" for number in range(len(CHAINS)))):
        copy = tmp_path / name / "legation.duckdb"
        copy.parent.mkdir()
        shutil.copyfile(published, copy)
        warehouses.append(copy)
    chain_warehouses = warehouses[1:]

    started = time.monotonic()
    with ThreadPoolExecutor(len(CHAINS)) as pool:
        chains = [
            pool.submit(kill_chain, source, w, points) for w, points in zip(chain_warehouses, CHAINS, strict=True)
        ]
        # Meanwhile, the uninterrupted run on the same inputs from the same published state.
        summary = ingest(source_dir=str(source), warehouse=str(warehouses[0]), batch_size=BATCH_SIZE)
        assert (summary.new, summary.documents_loaded) == (PAGES, PAGES)
        reference = snapshot(warehouses[0], without_run_ids=True)
        kills = [kill for chain in chains for kill in chain.result()]
    kills_seconds, started = time.monotonic() - started, time.monotonic()

    # Chain 1 re-runs over the build file its last kill left; chain 0 over a torn one (as a crash mid-copy leaves),
    # with a garbage WAL beside it.
    torn = building_path(chain_warehouses[0])
    torn.write_bytes(chain_warehouses[0].read_bytes()[:4096] + random.Random(5).randbytes(4096))
    torn.with_name(torn.name + ".wal").write_bytes(random.Random(6).randbytes(1000))
    assert building_path(chain_warehouses[1]).exists(), "the kill in the transforms left its build file"
    with ThreadPoolExecutor(len(chain_warehouses)) as pool:
        reruns = list(pool.map(lambda warehouse: finish_run(source, warehouse), chain_warehouses))
    print(f"kills and reference: {kills_seconds:.1f} s; {len(reruns)} re-runs: {time.monotonic() - started:.1f} s")
    edited = code_changed_since_loaded()
    if edited:
        # Someone edited the pipeline during the test: build the reference again, with the code the re-runs ran.
        print(f"product files edited during the test ({edited[0].name}, ...): reference run again as a subprocess")
        shutil.copyfile(published, warehouses[0])
        reference = finish_run(source, warehouses[0])

    assert len(reference["marts.dim_documents"]) == PAGES + 5
    assert len(reference["marts.quarantined_files"]) == 0
    for rerun in reruns:
        assert not differences(rerun, reference), "a re-run after kills differs from the uninterrupted run"
    for kill in kills:
        if kill.published is not None:
            assert not differences(kill.published, reference), "a run killed after the rename published other rows"
    for kill in kills:
        print(
            f"kill aimed at {kill.aimed_at}: died in {kill.stage}; published "
            f"{'the new state' if kill.published else 'nothing'}; build file left: {kill.left_build_file}; "
            f"{kill.seconds:.1f} s"
        )
    hit = {kill.stage for kill in kills}
    assert {"discover", "transforms"} <= hit, f"kill points hit: {sorted(hit)}"
    assert hit & {"extract", "load"}, f"kill points hit: {sorted(hit)}"
    assert any(kill.left_build_file for kill in kills), "no kill left a stale build file for the next run to meet"

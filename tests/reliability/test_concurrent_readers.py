"""20 analyst processes query the warehouse in a loop while 3 `legation run`s publish new pages one after another.

Each query opens a new read-only connection (a connection keeps the file it opened; a new one sees the latest
published run) and reads, in one statement, counts that must agree: every query must see exactly one published
state (nothing before the first run, then the first, second, third run's), never a mix, never an older state
after a newer one, and never fail.
"""

from __future__ import annotations

import multiprocessing
import queue
import shutil
import time
from pathlib import Path

from tests.reliability.corpus import SEEDS, write_news_pages
from tests.reliability.readers import ABSENT, consistency_state, read_until_stopped
from tests.reliability.runs import LegationRun

READERS = 20
PAUSE_SECONDS = 0.05
FIRST_PAGES, ADDED_PAGES = 10, (8, 8)


def test_readers_see_only_whole_published_states_while_runs_publish(tmp_path: Path) -> None:
    source = tmp_path / "pages"
    shutil.copytree(SEEDS, source)
    write_news_pages(source, FIRST_PAGES, seed=21)
    warehouse = tmp_path / "warehouse" / "legation.duckdb"

    spawn = multiprocessing.get_context("spawn")  # DuckDB caches a database per process: threads would share it
    stop, results = spawn.Event(), spawn.Queue()
    readers = [
        spawn.Process(target=read_until_stopped, args=(str(warehouse), stop, results, n, PAUSE_SECONDS), daemon=True)
        for n in range(READERS)
    ]
    for reader in readers:
        reader.start()
    reports = []
    try:
        published: list[tuple | None] = [ABSENT]
        started = time.monotonic()
        for number, added in enumerate((0, *ADDED_PAGES)):
            if added:
                write_news_pages(source, added, seed=22 + number, start=100 * number)
            run = LegationRun(source, warehouse)
            if number == 0:  # the readers start while the first run starts (a Python start-up each)
                ready = {results.get(timeout=60) for _ in readers}
                assert ready == {("ready", n) for n in range(READERS)}, "every reader has queried"
            assert run.finish() == 0, f"run {number + 1} failed with readers connected:\n{run.output[-3000:]}"
            assert run.seen(r"Flow run .* Finished in state Completed")
            published.append(consistency_state(warehouse))
        runs_seconds = time.monotonic() - started
        time.sleep(1.0)  # every reader sees the last state too
    finally:
        stop.set()
        for _ in readers:
            try:
                reports.append(results.get(timeout=60)[1])
            except queue.Empty:
                break
        for reader in readers:
            reader.join(timeout=10)
            if reader.is_alive():
                reader.kill()
    assert len(reports) == READERS, f"only {len(reports)} of {READERS} readers reported"

    documents = [state[0] for state in published[1:]]
    assert documents == [5 + FIRST_PAGES, 5 + FIRST_PAGES + ADDED_PAGES[0], 5 + FIRST_PAGES + sum(ADDED_PAGES)]
    assert all(state[-1] == 0 for state in published[1:]), "a published run has bridge rows without their document"
    queries = sum(r["queries"] for r in reports)
    failures = sum(r["failures"] for r in reports)
    errors = [error for r in reports for error in r["errors"]]
    print(
        f"{READERS} readers ran {queries} queries during 3 runs ({runs_seconds:.1f} s), {failures} failed; "
        f"documents per published state: {documents}"
    )
    assert failures == 0, f"{failures} of {queries} queries failed, e.g. {errors[:3]}"
    seen = set()
    for report in reports:
        order = []
        for state in report["states"]:
            assert state in published, f"reader {report['reader']} saw a state no run published: {state}"
            order.append(published.index(state))
        assert order == sorted(order), f"reader {report['reader']} saw an older state after a newer one: {order}"
        assert len(order) >= 2, f"reader {report['reader']} never saw a run publish: {order}"
        seen |= set(order)
    assert {1, 2, 3} <= seen, f"published runs seen by no reader: {sorted({1, 2, 3} - seen)}"
    absent_seen = sum(report["states"][0] is ABSENT for report in reports)
    print(f"readers that queried before the first run published: {absent_seen} of {READERS}")

"""What a run tells its user: progress within a batch, whom it waits for, what a dry run would do, every table's
rows; and the small things a user expects of the command (its version, a warning that no UI sees a serve)."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.cli import build_parser, main
from flows.ingest import ingest
from tasks.progress import PageProgress
from tasks.warehouse import WarehouseBusy, write_lock
from tests.conftest import REPO

REAL_PAGES = REPO / "tests" / "data" / "real" / "tune" / "pages"


def test_progress_is_logged_within_a_batch(tmp_path: Path, warehouse: Path, caplog: pytest.LogCaptureFixture) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in sorted(REAL_PAGES.iterdir())[:40]:
        shutil.copy(page, pages)
    with caplog.at_level(logging.INFO):
        summary = ingest(source_dir=str(pages), warehouse=str(warehouse), batch_size=500)
    lines = [record.getMessage() for record in caplog.records if record.getMessage().startswith("extracted ")]
    counts = [int(re.match(r"extracted (\d+) of 40 pages", line).group(1)) for line in lines if " of 40 " in line]
    assert summary.planned_parse == 40
    assert len(counts) >= 3 and counts == sorted(counts) and counts[-1] == 40, lines  # one batch, several lines


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_a_bar_on_a_terminal_and_none_in_a_pipe() -> None:
    terminal, pipe, logged = Terminal(), io.StringIO(), []
    for stream in (terminal, pipe):
        progress = PageProgress(50, logged.append, terminal=stream, bar_seconds=0)
        for _ in range(5):
            progress.advance(10)
        progress.close()
    assert re.search(r"extracting: +100%\|.+\| 50/50", terminal.getvalue()), terminal.getvalue()
    assert pipe.getvalue() == ""
    assert logged[-1].startswith("extracted 50 of 50 pages (100%)")


def test_a_run_waiting_for_the_lock_logs_whom_it_waits_for(
    seed_folder: Path, warehouse: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        write_lock(warehouse, 0, holder="legation run 1234-abcd (legation-backfill)"),
        caplog.at_level(logging.INFO),
        pytest.raises(WarehouseBusy, match=r"legation run 1234-abcd \(legation-backfill\) \(pid \d+"),
    ):
        ingest(source_dir=str(seed_folder), warehouse=str(warehouse), lock_wait_seconds=1.0)
    waits = [record.getMessage() for record in caplog.records if "waiting for the write lock" in record.getMessage()]
    assert waits and "held by legation run 1234-abcd (legation-backfill)" in waits[0]


def test_the_lock_names_the_run_that_holds_it(seed_folder: Path, warehouse: Path) -> None:
    holders: list[str] = []
    done = threading.Event()

    def watch() -> None:
        lock = warehouse.with_name(warehouse.name + ".lock")
        while not done.is_set():
            if lock.exists() and (text := lock.read_text()):
                holders.append(text)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        summary = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    finally:
        done.set()
        watcher.join()
    assert any(f"legation run {summary.run_id} (legation-ingest) (pid {os.getpid()}" in text for text in holders)


def latest_summary_artifact() -> str:
    async def read() -> list:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["legation-run-summary"])), limit=50
            )

    artifacts = asyncio.run(read())
    return max(artifacts, key=lambda artifact: artifact.created).data


def test_a_dry_runs_artifact_lists_the_pages_it_would_process(seed_folder: Path, warehouse: Path) -> None:
    summary = ingest(source_dir=str(seed_folder), warehouse=str(warehouse), dry_run=True)
    assert summary.dry_run and not warehouse.exists()
    markdown = latest_summary_artifact()
    assert f"# legation run {summary.run_id} (dry run" in markdown
    assert "would parse 5 pages:" in markdown
    assert all(f"  {page.name}" in markdown for page in seed_folder.iterdir())


def test_the_run_summary_lists_every_table(seed_folder: Path, warehouse: Path) -> None:
    summary = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        listed = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
    tables = {f"{schema}.{name}" for schema, name in listed}
    assert {"staging.event_facts", "reports.event_timeline", "marts.fct_messages"} <= tables
    assert set(summary.rows_per_table) == tables
    assert all(f"  {table}" in summary.as_text() for table in tables)


def test_legation_version(capsys: pytest.CaptureFixture[str]) -> None:
    from tasks.extraction import EXTRACTOR_VERSION
    from tasks.parsing import PARSER_VERSION

    with pytest.raises(SystemExit) as exit_code:
        main(["--version"])
    assert exit_code.value.code == 0
    assert re.fullmatch(
        rf"legation \d+\.\d+\.\d+ \(parser {PARSER_VERSION}, extractor {EXTRACTOR_VERSION}\)\n", capsys.readouterr().out
    )


def test_every_command_is_in_the_readme_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `legation ")]
    commands = build_parser()._subparsers._group_actions[0].choices  # argparse keeps its sub-commands there
    missing = [name for name in commands if not any(line.startswith(f"| `legation {name}") for line in table)]
    assert missing == []
    for name, parser in commands.items():
        options = [action for action in parser._actions if action.option_strings and action.dest != "help"]
        assert all(action.help for action in options), (name, [a.option_strings for a in options if not a.help])


def test_serve_without_an_api_url_says_no_ui_will_see_it(seed_folder: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    legation = str(Path(sys.executable).with_name("legation"))
    command = [legation, "serve", "--source-dir", str(seed_folder), "--warehouse", str(tmp_path / "w.duckdb")]
    served = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        first_line = served.stderr.readline()
    finally:
        os.killpg(served.pid, signal.SIGTERM)
        served.wait(timeout=30)
    assert first_line.startswith("legation serve: PREFECT_API_URL is not set")
    assert "no Prefect UI will see them" in first_line and "prefect server start" in first_line

"""A user's slips: checked before Prefect starts, in one line, and never paid for with the warehouse's rows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.cli import main
from flows.ingest import ingest
from tasks.folder import SourceShrank
from tests.conftest import REPO
from tests.flows.test_ingest import snapshot

LEGATION = str(Path(sys.executable).with_name("legation"))


def legation(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run(
        [LEGATION, *args], capture_output=True, text=True, cwd=REPO, env={**os.environ, **(env or {})}, timeout=120
    )
    return done, time.monotonic() - started


SLIPS = {
    "missing folder": (["run", "--source-dir", "{tmp}/no-such-folder"], {}, "--source-dir"),
    "warehouse is a folder": (["run", "--warehouse", "{tmp}"], {}, "--warehouse"),
    "warehouse under a file": (["run", "--warehouse", "{tmp}/a-file/w.duckdb"], {}, "--warehouse"),
    "warehouse not duckdb": (["run", "--warehouse", "{tmp}/a-file"], {}, "not a DuckDB file"),
    "bad date": (["backfill", "--from", "2021-02-30"], {}, "--from"),
    "dates reversed": (["backfill", "--from", "2021-03-31", "--to", "2021-03-01"], {}, "--from"),
    "glob matching nothing": (["backfill", "--glob", "kcna-*.txt"], {}, "--glob"),
    "memory setting": (["run"], {"LEGATION_DUCKDB_MEMORY_LIMIT": "a lot"}, "LEGATION_DUCKDB_MEMORY_LIMIT"),
    "load memory setting": (
        ["run"],
        {"LEGATION_DUCKDB_LOAD_MEMORY_LIMIT": "2 lightyears"},
        "LEGATION_DUCKDB_LOAD_MEMORY_LIMIT",
    ),
    "worker setting": (["run"], {"LEGATION_EXTRACT_WORKERS": "many"}, "LEGATION_EXTRACT_WORKERS"),
    "workers flag": (["run", "--workers", "0"], {}, "--workers"),
    "batch size": (["run", "--batch-size", "0"], {}, "--batch-size"),
    "empty warehouse file": (["run", "--warehouse", "{tmp}/empty.duckdb"], {}, "an empty file"),
    "folder from the environment": (["run"], {"LEGATION_SOURCE_DIR": "{tmp}/gone"}, "$LEGATION_SOURCE_DIR"),
    "report without a warehouse": (["report", "--warehouse", "{tmp}/none.duckdb"], {}, "no warehouse"),
    "report output unwritable": (
        ["report", "--warehouse", "{tmp}/w.duckdb", "--output", "{tmp}/a-file/r.html"],
        {},
        "--output",
    ),
}


@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_a_slip_is_one_line_and_exit_code_2_before_prefect_starts(slip: str, tmp_path: Path) -> None:
    arguments, env, named = SLIPS[slip]
    (tmp_path / "a-file").write_text("not a database\n")
    (tmp_path / "empty.duckdb").touch()
    pages = tmp_path / "pages"
    shutil.copytree(REPO / "seeds", pages)
    if "report output unwritable" in slip:
        ingest(source_dir=str(pages), warehouse=str(tmp_path / "w.duckdb"))
    before = sorted(tmp_path.rglob("*"))
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    env = {name: value.replace("{tmp}", str(tmp_path)) for name, value in env.items()}
    if arguments[0] in ("run", "backfill") and "--source-dir" not in arguments and "LEGATION_SOURCE_DIR" not in env:
        arguments += ["--source-dir", str(pages)]
    if arguments[0] in ("run", "backfill") and "--warehouse" not in arguments:
        arguments += ["--warehouse", str(tmp_path / "warehouse" / "legation.duckdb")]
    done, seconds = legation(*arguments, env=env)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and named in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert seconds < 2.0, f"{seconds:.1f} s"
    assert sorted(tmp_path.rglob("*")) == before  # no warehouse folder, no lock file


@pytest.fixture
def loaded(seed_folder: Path, warehouse: Path) -> tuple[Path, Path]:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    return seed_folder, warehouse


@pytest.mark.parametrize("left", [0, 2])
def test_an_emptied_folder_stops_the_run_before_it_writes(loaded: tuple[Path, Path], left: int) -> None:
    pages, warehouse = loaded
    for page in sorted(pages.iterdir())[left:]:
        page.unlink()
    before = snapshot(warehouse)
    for prune in ([], ["--prune"]):
        done, seconds = legation("run", "--source-dir", str(pages), "--warehouse", str(warehouse), *prune)
        assert done.returncode == 2 and "--allow-shrink" in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and seconds < 2.0
    assert snapshot(warehouse) == before
    # The flow checks it too, for the runs a schedule or the Prefect UI starts.
    with pytest.raises(SourceShrank, match="--allow-shrink"):
        ingest(source_dir=str(pages), warehouse=str(warehouse))
    assert snapshot(warehouse) == before


def test_allow_shrink_runs_as_asked(loaded: tuple[Path, Path]) -> None:
    pages, warehouse = loaded
    for page in sorted(pages.iterdir())[1:]:
        page.unlink()
    assert main(["run", "--source-dir", str(pages), "--warehouse", str(warehouse), "--allow-shrink"]) == 0
    summary = ingest(source_dir=str(pages), warehouse=str(warehouse), allow_shrink=True, prune_gone=True)
    assert summary.rows_per_table["marts.dim_documents"] == 1


def test_a_missing_folder_stops_a_flow_run_too(tmp_path: Path, warehouse: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ingest(source_dir=str(tmp_path / "not-mounted"), warehouse=str(warehouse))
    assert not warehouse.exists()


def test_prune_dry_run_lists_what_it_would_delete_and_deletes_nothing(
    loaded: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pages, warehouse = loaded
    gone = sorted(pages.iterdir())[:2]
    for page in gone:
        page.unlink()
    before = snapshot(warehouse)
    assert main(["run", "--source-dir", str(pages), "--warehouse", str(warehouse), "--prune", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2 pages are gone from the folder; would delete their documents and events (--prune):" in out
    assert all(f"  {page.name}" in out for page in gone)
    assert snapshot(warehouse) == before

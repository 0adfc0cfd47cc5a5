"""Backfills: a date range, reprocessing after an extractor change, dry runs, and one writer at a time."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.ingest import backfill, ingest
from schemas.backfill import BackfillRequest
from tasks.warehouse import WarehouseBusy, write_lock
from tests.flows.test_ingest import query, snapshot

MARCH_2021 = BackfillRequest(published_from=date(2021, 3, 1), published_to=date(2021, 3, 31))
FACT_TABLES = ("marts.fct_messages", "marts.fct_meetings", "marts.fct_statements", "marts.bridge_meeting_participants")


def seed_dates(warehouse: Path) -> dict[str, date | None]:
    return dict(query(warehouse, "SELECT file_name, published_on FROM marts.dim_documents"))


def test_a_backfill_processes_exactly_the_documents_in_its_range(seed_folder: Path, warehouse: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    in_range = sorted(name for name, day in seed_dates(warehouse).items() if day and MARCH_2021.covers_date(day))
    assert len(in_range) == 2

    in_march = MARCH_2021.model_copy(update={"reprocess": True}).model_dump()
    summary = backfill(**in_march, source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (summary.planned_parse, summary.documents_loaded) == (2, 2)
    reloaded = query(
        warehouse,
        "SELECT s.file_name FROM raw.documents d JOIN staging.documents s USING (document_id) "
        "WHERE d.loaded_in_run = ? ORDER BY 1",
        [summary.run_id],
    )
    assert [name for (name,) in reloaded] == in_range


def test_a_backfill_on_an_empty_warehouse_loads_only_its_range(seed_folder: Path, warehouse: Path) -> None:
    summary = backfill(**MARCH_2021.model_dump(), source_dir=str(seed_folder), warehouse=str(warehouse))
    assert summary.documents_loaded == 2
    assert all(MARCH_2021.covers_date(day) for day in seed_dates(warehouse).values())
    # The pages left out are still new for the next scheduled run.
    later = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (later.new, later.documents_loaded) == (3, 3)


def test_a_new_extractor_version_re_extracts_with_identical_facts(seed_folder: Path, warehouse: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    facts = {table: rows for table, rows in snapshot(warehouse).items() if table in FACT_TABLES}
    # The warehouse as an older extractor left it.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.documents SET extracted_with = '0-older'")

    scheduled = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (scheduled.reextracted, scheduled.planned_parse) == (5, 0)
    assert query(warehouse, "SELECT DISTINCT extracted_with FROM raw.documents") != [("0-older",)]
    assert {table: rows for table, rows in snapshot(warehouse).items() if table in FACT_TABLES} == facts

    everything = backfill(reprocess=True, source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (everything.planned_parse, everything.documents_loaded) == (5, 5)
    assert {table: rows for table, rows in snapshot(warehouse).items() if table in FACT_TABLES} == facts


def test_a_dry_run_changes_nothing(seed_folder: Path, warehouse: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    (seed_folder / "new.txt").write_text("Ministers meet\n\nThe minister of Ghana met the minister of Togo in Accra.\n")
    (seed_folder / "001_1728084e157d97fb.txt").unlink()
    before = snapshot(warehouse)
    summary = backfill(reprocess=True, dry_run=True, source_dir=str(seed_folder), warehouse=str(warehouse))
    assert summary.dry_run and (summary.new, summary.gone, summary.planned_parse) == (1, 1, 5)
    assert summary.documents_loaded == 0 and summary.new_facts == {}
    assert snapshot(warehouse) == before


def test_concurrent_runs_take_turns_and_leave_the_same_rows(seed_folder: Path, warehouse: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference.duckdb"
    ingest(source_dir=str(seed_folder), warehouse=str(reference))
    errors: list[BaseException] = []

    def run() -> None:
        try:
            ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert errors == []
    marts = {table: rows for table, rows in snapshot(warehouse).items() if table.startswith("marts.")}
    assert marts == {table: rows for table, rows in snapshot(reference).items() if table.startswith("marts.")}
    assert len(query(warehouse, "SELECT * FROM raw.file_ledger")) == 5


def test_a_run_that_cannot_get_the_lock_stops_with_a_clear_message(seed_folder: Path, warehouse: Path) -> None:
    with write_lock(warehouse, 0), pytest.raises(WarehouseBusy, match="another legation run is writing"):
        ingest(source_dir=str(seed_folder), warehouse=str(warehouse), lock_wait_seconds=0.5)
    assert not warehouse.exists()

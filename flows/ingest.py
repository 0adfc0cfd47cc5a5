"""The flows: files -> documents -> mentions -> raw tables -> SQL models -> published warehouse.

`ingest` processes what is new or changed (the schedule runs it); `backfill` processes a chosen date range
or file glob again, e.g. after the extractor improved. Both are one pipeline with a different selection.
"""

from __future__ import annotations

import time
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import duckdb
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote
from pydantic import Field

from flows.runners import local_task_runner, served_cluster_task_runner, started_workers
from flows.settings import resolve_handoff_dir, resolve_source_dir, resolve_warehouse
from schemas.backfill import BackfillRequest
from schemas.document import Document
from schemas.event_types import EVENT_TYPES
from schemas.files import QuarantinedFile, SourceFile
from schemas.plan import WarehouseState, WorkPlan
from schemas.run import DRY_RUN_PATHS_IN_ARTIFACT, DRY_RUN_PATHS_SHOWN, RunSummary
from tasks.discover import discover_files
from tasks.extract import Extracted, Extraction, Workers, collect_extraction, submit_extraction
from tasks.extraction import EXTRACTOR_VERSION
from tasks.folder import check_not_shrunk
from tasks.load import (
    load_documents,
    quarantined_in_run,
    read_state,
    record_files,
    reload_mentions,
    save_models_fingerprint,
    stored_documents,
)
from tasks.parse import parse_files, quarantine
from tasks.plan import forget_times, known_pages, plan_work
from tasks.progress import PageProgress
from tasks.transform import SQL_DIR, load_extra_audits, load_models, models_fingerprint, run_models
from tasks.warehouse import (
    allow_transform_memory,
    open_build,
    publish,
    remove_build_files,
    row_counts,
    start_build,
    write_lock,
)

T = TypeVar("T")
# Checked when a run is created, so the UI's form refuses 0 instead of a run failing later.
BatchSize = Annotated[int, Field(ge=1)]
EVENT_TABLES = {event_type.name: event_type.fact_table for event_type in EVENT_TYPES}


class StageClock:
    """Seconds spent per stage, for the summary and the benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


def batches(items: list[T], size: int) -> list[list[T]]:
    size = max(size, 1)
    return [items[start : start + size] for start in range(0, len(items), size)]


def published_state(warehouse: Path) -> WarehouseState:
    if not warehouse.exists():
        return WarehouseState()
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return read_state(con)
    except duckdb.IOException:
        # Someone holds the published file open read-write: read a private copy instead of failing.
        with duckdb.connect(str(start_build(warehouse)), read_only=True) as con:
            return read_state(con)


def published_row_counts(warehouse: Path) -> dict[str, int]:
    if not warehouse.exists():
        return {}
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return row_counts(con)
    except duckdb.IOException:
        return {}  # held open read-write by someone else; the counts are only for the summary


def event_ids(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """The fact keys per event type, to count the new ones after the run."""
    existing = {
        row[0] for row in con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()
    }
    ids: dict[str, set[str]] = {}
    for event_type, table in EVENT_TABLES.items():
        key = f"{event_type}_id"
        ids[event_type] = (
            {r[0] for r in con.execute(f"SELECT {key} FROM {table}").fetchall()} if table in existing else set()
        )
    return ids


def dry_run_text(summary: RunSummary) -> str:
    return "\n".join(["dry run: nothing written", *summary.dry_run_lines(DRY_RUN_PATHS_SHOWN)])


def summary_markdown(summary: RunSummary) -> str:
    dry_run_lines = summary.dry_run_lines(DRY_RUN_PATHS_IN_ARTIFACT) if summary.dry_run else []
    lines = [
        f"# legation run {summary.run_id}{' (dry run: nothing changed)' if summary.dry_run else ''}",
        f"{summary.source_dir} → {summary.warehouse} in {summary.duration_seconds:.1f} s",
        "",
        "| pages seen | new | changed | unchanged | gone | duplicate content | quarantined | documents loaded "
        "| extracted again |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {summary.files_seen} | {summary.new} | {summary.changed} | {summary.unchanged} | {summary.gone} "
        f"| {summary.duplicates} | {len(summary.quarantined)} | {summary.documents_loaded} | {summary.reextracted} |",
        "",
        "| stage | seconds |",
        "|---|---|",
        *(f"| {stage} | {seconds:.2f} |" for stage, seconds in summary.stage_seconds.items()),
        "",
        "| new facts | count |",
        "|---|---|",
        *(f"| {event_type} | {count} |" for event_type, count in summary.new_facts.items()),
        "",
        "| table | rows |",
        "|---|---|",
        *(f"| {table} | {count} |" for table, count in summary.rows_per_table.items()),
    ]
    if summary.quarantined:
        lines += ["", "| quarantined file | reason |", "|---|---|"]
        lines += [f"| {q.source_path} | {q.reason} |" for q in summary.quarantined]
    if summary.dry_run:
        lines += ["", "## What this run would do", "", "```", *dry_run_lines, "```"]
    return "\n".join(lines)


def record_plan(summary: RunSummary, found: list[SourceFile], plan: WorkPlan, prune_gone: bool) -> None:
    summary.files_seen = len(found)
    summary.new = sum(f.change == "new" for f in found)
    summary.changed = sum(f.change == "changed" for f in found)
    summary.unchanged = sum(f.change == "unchanged" for f in found)
    summary.gone = len(plan.gone_paths)
    summary.duplicates = plan.duplicates
    summary.planned_parse = len(plan.to_parse)
    summary.reextracted = len(plan.to_reextract)
    summary.planned_paths = [source_file.source_path for source_file in plan.to_parse]
    summary.gone_paths = plan.gone_paths
    summary.pruned = prune_gone


def parse_and_load(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    source_dir: Path,
    plan: WorkPlan,
    request: BackfillRequest,
    batch_size: int,
    clock: StageClock,
    progress: PageProgress,
    workers: Workers | None,
) -> tuple[list[QuarantinedFile], list[SourceFile], int]:
    """Parse, extract and load the planned files in batches; returns quarantined, files to record, documents.

    A batch's chunks are with the workers while this thread parses the batch after it and loads the one before, so
    the workers never wait for the parse or the load. One batch is extracted at a time.
    """
    logger = get_run_logger()
    quarantined: list[QuarantinedFile] = []
    out_of_range: set[str] = set()
    loaded = 0
    in_flight: Extraction | None = None
    for number, batch in enumerate(batches(plan.to_parse, batch_size), start=1):
        logger.info("batch %d of %d: %d files", number, -(-len(plan.to_parse) // max(batch_size, 1)), len(batch))
        with clock.stage("parse"):
            parsed = parse_files(source_dir, quote(batch))
        documents = [d for d in parsed.documents if request.covers_date(d.published_on)]
        out_of_range |= {d.content_sha256 for d in parsed.documents if not request.covers_date(d.published_on)}
        quarantined += parsed.quarantined
        progress.advance(len(batch) - len(documents))  # quarantined or out of range: done, nothing to extract
        finished = wait_for_extraction(in_flight, clock, progress)
        in_flight = submit_extraction(documents, workers)
        loaded += load_extracted(con, run_id, finished, clock, quarantined)
    loaded += load_extracted(con, run_id, wait_for_extraction(in_flight, clock, progress), clock, quarantined)
    # A new page outside the backfill's range is left for the run that covers it; its file is read again then.
    left_out = {f.os_path for f in plan.to_record if f.content_sha256 in out_of_range}
    to_record = forget_times([f for f in plan.to_record if f.content_sha256 not in out_of_range], left_out)
    plan.to_restamp = forget_times(plan.to_restamp, left_out)
    return quarantined, to_record, loaded


def wait_for_extraction(in_flight: Extraction | None, clock: StageClock, progress: PageProgress) -> Extracted | None:
    """The batch being extracted, once its mentions are read; "extract" counts only the time spent waiting here."""
    if in_flight is None:
        return None
    with clock.stage("extract"):
        return collect_extraction(in_flight, progress)


def load_extracted(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    finished: Extracted | None,
    clock: StageClock,
    quarantined: list[QuarantinedFile],
) -> int:
    """Load a batch's documents and mentions; a page no worker survived is quarantined instead."""
    if finished is None:
        return 0
    quarantined += [quarantine(document, reason) for document, reason in finished.poisoned]
    with clock.stage("load"):
        load_documents(con, run_id, quote(finished.documents), quote(finished.chunks), EXTRACTOR_VERSION)
    return len(finished.documents)


def reextract(
    con: duckdb.DuckDBPyConnection,
    plan: WorkPlan,
    batch_size: int,
    clock: StageClock,
    progress: PageProgress,
    workers: Workers | None,
) -> None:
    """Stored documents read again by a new extractor; one no worker survives keeps its earlier mentions (and its
    earlier extractor version, so the next run tries again)."""
    for ids in batches(plan.to_reextract, batch_size):
        documents: list[Document] = stored_documents(con, ids)
        with clock.stage("extract"):
            extracted = collect_extraction(submit_extraction(documents, workers), progress)
        for document, reason in extracted.poisoned:
            get_run_logger().error("%s was not extracted again: %s", document.source_path, reason)
        with clock.stage("load"):
            reload_mentions(con, quote(extracted.chunks), EXTRACTOR_VERSION)


def run_pipeline(
    request: BackfillRequest,
    source_dir: str | None,
    warehouse: str | None,
    batch_size: int,
    lock_wait_seconds: float,
    sql_dir: str | None,
    prune_gone: bool,
    allow_shrink: bool = False,
) -> RunSummary:
    started = time.monotonic()
    clock = StageClock()
    source_path, warehouse_path = resolve_source_dir(source_dir), resolve_warehouse(warehouse)
    models_path = Path(sql_dir) if sql_dir else SQL_DIR
    if not source_path.is_dir():
        raise FileNotFoundError(f"source folder {source_path} does not exist or is not a folder")
    run_id = str(flow_run.id or uuid.uuid4())
    logger = get_run_logger()
    # A broken model fails the run here, before any file is read or anything is written.
    models, extra_audits = load_models(models_path), load_extra_audits(models_path)
    fingerprint = models_fingerprint(models_path)
    summary = RunSummary(
        run_id=run_id, source_dir=str(source_path), warehouse=str(warehouse_path), dry_run=request.dry_run
    )
    holder = f"legation run {run_id} ({flow_run.flow_name or 'legation'})"
    with write_lock(warehouse_path, lock_wait_seconds, holder=holder, on_wait=logger.info):
        state = published_state(warehouse_path)
        with clock.stage("discover"):
            # Large task inputs (all files, a batch's documents, the warehouse's state) go in quote(...): else
            # Prefect walks every object in them looking for futures, 18 s for plan_work's 50,000 files against
            # 0.5 s for the work itself (measured 2026-11-23).
            found = discover_files(source_path, quote(state.ledger))
            check_not_shrunk(str(source_path), len(found), known_pages(state), allow_shrink)
            plan = plan_work(quote(found), quote(state), request, EXTRACTOR_VERSION)
        record_plan(summary, found, plan, prune_gone)
        nothing_to_do = plan.is_empty and fingerprint == state.models_fingerprint and not prune_gone
        if request.dry_run or nothing_to_do:
            logger.info(dry_run_text(summary) if request.dry_run else "nothing changed: warehouse left as it is")
        else:
            build = start_build(warehouse_path)
            con = open_build(build, models_path)
            try:
                before = event_ids(con)
                con.begin()
                progress = PageProgress(len(plan.to_parse) + len(plan.to_reextract), logger.info)
                try:
                    with started_workers(resolve_handoff_dir(build, run_id), run_id) as workers:
                        quarantined, to_record, summary.documents_loaded = parse_and_load(
                            con, run_id, source_path, plan, request, batch_size, clock, progress, workers
                        )
                        reextract(con, plan, batch_size, clock, progress, workers)
                finally:
                    progress.close()
                allow_transform_memory(con)
                with clock.stage("load"):
                    record_files(
                        con,
                        run_id,
                        quote(to_record),
                        quote(quarantined),
                        quote(plan.gone_paths),
                        prune_gone,
                        quote(plan.replaced_paths),
                        quote(plan.to_restamp),
                    )
                    summary.quarantined = quarantined_in_run(con, run_id)
                with clock.stage("transform"):
                    run_models(con, models, extra_audits)
                    save_models_fingerprint(con, fingerprint)
                con.commit()
                after = event_ids(con)
                summary.new_facts = {kind: len(after[kind] - before[kind]) for kind in EVENT_TABLES}
                with clock.stage("publish"):
                    publish(con, build, warehouse_path)
            except BaseException:
                con.close()
                remove_build_files(build)
                raise
            with clock.stage("report"):
                # Imported here: matplotlib takes about a second to import, which a run that writes nothing skips.
                from tasks.report import publish_report

                try:
                    publish_report(warehouse_path, source_path)
                except Exception:  # the warehouse is published; a broken report must not fail the run
                    logger.exception("the HTML report could not be built; the warehouse was published")
        summary.rows_per_table = published_row_counts(warehouse_path)
    summary.stage_seconds = clock.seconds
    summary.duration_seconds = time.monotonic() - started
    create_markdown_artifact(summary_markdown(summary), key="legation-run-summary", description="legation run summary")
    return summary


# Local worker processes, as many as $LEGATION_EXTRACT_WORKERS says; `legation run --workers` or `--dask-address` set
# another task runner for one run (flows/runners.py), and the *_on_cluster flows below extract on a Dask cluster.
@flow(name="legation-ingest", task_runner=local_task_runner())
def ingest(
    source_dir: str | None = None,
    warehouse: str | None = None,
    batch_size: BatchSize = 500,
    lock_wait_seconds: float = 600.0,
    sql_dir: str | None = None,
    prune_gone: bool = False,
    dry_run: bool = False,
    allow_shrink: bool = False,
) -> RunSummary:
    """Load the new and changed pages of the source folder into the warehouse, and rebuild its marts.

    Args:
        source_dir: folder of pages (default: $LEGATION_SOURCE_DIR or seeds/)
        warehouse: the DuckDB file to publish (default: $LEGATION_WAREHOUSE or warehouse/legation.duckdb)
        batch_size: pages per parse/extract task
        lock_wait_seconds: how long to wait for another run that is writing the warehouse
        sql_dir: the folder of SQL models (default: the project's sql/)
        prune_gone: delete the rows of pages that were loaded once and are missing from the folder now
        dry_run: only report what would be processed, and what `prune_gone` would delete; change nothing
        allow_shrink: run even if the folder is empty or holds less than half of the pages the warehouse knows
    """
    return run_pipeline(
        request=BackfillRequest(dry_run=dry_run),
        source_dir=source_dir,
        warehouse=warehouse,
        batch_size=batch_size,
        lock_wait_seconds=lock_wait_seconds,
        sql_dir=sql_dir,
        prune_gone=prune_gone,
        allow_shrink=allow_shrink,
    )


@flow(name="legation-backfill", task_runner=local_task_runner())
def backfill(
    published_from: date | None = None,
    published_to: date | None = None,
    file_glob: str = "*",
    reprocess: bool = False,
    dry_run: bool = False,
    source_dir: str | None = None,
    warehouse: str | None = None,
    batch_size: BatchSize = 500,
    lock_wait_seconds: float = 600.0,
    allow_shrink: bool = False,
) -> RunSummary:
    """Process a date range or a file glob again: new and changed pages, or everything selected with reprocess.

    Args:
        published_from: only documents published on or after this day (the article's own date); empty: no lower bound
        published_to: only documents published on or before this day; empty: no upper bound
        file_glob: only pages whose path relative to the source folder, or whose file name, matches this glob, e.g.
            `2021/*` or `kcna-*.txt`; `*` selects every page
        reprocess: read and extract the selected pages again even if their content did not change, e.g. after an
            extractor or parser upgrade
        dry_run: only report what would be processed; change nothing
        source_dir: folder of pages (default: $LEGATION_SOURCE_DIR or seeds/)
        warehouse: the DuckDB file to publish (default: $LEGATION_WAREHOUSE or warehouse/legation.duckdb)
        batch_size: pages per parse/extract task
        lock_wait_seconds: how long to wait for another run that is writing the warehouse
        allow_shrink: run even if the folder is empty or holds less than half of the pages the warehouse knows
    """
    # Flat parameters, so that `prefect deployment run ... --param published_from=2021-03-01` works; the request
    # model checks them together (a range in order).
    request = BackfillRequest(
        published_from=published_from,
        published_to=published_to,
        file_glob=file_glob,
        reprocess=reprocess,
        dry_run=dry_run,
    )
    return run_pipeline(
        request=request,
        source_dir=source_dir,
        warehouse=warehouse,
        batch_size=batch_size,
        lock_wait_seconds=lock_wait_seconds,
        sql_dir=None,
        prune_gone=False,
        allow_shrink=allow_shrink,
    )


# What `legation serve --dask-address` serves beside the local pair (flows/deployments.py): the same flows, extracting
# on the cluster its served runs name in $LEGATION_DASK_ADDRESS.
ingest_on_cluster = ingest.with_options(name="legation-ingest-dask", task_runner=served_cluster_task_runner())
backfill_on_cluster = backfill.with_options(name="legation-backfill-dask", task_runner=served_cluster_task_runner())

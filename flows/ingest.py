"""The ingest flow: files -> documents -> mentions -> raw tables -> SQL models -> published warehouse."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows.settings import resolve_source_dir, resolve_warehouse
from schemas.files import QuarantinedFile, SourceFile
from schemas.run import RunSummary
from tasks.discover import discover_files
from tasks.extract import extract_mentions
from tasks.load import document_ids, load_documents, quarantined_in_run, read_ledger, record_files
from tasks.parse import parse_files
from tasks.transform import SQL_DIR, load_extra_audits, load_models, run_models
from tasks.warehouse import open_build, publish, remove_build_files, row_counts, start_build, write_lock


def batches(items: list[SourceFile], size: int) -> list[list[SourceFile]]:
    size = max(size, 1)
    return [items[start : start + size] for start in range(0, len(items), size)]


def files_to_parse(changed: list[SourceFile], loaded_ids: set[str]) -> tuple[list[SourceFile], int]:
    """The first file of each content not yet a document; the rest are duplicates of one (counted)."""
    to_parse: list[SourceFile] = []
    seen = set(loaded_ids)
    duplicates = 0
    for source_file in changed:
        document_id = source_file.content_sha256[:16] if source_file.content_sha256 else None
        if document_id in seen:
            duplicates += 1
            continue
        if document_id:
            seen.add(document_id)
        to_parse.append(source_file)
    return to_parse, duplicates


def summary_markdown(summary: RunSummary) -> str:
    lines = [
        f"# legation run {summary.run_id}",
        f"{summary.source_dir} → {summary.warehouse} in {summary.duration_seconds:.1f} s",
        "",
        "| files seen | new | changed | unchanged | duplicate content | quarantined | documents loaded |",
        "|---|---|---|---|---|---|---|",
        f"| {summary.files_seen} | {summary.new} | {summary.changed} | {summary.unchanged} | {summary.duplicates} "
        f"| {len(summary.quarantined)} | {summary.documents_loaded} |",
        "",
        "| table | rows |",
        "|---|---|",
        *(f"| {table} | {count} |" for table, count in summary.rows_per_table.items()),
    ]
    if summary.quarantined:
        lines += ["", "| quarantined file | reason |", "|---|---|"]
        lines += [f"| {q.source_path} | {q.reason} |" for q in summary.quarantined]
    return "\n".join(lines)


@flow(name="legation-ingest")
def ingest(
    source_dir: str | None = None,
    warehouse: str | None = None,
    batch_size: int = 500,
    lock_wait_seconds: float = 600.0,
    sql_dir: str | None = None,
) -> RunSummary:
    """Load the new and changed pages of source_dir into the warehouse, and rebuild its marts."""
    started = time.monotonic()
    source_path, warehouse_path = resolve_source_dir(source_dir), resolve_warehouse(warehouse)
    models_path = Path(sql_dir) if sql_dir else SQL_DIR
    # A broken model fails the run here, before any file is read or anything is written.
    models, extra_audits = load_models(models_path), load_extra_audits(models_path)
    run_id = str(flow_run.id or uuid.uuid4())
    logger = get_run_logger()
    with write_lock(warehouse_path, lock_wait_seconds):
        build = start_build(warehouse_path)
        con = open_build(build, models_path)
        try:
            found = discover_files(source_path, read_ledger(con))
            changed = [f for f in found if f.change != "unchanged"]
            to_parse, duplicates = files_to_parse(changed, document_ids(con))
            quarantined: list[QuarantinedFile] = []
            documents_loaded = 0
            con.begin()
            for number, batch in enumerate(batches(to_parse, batch_size), start=1):
                logger.info(
                    "batch %d: files %d-%d of %d",
                    number,
                    (number - 1) * batch_size + 1,
                    (number - 1) * batch_size + len(batch),
                    len(to_parse),
                )
                parsed = parse_files(source_path, list(batch))
                quarantined += parsed.quarantined
                load_documents(con, run_id, parsed.documents, extract_mentions(parsed.documents))
                documents_loaded += len(parsed.documents)
            record_files(con, run_id, changed, quarantined)
            quarantined = quarantined_in_run(con, run_id)
            run_models(con, models, extra_audits)
            con.commit()
            counts = row_counts(con)
            publish(con, build, warehouse_path)
        except BaseException:
            con.close()
            remove_build_files(build)
            raise
    summary = RunSummary(
        run_id=run_id,
        source_dir=str(source_path),
        warehouse=str(warehouse_path),
        files_seen=len(found),
        new=sum(f.change == "new" for f in found),
        changed=sum(f.change == "changed" for f in found),
        unchanged=sum(f.change == "unchanged" for f in found),
        duplicates=duplicates,
        documents_loaded=documents_loaded,
        quarantined=quarantined,
        rows_per_table=counts,
        duration_seconds=time.monotonic() - started,
    )
    create_markdown_artifact(summary_markdown(summary), key="legation-run-summary", description="legation run summary")
    return summary

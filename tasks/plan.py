"""Decide what a run must do: which files to parse, which stored documents to extract again, what went missing."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.backfill import BackfillRequest
from schemas.files import SourceFile
from schemas.plan import WarehouseState, WorkPlan
from tasks.folder import file_of_page
from tasks.parsing import PARSER_VERSION


def document_id_of(source_file: SourceFile) -> str | None:
    return source_file.content_sha256[:16] if source_file.content_sha256 else None


def parsed_by_another_parser(source_file: SourceFile, state: WarehouseState) -> bool:
    """An unchanged page that an earlier parser read: the current one reads it again."""
    entry = state.ledger.get(source_file.source_path)
    return source_file.change == "unchanged" and entry is not None and entry.parsed_with != PARSER_VERSION


def wants_file(source_file: SourceFile, state: WarehouseState, request: BackfillRequest) -> bool:
    """Whether a selected file needs its ledger row written (and maybe its content parsed)."""
    if source_file.change != "unchanged":
        return True
    entry = state.ledger[source_file.source_path]
    if entry.status == "gone" or parsed_by_another_parser(source_file, state):
        return True  # it came back, or the parser improved
    if not request.reprocess:
        return False
    known = state.documents.get(document_id_of(source_file) or "")
    if known is not None:
        return request.covers_date(known.published_on)
    return not request.has_date_range  # a quarantined file has no date: only an undated reprocess retries it


def needs_parsing(source_file: SourceFile, state: WarehouseState, request: BackfillRequest) -> bool:
    """A known content is parsed again only when reprocessing or when another parser read it; else a new path to it is
    a duplicate."""
    document_id = document_id_of(source_file)
    if document_id not in state.documents:
        return True
    return source_file.change == "unchanged" and (request.reprocess or parsed_by_another_parser(source_file, state))


def needs_restamp(source_file: SourceFile, state: WarehouseState) -> bool:
    """Found unchanged by its hash, with a size or modification time the ledger does not hold (a touched file, a record
    of a file that grew, or a ledger from before modified_ns): storing them spares the next run reading the file."""
    if source_file.change != "unchanged":
        return False
    entry = state.ledger[source_file.source_path]
    return (entry.size_bytes, entry.modified_ns) != (source_file.size_bytes, source_file.modified_ns)


def forget_times(files: list[SourceFile], file_paths: set[str]) -> list[SourceFile]:
    """The pages of these files, stored without their file's modification time, so that the next run reads the files
    again: a page of them was left out of this run, and the make/rsync rule would otherwise hide it for good."""
    return [f.model_copy(update={"modified_ns": None}) if f.record_id and f.os_path in file_paths else f for f in files]


@task(name="plan work", cache_policy=NO_CACHE)
def plan_work(
    found: list[SourceFile], state: WarehouseState, request: BackfillRequest, extractor_version: str
) -> WorkPlan:
    found_paths = {source_file.source_path for source_file in found}
    # A file the ledger held as one page that now holds many (read by an earlier parser as text) is replaced by its
    # pages, as a changed file is, not gone.
    many_page_files = {file_of_page(f.source_path, f.record_id) for f in found if f.record_id}
    missing = sorted(p for p, e in state.ledger.items() if e.status != "gone" and p not in found_paths)
    plan = WorkPlan(
        gone_paths=[path for path in missing if path not in many_page_files],
        replaced_paths=[path for path in missing if path in many_page_files],
    )
    parsed_ids: set[str] = set()
    for source_file in found:
        if not request.covers_path(source_file.source_path) or not wants_file(source_file, state, request):
            continue
        plan.to_record.append(source_file)
        document_id = document_id_of(source_file)
        if document_id in parsed_ids or not needs_parsing(source_file, state, request):
            plan.duplicates += source_file.change != "unchanged"
            continue
        if document_id:
            parsed_ids.add(document_id)
        plan.to_parse.append(source_file)
    plan.to_restamp = [source_file for source_file in found if needs_restamp(source_file, state)]
    recorded = {source_file.source_path for source_file in plan.to_record}
    left_out = {f.os_path for f in found if f.record_id and f.change != "unchanged" and f.source_path not in recorded}
    plan.to_record, plan.to_restamp = forget_times(plan.to_record, left_out), forget_times(plan.to_restamp, left_out)
    plan.to_reextract = sorted(
        known.document_id
        for known in state.documents.values()
        if known.extracted_with != extractor_version
        and known.document_id not in parsed_ids
        and request.covers_date(known.published_on)
        and any(request.covers_path(path) for path in known.source_paths)
    )
    get_run_logger().info(
        "plan: parse %d files, extract %d stored documents again, record %d files, %d gone, %d duplicates, "
        "%d unchanged with a new modification time",
        len(plan.to_parse),
        len(plan.to_reextract),
        len(plan.to_record),
        len(plan.gone_paths),
        plan.duplicates,
        len(plan.to_restamp),
    )
    return plan


def known_pages(state: WarehouseState) -> int:
    """Pages the ledger holds as present (loaded or quarantined), not those already gone."""
    return sum(entry.status != "gone" for entry in state.ledger.values())

"""The `legation` command: run the pipeline once, or query the warehouse read-only."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from flows.errors import UsageError
from flows.query import add_query_parser
from flows.settings import DEFAULT_SOURCE_DIR, DEFAULT_WAREHOUSE, parse_worker_count, resolve_warehouse


def command_run(args: argparse.Namespace) -> int:
    # Imported here so that `legation query` does not pay for Prefect's start-up.
    from flows.ingest import ingest

    summary = ingest(
        source_dir=args.source_dir,
        warehouse=args.warehouse,
        batch_size=args.batch_size,
        prune_gone=args.prune,
        extract_workers=args.workers,
    )
    print(summary.as_text())
    return 0


def command_backfill(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from flows.ingest import backfill
    from schemas.backfill import BackfillRequest

    try:
        request = BackfillRequest(
            published_from=args.published_from,
            published_to=args.published_to,
            file_glob=args.file_glob,
            reprocess=args.reprocess,
            dry_run=args.dry_run,
        )
    except ValidationError as error:
        raise UsageError("; ".join(e["msg"] for e in error.errors())) from None
    summary = backfill(
        request=request, source_dir=args.source_dir, warehouse=args.warehouse, extract_workers=args.workers
    )
    print(summary.as_text())
    return 0


def command_serve(args: argparse.Namespace) -> int:
    from flows.deployments import serve_deployments

    serve_deployments(cron=args.cron, source_dir=args.source_dir, warehouse=args.warehouse)
    return 0


def command_docs(args: argparse.Namespace) -> int:
    from flows.docs import write_dictionary

    print(f"data dictionary written to {write_dictionary(Path(args.output))}")
    return 0


def command_report(args: argparse.Namespace) -> int:
    from tasks.report import build_report

    warehouse = resolve_warehouse(args.warehouse)
    if not warehouse.exists():
        raise UsageError(f"no warehouse at {warehouse}: run `legation run` first")
    print(f"report written to {build_report(warehouse, Path(args.output))}")
    return 0


def command_score(args: argparse.Namespace) -> int:
    from flows.evaluate import DEFAULT_SCORER, ScorerMissing, evaluate_folder, load_scorer

    pages = Path(args.source_dir)
    if not pages.is_dir():
        raise UsageError(f"--source-dir {pages}: no such folder")
    gold_files = [Path(g) for g in args.gold]
    for gold_file in gold_files:
        if not gold_file.is_file():
            raise UsageError(f"--gold {gold_file}: no such file")
    try:
        scorer = load_scorer(Path(args.scorer) if args.scorer else DEFAULT_SCORER)
    except ScorerMissing as missing:
        raise UsageError(str(missing)) from None
    warehouse = Path(args.warehouse) if args.warehouse else None
    print(evaluate_folder(pages, gold_files, scorer, warehouse).as_text(explain=args.explain))
    return 0


def add_folder_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source-dir", help=f"folder of pages (default: $LEGATION_SOURCE_DIR or {DEFAULT_SOURCE_DIR})")
    parser.add_argument("--warehouse", help=f"DuckDB file (default: $LEGATION_WAREHOUSE or {DEFAULT_WAREHOUSE})")


def worker_count(text: str) -> int:
    try:
        return parse_worker_count(text, "--workers")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_workers_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=worker_count,
        help="processes that extract events (default: $LEGATION_EXTRACT_WORKERS or one per core, up to 4)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="legation", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="process new and changed pages once, as a Prefect flow run")
    run.add_argument("--source-dir", help=f"folder of pages (default: $LEGATION_SOURCE_DIR or {DEFAULT_SOURCE_DIR})")
    run.add_argument("--warehouse", help=f"DuckDB file (default: $LEGATION_WAREHOUSE or {DEFAULT_WAREHOUSE})")
    run.add_argument("--batch-size", type=int, default=500, help="pages per parse/extract task (default 500)")
    run.add_argument("--prune", action="store_true", help="delete the rows of pages missing from the folder now")
    add_workers_option(run)
    run.set_defaults(handler=command_run)
    fill = commands.add_parser("backfill", help="process a date range or file glob again (as the UI's backfill)")
    add_folder_options(fill)
    fill.add_argument("--from", dest="published_from", help="first published_on day, YYYY-MM-DD")
    fill.add_argument("--to", dest="published_to", help="last published_on day, YYYY-MM-DD")
    fill.add_argument("--glob", dest="file_glob", default="*", help="only files whose path or name matches")
    fill.add_argument("--reprocess", action="store_true", help="read and extract again even if unchanged")
    fill.add_argument("--dry-run", action="store_true", help="report what would be processed; change nothing")
    add_workers_option(fill)
    fill.set_defaults(handler=command_backfill)
    serve = commands.add_parser("serve", help="serve the ingest (scheduled) and backfill deployments to Prefect")
    add_folder_options(serve)
    serve.add_argument("--cron", help="ingest schedule (default: $LEGATION_INGEST_CRON or */15 * * * *)")
    serve.set_defaults(handler=command_serve)
    add_query_parser(commands)
    score = commands.add_parser(
        "score", help="run over a folder of pages, score it against gold files and list the errors by family"
    )
    score.add_argument("--source-dir", required=True, help="folder of pages the gold files annotate")
    score.add_argument("--gold", required=True, action="append", help="gold JSON (may be given several times)")
    score.add_argument("--warehouse", help="keep the scored warehouse in this DuckDB file (default: a temporary one)")
    score.add_argument("--scorer", help="the scorer (default: ../shared/tools/score.py beside the checkout)")
    score.add_argument("--explain", action="store_true", help="list every error under its family")
    score.set_defaults(handler=command_score)
    docs = commands.add_parser("docs", help="write the data dictionary (Markdown) from the SQL models")
    docs.add_argument("--output", default="docs/data-dictionary.md", help="file to write (default: %(default)s)")
    docs.set_defaults(handler=command_docs)
    report = commands.add_parser("report", help="write a self-contained HTML report of the warehouse")
    report.add_argument("--warehouse", help=f"DuckDB file (default: $LEGATION_WAREHOUSE or {DEFAULT_WAREHOUSE})")
    report.add_argument("--output", default="warehouse/report.html", help="file to write (default: %(default)s)")
    report.set_defaults(handler=command_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The temporary server's telemetry heartbeat races its own start-up for the SQLite file ("database is
    # locked" tracebacks in the run's output), and a local ETL run has no reason to report to Prefect.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"legation: {error}", file=sys.stderr)
        return 2
    except duckdb.Error as error:
        print(f"legation: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a real failure: one clear line; Prefect's log above holds the details
        print(f"legation {args.command} failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

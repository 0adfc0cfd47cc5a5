"""The `legation` command: run the pipeline once, or query the warehouse read-only."""

from __future__ import annotations

import argparse
import os
import sys
from importlib.metadata import version as package_version
from pathlib import Path
from typing import NoReturn

import duckdb

from flows import preflight
from flows.errors import UsageError
from flows.processes import watch_run_processes
from flows.query import add_query_parser
from flows.settings import (
    DASK_ADDRESS_VARIABLE,
    DEFAULT_SOURCE_DIR,
    DEFAULT_WAREHOUSE,
    parse_worker_count,
    resolve_dask_address,
    resolve_source_dir,
    resolve_warehouse,
)
from tasks.extraction import EXTRACTOR_VERSION
from tasks.folder import SourceShrank

NO_API_WARNING = (
    "legation serve: PREFECT_API_URL is not set, so the deployments go to a temporary Prefect server that ends with "
    "this command, and no Prefect UI will see them. For the UI: `prefect server start` in another terminal, then "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and start `legation serve` again."
)


def prepare_run(args: argparse.Namespace, must_not_shrink: bool = True, file_glob: str | None = None) -> None:
    """The checks every run makes before Prefect starts; then the watch that ends its child processes with it."""
    source_dir, warehouse = resolve_source_dir(args.source_dir), resolve_warehouse(args.warehouse)
    source_flag = preflight.setting_name("--source-dir", args.source_dir, "LEGATION_SOURCE_DIR")
    preflight.check_source_dir(source_dir, source_flag)
    preflight.check_warehouse(warehouse, preflight.setting_name("--warehouse", args.warehouse, "LEGATION_WAREHOUSE"))
    preflight.check_settings()
    preflight.check_cluster(getattr(args, "dask_address", None))
    if file_glob is not None:
        preflight.check_glob(file_glob, source_dir)
    if must_not_shrink:
        preflight.check_not_emptied(source_dir, warehouse, args.allow_shrink)
    watch_run_processes()


def command_run(args: argparse.Namespace) -> int:
    prepare_run(args)
    # Imported here so that `legation query` and a user's slip do not pay for Prefect's start-up.
    from flows.ingest import ingest
    from flows.runners import with_task_runner

    summary = with_task_runner(ingest, args.workers, args.dask_address)(
        source_dir=args.source_dir,
        warehouse=args.warehouse,
        batch_size=args.batch_size,
        prune_gone=args.prune,
        dry_run=args.dry_run,
        allow_shrink=args.allow_shrink,
    )
    print(summary.as_text())
    return 0


def command_backfill(args: argparse.Namespace) -> int:
    published_from = preflight.iso_date("--from", args.published_from)
    published_to = preflight.iso_date("--to", args.published_to)
    preflight.check_date_range(published_from, published_to)
    prepare_run(args, file_glob=args.file_glob)
    from flows.ingest import backfill
    from flows.runners import with_task_runner

    summary = with_task_runner(backfill, args.workers, args.dask_address)(
        published_from=published_from,
        published_to=published_to,
        file_glob=args.file_glob,
        reprocess=args.reprocess,
        dry_run=args.dry_run,
        source_dir=args.source_dir,
        warehouse=args.warehouse,
        allow_shrink=args.allow_shrink,
    )
    print(summary.as_text())
    return 0


def command_serve(args: argparse.Namespace) -> int:
    prepare_run(args, must_not_shrink=False)  # a served run checks the folder itself, each time it runs
    if not os.environ.get("PREFECT_API_URL"):
        print(NO_API_WARNING, file=sys.stderr)
    if args.dask_address:  # the served runs' own processes read it, when their flows are defined
        os.environ[DASK_ADDRESS_VARIABLE] = args.dask_address
    from flows.deployments import serve_deployments

    on_cluster = resolve_dask_address(args.dask_address) is not None
    serve_deployments(cron=args.cron, source_dir=args.source_dir, warehouse=args.warehouse, on_cluster=on_cluster)
    return 0


def command_docs(args: argparse.Namespace) -> int:
    from flows.docs import write_dictionary

    print(f"data dictionary written to {write_dictionary(Path(args.output))}")
    return 0


def command_report(args: argparse.Namespace) -> int:
    warehouse = resolve_warehouse(args.warehouse)
    preflight.check_warehouse(warehouse, must_exist=True)
    preflight.check_output(Path(args.output))
    from tasks.report import build_report

    try:
        written = build_report(warehouse, Path(args.output), absolute_links=args.absolute_links)
    except ValueError as error:  # LEGATION_REPORT_ABSOLUTE_LINKS set to something that is not yes or no
        raise UsageError(str(error)) from None
    print(f"report written to {written}")
    return 0


def command_score(args: argparse.Namespace) -> int:
    pages = Path(args.source_dir)
    preflight.check_source_dir(pages)
    gold_files = [Path(g) for g in args.gold]
    for gold_file in gold_files:
        if not gold_file.is_file():
            raise UsageError(f"--gold {gold_file}: no such file")
    from flows.evaluate import DEFAULT_SCORER, ScorerMissing, evaluate_folder, load_scorer

    try:
        scorer = load_scorer(Path(args.scorer) if args.scorer else DEFAULT_SCORER)
    except ScorerMissing as missing:
        raise UsageError(str(missing)) from None
    warehouse = Path(args.warehouse) if args.warehouse else None
    if warehouse is not None:
        preflight.check_warehouse(warehouse)
    watch_run_processes()
    print(evaluate_folder(pages, gold_files, scorer, warehouse).as_text(explain=args.explain))
    return 0


class CommandLine(argparse.ArgumentParser):
    """argparse, with a mistake reported in one line (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def add_folder_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source-dir", help=f"folder of pages (default: $LEGATION_SOURCE_DIR or {DEFAULT_SOURCE_DIR})")
    parser.add_argument("--warehouse", help=f"DuckDB file (default: $LEGATION_WAREHOUSE or {DEFAULT_WAREHOUSE})")


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """What every run (run, backfill) takes besides its folders."""
    parser.add_argument("--workers", type=worker_count, help="processes that extract events "
                        "(default: $LEGATION_EXTRACT_WORKERS or one per core, up to 4)")  # fmt: skip
    add_dask_option(parser)
    parser.add_argument(
        "--allow-shrink",
        action="store_true",
        help="run even if the folder is empty or holds less than half of the pages the warehouse knows (by default "
        "such a run stops before writing: the missing pages would be marked gone)",
    )


def add_dask_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dask-address",
        help="extract on the Dask cluster whose scheduler is here, e.g. tcp://10.0.0.5:8786 (default: "
        "$LEGATION_DASK_ADDRESS, else this machine's cores); needs pip install 'legation[dask]'",
    )


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def worker_count(text: str) -> int:
    try:
        return parse_worker_count(text, "--workers")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_run_parser(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="process new and changed pages once, as a Prefect flow run")
    add_folder_options(run)
    run.add_argument("--batch-size", type=positive, default=500, help="pages per parse/extract task (default 500)")
    run.add_argument("--prune", action="store_true", help="delete the rows of pages missing from the folder now")
    run.add_argument(
        "--dry-run", action="store_true", help="list the pages a run would parse, and those --prune would delete; "
        "change nothing"
    )  # fmt: skip
    add_run_options(run)
    run.set_defaults(handler=command_run)


def add_backfill_parser(commands: argparse._SubParsersAction) -> None:
    fill = commands.add_parser("backfill", help="process a date range or file glob again (as the UI's backfill)")
    add_folder_options(fill)
    fill.add_argument("--from", dest="published_from", help="first day the article was published, YYYY-MM-DD")
    fill.add_argument("--to", dest="published_to", help="last day the article was published, YYYY-MM-DD")
    fill.add_argument(
        "--glob", dest="file_glob", default="*", help="only pages whose path below --source-dir, or file name, "
        "matches (default: %(default)s)"
    )  # fmt: skip
    fill.add_argument("--reprocess", action="store_true", help="read and extract again even if unchanged")
    fill.add_argument("--dry-run", action="store_true", help="list what would be processed; change nothing")
    add_run_options(fill)
    fill.set_defaults(handler=command_backfill)


def add_other_parsers(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="serve the ingest (scheduled) and backfill deployments to Prefect")
    add_folder_options(serve)
    serve.add_argument("--cron", help="ingest schedule (default: $LEGATION_INGEST_CRON or */15 * * * *)")
    add_dask_option(serve)
    serve.set_defaults(handler=command_serve)
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
    report.add_argument(
        "--absolute-links",
        action="store_true",
        default=None,
        help="link each page by its absolute file:// address only (default: $LEGATION_REPORT_ABSOLUTE_LINKS, "
        "else a link relative to the report and a 'full path' one beside it)",
    )
    report.set_defaults(handler=command_report)


def version_text() -> str:
    from tasks.parsing import PARSER_VERSION

    return f"legation {package_version('legation')} (parser {PARSER_VERSION}, extractor {EXTRACTOR_VERSION})"


def build_parser() -> argparse.ArgumentParser:
    parser = CommandLine(prog="legation", description=__doc__)
    parser.add_argument("--version", action="version", version=version_text(), help="print the versions and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_run_parser(commands)
    add_backfill_parser(commands)
    add_query_parser(commands)
    add_other_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The temporary server's telemetry heartbeat races its own start-up for the SQLite file ("database is
    # locked" tracebacks in the run's output), and a local ETL run has no reason to report to Prefect.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        return args.handler(args)
    except (UsageError, SourceShrank) as error:  # SourceShrank: the flow's own guard, for a folder counted in pages
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

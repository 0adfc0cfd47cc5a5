"""`legation query`: a read-only SQL query against the published warehouse, printed as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Iterator

import duckdb
import sqlglot
from sqlglot import exp

from flows.errors import UsageError
from flows.settings import DEFAULT_WAREHOUSE, resolve_warehouse

READ_ONLY_STATEMENTS = (exp.Query, exp.Describe, exp.Show, exp.Pragma)

DEFAULT_TABLE_ROWS = 1_000
# DuckDB's box renderer fetches at most 10,000 rows whatever max_rows says, and ends with "? rows" past them.
TABLE_MOST_ROWS = 10_000
FETCH_CHUNK_ROWS = 1_000

FORMAT_HELP = (
    "table: a box fitted to the terminal's width ($COLUMNS, or 80 when not a terminal; DuckDB draws no narrower "
    "than 80): long values end in …, and middle columns that do not fit become one … column, counted below the box; "
    "csv: every value in full, comma-separated, under a header line; "
    "json: every value in full, an array of one object per row (default: %(default)s)"
)

# DuckDB's SHOW TABLES lists the current schema only, `main`, which the warehouse leaves empty.
SHOW_TABLES = re.compile(r"\s*show\s+tables\s*;?\s*", re.IGNORECASE)
LIST_TABLES = """
SELECT schema_name AS schema, table_name AS name, 'table' AS kind
FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal
UNION ALL
SELECT schema_name, view_name, 'view'
FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
ORDER BY schema, name
"""
WAREHOUSE_SCHEMAS = """
SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database() AND NOT internal ORDER BY 1
"""
# An empty result of these most likely looked in `main` (PRAGMA show_tables, information_schema filtered on it).
LOOKS_IN_MAIN = re.compile(r"\b(main|current_schema|show|pragma)\b", re.IGNORECASE)


def check_read_only(sql: str) -> None:
    try:
        statements = [s for s in sqlglot.parse(sql, dialect="duckdb") if s is not None]
    except sqlglot.errors.ParseError:
        return  # DuckDB itself reports the syntax error, with its position
    for statement in statements:
        if not isinstance(statement, READ_ONLY_STATEMENTS):
            raise UsageError(
                f"legation query only reads: {statement.key.upper()} statements are refused "
                "(the warehouse is rebuilt by `legation run`)"
            )


def row_limit(output_format: str, max_rows: int | None) -> int | None:
    """The most rows to print, None for all."""
    if max_rows is None:
        return DEFAULT_TABLE_ROWS if output_format == "table" else None
    if output_format == "table":
        return min(max_rows or TABLE_MOST_ROWS, TABLE_MOST_ROWS)
    return max_rows or None


def count_rows(relation: duckdb.DuckDBPyRelation) -> int:
    # A second execution, but DuckDB drops the columns and the ORDER BY a count does not need.
    return relation.aggregate("count(*)").fetchone()[0]


def fetch_chunks(relation: duckdb.DuckDBPyRelation, limit: int | None) -> Iterator[list[tuple]]:
    # In chunks, so that a large result streams (and `| head` stops it early) instead of filling memory first.
    left = limit
    while left is None or left > 0:
        rows = relation.fetchmany(FETCH_CHUNK_ROWS if left is None else min(FETCH_CHUNK_ROWS, left))
        if not rows:
            return
        yield rows
        if left is not None:
            left -= len(rows)


def print_table(relation: duckdb.DuckDBPyRelation, limit: int) -> tuple[int, int]:
    total = count_rows(relation)
    # max_rows equal to the limit: DuckDB would otherwise print the first and last rows around a gap.
    relation.limit(limit).show(max_rows=limit, max_width=shutil.get_terminal_size().columns)
    return min(total, limit), total


def print_csv(relation: duckdb.DuckDBPyRelation, limit: int | None) -> int:
    writer = csv.writer(sys.stdout)
    writer.writerow(relation.columns)
    shown = 0
    for rows in fetch_chunks(relation, limit):
        writer.writerows(rows)
        shown += len(rows)
    return shown


def print_json(relation: duckdb.DuckDBPyRelation, limit: int | None) -> int:
    # Record by record, as json.dumps(records, indent=1) would print the list, without holding the list.
    columns, shown = relation.columns, 0
    for rows in fetch_chunks(relation, limit):
        for row in rows:
            record = json.dumps(dict(zip(columns, row, strict=True)), default=str, ensure_ascii=False, indent=1)
            sys.stdout.write(("[\n" if shown == 0 else ",\n") + textwrap.indent(record, " "))
            shown += 1
    print("\n]" if shown else "[]")
    return shown


def print_result(relation: duckdb.DuckDBPyRelation, output_format: str, limit: int | None) -> tuple[int, int]:
    """Print at most `limit` rows; return how many were printed and how many the result has."""
    if output_format == "table":
        return print_table(relation, limit or TABLE_MOST_ROWS)
    shown = (print_csv if output_format == "csv" else print_json)(relation, limit)
    total = shown if limit is None or shown < limit else count_rows(relation)
    return shown, total


def cut_notice(output_format: str, shown: int, total: int) -> str | None:
    if shown >= total:
        return None
    if output_format != "table":
        more = "--max-rows 0 for all"
    elif total > TABLE_MOST_ROWS:
        more = "--format csv for all"
    else:
        more = "--max-rows 0 for all, or --format csv"
    return f"showing {shown:,} of {total:,} rows; {more}"


def schema_hint(con: duckdb.DuckDBPyConnection, sql: str, total: int) -> str | None:
    if SHOW_TABLES.fullmatch(sql):
        hint = "SHOW TABLES here lists the tables and views of every schema ({}); name them as schema.name"
    elif total == 0 and LOOKS_IN_MAIN.search(sql):
        hint = "no rows; the warehouse's tables and views are in the schemas {}, not main (SHOW TABLES lists them)"
    else:
        return None
    return hint.format(", ".join(name for (name,) in con.sql(WAREHOUSE_SCHEMAS).fetchall()))


def silence_stdout() -> None:
    # Python flushes stdout once more at exit, and that write into the closed pipe would print a traceback.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_query(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> list[str]:
    """Print the result; return the notes for stderr."""
    relation = con.sql(LIST_TABLES if SHOW_TABLES.fullmatch(args.sql) else args.sql)
    if relation is None:
        raise UsageError("the statement returned no result")
    shown, total = print_result(relation, args.format, row_limit(args.format, args.max_rows))
    sys.stdout.flush()  # inside the caller's BrokenPipeError handler, not at exit
    notes = (cut_notice(args.format, shown, total), schema_hint(con, args.sql, total))
    return [note for note in notes if note]


def command_query(args: argparse.Namespace) -> int:
    warehouse = resolve_warehouse(args.warehouse)
    if not warehouse.exists():
        raise UsageError(f"no warehouse at {warehouse}: run `legation run` first")
    check_read_only(args.sql)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        notes = run_query(con, args)
    except BrokenPipeError:
        # The reader (`| head`) has read all it wanted: end quietly and successfully, as `cat` would.
        silence_stdout()
        return 0
    finally:
        con.close()
    for note in notes:
        print(f"legation: {note}", file=sys.stderr)
    return 0


def row_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, not {text!r}")
    return count


def add_query_parser(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser(
        "query",
        help="run a read-only SQL query against the warehouse",
        description="Run a read-only SQL query against the published warehouse. Its tables and views are in the "
        "schemas raw, staging, marts and reports (none in main): SHOW TABLES lists them all.",
    )
    query.add_argument("sql", help="the statement to run: SELECT, WITH, DESCRIBE, SHOW or PRAGMA")
    query.add_argument("--warehouse", help=f"DuckDB file (default: $LEGATION_WAREHOUSE or {DEFAULT_WAREHOUSE})")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table", help=FORMAT_HELP)
    query.add_argument(
        "--max-rows",
        type=row_count,
        metavar="N",
        help=f"print at most N rows, and say so on stderr when the result has more; 0 for all (default: "
        f"{DEFAULT_TABLE_ROWS:,} for table, all for csv and json; table prints {TABLE_MOST_ROWS:,} at most)",
    )
    query.set_defaults(handler=command_query)

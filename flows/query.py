"""`legation query`: a read-only SQL query against the published warehouse, printed as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys

import duckdb
import sqlglot
from sqlglot import exp

from flows.errors import UsageError
from flows.settings import DEFAULT_WAREHOUSE, resolve_warehouse

READ_ONLY_STATEMENTS = (exp.Query, exp.Describe, exp.Show, exp.Pragma)


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


def print_result(relation: duckdb.DuckDBPyRelation, output_format: str) -> None:
    if output_format == "table":
        relation.show(max_rows=10_000, max_width=10_000)
        return
    rows = relation.fetchall()
    if output_format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(relation.columns)
        writer.writerows(rows)
    else:
        records = [dict(zip(relation.columns, row, strict=True)) for row in rows]
        print(json.dumps(records, default=str, ensure_ascii=False, indent=1))


def command_query(args: argparse.Namespace) -> int:
    warehouse = resolve_warehouse(args.warehouse)
    if not warehouse.exists():
        raise UsageError(f"no warehouse at {warehouse}: run `legation run` first")
    check_read_only(args.sql)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        relation = con.sql(args.sql)
        if relation is None:
            raise UsageError("the statement returned no result")
        print_result(relation, args.format)
    finally:
        con.close()
    return 0


def add_query_parser(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser("query", help="run a read-only SQL query against the warehouse")
    query.add_argument("sql", help="the SELECT to run")
    query.add_argument("--warehouse", help=f"DuckDB file (default: $LEGATION_WAREHOUSE or {DEFAULT_WAREHOUSE})")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(handler=command_query)

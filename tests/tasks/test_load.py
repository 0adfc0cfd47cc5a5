"""Bulk inserts through DuckDB's JSON reader: rows longer than its default object size, under the load cap."""

from __future__ import annotations

import duckdb
import pytest

from tasks.load import MIN_JSON_OBJECT_BYTES, insert_rows
from tasks.warehouse import DEFAULT_LOAD_MEMORY_LIMIT

COLUMNS = {"row_id": "INTEGER", "body": "VARCHAR"}


@pytest.mark.parametrize(
    ("character", "bytes_each"),
    [
        ("a", 1),
        ("é", 2),  # a row's length in characters undercounts its bytes
        ('"', 2),  # escaped as \\" in JSON: the row written is longer than the text
        ("中", 3),
    ],
)
def test_a_row_longer_than_the_default_object_size_loads_under_the_load_cap(character: str, bytes_each: int) -> None:
    """DuckDB's reader takes about 4 times maximum_object_size: sized in bytes from the rows, a 17 MB row fits."""
    body = character * ((MIN_JSON_OBJECT_BYTES + 1_000_000) // bytes_each)
    with duckdb.connect(config={"memory_limit": DEFAULT_LOAD_MEMORY_LIMIT}) as con:
        con.execute("CREATE TABLE pages (row_id INTEGER, body VARCHAR)")
        assert insert_rows(con, "pages", COLUMNS, [{"row_id": 1, "body": body}, {"row_id": 2, "body": "short"}]) == 2
        assert con.execute("SELECT row_id, length(body), body = ? FROM pages ORDER BY row_id", [body]).fetchall() == [
            (1, len(body), True),
            (2, 5, False),
        ]


def test_a_row_too_long_for_the_cap_is_a_clear_error_naming_the_setting() -> None:
    body = "a" * (MIN_JSON_OBJECT_BYTES + 1_000_000)
    with duckdb.connect(config={"memory_limit": "64MB"}) as con:
        con.execute("CREATE TABLE pages (row_id INTEGER, body VARCHAR)")
        with pytest.raises(MemoryError, match="a row of 17 MB .* raise LEGATION_DUCKDB_LOAD_MEMORY_LIMIT"):
            insert_rows(con, "pages", COLUMNS, [{"row_id": 1, "body": body}])
        assert con.execute("SELECT count(*) FROM pages").fetchone() == (0,)


def test_no_rows_insert_nothing() -> None:
    with duckdb.connect() as con:
        con.execute("CREATE TABLE pages (row_id INTEGER, body VARCHAR)")
        assert insert_rows(con, "pages", COLUMNS, []) == 0
        assert con.execute("SELECT count(*) FROM pages").fetchone() == (0,)

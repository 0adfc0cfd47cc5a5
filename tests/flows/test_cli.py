"""`legation query`: read-only, in three formats, with clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flows.cli import main


@pytest.fixture
def small_warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.t AS SELECT * FROM (VALUES (1, 'Xi Jinping'), (2, 'Kim Jong Un')) v(id, name)")
    return path


def test_query_prints_csv_and_json(small_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = "SELECT id, name FROM marts.t ORDER BY id"
    assert main(["query", sql, "--warehouse", str(small_warehouse), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["id,name", "1,Xi Jinping", "2,Kim Jong Un"]
    assert main(["query", sql, "--warehouse", str(small_warehouse), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"id": 1, "name": "Xi Jinping"}, {"id": 2, "name": "Kim Jong Un"}]
    assert main(["query", sql, "--warehouse", str(small_warehouse)]) == 0
    assert "Kim Jong Un" in capsys.readouterr().out


@pytest.mark.parametrize("sql", ["DELETE FROM marts.t", "DROP TABLE marts.t", "SELECT 1; UPDATE marts.t SET id = 3"])
def test_write_statements_are_refused(small_warehouse: Path, capsys: pytest.CaptureFixture[str], sql: str) -> None:
    assert main(["query", sql, "--warehouse", str(small_warehouse)]) == 2
    assert "only reads" in capsys.readouterr().err
    with duckdb.connect(str(small_warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.t").fetchone()[0] == 2


def test_missing_warehouse_and_bad_sql_give_one_line_errors(
    tmp_path: Path, small_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "SELECT 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "run `legation run` first" in capsys.readouterr().err
    assert main(["query", "SELECT nope FROM marts.t", "--warehouse", str(small_warehouse)]) == 1
    assert "nope" in capsys.readouterr().err

"""`legation query`: read-only, in three formats, with clear refusals."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import build_parser, main


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


LEGATION = Path(sys.executable).with_name("legation")
MANY_ROWS = "SELECT * FROM range(100000)"


@pytest.fixture
def layered_warehouse(tmp_path: Path) -> Path:
    """The warehouse's layout: tables and views in raw, staging, marts and reports, nothing in main."""
    path = tmp_path / "layered.duckdb"
    with duckdb.connect(str(path)) as con:
        for schema in ("raw", "staging", "marts", "reports"):
            con.execute(f"CREATE SCHEMA {schema}")
        con.execute("CREATE TABLE raw.pages AS SELECT 1 AS page_id")
        con.execute("CREATE VIEW staging.stg_pages AS SELECT * FROM raw.pages")
        con.execute("CREATE TABLE marts.fct_messages AS SELECT 1 AS message_id")
        con.execute("CREATE TABLE marts.dim_actors AS SELECT 1 AS actor_id")
        con.execute("CREATE VIEW reports.messages_by_year AS SELECT 1 AS messages")
    return path


@pytest.mark.parametrize("output_format", ["table", "csv", "json"])
def test_query_piped_into_head_ends_quietly(small_warehouse: Path, output_format: str) -> None:
    assert LEGATION.is_file(), f"no {LEGATION}: install the package in the venv"
    # Lines 200 wide: even the table's first 1,000 rows are far more than a pipe holds, so `legation` is still
    # writing when head exits.
    sql = "SELECT range AS n, repeat('text ', 40) AS text FROM range(100000)"
    command = [str(LEGATION), "query", sql, "--warehouse", str(small_warehouse), "--format", output_format]
    read_end, write_end = os.pipe()
    env = {**os.environ, "COLUMNS": "200"}
    with subprocess.Popen(command, stdout=write_end, stderr=subprocess.PIPE, text=True, env=env) as query:
        with subprocess.Popen(["head", "-n", "2"], stdin=read_end, stdout=subprocess.PIPE, text=True) as head:
            os.close(read_end)  # head holds the only reading end now: the pipe closes when it exits, as in a shell
            os.close(write_end)
            head_out = head.communicate(timeout=60)[0]
        err = query.communicate(timeout=60)[1]
    assert len(head_out.splitlines()) == 2
    assert err == ""
    assert query.returncode == 0


def test_a_cut_table_says_so_on_stderr(small_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", MANY_ROWS, "--warehouse", str(small_warehouse)]) == 0
    out, err = capsys.readouterr()
    assert [int(n) for n in re.findall(r"│ +(\d+) │", out)] == list(range(1000))
    assert err == "legation: showing 1,000 of 100,000 rows; --format csv for all\n"
    assert main(["query", "SELECT * FROM range(5000)", "--warehouse", str(small_warehouse), "--max-rows", "3"]) == 0
    out, err = capsys.readouterr()
    assert [int(n) for n in re.findall(r"│ +(\d+) │", out)] == [0, 1, 2]
    assert err == "legation: showing 3 of 5,000 rows; --max-rows 0 for all, or --format csv\n"


def test_csv_and_json_print_everything_unless_max_rows(
    small_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = ["query", MANY_ROWS, "--warehouse", str(small_warehouse)]
    assert main([*query, "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["range", *map(str, range(100000))]
    assert err == ""
    assert main([*query, "--format", "json", "--max-rows", "2"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [{"range": 0}, {"range": 1}]
    assert err == "legation: showing 2 of 100,000 rows; --max-rows 0 for all\n"


@pytest.mark.parametrize(
    ("sql", "options"),
    [("SELECT id, name FROM marts.t", []), ("SELECT * FROM range(5)", ["--max-rows", "5", "--format", "csv"])],
)
def test_a_whole_result_prints_no_notice(
    small_warehouse: Path, capsys: pytest.CaptureFixture[str], sql: str, options: list[str]
) -> None:
    assert main(["query", sql, "--warehouse", str(small_warehouse), *options]) == 0
    assert capsys.readouterr().err == ""


def test_show_tables_lists_every_schema(layered_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "show tables;", "--warehouse", str(layered_warehouse), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "schema,name,kind",
        "marts,dim_actors,table",
        "marts,fct_messages,table",
        "raw,pages,table",
        "reports,messages_by_year,view",
        "staging,stg_pages,view",
    ]
    assert "marts, raw, reports, staging" in err
    assert len(err.splitlines()) == 1


def test_an_empty_look_at_main_names_the_schemas(layered_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "PRAGMA show_tables", "--warehouse", str(layered_warehouse)]) == 0
    err = capsys.readouterr().err
    assert "schemas marts, raw, reports, staging, not main" in err
    assert len(err.splitlines()) == 1
    # An ordinary filter that matches nothing gets no hint.
    assert main(["query", "SELECT * FROM marts.fct_messages WHERE false", "--warehouse", str(layered_warehouse)]) == 0
    assert capsys.readouterr().err == ""


def test_every_query_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for action in commands.choices["query"]._actions:
        assert action.help and action.help != argparse.SUPPRESS, action.dest
    with pytest.raises(SystemExit) as exit_:
        main(["query", "--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert all(f"{name}: " in out for name in ("table", "csv", "json"))
    assert "--max-rows N" in out


@pytest.mark.parametrize("width", [80, 132])
def test_a_wide_table_fits_the_terminal(
    small_warehouse: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    columns = ", ".join(f"repeat('long text {i} ', 8) AS column_number_{i}" for i in range(15))
    assert main(["query", f"SELECT {columns} FROM range(3)", "--warehouse", str(small_warehouse)]) == 0
    out = capsys.readouterr().out
    assert width - 4 < max(map(len, out.splitlines())) <= width
    assert "15 columns (" in out  # DuckDB says below the box how many columns it could show

"""SQL models: ordered by what they read, validated before anything runs, audited after."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tasks.transform import SQL_DIR, AuditFailed, ModelError, load_extra_audits, load_models, run_models


@pytest.fixture
def sql_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "sql"
    shutil.copytree(SQL_DIR, folder)
    return folder


def empty_warehouse(sql_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((sql_dir / "raw.sql").read_text(encoding="utf-8"))
    return con


def tables(con: duckdb.DuckDBPyConnection, schema: str) -> set[str]:
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = ?", [schema]).fetchall()
    return {row[0] for row in rows}


def test_order_is_derived_from_the_sql(sql_dir: Path) -> None:
    # Named to sort first alphabetically, yet it reads two other models' output.
    (sql_dir / "marts" / "aaa_messages_per_sender.sql").write_text(
        "-- grain: one row per sender\n"
        "-- description: Messages per sender.\n"
        "-- column name: The sender's name.\n"
        "-- column messages: How many messages they sent.\n"
        "SELECT a.name, count(*) AS messages\n"
        "FROM marts.fct_messages AS m JOIN marts.dim_actors AS a ON a.actor_id = m.sender_id\n"
        "GROUP BY a.name\n"
    )
    order = [model.table for model in load_models(sql_dir)]
    new = order.index("marts.aaa_messages_per_sender")
    assert new > order.index("marts.fct_messages") and new > order.index("marts.dim_actors")
    assert order.index("staging.event_facts") < order.index("marts.fct_messages")
    assert order.index("staging.mention_actors") < order.index("staging.event_mentions")

    con = empty_warehouse(sql_dir)
    run_models(con, load_models(sql_dir), load_extra_audits(sql_dir))
    assert "aaa_messages_per_sender" in tables(con, "marts")


def test_a_syntax_error_names_the_file_and_line_before_any_model_runs(sql_dir: Path) -> None:
    (sql_dir / "marts" / "broken.sql").write_text("-- grain: one row per nothing\nSELECT a,\nFROM WHERE\n")
    with pytest.raises(ModelError, match=r"sql/marts/broken\.sql:3:\d+: SQL syntax error|marts/broken\.sql:3:"):
        load_models(sql_dir)


def test_the_flow_stops_on_a_broken_model_before_touching_the_warehouse(sql_dir: Path, tmp_path: Path) -> None:
    from flows.ingest import ingest

    (sql_dir / "staging" / "broken.sql").write_text("-- grain: x\nSELEC 1\n")
    warehouse = tmp_path / "w.duckdb"
    with pytest.raises(ModelError, match="broken.sql"):
        ingest(source_dir=str(SQL_DIR.parent / "seeds"), warehouse=str(warehouse), sql_dir=str(sql_dir))
    assert not warehouse.exists()


@pytest.mark.parametrize(
    ("file_name", "text", "message"),
    [
        ("no_grain.sql", "SELECT 1 AS one\n", "grain"),
        ("star.sql", "-- grain: one row per document\nSELECT * FROM marts.dim_documents\n", "SELECT \\*"),
        ("undescribed.sql", "-- grain: one row\nSELECT 1 AS one\n", "describe the table"),
        ("unknown.sql", "-- grain: one row\n-- description: x\nSELECT x FROM staging.nowhere\n", "staging.nowhere"),
        ("two.sql", "-- grain: one row\nSELECT 1 AS a; SELECT 2 AS b\n", "exactly one SELECT"),
    ],
)
def test_invalid_models_are_refused(sql_dir: Path, file_name: str, text: str, message: str) -> None:
    (sql_dir / "marts" / file_name).write_text(text)
    with pytest.raises(ModelError, match=message):
        load_models(sql_dir)


def test_a_dependency_cycle_is_refused(sql_dir: Path) -> None:
    (sql_dir / "marts" / "ping.sql").write_text("-- grain: one row\nSELECT a FROM marts.pong\n")
    (sql_dir / "marts" / "pong.sql").write_text("-- grain: one row\nSELECT a FROM marts.ping\n")
    with pytest.raises(ModelError, match="cycle"):
        load_models(sql_dir)


def test_every_column_of_a_mart_is_described_and_shown_in_duckdb(sql_dir: Path) -> None:
    con = empty_warehouse(sql_dir)
    run_models(con, load_models(sql_dir), [])
    undescribed = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name IN ('marts', 'reports') AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert undescribed == []
    tables = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall()
    assert tables and all(comment for (comment,) in tables)

    (sql_dir / "marts" / "half_described.sql").write_text(
        "-- grain: one row\n-- description: A test.\n-- column a: The a.\nSELECT 1 AS a, 2 AS b\n"
    )
    with pytest.raises(ModelError, match=r"half_described\.sql: describe column\(s\) b"):
        run_models(empty_warehouse(sql_dir), load_models(sql_dir), [])


def test_a_runtime_error_names_the_model_file(sql_dir: Path) -> None:
    (sql_dir / "marts" / "bad_column.sql").write_text(
        "-- grain: one row per document\n-- description: Broken.\n"
        "SELECT\n    no_such_column\nFROM marts.dim_documents\n"
    )
    con = empty_warehouse(sql_dir)
    with pytest.raises(ModelError, match=r"marts/bad_column\.sql: .*line 3.*no_such_column|no_such_column"):
        run_models(con, load_models(sql_dir), [])


def test_a_failing_audit_names_the_offending_rows(sql_dir: Path) -> None:
    con = empty_warehouse(sql_dir)
    con.execute(
        "INSERT INTO raw.file_ledger (source_path, file_name, size_bytes, content_sha256, status, first_seen_run, "
        "last_changed_run) VALUES ('a.txt', 'a.txt', 1, 'h', 'quarantined', 'run-1', 'run-1')"
    )
    with pytest.raises(AuditFailed, match=r"(?s)quarantined_files: reason not null.*'source_path': 'a.txt'") as failure:
        run_models(con, load_models(sql_dir), load_extra_audits(sql_dir))
    assert "1 of" in str(failure.value)


def test_the_event_audit_covers_every_event_type_and_finds_a_fact_with_no_page(sql_dir: Path) -> None:
    from schemas.event_types import EVENT_TYPES
    from tasks.transform import every_event_has_a_document

    audit = every_event_has_a_document()
    assert all(t.fact_table in audit.sql for t in EVENT_TYPES)
    con = empty_warehouse(sql_dir)
    run_models(con, load_models(sql_dir), [])
    con.execute("INSERT INTO marts.fct_meetings (meeting_id) VALUES ('m1')")
    rows = con.execute(audit.sql).fetchall()
    assert rows == [("meeting", "m1", "no document")]

"""The ingest flow end to end: real files, a real DuckDB file, real Prefect flow runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest
from tasks.transform import SQL_DIR, AuditFailed

# The public interface of design/warehouse-contract.md: these columns must exist.
CONTRACT = {
    "dim_documents": {"document_id", "file_name", "title", "outlet", "published_on", "content_sha256"},
    "dim_actors": {"actor_id", "name", "actor_type", "country_code"},
    "fct_messages": {"message_id", "sender_id", "recipient_id", "message_kind", "occasion", "sent_on"},
    "fct_meetings": {"meeting_id", "held_on", "location"},
    "bridge_meeting_participants": {"meeting_id", "actor_id"},
    "fct_statements": {"statement_id", "speaker_id", "addressee_id", "stated_on", "quote", "text"},
    "bridge_event_documents": {"event_id", "event_type", "document_id", "evidence"},
}


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two equal snapshots mean no row changed."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            row[0] for row in con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()
        ]
        return {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}


def query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


def test_seed_run_builds_every_contract_table(seed_folder: Path, warehouse: Path) -> None:
    summary = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (summary.files_seen, summary.new, summary.documents_loaded, summary.quarantined) == (5, 5, 5, [])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, columns in CONTRACT.items():
            found = {row[0] for row in con.execute(f"DESCRIBE marts.{table}").fetchall()}
            assert columns <= found, f"marts.{table} lacks {columns - found}"
        assert con.execute("SELECT count(*) FROM marts.dim_documents").fetchone()[0] == 5
        assert (
            con.execute(
                "SELECT data_type FROM duckdb_columns() WHERE table_name = 'dim_documents' "
                "AND column_name = 'published_on'"
            ).fetchone()[0]
            == "DATE"
        )
    assert summary.rows_per_table["marts.dim_documents"] == 5
    assert not warehouse.with_name(warehouse.name + ".building").exists()


def test_rerun_changes_nothing_and_a_new_file_is_processed_alone(seed_folder: Path, warehouse: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    before = snapshot(warehouse)
    again = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (again.unchanged, again.new, again.changed, again.documents_loaded) == (5, 0, 0, 0)
    assert snapshot(warehouse) == before

    added = seed_folder / "later" / "added page.txt"
    added.parent.mkdir()
    added.write_text("Envoys meet\n\nThe foreign minister of Chile met the foreign minister of Peru in Lima.\n")
    third = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (third.new, third.unchanged, third.documents_loaded) == (1, 5, 1)
    after = snapshot(warehouse)
    assert len(after["marts.dim_documents"]) == 6
    loaded_in = query(warehouse, "SELECT loaded_in_run, count(*) FROM raw.documents GROUP BY ALL ORDER BY 2")
    assert [count for _, count in loaded_in] == [1, 5], "the old documents must not be re-loaded"


def test_an_old_ledger_is_read_and_stamped_when_a_run_writes_anyway(seed_folder: Path, warehouse: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    with duckdb.connect(str(warehouse)) as con:
        # as earlier versions wrote it: previous_document_id came with the gone-pages work, modified_ns after it
        con.execute("ALTER TABLE raw.file_ledger DROP COLUMN modified_ns")
        con.execute("ALTER TABLE raw.file_ledger DROP COLUMN previous_document_id")
    published = warehouse.read_bytes()
    touched = seed_folder / "001_1728084e157d97fb.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 5_000_000_000))
    again = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (again.unchanged, again.new, again.changed) == (5, 0, 0)
    assert warehouse.read_bytes() == published, "new modification times alone must not make a run write"

    (seed_folder / "added page.txt").write_text(
        "Envoys meet\n\nThe foreign minister of Chile met the foreign minister of Peru in Lima.\n"
    )
    third = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (third.new, third.unchanged, third.documents_loaded) == (1, 5, 1)
    # Every row now holds its file's time, the touched one's new one: the next run reads none of them.
    stamps = dict(query(warehouse, "SELECT source_path, modified_ns FROM raw.file_ledger"))
    assert stamps == {path.name: path.stat().st_mtime_ns for path in seed_folder.iterdir()}


def test_changed_file_replaces_its_document_and_events(seed_folder: Path, warehouse: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    page = seed_folder / "004_43a028c89f017d11.txt"
    old_id = query(warehouse, "SELECT document_id FROM marts.dim_documents WHERE file_name = ?", [page.name])[0][0]
    page.write_text(page.read_text(encoding="utf-8") + "\nA closing paragraph was added by the editors later on.\n")
    summary = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (summary.changed, summary.unchanged, summary.documents_loaded) == (1, 4, 1)
    ids = query(warehouse, "SELECT document_id FROM marts.dim_documents WHERE file_name = ?", [page.name])
    assert len(ids) == 1 and ids[0][0] != old_id
    for table in ("raw.documents", "raw.mentions", "marts.bridge_event_documents"):
        assert query(warehouse, f"SELECT count(*) FROM {table} WHERE document_id = ?", [old_id]) == [(0,)]


def test_same_content_under_two_names_is_one_document(seed_folder: Path, warehouse: Path) -> None:
    shutil.copy(seed_folder / "001_1728084e157d97fb.txt", seed_folder / "copy of 001.txt")
    summary = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (summary.files_seen, summary.documents_loaded, summary.duplicates) == (6, 5, 1)
    rows = query(warehouse, "SELECT file_name, path_count FROM marts.dim_documents WHERE path_count > 1")
    assert rows == [("001_1728084e157d97fb.txt", 2)]
    statuses = query(warehouse, "SELECT status, count(*) FROM raw.file_ledger GROUP BY ALL")
    assert statuses == [("loaded", 6)]


def write_bad_and_odd_pages(folder: Path) -> dict[str, bool]:
    """Pages of every awkward kind; the value says whether the page should load."""
    article = (
        "Leaders trade letters\n\nBy Example Wire | 3 May 2024\n\n"
        "President Alicia Moreno of Chile sent a letter to President Tomas Ruiz of Peru on Friday, "
        "calling for closer cooperation on fisheries. The letter was delivered by an envoy in Lima.\n"
    )
    (folder / "sub" / "deeper").mkdir(parents=True)
    pages: dict[str, tuple[bytes, bool]] = {
        "empty.txt": (b"", False),
        "binary.bin": (bytes(range(256)) * 40, False),
        "undecodable.txt": (b"Caf\x81\x8d\x8f\x90\x9d " * 200, False),
        "cp1252.txt": (
            article.replace("Tomas", "Tomás").replace("fisheries", "“fisheries” worth €5").encode("cp1252"),
            True,
        ),
        "utf16.txt": (article.replace("Alicia", "Alícia").encode("utf-16"), True),
        "huge.txt": ((article + "\n") * (20_000_000 // len(article)), True),
        "Fichier énorme à Genève.txt": (article.replace("Lima", "Genève").encode("utf-8"), True),
        "sub/deeper/nested.txt": (article.replace("Friday", "Monday").encode("utf-8-sig"), True),
    }
    expected = {}
    for name, (content, loads) in pages.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        expected[name] = loads
    return expected


def test_bad_pages_are_quarantined_with_a_reason_and_good_pages_still_load(tmp_path: Path, warehouse: Path) -> None:
    folder = tmp_path / "odd"
    expected = write_bad_and_odd_pages(folder)
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    ledger = {
        path: (status, error)
        for path, status, error in query(warehouse, "SELECT source_path, status, error FROM raw.file_ledger")
    }
    assert set(ledger) == set(expected), "every input file is accounted for"
    for name, loads in expected.items():
        status, error = ledger[name]
        assert status == ("loaded" if loads else "quarantined"), (name, status, error)
        assert (error is None) == loads, (name, error)
    assert sorted(q.source_path for q in summary.quarantined) == sorted(n for n, ok in expected.items() if not ok)
    quarantined = query(warehouse, "SELECT file_name, reason FROM marts.quarantined_files ORDER BY 1")
    assert [name for name, _ in quarantined] == ["binary.bin", "empty.txt", "undecodable.txt"]
    assert all(reason for _, reason in quarantined)
    bodies = dict(query(warehouse, "SELECT file_name, body_text FROM staging.documents"))
    assert set(bodies) == {"cp1252.txt", "utf16.txt", "huge.txt", "Fichier énorme à Genève.txt", "nested.txt"}
    assert "Tomás Ruiz" in bodies["cp1252.txt"] and "“fisheries” worth €5" in bodies["cp1252.txt"]
    assert "Alícia Moreno" in bodies["utf16.txt"]
    assert "Genève" in bodies["Fichier énorme à Genève.txt"]


def test_a_failing_audit_publishes_nothing(seed_folder: Path, warehouse: Path, tmp_path: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    before = snapshot(warehouse)
    broken_sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, broken_sql)
    (broken_sql / "audits" / "no_documents_allowed.sql").write_text(
        "-- fails as soon as there is a document\nSELECT document_id FROM marts.dim_documents\n"
    )
    (seed_folder / "new.txt").write_text("A new page\n\nThe minister of Ghana met the minister of Togo in Accra.\n")
    with pytest.raises(AuditFailed, match="no_documents_allowed.sql"):
        ingest(source_dir=str(seed_folder), warehouse=str(warehouse), sql_dir=str(broken_sql))
    assert snapshot(warehouse) == before
    assert not warehouse.with_name(warehouse.name + ".building").exists()

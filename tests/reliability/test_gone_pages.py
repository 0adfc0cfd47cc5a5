"""Pages that disappear, come back, or turn unreadable: every input file stays accounted for ("Nothing lost")."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from flows.cli import main
from flows.ingest import ingest
from tests.reliability.corpus import SEEDS
from tests.reliability.runs import query, snapshot

GONE, RETURNS, TURNS_BAD = "001_1728084e157d97fb.txt", "003_254fad3e3a1ae27e.txt", "002_f2ef523ba8663a2c.txt"


def assert_every_input_accounted_for(folder: Path, warehouse: Path) -> None:
    """Each file in the folder: a ledger row loaded (its document in dim_documents) or quarantined (with a reason
    in quarantined_files). Each ledger row of a file no longer there: gone."""
    on_disk = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    ledger = {
        p: (s, e, d)
        for p, s, e, d in query(warehouse, "SELECT source_path, status, error, document_id FROM raw.file_ledger")
    }
    documents = {row[0] for row in query(warehouse, "SELECT document_id FROM marts.dim_documents")}
    quarantined = dict(query(warehouse, "SELECT source_path, reason FROM marts.quarantined_files"))
    assert on_disk <= set(ledger), f"files missing from the ledger: {on_disk - set(ledger)}"
    for path, (status, error, document_id) in ledger.items():
        if path not in on_disk:
            assert status == "gone", (path, status)
        elif status == "loaded":
            assert document_id in documents, (path, document_id)
        else:
            assert status == "quarantined" and error and quarantined[path] == error, (path, status, error)


def document_of(warehouse: Path, name: str) -> str:
    rows = query(warehouse, "SELECT document_id FROM raw.file_ledger WHERE source_path = ?", [name])
    assert len(rows) == 1 and rows[0][0], (name, rows)
    return rows[0][0]


def rows_of_document(warehouse: Path, document_id: str) -> dict[str, int]:
    tables = ("raw.documents", "raw.mentions", "marts.dim_documents", "marts.bridge_event_documents")
    return {t: query(warehouse, f"SELECT count(*) FROM {t} WHERE document_id = ?", [document_id])[0][0] for t in tables}


def test_gone_pages_stay_marked_until_pruned_and_unreadable_pages_are_quarantined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(SEEDS, folder)
    warehouse = tmp_path / "warehouse" / "legation.duckdb"
    ingest(source_dir=str(folder), warehouse=str(warehouse))
    gone_id, returns_id, bad_id = (document_of(warehouse, name) for name in (GONE, RETURNS, TURNS_BAD))
    gone_rows, returns_rows = rows_of_document(warehouse, gone_id), rows_of_document(warehouse, returns_id)
    assert gone_rows["raw.mentions"] > 0 and gone_rows["marts.bridge_event_documents"] > 0

    # Two pages disappear: their documents and events stay, marked gone.
    returning = (folder / RETURNS).read_bytes()
    (folder / GONE).unlink()
    (folder / RETURNS).unlink()
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert (summary.gone, summary.documents_loaded) == (2, 0)
    assert rows_of_document(warehouse, gone_id) == gone_rows
    assert rows_of_document(warehouse, returns_id) == returns_rows
    gone_flags = dict(query(warehouse, "SELECT document_id, is_gone FROM marts.dim_documents"))
    assert gone_flags[gone_id] is True and gone_flags[returns_id] is True and gone_flags[bad_id] is False
    statuses = dict(query(warehouse, "SELECT source_path, status FROM raw.file_ledger"))
    assert statuses[GONE] == statuses[RETURNS] == "gone"
    assert_every_input_accounted_for(folder, warehouse)

    # One comes back unchanged (the same document, not gone any more, nothing parsed again) while another turns
    # into random bytes: that file is quarantined with its reason, and the document read from its earlier content
    # keeps its rows, marked gone, as a deleted page's do (issue 5: "becomes unreadable or is deleted keeps its rows").
    bad_rows = rows_of_document(warehouse, bad_id)
    (folder / RETURNS).write_bytes(returning)
    (folder / TURNS_BAD).write_bytes(random.Random(8).randbytes(5000))
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert (summary.documents_loaded, summary.changed) == (0, 1)
    assert query(warehouse, "SELECT is_gone FROM marts.dim_documents WHERE document_id = ?", [returns_id]) == [(False,)]
    assert rows_of_document(warehouse, returns_id) == returns_rows
    assert [q.source_path for q in summary.quarantined] == [TURNS_BAD]
    reason = query(warehouse, "SELECT reason FROM marts.quarantined_files WHERE source_path = ?", [TURNS_BAD])
    assert reason and reason[0][0], "quarantined with a reason"
    assert rows_of_document(warehouse, bad_id) == bad_rows
    assert query(warehouse, "SELECT is_gone FROM marts.dim_documents WHERE document_id = ?", [bad_id]) == [(True,)]
    assert_every_input_accounted_for(folder, warehouse)
    before_prune = snapshot(warehouse)

    # `legation run --prune` deletes the rows of the page still gone and of the unreadable page's old content.
    assert main(["run", "--source-dir", str(folder), "--warehouse", str(warehouse), "--prune"]) == 0
    assert "pages seen 4:" in capsys.readouterr().out
    assert set(rows_of_document(warehouse, gone_id).values()) == {0}
    assert set(rows_of_document(warehouse, bad_id).values()) == {0}
    assert query(warehouse, "SELECT count(*) FROM raw.file_ledger WHERE status = 'gone'") == [(0,)]
    after_prune = snapshot(warehouse)
    kept = query(warehouse, "SELECT source_path FROM raw.file_ledger ORDER BY 1")
    assert [path for (path,) in kept] == sorted(path.name for path in folder.iterdir())
    assert len(after_prune["marts.dim_documents"]) == len(before_prune["marts.dim_documents"]) - 2
    assert_every_input_accounted_for(folder, warehouse)

"""A chunk's mentions come back as rows, or as Parquet files in the run's handoff folder; loaded, both give the same
raw rows. A worker that does not see the folder (another machine) returns rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.settings import HANDOFF_DIR_VARIABLE, resolve_handoff_dir
from schemas.document import Document
from schemas.mentions import ExtractedChunk, Handoff
from tasks.discover import discover_pages
from tasks.extract import extract_pages, open_handoff
from tasks.load import replace_chunk_mentions
from tasks.parse import parse_one
from tasks.warehouse import handoff_path, open_build, remove_build_files
from tests.conftest import SEEDS

RAW_MENTION_TABLES = ("raw.mentions", "raw.mention_actors")


@pytest.fixture(scope="module")
def seed_documents() -> list[Document]:
    documents = [parse_one(SEEDS, page) for page in discover_pages(SEEDS, {})]
    assert all(isinstance(document, Document) for document in documents)
    return documents  # type: ignore[return-value]


def loaded_rows(build: Path, chunk: ExtractedChunk) -> dict[str, list[tuple]]:
    con = open_build(build)
    try:
        con.begin()
        replace_chunk_mentions(con, [chunk])
        con.commit()
        return {
            table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in RAW_MENTION_TABLES
        }
    finally:
        con.close()


def test_a_handed_off_chunk_loads_the_rows_of_a_returned_one(seed_documents: list[Document], tmp_path: Path) -> None:
    handoff = open_handoff(tmp_path / "handoff", "run-1")
    returned = extract_pages.fn(seed_documents)
    handed_off = extract_pages.fn(seed_documents, handoff)

    assert returned.files is None and len(returned.mentions) == len(seed_documents)
    assert handed_off.files is not None and handed_off.mentions == []
    assert Path(handed_off.files.mentions_path).parent == tmp_path / "handoff"
    assert handed_off.counts == returned.counts and sum(returned.counts.values()) > 0
    rows = loaded_rows(tmp_path / "returned.duckdb", returned)
    assert rows == loaded_rows(tmp_path / "handed-off.duckdb", handed_off)
    assert len(rows["raw.mentions"]) == sum(returned.counts.values())
    assert sorted(path.name for path in (tmp_path / "handoff").iterdir()) == ["run"], "loaded files were kept"


def test_a_worker_that_does_not_see_the_runs_folder_returns_rows(
    seed_documents: list[Document], tmp_path: Path
) -> None:
    open_handoff(tmp_path / "handoff", "run-1")
    # The same path on another machine: a folder of another run there, or no folder at all.
    for handoff in (
        Handoff(folder=str(tmp_path / "handoff"), run_id="run-2"),
        Handoff(folder=str(tmp_path / "no"), run_id="run-1"),
    ):
        chunk = extract_pages.fn(seed_documents[:2], handoff)
        assert chunk.files is None and len(chunk.mentions) == 2
    assert sorted(path.name for path in (tmp_path / "handoff").iterdir()) == ["run"]


def test_the_handoff_folder_is_beside_the_build_unless_a_shared_one_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = tmp_path / "legation.duckdb.building"
    monkeypatch.delenv(HANDOFF_DIR_VARIABLE, raising=False)
    assert resolve_handoff_dir(build, "run-1") == handoff_path(build)
    open_handoff(handoff_path(build), "run-1")
    remove_build_files(build)  # what the next run does with a crashed run's leftovers
    assert not handoff_path(build).exists()
    monkeypatch.setenv(HANDOFF_DIR_VARIABLE, str(tmp_path / "shared"))
    assert resolve_handoff_dir(build, "run-1") == tmp_path / "shared" / "legation-run-1"

"""The build a run writes: its DuckDB memory cap, and no file of it left behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tasks.warehouse import DEFAULT_MEMORY_LIMIT, open_build, remove_build_files, spill_path, start_build


def memory_limit(build: Path) -> str:
    con = open_build(build)
    try:
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()


def duckdb_shows(limit: str) -> str:
    """How DuckDB prints a memory size it was given ("512MB" reads back as "488.2 MiB")."""
    with duckdb.connect(config={"memory_limit": limit}) as con:
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_a_build_caps_duckdbs_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEGATION_DUCKDB_MEMORY_LIMIT", raising=False)
    build = start_build(tmp_path / "legation.duckdb")
    assert memory_limit(build) == duckdb_shows(DEFAULT_MEMORY_LIMIT)
    monkeypatch.setenv("LEGATION_DUCKDB_MEMORY_LIMIT", "2GB")
    assert memory_limit(build) == duckdb_shows("2GB") != duckdb_shows(DEFAULT_MEMORY_LIMIT)


def test_a_memory_limit_duckdb_cannot_read_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGATION_DUCKDB_MEMORY_LIMIT", "lots")
    with pytest.raises(ValueError, match="LEGATION_DUCKDB_MEMORY_LIMIT='lots'"):
        open_build(start_build(tmp_path / "legation.duckdb"))


def test_removing_a_build_removes_what_duckdb_spilled(tmp_path: Path) -> None:
    build = start_build(tmp_path / "legation.duckdb")
    open_build(build).close()
    spill_path(build).mkdir(exist_ok=True)
    (spill_path(build) / "duckdb_temp_storage-0.tmp").write_bytes(b"\0" * 16)
    remove_build_files(build)
    assert not build.exists() and not spill_path(build).exists()

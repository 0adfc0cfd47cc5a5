"""The build a run writes: its DuckDB memory caps, and no file of it left behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tasks.warehouse import (
    DEFAULT_LOAD_MEMORY_LIMIT,
    DEFAULT_MEMORY_LIMIT,
    LOAD_MEMORY_VARIABLE,
    MEMORY_VARIABLE,
    allow_transform_memory,
    open_build,
    remove_build_files,
    spill_path,
    start_build,
)


def current_limit(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def limits_of_a_build(build: Path) -> tuple[str, str]:
    """The cap while loading, then the transforms' cap."""
    con = open_build(build)
    try:
        loading = current_limit(con)
        allow_transform_memory(con)
        return loading, current_limit(con)
    finally:
        con.close()


def duckdb_shows(limit: str) -> str:
    """How DuckDB prints a memory size it was given ("512MB" reads back as "488.2 MiB")."""
    with duckdb.connect(config={"memory_limit": limit}) as con:
        return current_limit(con)


def test_a_build_loads_under_a_lower_cap_than_its_transforms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MEMORY_VARIABLE, raising=False)
    monkeypatch.delenv(LOAD_MEMORY_VARIABLE, raising=False)
    build = start_build(tmp_path / "legation.duckdb")
    defaults = (duckdb_shows(DEFAULT_LOAD_MEMORY_LIMIT), duckdb_shows(DEFAULT_MEMORY_LIMIT))
    assert limits_of_a_build(build) == defaults
    assert defaults[0] != defaults[1]


def test_the_environment_sets_both_caps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_VARIABLE, "2GB")
    monkeypatch.setenv(LOAD_MEMORY_VARIABLE, "1GB")
    build = start_build(tmp_path / "legation.duckdb")
    assert limits_of_a_build(build) == (duckdb_shows("1GB"), duckdb_shows("2GB"))


@pytest.mark.parametrize("variable", [MEMORY_VARIABLE, LOAD_MEMORY_VARIABLE])
def test_a_memory_limit_duckdb_cannot_read_is_a_clear_error_before_anything_is_loaded(
    variable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "lots")
    with pytest.raises(ValueError, match=f"{variable}='lots' is not a memory size"):
        open_build(start_build(tmp_path / "legation.duckdb"))


def test_removing_a_build_removes_what_duckdb_spilled(tmp_path: Path) -> None:
    build = start_build(tmp_path / "legation.duckdb")
    open_build(build).close()
    spill_path(build).mkdir(exist_ok=True)
    (spill_path(build) / "duckdb_temp_storage-0.tmp").write_bytes(b"\0" * 16)
    remove_build_files(build)
    assert not build.exists() and not spill_path(build).exists()

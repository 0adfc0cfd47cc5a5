"""Tests of the SQL models and the README's example queries, against a warehouse built from the seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tests.conftest import SEEDS


def build_seed_warehouse(folder: Path) -> tuple[Path, Path]:
    """Run the ingest flow once on a copy of the seeds in `folder`; returns (pages folder, warehouse)."""
    from flows.ingest import ingest

    pages = folder / "pages"
    shutil.copytree(SEEDS, pages)
    warehouse = folder / "warehouse" / "legation.duckdb"
    ingest(source_dir=str(pages), warehouse=str(warehouse))
    return pages, warehouse


def rows(warehouse: Path, sql: str, parameters: list | None = None) -> list[dict]:
    """The query's rows as dicts, read through a read-only connection as an analyst would."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relation = con.execute(sql, parameters or [])
        columns = [column[0] for column in relation.description]
        return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]


def scalar(warehouse: Path, sql: str, parameters: list | None = None) -> object:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchone()[0]

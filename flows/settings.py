"""Where legation reads pages and writes the warehouse: a parameter, else an environment variable, else a default."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SOURCE_DIR = "seeds"
DEFAULT_WAREHOUSE = "warehouse/legation.duckdb"


def resolve_source_dir(source_dir: str | None) -> Path:
    return Path(source_dir or os.environ.get("LEGATION_SOURCE_DIR") or DEFAULT_SOURCE_DIR)


def resolve_warehouse(warehouse: str | None) -> Path:
    return Path(warehouse or os.environ.get("LEGATION_WAREHOUSE") or DEFAULT_WAREHOUSE)

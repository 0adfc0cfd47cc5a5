"""Shared fixtures: every test runs its flows against Prefect's own test harness (a throwaway local API)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


# Telemetry writes race the harness's SQLite database ("database is locked") and reach for the network.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Tests call some tasks outside a flow; their log lines have no flow run to go to, and that is expected.
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


@pytest.fixture(autouse=True, scope="session")
def prefect_harness():
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seed_folder(tmp_path: Path) -> Path:
    """A private copy of the demo corpus that a test may change."""
    folder = tmp_path / "pages"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "legation.duckdb"


def migrated_prefect_home(home: Path) -> Path:
    """A Prefect home whose database is a copy of the test harness's: migrated already, which spares a server started
    there 15-20 s of migrations on 2 busy cores."""
    import sqlite3
    from contextlib import closing

    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    home.mkdir(parents=True, exist_ok=True)
    url = PREFECT_SERVER_DATABASE_CONNECTION_URL.value() or ""
    if url.startswith("sqlite+aiosqlite:///"):
        harness, copy = sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///")), sqlite3.connect(home / "prefect.db")
        with closing(harness), closing(copy):
            harness.backup(copy)
    return home

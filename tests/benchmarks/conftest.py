"""The corpus generator is pure Python: its tests do not need the Prefect test harness that tests/conftest.py starts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def prefect_harness() -> Iterator[None]:
    """Overrides the session-wide Prefect harness (15-20 s to start) for this folder only."""
    yield

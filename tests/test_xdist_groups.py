"""The suite's xdist groups take effect: tests marked xdist_group share one costly fixture (a Dask cluster, one
ingest of every real page) on one pytest worker. pytest 9.2.0 broke this without a word (pytest-xdist 3.8.0 renames
grouped items through `_nodeid`, which pytest 9.2 no longer reads), and each worker started its own cluster."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("groups-check")
def test_grouped_tests_are_renamed_for_the_group_scheduler(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by pytest-xdist with --dist loadgroup (the README's command does)")
    assert request.node.nodeid.endswith("@groups-check"), (
        f"{request.node.nodeid}: xdist_group has no effect; pin a pytest that pytest-xdist supports"
    )

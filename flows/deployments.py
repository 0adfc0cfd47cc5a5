"""The deployments `legation serve` runs: ingest on a cron schedule, and backfills started from the Prefect UI."""

from __future__ import annotations

import os

from prefect import serve
from prefect.deployments.runner import RunnerDeployment

from flows.ingest import backfill, ingest
from flows.settings import resolve_source_dir, resolve_warehouse

DEFAULT_INGEST_CRON = "*/15 * * * *"
INGEST_DEPLOYMENT = "ingest"
BACKFILL_DEPLOYMENT = "backfill"


def resolve_cron(cron: str | None) -> str:
    return cron or os.environ.get("LEGATION_INGEST_CRON") or DEFAULT_INGEST_CRON


def build_deployments(
    cron: str | None = None, source_dir: str | None = None, warehouse: str | None = None
) -> list[RunnerDeployment]:
    """Both deployments, with the folder and warehouse resolved now so that every run uses the same ones."""
    folders = {
        "source_dir": str(resolve_source_dir(source_dir).resolve()),
        "warehouse": str(resolve_warehouse(warehouse).resolve()),
    }
    # One run at a time per deployment; the warehouse's own write lock also orders an ingest and a backfill.
    return [
        ingest.to_deployment(
            name=INGEST_DEPLOYMENT,
            cron=resolve_cron(cron),
            parameters=folders,
            concurrency_limit=1,
            description="Load new and changed pages on a schedule.",
            tags=["legation"],
        ),
        backfill.to_deployment(
            name=BACKFILL_DEPLOYMENT,
            parameters=folders,
            concurrency_limit=1,
            description="Process a date range or file glob again; fill the form under 'Custom run'.",
            tags=["legation"],
        ),
    ]


def serve_deployments(cron: str | None = None, source_dir: str | None = None, warehouse: str | None = None) -> None:
    serve(*build_deployments(cron, source_dir, warehouse))

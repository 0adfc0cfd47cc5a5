"""The deployments `legation serve` runs: ingest on a cron schedule, and backfills started from the Prefect UI."""

from __future__ import annotations

import os

from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment

from flows.ingest import backfill, backfill_on_cluster, ingest, ingest_on_cluster
from flows.settings import resolve_source_dir, resolve_warehouse

DEFAULT_INGEST_CRON = "*/15 * * * *"
INGEST_DEPLOYMENT = "ingest"
BACKFILL_DEPLOYMENT = "backfill"


def resolve_cron(cron: str | None) -> str:
    return cron or os.environ.get("LEGATION_INGEST_CRON") or DEFAULT_INGEST_CRON


def build_deployments(
    cron: str | None = None, source_dir: str | None = None, warehouse: str | None = None, on_cluster: bool = False
) -> list[RunnerDeployment]:
    """Both deployments, with the folder and warehouse resolved now so that every run uses the same ones; with
    on_cluster, a second pair whose runs extract on the Dask cluster $LEGATION_DASK_ADDRESS names."""
    folders = {
        "source_dir": str(resolve_source_dir(source_dir).resolve()),
        "warehouse": str(resolve_warehouse(warehouse).resolve()),
    }
    # One run at a time per deployment; the warehouse's own write lock also orders an ingest and a backfill.
    pairs = [(ingest, backfill, "")] + ([(ingest_on_cluster, backfill_on_cluster, "_on_cluster")] if on_cluster else [])
    return [deployment for flows in pairs for deployment in flow_pair(*flows, cron=cron, folders=folders)]


def flow_pair(
    ingest_flow: Flow, backfill_flow: Flow, suffix: str, cron: str | None, folders: dict[str, str]
) -> list[RunnerDeployment]:
    deployments = [
        ingest_flow.to_deployment(
            name=INGEST_DEPLOYMENT,
            cron=resolve_cron(cron),
            parameters=folders,
            concurrency_limit=1,
            description="Load new and changed pages on a schedule.",
            tags=["legation"],
        ),
        backfill_flow.to_deployment(
            name=BACKFILL_DEPLOYMENT,
            parameters=folders,
            concurrency_limit=1,
            description="Process a date range or file glob again; fill the form under 'Custom run'.",
            tags=["legation"],
        ),
    ]
    # A served run loads its flow by entrypoint, in a process of its own: a with_options copy must be named, or the
    # run would load the module's plain flow (and its local task runner).
    for deployment, name in zip(deployments, ("ingest", "backfill"), strict=True):
        deployment.entrypoint = f"flows/ingest.py:{name}{suffix}"
    return deployments


def serve_deployments(
    cron: str | None = None, source_dir: str | None = None, warehouse: str | None = None, on_cluster: bool = False
) -> None:
    serve(*build_deployments(cron, source_dir, warehouse, on_cluster))

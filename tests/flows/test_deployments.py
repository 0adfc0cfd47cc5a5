"""The served deployments: the ingest schedule, the backfill form, and a backfill run through a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from flows.deployments import build_deployments
from tests.conftest import migrated_prefect_home
from tests.flows.test_ingest import query

REPO = Path(__file__).resolve().parents[2]


def test_the_ingest_deployment_carries_the_configured_cron(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEGATION_INGEST_CRON", "*/5 * * * *")
    ingest, backfill = build_deployments(source_dir=str(tmp_path / "pages"), warehouse=str(tmp_path / "w.duckdb"))
    assert [schedule.schedule.cron for schedule in ingest.schedules] == ["*/5 * * * *"]
    assert ingest.parameters["source_dir"] == str((tmp_path / "pages").resolve())
    assert backfill.schedules == []
    (default_ingest, _) = build_deployments(cron="0 * * * *")
    assert [schedule.schedule.cron for schedule in default_ingest.schedules] == ["0 * * * *"]


def test_the_backfill_form_is_flat_and_describes_every_field() -> None:
    _, backfill = build_deployments()
    schema = backfill._parameter_openapi_schema.model_dump()
    fields = schema["properties"]
    # Flat, so that `prefect deployment run legation-backfill/backfill --param published_from=...` works.
    assert {"published_from", "published_to", "file_glob", "reprocess", "dry_run"} <= set(fields)
    assert not schema.get("definitions")
    assert all(field.get("description") for field in fields.values())
    assert fields["published_from"]["anyOf"][0] == {"format": "date", "type": "string"}
    for name, field in fields.items():
        # The UI renders descriptions as Markdown: a bare * would start emphasis and swallow the text after it.
        outside_code = field["description"].split("`")[::2]
        assert not any("*" in part for part in outside_code), (name, field["description"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(url: str, server: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "prefect server exited early"
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"prefect server at {url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.server
def test_prefects_deployment_run_with_flat_params_backfills_the_expected_rows(
    tmp_path: Path, seed_folder: Path
) -> None:
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(migrated_prefect_home(tmp_path / "prefect-home")),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    prefect = shutil.which("prefect", path=str(Path(sys.executable).parent))
    legation = shutil.which("legation", path=str(Path(sys.executable).parent))
    server = subprocess.Popen(
        [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
        env={key: value for key, value in env.items() if key != "PREFECT_API_URL"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    warehouse = tmp_path / "served.duckdb"
    served = None
    try:
        wait_for_health(api_url, server)
        served = subprocess.Popen(
            [legation, "serve", "--source-dir", str(seed_folder), "--warehouse", str(warehouse)],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = None
        deadline = time.monotonic() + 60
        while started is None or started.returncode != 0:  # not registered until `legation serve` is up
            assert started is None or time.monotonic() < deadline, started.stdout + started.stderr
            time.sleep(0 if started is None else 1)
            started = subprocess.run(
                [prefect, "deployment", "run", "legation-backfill/backfill", "--param", "published_from=2021-03-01",
                 "--param", "published_to=2021-03-31", "--watch", "--watch-timeout", "180"],
                env=env, capture_output=True, text=True, timeout=240,
            )  # fmt: skip
        assert "Completed" in started.stdout, started.stdout + started.stderr
        published = query(warehouse, "SELECT published_on FROM marts.dim_documents")
        assert len(published) == 2 and {str(day) for (day,) in published} == {"2021-03-23"}
        assert query(warehouse, "SELECT count(*) FROM marts.fct_messages")[0][0] >= 2
    finally:
        if served is not None:
            stop(served)
        stop(server)


def test_serving_with_a_cluster_adds_a_pair_whose_runs_extract_on_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.flows import load_flow_from_entrypoint
    from prefect_dask import DaskTaskRunner

    monkeypatch.setenv("LEGATION_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    deployments = build_deployments(on_cluster=True)
    assert [(d.flow_name, d.name) for d in deployments] == [
        ("legation-ingest", "ingest"), ("legation-backfill", "backfill"),
        ("legation-ingest-dask", "ingest"), ("legation-backfill-dask", "backfill"),
    ]  # fmt: skip
    # A served run loads its flow by entrypoint in a process of its own, which inherits the address.
    loaded = [load_flow_from_entrypoint(deployment.entrypoint) for deployment in deployments]
    assert [isinstance(flow.task_runner, DaskTaskRunner) for flow in loaded] == [False, False, True, True]
    assert all(flow.task_runner.address == "tcp://10.0.0.5:8786" for flow in loaded[2:])
    assert len(build_deployments()) == 2

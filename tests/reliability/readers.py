"""An analyst process: reconnect read-only, run one consistency query, repeat; report what it saw.

Imported by spawned processes: it imports nothing but duckdb, so that a reader starts in a fraction of a second.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import duckdb

# One query, so one snapshot of the file: counts that must agree with each other and with one published run.
CONSISTENCY_SQL = """
SELECT
    (SELECT count(*) FROM marts.dim_documents) AS documents,
    (SELECT count(*) FROM raw.documents) AS raw_documents,
    (SELECT count(*) FROM raw.file_ledger) AS ledger_paths,
    (SELECT count(*) FROM raw.mentions) AS mentions,
    (SELECT count(*) FROM marts.fct_messages) + (SELECT count(*) FROM marts.fct_meetings)
        + (SELECT count(*) FROM marts.fct_statements) AS events,
    (SELECT count(DISTINCT event_id) FROM marts.bridge_event_documents) AS events_with_documents,
    (SELECT count(*) FROM marts.bridge_event_documents
        WHERE document_id NOT IN (SELECT document_id FROM marts.dim_documents)) AS orphan_bridge_rows
"""
ABSENT = None  # the state before the first run published anything


def consistency_state(warehouse: str | Path) -> tuple | None:
    if not os.path.exists(warehouse):
        return ABSENT
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(CONSISTENCY_SQL).fetchone()
    finally:
        con.close()


def read_until_stopped(warehouse: str, stop: Any, results: Any, reader: int, pause: float) -> None:
    """Query in a loop until stop is set; puts ('ready', reader) after the first query, then its report."""
    os.nice(19)  # the runs under test get the CPU first; the readers take whatever is left, all of it if idle
    report: dict[str, Any] = {"reader": reader, "queries": 0, "failures": 0, "errors": [], "states": []}
    try:
        while True:
            try:
                state = consistency_state(warehouse)
            except Exception as error:  # any failure counts: none is acceptable
                report["failures"] += 1
                if len(report["errors"]) < 5:
                    report["errors"].append(f"{type(error).__name__}: {error}"[:300])
            else:
                if not report["states"] or report["states"][-1] != state:
                    report["states"].append(state)
            report["queries"] += 1
            if report["queries"] == 1:
                results.put(("ready", reader))
            if stop.is_set():
                break
            time.sleep(pause)
    finally:
        results.put(("report", report))

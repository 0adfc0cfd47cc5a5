"""Real `legation run` subprocesses watched line by line, and exact comparisons of warehouse files."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
LEGATION = Path(sys.executable).parent / "legation"
# Columns holding a run's id: they differ between two runs that read the same inputs, and nothing else may.
RUN_ID_COLUMN = re.compile(r"_run$")

Snapshot = dict[str, list[tuple]]


def legation_env() -> dict[str, str]:
    """The environment of a subprocess run: it reports to the session's Prefect test harness instead of starting
    a temporary server of its own (which costs 5-10 s per run)."""
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    assert api_url, "the session's Prefect test harness (tests/conftest.py) must be running"
    return {
        **os.environ,
        "PREFECT_API_URL": api_url,
        "PYTHONUNBUFFERED": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


class LegationRun:
    """One `legation run` in a session of its own (Prefect may start helpers), its output collected as it comes."""

    def __init__(self, source_dir: Path, warehouse: Path, *options: str) -> None:
        assert LEGATION.exists(), f"the legation command is not installed at {LEGATION}"
        self.process = subprocess.Popen(
            [str(LEGATION), "run", "--source-dir", str(source_dir), "--warehouse", str(warehouse), *options],
            cwd=REPO,
            env=legation_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
        self.pgid = os.getpgid(self.process.pid)
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._ended = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    @property
    def output(self) -> str:
        with self._changed:
            return "\n".join(self.lines)

    def seen(self, pattern: str) -> bool:
        with self._changed:
            return any(re.search(pattern, line) for line in self.lines)

    def wait_for(self, pattern: str, timeout: float) -> bool:
        """Until a line matches pattern (True), or the output ends or the time is up (False)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if any(re.search(pattern, line) for line in self.lines):
                    return True
                remaining = deadline - time.monotonic()
                if self._ended or remaining <= 0:
                    return False
                self._changed.wait(remaining)

    def kill(self) -> None:
        """SIGKILL the whole process group, then wait until none of its processes is left."""
        os.killpg(self.pgid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)
        deadline = time.monotonic() + 10
        while group_members(self.pgid):
            assert time.monotonic() < deadline, f"processes of the killed run survive: {group_members(self.pgid)}"
            time.sleep(0.05)

    def finish(self, timeout: float = 120) -> int:
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self._reader.join(timeout=30)
        return self.process.returncode


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def building_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".building")


def lock_is_held(warehouse: Path) -> bool:
    """Whether some process holds the warehouse's write lock (probing it takes it for an instant if it is free)."""
    path = lock_path(warehouse)
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing drops the probe's own lock
    return False


def snapshot(warehouse: Path, without_run_ids: bool = False) -> Snapshot:
    """Every row of every table, sorted; without_run_ids leaves out the columns that name a run."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
        ).fetchall()
        rows: Snapshot = {}
        for (table,) in tables:
            columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
            kept = [c for c in columns if not (without_run_ids and RUN_ID_COLUMN.search(c))]
            selected = ", ".join(f'"{c}"' for c in kept)
            rows[table] = sorted(con.execute(f"SELECT {selected} FROM {table}").fetchall(), key=repr)
        return rows


def differences(actual: Snapshot, expected: Snapshot) -> list[str]:
    """What differs, table by table, in a few readable lines (an assert on two dicts of thousands of rows is not)."""
    problems = []
    for table in sorted(actual.keys() | expected.keys()):
        if table not in actual or table not in expected:
            problems.append(f"{table}: only in {'the actual' if table in actual else 'the expected'} warehouse")
            continue
        if actual[table] != expected[table]:
            extra = [r for r in actual[table] if r not in expected[table]]
            missing = [r for r in expected[table] if r not in actual[table]]
            problems.append(
                f"{table}: {len(actual[table])} rows, expected {len(expected[table])}; "
                f"unexpected {extra[:2]!r:.300}; missing {missing[:2]!r:.300}"
            )
    return problems


def query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()

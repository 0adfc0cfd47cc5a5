"""Measuring a subprocess: wall time and the peak resident memory of its whole process tree, read from /proc."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.25
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
STAGE_ROW = re.compile(r"^\|\s*(?P<stage>[a-z_]+)\s*\|\s*(?P<seconds>[0-9.]+)\s*\|$")


@dataclass(frozen=True)
class ProcessRun:
    command: list[str]
    wall_seconds: float
    peak_tree_rss_bytes: int
    peak_by_role: dict[str, int]  # the tree's RSS at its peak, split by what each process is (see process_role)
    returncode: int
    stdout: str
    stderr: str

    def check(self) -> ProcessRun:
        if self.returncode != 0:
            raise RuntimeError(f"{' '.join(self.command)} failed ({self.returncode}):\n{self.stderr[-3000:]}")
        return self


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process we can see."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
    return parents


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack += children.get(pid, [])
    return tree


def resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def process_role(pid: int, root: int) -> str:
    """What a process of a `legation run` tree is, from its command line."""
    if pid == root:
        return "flow"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    if "multiprocessing" in command:
        return "workers"
    if "prefect" in command or "uvicorn" in command:
        return "server"
    return "other"


def tree_rss_by_role(root: int) -> dict[str, int]:
    by_role: dict[str, int] = {}
    for pid in process_tree(root):
        role = process_role(pid, root)
        by_role[role] = by_role.get(role, 0) + resident_bytes(pid)
    return by_role


def run_measured(command: list[str], env: dict[str, str], cwd: Path, log_dir: Path) -> ProcessRun:
    """Run the command to its end; the peak is the largest sum of RSS over the process and its descendants."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / "stdout.txt", log_dir / "stderr.txt"
    peak_by_role: dict[str, int] = {}
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err)
        while process.poll() is None:
            by_role = tree_rss_by_role(process.pid)
            if sum(by_role.values()) > sum(peak_by_role.values()):
                peak_by_role = by_role
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - started
    return ProcessRun(
        command=command,
        wall_seconds=wall,
        peak_tree_rss_bytes=sum(peak_by_role.values()),
        peak_by_role=peak_by_role,
        returncode=process.returncode,
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )


def prefect_env(prefect_home: Path) -> dict[str, str]:
    """A private Prefect home: the run starts its own temporary server and database, as on a fresh machine."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        # Only a ceiling: on a busy machine the temporary server can take longer than the default 20 s to answer.
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
    )
    return env


def stage_seconds_from_artifact(prefect_home: Path) -> dict[str, float]:
    """Seconds per stage of the latest run, read from its `legation-run-summary` artifact in Prefect's database."""
    database = prefect_home / "prefect.db"
    if not database.exists():
        return {}
    with sqlite3.connect(database) as con:
        row = con.execute(
            "SELECT data FROM artifact WHERE key = 'legation-run-summary' ORDER BY created DESC LIMIT 1"
        ).fetchone()
    if row is None:
        return {}
    markdown = json.loads(row[0]) if row[0].startswith('"') else row[0]
    stages: dict[str, float] = {}
    in_stage_table = False
    for line in markdown.splitlines():
        if line.startswith("| stage | seconds |"):
            in_stage_table = True
        elif in_stage_table and (match := STAGE_ROW.match(line.strip())):
            stages[match["stage"]] = float(match["seconds"])
        elif in_stage_table and not line.strip():
            break
    return stages


def flow_seconds_from_output(stdout: str) -> float | None:
    """The flow's own duration, from the first line `legation run` prints: "run ID: A -> B in 12.3 s"."""
    match = re.search(r" in ([0-9.]+) s\b", stdout)
    return float(match.group(1)) if match else None


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())

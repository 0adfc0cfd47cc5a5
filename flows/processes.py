"""Nothing outlives a dead run: the processes a run starts end with it, however it dies.

A `legation` process started by the command (run, backfill, score, serve) stamps its environment with
``LEGATION_RUN=<pid>@<start>`` before it starts anything, so every process it starts (Prefect's temporary server,
the extraction workers, whatever they start) carries the stamp, even once the run is dead and they are orphans.

* A watcher process, detached in a session of its own and run as ``python -m flows.processes``, sees the run die at
  once (the kernel closes the run's end of a pipe) and ends the run's processes: those carrying its stamp and the
  descendants it saw while polling the run's tree (SIGTERM, SIGKILL a few seconds later). Then it exits; it exits
  as well when the run ends normally. It imports only psutil (about 15 MB).
* A run that starts ends the stamped processes of runs that are dead (their watcher was killed too), before it
  starts anything, and says so in one line.

A stamp names its run by pid and start time, so a reused pid is never taken for the run, and a process is ended
only if its own run is dead: concurrent runs never touch each other's processes.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import psutil

STAMP = "LEGATION_RUN"
POLL_SECONDS = 0.5  # how often the watcher notes the run's descendants
SELF_EXIT_SECONDS = 1.0
GRACE_SECONDS = 3.0  # between SIGTERM (the server shuts down cleanly) and SIGKILL
KILL_WAIT_SECONDS = 2.0
# What a leftover is, for the line that reports it: (a piece of its command line, what to call it).
KINDS = (
    ("prefect.server.api.server", "Prefect temporary server"),
    ("multiprocessing.resource_tracker", "multiprocessing resource tracker"),
    ("multiprocessing.spawn", "extraction worker"),
    ("prefect.engine", "Prefect flow run"),
)
PACKAGE_ROOT = Path(__file__).resolve().parents[1]

_watched_pid: int | None = None  # the process whose watcher this module started (a forked child needs its own)
_watcher: subprocess.Popen | None = None
_lifeline: int | None = None  # write end of the pipe to the watcher: only the kernel closes it, when we die


def watch_run_processes() -> None:
    """Called by the `legation` command before Prefect starts (run, backfill, score, serve)."""
    global _watched_pid, _watcher, _lifeline
    if _watched_pid == os.getpid():
        return
    me = psutil.Process()
    end_dead_runs_processes(spare={me.pid, *(parent.pid for parent in me.parents())})
    stamp = identity(me)
    os.environ[STAMP] = stamp
    try:
        _watcher, _lifeline = start_watcher(me.pid, stamp)
    except OSError as error:  # a run without its watcher still runs; only a crash would leave processes behind
        print(f"legation: no process watcher ({error}): a killed run may leave processes behind", file=sys.stderr)
    _watched_pid = me.pid


def identity(process: psutil.Process) -> str:
    """A process's stamp, "<pid>@<start>"; on Linux the start is in clock ticks since boot: no clock change moves it."""
    try:
        stat = Path(f"/proc/{process.pid}/stat").read_text()
        start = stat[stat.rindex(")") + 2 :].split()[19]
    except OSError:
        start = f"{process.create_time():.2f}"
    return f"{process.pid}@{start}"


def run_is_alive(stamp: str) -> bool:
    """Whether the process a stamp names still runs (a zombie does not: it only waits to be reaped)."""
    try:
        process = psutil.Process(int(stamp.partition("@")[0]))
        return identity(process) == stamp and process.status() != psutil.STATUS_ZOMBIE
    except ValueError:
        return True  # not a stamp of ours: leave its processes alone
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def stamped_processes() -> dict[str, list[psutil.Process]]:
    """The processes carrying a run's stamp, by stamp (processes of other users are unreadable, so skipped)."""
    found: dict[str, list[psutil.Process]] = {}
    for process in psutil.process_iter(["environ"]):
        stamp = (process.info["environ"] or {}).get(STAMP)
        if stamp:
            found.setdefault(stamp, []).append(process)
    return found


def end_dead_runs_processes(spare: set[int]) -> None:
    """End the processes left by runs that are dead, whose watcher died with them."""
    left = {
        process: stamp.partition("@")[0]  # the dead run's pid
        for stamp, processes in stamped_processes().items()
        if not run_is_alive(stamp)
        for process in processes
        if process.pid not in spare
    }
    ended = end_processes(left)
    if ended:
        runs = ", ".join(sorted({left[process] for process, _ in ended}, key=int))
        report(f"legation: ended {describe(ended)}, left by dead run {runs}")


def start_watcher(run_pid: int, stamp: str) -> tuple[subprocess.Popen, int]:
    """The watcher, in a session of its own so that whatever kills the run's group spares it."""
    read_end, write_end = os.pipe()  # not inherited: a child of the run holding it would hide the run's death
    env = {name: value for name, value in os.environ.items() if name != STAMP}
    try:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "flows.processes", str(run_pid), stamp, str(read_end)],
            cwd=PACKAGE_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            pass_fds=(read_end,),
            start_new_session=True,
        )
    except OSError:
        os.close(write_end)
        raise
    finally:
        os.close(read_end)
    return watcher, write_end


def watch(run_pid: int, stamp: str, lifeline: int) -> None:
    """The watcher's work: note the run's descendants until it ends, then end those still there."""
    seen: dict[int, psutil.Process] = {}
    try:
        run = psutil.Process(run_pid)
        if identity(run) != stamp:
            run = None
    except psutil.NoSuchProcess:
        run = None
    while run is not None and running(run):
        note_descendants(run, seen)
        if lifeline_cut(lifeline, POLL_SECONDS):
            break
    leftovers = [p for p in seen.values() if running(p)] + stamped_processes().get(stamp, [])
    leftovers = [p for p in leftovers if p.pid != os.getpid()]
    # A child that ends by itself once its parent is gone (multiprocessing's resource tracker reads its pipe's end)
    # is given a moment first, so that a run that ended normally reports nothing.
    _, leftovers = psutil.wait_procs(leftovers, timeout=SELF_EXIT_SECONDS)
    ended = end_processes(p for p in leftovers if running(p))
    if ended:
        report(f"legation: run {run_pid} is gone; ended its {describe(ended)}")


def note_descendants(run: psutil.Process, seen: dict[int, psutil.Process]) -> None:
    try:
        children = run.children(recursive=True)
    except psutil.Error:
        return
    for pid in [pid for pid, process in seen.items() if not running(process)]:
        del seen[pid]
    for child in children:
        seen.setdefault(child.pid, child)


def lifeline_cut(lifeline: int, timeout: float) -> bool:
    """Whether the run's end of the pipe is closed, waiting up to timeout: the run died or ended."""
    readable, _, _ = select.select([lifeline], [], [], timeout)
    return bool(readable) and os.read(lifeline, 1) == b""


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def end_processes(processes: Iterable[psutil.Process]) -> list[tuple[psutil.Process, str]]:
    """SIGTERM, then SIGKILL what is left after the grace period; returns the processes signalled, described."""
    described = [(p, kind_of(p)) for p in {p.pid: p for p in processes}.values()]
    signalled = [(p, kind) for p, kind in described if send(p, signal.SIGTERM)]
    waiting = [p for p, _ in signalled]
    for grace, sig in ((GRACE_SECONDS, signal.SIGKILL), (KILL_WAIT_SECONDS, None)):
        deadline = time.monotonic() + grace
        while waiting and time.monotonic() < deadline:
            time.sleep(0.05)
            waiting = [p for p in waiting if running(p)]
        if sig is not None:
            waiting = [p for p in waiting if send(p, sig)]
    return signalled


def send(process: psutil.Process, sig: int) -> bool:
    """Signal a process unless it is gone (psutil refuses a pid that now names another process)."""
    if not running(process):
        return False
    try:
        process.send_signal(sig)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False
    return True


def kind_of(process: psutil.Process) -> str:
    try:
        command = " ".join(process.cmdline())
        name = process.name()
    except psutil.Error:
        return "process"
    return next((kind for piece, kind in KINDS if piece in command), name)


def report(line: str) -> None:
    with contextlib.suppress(OSError):  # the run's output may be a pipe that died with it
        print(line, file=sys.stderr, flush=True)


def describe(ended: list[tuple[psutil.Process, str]]) -> str:
    listed = ", ".join(f"{kind} {process.pid}" for process, kind in ended)
    return f"{len(ended)} process{'es' if len(ended) > 1 else ''} ({listed})"


if __name__ == "__main__":
    watch(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))

"""What a worker process does before anything else: kept free of imports, because numpy reads its thread
settings once, when it is first imported."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading

# Each worker is one core's worth of work: a BLAS library starting threads of its own in every worker would make
# the workers fight over the same cores. A value the user set is kept.
SINGLE_THREAD_BLAS_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
PARENT_POLL_SECONDS = 1.0


def start_worker() -> None:
    """Initializer of an extraction worker: one BLAS thread, logging to stderr, the spaCy model loaded once."""
    exit_with_parent()
    for name, value in SINGLE_THREAD_BLAS_ENV.items():
        os.environ.setdefault(name, value)
    # A page that fails is logged by the worker; without a handler only Python's bare fallback would print it.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s | %(levelname)s | extraction worker | %(message)s")
    from tasks.extraction.nlp import get_nlp

    get_nlp()


def exit_with_parent() -> None:
    """End this worker as soon as the run's process is gone, however it died: an orphaned worker would wait for
    work forever (it holds both ends of its task queue) and keep its 200 MB. The run's watcher
    (flows/processes.py) ends it too; this does not depend on the watcher being alive."""
    parent = multiprocessing.parent_process()
    if parent is None:  # called in the run's own process (not a worker): nothing to follow
        return
    threading.Thread(target=_wait_for_parent, args=(parent,), name="exit-with-parent", daemon=True).start()


def _wait_for_parent(parent: multiprocessing.process.BaseProcess) -> None:
    # The sentinel of a spawned worker's parent is a pipe the parent holds open while it lives, so it turns readable
    # the moment the parent dies; a change of parent pid (the orphan was adopted) is the second, slower sign.
    while not multiprocessing.connection.wait([parent.sentinel], timeout=PARENT_POLL_SECONDS):
        if os.getppid() != parent.pid:
            break
    with contextlib.suppress(OSError):  # the run's output pipe may be gone with it
        print(f"extraction worker {os.getpid()}: the run's process {parent.pid} is gone; exiting", file=sys.stderr)
    os._exit(1)

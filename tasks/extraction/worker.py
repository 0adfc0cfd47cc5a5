"""What a worker process does before anything else: kept free of imports, because numpy reads its thread
settings once, when it is first imported."""

from __future__ import annotations

import logging
import os

# Each worker is one core's worth of work: a BLAS library starting threads of its own in every worker would make
# the workers fight over the same cores. A value the user set is kept.
SINGLE_THREAD_BLAS_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def start_worker() -> None:
    """Initializer of an extraction worker: one BLAS thread, logging to stderr, the spaCy model loaded once."""
    for name, value in SINGLE_THREAD_BLAS_ENV.items():
        os.environ.setdefault(name, value)
    # A page that fails is logged by the worker; without a handler only Python's bare fallback would print it.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s | %(levelname)s | extraction worker | %(message)s")
    from tasks.extraction.nlp import get_nlp

    get_nlp()

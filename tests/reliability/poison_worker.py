"""Dask worker preload for the poison-page test: a page holding POISON kills the worker process that reads it, as an
out-of-memory kill would. Loaded only into the test cluster's workers (`dask worker --preload`)."""

from __future__ import annotations

import os

from tasks.extraction import reader

POISON = "LEGATION-TEST-POISON-PAGE"
# Dask may run a preload file more than once in a worker: wrap the extractor's own function, never the wrapper.
_extract_documents = getattr(reader, "unpoisoned_extract_documents", reader.extract_documents)
reader.unpoisoned_extract_documents = _extract_documents


def extract_documents(documents):
    if any(POISON in document.body_text for document in documents):
        os._exit(137)
    return _extract_documents(documents)


reader.extract_documents = extract_documents

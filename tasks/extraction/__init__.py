"""The extractor: diplomatic messages, meetings and statements read from a document's body, with evidence.

Pure Python over spaCy. ``reader.extract_documents`` reads a batch of documents; ``tasks/extract.py`` runs it as
Prefect tasks wherever the flow's task runner puts them (``flows/runners.py``). This module imports nothing: a run
with nothing to extract reads the version below without paying for spaCy's start-up.
"""

EXTRACTOR_VERSION = "2026.12.06-1"

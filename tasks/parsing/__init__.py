"""The page parser: raw bytes of a scraped news page -> decoded text -> headline, outlet, date and article text.

Pure Python, no Prefect: the pipeline's tasks call ``decode_page`` and ``parse_page``.
"""

from tasks.parsing.decoding import decode_page
from tasks.parsing.errors import PageRejected
from tasks.parsing.page import parse_page

# Stored pages are parsed again, from their files, when this changes (as EXTRACTOR_VERSION does for extraction).
PARSER_VERSION = "2026.12.06-1"

__all__ = ["PARSER_VERSION", "PageRejected", "decode_page", "parse_page"]

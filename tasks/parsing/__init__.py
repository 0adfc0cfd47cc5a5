"""The page parser: raw bytes of a scraped news page -> decoded text -> headline, outlet, date and article text.

Pure Python, no Prefect: the pipeline's tasks call ``decode_page`` and ``parse_page``.
"""

from tasks.parsing.decoding import decode_page
from tasks.parsing.errors import PageRejected
from tasks.parsing.page import parse_page

__all__ = ["PageRejected", "decode_page", "parse_page"]

"""The one error the page parser raises."""

from __future__ import annotations


class PageRejected(ValueError):
    """Raised when a page cannot become a document.

    ``reason`` is a short human-readable reason, e.g. ``'empty file'`` or
    ``'no article text left after removing page chrome'``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

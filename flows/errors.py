"""Errors the `legation` command reports in one line, without a traceback."""


class UsageError(Exception):
    """A mistake of the user's, reported in one line without a traceback (exit code 2)."""

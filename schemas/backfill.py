"""Which documents a run processes: the backfill flow's parameters (the Prefect UI's form), checked together."""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatch
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, model_validator


class BackfillRequest(BaseModel):
    """A date range and a file glob pick the documents; reprocess and dry_run say what to do with them."""

    model_config = ConfigDict(frozen=True)

    published_from: date | None = Field(
        None,
        description="Only documents published on or after this day (the article's own date). Empty: no lower bound.",
    )
    published_to: date | None = Field(
        None, description="Only documents published on or before this day. Empty: no upper bound."
    )
    file_glob: str = Field(
        "*",
        description="Only pages whose path relative to the source folder, or whose file name, matches this glob, "
        "e.g. `2021/*` or `kcna-*.txt`.",
    )
    reprocess: bool = Field(
        False,
        description="Read and extract the selected documents again even if their content did not change, "
        "e.g. after an extractor or parser upgrade.",
    )
    dry_run: bool = Field(False, description="Only report what would be processed; change nothing.")

    @model_validator(mode="after")
    def range_in_order(self) -> BackfillRequest:
        if self.published_from and self.published_to and self.published_from > self.published_to:
            raise ValueError(f"published_from {self.published_from} is after published_to {self.published_to}")
        return self

    @property
    def has_date_range(self) -> bool:
        return self.published_from is not None or self.published_to is not None

    def covers_date(self, published_on: date | None) -> bool:
        if not self.has_date_range:
            return True
        if published_on is None:
            return False
        return (self.published_from or date.min) <= published_on <= (self.published_to or date.max)

    def covers_path(self, source_path: str) -> bool:
        """A page inside a file that holds many ('crawl.warc.gz#<record>') is selected by its file's path too."""
        for path in {source_path, source_path.rpartition("#")[0] or source_path}:
            if fnmatch(path, self.file_glob) or fnmatch(PurePosixPath(path).name, self.file_glob):
                return True
        return False

"""Files found in the source folder, and what became of them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ChangeKind = Literal["new", "changed", "unchanged"]


class SourceFile(BaseModel):
    """One page in the source folder, keyed by its content hash: a file, or one record of a file that holds many
    (JSON lines, a web archive), whose source_path is the file's path, '#' and the record's id."""

    model_config = ConfigDict(frozen=True)

    source_path: str = Field(description="Path relative to the source folder, '/'-separated, as valid text.")
    os_path: str = Field(
        description="The same path as the file system spells it; differs from source_path only for a name that "
        "is not valid UTF-8 (kept in memory to open the file, never stored)."
    )
    file_name: str
    size_bytes: int = Field(ge=0, description="The file's size (for a record, the size of the file holding it).")
    modified_ns: int | None = Field(None, description="st_mtime_ns; None when the file could not be read.")
    content_sha256: str | None = Field(None, description="Of the page's bytes; None when the file could not be read.")
    change: ChangeKind
    read_error: str | None = None
    record_id: str | None = Field(None, description="Its record in the file: 'line-' + a url's hash, a WARC id.")
    record_offset: int | None = Field(None, description="Where the record starts in its file (bytes; a list's index).")


class QuarantinedFile(BaseModel):
    """A file that could not become a document, and why."""

    model_config = ConfigDict(frozen=True)

    source_path: str
    file_name: str
    size_bytes: int = Field(ge=0)
    content_sha256: str | None = None
    reason: str

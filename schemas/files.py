"""Files found in the source folder, and what became of them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ChangeKind = Literal["new", "changed", "unchanged"]


class SourceFile(BaseModel):
    """One file in the source folder, keyed by its content hash."""

    model_config = ConfigDict(frozen=True)

    source_path: str = Field(description="Path relative to the source folder, '/'-separated, as valid text.")
    os_path: str = Field(
        description="The same path as the file system spells it; differs from source_path only for a name that "
        "is not valid UTF-8 (kept in memory to open the file, never stored)."
    )
    file_name: str
    size_bytes: int = Field(ge=0)
    modified_ns: int | None = Field(None, description="st_mtime_ns; None when the file could not be read.")
    content_sha256: str | None = Field(None, description="None when the file could not be read.")
    change: ChangeKind
    read_error: str | None = None


class QuarantinedFile(BaseModel):
    """A file that could not become a document, and why."""

    model_config = ConfigDict(frozen=True)

    source_path: str
    file_name: str
    size_bytes: int = Field(ge=0)
    content_sha256: str | None = None
    reason: str

"""What the warehouse already holds, and the work a run will do."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from schemas.files import SourceFile

LedgerStatus = Literal["loaded", "quarantined", "gone"]


class LedgerEntry(BaseModel):
    content_sha256: str | None
    status: LedgerStatus
    size_bytes: int = 0
    modified_ns: int | None = Field(None, description="None (a ledger written before it existed): hash the file.")
    record_id: str | None = None
    record_offset: int | None = None
    parsed_with: str | None = Field(None, description="The parser version that read it; None: before versions.")


class KnownDocument(BaseModel):
    document_id: str
    published_on: date | None
    extracted_with: str
    source_paths: list[str]


class WarehouseState(BaseModel):
    ledger: dict[str, LedgerEntry] = Field(default_factory=dict)
    documents: dict[str, KnownDocument] = Field(default_factory=dict)
    models_fingerprint: str | None = None


class WorkPlan(BaseModel):
    to_parse: list[SourceFile] = Field(default_factory=list, description="Files to read, parse and extract.")
    to_reextract: list[str] = Field(default_factory=list, description="Stored documents to extract again.")
    to_record: list[SourceFile] = Field(default_factory=list, description="Files whose ledger row is written.")
    gone_paths: list[str] = Field(default_factory=list, description="Paths loaded before and missing now.")
    replaced_paths: list[str] = Field(
        default_factory=list, description="Files the ledger held as one page that now hold many: their rows go."
    )
    to_restamp: list[SourceFile] = Field(
        default_factory=list,
        description="Unchanged files with a new modification time, stored if the run writes anyway (never alone).",
    )
    duplicates: int = 0

    @property
    def is_empty(self) -> bool:
        # Without to_restamp: a new modification time alone is not worth rewriting the warehouse for.
        return not (self.to_parse or self.to_reextract or self.to_record or self.gone_paths or self.replaced_paths)

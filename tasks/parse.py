"""Turn pages (files, or records of a file that holds many) into validated documents, or quarantine them."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, Field, ValidationError

from schemas.document import Document
from schemas.files import QuarantinedFile, SourceFile
from tasks.parsing import PageRejected
from tasks.parsing.formats import read_page, too_large

# A news page is a few hundred KB at most; a bigger file is a dump or an archive. Its text would also take the load
# past its memory cap (tasks/warehouse.py: DuckDB's JSON reader takes ~4 times the longest row) and fail every run
# until someone moved it; quarantined, it is reported and the run goes on. The tests' 20 MB page still loads.
MAX_PAGE_BYTES = 25 << 20


class ParsedFiles(BaseModel):
    documents: list[Document] = Field(default_factory=list)
    quarantined: list[QuarantinedFile] = Field(default_factory=list)


def quarantine(page: SourceFile | Document, reason: str) -> QuarantinedFile:
    """A page set aside: one that could not become a document, or a document no extraction worker survived."""
    return QuarantinedFile(
        source_path=page.source_path,
        file_name=page.file_name,
        size_bytes=page.size_bytes,
        content_sha256=page.content_sha256,
        reason=reason,
    )


def read_document(source_dir: Path, source_file: SourceFile, content_sha256: str) -> Document:
    """Raises PageRejected, OSError or ValidationError when the page cannot become a document."""
    path = source_dir / source_file.os_path
    read = read_page(
        path,
        source_file.file_name,
        source_file.record_id,
        source_file.record_offset,
        expected_sha256=content_sha256,
        max_bytes=MAX_PAGE_BYTES,
    )
    return Document(
        **read.page.model_dump(),
        document_id=content_sha256[:16],
        content_sha256=content_sha256,
        file_name=source_file.file_name,
        source_path=source_file.source_path,
        encoding=read.encoding,
        size_bytes=read.size_bytes,
    )


def parse_one(source_dir: Path, source_file: SourceFile) -> Document | QuarantinedFile:
    if source_file.read_error or source_file.content_sha256 is None:
        return quarantine(source_file, source_file.read_error or "unreadable file")
    if source_file.record_id is None and source_file.size_bytes > MAX_PAGE_BYTES:
        return quarantine(source_file, too_large(source_file.size_bytes, MAX_PAGE_BYTES))
    try:
        return read_document(source_dir, source_file, source_file.content_sha256)
    except PageRejected as rejection:
        return quarantine(source_file, rejection.reason)
    except OSError as error:
        return quarantine(source_file, f"unreadable file: {error.strerror or error}")
    except (ValueError, KeyError, IndexError, TypeError) as error:  # a record that moved or broke since discovery
        if isinstance(error, ValidationError):
            first = error.errors()[0]
            return quarantine(source_file, f"invalid document: {'.'.join(map(str, first['loc']))}: {first['msg']}")
        return quarantine(source_file, f"unreadable record: {type(error).__name__}: {error}")


@task(name="parse files", cache_policy=NO_CACHE)
def parse_files(source_dir: Path, source_files: list[SourceFile]) -> ParsedFiles:
    """Parse a batch of files; a bad file is quarantined and never stops the batch."""
    parsed = ParsedFiles()
    for source_file in source_files:
        outcome = parse_one(source_dir, source_file)
        if isinstance(outcome, Document):
            parsed.documents.append(outcome)
        else:
            parsed.quarantined.append(outcome)
    get_run_logger().info(
        "parsed %d files: %d documents, %d quarantined",
        len(source_files),
        len(parsed.documents),
        len(parsed.quarantined),
    )
    return parsed

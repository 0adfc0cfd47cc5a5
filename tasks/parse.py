"""Turn files into validated documents, or quarantine them with a reason."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, Field, ValidationError

from schemas.document import Document
from schemas.files import QuarantinedFile, SourceFile
from tasks.parsing import PageRejected, decode_page, parse_page

# A news page is a few hundred KB at most; a bigger file is a dump or an archive. Its text would also take the load
# past its memory cap (tasks/warehouse.py: DuckDB's JSON reader takes ~4 times the longest row) and fail every run
# until someone moved it; quarantined, it is reported and the run goes on. The tests' 20 MB page still loads.
MAX_PAGE_BYTES = 25 << 20


class ParsedFiles(BaseModel):
    documents: list[Document] = Field(default_factory=list)
    quarantined: list[QuarantinedFile] = Field(default_factory=list)


def quarantine(source_file: SourceFile, reason: str) -> QuarantinedFile:
    return QuarantinedFile(
        source_path=source_file.source_path,
        file_name=source_file.file_name,
        size_bytes=source_file.size_bytes,
        content_sha256=source_file.content_sha256,
        reason=reason,
    )


def read_document(source_dir: Path, source_file: SourceFile, content_sha256: str) -> Document:
    """Raises PageRejected, OSError or ValidationError when the file cannot become a document."""
    raw = (source_dir / source_file.os_path).read_bytes()
    text, encoding = decode_page(raw)
    page = parse_page(text)
    return Document(
        **page.model_dump(),
        document_id=content_sha256[:16],
        content_sha256=content_sha256,
        file_name=source_file.file_name,
        source_path=source_file.source_path,
        encoding=encoding,
        size_bytes=source_file.size_bytes,
    )


def parse_one(source_dir: Path, source_file: SourceFile) -> Document | QuarantinedFile:
    if source_file.read_error or source_file.content_sha256 is None:
        return quarantine(source_file, source_file.read_error or "unreadable file")
    if source_file.size_bytes > MAX_PAGE_BYTES:
        megabytes = source_file.size_bytes / 2**20
        return quarantine(source_file, f"{megabytes:.0f} MB: larger than a page may be ({MAX_PAGE_BYTES >> 20} MB)")
    try:
        return read_document(source_dir, source_file, source_file.content_sha256)
    except PageRejected as rejection:
        return quarantine(source_file, rejection.reason)
    except OSError as error:
        return quarantine(source_file, f"unreadable file: {error.strerror or error}")
    except ValidationError as error:
        first = error.errors()[0]
        return quarantine(source_file, f"invalid document: {'.'.join(map(str, first['loc']))}: {first['msg']}")


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

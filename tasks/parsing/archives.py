"""Web archives (.warc, .warc.gz, e.g. a CC-NEWS file), read as a stream with warcio: every HTML response record
is a page, found again later by its offset in the file."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

PAGE_RECORD_TYPES = frozenset({"response", "resource"})
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class ArchivePage:
    record_id: str
    offset: int
    url: str | None
    payload: bytes
    charset: str | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


def archive_pages(path: str | Path) -> Iterator[ArchivePage]:
    """Every HTML page the archive holds, in file order; a cut or corrupt archive raises after its last good page."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        records_end = 0
        for record in records:
            page = _page_of(record)
            # Asked before the payload is read, warcio would skip over the payload to measure the record.
            offset = records.get_record_offset()
            records_end = offset + records.get_record_length()
            if page is not None:
                yield replace(page, offset=offset, record_id=page.record_id or f"offset-{offset}")
        _check_nothing_after(stream, records_end)


def _check_nothing_after(stream: BinaryIO, records_end: int) -> None:
    """warcio stops quietly at a record it cannot read (an archive cut in a download): bytes after the last record
    it read, other than blank lines, are that record."""
    stream.seek(records_end)
    while chunk := stream.read(1 << 16):
        if chunk.strip():
            raise ValueError(f"unreadable record at byte {records_end} (the archive is cut or corrupt there)")


def read_archive_page(path: str | Path, offset: int) -> ArchivePage:
    """The page whose record starts at offset: one record read, not the archive."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        records = ArchiveIterator(stream)
        page = _page_of(next(records))
    if page is None:
        raise ValueError(f"no HTML page at offset {offset}")
    return replace(page, offset=offset, record_id=page.record_id or f"offset-{offset}")


def _page_of(record: ArcWarcRecord) -> ArchivePage | None:
    """The page a record holds, its offset and (when the record has none) its id left for the caller to fill."""
    if record.rec_type not in PAGE_RECORD_TYPES:
        return None
    content_type = _content_type(record)
    if not content_type.lower().startswith(HTML_TYPES):
        return None
    if record.http_headers is not None and record.http_headers.get_statuscode() not in ("200", None):
        return None  # a redirect or an error page is not the article
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    payload = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        # warcio ends a truncated archive's last record quietly, short of its Content-Length: half a page is no page.
        raise ValueError(f"the record {record_id} is cut short (the archive ends inside it)")
    return ArchivePage(
        record_id=record_id,
        offset=-1,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        payload=payload,
        charset=_charset(content_type),
    )


def _content_type(record: ArcWarcRecord) -> str:
    headers = record.http_headers if record.rec_type == "response" and record.http_headers else record.rec_headers
    return headers.get_header("Content-Type") or ""


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None

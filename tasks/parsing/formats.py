"""What a page can be, in one place: a file's name (and, for text, its first tag) says how it is read.

- plain text (any other name): the page parser in this package;
- HTML (.html, .htm, .xhtml, or any file that starts with an HTML tag): trafilatura and htmldate;
- scraped items: JSON lines (.jsonl, .jl, .ndjson), one page per line, or .json (one item, or a list of items);
- web archives (.warc, .warc.gz): one page per HTML response record.

A file of the last two kinds holds many pages; each is found again by its record id and its offset in the file.
Adding a format means a reader module beside this one and a line in the tables below.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from schemas.document import ParsedPage
from tasks.parsing.archives import archive_pages, read_archive_page
from tasks.parsing.decoding import decode_page
from tasks.parsing.errors import PageRejected
from tasks.parsing.html import decode_html, looks_like_html, parse_html
from tasks.parsing.items import item_from_json, parse_item
from tasks.parsing.page import parse_page

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_LINES_SUFFIXES = (".jsonl", ".jl", ".ndjson")
JSON_SUFFIXES = (".json",)
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
MANY_PAGE_SUFFIXES = JSON_LINES_SUFFIXES + JSON_SUFFIXES + ARCHIVE_SUFFIXES


@dataclass(frozen=True)
class PageInFile:
    """One page of a file that holds many; record_id None means the whole file is the page."""

    record_id: str | None
    offset: int | None
    content_sha256: str


@dataclass(frozen=True)
class ReadPage:
    page: ParsedPage
    encoding: str
    size_bytes: int


def holds_many_pages(file_name: str) -> bool:
    return file_name.lower().endswith(MANY_PAGE_SUFFIXES)


def pages_in_file(path: str | Path, file_name: str) -> Iterator[PageInFile]:
    """The pages of a many-page file; raises (OSError, PageRejected, a reader's error) where the file breaks off."""
    name = file_name.lower()
    if name.endswith(ARCHIVE_SUFFIXES):
        for page in archive_pages(path):
            yield PageInFile(page.record_id, page.offset, page.sha256)
    elif name.endswith(JSON_SUFFIXES):
        yield from _json_pages(Path(path).read_bytes())
    else:
        yield from _json_line_pages(path)


def read_page(path: str | Path, file_name: str, record_id: str | None, offset: int | None) -> ReadPage:
    """One page, read and parsed; raises PageRejected (or OSError) when it cannot become a document."""
    name = file_name.lower()
    if name.endswith(ARCHIVE_SUFFIXES):
        if offset is None:
            raise PageRejected("a web archive page without its offset")
        archived = read_archive_page(path, offset)
        text, encoding = decode_html(archived.payload, archived.charset)
        return ReadPage(parse_html(text, archived.url), encoding, len(archived.payload))
    if name.endswith(JSON_LINES_SUFFIXES + JSON_SUFFIXES):
        raw = _json_item_bytes(path, name, record_id, offset)
        return ReadPage(parse_item(item_from_json(raw)), "utf-8", len(raw))
    raw = Path(path).read_bytes()
    if name.endswith(HTML_SUFFIXES):
        text, encoding = decode_html(raw)
        return ReadPage(parse_html(text), encoding, len(raw))
    text, encoding = decode_page(raw)
    page = parse_html(text) if looks_like_html(text) else parse_page(text)
    return ReadPage(page, encoding, len(raw))


def _json_pages(raw: bytes) -> Iterator[PageInFile]:
    """A .json file: one item (the whole file is the page), a list of items, or JSON lines under another name."""
    try:
        content = json.loads(raw)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            yield from _json_line_pages_of(raw)
            return
        raise PageRejected(f"invalid JSON: {error}") from None
    except UnicodeDecodeError as error:
        raise PageRejected(f"invalid JSON: {error}") from None
    if not isinstance(content, list):
        yield PageInFile(None, None, hashlib.sha256(raw).hexdigest())
        return
    for index, item in enumerate(content):
        canonical = json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8")
        yield PageInFile(f"item-{index + 1}", index, hashlib.sha256(canonical).hexdigest())


def _json_line_pages(path: str | Path) -> Iterator[PageInFile]:
    with open(path, "rb") as stream:
        yield from _json_line_pages_of(stream)


def _json_line_pages_of(lines: bytes | Iterator[bytes]) -> Iterator[PageInFile]:
    offset = 0
    for number, line in enumerate(lines.splitlines(keepends=True) if isinstance(lines, bytes) else lines, start=1):
        if line.strip():
            yield PageInFile(f"line-{number}", offset, hashlib.sha256(line.rstrip(b"\r\n")).hexdigest())
        offset += len(line)


def _json_item_bytes(path: str | Path, name: str, record_id: str | None, offset: int | None) -> bytes:
    if record_id is None:
        return Path(path).read_bytes()
    if record_id.startswith("item-") and offset is not None:
        content = json.loads(Path(path).read_bytes())
        return json.dumps(content[offset], ensure_ascii=False).encode("utf-8")
    if offset is None:
        raise PageRejected("a JSON lines page without its offset")
    with open(path, "rb") as stream:
        stream.seek(offset)
        return stream.readline().rstrip(b"\r\n")

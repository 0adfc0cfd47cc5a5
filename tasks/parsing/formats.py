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
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from schemas.document import ParsedPage
from tasks.parsing.archives import archive_pages, read_archive_page
from tasks.parsing.decoding import decode_page
from tasks.parsing.errors import PageRejected
from tasks.parsing.html import decode_html, looks_like_html, parse_html
from tasks.parsing.items import item_from_json, item_url, parse_item
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


def read_page(
    path: str | Path,
    file_name: str,
    record_id: str | None,
    offset: int | None,
    expected_sha256: str | None = None,
    max_bytes: int | None = None,
) -> ReadPage:
    """One page, read and parsed; raises PageRejected (or OSError) when it cannot become a document.

    expected_sha256 is the hash discovery found: a page rewritten since (a scraper still appending) is rejected
    rather than stored under another content's key; the next run finds it changed and reads it again.
    """
    name = file_name.lower()
    raw, url, charset = _page_bytes(path, name, record_id, offset)
    if max_bytes is not None and len(raw) > max_bytes:
        raise PageRejected(too_large(len(raw), max_bytes))
    if expected_sha256 is not None and hashlib.sha256(raw).hexdigest() != expected_sha256:
        raise PageRejected("the page changed while the run read it; the next run reads it again")
    if name.endswith(JSON_LINES_SUFFIXES + JSON_SUFFIXES):
        return ReadPage(parse_item(item_from_json(raw)), "utf-8", len(raw))
    if name.endswith(ARCHIVE_SUFFIXES + HTML_SUFFIXES):
        text, encoding = decode_html(raw, charset)
        return ReadPage(parse_html(text, url), encoding, len(raw))
    text, encoding = decode_page(raw)
    page = parse_html(text) if looks_like_html(text) else parse_page(text)
    return ReadPage(page, encoding, len(raw))


def too_large(size_bytes: int, max_bytes: int) -> str:
    return f"{size_bytes / 2**20:.0f} MB: larger than a page may be ({max_bytes >> 20} MB)"


def _page_bytes(
    path: str | Path, name: str, record_id: str | None, offset: int | None
) -> tuple[bytes, str | None, str | None]:
    """The page's own bytes (a file, a JSON item, an archived response's payload), its address and its charset."""
    if name.endswith(ARCHIVE_SUFFIXES):
        if offset is None:
            raise PageRejected("a web archive page without its offset")
        archived = read_archive_page(path, offset)
        return archived.payload, archived.url, archived.charset
    if name.endswith(JSON_LINES_SUFFIXES + JSON_SUFFIXES):
        return _json_item_bytes(path, record_id, offset), None, None
    return Path(path).read_bytes(), None, None


def _json_pages(raw: bytes) -> Iterator[PageInFile]:
    """A .json file: one item (the whole file is the page), a list of items, or JSON lines under another name."""
    try:
        content = json.loads(raw)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            yield from _json_line_pages_of(raw.splitlines(keepends=True))
            return
        raise PageRejected(f"invalid JSON: {error}") from None
    except UnicodeDecodeError as error:
        raise PageRejected(f"invalid JSON: {error}") from None
    if not isinstance(content, list):
        yield PageInFile(None, None, hashlib.sha256(raw).hexdigest())
        return
    names: Counter[str] = Counter()
    for index, item in enumerate(content):
        canonical = _canonical(item)
        yield PageInFile(_item_name("item", item, canonical, names), index, hashlib.sha256(canonical).hexdigest())


def _json_line_pages(path: str | Path) -> Iterator[PageInFile]:
    with open(path, "rb") as stream:
        yield from _json_line_pages_of(stream)


def _json_line_pages_of(lines: Iterable[bytes]) -> Iterator[PageInFile]:
    offset = 0
    names: Counter[str] = Counter()
    for line in lines:
        item_bytes = line.rstrip(b"\r\n")
        if item_bytes.strip():
            try:
                item = json.loads(item_bytes)
            except ValueError:
                item = None  # named by its content; read, it is quarantined with what is wrong with it
            name = _item_name("line", item, item_bytes, names)
            yield PageInFile(name, offset, hashlib.sha256(item_bytes).hexdigest())
        offset += len(line)


def _item_name(kind: str, item: object, item_bytes: bytes, names: Counter[str]) -> str:
    """A scraped item is named by its url (else its content), never by its place in the file: a line added or removed
    elsewhere leaves every other item's name, and so its document, as it was. The same url twice gets -2, -3."""
    url = item_url(item) if isinstance(item, dict) else None
    name = f"{kind}-{hashlib.sha256(url.encode('utf-8') if url else item_bytes).hexdigest()[:12]}"
    names[name] += 1
    return name if names[name] == 1 else f"{name}-{names[name]}"


def _canonical(item: object) -> bytes:
    return json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8")


@lru_cache(maxsize=2)
def _json_list(path: str, size_bytes: int, modified_ns: int) -> list:
    """A .json list, parsed once for all of its items that a batch reads (keyed by the file's size and time)."""
    return json.loads(Path(path).read_bytes())


def _json_item_bytes(path: str | Path, record_id: str | None, offset: int | None) -> bytes:
    if record_id is None:
        return Path(path).read_bytes()
    if offset is None:
        raise PageRejected("a JSON item without its offset")
    if record_id.startswith("item-"):
        stat = os.stat(path)
        return _canonical(_json_list(str(path), stat.st_size, stat.st_mtime_ns)[offset])
    with open(path, "rb") as stream:
        stream.seek(offset)
        return stream.readline().rstrip(b"\r\n")

"""Find the files in the source folder and tell which are new, changed or unchanged."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.files import SourceFile

HASH_CHUNK_BYTES = 1 << 20


def printable(os_text: str) -> str:
    """A file name that is not valid UTF-8 still needs a printable, storable key."""
    return os_text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def iter_source_files(source_dir: Path) -> Iterator[Path]:
    """Every regular file under source_dir, sub-folders included, in a stable order; hidden files are skipped."""
    for folder, sub_folders, file_names in os.walk(source_dir):
        sub_folders[:] = sorted(name for name in sub_folders if not name.startswith("."))
        for file_name in sorted(file_names):
            path = Path(folder) / file_name
            if not file_name.startswith(".") and path.is_file():
                yield path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def describe(path: Path, source_dir: Path, known_hashes: Mapping[str, str | None]) -> SourceFile:
    os_path = path.relative_to(source_dir).as_posix()
    source_path = printable(os_path)
    try:
        size_bytes = path.stat().st_size
        content_sha256: str | None = sha256_of(path)
        read_error = None
    except OSError as error:
        size_bytes, content_sha256, read_error = 0, None, f"unreadable file: {error.strerror or error}"
    if source_path not in known_hashes:
        change = "new"
    elif known_hashes[source_path] == content_sha256 and read_error is None:
        change = "unchanged"
    else:
        change = "changed"
    return SourceFile(
        source_path=source_path,
        os_path=os_path,
        file_name=printable(path.name),
        size_bytes=size_bytes,
        content_sha256=content_sha256,
        change=change,
        read_error=read_error,
    )


@task(name="discover files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_files(source_dir: Path, known_hashes: Mapping[str, str | None]) -> list[SourceFile]:
    """Hash every file of the source folder; known_hashes maps each path seen before to its content hash."""
    found = [describe(path, source_dir, known_hashes) for path in iter_source_files(source_dir)]
    get_run_logger().info(
        "discovered %d files in %s: %d new, %d changed, %d unchanged",
        len(found),
        source_dir,
        sum(f.change == "new" for f in found),
        sum(f.change == "changed" for f in found),
        sum(f.change == "unchanged" for f in found),
    )
    return found

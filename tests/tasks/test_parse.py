"""parse_one on files at the edges: too big to be a page, and a seed page beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

from schemas.document import Document
from schemas.files import QuarantinedFile
from tasks.discover import describe
from tasks.parse import MAX_PAGE_BYTES, parse_one

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_a_file_bigger_than_a_page_is_quarantined_with_its_size(tmp_path: Path) -> None:
    seed = sorted(SEEDS.iterdir())[0]
    shutil.copy(seed, tmp_path / "page.txt")
    text = seed.read_text(encoding="utf-8")
    (tmp_path / "dump.txt").write_text(text * (MAX_PAGE_BYTES // len(text.encode("utf-8")) + 1), encoding="utf-8")
    files = {path.name: describe(path, tmp_path, ledger={}) for path in tmp_path.iterdir()}
    assert files["dump.txt"].size_bytes > MAX_PAGE_BYTES

    dump = parse_one(tmp_path, files["dump.txt"])
    assert isinstance(dump, QuarantinedFile)
    assert dump.reason == f"{files['dump.txt'].size_bytes / 2**20:.0f} MB: larger than a page may be (25 MB)"
    assert (tmp_path / "dump.txt").stat().st_size == files["dump.txt"].size_bytes  # the file stays as it was
    assert isinstance(parse_one(tmp_path, files["page.txt"]), Document)

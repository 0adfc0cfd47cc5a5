"""Real news pages as sites served them: the HTML pages newspaper4k's test suite keeps, with the metadata and the
article text its authors checked by hand (tests/data/{html,metadata,txt} of its source release on PyPI).

The release is fetched once per machine with pip, pinned by version and SHA-256, and kept in a cache folder: the
pages are third-party text, so they are not copied into this repository.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tasks.parsing.formats import read_page

RELEASE = "newspaper4k==0.9.6"
ARCHIVE = "newspaper4k-0.9.6.tar.gz"
ARCHIVE_SHA256 = "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e"
CACHE = Path(os.environ.get("LEGATION_TEST_CACHE", Path.home() / ".cache" / "legation-tests"))
# English articles whose metadata gives the day they were published.
DATED_ENGLISH = [
    "article_with_divs", "cleveland.com1", "cnn_001", "cnn_002", "cnn_article", "cnn_test_nlp", "fox13now_001",
    "time_001", "video_article_02", "wired_001", "yna_co_kr",
]  # fmt: skip


@pytest.fixture(scope="session")
def real_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = CACHE / ARCHIVE
    if not archive.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        download = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", RELEASE]
        subprocess.run([*download, "-d", str(CACHE)], check=True, capture_output=True, timeout=300)
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == ARCHIVE_SHA256, f"{archive} is not {RELEASE}"
    folder = tmp_path_factory.mktemp("newspaper4k")
    with tarfile.open(archive) as release:
        wanted = [m for m in release.getmembers() if re.search(r"/tests/data/(html|metadata|txt)/[^/]+$", m.name)]
        release.extractall(folder, members=wanted, filter="data")
    return next(folder.glob("*/tests/data"))


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def test_every_article_page_becomes_a_document(real_pages: Path) -> None:
    articles = sorted(path.stem for path in (real_pages / "txt").glob("*.txt") if (real_pages / "html").exists())
    pages = [
        real_pages / "html" / f"{name}.html" for name in articles if (real_pages / "html" / f"{name}.html").exists()
    ]
    assert len(pages) >= 15
    for page in pages:  # Arabic, Chinese, Japanese, Thai and Spanish pages among them
        assert read_page(page, page.name, None, None).page.body_text, page.name


@pytest.mark.parametrize("name", DATED_ENGLISH)
def test_a_real_page_gives_its_article_and_date(real_pages: Path, name: str) -> None:
    page = real_pages / "html" / f"{name}.html"
    metadata = json.loads((real_pages / "metadata" / f"{name}.json").read_text(encoding="utf-8"))
    expected = (real_pages / "txt" / f"{name}.txt").read_text(encoding="utf-8")
    read = read_page(page, page.name, None, None)
    assert read.page.published_on is not None
    assert read.page.published_on.isoformat() == metadata["publish_date"][:10]
    assert read.page.title and read.page.outlet
    expected_paragraphs = [" ".join(line.split()) for line in expected.splitlines() if line.strip()]
    body = " ".join(read.page.body_text.split())
    kept = sum(paragraph in body for paragraph in expected_paragraphs) / len(expected_paragraphs)
    assert kept >= 0.8, f"{name}: only {kept:.0%} of the article's paragraphs were kept"
    ours, theirs = words(read.page.body_text), words(expected)
    assert len(ours & theirs) / len(ours) >= 0.75, f"{name}: boilerplate in the article text"
    assert "\n\n" in read.page.body_text or len(expected_paragraphs) == 1  # paragraphs kept apart

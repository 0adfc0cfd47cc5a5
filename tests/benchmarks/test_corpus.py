"""The benchmark corpus: deterministic for a seed, pages that differ, and pages the real parser accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import generate_pages, load_seed_material, write_corpus
from tasks.parsing import decode_page, parse_page

PAGES = 60


@pytest.fixture(scope="module")
def material():
    return load_seed_material()


def test_same_seed_gives_the_same_pages(material) -> None:
    first = [page.text for page in generate_pages(7, 0, 20, material)]
    again = [page.text for page in generate_pages(7, 0, 20, material)]
    other_seed = [page.text for page in generate_pages(8, 0, 20, material)]
    assert first == again
    assert first != other_seed


def test_a_page_depends_on_its_index_only(material) -> None:
    """The 100 pages added to a corpus of N are pages N..N+99 of the same stream."""
    long_run = list(generate_pages(7, 0, 30, material))
    tail = list(generate_pages(7, 20, 10, material))
    assert [page.text for page in long_run[20:]] == [page.text for page in tail]


def test_pages_differ(material) -> None:
    pages = list(generate_pages(7, 0, PAGES, material))
    assert len({page.text for page in pages}) == PAGES
    assert len({page.relative_path for page in pages}) == PAGES
    # Not only the page address differs: headlines and bodies do too.
    assert len({page.text.splitlines()[0] for page in pages}) > PAGES // 3
    assert not any("Xi Jinping" in page.text or "Kim Jong Un" in page.text for page in pages)


def test_writes_n_pages_in_nested_folders(tmp_path: Path) -> None:
    written = write_corpus(tmp_path / "corpus", PAGES, seed=3)
    files = sorted((tmp_path / "corpus").rglob("*.txt"))
    assert len(written) == len(files) == PAGES
    assert all(len(path.relative_to(tmp_path / "corpus").parts) == 4 for path in files)  # outlet/year/month/file


def test_the_parser_reads_a_title_and_a_date_from_every_page(tmp_path: Path) -> None:
    for path in write_corpus(tmp_path, PAGES, seed=11):
        text, _ = decode_page(path.read_bytes())
        page = parse_page(text)
        assert page.title, path
        assert page.published_on is not None, path
        assert f"{page.published_on:%Y/%m}" == f"{path.parent.parent.name}/{path.parent.name}", path
        assert "Share: https://" not in page.body_text, path

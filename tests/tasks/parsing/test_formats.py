"""What a page can be: HTML, scraped JSON items, web archives and plain text, each read by its own reader."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from tasks.parsing import PageRejected
from tasks.parsing.formats import holds_many_pages, pages_in_file, read_page
from tests.page_formats import (
    SEEDS,
    html_page,
    page_url,
    seed_page,
    write_archive,
    write_html,
    write_json_lines,
)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_an_item_keeps_its_name_when_lines_around_it_come_and_go(tmp_path: Path) -> None:
    path = write_json_lines(SEEDS, tmp_path / "items.jsonl")
    before = {page.record_id: page.content_sha256 for page in pages_in_file(path, path.name)}
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    no_url = json.dumps({"title": "t", "maintext": "An item without its address, named by its content."}) + "\n"
    path.write_text(no_url + "".join(lines[:1] + lines[2:] + lines[2:3]), encoding="utf-8")
    after = {page.record_id: page.content_sha256 for page in pages_in_file(path, path.name)}
    kept = {name: sha for name, sha in before.items() if name in after}
    assert len(kept) == len(SEEDS) - 1 and all(after[name] == sha for name, sha in kept.items())
    assert sum(name.endswith("-2") for name in after) == 1  # the same url twice: two pages, two names
    assert len(after) == len(SEEDS) + 1


def paragraphs(text: str) -> list[str]:
    return [" ".join(paragraph.split()) for paragraph in text.split("\n\n")]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.stem)
def test_an_html_page_gives_the_seed_files_article(seed: Path, tmp_path: Path) -> None:
    expected = seed_page(seed)
    read = read_page(write_html(seed, tmp_path), f"{seed.stem}.html", None, None)
    assert paragraphs(read.page.body_text) == paragraphs(expected.body_text)  # menus, sidebar and footer gone
    assert read.page.published_on == expected.published_on
    if expected.title:
        assert read.page.title == expected.title
    assert (read.page.outlet or "").casefold() == (expected.outlet or "").casefold()
    assert read.encoding == "utf-8"


def test_html_in_a_text_file_is_read_as_html(tmp_path: Path) -> None:
    seed = SEEDS[0]
    path = tmp_path / "saved-page.txt"
    path.write_text(html_page(seed_page(seed)), encoding="utf-8")
    read = read_page(path, path.name, None, None)
    assert "<p>" not in read.page.body_text and "Home" not in read.page.body_text.split("\n\n")[0]
    assert paragraphs(read.page.body_text) == paragraphs(seed_page(seed).body_text)


def test_html_in_a_declared_legacy_charset_is_decoded_by_it(tmp_path: Path) -> None:
    page = html_page(seed_page(SEEDS[3])).replace('charset="utf-8"', 'charset="windows-1251"')
    page = page.replace("</article>", "<p>Москва и Пекин обменялись посланиями в четверг вечером.</p></article>")
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    read = read_page(path, path.name, None, None)
    assert read.encoding == "cp1251"
    assert "Москва и Пекин обменялись посланиями" in read.page.body_text


def test_json_lines_hold_one_page_a_line_found_again_by_offset(tmp_path: Path) -> None:
    path = write_json_lines(SEEDS, tmp_path / "items.jsonl")
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\n")  # a blank line is not a page
    pages = list(pages_in_file(path, path.name))
    # Named by their url, not their place: news-please items all carry one.
    assert [page.record_id for page in pages] == [f"line-{sha256_text(page_url(seed))[:12]}" for seed in SEEDS]
    assert len({page.content_sha256 for page in pages}) == len(SEEDS)
    for seed, page in zip(SEEDS, pages, strict=True):
        read = read_page(path, path.name, page.record_id, page.offset)
        assert paragraphs(read.page.body_text) == paragraphs(seed_page(seed).body_text)
        assert read.page.published_on == seed_page(seed).published_on
        assert read.page.url == page_url(seed)


def test_a_bad_json_line_is_rejected_alone(tmp_path: Path) -> None:
    path = write_json_lines(SEEDS[:2], tmp_path / "items.jsonl")
    path.write_text(path.read_text() + '{"url": "https://x.example/cut", "maintext": "cut in the mid\n', "utf-8")
    pages = list(pages_in_file(path, path.name))
    assert len(pages) == 3
    assert read_page(path, path.name, pages[0].record_id, pages[0].offset).page.body_text
    with pytest.raises(PageRejected, match="invalid JSON item"):
        read_page(path, path.name, pages[2].record_id, pages[2].offset)


def test_a_json_file_holds_one_item_or_a_list(tmp_path: Path) -> None:
    one, many = tmp_path / "article.json", tmp_path / "feed.json"
    items = [json.loads(line) for line in write_json_lines(SEEDS[:2], tmp_path / "x.jsonl").read_text().splitlines()]
    one.write_text(json.dumps(items[0], indent=2), encoding="utf-8")
    many.write_text(json.dumps(items), encoding="utf-8")
    assert [page.record_id for page in pages_in_file(one, one.name)] == [None]
    assert read_page(one, one.name, None, None).page.url == page_url(SEEDS[0])
    listed = list(pages_in_file(many, many.name))
    assert [page.record_id for page in listed] == [f"item-{sha256_text(page_url(seed))[:12]}" for seed in SEEDS[:2]]
    assert read_page(many, many.name, listed[1].record_id, listed[1].offset).page.url == page_url(SEEDS[1])


def test_an_item_with_only_html_is_read_as_html(tmp_path: Path) -> None:
    seed = SEEDS[2]
    path = tmp_path / "raw.jsonl"
    path.write_text(json.dumps({"url": page_url(seed), "html": html_page(seed_page(seed))}) + "\n", encoding="utf-8")
    page = next(pages_in_file(path, path.name))
    read = read_page(path, path.name, page.record_id, page.offset)
    assert paragraphs(read.page.body_text) == paragraphs(seed_page(seed).body_text)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_web_archive_holds_one_page_per_html_response(name: str, tmp_path: Path) -> None:
    path = write_archive(SEEDS, tmp_path / name)
    pages = list(pages_in_file(path, path.name))
    assert len(pages) == len(SEEDS)  # requests, images and the warcinfo record are not pages
    assert all(page.record_id.startswith("urn:uuid:") for page in pages)
    for seed, page in zip(SEEDS, pages, strict=True):
        read = read_page(path, path.name, page.record_id, page.offset)
        assert page.content_sha256 == hashlib.sha256(html_page(seed_page(seed)).encode("utf-8")).hexdigest()
        assert paragraphs(read.page.body_text) == paragraphs(seed_page(seed).body_text)
        assert read.page.url == page_url(seed)


def test_a_cut_archive_lists_its_pages_up_to_the_cut(tmp_path: Path) -> None:
    whole = write_archive(SEEDS, tmp_path / "whole.warc.gz", with_other_records=False).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) * 3 // 4])
    listed = []
    with pytest.raises(Exception):  # noqa: B017 - whichever error the gzip or WARC reader raises at the cut
        for page in pages_in_file(cut, cut.name):
            listed.append(page)
    assert 1 <= len(listed) < len(SEEDS)
    assert gzip.decompress(whole)  # the whole archive itself is sound


def test_which_files_hold_many_pages() -> None:
    assert all(holds_many_pages(name) for name in ["a.jsonl", "a.JL", "a.ndjson", "a.json", "a.warc", "a.warc.gz"])
    assert not any(holds_many_pages(name) for name in ["a.txt", "a.html", "a", "a.gz", "warc.txt"])

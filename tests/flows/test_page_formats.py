"""Pages as scrapers deliver them, end to end: the seed articles as an HTML page, a JSON lines file and a web
archive give the warehouse the same messages, meetings and statements as the seed text files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.ingest import backfill, ingest
from tasks import discover
from tasks.report import build_report
from tests.conftest import SEEDS
from tests.page_formats import SEEDS as SEED_FILES
from tests.page_formats import write_archive, write_html, write_json_lines
from tests.tasks.test_report import link_target, page_links

FACTS = {
    "messages": """
        SELECT s.name, r.name, m.message_kind, m.occasion, m.sent_on FROM marts.fct_messages m
        JOIN marts.dim_actors s ON s.actor_id = m.sender_id JOIN marts.dim_actors r ON r.actor_id = m.recipient_id
    """,
    "meetings": """
        SELECT list(a.name ORDER BY a.name), m.location, m.held_on FROM marts.fct_meetings m
        JOIN marts.bridge_meeting_participants p USING (meeting_id) JOIN marts.dim_actors a USING (actor_id)
        GROUP BY m.meeting_id, m.location, m.held_on
    """,
    "statements": """
        SELECT a.name, s.quote, s.text, s.stated_on FROM marts.fct_statements s
        JOIN marts.dim_actors a ON a.actor_id = s.speaker_id
    """,
}


def facts(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {kind: sorted(con.execute(sql).fetchall(), key=repr) for kind, sql in FACTS.items()}


def scraped_folder(folder: Path) -> Path:
    """One HTML page, one JSON lines file and one web archive: the five seed articles between them."""
    folder.mkdir()
    write_html(SEED_FILES[0], folder)
    write_json_lines(SEED_FILES[1:3], folder / "news-please.jsonl")
    write_archive(SEED_FILES[3:], folder / "crawl.warc.gz")
    return folder


@pytest.fixture(scope="module")
def seed_facts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    folder = tmp_path_factory.mktemp("seeds") / "pages"
    shutil.copytree(SEEDS, folder)
    warehouse = folder.parent / "seeds.duckdb"
    ingest(source_dir=str(folder), warehouse=str(warehouse))
    return facts(warehouse)


def test_html_json_lines_and_a_web_archive_give_the_seed_files_events(
    seed_facts: dict[str, list[tuple]], tmp_path: Path, warehouse: Path
) -> None:
    folder = scraped_folder(tmp_path / "scraped")
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert (summary.files_seen, summary.documents_loaded, summary.quarantined) == (5, 5, [])
    assert all(seed_facts.values())
    assert facts(warehouse) == seed_facts
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents = con.execute("SELECT source_path, record_id, url FROM marts.dim_documents ORDER BY 1").fetchall()
    assert [path.split("#")[0] for path, _, _ in documents] == [
        "000_a9c11b741ecadaed.html", "crawl.warc.gz", "crawl.warc.gz", "news-please.jsonl", "news-please.jsonl",
    ]  # fmt: skip
    assert all(record_id.startswith("line-") for _, record_id, _ in documents[3:])
    assert all(url and url.startswith("https://news.example.org/") for _, _, url in documents[1:])
    # The report links a page inside a JSON lines file or an archive to that file.
    report = build_report(warehouse, tmp_path / "report" / "report.html", source_dir=folder)
    links = page_links(report.read_text(encoding="utf-8"))
    assert links and all(link_target(report, link).is_file() for link in links)
    assert {link_target(report, link).name for link in links} > {"crawl.warc.gz"}


def test_a_new_archive_beside_old_ones_costs_only_its_own_records(
    tmp_path: Path, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "crawls"
    folder.mkdir()
    write_archive(SEED_FILES[:3], folder / "monday.warc.gz")
    ingest(source_dir=str(folder), warehouse=str(warehouse))
    read_files: list[str] = []
    real_pages_in_file = discover.pages_in_file

    def pages_in_file(path, file_name):  # a spy: it reads the file as discovery would, and notes that it did
        read_files.append(file_name)
        return real_pages_in_file(path, file_name)

    monkeypatch.setattr(discover, "pages_in_file", pages_in_file)
    write_archive(SEED_FILES[3:], folder / "tuesday.warc.gz")
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert read_files == ["tuesday.warc.gz"]
    assert (summary.new, summary.unchanged, summary.planned_parse) == (2, 3, 2)
    again = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert read_files == ["tuesday.warc.gz"] and again.planned_parse == 0 and again.documents_loaded == 0


def test_a_bad_record_is_quarantined_alone_and_a_cut_archive_keeps_its_whole_pages(
    tmp_path: Path, warehouse: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    items = write_json_lines(SEED_FILES[:2], folder / "items.jsonl")
    items.write_text(items.read_text() + '{"url": "https://x.example/cut", "maintext": "cut in the mid\n', "utf-8")
    archive = write_archive(SEED_FILES[2:], folder / "cut.warc.gz", with_other_records=False).read_bytes()
    (folder / "cut.warc.gz").write_bytes(archive[: len(archive) * 3 // 4])
    (folder / "empty.jsonl").write_text("\n", encoding="utf-8")
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    reasons = {q.source_path: q.reason for q in summary.quarantined}
    bad_line = next(path for path in reasons if path.startswith("items.jsonl#line-"))
    assert set(reasons) == {bad_line, "cut.warc.gz", "empty.jsonl"}
    assert reasons[bad_line].startswith("invalid JSON item")
    assert reasons["cut.warc.gz"].startswith("cut short after 2 pages")
    assert reasons["empty.jsonl"].startswith("no pages in this file")
    assert summary.documents_loaded == 4  # two items, and the two whole pages before the archive's cut


def test_pages_read_by_an_earlier_parser_are_parsed_again(seed_folder: Path, warehouse: Path) -> None:
    ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    before = facts(warehouse)
    with duckdb.connect(str(warehouse)) as con:  # as a warehouse written by an earlier release leaves its ledger
        con.execute("UPDATE raw.file_ledger SET parsed_with = '2026.01.01-1'")
    summary = ingest(source_dir=str(seed_folder), warehouse=str(warehouse))
    assert (summary.unchanged, summary.planned_parse, summary.documents_loaded) == (5, 5, 5)
    assert facts(warehouse) == before
    assert ingest(source_dir=str(seed_folder), warehouse=str(warehouse)).planned_parse == 0


def seed_items_file(folder: Path) -> Path:
    folder.mkdir()
    return write_json_lines(SEED_FILES, folder / "items.jsonl")


def test_pages_a_backfill_leaves_out_are_loaded_by_the_next_run(tmp_path: Path, warehouse: Path) -> None:
    folder = tmp_path / "pages"
    seed_items_file(folder)
    march = {"published_from": date(2021, 3, 1), "published_to": date(2021, 3, 31)}
    first = backfill(**march, source_dir=str(folder), warehouse=str(warehouse))
    assert 0 < first.documents_loaded < len(SEED_FILES)
    later = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert later.documents_loaded == len(SEED_FILES) - first.documents_loaded
    assert later.rows_per_table["marts.dim_documents"] == len(SEED_FILES)


def test_new_items_of_a_file_a_glob_left_out_are_loaded_by_the_next_run(tmp_path: Path, warehouse: Path) -> None:
    folder = tmp_path / "pages"
    write_json_lines(SEED_FILES[:2], seed_items_file(folder))
    write_json_lines(SEED_FILES[:1], folder / "other.jsonl")
    ingest(source_dir=str(folder), warehouse=str(warehouse))
    write_json_lines(SEED_FILES[:3], folder / "other.jsonl")  # two new items, in a file the glob leaves out
    backfill(file_glob="items.jsonl", source_dir=str(folder), warehouse=str(warehouse))
    later = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert later.new == 2 and later.rows_per_table["marts.dim_documents"] == 3


def test_an_item_removed_from_its_file_is_gone_and_the_others_stay(tmp_path: Path, warehouse: Path) -> None:
    folder = tmp_path / "pages"
    items = seed_items_file(folder)
    ingest(source_dir=str(folder), warehouse=str(warehouse))
    lines = items.read_text(encoding="utf-8").splitlines(keepends=True)
    items.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert (summary.unchanged, summary.changed, summary.gone, summary.planned_parse) == (4, 0, 1, 0)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*), count(*) FILTER (WHERE is_gone) FROM marts.dim_documents").fetchone() == (
            5,
            1,
        )  # kept, marked gone, until --prune


def test_a_file_an_earlier_parser_read_as_one_page_is_replaced_by_its_pages(tmp_path: Path, warehouse: Path) -> None:
    folder = tmp_path / "pages"
    seed_items_file(folder)
    ingest(source_dir=str(folder), warehouse=str(warehouse))
    with duckdb.connect(str(warehouse)) as con:  # the ledger as the release before many-page files left it
        first = con.execute("SELECT min(source_path) FROM raw.file_ledger").fetchone()[0]
        con.execute("DELETE FROM raw.file_ledger WHERE source_path <> ?", [first])
        con.execute(
            "UPDATE raw.file_ledger SET source_path = 'items.jsonl', record_id = NULL, record_offset = NULL, "
            "parsed_with = NULL, modified_ns = NULL"
        )
    summary = ingest(source_dir=str(folder), warehouse=str(warehouse))
    assert summary.gone == 0 and summary.quarantined == []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents = con.execute("SELECT count(*), count(*) FILTER (WHERE is_gone) FROM marts.dim_documents").fetchone()
        paths = con.execute("SELECT source_path FROM raw.file_ledger ORDER BY 1").fetchall()
    assert documents == (len(SEED_FILES), 0)
    assert all(path.startswith("items.jsonl#line-") for (path,) in paths) and len(paths) == len(SEED_FILES)

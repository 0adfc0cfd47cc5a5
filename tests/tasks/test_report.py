"""`legation report`: the HTML report of the seed warehouse, its counts, its links, and how Chromium renders it."""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.cli import main
from tasks.report import LATEST_STATEMENTS_SHOWN, REPORT_ARTIFACT_KEY, build_report, publish_report
from tests.conftest import REPO
from tests.sql import build_seed_warehouse, rows, scalar

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOT = REPO / "docs" / "report.png"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(pages folder, warehouse, report) for the seeds; the report sits in its own folder beside the pages."""
    folder = tmp_path_factory.mktemp("report")
    pages, warehouse = build_seed_warehouse(folder)
    report = build_report(warehouse, folder / "out" / "report.html", source_dir=pages)
    return pages, warehouse, report


def inline_svgs(page: str) -> dict[str, ET.Element]:
    """Each chart's <svg>, by the id of the <figure> that holds it, parsed as XML."""
    figures = re.findall(r'<figure id="([\w-]+)">(<svg.*?</svg>)\s*</figure>', page, re.DOTALL)
    return {figure_id: ET.fromstring(svg) for figure_id, svg in figures}


def group(svg: ET.Element, group_id: str) -> ET.Element:
    found = svg.find(f".//{SVG_NAMESPACE}g[@id='{group_id}']")
    assert found is not None, f"the chart has no group {group_id}"
    return found


def points(svg: ET.Element, group_id: str) -> int:
    return len(group(svg, group_id).findall(f".//{SVG_NAMESPACE}use"))


def table_rows(page: str, table_id: str) -> list[str]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.DOTALL)
    assert table, f"the report has no table {table_id}"
    return re.findall(r"<tr class=.*?</tr>", table.group(1), re.DOTALL)


def test_timeline_chart_plots_every_dated_event_by_type(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, report = built
    svg = inline_svgs(report.read_text(encoding="utf-8"))["timeline-chart"]
    dated = rows(
        warehouse,
        "SELECT event_type, count(*) AS n FROM reports.event_timeline WHERE event_date IS NOT NULL GROUP BY ALL",
    )
    assert dated
    for kind in ("message", "meeting", "statement"):
        expected = next((row["n"] for row in dated if row["event_type"] == kind), 0)
        assert points(svg, f"timeline-{kind}") == expected, kind
    undated = scalar(warehouse, "SELECT count(*) FROM reports.event_timeline WHERE event_date IS NULL")
    assert f"undated: {undated}" in "".join(svg.itertext())


def test_graph_draws_one_arrow_per_messaging_pair_and_every_actor(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, report = built
    svg = inline_svgs(report.read_text(encoding="utf-8"))["network-chart"]
    pairs = scalar(warehouse, "SELECT count(*) FROM (SELECT DISTINCT sender_id, recipient_id FROM marts.fct_messages)")
    arrows = [g for g in svg.iter(f"{SVG_NAMESPACE}g") if re.fullmatch(r"graph-message-\d+", g.get("id", ""))]
    assert pairs and len(arrows) == pairs
    actors = scalar(
        warehouse,
        """
        SELECT count(DISTINCT actor_id) FROM (
            SELECT sender_id AS actor_id FROM marts.fct_messages UNION SELECT recipient_id FROM marts.fct_messages
            UNION SELECT actor_id FROM marts.bridge_meeting_participants)
        """,
    )
    assert points(svg, "graph-actors") == actors
    meeting_pairs = scalar(warehouse, "SELECT count(*) FROM reports.monthly_activity WHERE event_type = 'meeting'")
    assert meeting_pairs and len(group(svg, "graph-meetings").findall(f".//{SVG_NAMESPACE}path")) >= 1


def test_tables_list_every_event_and_the_latest_statements(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, report = built
    page = report.read_text(encoding="utf-8")
    kinds = Counter(re.search(r'class="event (\w+)"', row).group(1) for row in table_rows(page, "events"))
    expected = {
        r["event_type"]: r["n"]
        for r in rows(warehouse, "SELECT event_type, count(*) AS n FROM reports.event_timeline GROUP BY ALL")
    }
    assert kinds == expected
    for kind, count in expected.items():
        assert f'<div id="count-{kind}s"><b>{count}</b>' in page
    statements = scalar(warehouse, "SELECT count(*) FROM marts.fct_statements")
    assert len(table_rows(page, "statements")) == min(statements, LATEST_STATEMENTS_SHOWN)
    assert len(table_rows(page, "actor-summary")) == scalar(warehouse, "SELECT count(*) FROM marts.dim_actors")
    assert len(table_rows(page, "source-coverage")) == scalar(warehouse, "SELECT count(*) FROM reports.source_coverage")
    # A quote the seed page states verbatim (seeds 000).
    assert "The Taiwan issue...may be resolved by the Chinese people alone" in html.unescape(page)


def test_each_row_links_to_its_page_and_shows_its_sentence(built: tuple[Path, Path, Path]) -> None:
    pages, warehouse, report = built
    page = report.read_text(encoding="utf-8")
    evidence = {
        (row["event_id"], row["file_name"]): row["evidence"]
        for row in rows(
            warehouse,
            "SELECT b.event_id, d.file_name, b.evidence FROM marts.bridge_event_documents AS b "
            "JOIN marts.dim_documents AS d USING (document_id)",
        )
    }
    for row in table_rows(page, "events") + table_rows(page, "statements"):
        event_id = re.search(r'data-event-id="(\w+)"', row).group(1)
        href, file_name = re.search(r'<a class="page" href="([^"#]+)#:~:text=[^"]*">([^<]+)</a>', row).groups()
        target = (report.parent / unquote(html.unescape(href))).resolve()
        assert target.is_file() and target.parent == pages.resolve() and target.name == html.unescape(file_name)
        sentence = html.unescape(re.search(r'<blockquote class="evidence">(.*?)</blockquote>', row).group(1))
        assert sentence == evidence[(event_id, target.name)]


def test_report_is_self_contained(built: tuple[Path, Path, Path]) -> None:
    page = built[2].read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "<img" not in page and "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no resource may come from a network"
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert len(inline_svgs(page)) == 2


def test_legation_report_command_writes_the_file(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, warehouse, _ = built
    output = tmp_path / "r.html"
    assert main(["report", "--warehouse", str(warehouse), "--output", str(output)]) == 0
    assert "<svg" in output.read_text(encoding="utf-8")
    assert main(["report", "--warehouse", str(tmp_path / "none.duckdb"), "--output", str(output)]) == 2


def test_publish_report_links_the_fresh_report_from_a_prefect_artifact(built: tuple[Path, Path, Path]) -> None:
    pages, warehouse, _ = built

    @flow
    def a_run() -> Path:
        return publish_report(warehouse, source_dir=pages)

    report = a_run()
    assert report == warehouse.with_name("report.html").resolve() and report.is_file()

    async def latest_links() -> list:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[REPORT_ARTIFACT_KEY]))
            )

    import asyncio

    artifacts = asyncio.run(latest_links())
    assert artifacts and any(report.as_uri() in (artifact.data or "") for artifact in artifacts)


def test_report_opens_in_headless_chromium_without_errors(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (`sudo apt-get install -y chromium`; .ci/run does it)"
        )
    from playwright.sync_api import sync_playwright

    _, warehouse, report = built
    messages, errors, requests = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1800})
            page.on("console", lambda message: messages.append((message.type, message.text)))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.resolve().as_uri(), wait_until="load")
            dated_messages = page.locator("#timeline-message use").count()
            event_rows = page.locator("#events tbody tr").count()
            # LEGATION_UPDATE_SCREENSHOT=1 refreshes the committed picture; otherwise the test keeps its own.
            target = SCREENSHOT if os.environ.get("LEGATION_UPDATE_SCREENSHOT") == "1" else tmp_path / "report.png"
            page.screenshot(path=str(target))
        finally:
            browser.close()
    assert [m for m in messages if m[0] == "error"] == [] and errors == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert dated_messages == scalar(
        warehouse, "SELECT count(*) FROM reports.event_timeline WHERE event_type = 'message' AND event_date IS NOT NULL"
    )
    assert event_rows == scalar(warehouse, "SELECT count(*) FROM reports.event_timeline")
    assert target.read_bytes().startswith(b"\x89PNG")
    assert SCREENSHOT.exists(), (
        "docs/report.png is missing: LEGATION_UPDATE_SCREENSHOT=1 pytest tests/tasks/test_report.py"
    )

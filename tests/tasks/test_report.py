"""`legation report`: the HTML report of the seed warehouse, its counts, its links, and how Chromium renders it."""

from __future__ import annotations

import base64
import html
import io
import os
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import matplotlib.image
import networkx as nx
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.cli import main
from tasks import report as report_module
from tasks.report import (
    EVENT_ORDER,
    EVENT_TYPES,
    LATEST_STATEMENTS_SHOWN,
    NODE_SIZE,
    REPORT_ARTIFACT_KEY,
    TYPE_COLOURS,
    Timeline,
    actor_graph,
    build_report,
    edge_label,
    finish_network_chart,
    network_chart,
    publish_report,
    read_report_data,
    stacked_positions,
    svg_of,
    timeline_chart,
)
from tasks.report_arcs import ARC_RAD
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


def test_a_long_event_list_shows_the_latest_and_how_to_query_the_rest(
    built: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, warehouse, _ = built
    monkeypatch.setattr(report_module, "EVENTS_SHOWN", 5)
    page = build_report(warehouse, tmp_path / "report.html", source_dir=pages).read_text(encoding="utf-8")
    everything = rows(warehouse, f"SELECT event_id, event_date FROM reports.event_timeline ORDER BY {EVENT_ORDER}")
    dated = [row["event_id"] for row in everything if row["event_date"] is not None]
    assert len(dated) > 5
    shown = [re.search(r'data-event-id="(\w+)"', row).group(1) for row in table_rows(page, "events")]
    assert shown == dated[-5:]
    undated = len(everything) - len(dated)
    assert '<h2 id="all-events">Latest events</h2>' in page
    assert f"The latest 5 of {len(everything)} events ({undated} undated)" in page
    # The query the report gives lists every event, and the counts above the charts still count them all.
    query = html.unescape(re.search(r"<code>legation query &quot;(.*?)&quot;</code>", page).group(1))
    assert [row["event_id"] for row in rows(warehouse, query)] == [row["event_id"] for row in everything]
    for kind, count in events_by_type(warehouse).items():
        assert f'<div id="count-{kind}s"><b>{count}</b>' in page


def events_by_type(warehouse: Path, where: str = "true") -> dict[str, int]:
    found = rows(warehouse, f"SELECT event_type, count(*) AS n FROM reports.event_timeline WHERE {where} GROUP BY ALL")
    return {row["event_type"]: row["n"] for row in found}


def test_stacked_positions_stack_each_days_events_in_table_order(built: tuple[Path, Path, Path]) -> None:
    pages, warehouse, report = built
    timeline = read_report_data(warehouse, pages, report).timeline
    # What the report drew before the stacks were numbered in SQL: one loop over the dated events in table order.
    dated = rows(
        warehouse,
        f"SELECT event_type, event_date, date_source FROM reports.event_timeline "
        f"WHERE event_date IS NOT NULL ORDER BY {EVENT_ORDER}",
    )
    per_day = Counter((row["event_type"], row["event_date"]) for row in dated)
    step = min(0.15, 0.75 / max(per_day.values()))
    seen: Counter[tuple[str, object]] = Counter()
    expected: dict[str, list[tuple[object, float, bool]]] = {kind: [] for kind in EVENT_TYPES}
    for row in dated:
        key = (row["event_type"], row["event_date"])
        height = EVENT_TYPES.index(row["event_type"]) + step * seen[key]
        expected[row["event_type"]].append((row["event_date"], height, row["date_source"] == "event"))
        seen[key] += 1
    assert max(per_day.values()) > 1, "the seeds should stack some events"
    for kind, (days, heights, own_dates) in stacked_positions(timeline).items():
        days = [day.item() for day in days.astype("datetime64[D]")]
        drawn = list(zip(days, heights.tolist(), own_dates.tolist(), strict=True))
        assert drawn == expected[kind], kind


def test_many_timeline_points_become_one_picture_in_the_same_chart(
    built: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, warehouse, report = built
    vector = inline_svgs(report.read_text(encoding="utf-8"))["timeline-chart"]
    monkeypatch.setattr(report_module, "MAX_VECTOR_POINTS", 0)
    page = build_report(warehouse, tmp_path / "report.html", source_dir=pages).read_text(encoding="utf-8")
    raster = inline_svgs(page)["timeline-chart"]
    images = list(raster.iter(f"{SVG_NAMESPACE}image"))
    assert len(images) == 1
    # No point is an element of its own any more; the other markers (ticks, legend) still are.
    assert not any(raster.find(f".//{SVG_NAMESPACE}g[@id='timeline-{kind}']") for kind in EVENT_TYPES)
    drawn_points = sum(points(vector, f"timeline-{kind}") for kind in EVENT_TYPES)
    markers = [len(list(svg.iter(f"{SVG_NAMESPACE}use"))) for svg in (vector, raster)]
    assert drawn_points > 0 and markers[1] == markers[0] - drawn_points > 0
    # Title, legend (with the counts) and axis labels stay text, and the same text.
    assert svg_text(raster) == svg_text(vector)
    picture = images[0].get("{http://www.w3.org/1999/xlink}href")
    assert picture.startswith("data:image/png;base64,")
    pixels = matplotlib.image.imread(io.BytesIO(base64.b64decode(picture.split(",", 1)[1])))[..., :3]
    dated = events_by_type(warehouse, "event_date IS NOT NULL")
    for kind in EVENT_TYPES:
        found = np.any(np.all(np.abs(pixels - np.array(to_rgb(TYPE_COLOURS[kind]))) < 0.02, axis=-1))
        assert found == (dated.get(kind, 0) > 0), kind


def svg_text(svg: ET.Element) -> list[str]:
    return [text.strip() for text in svg.itertext() if text.strip()]


def test_timeline_without_dated_events() -> None:
    empty = Timeline(np.array([], dtype=object), np.array([], dtype="datetime64[us]"), np.array([], dtype=np.int64),
                     np.array([], dtype=bool))  # fmt: skip
    svg = ET.fromstring(timeline_chart(empty, undated=3))
    text = "".join(svg.itertext())
    assert "undated: 3" in text and all(f"{kind} (0)" in text for kind in EVENT_TYPES)


def savefig_tight_svg(figure: Figure, prefix: str) -> str:
    """svg_of as it was: savefig's own bbox_inches="tight", which draws the figure once more to measure it."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None}, dpi=report_module.RASTER_DPI)
    svg = buffer.getvalue()
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg[svg.index("<svg") :], flags=re.DOTALL)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return re.sub(r"#([\w.-]+)", lambda m: f"#{prefix}-{m.group(1)}" if m.group(1) in ids else m.group(0), svg)


def test_charts_are_cropped_as_savefig_tight_crops_them(
    built: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, warehouse, report = built
    figures: list[tuple[Figure, str]] = []
    monkeypatch.setattr(report_module, "svg_of", lambda figure, prefix: figures.append((figure, prefix)) or "")
    data = read_report_data(warehouse, pages, report)
    timeline_chart(data.timeline, data.undated)
    network_chart(data.message_pairs, data.meeting_pairs)
    assert [prefix for _, prefix in figures] == ["timeline", "graph"]

    def without_clip_ids(svg: str) -> str:  # a hash of the clip box, which can differ in its last float digit
        return re.sub(r"-p[0-9a-f]{10}\b", "-clip", svg)

    for figure, prefix in figures:
        assert without_clip_ids(svg_of(figure, prefix)) == without_clip_ids(savefig_tight_svg(figure, prefix))


def networkx_network_chart(message_pairs: Counter, meeting_pairs: Counter) -> str:
    """The graph as networkx draws it, arrows and their labels included: what network_chart must reproduce."""
    graph = actor_graph(message_pairs, meeting_pairs)
    figure = Figure(figsize=(8, 7))
    axes = figure.subplots()
    axes.set_axis_off()
    layout = nx.circular_layout(graph)
    nodes = nx.draw_networkx_nodes(graph, layout, ax=axes, node_color="#f3f0e8", edgecolors="#555555",
                                   node_size=NODE_SIZE)  # fmt: skip
    nodes.set_gid("actors")
    messages = [(s, r) for s, r, kind in graph.edges(data="kind") if kind == "message"]
    meetings = [(a, b) for a, b, kind in graph.edges(data="kind") if kind == "meeting"]
    arrows = nx.draw_networkx_edges(
        graph, layout, ax=axes, edgelist=messages, edge_color=TYPE_COLOURS["message"], arrows=True,
        arrowsize=16, node_size=NODE_SIZE, connectionstyle=f"arc3,rad={ARC_RAD}",
        width=[1 + message_pairs[pair] for pair in messages],
    )  # fmt: skip
    for number, arrow in enumerate(arrows):
        arrow.set_gid(f"message-{number}")
    meeting_lines = nx.draw_networkx_edges(
        nx.Graph(meetings), layout, ax=axes, edgelist=meetings, edge_color=TYPE_COLOURS["meeting"],
        style="dashed", width=[1 + meeting_pairs[pair] for pair in meetings], node_size=NODE_SIZE,
    )  # fmt: skip
    meeting_lines.set_gid("meetings")
    names = {name: name.replace(" ", "\n", 1) for name in graph.nodes}
    nx.draw_networkx_labels(graph, layout, ax=axes, labels=names, font_size=8)
    labels = {pair: edge_label(message_pairs[pair]) for pair in messages}
    nx.draw_networkx_edge_labels(nx.DiGraph(messages), layout, ax=axes, edge_labels=labels,
                                 connectionstyle=f"arc3,rad={ARC_RAD}")  # fmt: skip
    return finish_network_chart(figure, axes, message_pairs, meetings)


@pytest.mark.parametrize("actors", [3, 14])
def test_network_chart_is_the_one_networkx_draws(actors: int) -> None:
    generator = random.Random(actors)
    names = [f"Actor {chr(65 + number)}" for number in range(actors)]
    pairs = [(a, b) for a in names for b in names if a != b]
    messages = Counter({pair: generator.randint(1, 4) for pair in generator.sample(pairs, len(pairs) * 2 // 3)})
    meetings = Counter({tuple(sorted(pair)): generator.randint(1, 3) for pair in generator.sample(pairs, actors)})
    assert network_chart(messages, meetings) == networkx_network_chart(messages, meetings)


def test_network_chart_draws_a_message_to_oneself_as_networkx_does() -> None:
    messages = Counter(
        {("Ana Ribeiro", "Ana Ribeiro"): 2, ("Ana Ribeiro", "Jan Kowalski"): 3, ("Jan Kowalski", "Ana Ribeiro"): 1}
    )
    chart = network_chart(messages, Counter({("Ana Ribeiro", "Jan Kowalski"): 1}))
    assert chart == networkx_network_chart(messages, Counter({("Ana Ribeiro", "Jan Kowalski"): 1}))
    svg = ET.fromstring(chart)
    arrows = {g.get("id") for g in svg.iter(f"{SVG_NAMESPACE}g") if re.fullmatch(r"graph-message-\d+", g.get("id", ""))}
    assert arrows == {"graph-message-0", "graph-message-1", "graph-message-2"}


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

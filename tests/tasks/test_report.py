"""`legation report`: the HTML report of the seed warehouse, its counts, its links, and how Chromium renders it."""

from __future__ import annotations

import base64
import html
import inspect
import io
import itertools
import os
import random
import re
import shutil
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import matplotlib.image
import networkx as nx
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.cli import main
from tasks import report as report_module
from tasks.report import (
    EVENT_ORDER,
    EVENT_TYPES,
    LATEST_STATEMENTS_SHOWN,
    NODE_RADIUS,
    NODE_SIZE,
    REPORT_ARTIFACT_KEY,
    TYPE_COLOURS,
    Timeline,
    actor_graph,
    build_report,
    edge_label,
    finish_network_chart,
    network_canvas,
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
# The page's column (the body's max-width, 1200px), in points: a chart no wider is shown at its own size.
PAGE_WIDTH_PT = 1200 * 0.75


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


# What a browser would trip on, checked without one -----------------------------------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class StrictHTML(HTMLParser):
    """Every element closed, in order (the report omits no end tag), and every id collected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id"]
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id"]

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else 'nothing'}> at {self.getpos()}")
        else:
            self.open.pop()


def page_links(page: str) -> list[str]:
    """The targets of the report's links to pages (not in-page anchors), their text fragments left off."""
    hrefs = [html.unescape(href) for href in re.findall(r'<a class="[^"]*" href="([^"]+)"', page)]
    return [href.split("#", 1)[0] for href in hrefs if not href.startswith("#")]


def link_target(report: Path, href: str) -> Path:
    """The file a link of the report opens: a file:// URI as it is, else relative to the report's folder."""
    parts = urlsplit(href)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    assert not parts.scheme and not parts.netloc, href
    return report.parent / unquote(parts.path)


def test_report_is_well_formed_without_a_browser(built: tuple[Path, Path, Path]) -> None:
    """What the Chromium test would catch as errors: a broken document, an SVG a browser cannot parse, an id
    referenced and missing (or twice there), a link to no file."""
    pages, _, report = built
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    parser = StrictHTML()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.open == []
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)
    assert len(svgs) == 2
    for svg in svgs:
        ET.fromstring(svg)  # raises on XML that is not well-formed
    duplicated = [name for name, count in Counter(parser.ids).items() if count > 1]
    assert parser.ids and duplicated == []
    references = re.findall(r'href="#(?!:~:)([^"]+)"', page) + re.findall(r"url\(#([^)]+)\)", page)
    assert references and set(references) <= set(parser.ids)
    links = page_links(page)
    assert links and all(link_target(report, link).is_file() for link in links)
    assert all(link_target(report, link).resolve().parent == pages.resolve() for link in links)


def test_tests_that_open_chromium_are_marked_browser_and_left_out_by_default() -> None:
    """The README's `pytest` must pass without Chromium: what needs it is marked and deselected; .ci/run runs it."""
    options = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "-m 'not browser'" in options["addopts"]
    assert any(marker.startswith("browser:") for marker in options["markers"])
    this_test = test_tests_that_open_chromium_are_marked_browser_and_left_out_by_default
    needs_chromium = [
        test
        for name, test in globals().items()
        if name.startswith("test_")
        and test is not this_test  # which names playwright, and opens nothing
        and ("chromium" in inspect.signature(test).parameters or "sync_playwright" in inspect.getsource(test))
    ]
    assert needs_chromium
    for test in needs_chromium:
        assert "browser" in {mark.name for mark in getattr(test, "pytestmark", [])}, test.__name__
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    readme_command = next(line for line in ci if line.startswith("python3 -m venv .venv"))
    assert ci.index(".venv/bin/pytest -m browser") > ci.index(readme_command)


# Links that survive a move -----------------------------------------------------------------------------------


def report_in(folder: Path, pages: Path, warehouse: Path, **options: object) -> Path:
    """A report in `folder`/out over a copy of the pages in `folder`/pages."""
    shutil.copytree(pages, folder / "pages")
    return build_report(warehouse, folder / "out" / "report.html", source_dir=folder / "pages", **options)


def row_links(page: str) -> list[list[str]]:
    """The page links of each event and statement row."""
    return [page_links(row) for row in table_rows(page, "events") + table_rows(page, "statements")]


def test_a_report_moved_alone_still_links_every_row_to_its_page(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    pages, warehouse, _ = built
    report = report_in(tmp_path / "project", pages, warehouse)
    elsewhere = tmp_path / "elsewhere" / "deeper"
    elsewhere.mkdir(parents=True)
    moved = Path(shutil.move(report, elsewhere / "report.html"))
    rows_links = row_links(moved.read_text(encoding="utf-8"))
    assert rows_links
    for links in rows_links:
        assert any(link_target(moved, link).is_file() for link in links), f"no link opens the row's page: {links}"
    # The file name's link is relative: the move broke it, and the row's "full path" link is the one that works.
    assert not link_target(moved, rows_links[0][0]).is_file()


def test_a_report_moved_with_its_pages_still_links_every_row_to_its_page(
    built: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    pages, warehouse, _ = built
    report_in(tmp_path / "project", pages, warehouse)
    moved = Path(shutil.move(tmp_path / "project", tmp_path / "renamed")) / "out" / "report.html"
    rows_links = row_links(moved.read_text(encoding="utf-8"))
    assert rows_links
    for links in rows_links:
        # The file name's relative link works; the absolute "full path" one points into the folder that moved.
        assert link_target(moved, links[0]).is_file() and not link_target(moved, links[1]).is_file(), links


def test_absolute_links_open_every_page_wherever_the_report_goes(
    built: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    pages, warehouse, _ = built
    report = report_in(tmp_path / "project", pages, warehouse, absolute_links=True)
    (tmp_path / "elsewhere").mkdir()
    moved = Path(shutil.move(report, tmp_path / "elsewhere" / "report.html"))
    page = moved.read_text(encoding="utf-8")
    links = page_links(page)
    assert links and all(link.startswith("file:///") for link in links)
    assert all(link_target(moved, link).is_file() for link in links)
    assert len(links) == len(row_links(page)), "one link a row: the file name's"


def test_the_environment_can_make_the_links_absolute(
    built: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, warehouse, _ = built
    monkeypatch.setenv("LEGATION_REPORT_ABSOLUTE_LINKS", "1")
    links = page_links(build_report(warehouse, tmp_path / "report.html", source_dir=pages).read_text(encoding="utf-8"))
    assert links and all(link.startswith("file:///") for link in links)
    # An explicit choice wins over the environment; a value that is no yes or no is refused, not guessed.
    report = build_report(warehouse, tmp_path / "report.html", source_dir=pages, absolute_links=False)
    assert any(not link.startswith("file:") for link in page_links(report.read_text(encoding="utf-8")))
    monkeypatch.setenv("LEGATION_REPORT_ABSOLUTE_LINKS", "sometimes")
    with pytest.raises(ValueError, match="LEGATION_REPORT_ABSOLUTE_LINKS"):
        build_report(warehouse, tmp_path / "report.html", source_dir=pages)


# Headers ----------------------------------------------------------------------------------------------------


def test_every_table_header_is_words(built: tuple[Path, Path, Path]) -> None:
    page = built[2].read_text(encoding="utf-8")
    headers = [html.unescape(header) for header in re.findall(r"<th>(.*?)</th>", page)]
    assert len(headers) == len(re.findall(r"<th\b", page)) > 0
    not_words = [header for header in headers if not re.fullmatch(r"[A-Z][a-z]*( [a-z]+)*", header)]
    assert not_words == [], "headers a reader sees must be words, not column names"
    sources = re.search(r'<table id="source-coverage"><thead><tr>(.*?)</tr>', page).group(1)
    assert re.findall(r"<th>(.*?)</th>", sources) == [
        "Outlet", "Pages", "Events", "Events first reported", "First page published", "Last page published",
    ]  # fmt: skip


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
    """The graph with its edges and their labels as networkx draws them: what network_chart must reproduce (the
    nodes and names are network_canvas's in both)."""
    graph = actor_graph(message_pairs, meeting_pairs)
    canvas = network_canvas(graph)
    axes, layout = canvas.axes, canvas.layout
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
    labels = {pair: edge_label(message_pairs[pair]) for pair in messages}
    nx.draw_networkx_edge_labels(nx.DiGraph(messages), layout, ax=axes, edge_labels=labels,
                                 connectionstyle=f"arc3,rad={ARC_RAD}")  # fmt: skip
    return finish_network_chart(canvas.figure, axes, message_pairs, meetings)


@pytest.mark.parametrize("actors", [3, 14, 30])
def test_network_chart_is_the_one_networkx_draws(actors: int) -> None:
    messages, meetings = random_network(actors)
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


# The network's names ----------------------------------------------------------------------------------------

# Thirty actors as pages name them: long names, particles, hyphens.
ACTOR_NAMES = [
    "Mohammed bin Salman Al Saud", "Abdel Fattah el-Sisi", "Antonio Guterres", "Ursula von der Leyen",
    "Recep Tayyip Erdogan", "Luiz Inacio Lula da Silva", "Cyril Ramaphosa", "Narendra Modi", "Vladimir Putin",
    "Xi Jinping", "Kim Jong Un", "Sergei Lavrov", "Wang Yi", "Emmanuel Macron", "Olaf Scholz", "Fumio Kishida",
    "Yoon Suk Yeol", "Tamim bin Hamad Al Thani", "Mohamed bin Zayed Al Nahyan", "Ebrahim Raisi",
    "Hossein Amir-Abdollahian", "Joko Widodo", "Anwar Ibrahim", "Shavkat Mirziyoyev", "Kassym-Jomart Tokayev",
    "Alexander Lukashenko", "Ilham Aliyev", "Nikol Pashinyan", "Andres Manuel Lopez Obrador", "Sheikh Hasina Wajed",
]  # fmt: skip
MIN_LABEL_POINTS = 7


def random_network(actors: int) -> tuple[Counter, Counter]:
    """(message pairs, meeting pairs) among the first `actors` names, the same every time."""
    generator = random.Random(actors)
    names = ACTOR_NAMES[:actors]
    pairs = [(a, b) for a in names for b in names if a != b]
    chosen = generator.sample(pairs, min(len(pairs) * 2 // 3, 60))
    messages = Counter({pair: generator.randint(1, 4) for pair in chosen})
    meetings = Counter({tuple(sorted(pair)): generator.randint(1, 3) for pair in generator.sample(pairs, actors)})
    return messages, meetings


def style_of(element: ET.Element) -> dict[str, str]:
    parts = (part.split(":", 1) for part in (element.get("style") or "").split(";") if ":" in part)
    return {key.strip(): value.strip() for key, value in parts}


def text_box(line: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a <text> line in the SVG's units, measured with its font's glyphs (around
    the turned glyphs when the line is turned)."""
    style = style_of(line)
    size = float(style["font-size"].removesuffix("px"))
    family = style["font-family"].split(",")[0].strip("' ")
    width, height, descent = TextToPath().get_text_width_height_descent(
        line.text, FontProperties(family=family, size=size), ismath=False
    )
    left = float(line.get("x", 0)) - {"start": 0, "middle": 0.5, "end": 1}[style.get("text-anchor", "start")] * width
    top = float(line.get("y", 0)) - (height - descent)
    corners = [(left, top), (left + width, top), (left, top + height), (left + width, top + height)]
    xs, ys = zip(*svg_transform(line.get("transform", "")).transform(corners), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def svg_transform(transform: str) -> Affine2D:
    """An SVG transform list of translations and rotations (what matplotlib writes for text)."""
    affine = Affine2D()
    for name, numbers in reversed(re.findall(r"(\w+)\(([^)]*)\)", transform)):  # the rightmost applies first
        values = [float(number) for number in numbers.replace(",", " ").split()]
        if name == "translate":
            affine.translate(values[0], values[1] if len(values) > 1 else 0)
        else:
            assert name == "rotate", transform
            centre = values[1:] or [0.0, 0.0]
            affine.rotate_deg_around(centre[0], centre[1], values[0])
    return affine


def union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def actor_labels(svg: ET.Element, names: list[str]) -> dict[str, ET.Element]:
    """Each actor's name as drawn: the group whose text lines, read in order, spell it (the innermost one)."""
    found = {}
    for element in svg.iter(f"{SVG_NAMESPACE}g"):
        lines = [" ".join((line.text or "").split()) for line in element.iter(f"{SVG_NAMESPACE}text")]
        if " ".join(lines) in names:
            found[" ".join(lines)] = element
    return found


def label_boxes(svg: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Each of ACTOR_NAMES's box in the chart, once it is checked to be there in full, level and at least
    MIN_LABEL_POINTS (the SVG's units are points)."""
    labels = actor_labels(svg, ACTOR_NAMES)
    assert sorted(labels) == sorted(ACTOR_NAMES), "every actor is named once, in full"
    lines = {name: list(label.iter(f"{SVG_NAMESPACE}text")) for name, label in labels.items()}
    for name, found in lines.items():
        matrices = [svg_transform(line.get("transform", "")).get_matrix() for line in found]
        assert all(np.allclose(matrix[:2, :2], np.eye(2)) for matrix in matrices), f"{name!r} is not level"
        assert min(float(style_of(line)["font-size"].removesuffix("px")) for line in found) >= MIN_LABEL_POINTS
    return {name: union([text_box(line) for line in found]) for name, found in lines.items()}


def covers_a_node(box: tuple[float, float, float, float], nodes: list[tuple[float, float]]) -> bool:
    left, top, right, bottom = box
    nearest = [(min(max(x, left), right), min(max(y, top), bottom)) for x, y in nodes]
    return any(np.hypot(x - nx_, y - ny_) <= NODE_RADIUS for (x, y), (nx_, ny_) in zip(nodes, nearest, strict=True))


def test_thirty_long_names_are_readable_apart_and_inside_the_network_chart() -> None:
    svg = ET.fromstring(network_chart(*random_network(30)))
    _, _, width, height = (float(value) for value in svg.get("viewBox").split())
    boxes = label_boxes(svg)
    overlapping = [
        (a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2) if overlap(box_a, box_b)
    ]
    assert overlapping == []
    outside = [name for name, (left, top, right, bottom) in boxes.items()
               if left < 0 or top < 0 or right > width or bottom > height]  # fmt: skip
    assert outside == []
    labels = actor_labels(svg, ACTOR_NAMES)
    assert [name for name, label in labels.items() if any(part.get("clip-path") for part in label.iter())] == [], (
        "no name is cut at the edge of the axes"
    )
    # Nor does a name cover another text (the title, the legend, a count) or a node.
    named = {id(line) for label in labels.values() for line in label.iter()}
    others = [text_box(line) for line in svg.iter(f"{SVG_NAMESPACE}text") if id(line) not in named]
    assert others and [name for name, box in boxes.items() if any(overlap(box, o) for o in others)] == []
    nodes = [(float(u.get("x")), float(u.get("y"))) for u in group(svg, "graph-actors").iter(f"{SVG_NAMESPACE}use")]
    assert len(nodes) == 30 and [name for name, box in boxes.items() if covers_a_node(box, nodes)] == []
    assert width <= PAGE_WIDTH_PT, "at 30 actors the chart fits the page's column, shown at its own size"


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


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium. A test that needs it is marked `browser` (left out of the default run) and, when run,
    fails without it rather than skip: `.venv/bin/pytest -m browser` must not pass by testing nothing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (`sudo apt-get install -y chromium`; .ci/run does it)"
        )
    return CHROMIUM


@pytest.mark.browser
def test_report_opens_in_headless_chromium_without_errors(
    built: tuple[Path, Path, Path], tmp_path: Path, chromium: Path
) -> None:
    from playwright.sync_api import sync_playwright

    _, warehouse, report = built
    messages, errors, requests = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
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

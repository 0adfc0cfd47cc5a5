"""`legation report`: one self-contained HTML page of the warehouse, to open with no network.

It reads the published warehouse read-only (the `reports` and `marts` tables) and writes a single file: charts
are drawn by matplotlib and inlined as SVG, the CSS is inline, and nothing is fetched (no script, font or image
from elsewhere). Every table row links to the page it was read from and shows the sentence it came from.

Each row's page is linked by a path relative to the report (the report and the pages folder can be moved
together) and, beside it, by its absolute file:// URI (the report alone can be moved on this machine); with
absolute_links (or LEGATION_REPORT_ABSOLUTE_LINKS=1) the file name itself links to the absolute URI.

It is rebuilt after every run that writes the warehouse, so its cost must not grow with the pages as a whole:
DuckDB counts and ranks, Python fetches only what is drawn or listed (the events table lists the latest
EVENTS_SHOWN events and says how to query the rest), and the timeline draws its points as one picture when
there are thousands of them.
"""

from __future__ import annotations

import html
import io
import math
import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import duckdb
import matplotlib
import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from prefect import task
from prefect.artifacts import create_link_artifact
from prefect.cache_policies import NO_CACHE

from flows.settings import resolve_source_dir
from schemas.event_types import EVENT_TYPE_NAMES as EVENT_TYPES
from tasks.folder import file_of_page
from tasks.report_arcs import ARC_RAD, ArcLabel, ClippedArc3

TYPE_COLOURS = {"message": "#1f77b4", "meeting": "#d62728", "statement": "#2ca02c"}
LATEST_STATEMENTS_SHOWN = 20
# The events table lists at most this many (the latest); `legation query` gives the rest.
EVENTS_SHOWN = 1000
# Above this many dated events the timeline's points are one embedded PNG instead of an SVG element each.
MAX_VECTOR_POINTS = 1000
RASTER_DPI = 144  # that picture's resolution: two pixels per point, sharp on high-density screens
NODE_SIZE = 400  # a node's marker area (points squared), as networkx sizes it; the actor's name is beside it
# Arrows stop at the node's edge: networkx's margin for a round marker of NODE_SIZE (points squared).
NODE_RADIUS = math.sqrt(NODE_SIZE) / 2
ARROW_SIZE = 16
# The actors' names: never smaller than this (points), on lines of about LABEL_WRAP characters, words kept whole,
# LABEL_GAP points from their node and from each other. The circle of actors grows until no two names touch.
LABEL_FONT_SIZE = 8
LABEL_WRAP = 14
LABEL_GAP = 4.0
MIN_CIRCLE_RADIUS = 140.0  # points: the circle of a few actors
FRAME_PAD = 6.0  # points around the nodes and names
ABSOLUTE_LINKS_VARIABLE = "LEGATION_REPORT_ABSOLUTE_LINKS"
REPORT_ARTIFACT_KEY = "legation-report"
EVENT_ORDER = "event_date NULLS LAST, event_type, actors, event_id"

# Text stays text (smaller, selectable, findable); a fixed salt keeps the SVG identical run to run.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "legation", "font.family": "sans-serif"})


Pairs = Counter[tuple[str, str]]  # (actor name, actor name) -> how many events


@dataclass(frozen=True)
class Page:
    file_name: str
    href: str  # the link on the file name: relative to the report's folder, or an absolute file:// URI
    full_path: str | None = None  # beside a relative href, the absolute file:// URI, for a report moved on its own


@dataclass(frozen=True)
class Timeline:
    """Every dated event, in drawing order (by date): its type, day, place in its day's stack and date source."""

    kinds: np.ndarray  # event_type
    days: np.ndarray  # datetime64
    stack: np.ndarray  # 0 for the first event of its type that day, 1 for the next...
    own_dates: np.ndarray  # True: the event's own date; False: its page's


@dataclass(frozen=True)
class ReportData:
    counts: Counter[str]  # events per type, all of them
    undated: int
    span: tuple[date, date] | None  # first and last event_date; None if no event is dated
    page_count: int
    timeline: Timeline
    events: list[dict]  # the latest EVENTS_SHOWN of reports.event_timeline, oldest first, undated last
    statements: list[dict]  # the latest statements, newest first
    message_pairs: Pairs  # (sender name, recipient name) -> messages
    meeting_pairs: Pairs  # (name, name) in name order -> meetings
    actors: list[dict]  # reports.actor_summary
    sources: list[dict]  # reports.source_coverage

    @property
    def event_total(self) -> int:
        return sum(self.counts.values())


def records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    relation = con.sql(sql)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def resolve_absolute_links(absolute_links: bool | None) -> bool:
    """Whether the file names link to absolute file:// URIs: the argument, else $LEGATION_REPORT_ABSOLUTE_LINKS
    (1 or 0), else no."""
    if absolute_links is not None:
        return absolute_links
    setting = os.environ.get(ABSOLUTE_LINKS_VARIABLE, "").strip().lower()
    if setting in ("", "0", "false", "no"):
        return False
    if setting in ("1", "true", "yes"):
        return True
    raise ValueError(f"{ABSOLUTE_LINKS_VARIABLE} must be 1 or 0, not {setting!r}")


def link_pages(rows: list[dict], source_dir: Path, output: Path, absolute: bool = False) -> None:
    """Give each row the `page` its columns page_file_name and page_source_path name.

    No single link survives every move: a relative one breaks when the report moves without the pages, an
    absolute one when both move (another machine, a renamed folder). So by default a row has both; `absolute`
    keeps the absolute one only, on the file name.
    """
    source_root, report_dir = source_dir.resolve(), output.parent.resolve()
    for row in rows:
        # A page inside a JSON lines file or a web archive links to that file.
        target = source_root / file_of_page(row["page_source_path"] or row["page_file_name"], row["page_record_id"])
        if absolute:
            row["page"] = Page(file_name=row["page_file_name"], href=target.as_uri())
        else:
            relative = quote(Path(os.path.relpath(target, report_dir)).as_posix())
            row["page"] = Page(file_name=row["page_file_name"], href=relative, full_path=target.as_uri())


def latest_events(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The EVENTS_SHOWN latest events (the table's last dated rows; undated ones only if too few are dated),
    in the table's order, each with its first page."""
    return records(
        con,
        f"""
        SELECT t.*, d.file_name AS page_file_name, d.source_path AS page_source_path,
               d.record_id AS page_record_id
        FROM (
            SELECT * FROM reports.event_timeline
            ORDER BY event_date DESC NULLS LAST, event_type DESC, actors DESC, event_id DESC
            LIMIT {EVENTS_SHOWN}
        ) AS t
        JOIN marts.dim_documents AS d ON d.document_id = t.first_document_id
        ORDER BY {EVENT_ORDER}
        """,
    )


def latest_statements(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return records(
        con,
        f"""
        SELECT t.*, s.quote, s.text, d.file_name AS page_file_name, d.source_path AS page_source_path,
               d.record_id AS page_record_id
        FROM reports.event_timeline AS t
        JOIN marts.fct_statements AS s ON s.statement_id = t.event_id
        JOIN marts.dim_documents AS d ON d.document_id = t.first_document_id
        ORDER BY t.event_date DESC NULLS LAST, t.actors, t.event_id
        LIMIT {LATEST_STATEMENTS_SHOWN}
        """,
    )


def read_timeline(con: duckdb.DuckDBPyConnection) -> Timeline:
    # Four columns as numpy arrays: every event's row as a dict took 2.8 s of the report at 10,000 pages.
    columns = con.execute(
        f"""
        SELECT
            event_type,
            event_date,
            coalesce(date_source = 'event', false) AS own_date,
            row_number() OVER (PARTITION BY event_type, event_date ORDER BY actors, event_id) - 1 AS stack
        FROM reports.event_timeline
        WHERE event_date IS NOT NULL
        ORDER BY {EVENT_ORDER}
        """
    ).fetchnumpy()
    return Timeline(columns["event_type"], columns["event_date"], columns["stack"], columns["own_date"])


def read_pairs(con: duckdb.DuckDBPyConnection) -> tuple[Pairs, Pairs]:
    messages = con.execute(
        """
        SELECT s.name, r.name, count(*)
        FROM marts.fct_messages AS m
        JOIN marts.dim_actors AS s ON s.actor_id = m.sender_id
        JOIN marts.dim_actors AS r ON r.actor_id = m.recipient_id
        GROUP BY ALL
        """
    ).fetchall()
    meetings = con.execute(
        """
        SELECT actor_a_name, actor_b_name, sum(event_count)
        FROM reports.monthly_activity
        WHERE event_type = 'meeting'
        GROUP BY ALL
        """
    ).fetchall()
    return Counter({(a, b): n for a, b, n in messages}), Counter({(a, b): n for a, b, n in meetings})


def read_counts(con: duckdb.DuckDBPyConnection) -> tuple[Counter[str], int, tuple[date, date] | None]:
    """Events per type, how many are undated, and the first and last event_date (None if none is dated)."""
    counts = con.execute("SELECT event_type, count(*) FROM reports.event_timeline GROUP BY ALL").fetchall()
    first, last, undated = con.execute(
        "SELECT min(event_date), max(event_date), count(*) FILTER (WHERE event_date IS NULL) "
        "FROM reports.event_timeline"
    ).fetchone()
    return Counter(dict(counts)), undated, (first, last) if first is not None else None


def read_report_data(warehouse: Path, source_dir: Path, output: Path, absolute_links: bool = False) -> ReportData:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        counts, undated, span = read_counts(con)
        page_count = con.execute("SELECT count(*) FROM marts.dim_documents").fetchone()[0]
        timeline = read_timeline(con)
        events, statements = latest_events(con), latest_statements(con)
        message_pairs, meeting_pairs = read_pairs(con)
        actors = records(con, "SELECT * FROM reports.actor_summary ORDER BY event_count DESC, name")
        sources = records(con, "SELECT * FROM reports.source_coverage ORDER BY page_count DESC, outlet NULLS LAST")
    link_pages(events + statements, source_dir, output, absolute_links)
    return ReportData(
        counts, undated, span, page_count, timeline, events, statements, message_pairs, meeting_pairs, actors, sources
    )


# Charts ---------------------------------------------------------------------------------------------------------


@contextmanager
def svg_renderer(figure: Figure) -> Iterator[RendererSVG]:
    """A renderer that measures the figure's artists as the SVG backend draws them, in points."""
    dpi = figure.dpi
    figure.dpi = 72  # as the SVG backend sets it: its units are points
    try:
        width, height = figure.get_size_inches()
        yield RendererSVG(width * 72, height * 72, io.StringIO())
    finally:
        figure.dpi = dpi


def tight_bbox(figure: Figure) -> Bbox:
    """What savefig(bbox_inches="tight") crops to, measured without the extra draw it makes first.

    savefig draws the whole figure once, output discarded, before measuring: for layout engines and artists
    placed while drawing. These charts have neither, and what they plot is clipped to the axes, which leaves it
    out of the measure; that extra draw was a third of the charts' time. The SVG is the same.
    """
    with svg_renderer(figure) as renderer:
        return figure.get_tightbbox(renderer).padded(matplotlib.rcParams["savefig.pad_inches"])


def svg_of(figure: Figure, prefix: str) -> str:
    """The figure as an inline <svg> element; its ids get a prefix so that several charts can share one page."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches=tight_bbox(figure), metadata={"Date": None}, dpi=RASTER_DPI)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return re.sub(r"#([\w.-]+)", lambda m: f"#{prefix}-{m.group(1)}" if m.group(1) in ids else m.group(0), svg)


def stacked_positions(timeline: Timeline) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per event type: each dated event's day, its height (one day's events stack) and whether the day is its own."""
    # A day's stack stays within its type's row, however many events it holds.
    step = min(0.15, 0.75 / (int(timeline.stack.max()) + 1 if timeline.stack.size else 1))
    positions = {}
    for row, kind in enumerate(EVENT_TYPES):
        mine = timeline.kinds == kind
        positions[kind] = (timeline.days[mine], row + step * timeline.stack[mine], timeline.own_dates[mine])
    return positions


def fill_colours(own_dates: np.ndarray, colour: str) -> np.ndarray:
    # Hollow points are dated by their page, not by the event itself.
    return np.where(own_dates[:, np.newaxis], np.array(to_rgba(colour)), np.array(to_rgba("white")))


def timeline_chart(timeline: Timeline, undated: int) -> str:
    figure = Figure(figsize=(9, 3.2))
    axes = figure.subplots()
    # matplotlib writes each point of an SVG scatter in Python, about 0.2 ms apiece: past MAX_VECTOR_POINTS the
    # points (not the axes, labels or legend) are drawn into one PNG instead, in the same order, so they look
    # the same; Agg draws them at about 20 µs apiece.
    rasterized = timeline.days.size > MAX_VECTOR_POINTS
    for kind, (days, heights, own_dates) in stacked_positions(timeline).items():
        colour = TYPE_COLOURS[kind]
        points = axes.scatter(
            days if days.size else [],  # an empty date array would still turn the axis into dates
            heights,
            s=42,
            edgecolors=colour,
            facecolors=fill_colours(own_dates, colour),
            label=f"{kind} ({days.size})",
            zorder=3,
            rasterized=rasterized,
        )
        points.set_gid(kind)
    axes.set_yticks(range(len(EVENT_TYPES)), EVENT_TYPES)
    axes.set_ylim(-0.4, len(EVENT_TYPES) - 0.1)
    axes.grid(axis="x", color="#dddddd", zorder=0)
    axes.set_title(f"Dated events by type (filled: the event's own date; hollow: its page's date); undated: {undated}")
    axes.legend(loc="upper left", fontsize="small")
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return svg_of(figure, "timeline")


def actor_graph(message_pairs: Pairs, meeting_pairs: Pairs) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(sorted({name for pair in [*message_pairs, *meeting_pairs] for name in pair}))
    for (sender, recipient), count in sorted(message_pairs.items()):
        graph.add_edge(sender, recipient, kind="message", count=count)
    for (a, b), count in sorted(meeting_pairs.items()):
        graph.add_edge(a, b, kind="meeting", count=count)
    return graph


def edge_label(count: int) -> str:
    return str(count) if count > 1 else ""


def has_loops(messages: list[tuple[str, str]]) -> bool:
    """Whether someone messaged themselves (a misreading, most likely): networkx draws that as a loop sized by the
    whole graph, so a graph with one is left to networkx entirely, at its own speed."""
    return any(sender == recipient for sender, recipient in messages)


def message_arrow(start: np.ndarray, end: np.ndarray, width: float) -> FancyArrowPatch:
    """The arrow networkx.draw_networkx_edges draws, with the faster clipping."""
    return FancyArrowPatch(
        start, end, arrowstyle="-|>", shrinkA=NODE_RADIUS, shrinkB=NODE_RADIUS, mutation_scale=ARROW_SIZE,
        color=TYPE_COLOURS["message"], linewidth=width, connectionstyle=ClippedArc3(rad=ARC_RAD),
        linestyle="solid", zorder=1,
    )  # fmt: skip


def add_arrows(axes: Axes, layout: dict, messages: list[tuple[str, str]], widths: list[int]) -> list[FancyArrowPatch]:
    """What networkx.draw_networkx_edges adds for these edges (its widening of the view is moot: the frame is set)."""
    return [
        axes.add_patch(message_arrow(layout[sender], layout[recipient], width))
        for (sender, recipient), width in zip(messages, widths, strict=True)
    ]


def draw_messages(axes: Axes, layout: dict, message_pairs: Pairs, messages: list[tuple[str, str]]) -> None:
    """Solid arrows from sender to recipient, as wide as the messages are many."""
    widths = [1 + message_pairs[pair] for pair in messages]
    if has_loops(messages):
        arrows = nx.draw_networkx_edges(
            nx.MultiDiGraph(messages), layout, ax=axes, edgelist=messages, edge_color=TYPE_COLOURS["message"],
            arrows=True, arrowsize=ARROW_SIZE, node_size=NODE_SIZE, connectionstyle=f"arc3,rad={ARC_RAD}",
            width=widths,
        )  # fmt: skip
    else:
        arrows = add_arrows(axes, layout, messages, widths)
    for number, arrow in enumerate(arrows):
        arrow.set_gid(f"message-{number}")


def label_messages(axes: Axes, layout: dict, message_pairs: Pairs, messages: list[tuple[str, str]]) -> None:
    """How many messages an arrow stands for, when two or more, on its middle."""
    labels = {pair: edge_label(message_pairs[pair]) for pair in messages}
    if has_loops(messages):
        nx.draw_networkx_edge_labels(
            nx.DiGraph(messages), layout, ax=axes, edge_labels=labels, connectionstyle=f"arc3,rad={ARC_RAD}"
        )
        return
    for (sender, recipient), label in labels.items():
        if label:  # networkx's empty labels draw nothing
            axes.add_artist(ArcLabel(layout[sender], layout[recipient], label))  # which gives it data coordinates


def actor_label(name: str) -> str:
    """The name on lines of about LABEL_WRAP characters or fewer, as even as the words allow, every word kept and
    whole: long names grow downwards, not sideways ("Antonio / Jong Un", not "Antonio Jong / Un")."""
    lines = max(1, math.ceil(len(name) / LABEL_WRAP))
    width = max(1, math.ceil(len(name) / lines))
    while len(wrapped := textwrap.wrap(name, width, break_long_words=False, break_on_hyphens=False)) > lines:
        width += 1
    return "\n".join(wrapped)


def node_directions(graph: nx.MultiDiGraph) -> np.ndarray:
    """Each node's direction from the centre of the circle, in node order (down for a lone node, at the centre)."""
    layout = nx.circular_layout(graph)
    directions = np.array([layout[name] for name in graph.nodes], dtype=float).reshape(-1, 2)
    lengths = np.hypot(directions[:, 0], directions[:, 1])
    directions[lengths == 0] = (0.0, -1.0)
    return directions / np.hypot(directions[:, 0], directions[:, 1])[:, np.newaxis]


def text_sizes(figure: Figure, texts: list[Text]) -> np.ndarray:
    """Width and height of each text, in points."""
    with svg_renderer(figure) as renderer:
        return np.array([(box.width, box.height) for box in (text.get_window_extent(renderer) for text in texts)])


def label_centres(directions: np.ndarray, sizes: np.ndarray, radius: float) -> np.ndarray:
    """Where each name is centred: wholly beyond the line that touches its node's far side (plus LABEL_GAP),
    across the radius. Every node and line of the graph lies on the near side of it, so no name covers one."""
    reach = np.abs(directions[:, 0]) * sizes[:, 0] / 2 + np.abs(directions[:, 1]) * sizes[:, 1] / 2
    return directions * (radius + NODE_RADIUS + LABEL_GAP + reach)[:, np.newaxis]


def labels_overlap(centres: np.ndarray, sizes: np.ndarray) -> bool:
    """Whether any two names' boxes, each grown by half of LABEL_GAP, overlap."""
    half = sizes / 2 + LABEL_GAP / 2
    apart = np.abs(centres[:, np.newaxis, :] - centres[np.newaxis, :, :])
    reach = half[:, np.newaxis, :] + half[np.newaxis, :, :]
    overlap = np.all(apart < reach, axis=-1)
    np.fill_diagonal(overlap, False)
    return bool(overlap.any())


def circle_radius(directions: np.ndarray, sizes: np.ndarray) -> float:
    """The smallest radius (in 5 % steps) at which no two names overlap; nodes at least a node's width apart.

    Names move apart as the circle grows, as no two nodes share a direction: the loop ends."""
    radius = MIN_CIRCLE_RADIUS
    if len(directions) > 1:  # a chord between neighbours of at least two node widths leaves room for the arrows
        radius = max(radius, 2 * NODE_RADIUS / math.sin(math.pi / len(directions)))
    while labels_overlap(label_centres(directions, sizes, radius), sizes):
        radius *= 1.05
    return radius


def fit_frame(figure: Figure, axes: Axes, corners: np.ndarray) -> None:
    """Size the figure to hold every corner, one data unit to the point: names drawn at their size, never scaled."""
    (x0, y0), (x1, y1) = corners.min(axis=0) - FRAME_PAD, corners.max(axis=0) + FRAME_PAD
    figure.set_size_inches((x1 - x0) / 72, (y1 - y0) / 72)
    axes.set_xlim(x0, x1)  # which also turns autoscaling off: drawing the edges leaves the frame alone
    axes.set_ylim(y0, y1)


@dataclass(frozen=True)
class NetworkCanvas:
    figure: Figure
    axes: Axes
    layout: dict[str, np.ndarray]  # each actor's node, in points from the circle's centre


def network_canvas(graph: nx.MultiDiGraph) -> NetworkCanvas:
    """The actors on a circle, each named beside its node, in a figure as large as the names need."""
    figure = Figure()
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    labels = [
        axes.text(0, 0, actor_label(name), fontsize=LABEL_FONT_SIZE, ha="center", va="center", clip_on=False,
                  gid=f"actor-label-{number}")
        for number, name in enumerate(graph.nodes)
    ]  # fmt: skip
    directions, sizes = node_directions(graph), text_sizes(figure, labels)
    radius = circle_radius(directions, sizes)
    centres = label_centres(directions, sizes, radius)
    for label, centre in zip(labels, centres, strict=True):
        label.set_position(centre)
    nodes = directions * radius if graph.number_of_nodes() > 1 else np.zeros((1, 2))
    corners = np.vstack([nodes - NODE_RADIUS, nodes + NODE_RADIUS, centres - sizes / 2, centres + sizes / 2])
    fit_frame(figure, axes, corners)
    layout = dict(zip(graph.nodes, nodes, strict=True))
    drawn = nx.draw_networkx_nodes(graph, layout, ax=axes, node_color="#f3f0e8", edgecolors="#555555",
                                   node_size=NODE_SIZE)  # fmt: skip
    drawn.set_gid("actors")
    return NetworkCanvas(figure, axes, layout)


def network_chart(message_pairs: Pairs, meeting_pairs: Pairs) -> str:
    graph = actor_graph(message_pairs, meeting_pairs)
    if graph.number_of_nodes() == 0:
        figure = Figure(figsize=(8, 7))
        axes = figure.subplots()
        axes.set_axis_off()
        axes.text(0.5, 0.5, "no messages or meetings", ha="center")
        return svg_of(figure, "graph")
    canvas = network_canvas(graph)
    axes, layout = canvas.axes, canvas.layout
    messages = [(s, r) for s, r, kind in graph.edges(data="kind") if kind == "message"]
    meetings = [(a, b) for a, b, kind in graph.edges(data="kind") if kind == "meeting"]
    # Messages curve, so that A->B and B->A stay two arrows; meetings are straight dashed lines.
    if messages:
        draw_messages(axes, layout, message_pairs, messages)
    if meetings:  # networkx returns a plain list, not a collection, for no edges
        meeting_lines = nx.draw_networkx_edges(
            nx.Graph(meetings), layout, ax=axes, edgelist=meetings, edge_color=TYPE_COLOURS["meeting"],
            style="dashed", width=[1 + meeting_pairs[pair] for pair in meetings], node_size=NODE_SIZE,
        )  # fmt: skip
        meeting_lines.set_gid("meetings")
    label_messages(axes, layout, message_pairs, messages)
    return finish_network_chart(canvas.figure, axes, message_pairs, meetings)


def finish_network_chart(figure: Figure, axes: Axes, message_pairs: Pairs, meetings: list[tuple[str, str]]) -> str:
    """The chart's title above and legend below (outside the frame, clear of the names); the chart as SVG."""
    axes.set_title(
        f"Who messaged (solid arrows, {sum(message_pairs.values())}) or met (dashed, {len(meetings)} pairs) whom"
    )
    axes.legend(
        handles=[
            Line2D([], [], color=TYPE_COLOURS["message"], label="message (sender to recipient)"),
            Line2D([], [], color=TYPE_COLOURS["meeting"], linestyle="dashed", label="meeting"),
        ],
        loc="upper center", bbox_to_anchor=(0.5, 0), ncols=2, fontsize="small", title="line width: how many",
        title_fontsize="small",
    )  # fmt: skip
    return svg_of(figure, "graph")


# Tables ---------------------------------------------------------------------------------------------------------


def text_fragment(sentence: str) -> str:
    """A URL text fragment for the sentence's first words: browsers that support it scroll to it on the page."""
    words = sentence.split()[:8]
    # A dash is syntax in a text fragment (prefix-, -suffix): inside the words it must be percent-encoded.
    return "#:~:text=" + quote(" ".join(words), safe="").replace("-", "%2D")


def source_cell(page: Page, sentence: str, sentence_index: int) -> str:
    fragment = text_fragment(sentence)
    full_path = (
        f' <a class="full-path muted" href="{html.escape(page.full_path)}{fragment}">full path</a>'
        if page.full_path
        else ""
    )
    return (
        f'<a class="page" href="{html.escape(page.href)}{fragment}">{html.escape(page.file_name)}</a>{full_path}'
        f' <span class="muted">sentence {sentence_index + 1}</span>'
        f'<blockquote class="evidence">{html.escape(sentence)}</blockquote>'
    )


def first_source(event: dict) -> str:
    return source_cell(event["page"], event["first_evidence"], event["first_sentence_index"])


def date_cell(event: dict) -> str:
    if event["event_date"] is None:
        return '<span class="muted">undated</span>'
    note = ' <span class="muted" title="the page\'s date: the text gives none">(page)</span>'
    return f"{event['event_date'].isoformat()}{note if event['date_source'] == 'page' else ''}"


def event_rows(events: list[dict]) -> str:
    return "\n".join(
        f'<tr class="event {event["event_type"]}" data-event-id="{event["event_id"]}">'
        f"<td>{date_cell(event)}</td>"
        f'<td><span class="tag {event["event_type"]}">{event["event_type"]}</span></td>'
        f"<td>{html.escape(event['actors'] or '')}</td>"
        f"<td>{html.escape(event['detail'] or '')}</td>"
        f"<td>{first_source(event)}</td>"
        f'<td class="number">{event["page_count"]}</td></tr>'
        for event in events
    )


def said(statement: dict) -> str:
    if statement["quote"]:
        return f'<q class="quote">{html.escape(statement["quote"])}</q>'
    return f'<span class="indirect">{html.escape(statement["text"] or "")}</span>'


def statement_rows(statements: list[dict]) -> str:
    return "\n".join(
        f'<tr class="statement" data-event-id="{s["event_id"]}">'
        f"<td>{date_cell(s)}</td><td>{html.escape(s['actors'])}</td><td>{said(s)}</td>"
        f"<td>{first_source(s)}</td></tr>"
        for s in statements
    )


def plain_rows(rows: list[dict], columns: dict[str, str], row_class: str) -> str:
    def shown(value: object) -> str:
        return '<span class="muted">—</span>' if value is None else html.escape(str(value))

    return "\n".join(
        f'<tr class="{row_class}">' + "".join(f"<td>{shown(row[column])}</td>" for column in columns) + "</tr>"
        for row in rows
    )


def table(table_id: str, headers: list[str], rows: str) -> str:
    head = "".join(f"<th>{html.escape(header)}</th>" for header in headers)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>\n{rows}\n</tbody></table>'


# The page -------------------------------------------------------------------------------------------------------

# The columns the plain tables show, each under the header a reader sees (words, not column names).
ACTOR_COLUMNS = {
    "name": "Name", "actor_type": "Type", "messages_sent": "Messages sent", "messages_received": "Messages received",
    "meetings": "Meetings", "statements": "Statements", "first_seen_on": "First seen", "last_seen_on": "Last seen",
}  # fmt: skip
SOURCE_COLUMNS = {
    "outlet": "Outlet", "page_count": "Pages", "event_count": "Events", "first_reported_count": "Events first reported",
    "first_published_on": "First page published", "last_published_on": "Last page published",
}  # fmt: skip

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto;
       max-width: 1200px; padding: 0 1rem; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.summary { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.summary div { background: #f6f6f2; border-radius: 6px; padding: 0.6rem 1rem; }
.summary b { display: block; font-size: 1.6rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
/* The network chart is as large as its names need: it scrolls rather than shrink them. */
#network-chart { overflow-x: auto; } #network-chart svg { max-width: none; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #fafafa; position: sticky; top: 0; }
td.number { text-align: right; } td:first-child { white-space: nowrap; }
.muted { color: #777; font-size: 0.85em; }
.evidence { margin: 0.25rem 0 0 0; padding-left: 0.6rem; border-left: 3px solid #ccc; color: #555; font-size: 0.85em; }
.tag { border-radius: 3px; padding: 0 0.35rem; color: white; font-size: 0.8em; }
.tag.message { background: #1f77b4; } .tag.meeting { background: #d62728; } .tag.statement { background: #2ca02c; }
.indirect { font-style: italic; }
"""


def summary_boxes(data: ReportData) -> str:
    boxes = [(f"{data.counts[kind]}", f"{kind}s") for kind in EVENT_TYPES]
    boxes += [(str(data.page_count), "pages"), (str(len(data.actors)), "actors")]
    return "".join(f'<div id="count-{label}"><b>{value}</b>{label}</div>' for value, label in boxes)


def events_section(data: ReportData) -> str:
    """The events table, with what it leaves out said when it cannot list them all."""
    event_table = table("events", ["Date", "Type", "Actors", "What", "First page and sentence", "Pages"],
                        event_rows(data.events))  # fmt: skip
    order = "In date order; undated events last."
    if len(data.events) == data.event_total:
        heading = "All events"
    else:
        heading = "Latest events"
        query = f'legation query "SELECT * FROM reports.event_timeline ORDER BY {EVENT_ORDER}"'
        undated = f" ({data.undated:,} undated)" if data.undated else ""
        order = (
            f"The latest {len(data.events):,} of {data.event_total:,} events{undated}, in date order; "
            f"every event: <code>{html.escape(query)}</code>."
        )
    return f"""<h2 id="all-events">{heading}</h2>
<p class="muted">{order} <i>(page)</i>: the text gives no date, the page's is shown.</p>
{event_table}"""


def links_note(absolute_links: bool) -> str:
    if absolute_links:
        return "Each row links to the page it was read from, by its full path on this machine, and quotes the sentence."
    return (
        "Each row links to the page it was read from and quotes the sentence: the file name's link holds while this "
        "report and the pages' folder move together, <i>full path</i> while the report moves alone on this machine."
    )


def render_html(data: ReportData, warehouse_name: str, absolute_links: bool = False) -> str:
    span = f"{data.span[0].isoformat()} to {data.span[1].isoformat()}" if data.span else "no dated events"
    statement_table = table("statements", ["Date", "Speaker", "Said", "Page and sentence"],
                            statement_rows(data.statements))  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>legation report</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Diplomatic events</h1>
<p class="muted">From <code>{html.escape(warehouse_name)}</code>: dated events from {span}.
{links_note(absolute_links)}</p>
<div class="summary">{summary_boxes(data)}</div>

<h2 id="timeline">Timeline of events by type</h2>
<figure id="timeline-chart">{timeline_chart(data.timeline, data.undated)}</figure>

<h2 id="network">Who messaged or met whom</h2>
<figure id="network-chart">{network_chart(data.message_pairs, data.meeting_pairs)}</figure>

<h2 id="latest-statements">Latest statements</h2>
{statement_table}

{events_section(data)}

<h2 id="actors">Actors</h2>
{table("actor-summary", list(ACTOR_COLUMNS.values()), plain_rows(data.actors, ACTOR_COLUMNS, "actor"))}

<h2 id="sources">Sources</h2>
{table("source-coverage", list(SOURCE_COLUMNS.values()), plain_rows(data.sources, SOURCE_COLUMNS, "source"))}
</body>
</html>
"""


def build_report(
    warehouse: Path, output: Path, source_dir: Path | None = None, absolute_links: bool | None = None
) -> Path:
    """Write the HTML report of `warehouse` (opened read-only) to `output`; links point into `source_dir`.

    absolute_links: the file names link to absolute file:// URIs only (None: $LEGATION_REPORT_ABSOLUTE_LINKS).
    """
    source_dir = Path(source_dir) if source_dir is not None else resolve_source_dir(None)
    absolute = resolve_absolute_links(absolute_links)
    data = read_report_data(Path(warehouse), source_dir, Path(output), absolute)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_html(data, Path(warehouse).name, absolute), encoding="utf-8")
    return output


@task(name="publish report", cache_policy=NO_CACHE)
def publish_report(
    warehouse: Path, source_dir: Path | None = None, output: Path | None = None, absolute_links: bool | None = None
) -> Path:
    """Build the report beside the published warehouse and link it from a Prefect artifact of the current run."""
    output = Path(output) if output is not None else Path(warehouse).with_name("report.html")
    built = build_report(Path(warehouse), output, source_dir, absolute_links).resolve()
    create_link_artifact(
        key=REPORT_ARTIFACT_KEY,
        link=built.as_uri(),
        link_text=f"legation report ({built.name})",
        description="The HTML report of the warehouse this run published.",
    )
    return built

"""`legation report`: one self-contained HTML page of the warehouse, to open with no network.

It reads the published warehouse read-only (the `reports` and `marts` tables) and writes a single file: charts
are drawn by matplotlib and inlined as SVG, the CSS is inline, and nothing is fetched (no script, font or image
from elsewhere). Every table row links to the page it was read from and shows the sentence it came from.
"""

from __future__ import annotations

import html
import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import duckdb
import matplotlib
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from prefect import task
from prefect.artifacts import create_link_artifact
from prefect.cache_policies import NO_CACHE

from flows.settings import resolve_source_dir

EVENT_TYPES = ("message", "meeting", "statement")
TYPE_COLOURS = {"message": "#1f77b4", "meeting": "#d62728", "statement": "#2ca02c"}
LATEST_STATEMENTS_SHOWN = 20
NODE_SIZE = 1500
REPORT_ARTIFACT_KEY = "legation-report"

# Text stays text (smaller, selectable, findable); a fixed salt keeps the SVG identical run to run.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "legation", "font.family": "sans-serif"})


@dataclass(frozen=True)
class Page:
    file_name: str
    href: str  # relative link from the report to the source file


@dataclass(frozen=True)
class ReportData:
    events: list[dict]  # reports.event_timeline, oldest first, undated last
    statements: list[dict]  # the latest statements, newest first
    message_pairs: Counter[tuple[str, str]]  # (sender name, recipient name) -> messages
    meeting_pairs: Counter[tuple[str, str]]  # (name, name) in name order -> meetings
    actors: list[dict]  # reports.actor_summary
    sources: list[dict]  # reports.source_coverage
    pages: dict[str, Page]  # document_id -> its page


def records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    relation = con.sql(sql)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def page_links(con: duckdb.DuckDBPyConnection, source_dir: Path, output: Path) -> dict[str, Page]:
    """Each document's file, linked relative to the report so that the pair can be moved together."""
    pages = {}
    for document_id, file_name, source_path in con.execute(
        "SELECT document_id, file_name, source_path FROM marts.dim_documents"
    ).fetchall():
        target = os.path.relpath(source_dir.resolve() / (source_path or file_name), output.parent.resolve())
        pages[document_id] = Page(file_name=file_name, href=quote(Path(target).as_posix()))
    return pages


def read_report_data(warehouse: Path, source_dir: Path, output: Path) -> ReportData:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        events = records(
            con, "SELECT * FROM reports.event_timeline ORDER BY event_date NULLS LAST, event_type, actors, event_id"
        )
        statements = records(
            con,
            f"""
            SELECT t.*, s.quote, s.text
            FROM reports.event_timeline AS t
            JOIN marts.fct_statements AS s ON s.statement_id = t.event_id
            ORDER BY t.event_date DESC NULLS LAST, t.actors, t.event_id
            LIMIT {LATEST_STATEMENTS_SHOWN}
            """,
        )
        message_pairs = Counter(
            {
                (sender, recipient): count
                for sender, recipient, count in con.execute(
                    """
                    SELECT s.name, r.name, count(*)
                    FROM marts.fct_messages AS m
                    JOIN marts.dim_actors AS s ON s.actor_id = m.sender_id
                    JOIN marts.dim_actors AS r ON r.actor_id = m.recipient_id
                    GROUP BY ALL
                    """
                ).fetchall()
            }
        )
        meeting_pairs = Counter(
            {
                (a, b): count
                for a, b, count in con.execute(
                    """
                    SELECT actor_a_name, actor_b_name, sum(event_count)
                    FROM reports.monthly_activity
                    WHERE event_type = 'meeting'
                    GROUP BY ALL
                    """
                ).fetchall()
            }
        )
        actors = records(con, "SELECT * FROM reports.actor_summary ORDER BY event_count DESC, name")
        sources = records(con, "SELECT * FROM reports.source_coverage ORDER BY page_count DESC, outlet NULLS LAST")
        pages = page_links(con, source_dir, output)
    return ReportData(events, statements, message_pairs, meeting_pairs, actors, sources, pages)


# Charts ---------------------------------------------------------------------------------------------------------


def svg_of(figure: Figure, prefix: str) -> str:
    """The figure as an inline <svg> element; its ids get a prefix so that several charts can share one page."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return re.sub(r"#([\w.-]+)", lambda m: f"#{prefix}-{m.group(1)}" if m.group(1) in ids else m.group(0), svg)


def stacked_positions(events: list[dict]) -> dict[str, tuple[list[date], list[float], list[bool]]]:
    """Per event type: each dated event's day, its height (one day's events stack) and whether the day is its own."""
    positions: dict[str, tuple[list[date], list[float], list[bool]]] = {t: ([], [], []) for t in EVENT_TYPES}
    per_day = Counter((e["event_type"], e["event_date"]) for e in events if e["event_date"] is not None)
    # A day's stack stays within its type's row, however many events it holds.
    step = min(0.15, 0.75 / max(per_day.values(), default=1))
    seen_on_day: Counter[tuple[str, date]] = Counter()
    for event in events:
        if event["event_date"] is None:
            continue
        kind, day = event["event_type"], event["event_date"]
        row = EVENT_TYPES.index(kind)
        positions[kind][0].append(day)
        positions[kind][1].append(row + step * seen_on_day[(kind, day)])
        positions[kind][2].append(event["date_source"] == "event")
        seen_on_day[(kind, day)] += 1
    return positions


def timeline_chart(events: list[dict]) -> str:
    figure = Figure(figsize=(9, 3.2))
    axes = figure.subplots()
    for kind, (days, heights, own_dates) in stacked_positions(events).items():
        colour = TYPE_COLOURS[kind]
        points = axes.scatter(
            days,
            heights,
            s=42,
            edgecolors=colour,
            # Hollow points are dated by their page, not by the event itself.
            facecolors=[colour if own else "white" for own in own_dates],
            label=f"{kind} ({len(days)})",
            zorder=3,
        )
        points.set_gid(kind)
    undated = sum(1 for event in events if event["event_date"] is None)
    axes.set_yticks(range(len(EVENT_TYPES)), EVENT_TYPES)
    axes.set_ylim(-0.4, len(EVENT_TYPES) - 0.1)
    axes.grid(axis="x", color="#dddddd", zorder=0)
    axes.set_title(f"Dated events by type (filled: the event's own date; hollow: its page's date); undated: {undated}")
    axes.legend(loc="upper left", fontsize="small")
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return svg_of(figure, "timeline")


def actor_graph(message_pairs: Counter[tuple[str, str]], meeting_pairs: Counter[tuple[str, str]]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(sorted({name for pair in [*message_pairs, *meeting_pairs] for name in pair}))
    for (sender, recipient), count in sorted(message_pairs.items()):
        graph.add_edge(sender, recipient, kind="message", count=count)
    for (a, b), count in sorted(meeting_pairs.items()):
        graph.add_edge(a, b, kind="meeting", count=count)
    return graph


def edge_label(count: int) -> str:
    return str(count) if count > 1 else ""


def network_chart(message_pairs: Counter[tuple[str, str]], meeting_pairs: Counter[tuple[str, str]]) -> str:
    graph = actor_graph(message_pairs, meeting_pairs)
    figure = Figure(figsize=(8, 7))
    axes = figure.subplots()
    axes.set_axis_off()
    if graph.number_of_nodes() == 0:
        axes.text(0.5, 0.5, "no messages or meetings", ha="center")
        return svg_of(figure, "graph")
    layout = nx.circular_layout(graph)
    nodes = nx.draw_networkx_nodes(
        graph, layout, ax=axes, node_color="#f3f0e8", edgecolors="#555555", node_size=NODE_SIZE
    )
    nodes.set_gid("actors")
    messages = [(s, r) for s, r, kind in graph.edges(data="kind") if kind == "message"]
    meetings = [(a, b) for a, b, kind in graph.edges(data="kind") if kind == "meeting"]
    # Messages curve, so that A->B and B->A stay two arrows; meetings are straight dashed lines.
    arrows = nx.draw_networkx_edges(
        graph, layout, ax=axes, edgelist=messages, edge_color=TYPE_COLOURS["message"], arrows=True,
        arrowsize=16, node_size=NODE_SIZE, connectionstyle="arc3,rad=0.18",
        width=[1 + message_pairs[pair] for pair in messages],
    )  # fmt: skip
    for number, arrow in enumerate(arrows):
        arrow.set_gid(f"message-{number}")
    if meetings:  # networkx returns a plain list, not a collection, for no edges
        meeting_lines = nx.draw_networkx_edges(
            nx.Graph(meetings), layout, ax=axes, edgelist=meetings, edge_color=TYPE_COLOURS["meeting"],
            style="dashed", width=[1 + meeting_pairs[pair] for pair in meetings], node_size=NODE_SIZE,
        )  # fmt: skip
        meeting_lines.set_gid("meetings")
    # Two lines per name keep the labels inside their circles.
    names = {name: name.replace(" ", "\n", 1) for name in graph.nodes}
    nx.draw_networkx_labels(graph, layout, ax=axes, labels=names, font_size=8)
    labels = {pair: edge_label(message_pairs[pair]) for pair in messages}
    nx.draw_networkx_edge_labels(
        nx.DiGraph(messages), layout, ax=axes, edge_labels=labels, connectionstyle="arc3,rad=0.18"
    )
    axes.set_title(
        f"Who messaged (solid arrows, {sum(message_pairs.values())}) or met (dashed, {len(meetings)} pairs) whom"
    )
    axes.legend(
        handles=[
            Line2D([], [], color=TYPE_COLOURS["message"], label="message (sender to recipient)"),
            Line2D([], [], color=TYPE_COLOURS["meeting"], linestyle="dashed", label="meeting"),
        ],
        loc="upper left", bbox_to_anchor=(1, 1), fontsize="small", title="line width: how many",
        title_fontsize="small",
    )  # fmt: skip
    axes.set_aspect("equal")
    axes.margins(0.12)
    return svg_of(figure, "graph")


# Tables ---------------------------------------------------------------------------------------------------------


def text_fragment(sentence: str) -> str:
    """A URL text fragment for the sentence's first words: browsers that support it scroll to it on the page."""
    words = sentence.split()[:8]
    # A dash is syntax in a text fragment (prefix-, -suffix): inside the words it must be percent-encoded.
    return "#:~:text=" + quote(" ".join(words), safe="").replace("-", "%2D")


def source_cell(pages: dict[str, Page], document_id: str, sentence: str, sentence_index: int) -> str:
    page = pages[document_id]
    return (
        f'<a class="page" href="{html.escape(page.href)}{text_fragment(sentence)}">{html.escape(page.file_name)}</a>'
        f' <span class="muted">sentence {sentence_index + 1}</span>'
        f'<blockquote class="evidence">{html.escape(sentence)}</blockquote>'
    )


def first_source(pages: dict[str, Page], event: dict) -> str:
    return source_cell(pages, event["first_document_id"], event["first_evidence"], event["first_sentence_index"])


def date_cell(event: dict) -> str:
    if event["event_date"] is None:
        return '<span class="muted">undated</span>'
    note = ' <span class="muted" title="the page\'s date: the text gives none">(page)</span>'
    return f"{event['event_date'].isoformat()}{note if event['date_source'] == 'page' else ''}"


def event_rows(events: list[dict], pages: dict[str, Page]) -> str:
    return "\n".join(
        f'<tr class="event {event["event_type"]}" data-event-id="{event["event_id"]}">'
        f"<td>{date_cell(event)}</td>"
        f'<td><span class="tag {event["event_type"]}">{event["event_type"]}</span></td>'
        f"<td>{html.escape(event['actors'] or '')}</td>"
        f"<td>{html.escape(event['detail'] or '')}</td>"
        f"<td>{first_source(pages, event)}</td>"
        f'<td class="number">{event["page_count"]}</td></tr>'
        for event in events
    )


def said(statement: dict) -> str:
    if statement["quote"]:
        return f'<q class="quote">{html.escape(statement["quote"])}</q>'
    return f'<span class="indirect">{html.escape(statement["text"] or "")}</span>'


def statement_rows(statements: list[dict], pages: dict[str, Page]) -> str:
    return "\n".join(
        f'<tr class="statement" data-event-id="{s["event_id"]}">'
        f"<td>{date_cell(s)}</td><td>{html.escape(s['actors'])}</td><td>{said(s)}</td>"
        f"<td>{first_source(pages, s)}</td></tr>"
        for s in statements
    )


def plain_rows(rows: list[dict], columns: list[str], row_class: str) -> str:
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

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto;
       max-width: 1200px; padding: 0 1rem; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.summary { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.summary div { background: #f6f6f2; border-radius: 6px; padding: 0.6rem 1rem; }
.summary b { display: block; font-size: 1.6rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
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
    counts = Counter(event["event_type"] for event in data.events)
    boxes = [(f"{counts[kind]}", f"{kind}s") for kind in EVENT_TYPES]
    boxes += [(str(len(data.pages)), "pages"), (str(len(data.actors)), "actors")]
    return "".join(f'<div id="count-{label}"><b>{value}</b>{label}</div>' for value, label in boxes)


def render_html(data: ReportData, warehouse_name: str) -> str:
    dated = [event["event_date"] for event in data.events if event["event_date"] is not None]
    span = f"{min(dated).isoformat()} to {max(dated).isoformat()}" if dated else "no dated events"
    event_table = table("events", ["date", "type", "actors", "what", "first page and sentence", "pages"],
                        event_rows(data.events, data.pages))  # fmt: skip
    statement_table = table("statements", ["date", "speaker", "said", "page and sentence"],
                            statement_rows(data.statements, data.pages))  # fmt: skip
    actor_columns = ["name", "actor_type", "messages_sent", "messages_received", "meetings", "statements",
                     "first_seen_on", "last_seen_on"]  # fmt: skip
    source_columns = ["outlet", "page_count", "event_count", "first_reported_count", "first_published_on",
                      "last_published_on"]  # fmt: skip
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
Each row links to the page it was read from and quotes the sentence.</p>
<div class="summary">{summary_boxes(data)}</div>

<h2 id="timeline">Timeline of events by type</h2>
<figure id="timeline-chart">{timeline_chart(data.events)}</figure>

<h2 id="network">Who messaged or met whom</h2>
<figure id="network-chart">{network_chart(data.message_pairs, data.meeting_pairs)}</figure>

<h2 id="latest-statements">Latest statements</h2>
{statement_table}

<h2 id="all-events">All events</h2>
<p class="muted">In date order; undated events last. <i>(page)</i>: the text gives no date, the page's is shown.</p>
{event_table}

<h2 id="actors">Actors</h2>
{table("actor-summary", actor_columns, plain_rows(data.actors, actor_columns, "actor"))}

<h2 id="sources">Sources</h2>
{table("source-coverage", source_columns, plain_rows(data.sources, source_columns, "source"))}
</body>
</html>
"""


def build_report(warehouse: Path, output: Path, source_dir: Path | None = None) -> Path:
    """Write the HTML report of `warehouse` (opened read-only) to `output`; links point into `source_dir`."""
    source_dir = Path(source_dir) if source_dir is not None else resolve_source_dir(None)
    data = read_report_data(Path(warehouse), source_dir, Path(output))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_html(data, Path(warehouse).name), encoding="utf-8")
    return output


@task(name="publish report", cache_policy=NO_CACHE)
def publish_report(warehouse: Path, source_dir: Path | None = None, output: Path | None = None) -> Path:
    """Build the report beside the published warehouse and link it from a Prefect artifact of the current run."""
    output = Path(output) if output is not None else Path(warehouse).with_name("report.html")
    built = build_report(Path(warehouse), output, source_dir).resolve()
    create_link_artifact(
        key=REPORT_ARTIFACT_KEY,
        link=built.as_uri(),
        link_text=f"legation report ({built.name})",
        description="The HTML report of the warehouse this run published.",
    )
    return built

"""Markdown rows for the results, and updating BENCHMARKS.md in place (rows keyed by their first cell)."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.measure import ProcessRun
from benchmarks.run import ADDED_PAGES, STAGES, ComponentCosts, ExtractionResult, PipelineResult

BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
PIPELINE_MARKERS = ("<!-- pipeline-results:begin -->", "<!-- pipeline-results:end -->")
EXTRACTION_MARKERS = ("<!-- extraction-results:begin -->", "<!-- extraction-results:end -->")
MB = 1024 * 1024

PIPELINE_HEADER = (
    "| pages | end to end | pages/s | "
    + " | ".join(STAGES)
    + " | peak RSS (tree) | warehouse | no-op re-run | +100 pages | empty flow (cold / warm) "
    "| naive baseline | legation ÷ baseline |"
)
EXTRACTION_HEADER = "| documents | seconds | docs/s | words | words/s |"
# What the extraction's rules read from spaCy: tokens, tags and the dependency parse.
PARSE_PARTS = ("tokenizer", "tok2vec", "tagger", "parser")
CORES = 2
TARGET_PAGES_PER_SECOND = 100


def stage_cell(pages: int, seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    rate = f"{pages / seconds:,.0f}/s" if seconds > 0 else "-"
    return f"{seconds:.1f} s ({rate})"


def pipeline_row(result: PipelineResult) -> str:
    pages = result.pages
    cells = [
        f"{pages:,}",
        f"{result.first.wall_seconds:.1f} s",
        f"{result.pages_per_second:.2f}",
        *(stage_cell(pages, result.stage_seconds.get(stage)) for stage in STAGES),
        f"{result.first.peak_tree_rss_bytes / MB:,.0f} MB",
        f"{result.warehouse_bytes / MB:.1f} MB",
        f"{result.noop.wall_seconds:.1f} s",
        f"{result.added.wall_seconds:.1f} s",
        f"{result.empty_flow.cold_seconds:.1f} s / {result.empty_flow.warm_seconds:.1f} s",
        f"{result.baseline.pages_per_second:.2f} pages/s ({result.baseline.pages} pages)",
        f"{result.pages_per_second / result.baseline.pages_per_second:.2f}×",
    ]
    return "| " + " | ".join(cells) + " |"


def pipeline_details(result: PipelineResult) -> str:
    """What the row does not show: the flow's own time, the re-runs' stages, the corpus generation."""
    lines = [
        f"N={result.pages:,} (seed {result.seed}): corpus generated in {result.generate_seconds:.1f} s; "
        f"legation run {result.first.wall_seconds:.1f} s wall, of which the flow itself "
        f"{result.flow_seconds if result.flow_seconds is not None else float('nan'):.1f} s",
        f"  stages, first run:   {format_stages(result.stage_seconds)}",
        f"  peak RSS, first run: {format_roles(result.first)}",
        f"  no-op re-run:        {result.noop.wall_seconds:.1f} s wall; "
        f"stages {format_stages(result.noop_stage_seconds)}",
        f"  +{ADDED_PAGES} pages:          {result.added.wall_seconds:.1f} s wall, peak RSS "
        f"{result.added.peak_tree_rss_bytes / MB:,.0f} MB; stages {format_stages(result.added_stage_seconds)}",
        f"  empty Prefect flow:  {result.empty_flow.cold_seconds:.1f} s in a fresh Prefect home, "
        f"{result.empty_flow.warm_seconds:.1f} s again in the same home",
        f"  naive baseline:      {result.baseline.pages} pages in {result.baseline.seconds:.1f} s = "
        f"{result.baseline.pages_per_second:.2f} pages/s (model load excluded)",
    ]
    return "\n".join(lines)


def format_roles(run: ProcessRun) -> str:
    roles = ", ".join(f"{role} {size / MB:,.0f} MB" for role, size in sorted(run.peak_by_role.items()))
    return f"{run.peak_tree_rss_bytes / MB:,.0f} MB, at that moment {roles or '(not sampled)'}"


def format_stages(stages: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items()) or "(none recorded)"


def extraction_row(result: ExtractionResult) -> str:
    return (
        f"| {result.documents:,} (5 seeds × {result.repeat}) | {result.seconds:.1f} | {result.docs_per_second:.2f} "
        f"| {result.words:,} | {result.words_per_second:,.0f} |"
    )


def first_cell(row: str) -> str:
    return row.strip().strip("|").split("|")[0].strip()


def _sort_key(row: str) -> int:
    digits = re.sub(r"[^0-9]", "", first_cell(row).split(" ")[0])
    return int(digits) if digits else 0


def upsert_rows(path: Path, markers: tuple[str, str], header: str, rows: list[str]) -> None:
    """Replace the rows with the same first cell inside the marked table of the file, add the others, sort by N."""
    text = path.read_text(encoding="utf-8")
    begin, end = markers
    if begin not in text or end not in text:
        raise ValueError(f"{path} has no {begin} ... {end} section")
    before, rest = text.split(begin, 1)
    section, after = rest.split(end, 1)
    kept = {first_cell(line): line for line in section.strip().splitlines()[2:] if line.startswith("|")}
    kept.update({first_cell(row): row for row in rows})
    separator = "|" + "---|" * header.count(" | ") + "---|"
    table = "\n".join([header, separator, *sorted(kept.values(), key=_sort_key)])
    path.write_text(f"{before}{begin}\n{table}\n{end}{after}", encoding="utf-8")


def components_table(costs: ComponentCosts) -> str:
    """CPU per page of each part, then the parse the rules need against what the target leaves per page."""
    total = sum(costs.cpu_seconds.values())
    lines = [
        f"{costs.pages:,} generated pages, {costs.words / costs.pages:.0f} words per page sent to spaCy",
        "| part | CPU ms per page | share |",
        "|---|---|---|",
        *(
            f"| {part} | {costs.ms_per_page(part):.1f} | {seconds / total:.0%} |"
            for part, seconds in costs.cpu_seconds.items()
        ),
        f"| **all** | **{1000 * total / costs.pages:.1f}** | 100% |",
    ]
    parse_ms = sum(costs.ms_per_page(part) for part in PARSE_PARTS if part in costs.cpu_seconds)
    allowed_ms = 1000 * CORES / TARGET_PAGES_PER_SECOND
    lines.append(
        f"\nthe parse the rules read ({', '.join(PARSE_PARTS)}): {parse_ms:.1f} ms per page; "
        f"{TARGET_PAGES_PER_SECOND} pages/s on {CORES} cores leaves {allowed_ms:.0f} ms of CPU per page for everything"
    )
    return "\n".join(lines)

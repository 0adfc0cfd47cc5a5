"""What one run of the pipeline did."""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.files import QuarantinedFile

# A dry run's text lists this many paths of each kind (its Prefect artifact lists DRY_RUN_PATHS_IN_ARTIFACT).
DRY_RUN_PATHS_SHOWN = 20
DRY_RUN_PATHS_IN_ARTIFACT = 1000


def listed(paths: list[str], limit: int, indent: str = "  ") -> list[str]:
    shown = [f"{indent}{path}" for path in paths[:limit]]
    return shown + ([f"{indent}... and {len(paths) - limit:,} more"] if len(paths) > limit else [])


class RunSummary(BaseModel):
    run_id: str
    source_dir: str
    warehouse: str
    files_seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    gone: int = Field(0, description="Files loaded before and missing from the folder now.")
    duplicates: int = Field(0, description="New or changed files whose content is already a document.")
    planned_parse: int = Field(0, description="Files the plan said to read and parse.")
    documents_loaded: int = 0
    reextracted: int = Field(0, description="Stored documents extracted again (the extractor changed).")
    dry_run: bool = False
    planned_paths: list[str] = Field(default_factory=list, description="The pages the plan said to read and parse.")
    gone_paths: list[str] = Field(default_factory=list, description="Pages loaded before and missing now.")
    pruned: bool = Field(False, description="Whether the run deletes (or, dry, would delete) the gone pages' rows.")
    new_facts: dict[str, int] = Field(default_factory=dict)
    stage_seconds: dict[str, float] = Field(default_factory=dict)
    quarantined: list[QuarantinedFile] = Field(default_factory=list)
    rows_per_table: dict[str, int] = Field(default_factory=dict)
    duration_seconds: float = 0.0

    def dry_run_lines(self, limit: int) -> list[str]:
        """What a dry run would have done: the pages it would parse, and the gone pages and what happens to them."""
        lines = [f"would parse {len(self.planned_paths)} pages:", *listed(self.planned_paths, limit)]
        fate = "would delete their documents and events (--prune)" if self.pruned else "would mark them gone"
        if self.gone_paths:
            lines += [
                f"{len(self.gone_paths)} pages are gone from the folder; {fate}:",
                *listed(self.gone_paths, limit),
            ]
        return lines

    def as_text(self) -> str:
        lines = [
            f"run {self.run_id}: {self.source_dir} -> {self.warehouse} in {self.duration_seconds:.1f} s"
            + (" (dry run: nothing changed)" if self.dry_run else ""),
            f"pages seen {self.files_seen}: new {self.new}, changed {self.changed}, unchanged {self.unchanged}, "
            f"gone {self.gone}, duplicate content {self.duplicates}, quarantined {len(self.quarantined)}",
            f"documents: to parse {self.planned_parse}, loaded {self.documents_loaded}, "
            f"extracted again {self.reextracted}; new facts: "
            + (", ".join(f"{kind} {count}" for kind, count in self.new_facts.items()) or "none"),
        ]
        if self.stage_seconds:
            stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in self.stage_seconds.items())
            lines.append(f"stages: {stages}")
        lines += [f"  quarantined {q.source_path}: {q.reason}" for q in self.quarantined]
        if self.dry_run:
            lines += self.dry_run_lines(DRY_RUN_PATHS_SHOWN)
        lines.append("rows per table:")
        width = max((len(name) for name in self.rows_per_table), default=0)
        lines += [f"  {name:<{width}}  {count:>8}" for name, count in self.rows_per_table.items()]
        return "\n".join(lines)

"""What one run of the pipeline did."""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.files import QuarantinedFile


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
    new_facts: dict[str, int] = Field(default_factory=dict)
    stage_seconds: dict[str, float] = Field(default_factory=dict)
    quarantined: list[QuarantinedFile] = Field(default_factory=list)
    rows_per_table: dict[str, int] = Field(default_factory=dict)
    duration_seconds: float = 0.0

    def as_text(self) -> str:
        lines = [
            f"run {self.run_id}: {self.source_dir} -> {self.warehouse} in {self.duration_seconds:.1f} s"
            + (" (dry run: nothing changed)" if self.dry_run else ""),
            f"files seen {self.files_seen}: new {self.new}, changed {self.changed}, unchanged {self.unchanged}, "
            f"gone {self.gone}, duplicate content {self.duplicates}, quarantined {len(self.quarantined)}",
            f"documents: to parse {self.planned_parse}, loaded {self.documents_loaded}, "
            f"extracted again {self.reextracted}; new facts: "
            + (", ".join(f"{kind} {count}" for kind, count in self.new_facts.items()) or "none"),
        ]
        if self.stage_seconds:
            stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in self.stage_seconds.items())
            lines.append(f"stages: {stages}")
        lines += [f"  quarantined {q.source_path}: {q.reason}" for q in self.quarantined]
        lines.append("rows per table:")
        width = max((len(name) for name in self.rows_per_table), default=0)
        lines += [f"  {name:<{width}}  {count:>8}" for name, count in self.rows_per_table.items()]
        return "\n".join(lines)

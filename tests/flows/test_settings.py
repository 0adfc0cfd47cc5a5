"""How many extraction workers a run uses: parameter, then environment, then the machine's cores."""

from __future__ import annotations

import pytest

from flows.settings import MAX_DEFAULT_WORKERS, resolve_extract_workers, usable_cores


def test_the_parameter_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGATION_EXTRACT_WORKERS", "3")
    assert resolve_extract_workers(1) == 1
    assert resolve_extract_workers(None) == 3


def test_without_either_one_worker_per_core_up_to_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEGATION_EXTRACT_WORKERS", raising=False)
    assert resolve_extract_workers(None) == min(usable_cores(), MAX_DEFAULT_WORKERS) >= 1


@pytest.mark.parametrize("configured", ["two", "0", "-1"])
def test_a_bad_setting_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch, configured: str) -> None:
    monkeypatch.setenv("LEGATION_EXTRACT_WORKERS", configured)
    with pytest.raises(ValueError, match="LEGATION_EXTRACT_WORKERS must be a whole number of at least 1"):
        resolve_extract_workers(None)


def test_a_bad_parameter_is_refused() -> None:
    with pytest.raises(ValueError, match="extract_workers must be at least 1"):
        resolve_extract_workers(0)

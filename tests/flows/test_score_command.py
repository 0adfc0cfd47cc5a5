"""`legation score`: a real flow run over a folder, scored with ../shared/tools/score.py, errors by family."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main
from tests.conftest import SEEDS, SHARED

SEED_GOLD = SHARED / "gold" / "seeds.json"


def test_scores_the_seeds_and_sorts_a_missed_event_into_its_family(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    # one gold event the pages do not hold: it must come out as "missed", with its page
    invented = {"type": "meeting", "participants": ["Ana Lima", "Jorge Ruas"], "date": None, "evidence": "nowhere"}
    gold["documents"][0]["events"].append(invented)
    gold_file = tmp_path / "gold.json"
    gold_file.write_text(json.dumps(gold), encoding="utf-8")
    warehouse = tmp_path / "scored.duckdb"
    code = main(["score", "--source-dir", str(SEEDS), "--gold", str(gold_file), "--warehouse", str(warehouse)])
    assert code == 0
    out = capsys.readouterr().out
    assert "errors by family: missed 1" in out
    assert out.splitlines()[-1].startswith("score: F1 all=")
    assert warehouse.exists()
    assert main(["score", "--source-dir", str(SEEDS), "--gold", str(gold_file), "--explain"]) == 0
    explained = capsys.readouterr().out
    assert f"{gold['documents'][0]['file']}: meeting Ana Lima + Jorge Ruas" in explained


def test_a_missing_folder_gold_file_or_scorer_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--source-dir", str(tmp_path / "none"), "--gold", str(SEED_GOLD)]) == 2
    assert "--source-dir" in capsys.readouterr().err
    assert main(["score", "--source-dir", str(SEEDS), "--gold", str(tmp_path / "none.json")]) == 2
    assert "--gold" in capsys.readouterr().err
    scorer = tmp_path / "none.py"
    assert main(["score", "--source-dir", str(SEEDS), "--gold", str(SEED_GOLD), "--scorer", str(scorer)]) == 2
    assert "no scorer" in capsys.readouterr().err

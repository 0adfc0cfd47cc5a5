"""The five seed pages against their hand-made gold annotations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from schemas.document import ParsedPage
from tasks.parsing import decode_page, parse_page

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"
GOLD_FILE = REPO.parent / "shared" / "gold" / "seeds.json"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _same_text(text: str) -> str:
    """The gold file writes apostrophes straight where the page has curly ones."""
    return text.replace("’", "'").replace("‘", "'")


@pytest.fixture(scope="module")
def gold_by_file() -> dict[str, dict[str, Any]]:
    if not GOLD_FILE.exists():
        pytest.skip(f"gold annotations not found at {GOLD_FILE}")
    documents = json.loads(GOLD_FILE.read_text(encoding="utf-8"))["documents"]
    return {document["file"]: document for document in documents}


def _parse_seed(name: str) -> ParsedPage:
    text, _ = decode_page((SEEDS / name).read_bytes())
    return parse_page(text)


@pytest.mark.parametrize("seed_file", SEED_FILES, ids=[path.name[:3] for path in SEED_FILES])
def test_seed_title_and_date_match_gold(seed_file: Path, gold_by_file: dict[str, dict[str, Any]]) -> None:
    gold = gold_by_file[seed_file.name]

    page = _parse_seed(seed_file.name)

    expected_title = gold["title"]
    assert (_same_text(page.title) if page.title else None) == (_same_text(expected_title) if expected_title else None)
    expected_date = date.fromisoformat(gold["published_on"]) if gold["published_on"] else None
    assert page.published_on == expected_date


def test_all_five_seeds_are_present() -> None:
    assert len(SEED_FILES) == 5


def test_seed_000_keeps_article_and_drops_ticker_captions_related_headlines_and_most_read() -> None:
    page = _parse_seed("000_a9c11b741ecadaed.txt")

    assert page.outlet == "Al Mayadeen English"
    assert page.body_text.startswith("In a letter to DPRK leader Kim Jong Un, Xi expressed a willingness")
    assert "Mao Ning urged all parties to avoid escalation" in page.body_text
    for chrome in ("BREAKING", "Ksar Zaatar", "welcomes Chinese President", "permanently enshrined", "Read more:"):
        assert chrome not in page.body_text
    for chrome in ("Charlie Kirk", "Volker Turk", "Australia", "Arab Independent Media", "Privacy Policy"):
        assert chrome not in page.body_text


def test_seed_001_keeps_the_truncated_lede_and_drops_also_read_and_image_name() -> None:
    page = _parse_seed("001_1728084e157d97fb.txt")

    paragraphs = page.body_text.split("\n\n")
    assert paragraphs[0].startswith("In a congratulatory message to Kim Jong Un")
    assert paragraphs[0].endswith("North Korean ...")
    assert paragraphs[-1].startswith("“In recent years I had several meetings")
    assert "ALSO READ" not in page.body_text
    assert "W91gb8Hj" not in page.body_text


def test_seed_002_cuts_the_more_from_section() -> None:
    page = _parse_seed("002_f2ef523ba8663a2c.txt")

    assert page.outlet is None
    assert page.body_text.startswith("Kim Jong Un , General Secretary of the Workers’ Party of Korea")
    assert page.body_text.endswith("leading the CPC and the Chinese people.")
    assert "gave the following answer" not in page.body_text
    assert len(page.body_text.split("\n\n")) == 7


def test_seed_003_splits_outlet_from_title_and_resumes_after_the_recommended_box() -> None:
    page = _parse_seed("003_254fad3e3a1ae27e.txt")

    assert page.outlet == "Xi Jinping Information"
    assert "Irrespective of how the worldwide scenario modifications" in page.body_text
    assert page.body_text.endswith("KCNA beforehand reported.")
    for chrome in ("@outlook.com", "Min Read", "Beneficial Tales", "listing", "Supply hyperlink", "Share This"):
        assert chrome not in page.body_text


def test_seed_004_is_one_paragraph_without_title() -> None:
    page = _parse_seed("004_43a028c89f017d11.txt")

    assert page.title is None
    assert "\n" not in page.body_text
    assert page.body_text.startswith("China stands ready to work with the Democratic People’s Republic of Korea")
    assert page.body_text.endswith("in accordance with the demands of the present times, he said.")

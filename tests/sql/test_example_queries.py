"""Every example query of the README runs against the seed warehouse and returns the rows the pages support."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.sql import build_seed_warehouse, rows, scalar

SECTION = "## Example queries"
QUESTION = re.compile(r"^### (.+?)\n+```sql\n(.+?)\n```", re.MULTILINE | re.DOTALL)


def example_queries() -> dict[str, str]:
    """question -> SQL, read from the README's last section, so that the README and this test cannot drift."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"README.md lacks its '{SECTION}' section"
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return {question.strip(): sql for question, sql in QUESTION.findall(section)}


QUERIES = example_queries()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_warehouse(tmp_path_factory.mktemp("examples"))[1]


def check_letters_to_kim_2021(found: list[dict], warehouse: Path) -> None:
    # Xi Jinping's message on the success of the WPK's 8th Congress, March 2021 (seeds 004).
    assert "Xi Jinping" in {row["sender"] for row in found}
    assert all(row["sent_on"].year == 2021 for row in found)


def check_beijing_meetings(found: list[dict], warehouse: Path) -> None:
    # Song Tao and Ri Ryong Nam met in Beijing in March 2021 (seeds 004).
    by_year = {row["year"]: row["meetings"] for row in found}
    assert by_year.get(2021, 0) >= 1
    assert sum(by_year.values()) == scalar(
        warehouse, "SELECT count(*) FROM marts.fct_meetings WHERE location = 'Beijing'"
    )


def check_spokesperson_statements(found: list[dict], warehouse: Path) -> None:
    # Chinese Foreign Ministry spokesperson Mao Ning on the DPRK's moves (seeds 000).
    assert "Mao Ning" in {row["speaker"] for row in found}
    assert all("spokesperson" in row["evidence"].lower() for row in found)


def check_congratulations_to_kim(found: list[dict], warehouse: Path) -> None:
    # Xi Jinping congratulated Kim Jong Un on the founding anniversary of the party (seeds 001).
    assert any(row["sender"] == "Xi Jinping" and "founding anniversary" in (row["occasion"] or "") for row in found)


def check_putin_meetings(found: list[dict], warehouse: Path) -> None:
    # Putin and Kim Jong Un met Xi Jinping in Beijing (seeds 003).
    assert {"Kim Jong Un", "Xi Jinping"} <= {row["met"] for row in found}


def check_events_on_several_pages(found: list[dict], warehouse: Path) -> None:
    # Kim Jong Un's verbal message to Xi Jinping of March 2021 is on two pages (seeds 002 and 004).
    assert any(row["actors"] == "Kim Jong Un -> Xi Jinping" and row["page_count"] >= 2 for row in found)
    assert len(found) == scalar(warehouse, "SELECT count(*) FROM marts.fct_messages WHERE mention_count > 1") + scalar(
        warehouse,
        "SELECT count(*) FROM (SELECT event_id FROM marts.bridge_event_documents WHERE event_type <> 'message' "
        "GROUP BY event_id HAVING count(*) > 1)",
    )


def check_xi_quotes(found: list[dict], warehouse: Path) -> None:
    # "The Taiwan issue ... may be resolved by the Chinese people alone" (seeds 000).
    assert any("Taiwan issue" in row["quote"] for row in found)
    assert all(row["quote"] and row["file_name"] and row["evidence"] for row in found)


def check_kim_xi_months(found: list[dict], warehouse: Path) -> None:
    # March 2021: Kim's verbal message to Xi and Xi's message to Kim (seeds 002, 004).
    march = [r for r in found if r["event_type"] == "message" and str(r["activity_month"]) == "2021-03-01"]
    assert march and march[0]["messages_a_to_b"] >= 1 and march[0]["messages_b_to_a"] >= 1


def check_first_reporters(found: list[dict], warehouse: Path) -> None:
    assert sum(row["first_reported_count"] for row in found) == scalar(
        warehouse, "SELECT count(*) FROM reports.event_timeline"
    )
    counts = [row["first_reported_count"] for row in found]
    assert counts == sorted(counts, reverse=True)


def check_most_active(found: list[dict], warehouse: Path) -> None:
    # Xi Jinping and Kim Jong Un are on every seed page.
    assert {"Xi Jinping", "Kim Jong Un"} <= {row["name"] for row in found[:2]}
    assert len(found) == 5


CHECKS: dict[str, Callable[[list[dict], Path], None]] = {
    "Who wrote to Kim Jong Un in 2021?": check_letters_to_kim_2021,
    "Meetings held in Beijing, by year": check_beijing_meetings,
    "Statements by foreign-ministry spokespersons about the peninsula": check_spokesperson_statements,
    "Which congratulatory messages did Kim Jong Un receive, and for what?": check_congratulations_to_kim,
    "Whom did Vladimir Putin meet, where and when?": check_putin_meetings,
    "Which events did more than one page report?": check_events_on_several_pages,
    "What did Xi Jinping say, word for word, and on which page?": check_xi_quotes,
    "How did Kim Jong Un and Xi Jinping deal with each other, month by month?": check_kim_xi_months,
    "Which outlets reported events first?": check_first_reporters,
    "Who are the most active actors, and when were they first and last seen?": check_most_active,
}


def test_readme_has_ten_example_queries_each_with_a_check() -> None:
    assert len(QUERIES) == 10
    assert set(QUERIES) == set(CHECKS), "every README question needs its check here, and only those"


@pytest.mark.parametrize("question", sorted(QUERIES))
def test_example_query_returns_the_rows_the_pages_support(question: str, warehouse: Path) -> None:
    found = rows(warehouse, QUERIES[question])
    assert found, f"the README's query for {question!r} returned no row on the seed warehouse"
    CHECKS[question](found, warehouse)

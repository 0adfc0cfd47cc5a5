"""The reports models, checked against the marts they are built from (seed warehouse, built once)."""

from __future__ import annotations

from collections import Counter
from math import comb
from pathlib import Path

import pytest

from tests.sql import build_seed_warehouse, rows, scalar

REPORT_TABLES = ("event_timeline", "monthly_activity", "actor_summary", "source_coverage")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_warehouse(tmp_path_factory.mktemp("reports"))[1]


def facts(warehouse: Path) -> dict[str, tuple[str, object]]:
    """Every fact of the marts: event_id -> (event type, its own date)."""
    found = rows(
        warehouse,
        """
        SELECT message_id AS id, 'message' AS kind, sent_on AS own_date FROM marts.fct_messages
        UNION ALL SELECT meeting_id, 'meeting', held_on FROM marts.fct_meetings
        UNION ALL SELECT statement_id, 'statement', stated_on FROM marts.fct_statements
        """,
    )
    return {row["id"]: (row["kind"], row["own_date"]) for row in found}


def test_every_report_table_and_column_carries_its_description(warehouse: Path) -> None:
    tables = rows(warehouse, "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'reports'")
    assert sorted(t["table_name"] for t in tables) == sorted(REPORT_TABLES)
    assert all(t["comment"] for t in tables)
    undescribed = rows(
        warehouse,
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'reports' AND comment IS NULL",
    )
    assert undescribed == []


def test_event_timeline_has_one_row_per_fact_with_its_pages(warehouse: Path) -> None:
    timeline = {row["event_id"]: row for row in rows(warehouse, "SELECT * FROM reports.event_timeline")}
    known = facts(warehouse)
    assert timeline.keys() == known.keys() and known
    pages_per_event = Counter(
        row["event_id"] for row in rows(warehouse, "SELECT event_id FROM marts.bridge_event_documents")
    )
    for event_id, (kind, own_date) in known.items():
        row = timeline[event_id]
        assert row["event_type"] == kind
        assert row["page_count"] == pages_per_event[event_id]
        if own_date is not None:
            assert (row["event_date"], row["date_source"]) == (own_date, "event")
        else:
            expected_source = "page" if row["first_published_on"] is not None else None
            assert (row["event_date"], row["date_source"]) == (row["first_published_on"], expected_source)
        expected_month = row["event_date"].replace(day=1) if row["event_date"] else None
        assert row["event_month"] == expected_month


def test_first_page_is_the_earliest_published_page_that_reports_the_event(warehouse: Path) -> None:
    reports = rows(
        warehouse,
        """
        SELECT b.event_id, b.document_id, b.evidence, d.published_on
        FROM marts.bridge_event_documents AS b JOIN marts.dim_documents AS d USING (document_id)
        """,
    )
    for row in rows(warehouse, "SELECT * FROM reports.event_timeline"):
        pages = [r for r in reports if r["event_id"] == row["event_id"]]
        first = next(p for p in pages if p["document_id"] == row["first_document_id"])
        assert first["evidence"] == row["first_evidence"]
        dated = [p["published_on"] for p in pages if p["published_on"] is not None]
        assert row["first_published_on"] == (min(dated) if dated else None)


def test_event_timeline_names_the_actors_of_each_message(warehouse: Path) -> None:
    messages = rows(
        warehouse,
        """
        SELECT m.message_id, s.name || ' -> ' || r.name AS actors, [s.actor_id, r.actor_id] AS actor_ids
        FROM marts.fct_messages AS m
        JOIN marts.dim_actors AS s ON s.actor_id = m.sender_id
        JOIN marts.dim_actors AS r ON r.actor_id = m.recipient_id
        """,
    )
    timeline = {row["event_id"]: row for row in rows(warehouse, "SELECT * FROM reports.event_timeline")}
    assert messages
    for message in messages:
        row = timeline[message["message_id"]]
        assert (row["actors"], row["actor_ids"]) == (message["actors"], message["actor_ids"])
    # The seed pages say Xi Jinping sent Kim Jong Un a congratulatory message in October 2020.
    assert any(
        row["actors"] == "Xi Jinping -> Kim Jong Un" and row["event_month"].isoformat() == "2020-10-01"
        for row in timeline.values()
        if row["event_month"] is not None
    )


def test_monthly_activity_counts_each_event_once_per_pair(warehouse: Path) -> None:
    activity = rows(warehouse, "SELECT * FROM reports.monthly_activity")
    totals = Counter()
    for row in activity:
        totals[row["event_type"]] += row["event_count"]
        if row["actor_b_name"] is not None:
            assert row["actor_a_name"] <= row["actor_b_name"], "a pair is ordered by name"
        assert row["messages_a_to_b"] + row["messages_b_to_a"] == (
            row["event_count"] if row["event_type"] == "message" else 0
        )
    participants = rows(warehouse, "SELECT count(*) AS n FROM marts.bridge_meeting_participants GROUP BY meeting_id")
    assert totals["message"] == scalar(warehouse, "SELECT count(*) FROM marts.fct_messages")
    assert totals["meeting"] == sum(comb(p["n"], 2) for p in participants)
    assert totals["statement"] == scalar(warehouse, "SELECT count(*) FROM marts.fct_statements")


def test_actor_summary_adds_up_to_the_facts(warehouse: Path) -> None:
    summary = {row["name"]: row for row in rows(warehouse, "SELECT * FROM reports.actor_summary")}
    assert len(summary) == scalar(warehouse, "SELECT count(*) FROM marts.dim_actors")
    messages = scalar(warehouse, "SELECT count(*) FROM marts.fct_messages")
    assert sum(row["messages_sent"] for row in summary.values()) == messages
    assert sum(row["messages_received"] for row in summary.values()) == messages
    assert sum(row["meetings"] for row in summary.values()) == scalar(
        warehouse, "SELECT count(*) FROM marts.bridge_meeting_participants"
    )
    assert sum(row["statements"] for row in summary.values()) == scalar(
        warehouse, "SELECT count(*) FROM marts.fct_statements"
    )
    for row in summary.values():
        if row["first_seen_on"] is not None:
            assert row["first_seen_on"] <= row["last_seen_on"]
    # The seed pages: Xi Jinping wrote to Kim Jong Un (2020, 2021), and Kim Jong Un sent Xi a verbal message in 2021.
    assert summary["Xi Jinping"]["messages_sent"] >= 2
    assert summary["Kim Jong Un"]["messages_received"] >= 2
    assert summary["Kim Jong Un"]["messages_sent"] >= 1
    assert summary["Xi Jinping"]["first_seen_on"].year == 2020


def test_source_coverage_accounts_for_every_page_and_first_report(warehouse: Path) -> None:
    coverage = rows(warehouse, "SELECT * FROM reports.source_coverage")
    outlets = {row["outlet"] for row in rows(warehouse, "SELECT DISTINCT outlet FROM marts.dim_documents")}
    assert {row["outlet"] for row in coverage} == outlets
    assert sum(row["page_count"] for row in coverage) == scalar(warehouse, "SELECT count(*) FROM marts.dim_documents")
    assert sum(row["first_reported_count"] for row in coverage) == len(facts(warehouse))
    for row in coverage:
        assert row["first_reported_count"] <= row["event_count"]
        assert row["message_count"] + row["meeting_count"] + row["statement_count"] == row["event_count"]

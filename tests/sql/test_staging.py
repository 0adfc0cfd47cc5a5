"""Staging models on hand-made mentions: surname resolution across pages and the merging of facts."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from schemas.mentions import Actor, DocumentMentions, MeetingMention, MessageMention
from tasks.load import DOCUMENT_COLUMNS, LEDGER_COLUMNS, insert_rows, replace_mentions
from tasks.transform import SQL_DIR, load_models, run_model


def person(name: str) -> Actor:
    return Actor(name=name, actor_type="person")


def warehouse_with(pages: dict[str, tuple[date | None, DocumentMentions]]) -> duckdb.DuckDBPyConnection:
    """Raw tables holding one document per page, with the given mentions, and every model built."""
    con = duckdb.connect()
    con.execute((SQL_DIR / "raw.sql").read_text(encoding="utf-8"))
    documents, ledger = [], []
    for document_id, (published_on, _) in pages.items():
        documents.append(
            dict.fromkeys(DOCUMENT_COLUMNS)
            | {
                "document_id": document_id,
                "content_sha256": document_id * 4,
                "published_on": published_on,
                "body_text": "text",
                "encoding": "utf-8",
                "size_bytes": 4,
                "loaded_in_run": "r",
                "extracted_with": "v",
            }
        )
        ledger.append(
            dict.fromkeys(LEDGER_COLUMNS)
            | {
                "source_path": f"{document_id}.txt",
                "file_name": f"{document_id}.txt",
                "size_bytes": 4,
                "content_sha256": document_id * 4,
                "document_id": document_id,
                "status": "loaded",
                "last_changed_run": "r",
            }
        )
    insert_rows(con, "raw.documents", DOCUMENT_COLUMNS, documents)
    insert_rows(
        con,
        "raw.file_ledger",
        LEDGER_COLUMNS | {"first_seen_run": "VARCHAR"},
        [row | {"first_seen_run": "r"} for row in ledger],
    )
    replace_mentions(con, [mentions for _, mentions in pages.values()])
    for model in load_models():
        run_model(con, model)
    return con


def meeting(document_id: str, *names: str) -> DocumentMentions:
    return DocumentMentions(
        document_id=document_id,
        extractor_version="v",
        meetings=[MeetingMention(participants=[person(n) for n in names], evidence="They met.", sentence_index=0)],
    )


def message(document_id: str, sender: str, recipient: str, sent_on: date | None = None) -> DocumentMentions:
    mention = MessageMention(
        sender=person(sender), recipient=person(recipient), sent_on=sent_on, evidence="A letter.", sentence_index=0
    )
    return DocumentMentions(document_id=document_id, extractor_version="v", messages=[mention])


def test_a_lone_surname_takes_the_one_full_name_of_the_corpus() -> None:
    con = warehouse_with(
        {
            "a" * 16: (date(2023, 2, 7), meeting("a" * 16, "Vladimir Putin", "Recep Tayyip Erdoğan")),
            "b" * 16: (date(2023, 2, 8), meeting("b" * 16, "Putin", "Erdogan")),
            "c" * 16: (None, meeting("c" * 16, "Kim", "Kim Jong Un", "Kim Yo Jong")),
        }
    )
    names = {row[0] for row in con.execute("SELECT name FROM marts.dim_actors").fetchall()}
    assert {"Vladimir Putin", "Kim", "Kim Jong Un", "Kim Yo Jong"} <= names
    assert "Putin" not in names and not any(n.startswith("Erdo") and " " not in n for n in names)
    # Both pages now name the same two people on nearby days: one meeting, reported twice.
    assert con.execute("SELECT count(*) FROM marts.fct_meetings WHERE mention_count = 2").fetchone()[0] == 1


@pytest.mark.parametrize(("second_published", "facts"), [(date(2021, 3, 24), 1), (date(2021, 9, 1), 2)])
def test_messages_merge_across_pages_only_when_their_dates_are_close(second_published: date, facts: int) -> None:
    con = warehouse_with(
        {
            "a" * 16: (date(2021, 3, 23), message("a" * 16, "Kim Jong Un", "Xi Jinping", date(2021, 3, 22))),
            "b" * 16: (second_published, message("b" * 16, "Kim Jong-un", "Xi Jinping")),
        }
    )
    assert con.execute("SELECT count(*) FROM marts.fct_messages").fetchone()[0] == facts
    assert con.execute("SELECT count(*) FROM marts.bridge_event_documents").fetchone()[0] == 2


def test_transliterations_of_a_given_name_are_one_actor() -> None:
    con = warehouse_with(
        {
            "a" * 16: (date(2017, 5, 27), meeting("a" * 16, "Wang Yi", "Sergei Lavrov")),
            "b" * 16: (date(2017, 5, 26), meeting("b" * 16, "Wang Yi", "Sergey Lavrov")),
        }
    )
    assert con.execute("SELECT count(*) FROM marts.dim_actors").fetchone()[0] == 2
    assert con.execute("SELECT mention_count FROM marts.fct_meetings").fetchall() == [(2,)]
    # A name merely close to another stays apart.
    apart = warehouse_with({"c" * 16: (None, meeting("c" * 16, "Sergio Lavrov", "Sergey Lavrov"))})
    assert apart.execute("SELECT count(*) FROM marts.dim_actors").fetchone()[0] == 2


@pytest.mark.parametrize(
    ("dated_pages", "facts"),
    [
        ({"b" * 16: date(2024, 4, 13)}, 1),  # the one dated report: the undated page reports the same meeting
        ({"b" * 16: date(2024, 4, 13), "c" * 16: date(2019, 6, 20)}, 3),  # two meetings: which one is unknown
    ],
)
def test_an_undated_report_joins_the_one_dated_fact_of_its_key(dated_pages: dict[str, date], facts: int) -> None:
    pages = {"a" * 16: (None, meeting("a" * 16, "Kim Jong Un", "Zhao Leji"))}
    pages |= {key: (day, meeting(key, "Zhao Leji", "Kim Jong Un")) for key, day in dated_pages.items()}
    con = warehouse_with(pages)
    assert con.execute("SELECT count(*) FROM marts.fct_meetings").fetchone()[0] == facts


def test_an_undated_message_stays_apart_from_a_dated_one() -> None:
    # Russia Day greetings are sent every year: an undated page's one is not another year's.
    con = warehouse_with(
        {
            "a" * 16: (None, message("a" * 16, "Kim Jong Un", "Vladimir Putin")),
            "b" * 16: (date(2025, 6, 12), message("b" * 16, "Kim Jong Un", "Vladimir Putin", date(2025, 6, 11))),
        }
    )
    assert con.execute("SELECT count(*) FROM marts.fct_messages").fetchone()[0] == 2

"""The data dictionary: rendered from the SQL models, committed under docs/, and never stale."""

from __future__ import annotations

from pathlib import Path

from flows.cli import main
from flows.docs import DEFAULT_OUTPUT, document_models, render_dictionary
from tasks.transform import DOCUMENTED_SCHEMAS
from tests.conftest import REPO

COMMITTED = REPO / DEFAULT_OUTPUT
REGENERATE = "run `.venv/bin/legation docs` and commit docs/data-dictionary.md"


def test_committed_dictionary_is_up_to_date() -> None:
    assert COMMITTED.exists(), f"docs/data-dictionary.md is missing: {REGENERATE}"
    assert COMMITTED.read_text(encoding="utf-8") == render_dictionary(), (
        f"docs/data-dictionary.md is stale: {REGENERATE}"
    )


def test_every_documented_column_has_a_description_and_appears_in_the_dictionary() -> None:
    text = render_dictionary()
    documented = [doc for doc in document_models() if doc.model.schema in DOCUMENTED_SCHEMAS]
    assert {doc.model.table for doc in documented} >= {"marts.fct_messages", "reports.event_timeline"}
    for doc in documented:
        assert f"### `{doc.model.table}`" in text
        assert doc.model.description in text
        for column in doc.columns:
            assert column.description, f"{doc.model.table}.{column.name} has no description"
            assert f"| `{column.name}` | {column.description.replace('|', chr(92) + '|')} |" in text


def test_lineage_traces_columns_to_the_tables_a_model_reads() -> None:
    lineage = {
        f"{doc.model.table}.{column.name}": set(column.derived_from)
        for doc in document_models()
        for column in doc.columns
    }
    assert lineage["marts.dim_documents.title"] == {"staging.documents.title"}
    assert lineage["reports.event_timeline.first_file_name"] == {"marts.dim_documents.file_name"}
    # Through a CTE and a UNION ALL of the three fact tables.
    assert lineage["reports.event_timeline.event_date"] == {
        "marts.fct_messages.sent_on",
        "marts.fct_meetings.held_on",
        "marts.fct_statements.stated_on",
        "marts.dim_documents.published_on",
    }
    # Through a scalar subquery in the select list.
    assert "staging.mention_actors.actor_id" in lineage["marts.fct_messages.sender_id"]
    # Every upstream column named exists as a column of a model or raw table the dictionary knows.
    known = set(lineage)
    for doc in document_models():
        for column in doc.columns:
            for upstream in column.derived_from:
                assert upstream in known or upstream.startswith("raw."), f"{upstream} is not a known column"


def test_legation_docs_writes_the_dictionary(tmp_path: Path) -> None:
    output = tmp_path / "dictionary.md"
    assert main(["docs", "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == render_dictionary()

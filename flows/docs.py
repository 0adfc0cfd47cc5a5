"""The data dictionary: every model's grain, description, upstream tables and column lineage, as Markdown.

Everything comes from the SQL files themselves: descriptions from each model's header (the same text the run
applies with COMMENT ON) and lineage from sqlglot, which traces each output column through the model's CTEs,
joins and unions back to the columns of the tables it reads. No warehouse is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.lineage import lineage
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

from tasks.transform import RAW_TABLES_FILE, SQL_DIR, SqlModel, load_models

DIALECT = "duckdb"
DEFAULT_OUTPUT = Path("docs/data-dictionary.md")
# Analysts' tables first; staging is the plumbing they are built from.
SECTIONS = (
    ("marts", "The tables analysts query (the warehouse contract)."),
    ("reports", "Summaries built on the marts, for reading and charting."),
    ("staging", "Intermediate models the marts are built from; not a public interface."),
)


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    description: str | None
    derived_from: tuple[str, ...]  # upstream schema.table.column, sorted


@dataclass(frozen=True)
class ModelDoc:
    model: SqlModel
    columns: tuple[ColumnDoc, ...]


def raw_schema(sql_dir: Path) -> MappingSchema:
    """The tables Python writes, with their columns, read from the CREATE TABLE statements of raw.sql."""
    schema = MappingSchema(dialect=DIALECT)
    for statement in sqlglot.parse((sql_dir / RAW_TABLES_FILE).read_text(encoding="utf-8"), dialect=DIALECT):
        if isinstance(statement, exp.Create) and statement.kind == "TABLE":
            table = statement.this.this
            columns = {
                column.name: column.args["kind"].sql(dialect=DIALECT)
                for column in statement.this.expressions
                if isinstance(column, exp.ColumnDef)
            }
            schema.add_table(table, columns, dialect=DIALECT)
    return schema


def output_columns(model: SqlModel, schema: MappingSchema) -> list[str]:
    """The model's output columns, with any SELECT * expanded from the schema of the tables it reads."""
    query = sqlglot.parse_one(model.body, dialect=DIALECT)
    qualified = qualify(query, schema=schema, dialect=DIALECT, validate_qualify_columns=False, identify=False)
    return list(qualified.named_selects)


def upstream_columns(node) -> tuple[str, ...]:
    """The leaves of a lineage graph that are columns of real tables, as schema.table.column."""
    found = set()
    for step in node.walk():
        if isinstance(step.expression, exp.Table):
            column = step.name.rsplit(".", 1)[-1]
            found.add(f"{step.expression.db}.{step.expression.name}.{column}")
    return tuple(sorted(found))


def document_model(model: SqlModel, schema: MappingSchema) -> ModelDoc:
    columns = output_columns(model, schema)
    # Later models read this one: its columns join the schema before they are traced.
    schema.add_table(model.table, dict.fromkeys(columns, "UNKNOWN"), dialect=DIALECT)
    nodes = lineage(None, model.body, schema=schema, dialect=DIALECT)
    return ModelDoc(
        model=model,
        columns=tuple(
            ColumnDoc(name, model.column_descriptions.get(name), upstream_columns(nodes[name])) for name in columns
        ),
    )


def document_models(sql_dir: Path = SQL_DIR) -> list[ModelDoc]:
    """Every model, traced in dependency order so that each one's upstream columns are known."""
    schema = raw_schema(sql_dir)
    return [document_model(model, schema) for model in load_models(sql_dir)]


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def code_list(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def render_model(doc: ModelDoc, sql_dir: Path) -> list[str]:
    model = doc.model
    lines = [f"### `{model.table}`", ""]
    if model.description:
        lines += [model.description, ""]
    lines += [
        f"- **Grain:** {model.grain}",
        f"- **Reads:** {code_list(sorted(model.depends_on)) or 'nothing'}",
        f"- **Defined in:** `{model.path.relative_to(sql_dir.parent).as_posix()}`",
    ]
    if model.audits:
        lines.append(f"- **Audits:** {'; '.join(audit.name.split(': ', 1)[1] for audit in model.audits)}")
    lines += ["", "| column | description | derived from |", "| --- | --- | --- |"]
    for column in doc.columns:
        # A column with no upstream column is computed in the model itself: a count(*), a constant.
        derived = code_list(column.derived_from) or "computed in the model"
        lines.append(f"| `{column.name}` | {cell(column.description or '')} | {derived} |")
    return [*lines, ""]


def render_dictionary(sql_dir: Path = SQL_DIR) -> str:
    """The whole data dictionary as Markdown; the same SQL files always give the same text."""
    docs = document_models(sql_dir)
    lines = [
        "# Data dictionary",
        "",
        "Written by `legation docs` from the SQL models in `sql/`: do not edit it by hand; edit a model's header and",
        "run `legation docs` again (a test fails while this file is stale). The descriptions are the ones every run",
        "applies with `COMMENT ON`, so any SQL client shows them too (`SELECT * FROM duckdb_columns()`).",
        "*Derived from* lists the columns of the tables a model reads that each output column is computed from",
        "(values, filters inside aggregates and sort keys of `first(... ORDER BY ...)`), traced by sqlglot.",
        "",
    ]
    for schema, about in SECTIONS:
        in_schema = sorted((doc for doc in docs if doc.model.schema == schema), key=lambda doc: doc.model.table)
        if not in_schema:
            continue
        lines += [f"## {schema}", "", about, ""]
        lines += [
            f"- [`{doc.model.table}`](#{doc.model.table.replace('.', '')}): {doc.model.grain}" for doc in in_schema
        ]
        lines.append("")
        for doc in in_schema:
            lines += render_model(doc, sql_dir)
    return "\n".join(lines).rstrip() + "\n"


def write_dictionary(output: Path = DEFAULT_OUTPUT, sql_dir: Path = SQL_DIR) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_dictionary(sql_dir), encoding="utf-8")
    return output

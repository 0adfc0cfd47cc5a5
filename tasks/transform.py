"""Run the SQL models of sql/ in the order their dependencies give, then their audits.

A model is one file, sql/<schema>/<table>.sql, holding one SELECT; it builds the table <schema>.<table>.
Its header comments state its grain and the audits that must hold on its output:

    -- grain: one row per real-world message
    -- unique: message_id
    -- not_null: message_id, sender_id
    -- references: sender_id -> marts.dim_actors.actor_id

Models in marts/ and reports/ are what analysts read: their header also describes the table and every column,
once, and the run applies it with COMMENT ON so that any SQL client shows it:

    -- description: Letters, verbal, congratulatory and other messages sent from one actor to another.
    -- column message_id: the fact's key, stable across re-runs

Files in sql/audits/ are extra audits: each SELECT returns the offending rows, and must return none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb
import sqlglot
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from sqlglot import exp

from schemas.event_types import EVENT_TYPES

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
MODEL_SCHEMAS = ("staging", "marts", "reports")
DOCUMENTED_SCHEMAS = ("marts", "reports")
RAW_TABLES_FILE = "raw.sql"
AUDIT_FOLDER = "audits"
OFFENDING_ROWS_SHOWN = 5
DIRECTIVE = re.compile(r"^--\s*(grain|unique|not_null|references|description):\s*(.+?)\s*$", re.MULTILINE)
COLUMN_DESCRIPTION = re.compile(r"^--\s*column\s+(\w+):\s*(.+?)\s*$", re.MULTILINE)


class ModelError(Exception):
    """A SQL model that cannot be read or run; the message names its file."""


class AuditFailed(Exception):
    """Audits found offending rows; the message names each audit and shows the rows."""


@dataclass(frozen=True)
class Audit:
    name: str
    sql: str


@dataclass(frozen=True)
class SqlModel:
    path: Path
    table: str  # schema-qualified, e.g. marts.fct_messages
    body: str
    grain: str
    depends_on: frozenset[str]
    audits: tuple[Audit, ...] = field(default=())
    description: str | None = None
    column_descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def schema(self) -> str:
        return self.table.split(".")[0]


def display(path: Path) -> str:
    try:
        return path.resolve().relative_to(SQL_DIR.parent).as_posix()
    except ValueError:
        return str(path)


def parse_sql(path: Path, text: str) -> exp.Expression:
    try:
        statements = [s for s in sqlglot.parse(text, dialect="duckdb") if s is not None]
    except sqlglot.errors.ParseError as error:
        first = error.errors[0] if error.errors else {}
        raise ModelError(
            f"{display(path)}:{first.get('line', '?')}:{first.get('col', '?')}: SQL syntax error: "
            f"{first.get('description', error)}"
        ) from None
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise ModelError(f"{display(path)}: a model holds exactly one SELECT statement")
    return statements[0]


def referenced_tables(query: exp.Expression) -> set[str]:
    cte_names = {cte.alias_or_name for cte in query.find_all(exp.CTE)}
    return {
        f"{table.db}.{table.name}" if table.db else table.name
        for table in query.find_all(exp.Table)
        if table.db or table.name not in cte_names
    }


def directive_audits(table: str, directives: list[tuple[str, str]]) -> list[Audit]:
    audits = []
    for kind, value in directives:
        if kind == "unique":
            audits.append(
                Audit(
                    f"{table}: unique ({value})",
                    f"SELECT {value}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1",
                )
            )
        elif kind == "not_null":
            for column in (c.strip() for c in value.split(",")):
                audits.append(Audit(f"{table}: {column} not null", f"SELECT * FROM {table} WHERE {column} IS NULL"))
        elif kind == "references":
            column, _, target = (part.strip() for part in value.partition("->"))
            target_table, _, target_column = target.rpartition(".")
            audits.append(
                Audit(
                    f"{table}: {column} found in {target}",
                    f"SELECT t.* FROM {table} t ANTI JOIN {target_table} r ON t.{column} = r.{target_column} "
                    f"WHERE t.{column} IS NOT NULL",
                )
            )
    return audits


def read_model(path: Path) -> SqlModel:
    schema, name = path.parent.name, path.stem
    table = f"{schema}.{name}"
    text = path.read_text(encoding="utf-8")
    query = parse_sql(path, text)
    directives = DIRECTIVE.findall(text)
    grains = [value for kind, value in directives if kind == "grain"]
    if not grains:
        raise ModelError(f"{display(path)}: the header must state the model's grain ('-- grain: one row per ...')")
    if schema == "marts" and any(isinstance(column, exp.Star) for column in query.selects):
        raise ModelError(f"{display(path)}: a marts model lists its columns (no SELECT *), so that lineage works")
    descriptions = [value for kind, value in directives if kind == "description"]
    if schema in DOCUMENTED_SCHEMAS and not descriptions:
        raise ModelError(f"{display(path)}: describe the table in its header ('-- description: ...')")
    return SqlModel(
        path=path,
        table=table,
        body=text.strip().rstrip(";"),
        grain=grains[0],
        depends_on=frozenset(referenced_tables(query) - {table}),
        audits=tuple(directive_audits(table, directives)),
        description=descriptions[0] if descriptions else None,
        column_descriptions=dict(COLUMN_DESCRIPTION.findall(text)),
    )


def raw_tables(sql_dir: Path) -> set[str]:
    path = sql_dir / RAW_TABLES_FILE
    created = sqlglot.parse(path.read_text(encoding="utf-8"), dialect="duckdb")
    return {
        f"{statement.this.find(exp.Table).db}.{statement.this.find(exp.Table).name}"
        for statement in created
        if isinstance(statement, exp.Create) and statement.kind == "TABLE"
    }


def order_models(models: list[SqlModel], sources: set[str]) -> list[SqlModel]:
    """Dependencies first; every table a model reads must be a source or another model's output."""
    by_table = {model.table: model for model in models}
    for model in models:
        unknown = sorted(model.depends_on - by_table.keys() - sources)
        if unknown:
            raise ModelError(f"{display(model.path)}: reads {', '.join(unknown)}, which no model or raw table builds")
    graph = TopologicalSorter({t: sorted(by_table[t].depends_on & by_table.keys()) for t in sorted(by_table)})
    try:
        return [by_table[table] for table in graph.static_order()]
    except CycleError as error:
        raise ModelError(f"the SQL models depend on each other in a cycle: {' -> '.join(error.args[1])}") from None


def load_models(sql_dir: Path = SQL_DIR) -> list[SqlModel]:
    """Read, validate and order every model; raises ModelError before anything runs."""
    paths = sorted(path for schema in MODEL_SCHEMAS for path in (sql_dir / schema).glob("*.sql"))
    return order_models([read_model(path) for path in paths], raw_tables(sql_dir))


def models_fingerprint(sql_dir: Path = SQL_DIR) -> str:
    """Changes whenever any SQL file changes: the marts must then be rebuilt even if no page changed."""
    digest = hashlib.sha256()
    for path in sorted(sql_dir.rglob("*.sql")):
        digest.update(path.relative_to(sql_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_extra_audits(sql_dir: Path = SQL_DIR) -> list[Audit]:
    audits = [every_event_has_a_document()]
    for path in sorted((sql_dir / AUDIT_FOLDER).glob("*.sql")):
        query = parse_sql(path, path.read_text(encoding="utf-8"))
        audits.append(Audit(display(path), query.sql(dialect="duckdb")))
    return audits


def every_event_has_a_document() -> Audit:
    """Every fact row is reported by at least one page, and every page link points at a fact that exists; written
    from the list of event types, so that a new type is audited like the others."""
    unlinked = [
        f"SELECT '{t.name}' AS event_type, {t.fact_key} AS event_id, 'no document' AS problem "
        f"FROM {t.fact_table} ANTI JOIN marts.bridge_event_documents AS b ON b.event_id = {t.fact_key}"
        for t in EVENT_TYPES
    ]
    facts = " UNION ALL ".join(f"SELECT {t.fact_key} FROM {t.fact_table}" for t in EVENT_TYPES)
    dangling = (
        "SELECT b.event_type, b.event_id, 'no such event' FROM marts.bridge_event_documents AS b "
        f"WHERE b.event_id NOT IN ({facts})"
    )
    return Audit("every event has a document (schemas/event_types.py)", "\nUNION ALL\n".join([*unlinked, dangling]))


def run_model(con: duckdb.DuckDBPyConnection, model: SqlModel) -> None:
    try:
        con.execute(f"CREATE OR REPLACE TABLE {model.table} AS (\n{model.body}\n)")
    except duckdb.Error as error:
        # The statement starts one line before the file's text: report the file's own line numbers.
        message = re.sub(r"LINE (\d+):", lambda m: f"line {int(m.group(1)) - 1}:", str(error))
        raise ModelError(f"{display(model.path)}: {message}") from None


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def apply_descriptions(con: duckdb.DuckDBPyConnection, model: SqlModel) -> None:
    """COMMENT ON the table and each column; a documented schema's model must describe every column it outputs."""
    columns = [row[0] for row in con.execute(f"DESCRIBE {model.table}").fetchall()]
    if model.schema in DOCUMENTED_SCHEMAS:
        problems = []
        undescribed = [column for column in columns if column not in model.column_descriptions]
        if undescribed:
            problems.append(f"describe column(s) {', '.join(undescribed)} ('-- column name: ...')")
        unknown = sorted(set(model.column_descriptions) - set(columns))
        if unknown:
            problems.append(f"described column(s) {', '.join(unknown)} are not in its output")
        if problems:
            raise ModelError(f"{display(model.path)}: " + "; ".join(problems))
    if model.description:
        con.execute(f"COMMENT ON TABLE {model.table} IS {sql_string(model.description)}")
    for column, description in model.column_descriptions.items():
        con.execute(f"COMMENT ON COLUMN {model.table}.{column} IS {sql_string(description)}")


def failed_audits(con: duckdb.DuckDBPyConnection, audits: list[Audit]) -> list[str]:
    failures = []
    for audit in audits:
        relation = con.sql(audit.sql)
        offending = relation.fetchmany(OFFENDING_ROWS_SHOWN + 1)
        if offending:
            shown = "\n".join(
                f"    {dict(zip(relation.columns, row, strict=True))}" for row in offending[:OFFENDING_ROWS_SHOWN]
            )
            more = " (and more)" if len(offending) > OFFENDING_ROWS_SHOWN else ""
            failures.append(f"  audit {audit.name} failed; offending rows{more}:\n{shown}")
    return failures


@task(name="run sql models", cache_policy=NO_CACHE)
def run_models(con: duckdb.DuckDBPyConnection, models: list[SqlModel], extra_audits: list[Audit]) -> list[str]:
    """Build every model in order, then run every audit; raises before the caller can commit if one fails."""
    logger = get_run_logger()
    for position, model in enumerate(models, start=1):
        logger.info("model %d/%d: %s", position, len(models), model.table)
        run_model(con, model)
        apply_descriptions(con, model)
    audits = [audit for model in models for audit in model.audits] + extra_audits
    failures = failed_audits(con, audits)
    if failures:
        raise AuditFailed(f"{len(failures)} of {len(audits)} audits failed:\n" + "\n".join(failures))
    logger.info("%d audits passed", len(audits))
    return [model.table for model in models]

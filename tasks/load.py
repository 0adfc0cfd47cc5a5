"""Write a run's files, documents and mentions into the raw tables (inside the caller's transaction)."""

from __future__ import annotations

import hashlib
import json
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.document import Document
from schemas.event_types import EVENT_TYPES
from schemas.files import QuarantinedFile, SourceFile
from schemas.mentions import Actor, DocumentMentions, ExtractedChunk, MentionFiles
from schemas.plan import KnownDocument, LedgerEntry, WarehouseState
from tasks.parsing import PARSER_VERSION
from tasks.warehouse import LOAD_MEMORY_VARIABLE, MEMORY_VARIABLE

LEDGER_COLUMNS = {
    "source_path": "VARCHAR",
    "file_name": "VARCHAR",
    "size_bytes": "BIGINT",
    "content_sha256": "VARCHAR",
    "document_id": "VARCHAR",
    "status": "VARCHAR",
    "error": "VARCHAR",
    "last_changed_run": "VARCHAR",
    "modified_ns": "BIGINT",
    "record_id": "VARCHAR",
    "record_offset": "BIGINT",
    "parsed_with": "VARCHAR",
}
RESTAMP_COLUMNS = {"source_path": "VARCHAR", "size_bytes": "BIGINT", "modified_ns": "BIGINT"}
DOCUMENT_COLUMNS = {
    "document_id": "VARCHAR",
    "content_sha256": "VARCHAR",
    "title": "VARCHAR",
    "outlet": "VARCHAR",
    "published_on": "DATE",
    "body_text": "VARCHAR",
    "encoding": "VARCHAR",
    "size_bytes": "BIGINT",
    "loaded_in_run": "VARCHAR",
    "extracted_with": "VARCHAR",
    "url": "VARCHAR",
}
MENTION_COLUMNS = {
    "mention_id": "VARCHAR",
    "document_id": "VARCHAR",
    "event_type": "VARCHAR",
    "event_date": "DATE",
    "message_kind": "VARCHAR",
    "occasion": "VARCHAR",
    "location": "VARCHAR",
    "quote": "VARCHAR",
    "text": "VARCHAR",
    "evidence": "VARCHAR",
    "sentence_index": "INTEGER",
    "extractor_version": "VARCHAR",
}
MENTION_ACTOR_COLUMNS = {
    "mention_id": "VARCHAR",
    "role": "VARCHAR",
    "position": "INTEGER",
    "name": "VARCHAR",
    "actor_type": "VARCHAR",
    "country_code": "VARCHAR",
}
# DuckDB's JSON reader refuses objects above maximum_object_size, and takes about four times it from the run's
# capped memory (tasks/warehouse.py): the limit is set per file from its longest row in bytes, at least this.
MIN_JSON_OBJECT_BYTES = 16 << 20


def column_definitions(columns: dict[str, str]) -> str:
    """The column list of a CREATE TABLE for these names and types."""
    return ", ".join(f"{name} {kind}" for name, kind in columns.items())


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str], rows: Iterable[dict]) -> int:
    """Bulk insert through DuckDB's own JSON reader: far faster than executemany for thousands of rows."""
    with tempfile.TemporaryDirectory(prefix="legation-") as folder:
        path = Path(folder) / "rows.ndjson"
        count, longest = 0, 0
        with path.open("wb") as handle:
            for row in rows:
                line = (json.dumps(row, default=str, ensure_ascii=False) + "\n").encode("utf-8")
                handle.write(line)
                count, longest = count + 1, max(longest, len(line))
        maximum_object_size = max(MIN_JSON_OBJECT_BYTES, longest)
        if count:
            names = ", ".join(columns)
            types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
            try:
                con.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM read_json(?, format = 'newline_delimited', "
                    f"columns = {{{types}}}, maximum_object_size = {maximum_object_size})",
                    [str(path)],
                )
            except duckdb.OutOfMemoryException as error:
                raise MemoryError(
                    f"{table}: a row of {longest / 2**20:.0f} MB did not fit in the run's DuckDB memory cap (the JSON "
                    f"reader takes about 4 times the longest row); raise {LOAD_MEMORY_VARIABLE} (while pages load) or "
                    f"{MEMORY_VARIABLE} (after): {error}"
                ) from None
    return count


# Ledger columns added after the first release. A run's build gets them from raw.sql (ALTER TABLE); a published
# warehouse from an older version is opened read-only, so reading it supplies them as NULL instead.
LATER_LEDGER_COLUMNS = {
    "previous_document_id": "VARCHAR",
    "modified_ns": "BIGINT",
    "record_id": "VARCHAR",
    "record_offset": "BIGINT",
    "parsed_with": "VARCHAR",
}


def ledger_relation(con: duckdb.DuckDBPyConnection) -> str:
    """raw.file_ledger with every column this version reads, whichever version wrote it."""
    present = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' AND table_name = 'file_ledger'"
        ).fetchall()
    }
    missing = [f"NULL::{kind} AS {name}" for name, kind in LATER_LEDGER_COLUMNS.items() if name not in present]
    return f"(SELECT *, {', '.join(missing)} FROM raw.file_ledger)" if missing else "raw.file_ledger"


def document_paths(ledger: str = "raw.file_ledger") -> str:
    """Every path a document was read from: its current file, and a file whose content turned unreadable since (it
    keeps its earlier document until pruned). Two equality joins, not one join on `IN (a, b)`, which DuckDB runs as
    a nested loop: 41 s against 0.14 s for 50,000 documents and paths."""
    return f"""
    SELECT document_id, source_path, file_name FROM {ledger} WHERE document_id IS NOT NULL
    UNION
    SELECT previous_document_id, source_path, file_name FROM {ledger} WHERE previous_document_id IS NOT NULL
    """


def read_state(con: duckdb.DuckDBPyConnection) -> WarehouseState:
    """What the warehouse holds: every path seen, every document, the fingerprint of the models last run."""
    ledger_table = ledger_relation(con)
    rows = con.sql(
        f"SELECT source_path, content_sha256, status, size_bytes, modified_ns, record_id, record_offset, parsed_with "
        f"FROM {ledger_table}"
    )
    ledger = {row[0]: LedgerEntry(**dict(zip(rows.columns[1:], row[1:], strict=True))) for row in rows.fetchall()}
    documents = {
        document_id: KnownDocument(
            document_id=document_id, published_on=published_on, extracted_with=extracted_with, source_paths=paths
        )
        for document_id, published_on, extracted_with, paths in con.execute(
            f"""
            WITH document_paths AS ({document_paths(ledger_table)})
            SELECT d.document_id, d.published_on, d.extracted_with,
                   coalesce(list(l.source_path ORDER BY l.source_path) FILTER (WHERE l.source_path IS NOT NULL), [])
            FROM raw.documents d
            LEFT JOIN document_paths l USING (document_id)
            GROUP BY ALL
            """
        ).fetchall()
    }
    fingerprint = con.execute("SELECT max(value) FROM raw.build_state WHERE key = 'models_fingerprint'").fetchone()[0]
    return WarehouseState(ledger=ledger, documents=documents, models_fingerprint=fingerprint)


def document_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT document_id FROM raw.documents").fetchall()}


def stored_documents(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[Document]:
    """Documents as loaded before, to extract them again without reading their files."""
    rows = con.sql(
        f"""
        WITH document_paths AS ({document_paths()})
        SELECT d.document_id, d.content_sha256, d.title, d.outlet, d.published_on, d.body_text, d.encoding,
               d.size_bytes, d.url, arg_min(l.file_name, l.source_path) AS file_name, min(l.source_path) AS source_path
        FROM raw.documents d JOIN document_paths l USING (document_id)
        WHERE list_contains($ids, d.document_id)
        GROUP BY ALL ORDER BY d.document_id
        """,
        params={"ids": ids},
    )
    return [Document(**dict(zip(rows.columns, row, strict=True))) for row in rows.fetchall()]


def quarantined_in_run(con: duckdb.DuckDBPyConnection, run_id: str) -> list[QuarantinedFile]:
    """Every file this run set aside, duplicates of a bad file included."""
    rows = con.execute(
        "SELECT source_path, file_name, size_bytes, content_sha256, error FROM raw.file_ledger "
        "WHERE status = 'quarantined' AND last_changed_run = ? ORDER BY source_path",
        [run_id],
    ).fetchall()
    return [
        QuarantinedFile(source_path=p, file_name=f, size_bytes=s, content_sha256=h, reason=r) for p, f, s, h, r in rows
    ]


def ledger_rows(
    run_id: str,
    source_files: list[SourceFile],
    loaded_ids: set[str],
    reasons: dict[str, str],
    parsed_with: str = PARSER_VERSION,
) -> Iterator[dict]:
    """reasons maps a source path or a content hash to the reason it was quarantined."""
    for source_file in source_files:
        sha = source_file.content_sha256
        document_id = sha[:16] if sha else None
        loaded = document_id in loaded_ids
        yield {
            "source_path": source_file.source_path,
            "file_name": source_file.file_name,
            "size_bytes": source_file.size_bytes,
            "content_sha256": sha,
            "document_id": document_id if loaded else None,
            "status": "loaded" if loaded else "quarantined",
            "error": None if loaded else reasons.get(source_file.source_path) or reasons.get(sha or "", "not parsed"),
            "last_changed_run": run_id,
            "modified_ns": source_file.modified_ns,
            "record_id": source_file.record_id,
            "record_offset": source_file.record_offset,
            "parsed_with": parsed_with,
        }


def document_rows(run_id: str, documents: list[Document], extracted_with: str) -> Iterator[dict]:
    for document in documents:
        yield {
            **document.model_dump(include=set(DOCUMENT_COLUMNS)),
            "loaded_in_run": run_id,
            "extracted_with": extracted_with,
        }


def actor_row(mention_id: str, role: str, position: int, actor: Actor) -> dict:
    return {"mention_id": mention_id, "role": role, "position": position, **actor.model_dump()}


def mention_rows(extracted: DocumentMentions) -> tuple[list[dict], list[dict]]:
    """Rows for raw.mentions and raw.mention_actors; a mention's key is a hash of what it says, so it is stable."""
    mentions: list[dict] = []
    actors: list[dict] = []
    for kind in EVENT_TYPES:
        event_type = kind.name
        for ordinal, mention in enumerate(getattr(extracted, kind.mentions_field)):
            key = f"{extracted.document_id}|{event_type}|{ordinal}|{mention.model_dump_json()}"
            mention_id = hashlib.sha256(key.encode()).hexdigest()[:16]
            row = dict.fromkeys(MENTION_COLUMNS)
            row |= {
                "mention_id": mention_id,
                "document_id": extracted.document_id,
                "event_type": event_type,
                "evidence": mention.evidence,
                "sentence_index": mention.sentence_index,
                "extractor_version": extracted.extractor_version,
            }
            if event_type == "message":
                row |= {
                    "event_date": mention.sent_on,
                    "message_kind": mention.message_kind,
                    "occasion": mention.occasion,
                }
                actors += [actor_row(mention_id, "sender", 0, mention.sender)]
                actors += [actor_row(mention_id, "recipient", 0, mention.recipient)]
            elif event_type == "meeting":
                row |= {"event_date": mention.held_on, "location": mention.location}
                actors += [actor_row(mention_id, "participant", i, a) for i, a in enumerate(mention.participants)]
            else:
                row |= {"event_date": mention.stated_on, "quote": mention.quote, "text": mention.text}
                actors += [actor_row(mention_id, "speaker", 0, mention.speaker)]
                if mention.addressee is not None:
                    actors += [actor_row(mention_id, "addressee", 0, mention.addressee)]
            mentions.append(row)
    return mentions, actors


def replace_ledger_rows(con: duckdb.DuckDBPyConnection, rows: Iterable[dict]) -> None:
    """Upsert by path, keeping the run in which each path was first seen.

    A path whose new content is quarantined remembers the document it held before (previous_document_id): a page
    that turns unreadable keeps its rows, as a page that disappears does, until the analyst prunes.
    """
    extra = {"first_seen_run": "VARCHAR", "previous_document_id": "VARCHAR"}
    con.execute(f"CREATE OR REPLACE TEMP TABLE incoming_ledger ({column_definitions(LEDGER_COLUMNS | extra)})")
    insert_rows(con, "incoming_ledger", LEDGER_COLUMNS, rows)
    con.execute(
        """
        UPDATE incoming_ledger i SET
            first_seen_run = coalesce(
                (SELECT l.first_seen_run FROM raw.file_ledger l WHERE l.source_path = i.source_path),
                i.last_changed_run
            ),
            previous_document_id = CASE WHEN i.status = 'quarantined' THEN (
                SELECT coalesce(l.document_id, l.previous_document_id)
                FROM raw.file_ledger l WHERE l.source_path = i.source_path
            ) END;
        DELETE FROM raw.file_ledger WHERE source_path IN (SELECT source_path FROM incoming_ledger);
        INSERT INTO raw.file_ledger BY NAME SELECT * FROM incoming_ledger;
        DROP TABLE incoming_ledger;
        """
    )


def restamp_ledger_rows(con: duckdb.DuckDBPyConnection, files: list[SourceFile]) -> None:
    """Store the new size and modification time of pages found unchanged by their hash (a touched file, or a record of
    a file that grew), so the next run need not read them."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE restamped ({column_definitions(RESTAMP_COLUMNS)})")
    insert_rows(con, "restamped", RESTAMP_COLUMNS, (f.model_dump(include=set(RESTAMP_COLUMNS)) for f in files))
    con.execute(
        "UPDATE raw.file_ledger l SET size_bytes = r.size_bytes, modified_ns = r.modified_ns FROM restamped r "
        "WHERE l.source_path = r.source_path"
    )
    con.execute("DROP TABLE restamped")


def drop_orphans(con: duckdb.DuckDBPyConnection) -> None:
    """A document no path holds any more (its file changed) goes, with the mentions read from it."""
    con.execute(
        "DELETE FROM raw.documents WHERE document_id NOT IN "
        "(SELECT document_id FROM raw.file_ledger WHERE status IN ('loaded', 'gone')) "
        "AND document_id NOT IN (SELECT previous_document_id FROM raw.file_ledger WHERE previous_document_id NOT NULL)"
    )
    con.execute("DELETE FROM raw.mentions WHERE document_id NOT IN (SELECT document_id FROM raw.documents)")
    con.execute("DELETE FROM raw.mention_actors WHERE mention_id NOT IN (SELECT mention_id FROM raw.mentions)")


def all_mention_rows(extracted: list[DocumentMentions]) -> tuple[list[dict], list[dict]]:
    mentions: list[dict] = []
    actors: list[dict] = []
    for one in extracted:
        rows, actor_rows = mention_rows(one)
        mentions += rows
        actors += actor_rows
    return mentions, actors


def delete_mentions(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    if document_ids:
        con.execute(
            "DELETE FROM raw.mention_actors WHERE mention_id IN "
            "(SELECT mention_id FROM raw.mentions WHERE list_contains(?, document_id))",
            [document_ids],
        )
        con.execute("DELETE FROM raw.mentions WHERE list_contains(?, document_id)", [document_ids])


def insert_mentions(con: duckdb.DuckDBPyConnection, extracted: list[DocumentMentions]) -> int:
    mentions, actors = all_mention_rows(extracted)
    insert_rows(con, "raw.mention_actors", MENTION_ACTOR_COLUMNS, actors)
    return insert_rows(con, "raw.mentions", MENTION_COLUMNS, mentions)


def replace_mentions(con: duckdb.DuckDBPyConnection, extracted: list[DocumentMentions]) -> int:
    delete_mentions(con, [one.document_id for one in extracted])
    return insert_mentions(con, extracted)


def write_mention_files(extracted: list[DocumentMentions], folder: Path) -> MentionFiles:
    """A chunk's rows as Parquet files in folder. Run by an extraction worker: the rows are shaped there, beside the
    other workers, instead of in the flow's one process, and they reach the flow as files it loads in bulk."""
    stem = folder / uuid.uuid4().hex
    files = MentionFiles(mentions_path=f"{stem}-mentions.parquet", actors_path=f"{stem}-actors.parquet")
    mentions, actors = all_mention_rows(extracted)
    with duckdb.connect(config={"threads": 1}) as scratch:
        for table, columns, rows, path in (
            ("mentions", MENTION_COLUMNS, mentions, files.mentions_path),
            ("mention_actors", MENTION_ACTOR_COLUMNS, actors, files.actors_path),
        ):
            scratch.execute(f"CREATE TABLE {table} ({column_definitions(columns)})")
            insert_rows(scratch, table, columns, rows)
            scratch.table(table).write_parquet(path)
    return files


def insert_mention_files(con: duckdb.DuckDBPyConnection, files: list[MentionFiles]) -> int:
    """Load the files workers wrote, with DuckDB's Parquet reader, inside the caller's transaction; once read into
    the build they are deleted (a run of 50,000 pages would otherwise leave 1,500 of them until it ends)."""
    if not files:
        return 0
    mentions = 0
    for table, columns, paths in (
        ("raw.mention_actors", MENTION_ACTOR_COLUMNS, [f.actors_path for f in files]),
        ("raw.mentions", MENTION_COLUMNS, [f.mentions_path for f in files]),
    ):
        names = ", ".join(columns)
        mentions = con.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM read_parquet(?)", [paths]
        ).fetchone()[0]
    for path in [f.actors_path for f in files] + [f.mentions_path for f in files]:
        Path(path).unlink(missing_ok=True)
    return mentions


def replace_chunk_mentions(con: duckdb.DuckDBPyConnection, chunks: list[ExtractedChunk]) -> int:
    """The mentions of the chunks' documents, replaced by what the chunks hold: rows, or files of rows."""
    delete_mentions(con, [document_id for chunk in chunks for document_id in chunk.document_ids])
    inline = [mentions for chunk in chunks for mentions in chunk.mentions]
    return insert_mentions(con, inline) + insert_mention_files(con, [chunk.files for chunk in chunks if chunk.files])


@task(name="load documents", cache_policy=NO_CACHE)
def load_documents(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    documents: list[Document],
    extracted: list[ExtractedChunk],
    extracted_with: str,
) -> int:
    """Write a batch of documents and the mentions read from them; the caller owns the transaction."""
    new_ids = sorted(document.document_id for document in documents)
    con.execute("DELETE FROM raw.documents WHERE list_contains(?, document_id)", [new_ids])
    insert_rows(con, "raw.documents", DOCUMENT_COLUMNS, document_rows(run_id, documents, extracted_with))
    mention_count = replace_chunk_mentions(con, extracted)
    get_run_logger().info("loaded %d documents and %d mentions", len(documents), mention_count)
    return mention_count


@task(name="reload mentions", cache_policy=NO_CACHE)
def reload_mentions(con: duckdb.DuckDBPyConnection, extracted: list[ExtractedChunk], extracted_with: str) -> int:
    """Replace the mentions of stored documents that were extracted again."""
    mention_count = replace_chunk_mentions(con, extracted)
    con.execute(
        "UPDATE raw.documents SET extracted_with = ? WHERE list_contains(?, document_id)",
        [extracted_with, [document_id for chunk in extracted for document_id in chunk.document_ids]],
    )
    return mention_count


@task(name="record files", cache_policy=NO_CACHE)
def record_files(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    files: list[SourceFile],
    quarantined: list[QuarantinedFile],
    gone_paths: list[str],
    prune_gone: bool,
    replaced_paths: list[str],
    restamped: list[SourceFile],
) -> None:
    """Write the ledger rows of the run's files, mark missing ones gone, drop documents no file holds any more.

    restamped: unchanged pages whose file's size or modification time changed; only those columns are written.
    replaced_paths: files the ledger held as one page that now hold many; their rows go, as a changed file's do.
    """
    restamp_ledger_rows(con, restamped)
    reasons = {q.source_path: q.reason for q in quarantined} | {
        q.content_sha256: q.reason for q in quarantined if q.content_sha256
    }
    replace_ledger_rows(con, ledger_rows(run_id, files, document_ids(con), reasons))
    con.execute("DELETE FROM raw.file_ledger WHERE list_contains(?, source_path)", [replaced_paths])
    # A page that disappears keeps its rows, marked gone, unless the analyst asks to prune.
    con.execute(
        "UPDATE raw.file_ledger SET status = 'gone', last_changed_run = ? WHERE list_contains(?, source_path)",
        [run_id, gone_paths],
    )
    if prune_gone:
        con.execute("DELETE FROM raw.file_ledger WHERE status = 'gone'")
        con.execute("UPDATE raw.file_ledger SET previous_document_id = NULL WHERE previous_document_id NOT NULL")
    drop_orphans(con)


def save_models_fingerprint(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    con.execute("DELETE FROM raw.build_state WHERE key = 'models_fingerprint'")
    con.execute("INSERT INTO raw.build_state VALUES ('models_fingerprint', ?)", [fingerprint])

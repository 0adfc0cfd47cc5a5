-- The tables that Python code writes (schema raw); every model in staging/ and marts/ reads from these.
-- No PRIMARY KEY constraints: a run deletes and re-inserts rows of the same key in one transaction,
-- and the audits check the keys instead.
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS marts;
CREATE SCHEMA IF NOT EXISTS reports;

-- grain: one row per file path ever seen in the source folder (its latest content)
CREATE TABLE IF NOT EXISTS raw.file_ledger (
    source_path VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    content_sha256 VARCHAR,
    document_id VARCHAR,
    status VARCHAR NOT NULL,          -- loaded | quarantined | gone (loaded once, missing from the folder now)
    error VARCHAR,                    -- the quarantine reason
    previous_document_id VARCHAR,     -- the document a quarantined path held before it turned unreadable (kept)
    first_seen_run VARCHAR NOT NULL,
    last_changed_run VARCHAR NOT NULL,
    modified_ns BIGINT,               -- the file's st_mtime_ns when last hashed; null: hash it on the next run
    record_id VARCHAR,                -- a page inside a file that holds many ('line-' + a hash, a WARC-Record-ID); the path
                                      -- is then the file's path, '#' and this id
    record_offset BIGINT,             -- where that page starts in its file
    parsed_with VARCHAR               -- the parser version that read the page; another one reads it again
);
-- Columns added since the first release, for warehouses written before them (tasks/load.py LATER_LEDGER_COLUMNS);
-- without modified_ns a file is hashed until a run writes its ledger row.
ALTER TABLE raw.file_ledger ADD COLUMN IF NOT EXISTS previous_document_id VARCHAR;
ALTER TABLE raw.file_ledger ADD COLUMN IF NOT EXISTS modified_ns BIGINT;
ALTER TABLE raw.file_ledger ADD COLUMN IF NOT EXISTS record_id VARCHAR;
ALTER TABLE raw.file_ledger ADD COLUMN IF NOT EXISTS record_offset BIGINT;
ALTER TABLE raw.file_ledger ADD COLUMN IF NOT EXISTS parsed_with VARCHAR;

-- grain: one row per distinct page content that became a document
CREATE TABLE IF NOT EXISTS raw.documents (
    document_id VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    title VARCHAR,
    outlet VARCHAR,
    published_on DATE,
    body_text VARCHAR NOT NULL,
    encoding VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    loaded_in_run VARCHAR NOT NULL,
    extracted_with VARCHAR NOT NULL,  -- the extractor version that read the mentions
    url VARCHAR                       -- the page's address, where the input names it
);
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS url VARCHAR;

-- grain: one row per event mention the extractor read from a document
CREATE TABLE IF NOT EXISTS raw.mentions (
    mention_id VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,      -- message | meeting | statement
    event_date DATE,
    message_kind VARCHAR,
    occasion VARCHAR,
    location VARCHAR,
    quote VARCHAR,
    text VARCHAR,
    evidence VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL
);

-- grain: one row per actor in a role of a mention (sender, recipient, participant, speaker, addressee)
CREATE TABLE IF NOT EXISTS raw.mention_actors (
    mention_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    actor_type VARCHAR,
    country_code VARCHAR
);

-- grain: one row per setting of the last published build (e.g. the fingerprint of the SQL models it ran)
CREATE TABLE IF NOT EXISTS raw.build_state (
    key VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);

-- grain: one row per file path whose latest content could not become a document
-- description: Files set aside, with the reason; the files themselves stay untouched in the source folder.
-- unique: source_path
-- not_null: source_path, file_name, reason
SELECT
    source_path,
    file_name,
    size_bytes,
    content_sha256,
    error AS reason,
    first_seen_run,
    last_changed_run
FROM raw.file_ledger
WHERE status = 'quarantined'

-- grain: one row per file path whose latest content could not become a document
-- description: Files set aside, with the reason; the files themselves stay untouched in the source folder.
-- unique: source_path
-- not_null: source_path, file_name, reason
-- column source_path: The file's path relative to the source folder.
-- column file_name: The file's base name.
-- column size_bytes: The file's size in bytes.
-- column content_sha256: SHA-256 of the file's bytes; null if it could not be read.
-- column reason: Why it could not become a document.
-- column first_seen_run: The flow run that first saw this path.
-- column last_changed_run: The flow run that last saw its content change.
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

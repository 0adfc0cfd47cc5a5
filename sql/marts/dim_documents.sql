-- grain: one row per input page that became a document (the same content under two names is one document)
-- description: The pages the events were read from.
-- unique: document_id
-- not_null: document_id, file_name, content_sha256
SELECT
    document_id,
    file_name,
    source_path,
    title,
    outlet,
    published_on,
    content_sha256,
    encoding,
    size_bytes,
    path_count,
    is_gone
FROM staging.documents

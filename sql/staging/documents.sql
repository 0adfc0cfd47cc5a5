-- grain: one row per document (a distinct page content), named after the first path that holds it
--   (a path still in the folder before one that is gone)
-- description: Every page that became a valid document, with its article text.
-- unique: document_id
-- not_null: document_id, content_sha256, file_name, body_text
WITH holders AS (
    SELECT document_id, source_path, file_name, record_id, status
    FROM raw.file_ledger
    WHERE status IN ('loaded', 'gone')
    UNION ALL
    -- A page that turned unreadable keeps the document it held, as a page that is gone does.
    SELECT previous_document_id, source_path, file_name, record_id, 'gone'
    FROM raw.file_ledger
    WHERE previous_document_id IS NOT NULL
),
paths AS (
    SELECT
        document_id,
        first(source_path ORDER BY status <> 'loaded', source_path) AS source_path,
        first(file_name ORDER BY status <> 'loaded', source_path) AS file_name,
        first(record_id ORDER BY status <> 'loaded', source_path) AS record_id,
        count(*) FILTER (WHERE status = 'loaded') AS path_count,
        bool_and(status = 'gone') AS is_gone
    FROM holders
    GROUP BY document_id
)
SELECT
    d.document_id,
    d.content_sha256,
    p.file_name,
    p.source_path,
    p.record_id,
    d.url,
    p.path_count,
    p.is_gone,
    nullif(trim(d.title), '') AS title,
    nullif(trim(d.outlet), '') AS outlet,
    d.published_on,
    d.body_text,
    d.encoding,
    d.size_bytes,
    d.loaded_in_run,
    d.extracted_with
FROM raw.documents AS d
JOIN paths AS p ON p.document_id = d.document_id

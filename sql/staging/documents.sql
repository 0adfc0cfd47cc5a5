-- grain: one row per document (a distinct page content), named after the first path that holds it
-- description: Every page that became a valid document, with its article text.
-- unique: document_id
-- not_null: document_id, content_sha256, file_name, body_text
WITH paths AS (
    SELECT
        document_id,
        min(source_path) AS source_path,
        arg_min(file_name, source_path) AS file_name,
        count(*) AS path_count
    FROM raw.file_ledger
    WHERE status = 'loaded'
    GROUP BY document_id
)
SELECT
    d.document_id,
    d.content_sha256,
    p.file_name,
    p.source_path,
    p.path_count,
    nullif(trim(d.title), '') AS title,
    nullif(trim(d.outlet), '') AS outlet,
    d.published_on,
    d.body_text,
    d.encoding,
    d.size_bytes,
    d.loaded_in_run
FROM raw.documents AS d
JOIN paths AS p ON p.document_id = d.document_id

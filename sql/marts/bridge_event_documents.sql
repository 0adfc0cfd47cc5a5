-- grain: one row per (event, page that reports it)
-- description: Which pages report each event, with the sentence it was read from.
-- unique: event_id, document_id
-- not_null: event_id, event_type, document_id, evidence
-- references: document_id -> marts.dim_documents.document_id
SELECT
    f.fact_id AS event_id,
    m.event_type,
    m.document_id,
    first(m.evidence ORDER BY m.sentence_index, m.mention_id) AS evidence,
    min(m.sentence_index) AS sentence_index,
    first(m.extractor_version ORDER BY m.sentence_index, m.mention_id) AS extractor_version
FROM staging.event_facts AS f
JOIN staging.event_mentions AS m ON m.mention_id = f.mention_id
GROUP BY f.fact_id, m.event_type, m.document_id

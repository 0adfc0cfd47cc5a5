-- grain: one row per (event, page that reports it)
-- description: Which pages report each event, with the sentence it was read from.
-- unique: event_id, document_id
-- not_null: event_id, event_type, document_id, evidence
-- references: document_id -> marts.dim_documents.document_id
-- column event_id: A message_id, meeting_id or statement_id.
-- column event_type: message, meeting or statement.
-- column document_id: A page that reports the event (dim_documents.document_id).
-- column evidence: The sentence of that page the event was read from.
-- column sentence_index: That sentence's position in the page's article text (0 = first).
-- column extractor_version: The extractor version that read it.
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

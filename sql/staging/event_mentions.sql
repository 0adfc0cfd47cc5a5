-- grain: one row per event mention, with the key that tells which mentions report the same real-world event
-- unique: mention_id
-- not_null: mention_id, document_id, event_type, fact_key, evidence
-- references: document_id -> staging.documents.document_id
WITH role_keys AS (
    SELECT
        mention_id,
        max(actor_key) FILTER (WHERE role = 'sender') AS sender_key,
        max(actor_key) FILTER (WHERE role = 'recipient') AS recipient_key,
        max(actor_key) FILTER (WHERE role = 'speaker') AS speaker_key,
        string_agg(DISTINCT actor_key, '+' ORDER BY actor_key) FILTER (WHERE role = 'participant') AS participants_key
    FROM staging.mention_actors
    GROUP BY mention_id
)
SELECT
    m.mention_id,
    m.document_id,
    m.event_type,
    m.event_date,
    d.published_on,
    -- Undated events are placed at their page's date, so that two pages' reports of one event can meet.
    coalesce(m.event_date, d.published_on) AS anchor_on,
    CASE m.event_type
        WHEN 'message' THEN k.sender_key || '>' || k.recipient_key
        WHEN 'meeting' THEN k.participants_key
        ELSE k.speaker_key || '|' || md5(regexp_replace(lower(coalesce(m.quote, m.text, m.evidence)), '[^a-z0-9]', '', 'g'))
    END AS fact_key,
    m.message_kind,
    nullif(trim(m.occasion), '') AS occasion,
    nullif(trim(m.location), '') AS location,
    m.quote,
    m.text,
    m.evidence,
    m.sentence_index,
    m.extractor_version
FROM raw.mentions AS m
JOIN staging.documents AS d ON d.document_id = m.document_id
JOIN role_keys AS k ON k.mention_id = m.mention_id
WHERE CASE m.event_type
    WHEN 'message' THEN k.sender_key IS NOT NULL AND k.recipient_key IS NOT NULL
    WHEN 'meeting' THEN k.participants_key LIKE '%+%'
    ELSE k.speaker_key IS NOT NULL
END

-- grain: one row per real-world statement, merged across the pages that report it
-- description: What a named actor said: a verbatim quote, or indirect speech.
-- unique: statement_id
-- not_null: statement_id, speaker_id
-- references: speaker_id -> marts.dim_actors.actor_id
-- references: addressee_id -> marts.dim_actors.actor_id
-- column statement_id: The statement's key, stable across re-runs of the same inputs.
-- column speaker_id: Who said it (dim_actors.actor_id).
-- column addressee_id: To whom it was said, if the text says (dim_actors.actor_id); null otherwise.
-- column stated_on: The day it was said; null if the pages cannot tell.
-- column quote: The directly quoted words, verbatim; null for indirect speech.
-- column text: For indirect speech, a short verbatim span of what was said.
-- column mention_count: How many mentions on all pages were merged into this statement.
WITH mentions AS (
    SELECT
        f.fact_id,
        m.mention_id,
        m.anchor_on,
        m.event_date,
        m.quote,
        m.text,
        (SELECT a.actor_id FROM staging.mention_actors AS a WHERE a.mention_id = m.mention_id AND a.role = 'speaker')
            AS speaker_id,
        (SELECT a.actor_id FROM staging.mention_actors AS a WHERE a.mention_id = m.mention_id AND a.role = 'addressee')
            AS addressee_id
    FROM staging.event_facts AS f
    JOIN staging.event_mentions AS m ON m.mention_id = f.mention_id
    WHERE m.event_type = 'statement'
)
SELECT
    fact_id AS statement_id,
    any_value(speaker_id) AS speaker_id,
    first(addressee_id ORDER BY anchor_on, mention_id) FILTER (WHERE addressee_id IS NOT NULL) AS addressee_id,
    min(event_date) AS stated_on,
    first(quote ORDER BY anchor_on, mention_id) FILTER (WHERE quote IS NOT NULL) AS quote,
    first(text ORDER BY anchor_on, mention_id) FILTER (WHERE text IS NOT NULL) AS text,
    count(*) AS mention_count
FROM mentions
GROUP BY fact_id

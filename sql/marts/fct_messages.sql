-- grain: one row per real-world message (one direction), merged across the pages that report it
-- description: Letters, verbal, congratulatory and other messages sent from one actor to another.
-- unique: message_id
-- not_null: message_id, sender_id, recipient_id, message_kind
-- references: sender_id -> marts.dim_actors.actor_id
-- references: recipient_id -> marts.dim_actors.actor_id
-- column message_id: The message's key, stable across re-runs of the same inputs.
-- column sender_id: Who sent it (dim_actors.actor_id).
-- column recipient_id: To whom it was sent (dim_actors.actor_id).
-- column message_kind: letter, verbal_message, congratulatory_message, greetings, condolences, thanks, reply or message.
-- column occasion: What it was sent for, in the text's words; null if none.
-- column sent_on: The day it was sent or delivered; null if the pages cannot tell.
-- column mention_count: How many mentions on all pages were merged into this message.
WITH mentions AS (
    SELECT
        f.fact_id,
        m.mention_id,
        m.message_kind,
        m.occasion,
        m.event_date,
        m.anchor_on,
        (SELECT a.actor_id FROM staging.mention_actors AS a WHERE a.mention_id = m.mention_id AND a.role = 'sender')
            AS sender_id,
        (SELECT a.actor_id FROM staging.mention_actors AS a WHERE a.mention_id = m.mention_id AND a.role = 'recipient')
            AS recipient_id
    FROM staging.event_facts AS f
    JOIN staging.event_mentions AS m ON m.mention_id = f.mention_id
    WHERE m.event_type = 'message'
)
SELECT
    fact_id AS message_id,
    any_value(sender_id) AS sender_id,
    any_value(recipient_id) AS recipient_id,
    -- A specific kind ("letter") said by one page beats the generic "message" said by another.
    coalesce(first(message_kind ORDER BY anchor_on, mention_id) FILTER (WHERE message_kind <> 'message'), 'message')
        AS message_kind,
    first(occasion ORDER BY anchor_on, mention_id) FILTER (WHERE occasion IS NOT NULL) AS occasion,
    min(event_date) AS sent_on,
    count(*) AS mention_count
FROM mentions
GROUP BY fact_id

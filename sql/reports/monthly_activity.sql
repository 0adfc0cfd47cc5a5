-- grain: one row per (month, event type, actor pair)
-- description: How many messages, meetings and statements each pair of actors had in each month.
-- unique: activity_month, event_type, actor_a_id, actor_b_id
-- not_null: event_type, actor_a_id, actor_a_name, event_count, page_count
-- references: actor_a_id -> marts.dim_actors.actor_id
-- references: actor_b_id -> marts.dim_actors.actor_id
-- column activity_month: The first day of the month of the events' date (reports.event_timeline.event_date, the event's own date or else its first page's); null for undated events.
-- column event_type: message, meeting or statement.
-- column actor_a_id: The pair's first actor (dim_actors.actor_id); the pair is unordered, actor_a has the name that sorts first.
-- column actor_a_name: actor_a's canonical name.
-- column actor_b_id: The pair's second actor (dim_actors.actor_id); null for statements with no named addressee, counted per speaker.
-- column actor_b_name: actor_b's canonical name; null when actor_b_id is.
-- column event_count: How many events of this type the pair had that month (a meeting of three counts once for each of its three pairs).
-- column messages_a_to_b: Of those, messages sent by actor_a to actor_b (0 for meetings and statements).
-- column messages_b_to_a: Of those, messages sent by actor_b to actor_a (0 for meetings and statements).
-- column page_count: How many distinct pages report those events.
WITH directed_pairs AS (
    SELECT message_id AS event_id, 'message' AS event_type, sender_id AS from_id, recipient_id AS to_id
    FROM marts.fct_messages
    UNION ALL
    SELECT p.meeting_id, 'meeting', p.actor_id, q.actor_id
    FROM marts.bridge_meeting_participants AS p
    JOIN marts.bridge_meeting_participants AS q ON q.meeting_id = p.meeting_id AND q.actor_id > p.actor_id
    UNION ALL
    SELECT statement_id, 'statement', speaker_id, addressee_id FROM marts.fct_statements
),
named_pairs AS (
    SELECT
        p.event_id,
        p.event_type,
        p.from_id,
        f.name AS from_name,
        p.to_id,
        t.name AS to_name,
        -- Order the pair by name (then key) so that A->B and B->A fall on one row.
        t.actor_id IS NULL OR (f.name, f.actor_id) < (t.name, t.actor_id) AS from_is_a
    FROM directed_pairs AS p
    JOIN marts.dim_actors AS f ON f.actor_id = p.from_id
    LEFT JOIN marts.dim_actors AS t ON t.actor_id = p.to_id
),
pairs AS (
    SELECT
        n.event_id,
        n.event_type,
        tl.event_month,
        CASE WHEN n.from_is_a THEN n.from_id ELSE n.to_id END AS actor_a_id,
        CASE WHEN n.from_is_a THEN n.from_name ELSE n.to_name END AS actor_a_name,
        CASE WHEN n.from_is_a THEN n.to_id ELSE n.from_id END AS actor_b_id,
        CASE WHEN n.from_is_a THEN n.to_name ELSE n.from_name END AS actor_b_name,
        n.event_type = 'message' AND n.from_is_a AS is_a_to_b,
        n.event_type = 'message' AND NOT n.from_is_a AS is_b_to_a
    FROM named_pairs AS n
    JOIN reports.event_timeline AS tl ON tl.event_id = n.event_id
)
SELECT
    p.event_month AS activity_month,
    p.event_type,
    p.actor_a_id,
    p.actor_a_name,
    p.actor_b_id,
    p.actor_b_name,
    count(DISTINCT p.event_id) AS event_count,
    count(DISTINCT p.event_id) FILTER (WHERE p.is_a_to_b) AS messages_a_to_b,
    count(DISTINCT p.event_id) FILTER (WHERE p.is_b_to_a) AS messages_b_to_a,
    count(DISTINCT b.document_id) AS page_count
FROM pairs AS p
JOIN marts.bridge_event_documents AS b ON b.event_id = p.event_id
GROUP BY p.event_month, p.event_type, p.actor_a_id, p.actor_a_name, p.actor_b_id, p.actor_b_name

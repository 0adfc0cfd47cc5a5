-- grain: one row per real-world event (fact): message, meeting or statement
-- description: Every event on one line: its type, date, actors, the first page that reported it and how many pages did.
-- unique: event_id
-- not_null: event_id, event_type, actors, first_document_id, page_count
-- references: first_document_id -> marts.dim_documents.document_id
-- column event_id: The event's key (a message_id, meeting_id or statement_id).
-- column event_type: message, meeting or statement.
-- column event_date: The event's own date (sent_on, held_on or stated_on); when the pages do not tell it, the published_on of the first page that reported it; null if neither is known.
-- column date_source: Where event_date comes from: 'event' (the event's own date), 'page' (the first page's published_on) or null (undated).
-- column event_month: The first day of event_date's month; null for undated events.
-- column actors: Who took part, by canonical name: 'sender -> recipient' for a message, the participants in alphabetical order for a meeting, the speaker (with '-> addressee' when known) for a statement.
-- column actor_ids: The dim_actors.actor_id of every actor named in actors, in the same order.
-- column detail: What it was: a message's kind and occasion, a meeting's location, a statement's quote (or its indirect text).
-- column first_document_id: The page that reported it first: the earliest published_on (undated pages last, then by file name).
-- column first_file_name: That page's file name (dim_documents.file_name).
-- column first_outlet: That page's outlet; null if the page does not name one.
-- column first_published_on: That page's published_on; null if the page gives none.
-- column first_evidence: The sentence of that page the event was read from.
-- column first_sentence_index: That sentence's position in the page's article text (0 = first).
-- column page_count: How many pages report the event.
WITH actor_roles AS (
    SELECT message_id AS event_id, 1 AS position, sender_id AS actor_id FROM marts.fct_messages
    UNION ALL
    SELECT message_id, 2, recipient_id FROM marts.fct_messages
    UNION ALL
    SELECT meeting_id, 1, actor_id FROM marts.bridge_meeting_participants
    UNION ALL
    SELECT statement_id, 1, speaker_id FROM marts.fct_statements
    UNION ALL
    SELECT statement_id, 2, addressee_id FROM marts.fct_statements WHERE addressee_id IS NOT NULL
),
event_actors AS (
    -- Meeting participants have no order of their own: they are listed by name.
    SELECT
        r.event_id,
        list(a.name ORDER BY r.position, a.name) AS names,
        list(a.actor_id ORDER BY r.position, a.name) AS actor_ids
    FROM actor_roles AS r
    JOIN marts.dim_actors AS a ON a.actor_id = r.actor_id
    GROUP BY r.event_id
),
events AS (
    SELECT
        message_id AS event_id,
        'message' AS event_type,
        sent_on AS own_date,
        replace(message_kind, '_', ' ') || coalesce(': ' || occasion, '') AS detail
    FROM marts.fct_messages
    UNION ALL
    SELECT meeting_id, 'meeting', held_on, coalesce('in ' || location, 'place not named') FROM marts.fct_meetings
    UNION ALL
    SELECT statement_id, 'statement', stated_on, coalesce(quote, text) FROM marts.fct_statements
),
reports AS (
    SELECT
        b.event_id,
        b.document_id,
        b.evidence,
        b.sentence_index,
        d.file_name,
        d.outlet,
        d.published_on,
        row_number() OVER (PARTITION BY b.event_id ORDER BY d.published_on NULLS LAST, d.file_name, d.document_id)
            AS report_order,
        count(*) OVER (PARTITION BY b.event_id) AS page_count
    FROM marts.bridge_event_documents AS b
    JOIN marts.dim_documents AS d ON d.document_id = b.document_id
)
SELECT
    e.event_id,
    e.event_type,
    coalesce(e.own_date, r.published_on) AS event_date,
    CASE WHEN e.own_date IS NOT NULL THEN 'event' WHEN r.published_on IS NOT NULL THEN 'page' END AS date_source,
    CAST(date_trunc('month', coalesce(e.own_date, r.published_on)) AS DATE) AS event_month,
    CASE e.event_type WHEN 'meeting' THEN array_to_string(a.names, ', ') ELSE array_to_string(a.names, ' -> ') END
        AS actors,
    a.actor_ids,
    e.detail,
    r.document_id AS first_document_id,
    r.file_name AS first_file_name,
    r.outlet AS first_outlet,
    r.published_on AS first_published_on,
    r.evidence AS first_evidence,
    r.sentence_index AS first_sentence_index,
    r.page_count
FROM events AS e
JOIN reports AS r ON r.event_id = e.event_id AND r.report_order = 1
-- A left join: an event without actors would fail the not_null audit instead of vanishing.
LEFT JOIN event_actors AS a ON a.event_id = e.event_id

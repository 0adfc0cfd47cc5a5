-- grain: one row per canonical actor
-- description: What each actor did: messages sent and received, meetings, statements made and addressed to it, first and last seen.
-- unique: actor_id
-- not_null: actor_id, name, messages_sent, messages_received, meetings, statements, statements_addressed, event_count
-- references: actor_id -> marts.dim_actors.actor_id
-- column actor_id: The actor (dim_actors.actor_id).
-- column name: The actor's canonical name.
-- column actor_type: person, state or organization; null if the text does not tell.
-- column country_code: ISO 3166-1 alpha-3 code of the actor's country; null if unknown.
-- column messages_sent: Messages the actor sent.
-- column messages_received: Messages the actor received.
-- column meetings: Meetings the actor took part in.
-- column statements: Statements the actor made.
-- column statements_addressed: Statements addressed to the actor.
-- column event_count: Distinct events the actor took part in, in any role.
-- column first_seen_on: The earliest event_date (reports.event_timeline: the event's own date, else its first page's) of those events; null if all are undated.
-- column last_seen_on: The latest such event_date; null if all are undated.
-- column undated_event_count: Of the actor's events, how many have no date at all.
-- column page_count: How many distinct pages report the actor's events.
WITH roles AS (
    SELECT sender_id AS actor_id, message_id AS event_id, 'sender' AS role FROM marts.fct_messages
    UNION ALL
    SELECT recipient_id, message_id, 'recipient' FROM marts.fct_messages
    UNION ALL
    SELECT actor_id, meeting_id, 'participant' FROM marts.bridge_meeting_participants
    UNION ALL
    SELECT speaker_id, statement_id, 'speaker' FROM marts.fct_statements
    UNION ALL
    SELECT addressee_id, statement_id, 'addressee' FROM marts.fct_statements WHERE addressee_id IS NOT NULL
),
activity AS (
    SELECT
        r.actor_id,
        count(DISTINCT r.event_id) FILTER (WHERE r.role = 'sender') AS messages_sent,
        count(DISTINCT r.event_id) FILTER (WHERE r.role = 'recipient') AS messages_received,
        count(DISTINCT r.event_id) FILTER (WHERE r.role = 'participant') AS meetings,
        count(DISTINCT r.event_id) FILTER (WHERE r.role = 'speaker') AS statements,
        count(DISTINCT r.event_id) FILTER (WHERE r.role = 'addressee') AS statements_addressed,
        count(DISTINCT r.event_id) AS event_count,
        min(t.event_date) AS first_seen_on,
        max(t.event_date) AS last_seen_on,
        count(DISTINCT r.event_id) FILTER (WHERE t.event_date IS NULL) AS undated_event_count
    FROM roles AS r
    JOIN reports.event_timeline AS t ON t.event_id = r.event_id
    GROUP BY r.actor_id
),
pages AS (
    SELECT r.actor_id, count(DISTINCT b.document_id) AS page_count
    FROM roles AS r
    JOIN marts.bridge_event_documents AS b ON b.event_id = r.event_id
    GROUP BY r.actor_id
)
SELECT
    a.actor_id,
    a.name,
    a.actor_type,
    a.country_code,
    coalesce(v.messages_sent, 0) AS messages_sent,
    coalesce(v.messages_received, 0) AS messages_received,
    coalesce(v.meetings, 0) AS meetings,
    coalesce(v.statements, 0) AS statements,
    coalesce(v.statements_addressed, 0) AS statements_addressed,
    coalesce(v.event_count, 0) AS event_count,
    v.first_seen_on,
    v.last_seen_on,
    coalesce(v.undated_event_count, 0) AS undated_event_count,
    coalesce(p.page_count, 0) AS page_count
FROM marts.dim_actors AS a
LEFT JOIN activity AS v ON v.actor_id = a.actor_id
LEFT JOIN pages AS p ON p.actor_id = a.actor_id

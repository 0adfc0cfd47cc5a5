-- grain: one row per participant of a meeting
-- description: Who took part in each meeting.
-- unique: meeting_id, actor_id
-- not_null: meeting_id, actor_id
-- references: meeting_id -> marts.fct_meetings.meeting_id
-- references: actor_id -> marts.dim_actors.actor_id
-- column meeting_id: The meeting (fct_meetings.meeting_id).
-- column actor_id: A named participant (dim_actors.actor_id).
SELECT DISTINCT
    f.fact_id AS meeting_id,
    a.actor_id
FROM staging.event_facts AS f
JOIN staging.mention_actors AS a ON a.mention_id = f.mention_id
WHERE f.event_type = 'meeting' AND a.role = 'participant'

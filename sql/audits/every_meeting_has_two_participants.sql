-- A meeting needs at least two named participants (annotation guide).
SELECT m.meeting_id, count(p.actor_id) AS participants
FROM marts.fct_meetings AS m
LEFT JOIN marts.bridge_meeting_participants AS p ON p.meeting_id = m.meeting_id
GROUP BY m.meeting_id
HAVING count(p.actor_id) < 2

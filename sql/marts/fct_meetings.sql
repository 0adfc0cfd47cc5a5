-- grain: one row per real-world meeting, merged across the pages that report it
-- description: Talks, summits, audiences and receptions where named actors met in person.
-- unique: meeting_id
-- not_null: meeting_id
-- column meeting_id: The meeting's key, stable across re-runs of the same inputs.
-- column held_on: The day it was held; null if the pages cannot tell.
-- column location: The city where it was held, if named.
-- column mention_count: How many mentions on all pages were merged into this meeting.
SELECT
    f.fact_id AS meeting_id,
    min(m.event_date) AS held_on,
    first(m.location ORDER BY m.anchor_on, m.mention_id) FILTER (WHERE m.location IS NOT NULL) AS location,
    count(*) AS mention_count
FROM staging.event_facts AS f
JOIN staging.event_mentions AS m ON m.mention_id = f.mention_id
WHERE m.event_type = 'meeting'
GROUP BY f.fact_id

-- grain: one row per event mention, with the real-world event (fact) it is merged into
-- description: Mentions of one event type with the same fact key whose dates lie within 3 days of each other
--   form one fact; an undated meeting or statement on an undated page joins the one dated fact of its key, and
--   stays a fact of its own when its key has none or several (an undated message always does).
-- unique: mention_id
-- not_null: mention_id, fact_id
WITH ordered AS (
    SELECT
        mention_id,
        event_type,
        fact_key,
        anchor_on,
        lag(anchor_on) OVER by_key AS previous_anchor_on
    FROM staging.event_mentions
    WINDOW by_key AS (PARTITION BY event_type, fact_key ORDER BY anchor_on NULLS LAST, mention_id)
),
numbered AS (
    SELECT
        *,
        sum(
            CASE WHEN anchor_on IS NULL OR previous_anchor_on IS NULL OR anchor_on - previous_anchor_on > 3 THEN 1 ELSE 0 END
        ) OVER (
            PARTITION BY event_type, fact_key ORDER BY anchor_on NULLS LAST, mention_id ROWS UNBOUNDED PRECEDING
        ) AS cluster_number
    FROM ordered
),
placed AS (
    SELECT
        *,
        CASE
            -- messages are sent every year on the same day and to the same people: an undated one stays alone
            WHEN anchor_on IS NULL AND first_dated = last_dated AND event_type <> 'message' THEN first_dated
            ELSE cluster_number
        END AS fact_number
    FROM (
        SELECT
            *,
            min(CASE WHEN anchor_on IS NOT NULL THEN cluster_number END) OVER by_key AS first_dated,
            max(CASE WHEN anchor_on IS NOT NULL THEN cluster_number END) OVER by_key AS last_dated
        FROM numbered
        WINDOW by_key AS (PARTITION BY event_type, fact_key)
    )
)
SELECT
    mention_id,
    event_type,
    -- Named after the fact's first mention: the same inputs always give the same key.
    substr(md5(event_type || ':' || fact_key || ':' || first_value(mention_id) OVER (
        PARTITION BY event_type, fact_key, fact_number ORDER BY anchor_on NULLS LAST, mention_id
    )), 1, 16) AS fact_id
FROM placed

-- grain: one row per canonical actor
-- description: People, states and organizations that sent, received, met or spoke.
-- unique: actor_id
-- not_null: actor_id, name
-- column actor_id: The actor's key: a hash of the canonical name folded (case, accents, spaces, hyphens ignored).
-- column name: Canonical name (full name as the actor's government writes it in English, no title).
-- column actor_type: person, state or organization; null if the text does not tell.
-- column country_code: ISO 3166-1 alpha-3 code of the actor's country; null if unknown.
WITH spellings AS (
    SELECT actor_id, name, count(*) AS uses
    FROM staging.mention_actors
    GROUP BY actor_id, name
),
types AS (
    SELECT actor_id, actor_type, count(*) AS uses
    FROM staging.mention_actors
    WHERE actor_type IS NOT NULL
    GROUP BY actor_id, actor_type
),
countries AS (
    SELECT actor_id, country_code, count(*) AS uses
    FROM staging.mention_actors
    WHERE country_code IS NOT NULL
    GROUP BY actor_id, country_code
)
SELECT
    s.actor_id,
    first(s.name ORDER BY s.uses DESC, s.name) AS name,
    (SELECT first(t.actor_type ORDER BY t.uses DESC, t.actor_type) FROM types AS t WHERE t.actor_id = s.actor_id)
        AS actor_type,
    (SELECT first(c.country_code ORDER BY c.uses DESC, c.country_code) FROM countries AS c WHERE c.actor_id = s.actor_id)
        AS country_code
FROM spellings AS s
GROUP BY s.actor_id

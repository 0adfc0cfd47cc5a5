-- grain: one row per actor in a role (sender, recipient, participant, speaker, addressee) of an event mention
-- unique: mention_id, role, position
-- not_null: mention_id, role, actor_id, actor_key, name
WITH named AS (
    SELECT
        mention_id,
        role,
        position,
        trim(name) AS name,
        -- The same folding as the annotation guide's name comparison: case, accents, spaces and hyphens ignored.
        regexp_replace(strip_accents(lower(name)), '[^a-z0-9]', '', 'g') AS actor_key,
        actor_type,
        upper(country_code) AS country_code
    FROM raw.mention_actors
)
SELECT
    mention_id,
    role,
    position,
    name,
    actor_key,
    substr(md5('actor:' || actor_key), 1, 16) AS actor_id,
    actor_type,
    country_code
FROM named
WHERE actor_key <> ''

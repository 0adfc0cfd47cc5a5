-- grain: one row per actor in a role (sender, recipient, participant, speaker, addressee) of an event mention
-- description: A person named by one word only ("Putin") on a page that never gives the full name takes the one
--   full name of the corpus that begins or ends with that word ("Vladimir Putin"); with several candidates, none.
-- unique: mention_id, role, position
-- not_null: mention_id, role, actor_id, actor_key, name
WITH named AS (
    SELECT
        mention_id,
        role,
        position,
        trim(name) AS name,
        -- The same folding as the annotation guide's name comparison (case, accents, spaces and hyphens ignored),
        -- after the common transliterations of a few given names are made one: outlets write "Sergei" or "Sergey".
        regexp_replace(
            array_to_string(
                list_transform(
                    string_split(strip_accents(lower(name)), ' '),
                    word -> coalesce(
                        MAP {
                            'sergei': 'sergey', 'dmitri': 'dmitry', 'yuri': 'yury', 'andrei': 'andrey',
                            'alexei': 'alexey', 'aleksei': 'alexey', 'nikolai': 'nikolay', 'yevgeny': 'evgeny',
                            'mohamed': 'mohammed', 'mohammad': 'mohammed', 'muhammad': 'mohammed'
                        }[word],
                        word
                    )
                ),
                ' '
            ),
            '[^a-z0-9]', '', 'g'
        ) AS actor_key,
        actor_type,
        upper(country_code) AS country_code
    FROM raw.mention_actors
),
full_names AS (
    SELECT DISTINCT
        actor_key,
        name,
        regexp_replace(strip_accents(lower(string_split(name, ' ')[1])), '[^a-z0-9]', '', 'g') AS first_word,
        regexp_replace(strip_accents(lower(string_split(name, ' ')[-1])), '[^a-z0-9]', '', 'g') AS last_word
    FROM named
    WHERE name LIKE '% %' AND coalesce(actor_type, 'person') = 'person'
),
-- A full name under its first and under its last word: two equality keys, so the join below is a hash join (a join
-- on `IN (first_word, last_word)` runs as a nested loop over every pair of names).
full_name_words AS (
    SELECT actor_key, name, first_word AS word FROM full_names
    UNION
    SELECT actor_key, name, last_word AS word FROM full_names
),
one_word_names AS (
    SELECT DISTINCT actor_key
    FROM named
    WHERE name NOT LIKE '% %' AND coalesce(actor_type, 'person') = 'person'
),
resolved AS (
    SELECT
        o.actor_key,
        min(f.actor_key) AS full_key,
        min(f.name) AS full_name
    FROM one_word_names AS o
    JOIN full_name_words AS f ON o.actor_key = f.word
    GROUP BY o.actor_key
    HAVING count(DISTINCT f.actor_key) = 1
)
SELECT
    n.mention_id,
    n.role,
    n.position,
    coalesce(r.full_name, n.name) AS name,
    coalesce(r.full_key, n.actor_key) AS actor_key,
    substr(md5('actor:' || coalesce(r.full_key, n.actor_key)), 1, 16) AS actor_id,
    n.actor_type,
    n.country_code
FROM named AS n
LEFT JOIN resolved AS r ON r.actor_key = n.actor_key
WHERE n.actor_key <> ''

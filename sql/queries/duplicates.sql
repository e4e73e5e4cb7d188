-- Candidates who look like people about to be registered (``events.directory.duplicates``).

-- name: find_duplicate_candidates
-- One row per (person, look-alike), the person being its 1-based place in the arrays. A person
-- matches a candidate of the organisation by folded name (in either order: the search_name
-- column holds "firstlast|lastfirst") and birth year, by phone (``candidate_phone_key``) or by
-- e-mail whatever its case. Each array holds one entry per person, null where unknown.
with people as (
    select p.n, p.first_last, p.last_first, p.birth_year,
        candidate_phone_key(p.phone) as phone_key, lower(p.email) as email
    from unnest(
        :first_lasts::text[], :last_firsts::text[], :birth_years::int[], :phones::text[],
        :emails::text[]
    ) with ordinality as p (first_last, last_first, birth_year, phone, email, n)
),
-- Each person's look-alikes are found by their own lookups (lateral), so that each is an index
-- scan whatever plan PostgreSQL keeps for the statement: a join of the whole list against the
-- organisation's candidates went to a generic plan reading every candidate after a few calls.
matches as (
    select p.n, m.id, m.first_name, m.last_name, m.rank, m.reason
    from people p
    cross join lateral (
        select c.id, c.first_name, c.last_name, 1 as rank, 'name_and_birth_year' as reason
        from candidates c
        join candidate_private cp on cp.candidate_id = c.id
        where p.birth_year is not null
            and c.organisation_id = :organisation_id
            and c.search_name in (
                p.first_last || '|' || p.last_first, p.last_first || '|' || p.first_last
            )
            and cp.data -> 'birth_year' = to_jsonb(p.birth_year)
        union all
        select c.id, c.first_name, c.last_name, 2, 'phone'
        from candidates c
        where p.phone_key is not null
            and c.organisation_id = :organisation_id
            and c.phone is not null
            and candidate_phone_key(c.phone) = p.phone_key
        union all
        select c.id, c.first_name, c.last_name, 3, 'email'
        from candidates c
        where p.email is not null
            and c.organisation_id = :organisation_id
            and c.email is not null
            and lower(c.email) = p.email
    ) m
)
select n as person, id as candidate_id, first_name, last_name,
    array_agg(reason order by rank) as reasons
from matches
group by n, id, first_name, last_name
order by n, last_name, first_name, id;

-- A reviewed card as recruiters read it, written once when the card is reviewed instead of on
-- every search: the search answered 50 cards by re-serialising each card's jsonb and walking
-- it with a JSON path to find events the company may not see, which cost more of PostgreSQL's
-- time than finding the cards (bench/README.md, issue 13).

-- The card's part of a search hit (CardForRecruiter in events/skills_cards/recruiter.py):
-- version, dates and skills, without the review's reviewer or the candidate's id.
-- jsonb_set, unlike jsonb_build_object, is immutable, as a generated column needs.
create function card_for_recruiters(card jsonb)
returns jsonb
language sql
immutable
parallel safe
as $$
select jsonb_set(jsonb_set(jsonb_set(jsonb_set('{}'::jsonb,
    '{version}', coalesce(card -> 'version', 'null')),
    '{updated_at}', coalesce(card -> 'updated_at', 'null')),
    '{reviewed_at}', coalesce(card #> '{review,at}', 'null')),
    '{skills}', coalesce(card -> 'skills', '[]'))
$$;

-- The events a card names (on any of its skills), each once.
create function card_event_ids(card jsonb)
returns uuid []
language sql
immutable
parallel safe
as $$
select coalesce(array_agg(distinct (named #>> '{}')::uuid), '{}')
from jsonb_path_query(card, '$.skills[*].events[*].id') named
$$;

alter table skills_card_reviews
    add column card_text text generated always as (card_for_recruiters(card)::text) stored,
    add column card_events uuid [] generated always as (card_event_ids(card)) stored;

-- recruiter_visible_candidates (0011) as it was, with three more columns of the last reviewed
-- card: its version, its text above and the events it names. A query that does not read
-- `shared_events` does not compute it (PostgreSQL drops unread outputs of an inlined
-- function): the search reads `card_events` and checks those alone.
drop function recruiter_visible_candidates(uuid);
create function recruiter_visible_candidates(company uuid)
returns table (
    id uuid,
    first_name text,
    last_name text,
    city text,
    postcode text,
    contact boolean,
    email text,
    phone text,
    card jsonb,
    shared_events uuid [],
    card_version int,
    card_text text,
    card_events uuid []
)
language sql
stable
parallel safe
as $$
select c.id, c.first_name,
    case when k.contact then c.last_name else left(c.last_name, 1) || '.' end,
    c.city, c.postcode, k.contact,
    case when k.contact then c.email end,
    case when k.contact then c.phone end,
    v.card,
    array(
        select shared.event_id
        from recruiter_shared_events(recruiter_visible_candidates.company) shared
        where shared.candidate_id = c.id
        order by shared.starts_at, shared.event_id
    ),
    v.version, v.card_text, v.card_events
from candidates c
join consents k on k.candidate_id = c.id and k.recruiters
join lateral (
    select reviewed.card, reviewed.version, reviewed.card_text, reviewed.card_events
    from skills_card_reviews reviewed
    where reviewed.candidate_id = c.id
    order by reviewed.version desc
    limit 1
) v on true
where exists (
    select 1
    from recruiter_shared_events(recruiter_visible_candidates.company) shared
    where shared.candidate_id = c.id
)
$$;

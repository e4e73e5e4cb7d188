-- What `events demo` prints after loading, read back from the database so that a second run
-- prints the same accesses as the first.

-- name: get_demo_organisation_id$
select id from organisations where lower(name) = lower(:name);

-- name: list_demo_events
select e.id, e.kind, e.title, e.status, e.starts_at, e.ends_at, e.timezone,
    count(*) filter (where r.role = 'candidate' and r.status = 'confirmed') as candidates,
    count(*) filter (where r.role = 'candidate' and r.status = 'waitlisted') as waitlisted,
    count(*) filter (where r.role = 'company' and r.status = 'confirmed') as companies
from events e
left join registrations r on r.event_id = e.id
where e.organisation_id = :organisation_id
group by e.id
order by e.starts_at, e.id;

-- name: count_demo_candidates$
select count(*) from candidates where organisation_id = any(:organisation_ids::uuid[]);

-- name: get_demo_sample_ticket$
-- The live ticket of the candidate's first registration still standing.
select t.token
from tickets t
join registrations r on r.id = t.registration_id
join candidates c on c.id = r.candidate_id
join events e on e.id = r.event_id
where c.organisation_id = :organisation_id
    and c.first_name = :first_name and c.last_name = :last_name
    and t.revoked_at is null and r.status <> 'cancelled'
order by e.starts_at, e.id
limit 1;

-- name: get_demo_skills_cards^
-- What the coaches recorded at an event (current versions only), how many of its candidates
-- have a reviewed card, and how many of those recruiters of its companies see.
with live as (
    select r.candidate_id from registrations r
    where r.event_id = :event_id and r.role = 'candidate' and r.status <> 'cancelled'
),
seen as (
    select o.candidate_id, o.observer_id from observations o
    where o.event_id = :event_id
        and not exists (select 1 from observations n where n.replaces = o.id)
),
reviewed as (
    select distinct v.candidate_id from skills_card_reviews v
    where v.candidate_id in (select candidate_id from live)
)
select
    (select count(*) from seen) as observations,
    (select count(distinct candidate_id) from seen) as candidates,
    (select count(distinct observer_id) from seen) as observers,
    (select count(*) from reviewed) as reviewed,
    (
        select count(*) from reviewed
        join consents k on k.candidate_id = reviewed.candidate_id and k.recruiters
    ) as visible;

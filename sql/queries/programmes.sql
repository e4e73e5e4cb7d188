-- Programmes: what a funder pays for, grouping some of one organisation's events (issue 12).

-- name: insert_programme<!
-- A name already used in the organisation (whatever the case) leaves nothing inserted.
insert into programmes (organisation_id, name, funder, starts_on, ends_on, created_by,
    created_at, updated_at)
values (:organisation_id, :name, :funder, :starts_on, :ends_on, :created_by, :now, :now)
on conflict do nothing
returning id;

-- name: get_programme^
select p.id, p.organisation_id, p.name, p.funder, p.starts_on, p.ends_on, p.created_at,
    p.updated_at, (select count(*) from events e where e.programme_id = p.id)::int as events
from programmes p
where p.id = :id;

-- name: list_programmes
select p.id, p.organisation_id, p.name, p.funder, p.starts_on, p.ends_on, p.created_at,
    p.updated_at, (select count(*) from events e where e.programme_id = p.id)::int as events
from programmes p
where :organisation_id::uuid is null or p.organisation_id = :organisation_id
order by p.starts_on desc nulls last, lower(p.name), p.id;

-- name: update_programme<!
-- Nothing changed when the new name is already another programme's of the organisation.
update programmes p
set name = :name, funder = :funder, starts_on = :starts_on, ends_on = :ends_on, updated_at = :now
where p.id = :id and not exists (
    select from programmes o
    where o.organisation_id = p.organisation_id and lower(o.name) = lower(:name) and o.id <> p.id
)
returning p.id;

-- name: delete_programme!
delete from programmes where id = :id;

-- name: update_programme_events_detached!
-- Before a programme goes: its events stay, in no programme.
update events set programme_id = null where programme_id = :programme_id;

-- name: set_event_programme<!
-- Only an event of the programme's organisation joins it; null takes it out of any.
update events e set programme_id = :programme_id
where e.id = :event_id and e.organisation_id = :organisation_id
returning e.id;

-- name: list_programme_events
select id, title, starts_at, status, programme_id
from events
where programme_id = :programme_id
order by starts_at, id;

-- name: list_programme_candidate_events
-- The organisation's events a programme may take in: those in no programme yet, latest first.
select id, title, starts_at, status, programme_id
from events
where organisation_id = :organisation_id and programme_id is null and status <> 'cancelled'
order by starts_at desc, id
limit 200;

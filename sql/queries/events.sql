-- Events of the four formats. Staff queries select every column; public ones (recruiters and
-- the calendar feed) select published events only, without the organisation and without the
-- people's and companies' ids kept in `details`.

-- name: insert_event<!
insert into events (
    organisation_id, kind, title, description, starts_at, ends_at, timezone, venue, online_url,
    capacity_candidates, capacity_companies, sectors, reminder_hours_before, details, created_by
)
values (
    :organisation_id, :kind, :title, :description, :starts_at, :ends_at, :timezone, :venue,
    :online_url, :capacity_candidates, :capacity_companies, :sectors, :reminder_hours_before,
    :details, :created_by
)
returning id, organisation_id, kind, title, description, starts_at, ends_at, timezone, venue,
    online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, reminder_hours_before, details, status, sequence, created_by, created_at,
    updated_at;

-- name: get_event^
select id, organisation_id, kind, title, description, starts_at, ends_at, timezone, venue,
    online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, reminder_hours_before, details, status, sequence, created_by, created_at,
    updated_at
from events
where id = :id;

-- name: get_event_for_update^
select id, organisation_id, kind, title, description, starts_at, ends_at, timezone, venue,
    online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, reminder_hours_before, details, status, sequence, created_by, created_at,
    updated_at
from events
where id = :id
for update;

-- name: update_event<!
update events
set title = :title,
    description = :description,
    starts_at = :starts_at,
    ends_at = :ends_at,
    timezone = :timezone,
    venue = :venue,
    online_url = :online_url,
    capacity_candidates = :capacity_candidates,
    capacity_companies = :capacity_companies,
    sectors = :sectors,
    reminder_hours_before = :reminder_hours_before,
    details = :details,
    sequence = sequence + :sequence_step,
    updated_at = :now
where id = :id and status = any(:editable::text [])
returning id, organisation_id, kind, title, description, starts_at, ends_at, timezone, venue,
    online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, reminder_hours_before, details, status, sequence, created_by, created_at,
    updated_at;

-- name: set_event_status<!
-- `cancellation_reason`: why, given only with a cancellation (the last status an event takes).
update events
set status = :to_status, sequence = sequence + :sequence_step, updated_at = :now,
    cancellation_reason = :cancellation_reason
where id = :id and status = any(:from_statuses::text [])
returning id, organisation_id, kind, title, description, starts_at, ends_at, timezone, venue,
    online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, reminder_hours_before, details, status, sequence, created_by, created_at,
    updated_at;

-- name: list_events
-- Staff: one organisation's events (all of them for an admin, who passes no organisation).
-- Keyset on (starts_at, id); `starts_from` inclusive, `starts_before` exclusive.
select id, organisation_id, kind, title, description, starts_at, ends_at, timezone, venue,
    online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, reminder_hours_before, details, status, sequence, created_by, created_at,
    updated_at
from events
where (:organisation_id::uuid is null or organisation_id = :organisation_id)
    and (:kind::text is null or kind = :kind)
    and (:status::text is null or status = :status)
    and (:starts_from::timestamptz is null or starts_at >= :starts_from)
    and (:starts_before::timestamptz is null or starts_at < :starts_before)
    and (
        :after_starts_at::timestamptz is null
        or (starts_at, id) > (:after_starts_at, :after_id::uuid)
    )
order by starts_at, id
limit :limit;

-- name: get_published_event^
select id, kind, title, description, starts_at, ends_at, timezone, venue, online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, details - 'coach_ids' - 'restaurant_company_ids' as details, status, sequence
from events
where id = :id and status = 'published';

-- name: list_published_events
-- Everyone's view; `other_than` leaves out one organisation's events (its staff list them in
-- full with list_events).
select id, kind, title, description, starts_at, ends_at, timezone, venue, online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, details - 'coach_ids' - 'restaurant_company_ids' as details, status, sequence
from events
where status = 'published'
    and (:other_than::uuid is null or organisation_id <> :other_than)
    and (:kind::text is null or kind = :kind)
    and (:starts_from::timestamptz is null or starts_at >= :starts_from)
    and (:starts_before::timestamptz is null or starts_at < :starts_before)
    and (
        :after_starts_at::timestamptz is null
        or (starts_at, id) > (:after_starts_at, :after_id::uuid)
    )
order by starts_at, id
limit :limit;

-- name: get_event_scope^
-- What the access rules (catalog.access), registrations, the door and observations read of an
-- event: whose it is, where it stands, when it ends, its places and details.
select id, organisation_id, kind, status, ends_at,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    details
from events
where id = :event_id;

-- name: lock_event_scope^
-- The same, locked: registrations of one event are serialised on its row, and capacity is
-- counted under this lock.
select id, organisation_id, kind, status, ends_at,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    details
from events
where id = :event_id
for update;

-- name: lock_event_scope_of_registration^
-- The same for the event a registration belongs to, locked.
select e.id, e.organisation_id, e.kind, e.status, e.ends_at,
    jsonb_build_object('candidates', e.capacity_candidates, 'companies', e.capacity_companies)
        as capacity,
    e.details
from events e
join registrations r on r.event_id = e.id
where r.id = :registration_id
for update of e;

-- name: find_unknown_coaches$
-- Those of `ids` that are not coaches of the organisation.
select coalesce(array_agg(wanted.id), '{}')
from unnest(:ids::uuid []) as wanted (id)
where not exists (
    select 1 from users
    where users.id = wanted.id and users.role = 'coach'
        and users.organisation_id = :organisation_id
);

-- name: find_unknown_companies$
-- Those of `ids` that name no company.
select coalesce(array_agg(wanted.id), '{}')
from unnest(:ids::uuid []) as wanted (id)
where not exists (select 1 from companies where companies.id = wanted.id);

-- name: get_event_for_public_page^
-- An event as anyone with its link reads it (events.catalog.public_page): once published, and
-- still once cancelled or completed; a draft is nobody's business. No people's ids in
-- `details`, the organising organisation by its name only.
select e.id, e.kind, e.title, e.description, e.starts_at, e.ends_at, e.timezone, e.venue,
    e.online_url, e.details - 'coach_ids' - 'restaurant_company_ids' as details, e.status,
    o.name as organisation_name
from events e
join organisations o on o.id = e.organisation_id
where e.id = :event_id and e.status in ('published', 'cancelled', 'completed');

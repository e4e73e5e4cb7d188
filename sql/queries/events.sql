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
update events
set status = :to_status, sequence = sequence + :sequence_step, updated_at = :now
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
select id, kind, title, description, starts_at, ends_at, timezone, venue, online_url,
    jsonb_build_object('candidates', capacity_candidates, 'companies', capacity_companies)
        as capacity,
    sectors, details - 'coach_ids' - 'restaurant_company_ids' as details, status, sequence
from events
where status = 'published'
    and (:kind::text is null or kind = :kind)
    and (:starts_from::timestamptz is null or starts_at >= :starts_from)
    and (:starts_before::timestamptz is null or starts_at < :starts_before)
    and (
        :after_starts_at::timestamptz is null
        or (starts_at, id) > (:after_starts_at, :after_id::uuid)
    )
order by starts_at, id
limit :limit;

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

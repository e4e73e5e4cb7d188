-- name: lock_event_for_registration^
-- Registrations of one event are serialised on its row: capacity is counted under this lock.
select id, organisation_id, status, capacity_candidates, capacity_companies
from events
where id = :event_id
for update;

-- name: lock_event_of_registration^
select e.id, e.organisation_id, e.status, e.capacity_candidates, e.capacity_companies
from events e
join registrations r on r.event_id = e.id
where r.id = :registration_id
for update of e;

-- name: count_confirmed_registrations$
select count(*) from registrations
where event_id = :event_id and role = :role and status = 'confirmed';

-- name: insert_registration<!
-- The place is decided here, under the event's lock: confirmed while the role's confirmed
-- registrations are fewer than its capacity, waitlisted after.
with decided as (
    select case when count(*) < :capacity then 'confirmed' else 'waitlisted' end as status
    from registrations
    where event_id = :event_id and role = :role and status = 'confirmed'
)
insert into registrations (
    event_id, role, candidate_id, company_id, status, waitlist_seq, registered_by, confirmed_at
)
select
    :event_id, :role, :candidate_id, :company_id, d.status,
    case when d.status = 'waitlisted' then nextval('registrations_waitlist_seq') end,
    :registered_by,
    case when d.status = 'confirmed' then :now::timestamptz end
from decided d
on conflict do nothing
returning id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at;

-- name: get_waitlist_position$
select count(*) from registrations
where event_id = :event_id and role = :role and status = 'waitlisted' and waitlist_seq <= :seq;

-- name: get_registration^
select id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at
from registrations
where id = :id;

-- name: cancel_registration<!
-- The CTE reads the row as it was before the update: that is the status being left.
with previous as (
    select id, status from registrations where id = :id
)
update registrations r
set status = 'cancelled', cancelled_at = :now, cancelled_by = :by, waitlist_seq = null
from previous p
where r.id = p.id and r.status in ('confirmed', 'waitlisted') and r.checked_in_at is null
returning r.id, r.event_id, r.role, r.candidate_id, r.company_id, p.status as previous_status;

-- name: promote_first_waitlisted<!
update registrations
set status = 'confirmed', waitlist_seq = null, confirmed_at = :now
where id = (
    select id from registrations
    where event_id = :event_id and role = :role and status = 'waitlisted'
    order by waitlist_seq
    limit 1
)
returning id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at;

-- name: list_registrations
select r.id, r.event_id, r.role, r.candidate_id, r.company_id, r.status, r.created_at,
    r.checked_in_at,
    case when r.status = 'waitlisted' then (
        select count(*) from registrations w
        where w.event_id = r.event_id and w.role = r.role and w.status = 'waitlisted'
            and w.waitlist_seq <= r.waitlist_seq
    ) end as waitlist_position,
    coalesce(c.first_name || ' ' || c.last_name, co.name) as display_name
from registrations r
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where r.event_id = :event_id
    and (:status::text is null or r.status = :status)
    and (:after_created::timestamptz is null or (r.created_at, r.id) > (:after_created, :after_id::uuid))
order by r.created_at, r.id
limit :limit;

-- name: get_candidate_organisation$
select organisation_id from candidates where id = :candidate_id;

-- name: check_company_for_registration$
select exists (select 1 from companies where id = :company_id);

-- name: list_registration_summary
select role, status, count(*) as n, count(checked_in_at) as checked_in
from registrations
where event_id = :event_id
group by role, status;

-- name: mark_no_shows$
with marked as (
    update registrations set status = 'no_show'
    where event_id = :event_id and status = 'confirmed' and checked_in_at is null
    returning id
)
select count(*) from marked;

-- name: get_event_scope_for_registration^
select id, organisation_id, status, ends_at from events where id = :event_id;

-- name: promote_waitlisted
update registrations
set status = 'confirmed', waitlist_seq = null, confirmed_at = :now
where id in (
    select id from registrations
    where event_id = :event_id and role = :role and status = 'waitlisted'
    order by waitlist_seq
    limit :places
)
returning id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at;

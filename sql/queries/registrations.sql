-- Registrations of candidates and companies to events. The event itself (whose it is, its
-- places, its lock) is read with get_event_scope and lock_event_scope (events.sql).

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

-- name: list_registrations
-- Oldest first, then the waiting list in its own order (waitlist_seq, whose rank within a role
-- is the position): a group registered at once shares one created_at, which orders nothing.
-- Keyset on (coalesce(waitlist_seq, 0), created_at, id).
select r.id, r.event_id, r.role, r.candidate_id, r.company_id, r.status, r.created_at,
    r.checked_in_at,
    case when r.status = 'waitlisted' then (
        select count(*) from registrations w
        where w.event_id = r.event_id and w.role = r.role and w.status = 'waitlisted'
            and w.waitlist_seq <= r.waitlist_seq
    ) end as waitlist_position,
    coalesce(c.first_name || ' ' || c.last_name, co.name) as display_name,
    coalesce(r.waitlist_seq, 0) as sort_seq
from registrations r
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where r.event_id = :event_id
    and (:status::text is null or r.status = :status)
    and (
        :after_created::timestamptz is null
        or (coalesce(r.waitlist_seq, 0), r.created_at, r.id)
        > (:after_seq::bigint, :after_created, :after_id::uuid)
    )
order by coalesce(r.waitlist_seq, 0), r.created_at, r.id
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

-- name: promote_waitlisted
-- Under the event's lock, the first `places` waitlisted registrations of the role, in
-- waiting-list order, take the free places; they come back in that order.
with chosen as (
    select id, waitlist_seq from registrations
    where event_id = :event_id and role = :role and status = 'waitlisted'
    order by waitlist_seq
    limit :places
),
promoted as (
    update registrations r
    set status = 'confirmed', waitlist_seq = null, confirmed_at = :now
    from chosen c
    where r.id = c.id
    returning r.id, r.event_id, r.role, r.candidate_id, r.company_id, r.status, r.waitlist_seq,
        r.created_at, r.checked_in_at, c.waitlist_seq as was_seq
)
select id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at
from promoted
order by was_seq;

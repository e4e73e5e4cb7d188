-- name: registrations_lock_event^
-- Registrations of one event are serialised on its row: capacity is counted under this lock.
select id, organisation_id, status, capacity_candidates, capacity_companies
from events
where id = :event_id
for update;

-- name: registrations_lock_event_of_registration^
select e.id, e.organisation_id, e.status, e.capacity_candidates, e.capacity_companies
from events e
join registrations r on r.event_id = e.id
where r.id = :registration_id
for update of e;

-- name: registrations_count_confirmed$
select count(*) from registrations
where event_id = :event_id and role = :role and status = 'confirmed';

-- name: registrations_insert<!
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

-- name: registrations_waitlist_position$
select count(*) from registrations
where event_id = :event_id and role = :role and status = 'waitlisted' and waitlist_seq <= :seq;

-- name: registrations_get^
select id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at
from registrations
where id = :id;

-- name: registrations_cancel<!
-- The CTE reads the row as it was before the update: that is the status being left.
with previous as (
    select id, status from registrations where id = :id
)
update registrations r
set status = 'cancelled', cancelled_at = :now, cancelled_by = :by, waitlist_seq = null
from previous p
where r.id = p.id and r.status in ('confirmed', 'waitlisted') and r.checked_in_at is null
returning r.id, r.event_id, r.role, r.candidate_id, r.company_id, p.status as previous_status;

-- name: registrations_promote_first<!
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

-- name: registrations_list
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

-- name: registrations_candidate_organisation$
select organisation_id from candidates where id = :candidate_id;

-- name: registrations_company_exists$
select exists (select 1 from companies where id = :company_id);

-- name: registrations_summary
select role, status, count(*) as n, count(checked_in_at) as checked_in
from registrations
where event_id = :event_id
group by role, status;

-- name: registrations_mark_no_shows$
with marked as (
    update registrations set status = 'no_show'
    where event_id = :event_id and status = 'confirmed' and checked_in_at is null
    returning id
)
select count(*) from marked;

-- name: tickets_get_event_key^
select event_id, private_key, public_key from event_keys where event_id = :event_id;

-- name: tickets_insert_event_key!
insert into event_keys (event_id, private_key, public_key)
values (:event_id, :private_key, :public_key)
on conflict (event_id) do nothing;

-- name: tickets_insert<!
insert into tickets (id, registration_id, event_id, serial, token, short_code)
values (:id, :registration_id, :event_id, :serial, :token, :short_code)
on conflict do nothing
returning id, registration_id, event_id, serial, token, short_code, created_at, revoked_at;

-- name: tickets_revoke_for_registration!
update tickets set revoked_at = :now where registration_id = :registration_id and revoked_at is null;

-- name: tickets_live_for_registration^
select id, registration_id, event_id, serial, token, short_code, created_at, revoked_at
from tickets
where registration_id = :registration_id and revoked_at is null;

-- name: tickets_next_serial$
select coalesce(max(serial), 0) + 1 from tickets where registration_id = :registration_id;

-- name: tickets_revoked_for_event
select id, revoked_at from tickets
where event_id = :event_id and revoked_at is not null
order by revoked_at, id;

-- name: idempotency_claim<!
insert into idempotency_keys (actor_id, key, request_hash)
values (:actor_id, :key, :request_hash)
on conflict do nothing
returning actor_id;

-- name: idempotency_get^
select request_hash, status_code, response from idempotency_keys
where actor_id = :actor_id and key = :key;

-- name: idempotency_store!
update idempotency_keys set status_code = :status_code, response = :response
where actor_id = :actor_id and key = :key;

-- name: registrations_event_scope^
select id, organisation_id, status, ends_at from events where id = :event_id;

-- name: checkins_ticket^
select t.id as ticket_id, t.event_id, t.revoked_at, r.id as registration_id, r.status,
    r.checked_in_at,
    coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name
from tickets t
join registrations r on r.id = t.registration_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where t.id = :ticket_id;

-- name: checkins_ticket_by_code^
select t.id as ticket_id, t.event_id, t.revoked_at, r.id as registration_id, r.status,
    r.checked_in_at,
    coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name
from tickets t
join registrations r on r.id = t.registration_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where t.event_id = :event_id and t.short_code = :short_code;

-- name: checkins_mark<!
-- Exactly one scan wins: a concurrent second one waits for the row, then finds it checked in.
update registrations set checked_in_at = :at, checked_in_by = :by
where id = :registration_id and status = 'confirmed' and checked_in_at is null
returning checked_in_at;

-- name: checkins_insert_scan<!
insert into scans (event_id, ticket_id, registration_id, result, scanned_by, scanned_at, nonce, offline)
values (:event_id, :ticket_id, :registration_id, :result, :scanned_by, :scanned_at, :nonce, :offline)
on conflict do nothing
returning id;

-- name: checkins_scan_by_nonce^
select s.result, s.registration_id, s.scanned_at, r.checked_in_at,
    coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name
from scans s
left join registrations r on r.id = s.registration_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where s.event_id = :event_id and s.nonce = :nonce;

-- name: checkins_event_public_key$
select public_key from event_keys where event_id = :event_id;

-- name: checkins_annul<!
update registrations set checked_in_at = null, checked_in_by = null
where id = :registration_id and checked_in_at is not null
returning id, event_id;

-- name: checkins_event_of_registration^
select e.id, e.organisation_id, e.status, e.ends_at
from events e join registrations r on r.event_id = e.id
where r.id = :registration_id;

-- name: tickets_public_view^
-- What a ticket holder sees: their ticket, their registration, the event; no private data.
select t.id as ticket_id, t.event_id, t.serial, t.short_code, t.revoked_at,
    r.id as registration_id, r.role, r.status, r.checked_in_at,
    case when r.status = 'waitlisted' then (
        select count(*) from registrations w
        where w.event_id = r.event_id and w.role = r.role and w.status = 'waitlisted'
            and w.waitlist_seq <= r.waitlist_seq
    ) end as waitlist_position,
    c.first_name, c.last_name, co.name as company_name,
    e.kind, e.title, e.description, e.starts_at, e.ends_at, e.timezone, e.venue, e.online_url,
    e.status as event_status, o.name as organisation_name
from tickets t
join registrations r on r.id = t.registration_id
join events e on e.id = t.event_id
join organisations o on o.id = e.organisation_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where t.id = :ticket_id and t.event_id = :event_id;

-- name: registrations_promote_waitlisted
update registrations
set status = 'confirmed', waitlist_seq = null, confirmed_at = now()
where id in (
    select id from registrations
    where event_id = :event_id and role = :role and status = 'waitlisted'
    order by waitlist_seq
    limit :places
)
returning id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at;

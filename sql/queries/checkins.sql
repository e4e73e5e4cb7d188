-- Check-in at the door: tickets found by token or short code, scans, annulments.

-- name: record_scan^
-- One scan of a ticket at the door in ONE statement (events.checkins.scanning): one round trip,
-- its own transaction when run alone. What decides, in order (the first that fails answers):
-- - the token's session still stands (:session_id null: the caller's transaction checked it),
--   else nothing is written;
-- - the event is one the actor's organisation runs (admins: any), else it does not exist and
--   nothing is written;
-- - a nonce this event already stored: the scan was made before, and is answered as it was
--   then (get_scan_by_nonce's columns), nothing written;
-- - the ticket: the one a verified token names within the event that signed it
--   (:ticket_id, :ticket_event_id), or a short code typed at this event's door; none (a token
--   that failed, a code unknown here) is invalid_ticket. Then, as the door has always refused
--   them: a ticket of another event, a cancelled registration, a revoked ticket, a waitlisted
--   registration;
-- - exactly one scan wins: the UPDATE of the registration waits for its row, then re-reads it;
--   a concurrent second scan finds it checked in (already_checked_in, as a no-show is);
-- - every scan is stored with its outcome (a nonce stored meanwhile by a concurrent scan:
--   nothing stored, no row in `scan`, and the caller answers as that scan was answered); the
--   audit row of a stored success.
with session as (
    select where :session_id::uuid is null
    union all
    select from sessions
    where id = :session_id and user_id = :actor_id and revoked_at is null and expires_at > :now
),
event as (
    select e.id from events e
    where e.id = :event_id
        and exists (select from session)
        and (:is_admin or e.organisation_id = :organisation_id)
),
earlier as (
    select s.result, s.registration_id, r.checked_in_at,
        coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name
    from scans s
    join event e on e.id = s.event_id
    left join registrations r on r.id = s.registration_id
    left join candidates c on c.id = r.candidate_id
    left join companies co on co.id = r.company_id
    where s.nonce = :nonce
),
ticket as (
    select t.id, t.event_id, t.registration_id, t.revoked_at, r.status, r.checked_in_at
    from tickets t
    join registrations r on r.id = t.registration_id
    where t.id = :ticket_id and t.event_id = :ticket_event_id
    union all
    select t.id, t.event_id, t.registration_id, t.revoked_at, r.status, r.checked_in_at
    from tickets t
    join registrations r on r.id = t.registration_id
    where t.event_id = :event_id and t.short_code = :short_code
),
marked as (
    update registrations r
    set checked_in_at = :at, checked_in_by = :actor_id
    where r.id = (
            select t.registration_id from ticket t
            where t.event_id = :event_id and t.revoked_at is null
                and t.status not in ('cancelled', 'waitlisted')
        )
        and r.status = 'confirmed' and r.checked_in_at is null
        and exists (select from event) and not exists (select from earlier)
    returning r.id, r.checked_in_at, r.candidate_id, r.company_id
),
scan as (
    insert into scans (
        event_id, ticket_id, registration_id, result, scanned_by, scanned_at, nonce, offline,
        method
    )
    select e.id,
        case when t.event_id = e.id then t.id end,
        case when t.event_id = e.id then t.registration_id end,
        case
            when exists (select from marked) then 'checked_in'
            when t.id is null then 'invalid_ticket'
            when t.event_id <> e.id then 'wrong_event'
            when t.status = 'cancelled' then 'registration_cancelled'
            when t.revoked_at is not null then 'ticket_revoked'
            when t.status = 'waitlisted' then 'not_confirmed'
            else 'already_checked_in'
        end,
        :actor_id, :at, :nonce, :offline, 'ticket'
    from event e
    left join ticket t on true
    where not exists (select from earlier)
    on conflict do nothing
    returning result, ticket_id, registration_id
),
audit as (
    insert into audit_log (actor_id, actor_role, action, subject_type, subject_id, data)
    select :actor_id, :actor_role, 'registration.check_in', 'registration', m.id,
        jsonb_build_object('offline', :offline::boolean)
    from marked m
    where exists (select from scan)
)
select
    exists (select from session) as session_ok,
    exists (select from event) as event_ok,
    er.result as earlier_result, er.registration_id as earlier_registration_id,
    er.checked_in_at as earlier_checked_in_at, er.display_name as earlier_display_name,
    s.result, s.ticket_id, s.registration_id,
    m.checked_in_at,
    coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name,
    t.checked_in_at as first_checked_in_at
from (select) one
left join earlier er on true
left join scan s on true
left join marked m on true
left join ticket t on true
left join candidates c on c.id = m.candidate_id
left join companies co on co.id = m.company_id;

-- name: mark_checked_in<!
-- Exactly one scan wins: a concurrent second one waits for the row, then finds it checked in.
-- The name shown at the door: a candidate's first name and initial, or the company's name.
update registrations r set checked_in_at = :at, checked_in_by = :by
where r.id = :registration_id and r.status = 'confirmed' and r.checked_in_at is null
returning r.checked_in_at,
    coalesce(
        (select c.first_name || ' ' || left(c.last_name, 1) || '.'
         from candidates c where c.id = r.candidate_id),
        (select co.name from companies co where co.id = r.company_id)
    ) as display_name;

-- name: get_checked_in_at$
-- When the scan that won checked the registration in.
select checked_in_at from registrations where id = :registration_id;

-- name: insert_scan<!
insert into scans (
    event_id, ticket_id, registration_id, result, scanned_by, scanned_at, nonce, offline, method
)
values (
    :event_id, :ticket_id, :registration_id, :result, :scanned_by, :scanned_at, :nonce, :offline,
    :method
)
on conflict do nothing
returning id;

-- name: get_scan_by_nonce^
select s.result, s.registration_id, s.scanned_at, r.checked_in_at,
    coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name
from scans s
left join registrations r on r.id = s.registration_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where s.event_id = :event_id and s.nonce = :nonce;

-- name: annul_checkin<!
update registrations set checked_in_at = null, checked_in_by = null
where id = :registration_id and checked_in_at is not null
returning id, event_id;

-- name: get_registration_for_checkin^
-- A registration let in by name: its live ticket (if any) and where it stands.
select t.id as ticket_id, r.status
from registrations r
left join tickets t on t.registration_id = r.id and t.revoked_at is null
where r.id = :registration_id;

-- Check-in at the door: tickets found by token or short code, scans, annulments.

-- name: get_ticket_for_checkin_by_code^
-- A short code typed at the door: the same columns as get_ticket_of_token (tickets.sql).
select t.id as ticket_id, t.event_id, t.registration_id, t.revoked_at, r.status, r.candidate_id
from tickets t
join registrations r on r.id = t.registration_id
where t.event_id = :event_id and t.short_code = :short_code;

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

-- name: list_door_people
-- The confirmed candidates of an event, for the door: first name, last initial and the live
-- ticket's short code only; those whose folded name holds :q when it is given.
select r.id as registration_id, c.first_name, left(c.last_name, 1) as initial, t.short_code,
    r.checked_in_at is not null as checked_in
from registrations r
join candidates c on c.id = r.candidate_id
join tickets t on t.registration_id = r.id and t.revoked_at is null
where r.event_id = :event_id and r.status = 'confirmed'
    and (:q::text is null or strpos(c.search_name, :q) > 0)
order by c.first_name, c.last_name, r.id
limit :max;

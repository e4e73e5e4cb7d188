-- Check-in at the door: tickets found by token or short code, scans, annulments.

-- name: get_ticket_for_checkin^
select t.id as ticket_id, t.event_id, t.revoked_at, r.id as registration_id, r.status,
    r.checked_in_at,
    coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name
from tickets t
join registrations r on r.id = t.registration_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where t.id = :ticket_id;

-- name: get_ticket_for_checkin_by_code^
select t.id as ticket_id, t.event_id, t.revoked_at, r.id as registration_id, r.status,
    r.checked_in_at,
    coalesce(c.first_name || ' ' || left(c.last_name, 1) || '.', co.name) as display_name
from tickets t
join registrations r on r.id = t.registration_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where t.event_id = :event_id and t.short_code = :short_code;

-- name: mark_checked_in<!
-- Exactly one scan wins: a concurrent second one waits for the row, then finds it checked in.
update registrations set checked_in_at = :at, checked_in_by = :by
where id = :registration_id and status = 'confirmed' and checked_in_at is null
returning checked_in_at;

-- name: insert_scan<!
insert into scans (event_id, ticket_id, registration_id, result, scanned_by, scanned_at, nonce, offline)
values (:event_id, :ticket_id, :registration_id, :result, :scanned_by, :scanned_at, :nonce, :offline)
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

-- name: get_event_public_key_for_checkin$
select public_key from event_keys where event_id = :event_id;

-- name: annul_checkin<!
update registrations set checked_in_at = null, checked_in_by = null
where id = :registration_id and checked_in_at is not null
returning id, event_id;

-- name: get_event_of_registration_for_checkin^
select e.id, e.organisation_id, e.status, e.ends_at
from events e join registrations r on r.event_id = e.id
where r.id = :registration_id;

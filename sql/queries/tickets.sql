-- Tickets: each event's signing key, the tickets issued, revoked and shown to their holder.

-- name: get_event_key^
-- committed: the key was made before this transaction began, so another transaction made it and
-- it is committed (this one cannot have made it). A key this transaction made (created_at is its
-- start, savepoints included) may still roll back, so it is not cached (events/tickets/issuing.py).
-- The database's clock here is no business time, only the insert's own default compared with
-- itself.
select event_id, private_key, public_key, created_at < transaction_timestamp() as committed
from event_keys where event_id = :event_id;

-- name: get_event_public_key^
-- The key that verifies the event's tickets; the private half is read by get_event_key alone.
-- committed as in get_event_key: only a committed key is kept by a process (by_token.py).
select public_key, created_at < transaction_timestamp() as committed
from event_keys where event_id = :event_id;

-- name: insert_event_key!
-- created_at is left to its default, the transaction's start: get_event_key relies on it.
insert into event_keys (event_id, private_key, public_key)
values (:event_id, :private_key, :public_key)
on conflict (event_id) do nothing;

-- name: insert_ticket<!
insert into tickets (id, registration_id, event_id, serial, token, short_code)
values (:id, :registration_id, :event_id, :serial, :token, :short_code)
on conflict do nothing
returning id, registration_id, event_id, serial, token, short_code, created_at, revoked_at;

-- name: revoke_tickets_of_registration!
update tickets set revoked_at = :now where registration_id = :registration_id and revoked_at is null;

-- name: next_ticket_serial$
select coalesce(max(serial), 0) + 1 from tickets where registration_id = :registration_id;

-- name: list_revoked_tickets
select id, revoked_at from tickets
where event_id = :event_id and revoked_at is not null
order by revoked_at, id;

-- name: get_ticket_of_token^
-- The ticket a verified token names, within the event it was signed for, and where its
-- registration stands. Every reader of a token finds its ticket here (events/tickets/by_token.py).
select t.id as ticket_id, t.event_id, t.registration_id, t.revoked_at, r.status, r.candidate_id
from tickets t
join registrations r on r.id = t.registration_id
where t.id = :ticket_id and t.event_id = :event_id;

-- name: get_ticket_public_view^
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

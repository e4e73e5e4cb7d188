-- The minimal complete baseline's SQL (bench/baseline_app.py): the benchmark's own design of
-- the same job, not the service's statements. A registration and a check-in are one statement
-- each (data-modifying CTEs): one round trip, no BEGIN or COMMIT to send, every write of the
-- request in the statement's own transaction. Same syntax as sql/queries (aiosql names, :param).
-- Each checks the bearer token's session first, as every process must see a log-out or a
-- revoked account at once (issue 13, goal 3): a signature alone would let a revoked token in.

-- name: add_places_taken!
-- The places taken at an event, kept on its row: an UPDATE of the row waits for the row's lock
-- and then re-reads the row, so one statement can take a place without a stale count. (Counting
-- registrations in the same statement would read the snapshot taken before the wait.) Added to
-- the benchmark's own database only, when the baseline starts; it starts at 0 on every event.
alter table events add column if not exists baseline_places_taken integer not null default 0;

-- name: upsert_event_key^
-- The event's Ed25519 key pair, made on first use; a concurrent first use gets the same one.
-- Run once per event and process: the keys are cached.
insert into event_keys (event_id, private_key, public_key)
values (:event_id, :private_key, :public_key)
on conflict (event_id) do update set private_key = event_keys.private_key
returning private_key, public_key;

-- name: get_public_key$
select public_key from event_keys where event_id = :event_id;

-- name: register_candidate^
-- Take a place on the published event's row under its lock (the candidate must be one of the
-- actor's organisation's): confirmed within capacity, else waitlisted in order. Then the
-- registration, its ticket (signed before the statement), the audit row, and one outbox row per
-- channel the candidate can be reached on (one 'none' row, skipped, when there is none). No row
-- back: no such published event or candidate. A second registration of the candidate breaks
-- registrations_event_candidate_key and the whole statement is undone, its place included.
-- No row back either when the token's session was revoked or has expired.
with session as (
    select from sessions
    where id = :session_id and user_id = :actor_id and revoked_at is null and expires_at > :now
),
place as (
    update events e
    set baseline_places_taken = e.baseline_places_taken + 1
    where e.id = :event_id
        and e.status = 'published'
        and exists (select from session)
        and exists (
            select 1 from candidates c
            where c.id = :candidate_id and c.organisation_id = :organisation_id
        )
    returning e.id, e.organisation_id, e.sequence,
        e.baseline_places_taken - e.capacity_candidates as beyond
),
registration as (
    insert into registrations (
        event_id, role, candidate_id, status, waitlist_seq, registered_by, confirmed_at
    )
    select p.id, 'candidate', :candidate_id::uuid,
        case when p.beyond <= 0 then 'confirmed' else 'waitlisted' end,
        case when p.beyond > 0 then nextval('registrations_waitlist_seq') end,
        :actor_id::uuid,
        case when p.beyond <= 0 then :now::timestamptz end
    from place p
    returning id, status
),
ticket as (
    insert into tickets (id, registration_id, event_id, serial, token, short_code)
    select :ticket_id::uuid, r.id, p.id, 1, :token::text, :short_code::text
    from registration r cross join place p
),
audit as (
    insert into audit_log (
        actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, data
    )
    select :actor_id, :actor_role::text, :candidate_id, 'registration.create', 'registration',
        r.id, jsonb_build_object('event_id', p.id::text, 'role', 'candidate', 'status', r.status)
    from registration r cross join place p
),
outbox as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason
    )
    select concat_ws(':', 'registration_' || r.status, r.id, p.sequence, ch.channel),
        p.organisation_id, p.id, r.id, 'registration_' || r.status, p.sequence, ch.channel,
        ch.recipient, c.language,
        case when ch.channel = 'none' then 'skipped' else 'pending' end,
        case when ch.channel = 'none' then 'no_contact' end
    from registration r
    cross join place p
    join candidates c on c.id = :candidate_id
    cross join lateral (
        select nullif(btrim(c.email), '') as email, nullif(btrim(c.phone), '') as phone
    ) contact
    cross join lateral (
        select 'email' as channel, contact.email as recipient where contact.email is not null
        union all
        select 'sms', contact.phone where contact.phone is not null
        union all
        select 'none', null where contact.email is null and contact.phone is null
    ) ch
)
-- Places are only taken here (the baseline cancels nothing), so the rank on the waiting list
-- is the number of places taken beyond capacity.
select r.id, r.status, case when r.status = 'waitlisted' then p.beyond end as waitlist_position
from registration r cross join place p;

-- name: check_in_ticket^
-- Find the live ticket among the tickets of an event the actor's organisation owns, mark its
-- registration checked in once (a concurrent scan waits for the row, then finds it checked in),
-- store the scan with its outcome, and the audit row of a success. The ticket is the one a
-- verified token names (null when the token failed, with :refusal saying why). No row back: no
-- such event of the actor's organisation, or the token's session revoked or expired, and
-- nothing written.
with session as (
    select from sessions
    where id = :session_id and user_id = :actor_id and revoked_at is null and expires_at > :now
),
event as (
    select id from events
    where id = :event_id and organisation_id = :organisation_id and exists (select from session)
),
ticket as (
    select t.id, t.registration_id, t.revoked_at, r.status, r.candidate_id
    from tickets t
    join event e on e.id = t.event_id
    join registrations r on r.id = t.registration_id
    where t.id = :ticket_id
),
marked as (
    -- A scalar subquery, not a join with the CTE: the row is then found by its primary key.
    update registrations r
    set checked_in_at = :now, checked_in_by = :actor_id
    where r.id = (select t.registration_id from ticket t where t.revoked_at is null)
        and r.status = 'confirmed'
        and r.checked_in_at is null
    returning r.id, r.checked_in_at
),
scan as (
    insert into scans (
        event_id, ticket_id, registration_id, result, scanned_by, scanned_at, nonce, offline
    )
    select e.id, t.id, t.registration_id,
        case
            when exists (select from marked) then 'checked_in'
            when t.id is null then coalesce(:refusal::text, 'invalid_ticket')
            when t.status = 'cancelled' then 'registration_cancelled'
            when t.revoked_at is not null then 'ticket_revoked'
            when t.status = 'waitlisted' then 'not_confirmed'
            else 'already_checked_in'
        end,
        :actor_id, :now, null, false
    from event e
    left join ticket t on true
    returning result
),
audit as (
    insert into audit_log (actor_id, actor_role, action, subject_type, subject_id, data)
    select :actor_id, :actor_role::text, 'registration.check_in', 'registration', m.id,
        '{"offline": false}'::jsonb
    from marked m
)
select s.result, m.id as registration_id, m.checked_in_at,
    c.first_name || ' ' || left(c.last_name, 1) || '.' as display_name
from scan s
left join marked m on true
left join ticket t on true
left join candidates c on c.id = t.candidate_id;

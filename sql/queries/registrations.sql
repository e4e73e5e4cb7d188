-- Registrations of candidates and companies to events. The event itself (whose it is, its
-- places, its lock) is read with get_event_scope and lock_event_scope (events.sql).

-- name: count_confirmed_registrations$
select count(*) from registrations
where event_id = :event_id and role = :role and status = 'confirmed';

-- name: insert_registration<!
-- The place is decided here, under the event's lock (lock_event_scope, taken by the caller):
-- confirmed while the role's confirmed places, counted on the event's row, are fewer than its
-- capacity, waitlisted after (insert_candidate_registration decides a candidate's place the
-- same way); the row's count follows the registration. A second live registration of the
-- party: no row.
with place as (
    select case
            when (case when :role = 'candidate' then e.candidates_confirmed
                else e.companies_confirmed end) < :capacity then 'confirmed'
            else 'waitlisted'
        end as status
    from events e
    where e.id = :event_id
),
registration as (
    insert into registrations (
        event_id, role, candidate_id, company_id, status, waitlist_seq, registered_by,
        confirmed_at
    )
    select
        :event_id, :role, :candidate_id, :company_id, p.status,
        case when p.status = 'waitlisted' then nextval('registrations_waitlist_seq') end,
        :registered_by,
        case when p.status = 'confirmed' then :now::timestamptz end
    from place p
    on conflict do nothing
    returning id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
        checked_in_at
),
counted as (
    update events e
    set candidates_confirmed = e.candidates_confirmed
            + (r.role = 'candidate' and r.status = 'confirmed')::int,
        candidates_waitlisted = e.candidates_waitlisted
            + (r.role = 'candidate' and r.status = 'waitlisted')::int,
        companies_confirmed = e.companies_confirmed
            + (r.role = 'company' and r.status = 'confirmed')::int,
        companies_waitlisted = e.companies_waitlisted
            + (r.role = 'company' and r.status = 'waitlisted')::int
    from registration r
    where e.id = r.event_id
)
select id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at
from registration;

-- name: insert_candidate_registration^
-- A candidate registered by staff in ONE statement (events.registrations.registering): one
-- round trip, its own transaction when run alone. What decides, in order (the first that fails
-- is the `refusal`, and nothing is written):
-- - the token's session still stands (:session_id null: the caller's transaction checked it);
-- - the candidate is one of the actor's organisation's (admins: any candidate);
-- - the event is one the actor may see (their organisation's, or published; admins: any), and
--   it is published;
-- - the place, under the event row's lock: SELECT ... FOR UPDATE waits for the lock and then
--   returns the row as it is now, with the places counted on it (a count of registrations here
--   would read the snapshot taken before the wait). Confirmed while the confirmed candidates
--   are fewer than the capacity, else waitlisted, last in line (insert_registration decides a
--   place the same way). The lock is held until the statement's transaction ends;
-- - a second live registration of the candidate: nothing inserted (already registered), and
--   the count on the row is left as it was.
-- Then the ticket (signed before the statement), the audit row and the registration's messages
-- (one per channel, party_contacts). A short code already used at the event breaks
-- tickets_event_short_code_key and undoes the whole statement: the caller tries another code.
with session as (
    select where :session_id::uuid is null
    union all
    select from sessions
    where id = :session_id and user_id = :actor_id and revoked_at is null and expires_at > :now
),
candidate as (
    select c.id from candidates c
    where c.id = :candidate_id
        and exists (select from session)
        and (:is_admin or c.organisation_id = :organisation_id)
),
event as (
    select e.id, e.organisation_id, e.status, e.sequence, e.capacity_candidates,
        e.candidates_confirmed, e.candidates_waitlisted
    from events e
    where e.id = :event_id
        and exists (select from candidate)
        and (:is_admin or e.organisation_id = :organisation_id or e.status = 'published')
    for update
),
place as (
    select ev.id, ev.organisation_id, ev.sequence,
        case when ev.candidates_confirmed < ev.capacity_candidates then 'confirmed'
            else 'waitlisted' end as status,
        ev.candidates_waitlisted + 1 as waitlist_position
    from event ev
    where ev.status = 'published'
),
registration as (
    insert into registrations (
        event_id, role, candidate_id, status, waitlist_seq, registered_by, confirmed_at
    )
    select p.id, 'candidate', :candidate_id, p.status,
        case when p.status = 'waitlisted' then nextval('registrations_waitlist_seq') end,
        :actor_id,
        case when p.status = 'confirmed' then :now::timestamptz end
    from place p
    on conflict do nothing
    returning id, status
),
counted as (
    update events e
    set candidates_confirmed = e.candidates_confirmed + (r.status = 'confirmed')::int,
        candidates_waitlisted = e.candidates_waitlisted + (r.status = 'waitlisted')::int
    from registration r
    where e.id = :event_id
),
ticket as (
    insert into tickets (id, registration_id, event_id, serial, token, short_code)
    select :ticket_id, r.id, :event_id, 1, :token, :short_code
    from registration r
),
audit as (
    insert into audit_log (
        actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, data
    )
    select :actor_id, :actor_role, :candidate_id, 'registration.create', 'registration', r.id,
        jsonb_build_object('event_id', p.id::text, 'role', 'candidate', 'status', r.status)
    from registration r
    cross join place p
),
messages as (
    -- As enqueue_message_for_registration writes them, for a registration no view sees yet
    -- (and no dedup key can be taken yet: each holds the new registration's id).
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason
    )
    select concat_ws(':', 'registration_' || r.status, r.id, p.sequence, c.channel),
        p.organisation_id, p.id, r.id, 'registration_' || r.status, p.sequence, c.channel,
        c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end
    from registration r
    cross join place p
    cross join lateral party_contacts(:candidate_id, null) c
)
select
    case
        when not exists (select from session) then 'not_authenticated'
        when not exists (select from candidate) then 'candidate_not_found'
        when ev.id is null then 'event_not_found'
        when ev.status <> 'published' then 'registration_closed'
        when r.id is null then 'already_registered'
    end as refusal,
    ev.status as event_status,
    r.id, r.status,
    case when r.status = 'waitlisted' then p.waitlist_position end as waitlist_position
from (select) one
left join event ev on true
left join place p on true
left join registration r on true;

-- name: get_waitlist_position$
select count(*) from registrations
where event_id = :event_id and role = :role and status = 'waitlisted' and waitlist_seq <= :seq;

-- name: get_registration^
select id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at
from registrations
where id = :id;

-- name: cancel_registration<!
-- Under the event's lock (taken by the caller). The registration is locked and read as it is
-- now (FOR UPDATE): that is the status being left, and the place it frees is counted off the
-- event's row.
with previous as (
    select id, status from registrations where id = :id for update
),
cancelled as (
    update registrations r
    set status = 'cancelled', cancelled_at = :now, cancelled_by = :by, waitlist_seq = null
    from previous p
    where r.id = p.id and r.status in ('confirmed', 'waitlisted') and r.checked_in_at is null
    returning r.id, r.event_id, r.role, r.candidate_id, r.company_id, p.status as previous_status
),
counted as (
    update events e
    set candidates_confirmed = e.candidates_confirmed
            - (c.role = 'candidate' and c.previous_status = 'confirmed')::int,
        candidates_waitlisted = e.candidates_waitlisted
            - (c.role = 'candidate' and c.previous_status = 'waitlisted')::int,
        companies_confirmed = e.companies_confirmed
            - (c.role = 'company' and c.previous_status = 'confirmed')::int,
        companies_waitlisted = e.companies_waitlisted
            - (c.role = 'company' and c.previous_status = 'waitlisted')::int
    from cancelled c
    where e.id = c.event_id
)
select id, event_id, role, candidate_id, company_id, previous_status from cancelled;

-- name: list_registrations
-- Oldest first, then the waiting list in its own order (waitlist_seq, whose rank within a role
-- is the position): a group registered at once shares one created_at, which orders nothing.
-- Keyset on (coalesce(waitlist_seq, 0), created_at, id). Positions are ranked once over the
-- event's whole waiting list (one pass, not a count per row), before the status and keyset
-- filters, so that a page or a filtered list keeps each one's true place. With each row: the
-- short code of its live ticket (none once cancelled) and the name of who registered it.
with positions as (
    select id, row_number() over (partition by role order by waitlist_seq) as waitlist_position
    from registrations
    where event_id = :event_id and status = 'waitlisted'
)
select r.id, r.event_id, r.role, r.candidate_id, r.company_id, r.status, r.created_at,
    r.checked_in_at, p.waitlist_position,
    coalesce(c.first_name || ' ' || c.last_name, co.name) as display_name,
    t.short_code, u.name as registered_by,
    coalesce(r.waitlist_seq, 0) as sort_seq
from registrations r
left join positions p on p.id = r.id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
left join tickets t on t.registration_id = r.id and t.revoked_at is null
left join users u on u.id = r.registered_by
where r.event_id = :event_id
    and (:status::text is null or r.status = :status)
    and (
        :after_created::timestamptz is null
        or (coalesce(r.waitlist_seq, 0), r.created_at, r.id)
        > (:after_seq::bigint, :after_created, :after_id::uuid)
    )
order by coalesce(r.waitlist_seq, 0), r.created_at, r.id
limit :limit;

-- name: enqueue_resent_message
-- The registration's live ticket sent again, as the other messages of a registration are (one
-- row per channel its party can be reached on, or one skipped row saying there is none). The
-- instant of the request is in the dedup key: a second request later is a second message,
-- while the same request replayed is one. (An outbox row, written here because it is the
-- registration's own message; the outbox's other writers are in outbox.sql.)
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason
    )
    select concat_ws(
            ':', 'ticket_resent', r.id, e.sequence,
            (extract(epoch from :now::timestamptz) * 1000000)::bigint, c.channel
        ),
        e.organisation_id, e.id, r.id, 'ticket_resent', e.sequence, c.channel, c.recipient,
        c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end
    from registrations r
    join events e on e.id = r.event_id
    join outbox_contacts c on c.registration_id = r.id
    where r.id = :registration_id
    on conflict (dedup_key) do nothing
    returning channel
)
select channel from added order by channel;

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
-- The confirmed places they held are counted off the event's row, role by role.
with marked as (
    update registrations set status = 'no_show'
    where event_id = :event_id and status = 'confirmed' and checked_in_at is null
    returning role
),
counted as (
    update events e
    set candidates_confirmed = e.candidates_confirmed
            - (select count(*) from marked where role = 'candidate'),
        companies_confirmed = e.companies_confirmed
            - (select count(*) from marked where role = 'company')
    where e.id = :event_id and exists (select from marked)
)
select count(*) from marked;

-- name: promote_waitlisted
-- Under the event's lock, the first `places` waitlisted registrations of the role, in
-- waiting-list order, take the free places; they come back in that order, and the event's row
-- counts them confirmed.
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
),
counted as (
    update events e
    set candidates_confirmed = e.candidates_confirmed
            + (select count(*) from promoted where role = 'candidate'),
        candidates_waitlisted = e.candidates_waitlisted
            - (select count(*) from promoted where role = 'candidate'),
        companies_confirmed = e.companies_confirmed
            + (select count(*) from promoted where role = 'company'),
        companies_waitlisted = e.companies_waitlisted
            - (select count(*) from promoted where role = 'company')
    where e.id = :event_id and exists (select from promoted)
)
select id, event_id, role, candidate_id, company_id, status, waitlist_seq, created_at,
    checked_in_at
from promoted
order by was_seq;

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

-- The outbox: messages written with the change that causes them, delivered by workers.
-- The dedup key names the cause: kind, registration, the event's sequence (or, for a
-- reminder, the start it reminds of) and channel; for a staff member or a recruiter, kind,
-- event (or their company's registration), user and the event's sequence.

-- name: enqueue_message_for_registration$
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason
    )
    select concat_ws(':', :kind::text, r.id, e.sequence, c.channel),
        e.organisation_id, e.id, r.id, :kind, e.sequence, c.channel, c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end
    from registrations r
    join events e on e.id = r.event_id
    join outbox_contacts c on c.registration_id = r.id
    where r.id = :registration_id
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_messages_for_event$
-- One message per live registration of the event, in one statement however many there are.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason
    )
    select concat_ws(':', :kind::text, r.id, e.sequence, c.channel),
        e.organisation_id, e.id, r.id, :kind, e.sequence, c.channel, c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end
    from registrations r
    join events e on e.id = r.event_id
    join outbox_contacts c on c.registration_id = r.id
    where r.event_id = :event_id and r.status in ('confirmed', 'waitlisted')
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_reminders$
-- Confirmed participants of published events whose reminder time has come, once per start
-- time. Someone confirmed after that time has just had their confirmation: no reminder then.
-- 720 hours is the longest reminder an event may ask for.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason, next_attempt_at
    )
    select concat_ws(':', 'reminder', r.id, extract(epoch from e.starts_at)::bigint, c.channel),
        e.organisation_id, e.id, r.id, 'reminder', e.sequence, c.channel, c.recipient,
        c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end,
        :now
    from events e
    join registrations r on r.event_id = e.id and r.status = 'confirmed'
    join outbox_contacts c on c.registration_id = r.id
    where e.status = 'published'
        and e.reminder_hours_before > 0
        and e.starts_at > :now
        and e.starts_at <= :now::timestamptz + interval '720 hours'
        and e.starts_at - make_interval(hours => e.reminder_hours_before) <= :now
        and r.confirmed_at <= e.starts_at - make_interval(hours => e.reminder_hours_before)
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_message_for_staff$
-- The organisers and coaches of the event's organisation, by e-mail and in French (staff have
-- no language of their own): the invite while the event is published (a draft is nobody's
-- meeting yet), and its cancellation to those who were sent it.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, user_id, kind, sequence, channel, recipient,
        language
    )
    select concat_ws(':', :kind::text, 'staff', e.id, u.id, e.sequence),
        e.organisation_id, e.id, u.id, :kind, e.sequence, 'email', u.email, 'fr'
    from events e
    join users u on u.organisation_id = e.organisation_id and u.role in ('organiser', 'coach')
    where e.id = :event_id
        and case
            when :kind = 'event_cancelled' then exists (
                select from outbox o where o.user_id = u.id and o.event_id = e.id
            )
            else e.status = 'published'
        end
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_messages_for_recruiters$
-- The recruiters of the registration's company, by e-mail and in French: the invite once the
-- company's place is confirmed, its cancellation once a confirmed place is given up (the
-- event's own cancellation already told them when the event went first). A recruiter whose
-- address is the company's contact gets the company's own mail: theirs is written skipped,
-- so that nobody is mailed twice for one change.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, user_id, kind, sequence,
        channel, recipient, language, status, reason
    )
    select concat_ws(':', :kind::text, 'recruiter', r.id, u.id, e.sequence),
        e.organisation_id, e.id, r.id, u.id, :kind, e.sequence, 'email', u.email, 'fr',
        case when lower(btrim(co.contact_email)) = lower(u.email) then 'skipped'
            else 'pending' end,
        case when lower(btrim(co.contact_email)) = lower(u.email) then 'company_contact' end
    from registrations r
    join events e on e.id = r.event_id
    join companies co on co.id = r.company_id
    join users u on u.company_id = r.company_id and u.role = 'recruiter'
    where r.id = :registration_id
        and case
            when :kind = 'registration_cancelled' then
                r.status = 'cancelled' and r.confirmed_at is not null
                and e.status <> 'cancelled'
            else r.status = 'confirmed'
        end
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_messages_for_recruiters_of_event$
-- The same for every company whose place at the event is confirmed, in one statement.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, user_id, kind, sequence,
        channel, recipient, language, status, reason
    )
    select concat_ws(':', :kind::text, 'recruiter', r.id, u.id, e.sequence),
        e.organisation_id, e.id, r.id, u.id, :kind, e.sequence, 'email', u.email, 'fr',
        case when lower(btrim(co.contact_email)) = lower(u.email) then 'skipped'
            else 'pending' end,
        case when lower(btrim(co.contact_email)) = lower(u.email) then 'company_contact' end
    from registrations r
    join events e on e.id = r.event_id
    join companies co on co.id = r.company_id
    join users u on u.company_id = r.company_id and u.role = 'recruiter'
    where r.event_id = :event_id and r.role = 'company' and r.status = 'confirmed'
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: claim_message^
-- The oldest due message no other worker holds; the row stays locked until this
-- transaction ends, so a second worker skips it instead of sending it again.
select id, organisation_id, event_id, registration_id, user_id, password_link_id, kind,
    sequence, channel, recipient, language, attempts
from outbox
where status = 'pending' and next_attempt_at <= :now
order by next_attempt_at, id
limit 1
for update skip locked;

-- name: mark_message_sent!
update outbox set status = 'sent', sent_at = :now, attempts = attempts + 1, last_error = null
where id = :id;

-- name: mark_message_skipped!
update outbox set status = 'skipped', reason = :reason where id = :id;

-- name: mark_message_failed!
-- A failed attempt: tried again at :retry_at, or dead when :dead.
update outbox
set attempts = attempts + 1,
    last_error = :error,
    status = case when :dead then 'dead' else 'pending' end,
    next_attempt_at = case when :dead then next_attempt_at else :retry_at end
where id = :id;

-- name: get_message_context^
-- What a message says: the registration, its party, its live ticket, the event as it is now.
select r.status as registration_status, r.confirmed_at is not null as was_confirmed,
    r.role, coalesce(c.first_name, co.contact_name) as first_name,
    e.title, e.description, e.starts_at, e.ends_at, e.timezone, e.venue, e.online_url,
    e.status as event_status, e.sequence as event_sequence, o.name as organisation_name,
    e.cancellation_reason, t.token, t.short_code,
    case when r.status = 'waitlisted' then (
        select count(*) from registrations w
        where w.event_id = r.event_id and w.role = r.role and w.status = 'waitlisted'
            and w.waitlist_seq <= r.waitlist_seq
    ) end as waitlist_position
from registrations r
join events e on e.id = r.event_id
join organisations o on o.id = e.organisation_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
left join tickets t on t.registration_id = r.id and t.revoked_at is null
where r.id = :registration_id;

-- name: get_user_message_context^
-- What a staff member's or recruiter's message says: the event as it is now, who they are, and
-- for a recruiter their company's registration.
select u.name, u.role, e.title, e.description, e.starts_at, e.ends_at, e.timezone, e.venue,
    e.online_url, e.status as event_status, e.sequence as event_sequence, e.cancellation_reason,
    o.name as organisation_name, r.status as registration_status, co.name as company_name
from events e
join organisations o on o.id = e.organisation_id
join users u on u.id = :user_id
left join registrations r on r.id = :registration_id and r.event_id = e.id
left join companies co on co.id = r.company_id
where e.id = :event_id;

-- name: list_messages
-- An organisation's messages (every one for an admin, who passes no organisation), newest
-- first, keyset on (created_at, id).
select id, event_id, registration_id, user_id, kind, sequence, channel, recipient, language,
    status, reason, attempts, next_attempt_at, last_error, created_at, sent_at
from outbox
where (:organisation_id::uuid is null or organisation_id = :organisation_id)
    and (:status::text is null or status = :status)
    and (
        :after_created::timestamptz is null
        or (created_at, id) < (:after_created, :after_id::uuid)
    )
order by created_at desc, id desc
limit :limit;

-- name: lock_message_for_retry^
select id, organisation_id, status, registration_id, user_id from outbox
where id = :id
for update;

-- name: requeue_message<!
-- A dead message gets a fresh round of attempts; its last error stays until one succeeds.
update outbox set status = 'pending', attempts = 0, next_attempt_at = :now
where id = :id and status = 'dead'
returning id, event_id, registration_id, user_id, kind, sequence, channel, recipient,
    language, status, reason, attempts, next_attempt_at, last_error, created_at, sent_at;

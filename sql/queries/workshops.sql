-- An e-forum's workshops (migration 0033): the one owner of them, their sign-ups, and the
-- reminders before each workshop and each online interview (events/workshops/).

-- name: get_workshop_event^
-- What the workshop rules read of an event.
select id, organisation_id, kind, status, starts_at, ends_at, timezone, title,
    capacity_candidates, session_reminder_minutes, coalesce(details ->> 'mode', 'in_person') as mode
from events
where id = :event_id;

-- name: list_event_workshops
-- The event's workshops that stand, in time order, each with its places taken.
select w.id, w.event_id, w.title, w.starts_at, w.ends_at, w.capacity, w.place, w.online_url,
    (
        select count(*) from workshop_signups s
        join registrations r on r.id = s.registration_id and r.status = 'confirmed'
        where s.workshop_id = w.id
    )::int as taken
from workshops w
where w.event_id = :event_id and w.cancelled_at is null
order by w.starts_at, w.title, w.id;

-- name: list_workshops_of_events
-- The standing workshops of these events, for their details (title, times, capacity, where).
select w.id, w.event_id, w.title, w.starts_at, w.ends_at, w.capacity, w.place, w.online_url,
    0 as taken
from workshops w
where w.event_id = any(:event_ids::uuid[]) and w.cancelled_at is null
order by w.event_id, w.starts_at, w.title, w.id;

-- name: insert_workshop^
insert into workshops (event_id, title, starts_at, ends_at, capacity, place, online_url, created_by)
values (:event_id, :title, :starts_at, :ends_at, :capacity, :place, :online_url, :by)
returning id, event_id, title, starts_at, ends_at, capacity, place, online_url, 0 as taken;

-- name: get_workshop^
select w.id, w.event_id, w.title, w.starts_at, w.ends_at, w.capacity, w.place, w.online_url,
    (
        select count(*) from workshop_signups s
        join registrations r on r.id = s.registration_id and r.status = 'confirmed'
        where s.workshop_id = w.id
    )::int as taken
from workshops w
where w.id = :id and w.cancelled_at is null;

-- name: lock_workshop^
-- A standing workshop, held until the transaction ends (its sign-ups are counted under this
-- lock), with its places taken.
select w.id, w.event_id, w.title, w.starts_at, w.ends_at, w.capacity, w.place, w.online_url,
    (
        select count(*) from workshop_signups s
        join registrations r on r.id = s.registration_id and r.status = 'confirmed'
        where s.workshop_id = w.id
    )::int as taken
from workshops w
where w.id = :id and w.cancelled_at is null
for update of w;

-- name: count_workshop_signups$
-- The places taken: sign-ups of people whose place at the event stands (a cancelled
-- registration frees its workshops' places).
select count(*)::int from workshop_signups s
join registrations r on r.id = s.registration_id and r.status = 'confirmed'
where s.workshop_id = :workshop_id;

-- name: update_workshop^
update workshops
set title = :title, starts_at = :starts_at, ends_at = :ends_at, capacity = :capacity,
    place = :place, online_url = :online_url, updated_at = :now
where id = :id
returning id, event_id, title, starts_at, ends_at, capacity, place, online_url,
    (
        select count(*) from workshop_signups s
        join registrations r on r.id = s.registration_id and r.status = 'confirmed'
        where s.workshop_id = workshops.id
    )::int as taken;

-- name: delete_workshop!
delete from workshops where id = :id;

-- name: cancel_workshop!
update workshops set cancelled_at = :now, updated_at = :now where id = :id;

-- name: lock_workshop_registration^
-- The candidate's confirmed place at the event, held until the transaction ends: one person's
-- sign-ups are serialised on it (no two overlapping workshops signed at once).
select id from registrations
where event_id = :event_id and candidate_id = :candidate_id and role = 'candidate'
    and status = 'confirmed'
for update;

-- name: find_schedule_clash^
-- Something the candidate already has between :starts_at and :ends_at: another standing
-- workshop they signed up to, or one of their interviews.
select kind, title, starts_at from (
    select 'workshop' as kind, w.title, w.starts_at
    from workshop_signups s
    join workshops w on w.id = s.workshop_id
    join registrations r on r.id = s.registration_id and r.status = 'confirmed'
    where s.candidate_id = :candidate_id and w.id <> :workshop_id and w.cancelled_at is null
        and w.starts_at < :ends_at and w.ends_at > :starts_at
    union all
    select 'interview', co.name, i.starts_at
    from interviews i
    join companies co on co.id = i.company_id
    where i.candidate_id = :candidate_id and i.starts_at < :ends_at and i.ends_at > :starts_at
) clash
order by starts_at
limit 1;

-- name: check_workshop_signup$
-- Whether the candidate holds a place in the workshop (through a standing registration).
select exists (
    select 1 from workshop_signups s
    join registrations r on r.id = s.registration_id and r.status = 'confirmed'
    where s.workshop_id = :workshop_id and s.candidate_id = :candidate_id
);

-- name: find_move_clash^
-- Someone signed up to the workshop who, were it moved to the new times, would be in
-- another of their workshops or one of their interviews at the same time.
select s.candidate_id, clash.title
from workshop_signups s
join registrations r on r.id = s.registration_id and r.status = 'confirmed'
cross join lateral (
    select w.title
    from workshop_signups o
    join workshops w on w.id = o.workshop_id
    join registrations ro on ro.id = o.registration_id and ro.status = 'confirmed'
    where o.candidate_id = s.candidate_id and w.id <> :workshop_id and w.cancelled_at is null
        and w.starts_at < :ends_at and w.ends_at > :starts_at
    union all
    select co.name
    from interviews i
    join companies co on co.id = i.company_id
    where i.candidate_id = s.candidate_id and i.starts_at < :ends_at and i.ends_at > :starts_at
) clash
where s.workshop_id = :workshop_id
limit 1;

-- name: insert_workshop_signup$
-- A new sign-up; one left by a cancelled registration of the same person takes the new one.
with added as (
    insert into workshop_signups (workshop_id, candidate_id, registration_id, signed_up_by)
    values (:workshop_id, :candidate_id, :registration_id, :by)
    on conflict (workshop_id, candidate_id) do update
    set registration_id = excluded.registration_id, signed_up_by = excluded.signed_up_by,
        created_at = now()
    returning 1
)
select count(*) from added;

-- name: delete_workshop_signup$
with gone as (
    delete from workshop_signups
    where workshop_id = :workshop_id and candidate_id = :candidate_id
    returning 1
)
select count(*) from gone;

-- name: list_workshop_signups
-- Who is signed up, by name, and who signed them up (null: themselves, from their ticket).
select s.candidate_id, c.first_name, c.last_name, s.signed_up_by, u.name as signed_up_by_name,
    s.created_at
from workshop_signups s
join registrations r on r.id = s.registration_id and r.status = 'confirmed'
join candidates c on c.id = s.candidate_id
left join users u on u.id = s.signed_up_by
where s.workshop_id = :workshop_id
order by lower(c.last_name), lower(c.first_name), c.id;

-- name: list_live_signups
-- The sign-ups of the event that stand (the person's registration is confirmed, the workshop
-- not called off), with the workshop's times: of one candidate, or of everyone when
-- :candidate_id is null. The interview grid reads them too (no interview during a workshop).
select s.workshop_id, s.candidate_id, w.starts_at, w.ends_at
from workshop_signups s
join workshops w on w.id = s.workshop_id
join registrations r on r.id = s.registration_id and r.status = 'confirmed'
where w.event_id = :event_id and w.cancelled_at is null
    and (:candidate_id::uuid is null or s.candidate_id = :candidate_id)
order by s.candidate_id, w.starts_at, w.id;

-- name: list_workshop_candidates
-- The candidates with a confirmed place at the event, by name (to sign one up).
select c.id as candidate_id, c.first_name, c.last_name
from registrations r
join candidates c on c.id = r.candidate_id
where r.event_id = :event_id and r.role = 'candidate' and r.status = 'confirmed'
order by lower(c.last_name), lower(c.first_name), c.id
limit 1000;

-- name: set_session_reminder_minutes!
update events set session_reminder_minutes = :minutes, updated_at = :now where id = :event_id;

-- name: enqueue_workshop_cancelled$
-- The word that a workshop was called off, to each person signed up to it, on every channel
-- their registration reaches them on.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, workshop_id, kind, sequence,
        channel, recipient, language, status, reason
    )
    select concat_ws(':', 'workshop_cancelled', w.id, r.id, c.channel),
        e.organisation_id, e.id, r.id, w.id, 'workshop_cancelled', e.sequence, c.channel,
        c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end
    from workshops w
    join events e on e.id = w.event_id
    join workshop_signups s on s.workshop_id = w.id
    join registrations r on r.id = s.registration_id and r.status = 'confirmed'
    join outbox_contacts c on c.registration_id = r.id
    where w.id = :workshop_id and w.starts_at > :now
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_workshop_reminders$
-- The people signed up to a workshop of a published event that starts within the event's
-- session_reminder_minutes: once per workshop, start time, person and channel.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, workshop_id, kind, sequence,
        channel, recipient, language, status, reason, next_attempt_at
    )
    select concat_ws(':', 'workshop_reminder', w.id, extract(epoch from w.starts_at)::bigint,
            r.id, c.channel),
        e.organisation_id, e.id, r.id, w.id, 'workshop_reminder', e.sequence, c.channel,
        c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end,
        :now
    from workshops w
    join events e on e.id = w.event_id
    join workshop_signups s on s.workshop_id = w.id
    join registrations r on r.id = s.registration_id and r.status = 'confirmed'
    join outbox_contacts c on c.registration_id = r.id
    where e.status = 'published' and e.session_reminder_minutes > 0
        and w.cancelled_at is null
        and w.starts_at > :now
        and w.starts_at <= :now::timestamptz + interval '1 day'
        and w.starts_at - make_interval(mins => e.session_reminder_minutes) <= :now
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_interview_reminders$
-- Each online interview of a sent plan (its table has a meeting link, the event is online or
-- hybrid) that starts within the event's session_reminder_minutes: to the candidate and to the
-- company's contact, once per interview (candidate, company, start), person and channel.
with added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, interview_id, kind, sequence,
        channel, recipient, language, status, reason, next_attempt_at
    )
    select concat_ws(':', 'interview_reminder', i.event_id, i.candidate_id, i.company_id,
            extract(epoch from i.starts_at)::bigint, r.id, c.channel),
        e.organisation_id, e.id, r.id, i.id, 'interview_reminder', e.sequence, c.channel,
        c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end,
        :now
    from interviews i
    join events e on e.id = i.event_id
    join interview_companies ic on ic.event_id = i.event_id and ic.company_id = i.company_id
    join registrations r on r.event_id = i.event_id and r.status = 'confirmed'
        and (r.candidate_id = i.candidate_id or r.company_id = i.company_id)
    join outbox_contacts c on c.registration_id = r.id
    where e.status = 'published' and e.session_reminder_minutes > 0
        and e.details ->> 'mode' in ('online', 'hybrid')
        and nullif(btrim(ic.video_urls[i.table_no]), '') is not null
        and exists (
            select 1 from interview_plans p
            where p.event_id = i.event_id and p.sent_at is not null
                and p.id = (select max(q.id) from interview_plans q where q.event_id = i.event_id)
        )
        and i.starts_at > :now
        and i.starts_at <= :now::timestamptz + interval '1 day'
        and i.starts_at - make_interval(mins => e.session_reminder_minutes) <= :now
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: get_workshop_message_context^
-- What a workshop's reminder or cancellation says, read when it is delivered.
select w.title, w.starts_at, w.ends_at, w.place, w.online_url, w.cancelled_at,
    e.title as event_title, e.timezone, e.status as event_status, e.online_url as event_url,
    o.name as organisation_name, r.status as registration_status,
    exists (
        select 1 from workshop_signups s
        where s.workshop_id = w.id and s.registration_id = r.id
    ) as signed_up
from outbox m
join workshops w on w.id = m.workshop_id
join events e on e.id = w.event_id
join organisations o on o.id = e.organisation_id
join registrations r on r.id = m.registration_id
where m.id = :message_id;

-- name: get_interview_message_context^
-- What an interview's reminder says, read when it is delivered: to the candidate, the company
-- and its meeting link; to the company's contact, the candidate's first name.
select i.starts_at, i.ends_at, i.table_no, ic.video_urls[i.table_no] as video_url,
    co.name as company_name, c.first_name as candidate_first_name,
    r.role, r.status as registration_status,
    e.title as event_title, e.timezone, e.status as event_status, o.name as organisation_name
from outbox m
join interviews i on i.id = m.interview_id
join interview_companies ic on ic.event_id = i.event_id and ic.company_id = i.company_id
join companies co on co.id = i.company_id
join candidates c on c.id = i.candidate_id
join events e on e.id = i.event_id
join organisations o on o.id = e.organisation_id
join registrations r on r.id = m.registration_id
where m.id = :message_id;

-- Everyone's interview schedule (events/interview_grid/schedules.py): sending the latest plan,
-- and what each audience reads of it. Interviews are shown once the event's latest plan was
-- sent (interview_plans.sent_at); what was sent is kept in interviews_sent (migration 0030).

-- name: lock_interview_plan_to_send^
-- The event (locked: two sends of one event wait for each other), its latest plan and the
-- plan sent before that one, if any.
select e.id as event_id, e.organisation_id, e.kind, e.status as event_status,
    p.id as plan_id, p.sent_at,
    (
        select max(q.id) from interview_plans q
        where q.event_id = e.id and q.sent_at is not null and q.id < p.id
    ) as previous_plan_id
from events e
left join lateral (
    select id, sent_at from interview_plans where event_id = e.id order by id desc limit 1
) p on true
where e.id = :event_id
for no key update of e;

-- name: mark_interview_plan_sent^
-- The plan's send time, set once: a send that finds it set (another send went first while
-- this one waited for the event's lock) is told so, with the time set first.
with marked as (
    update interview_plans set sent_at = :now, sent_by = :sent_by
    where id = :plan_id and sent_at is null
    returning sent_at
)
select exists (select 1 from marked) as marked,
    coalesce(
        (select sent_at from marked),
        (select sent_at from interview_plans where id = :plan_id)
    ) as sent_at;

-- name: count_interviews_sent$
select count(*) from interviews_sent where plan_id = :plan_id;

-- name: insert_interviews_sent$
-- The event's interviews as they stand, kept as what this plan's send told. A meeting of a
-- candidate and a company keeps the calendar SEQUENCE of its last send while it stays as it
-- was, and takes the next one when it moved.
with added as (
    insert into interviews_sent (
        event_id, plan_id, company_id, candidate_id, starts_at, ends_at, table_no, sequence,
        sent_at
    )
    select i.event_id, :plan_id, i.company_id, i.candidate_id, i.starts_at, i.ends_at,
        i.table_no,
        case
            when before.sequence is null then 0
            when (before.starts_at, before.ends_at, before.table_no)
                = (i.starts_at, i.ends_at, i.table_no) then before.sequence
            else before.sequence + 1
        end,
        :now
    from interviews i
    left join lateral (
        select s.sequence, s.starts_at, s.ends_at, s.table_no
        from interviews_sent s
        where s.event_id = i.event_id and s.company_id = i.company_id
            and s.candidate_id = i.candidate_id
        order by s.plan_id desc
        limit 1
    ) before on true
    where i.event_id = :event_id
    on conflict do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_interview_schedules_for_candidates$
-- One message per channel to each candidate with interviews in this send whose interviews
-- differ from the send before (all of them on the first send).
with sent as (
    select company_id, candidate_id, starts_at, ends_at, table_no
    from interviews_sent where plan_id = :plan_id
),
before as (
    select company_id, candidate_id, starts_at, ends_at, table_no
    from interviews_sent where plan_id = :previous_plan_id::bigint
),
changed as (
    (select * from sent except select * from before)
    union
    (select * from before except select * from sent)
),
told as (
    select distinct ch.candidate_id from changed ch
    where exists (select 1 from sent s where s.candidate_id = ch.candidate_id)
),
added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason
    )
    select concat_ws(':', 'interview_schedule', :plan_id::bigint, r.id, c.channel),
        e.organisation_id, e.id, r.id, 'interview_schedule', e.sequence, c.channel,
        c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end
    from told
    join events e on e.id = :event_id
    join registrations r
        on r.event_id = e.id and r.candidate_id = told.candidate_id and r.status = 'confirmed'
    join outbox_contacts c on c.registration_id = r.id
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: enqueue_interview_schedules_for_companies$
-- The same for each company: a mail to each of its recruiters (in French: users have no
-- language of their own), or to its contact when it has no recruiter account.
with sent as (
    select company_id, candidate_id, starts_at, ends_at, table_no
    from interviews_sent where plan_id = :plan_id
),
before as (
    select company_id, candidate_id, starts_at, ends_at, table_no
    from interviews_sent where plan_id = :previous_plan_id::bigint
),
changed as (
    (select * from sent except select * from before)
    union
    (select * from before except select * from sent)
),
told as (
    select distinct ch.company_id from changed ch
    where exists (select 1 from sent s where s.company_id = ch.company_id)
),
registered as (
    select r.id as registration_id, r.company_id, e.id as event_id, e.organisation_id,
        e.sequence
    from told
    join events e on e.id = :event_id
    join registrations r
        on r.event_id = e.id and r.company_id = told.company_id and r.status = 'confirmed'
),
added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, user_id, kind, sequence,
        channel, recipient, language, status, reason
    )
    select concat_ws(':', 'interview_schedule', :plan_id::bigint, 'recruiter', g.registration_id,
            u.id),
        g.organisation_id, g.event_id, g.registration_id, u.id, 'interview_schedule',
        g.sequence, 'email', u.email, 'fr', 'pending', null
    from registered g
    join users u
        on u.company_id = g.company_id and u.role = 'recruiter' and u.deactivated_at is null
    union all
    select concat_ws(':', 'interview_schedule', :plan_id::bigint, g.registration_id, c.channel),
        g.organisation_id, g.event_id, g.registration_id, null, 'interview_schedule',
        g.sequence, c.channel, c.recipient, c.language,
        case when c.channel = 'none' then 'skipped' else 'pending' end,
        case when c.channel = 'none' then 'no_contact' end
    from registered g
    join outbox_contacts c on c.registration_id = g.registration_id
    where not exists (
        select 1 from users u
        where u.company_id = g.company_id and u.role = 'recruiter' and u.deactivated_at is null
    )
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: list_interviews_of_registration
-- A ticket's interviews: a candidate's own (with each company and table), or a company's (with
-- each candidate's first name and the initial of their last name), once the event's latest
-- plan was sent, while the place is confirmed and the event not cancelled. Nothing else about
-- the candidates.
select i.starts_at, i.ends_at, i.table_no, co.name as company_name, c.first_name,
    left(c.last_name, 1) as initial, ic.video_urls[i.table_no] as video_url, e.timezone
from registrations r
join events e on e.id = r.event_id
join interviews i
    on i.event_id = r.event_id
    and (i.candidate_id = r.candidate_id or i.company_id = r.company_id)
join companies co on co.id = i.company_id
join candidates c on c.id = i.candidate_id
left join interview_companies ic on ic.event_id = i.event_id and ic.company_id = i.company_id
where r.id = :registration_id and r.status = 'confirmed' and e.status <> 'cancelled'
    and (
        select p.sent_at from interview_plans p
        where p.event_id = r.event_id order by p.id desc limit 1
    ) is not null
order by i.starts_at, i.table_no;

-- name: get_interview_event_of_company^
-- The event as a company registered to it (confirmed or waiting) sees it, and when its latest
-- interview plan was sent (null: not yet, or the event was cancelled since); nothing for a
-- company that is not registered.
select e.id, e.title, e.kind, e.starts_at, e.ends_at, e.timezone, e.venue, e.online_url,
    co.name as company_name,
    case when e.status <> 'cancelled' then (
        select p.sent_at from interview_plans p
        where p.event_id = e.id order by p.id desc limit 1
    ) end as sent_at
from events e
join registrations r
    on r.event_id = e.id and r.company_id = :company_id
    and r.status in ('confirmed', 'waitlisted')
join companies co on co.id = r.company_id
where e.id = :event_id and e.status in ('published', 'completed', 'cancelled');

-- name: list_interviews_of_company
-- A company's interviews at the event, by table and time: the candidate's first name and the
-- initial of their last name, whether the company's recruiters may open their card (that rule
-- is recruiter_visible_candidates', migration 0011), and the calendar SEQUENCE of the last
-- send. The caller asks only once the latest plan was sent.
select i.candidate_id, i.starts_at, i.ends_at, i.table_no, c.first_name,
    left(c.last_name, 1) as initial, ic.video_urls[i.table_no] as video_url,
    i.candidate_id in (
        select seen.id from recruiter_visible_candidates(:company_id) seen
    ) as card_visible,
    coalesce((
        select s.sequence from interviews_sent s
        where s.event_id = i.event_id and s.company_id = i.company_id
            and s.candidate_id = i.candidate_id
        order by s.plan_id desc
        limit 1
    ), 0) as sequence
from interviews i
join candidates c on c.id = i.candidate_id
left join interview_companies ic on ic.event_id = i.event_id and ic.company_id = i.company_id
where i.event_id = :event_id and i.company_id = :company_id
order by i.table_no, i.starts_at;

-- name: get_interview_schedule_message_context^
-- What an interview schedule message says, at delivery: its addressee (a candidate, a
-- company's contact, or a recruiter), the event as it is now, the live ticket, and whether a
-- later schedule message to the same addressee and channel makes this one needless.
select o.registration_id, o.user_id, r.role, r.status as registration_status, r.candidate_id,
    r.company_id, coalesce(u.name, c.first_name, co.contact_name) as name,
    co.name as company_name, e.id as event_id, e.kind, e.title, e.starts_at, e.ends_at, e.timezone,
    e.venue, e.online_url, e.status as event_status, org.name as organisation_name, t.token,
    (u.id is null or (u.company_id = r.company_id and u.role = 'recruiter'
        and u.deactivated_at is null)) as takes_part,
    exists (
        select 1 from outbox later
        where later.kind = o.kind and later.event_id = o.event_id
            and later.registration_id = o.registration_id
            and later.user_id is not distinct from o.user_id
            and later.channel = o.channel and later.created_at > o.created_at
    ) as superseded
from outbox o
join events e on e.id = o.event_id
join organisations org on org.id = e.organisation_id
join registrations r on r.id = o.registration_id
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
left join users u on u.id = o.user_id
left join tickets t on t.registration_id = r.id and t.revoked_at is null
where o.id = :message_id;

-- name: list_interviews_sent
-- What the last send of the event told a candidate (:candidate_id) or a company
-- (:company_id): the interviews as they stood then.
select s.starts_at, s.ends_at, s.table_no, co.name as company_name, c.first_name,
    left(c.last_name, 1) as initial, ic.video_urls[s.table_no] as video_url, e.timezone
from interviews_sent s
join events e on e.id = s.event_id
join companies co on co.id = s.company_id
join candidates c on c.id = s.candidate_id
left join interview_companies ic on ic.event_id = s.event_id and ic.company_id = s.company_id
where s.event_id = :event_id
    and s.plan_id = (
        select max(p.id) from interview_plans p
        where p.event_id = :event_id and p.sent_at is not null
    )
    and (s.candidate_id = :candidate_id::uuid or s.company_id = :company_id::uuid)
order by s.starts_at, s.table_no;

-- What followed a meeting for its participants (events/outcomes/): outcomes, the follow-ups due
-- 1, 3, 6 and 12 months after an event (``follow_up_due_on``, migration 0022) and the mail that
-- tells an event's organisers when they fall due.

-- name: get_outcome_person^
-- The candidate's organisation, and whether they hold a live registration to the event and
-- came to it; no row when there is no such candidate.
select c.organisation_id, r.id is not null as registered, r.checked_in_at is not null as came
from candidates c
left join registrations r
    on r.candidate_id = c.id and r.event_id = :event_id and r.status <> 'cancelled'
where c.id = :candidate_id;

-- name: get_follow_up_due^
-- When the event's follow-up at :months falls due, and the day it is now where it took place.
select follow_up_due_on(e.ends_at, e.timezone, :months) as due_on,
    (:now::timestamptz at time zone e.timezone)::date as today
from events e
where e.id = :event_id;

-- name: get_outcome_interest^
-- An interest of a recruiter in this candidate, and the company they recruit for.
select i.id, i.company_id from recruiter_interests i
where i.id = :interest_id and i.candidate_id = :candidate_id;

-- name: lock_follow_up_answer^
-- The answer a follow-up already has, held until the transaction ends.
select id, candidate_id, event_id, kind, happened_on, company_id, note, interest_id
from outcomes
where event_id = :event_id and candidate_id = :candidate_id and follow_up_month = :month
for update;

-- name: upsert_outcome$
-- A new outcome; a second answer to the same follow-up takes the place of the first.
insert into outcomes (
    candidate_id, event_id, kind, happened_on, company_id, note, follow_up_month, interest_id,
    recorded_by, recorded_at
)
values (
    :candidate_id, :event_id, :kind, :happened_on, :company_id, :note, :follow_up_month,
    :interest_id, :by, :now
)
on conflict (event_id, candidate_id, follow_up_month) where follow_up_month is not null
do update set kind = excluded.kind, happened_on = excluded.happened_on,
    company_id = excluded.company_id, note = excluded.note, interest_id = excluded.interest_id,
    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
returning id;

-- name: get_outcome^
select o.id, o.candidate_id, o.event_id, e.title as event_title, o.kind, o.happened_on,
    o.company_id, co.name as company_name, o.note, o.follow_up_month, o.interest_id,
    o.recorded_by, o.recorded_at
from outcomes o
join events e on e.id = o.event_id
left join companies co on co.id = o.company_id
where o.id = :id;

-- name: lock_outcome^
select id, candidate_id, event_id, kind, happened_on, company_id, note, interest_id
from outcomes
where id = :id
for update;

-- name: update_outcome!
update outcomes
set kind = :kind, happened_on = :happened_on, company_id = :company_id, note = :note,
    recorded_by = :by, recorded_at = :now
where id = :id;

-- name: delete_outcome!
delete from outcomes where id = :id;

-- name: list_candidate_outcomes
-- A person's outcomes, the latest first, keyset on (happened_on, id).
select o.id, o.candidate_id, o.event_id, e.title as event_title, o.kind, o.happened_on,
    o.company_id, co.name as company_name, o.note, o.follow_up_month, o.interest_id,
    o.recorded_by, o.recorded_at
from outcomes o
join events e on e.id = o.event_id
left join companies co on co.id = o.company_id
where o.candidate_id = :candidate_id
    and (:after_id::uuid is null or (o.happened_on, o.id) < (:after_on::date, :after_id))
order by o.happened_on desc, o.id desc
limit :limit;

-- name: list_event_participants
-- The candidates registered to the event (cancelled places aside), by name, keyset on it.
select c.id as candidate_id, c.first_name, c.last_name, r.checked_in_at is not null as came
from registrations r
join candidates c on c.id = r.candidate_id
where r.event_id = :event_id and r.status <> 'cancelled'
    and (
        :after_id::uuid is null
        or (lower(c.last_name), lower(c.first_name), c.id)
            > (:after_last::text, :after_first::text, :after_id)
    )
order by lower(c.last_name), lower(c.first_name), c.id
limit :limit;

-- name: list_event_outcomes
-- The outcomes at the event of these candidates, the latest first.
select o.id, o.candidate_id, o.event_id, e.title as event_title, o.kind, o.happened_on,
    o.company_id, co.name as company_name, o.note, o.follow_up_month, o.interest_id,
    o.recorded_by, o.recorded_at
from outcomes o
join events e on e.id = o.event_id
left join companies co on co.id = o.company_id
where o.event_id = :event_id and o.candidate_id = any(:candidate_ids::uuid[])
order by o.happened_on desc, o.id desc;

-- name: list_event_follow_up_dates
-- The event's four follow-ups, when each falls due, and the day it is now where it took place.
select m.month, follow_up_due_on(e.ends_at, e.timezone, m.month) as due_on,
    (:now::timestamptz at time zone e.timezone)::date as today
from events e
cross join (values (1), (3), (6), (12)) as m (month)
where e.id = :event_id
order by m.month;

-- name: list_event_interests
-- Recruiters' standing interests in these candidates, named for this event or for none, that
-- no outcome follows up yet.
select i.id as interest_id, i.candidate_id, i.company_id, co.name as company_name, i.created_at
from recruiter_interests i
join companies co on co.id = i.company_id
where i.candidate_id = any(:candidate_ids::uuid[])
    and (i.event_id = :event_id or i.event_id is null)
    and i.withdrawn_at is null
    and not exists (select 1 from outcomes o where o.interest_id = i.id)
order by i.created_at, i.id;

-- name: list_follow_ups_to_do
-- What an organisation's organisers have to do after their events (every organisation's for an
-- admin, who passes none), one line per event and person: the follow-ups due by :horizon (the
-- event's own day) that no outcome answers, and the recruiters' standing interests no outcome
-- followed up (one named for no event goes with the person's latest event). Earliest first,
-- keyset on (first_due, event_id, candidate_id).
with scoped as (
    select e.id, e.title, e.starts_at, e.ends_at, e.timezone,
        (:now::timestamptz at time zone e.timezone)::date as today
    from events e
    where e.status in ('published', 'completed')
        and e.starts_at <= :now
        and (:organisation_id::uuid is null or e.organisation_id = :organisation_id)
),
follow_ups as (
    select e.id as event_id, r.candidate_id, m.month,
        follow_up_due_on(e.ends_at, e.timezone, m.month) as due_on
    from scoped e
    join registrations r
        on r.event_id = e.id and r.status = 'confirmed' and r.checked_in_at is not null
        and r.candidate_id is not null
    cross join (values (1), (3), (6), (12)) as m (month)
    where follow_up_due_on(e.ends_at, e.timezone, m.month) <= e.today + :soon_days::integer
        and not exists (
            select 1 from outcomes o
            where o.event_id = e.id and o.candidate_id = r.candidate_id
                and o.follow_up_month = m.month
        )
),
interests as (
    select ev.id as event_id, i.candidate_id, i.id as interest_id, i.company_id,
        co.name as company_name, i.created_at,
        (i.created_at at time zone ev.timezone)::date as due_on
    from recruiter_interests i
    join companies co on co.id = i.company_id
    cross join lateral (
        select e.id, e.timezone
        from scoped e
        join registrations r
            on r.event_id = e.id and r.candidate_id = i.candidate_id and r.status <> 'cancelled'
        where i.event_id is null or e.id = i.event_id
        order by e.ends_at desc, e.id
        limit 1
    ) ev
    where i.withdrawn_at is null
        and not exists (select 1 from outcomes o where o.interest_id = i.id)
),
people as (
    select event_id, candidate_id, min(due_on) as first_due
    from (
        select event_id, candidate_id, due_on from follow_ups
        union all
        select event_id, candidate_id, due_on from interests
    ) todo
    group by event_id, candidate_id
)
select p.event_id, e.title as event_title, e.starts_at, e.ends_at, e.timezone, e.today,
    p.candidate_id, c.first_name, c.last_name, p.first_due,
    coalesce((
        select jsonb_agg(jsonb_build_object('month', f.month, 'due_on', f.due_on) order by f.month)
        from follow_ups f
        where f.event_id = p.event_id and f.candidate_id = p.candidate_id
    ), '[]'::jsonb) as follow_ups,
    coalesce((
        select jsonb_agg(jsonb_build_object(
            'interest_id', i.interest_id, 'company_id', i.company_id,
            'company_name', i.company_name, 'created_at', i.created_at
        ) order by i.created_at, i.interest_id)
        from interests i
        where i.event_id = p.event_id and i.candidate_id = p.candidate_id
    ), '[]'::jsonb) as interests
from people p
join scoped e on e.id = p.event_id
join candidates c on c.id = p.candidate_id
where :after_id::uuid is null
    or (p.first_due, p.event_id, p.candidate_id) > (:after_due::date, :after_event::uuid, :after_id)
order by p.first_due, p.event_id, p.candidate_id
limit :limit;

-- name: enqueue_follow_up_reminders$
-- Each organiser of an event is mailed once per event and follow-up month when that follow-up
-- falls due (in the :window_days after its day, so that years of past events are not mailed
-- at once) and someone who came has not been followed up yet.
with due as (
    select e.id, e.organisation_id, e.sequence, m.month
    from events e
    cross join (values (1), (3), (6), (12)) as m (month)
    where e.status in ('published', 'completed')
        and e.ends_at <= :now
        and e.ends_at > :now::timestamptz - interval '13 months'
        and follow_up_due_on(e.ends_at, e.timezone, m.month)
            between (:now::timestamptz at time zone e.timezone)::date - :window_days::integer
            and (:now::timestamptz at time zone e.timezone)::date
        and exists (
            select 1 from registrations r
            where r.event_id = e.id and r.status = 'confirmed' and r.checked_in_at is not null
                and r.candidate_id is not null
                and not exists (
                    select 1 from outcomes o
                    where o.event_id = e.id and o.candidate_id = r.candidate_id
                        and o.follow_up_month = m.month
                )
        )
),
added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, user_id, kind, sequence, channel, recipient,
        language
    )
    select concat_ws(':', 'follow_ups_due', 'staff', d.id, u.id, d.month),
        d.organisation_id, d.id, u.id, 'follow_ups_due', d.sequence, 'email', u.email, 'fr'
    from due d
    join users u
        on u.organisation_id = d.organisation_id and u.role = 'organiser'
        and u.deactivated_at is null
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: get_follow_up_mail_context^
-- What the follow-up mail says, from the event as it is at delivery: how many follow-ups of
-- people who came are due and not answered, and whether the user still organises its events.
select u.name, u.role = 'organiser' and u.organisation_id = e.organisation_id
        and u.deactivated_at is null as organises,
    e.title, e.starts_at, e.ends_at, e.timezone, e.status as event_status,
    o.name as organisation_name,
    (
        select count(*)
        from registrations r
        cross join (values (1), (3), (6), (12)) as m (month)
        where r.event_id = e.id and r.status = 'confirmed' and r.checked_in_at is not null
            and r.candidate_id is not null
            and follow_up_due_on(e.ends_at, e.timezone, m.month)
                <= (:now::timestamptz at time zone e.timezone)::date
            and not exists (
                select 1 from outcomes x
                where x.event_id = e.id and x.candidate_id = r.candidate_id
                    and x.follow_up_month = m.month
            )
    ) as waiting
from events e
join organisations o on o.id = e.organisation_id
join users u on u.id = :user_id
where e.id = :event_id;

-- name: list_outcome_companies
-- The companies registered to the event (cancelled places aside): those an outcome there
-- names most often.
select co.id, co.name
from companies co
where exists (
    select 1 from registrations r
    where r.event_id = :event_id and r.company_id = co.id and r.status <> 'cancelled'
)
order by co.name, co.id;

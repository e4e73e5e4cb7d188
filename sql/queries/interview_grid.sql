-- The interview grid of a job dating or an e-forum (events/interview_grid/): each side's frame
-- as the organiser states it (migration 0029), the plans the solver wrote and their interviews.

-- name: get_grid_event^
-- What the grid reads of an event: whose it is, its kind and times, and its details (the
-- length of an interview).
select id, organisation_id, kind, status, title, starts_at, ends_at, timezone, details,
    online_url
from events
where id = :event_id;

-- name: get_grid_settings^
select min_interviews, breaks, updated_at from interview_grid_settings where event_id = :event_id;

-- name: lock_grid_settings^
-- The event's settings row, made if missing and held until the transaction ends: solves and
-- re-plans of one event are serialised on it (not on the event's row, which registrations and
-- the door take).
insert into interview_grid_settings (event_id) values (:event_id)
on conflict (event_id) do update set event_id = excluded.event_id
returning min_interviews, breaks, updated_at;

-- name: upsert_grid_settings!
insert into interview_grid_settings (event_id, min_interviews, breaks, updated_by, updated_at)
values (:event_id, :min_interviews, :breaks, :by, :now)
on conflict (event_id) do update set min_interviews = excluded.min_interviews,
    breaks = excluded.breaks, updated_by = excluded.updated_by, updated_at = excluded.updated_at;

-- name: list_grid_companies
-- The companies confirmed at the event with their frame (the defaults where none was stated).
select co.id as company_id, co.name, co.sector,
    coalesce(ic.tables, 1) as tables, ic.arrives_at, ic.leaves_at,
    coalesce(ic.occupations, '{}') as occupations,
    coalesce(ic.skills_wanted, '[]') as skills_wanted,
    coalesce(ic.hires, 1) as hires,
    coalesce(ic.video_urls, '{}') as video_urls,
    ic.event_id is not null as stated
from registrations r
join companies co on co.id = r.company_id
left join interview_companies ic on ic.event_id = r.event_id and ic.company_id = r.company_id
where r.event_id = :event_id and r.role = 'company' and r.status = 'confirmed'
order by lower(co.name), co.id;

-- name: list_grid_candidates
-- The candidates confirmed at the event with their frame, whether they came in, and what
-- their CV says (wished sectors; the headline and the titles of the experiences, as
-- occupations).
select c.id as candidate_id, c.first_name, c.last_name,
    ic.arrives_at, ic.leaves_at, coalesce(ic.sectors, '{}') as sectors,
    coalesce(cv.sectors, '{}') as cv_sectors,
    array_remove(
        array[cv.structured ->> 'headline']
        || coalesce(
            array(
                select x ->> 'title'
                from jsonb_array_elements(
                    case when jsonb_typeof(cv.structured -> 'experiences') = 'array'
                        then cv.structured -> 'experiences' else '[]'::jsonb end
                ) x
            ),
            '{}'
        ),
        null
    ) as cv_occupations,
    r.checked_in_at is not null as came
from registrations r
join candidates c on c.id = r.candidate_id
left join interview_candidates ic on ic.event_id = r.event_id and ic.candidate_id = r.candidate_id
left join cvs cv on cv.candidate_id = r.candidate_id
where r.event_id = :event_id and r.role = 'candidate' and r.status = 'confirmed'
order by lower(c.last_name), lower(c.first_name), c.id;

-- name: list_grid_levels
-- The reviewed skill levels of the candidates confirmed at the event.
select l.candidate_id, l.skill, l.level
from skills_card_reviewed_lines l
join registrations r on r.candidate_id = l.candidate_id
where r.event_id = :event_id and r.role = 'candidate' and r.status = 'confirmed';

-- name: check_grid_company$
-- Whether the company is confirmed at the event.
select exists (
    select 1 from registrations
    where event_id = :event_id and company_id = :company_id and status = 'confirmed'
);

-- name: check_grid_candidate$
-- Whether the candidate is confirmed at the event.
select exists (
    select 1 from registrations
    where event_id = :event_id and candidate_id = :candidate_id and status = 'confirmed'
);

-- name: upsert_interview_company!
insert into interview_companies (
    event_id, company_id, tables, arrives_at, leaves_at, occupations, skills_wanted, hires,
    video_urls, updated_by, updated_at
)
values (
    :event_id, :company_id, :tables, :arrives_at, :leaves_at, :occupations, :skills_wanted,
    :hires, :video_urls, :by, :now
)
on conflict (event_id, company_id) do update set tables = excluded.tables,
    arrives_at = excluded.arrives_at, leaves_at = excluded.leaves_at,
    occupations = excluded.occupations, skills_wanted = excluded.skills_wanted,
    hires = excluded.hires, video_urls = excluded.video_urls,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at;

-- name: upsert_interview_candidate!
insert into interview_candidates (
    event_id, candidate_id, arrives_at, leaves_at, sectors, updated_by, updated_at
)
values (:event_id, :candidate_id, :arrives_at, :leaves_at, :sectors, :by, :now)
on conflict (event_id, candidate_id) do update set arrives_at = excluded.arrives_at,
    leaves_at = excluded.leaves_at, sectors = excluded.sectors,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at;

-- name: list_grid_wishes
select w.id, w.candidate_id, c.first_name, c.last_name, w.company_id, co.name as company_name,
    w.wish, w.said_by, w.source, w.created_at
from interview_wishes w
join candidates c on c.id = w.candidate_id
join companies co on co.id = w.company_id
where w.event_id = :event_id
order by w.created_at, w.id;

-- name: upsert_interview_wish$
-- A wish; the same side's second word about the same pair takes the place of the first.
insert into interview_wishes (
    event_id, candidate_id, company_id, wish, said_by, source, recorded_by, created_at
)
values (:event_id, :candidate_id, :company_id, :wish, :said_by, 'stated', :by, :now)
on conflict (event_id, candidate_id, company_id, said_by) do update set wish = excluded.wish,
    recorded_by = excluded.recorded_by, created_at = excluded.created_at
returning id;

-- name: delete_interview_wish^
delete from interview_wishes where id = :wish_id and event_id = :event_id
returning candidate_id, company_id, wish, said_by, source;

-- name: insert_interview_plan$
insert into interview_plans (
    event_id, solved_at, solved_by, status, objective, bound, gap, seconds, kept_until,
    explanation
)
values (
    :event_id, :now, :by, :status, :objective, :bound, :gap, :seconds, :kept_until, :explanation
)
returning id;

-- name: get_latest_plan^
select id, solved_at, solved_by, status, objective, bound, gap, seconds, kept_until,
    explanation, sent_at
from interview_plans
where event_id = :event_id
order by id desc
limit 1;

-- name: delete_replanned_interviews$
-- The planned interviews a new plan replaces: those starting from :kept_until (all of them
-- when it is null), and those of the people :dropped (absent) that start from :now.
with gone as (
    delete from interviews
    where event_id = :event_id
        and (
            :kept_until::timestamptz is null
            or starts_at >= :kept_until
            or (starts_at >= :now and candidate_id = any(:dropped::uuid []))
        )
    returning 1
)
select count(*) from gone;

-- name: insert_interviews!
insert into interviews (
    event_id, plan_id, slot, starts_at, ends_at, company_id, table_no, candidate_id
)
select :event_id, :plan_id, s.slot, s.starts_at, s.ends_at, s.company_id, s.table_no,
    s.candidate_id
from unnest(
    :slots::integer [], :starts::timestamptz [], :ends::timestamptz [], :companies::uuid [],
    :tables::integer [], :candidates::uuid []
) as s (slot, starts_at, ends_at, company_id, table_no, candidate_id);

-- name: list_event_interviews
-- The interviews of the event's current plan, with the names staff see.
select i.id, i.plan_id, i.slot, i.starts_at, i.ends_at, i.company_id, co.name as company_name,
    i.table_no, i.candidate_id, c.first_name, c.last_name
from interviews i
join companies co on co.id = i.company_id
join candidates c on c.id = i.candidate_id
where i.event_id = :event_id
order by i.starts_at, lower(co.name), i.company_id, i.table_no;

-- Funders' statistics (issue 12 §2). What a registration counts as is the view
-- registration_attributes' (migration 0023): frozen when frozen, live otherwise.

-- name: insert_registration_profiles$
-- Freeze the attributes of each of a candidate's registrations not frozen yet, from the view: a
-- frozen row is never rewritten (the attributes are those of the event, and the live data may
-- already be gone). How many were frozen now.
with frozen as (
    insert into registration_profiles (
        registration_id, under_26, woman, qpv, rsa_ass_aah, rqth, refugee, diploma_level, frozen_at
    )
    select registration_id, under_26, woman, qpv, rsa_ass_aah, rqth, refugee, diploma_level, :now
    from registration_attributes
    where candidate_id = :candidate_id
    on conflict (registration_id) do nothing
    returning 1
)
select count(*)::int from frozen;

-- name: count_statistics_cells
-- One row per event: who had a place (confirmed or marked absent; waiting list and cancelled
-- left out) and who came, by role; among the candidates who came, the funders' attributes;
-- whether each follow-up (1, 3, 6, 12 months after the end) is due.
with places as (
    select r.event_id,
        count(*) filter (where r.role = 'candidate')::int as registered_candidate,
        count(*) filter (where r.role = 'candidate' and r.checked_in_at is not null)::int
            as present_candidate,
        count(*) filter (where r.role = 'company')::int as registered_company,
        count(*) filter (where r.role = 'company' and r.checked_in_at is not null)::int
            as present_company
    from registrations r
    where r.event_id = any(:event_ids::uuid[]) and r.status in ('confirmed', 'no_show')
    group by r.event_id
), came as (
    select a.event_id,
        count(*) filter (where a.woman)::int as woman,
        count(*) filter (where a.under_26)::int as under_26,
        count(*) filter (where a.qpv)::int as qpv,
        count(*) filter (where a.rsa_ass_aah)::int as rsa_ass_aah,
        count(*) filter (where a.rqth)::int as rqth,
        count(*) filter (where a.refugee)::int as refugee,
        count(*) filter (where a.diploma_level = 'none')::int as diploma_none,
        count(*) filter (where a.diploma_level = 'level_3')::int as diploma_level_3,
        count(*) filter (where a.diploma_level = 'level_4')::int as diploma_level_4,
        count(*) filter (where a.diploma_level = 'level_5')::int as diploma_level_5,
        count(*) filter (where a.diploma_level = 'level_6')::int as diploma_level_6,
        count(*) filter (where a.diploma_level = 'level_7_8')::int as diploma_level_7_8
    from registration_attributes a
    where a.event_id = any(:event_ids::uuid[]) and a.came
    group by a.event_id
)
select e.id as event_id, e.title, e.starts_at,
    coalesce(p.registered_candidate, 0) as registered_candidate,
    coalesce(p.present_candidate, 0) as present_candidate,
    coalesce(p.registered_company, 0) as registered_company,
    coalesce(p.present_company, 0) as present_company,
    coalesce(c.woman, 0) as woman,
    coalesce(c.under_26, 0) as under_26,
    coalesce(c.qpv, 0) as qpv,
    coalesce(c.rsa_ass_aah, 0) as rsa_ass_aah,
    coalesce(c.rqth, 0) as rqth,
    coalesce(c.refugee, 0) as refugee,
    coalesce(c.diploma_none, 0) as diploma_none,
    coalesce(c.diploma_level_3, 0) as diploma_level_3,
    coalesce(c.diploma_level_4, 0) as diploma_level_4,
    coalesce(c.diploma_level_5, 0) as diploma_level_5,
    coalesce(c.diploma_level_6, 0) as diploma_level_6,
    coalesce(c.diploma_level_7_8, 0) as diploma_level_7_8,
    e.ends_at + interval '1 month' <= :now as due_1,
    e.ends_at + interval '3 months' <= :now as due_3,
    e.ends_at + interval '6 months' <= :now as due_6,
    e.ends_at + interval '12 months' <= :now as due_12
from events e
left join places p on p.event_id = e.id
left join came c on c.event_id = e.id
where e.id = any(:event_ids::uuid[])
order by e.starts_at, e.id;

-- name: count_statistics_outcomes
-- The answers to the follow-ups that are due, of the candidates who came, by event and month,
-- one column per kind of outcome (one answer per event, candidate and month).
select o.event_id, o.follow_up_month as month,
    count(*) filter (where o.kind = 'interview')::int as interview,
    count(*) filter (where o.kind = 'immersion')::int as immersion,
    count(*) filter (where o.kind = 'poe')::int as poe,
    count(*) filter (where o.kind = 'work_study')::int as work_study,
    count(*) filter (where o.kind = 'fixed_term_short')::int as fixed_term_short,
    count(*) filter (where o.kind = 'fixed_term_long')::int as fixed_term_long,
    count(*) filter (where o.kind = 'permanent')::int as permanent,
    count(*) filter (where o.kind = 'training')::int as training,
    count(*) filter (where o.kind = 'nothing_yet')::int as nothing_yet,
    count(*) filter (where o.kind = 'lost_contact')::int as lost_contact
from outcomes o
join events e on e.id = o.event_id
join registrations r on r.event_id = o.event_id and r.candidate_id = o.candidate_id
    and r.checked_in_at is not null
where o.event_id = any(:event_ids::uuid[]) and o.follow_up_month is not null
    and e.ends_at + make_interval(months => o.follow_up_month) <= :now
group by o.event_id, o.follow_up_month;

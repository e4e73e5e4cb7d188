-- Recruiters' interests in meeting a candidate (migration 0020), and the events a recruiter's
-- company attends, which the recruiter's pages list with their candidates and an interest may
-- name. Who a recruiter may see is recruiter_visible_candidates' rule (migration 0011), checked
-- by events/skills_cards/card.py's recruiter_may_see before any interest is written.

-- name: list_company_events
-- The published or completed events the company holds a live registration to, latest first
-- (the same condition as check_recruiter_company_attends).
select e.id, e.title, e.kind, e.starts_at, e.ends_at, e.timezone, e.venue ->> 'city' as city
from registrations rc
join events e on e.id = rc.event_id and e.status in ('published', 'completed')
where rc.company_id = :company_id and rc.status <> 'cancelled'
order by e.starts_at desc, e.id
limit :limit;

-- name: check_shared_event$
-- The company and the candidate both attend this event (recruiter_shared_events, migration 0011).
select exists (
    select 1 from recruiter_shared_events(:company_id) shared
    where shared.candidate_id = :candidate_id and shared.event_id = :event_id
);

-- name: insert_interest<!
-- Nothing when the recruiter already has an active interest in the candidate.
insert into recruiter_interests (recruiter_id, company_id, candidate_id, event_id, created_at)
values (:recruiter_id, :company_id, :candidate_id, :event_id, :now)
on conflict (recruiter_id, candidate_id) where withdrawn_at is null do nothing
returning id;

-- name: get_active_interest^
select i.id, i.candidate_id, i.recruiter_id, u.name as recruiter_name, i.company_id,
    co.name as company_name, i.event_id, e.title as event_title, i.created_at, i.withdrawn_at
from recruiter_interests i
join users u on u.id = i.recruiter_id
join companies co on co.id = i.company_id
left join events e on e.id = i.event_id
where i.recruiter_id = :recruiter_id and i.candidate_id = :candidate_id
    and i.withdrawn_at is null;

-- name: set_interest_withdrawn$
update recruiter_interests set withdrawn_at = :now
where recruiter_id = :recruiter_id and candidate_id = :candidate_id and withdrawn_at is null
returning id;

-- name: list_candidate_interests
-- A candidate's interests, active and withdrawn, newest first: for the candidate's organisers.
select i.id, i.candidate_id, i.recruiter_id, u.name as recruiter_name, i.company_id,
    co.name as company_name, i.event_id, e.title as event_title, i.created_at, i.withdrawn_at
from recruiter_interests i
join users u on u.id = i.recruiter_id
join companies co on co.id = i.company_id
left join events e on e.id = i.event_id
where i.candidate_id = :candidate_id
    and (:after_id::uuid is null or (i.created_at, i.id) < (:after_at::timestamptz, :after_id))
order by i.created_at desc, i.id desc
limit :limit;

-- Anonymous "bib" sessions (migration 0031, events/bibs): the switch, the bibs, a company's
-- interest in a bib and the candidate's answer. What a recruiter sees of a candidate by name is
-- recruiter_visible_candidates' rule (0011, with recruiter_shared_events as 0031 redefines it);
-- the bib view below shows no name, no contact, no place, no id of a candidate.

-- name: lock_event_for_bibs^
-- The event, locked as registrations lock it (they are serialised on its row), with its switch.
select e.id, e.organisation_id, e.kind, e.status, e.title, e.starts_at, e.ends_at, e.timezone,
    coalesce(be.anonymous, false) as anonymous
from events e
left join bib_events be on be.event_id = e.id
where e.id = :event_id
for update of e;

-- name: get_event_for_bibs^
select e.id, e.organisation_id, e.kind, e.status, e.title, e.starts_at, e.ends_at, e.timezone,
    coalesce(be.anonymous, false) as anonymous
from events e
left join bib_events be on be.event_id = e.id
where e.id = :event_id;

-- name: upsert_bib_event!
insert into bib_events (event_id, anonymous, updated_by, updated_at)
values (:event_id, :anonymous, :by, :now)
on conflict (event_id) do update
set anonymous = excluded.anonymous, updated_by = excluded.updated_by,
    updated_at = excluded.updated_at;

-- name: insert_missing_bibs!
-- The confirmed candidates without a bib get the next numbers, in the order of confirmation;
-- under the event row's lock (lock_event_for_bibs), as registrations take it.
with missing as (
    select r.candidate_id,
        row_number() over (order by coalesce(r.confirmed_at, r.created_at), r.id) as n
    from registrations r
    where r.event_id = :event_id and r.role = 'candidate' and r.status = 'confirmed'
        and not exists (
            select 1 from bibs b where b.event_id = r.event_id and b.candidate_id = r.candidate_id
        )
),
counter as (
    update bib_events set last_bib = last_bib + (select count(*) from missing)::int
    where event_id = :event_id
    returning last_bib - (select count(*) from missing)::int as base
)
insert into bibs (event_id, candidate_id, number, allocated_at)
select :event_id, m.candidate_id, c.base + m.n, :now
from missing m
cross join counter c;

-- name: list_event_bibs
-- Staff: the event's bibs with the names, by number; `live`: the registration still stands.
select b.number, b.candidate_id, c.first_name, c.last_name, t.short_code,
    coalesce(r.status, 'cancelled') as registration_status
from bibs b
join candidates c on c.id = b.candidate_id
left join registrations r
    on r.event_id = b.event_id and r.candidate_id = b.candidate_id and r.status <> 'cancelled'
left join tickets t on t.registration_id = r.id and t.revoked_at is null
where b.event_id = :event_id
order by b.number;

-- name: list_event_bib_interests
-- Staff: the companies' interests at the event, by bib, with the answer, who gave it, and the
-- job dating the pair is offered (with whether the candidate holds a live registration there).
select i.id, b.number, i.candidate_id, c.first_name, c.last_name, i.company_id,
    co.name as company_name, i.created_at, i.answer, i.answered_at,
    u.name as answered_by_name, i.answered_by is not null as by_proxy,
    i.job_dating_id, jd.title as job_dating_title, jd.starts_at as job_dating_starts_at,
    exists (
        select 1 from registrations rj
        where rj.event_id = i.job_dating_id and rj.candidate_id = i.candidate_id
            and rj.status <> 'cancelled'
    ) as registered_at_job_dating
from bib_interests i
join candidates c on c.id = i.candidate_id
join companies co on co.id = i.company_id
left join bibs b on b.event_id = i.event_id and b.candidate_id = i.candidate_id
left join users u on u.id = i.answered_by
left join events jd on jd.id = i.job_dating_id
where i.event_id = :event_id
order by b.number, co.name, i.id;

-- name: list_bibs_for_recruiter
-- A company's view of an anonymous event (call once check_recruiter_company_attends said yes):
-- the bibs of the candidates whose registration stands and who consent to recruiters, each
-- with the last reviewed card (null before the first review) and the company's interest. No
-- name, no contact, no place, no candidate id.
select b.number, v.card, i.id as interest_id, i.created_at as interest_at, i.answer
from bibs b
join bib_events be on be.event_id = b.event_id and be.anonymous
join registrations r
    on r.event_id = b.event_id and r.candidate_id = b.candidate_id and r.role = 'candidate'
    and r.status <> 'cancelled'
join consents k on k.candidate_id = b.candidate_id and k.recruiters
left join lateral (
    select reviewed.card
    from skills_card_reviews reviewed
    where reviewed.candidate_id = b.candidate_id
    order by reviewed.version desc
    limit 1
) v on true
left join bib_interests i
    on i.event_id = b.event_id and i.company_id = :company_id and i.candidate_id = b.candidate_id
where b.event_id = :event_id
order by b.number;

-- name: get_bib_candidate_for_recruiter$
-- The candidate behind a bib a company may mark (same rule as list_bibs_for_recruiter).
select b.candidate_id
from bibs b
join bib_events be on be.event_id = b.event_id and be.anonymous
join registrations r
    on r.event_id = b.event_id and r.candidate_id = b.candidate_id and r.role = 'candidate'
    and r.status <> 'cancelled'
join consents k on k.candidate_id = b.candidate_id and k.recruiters
where b.event_id = :event_id and b.number = :number;

-- name: insert_bib_interest<!
-- Nothing when the company's interest in this bib already stands.
insert into bib_interests (event_id, company_id, candidate_id, recruiter_id, created_at)
values (:event_id, :company_id, :candidate_id, :recruiter_id, :now)
on conflict (event_id, company_id, candidate_id) do nothing
returning id;

-- name: get_bib_interest_for_company^
select i.id, b.number, i.created_at, i.answer
from bib_interests i
join bibs b on b.event_id = i.event_id and b.candidate_id = i.candidate_id
where i.event_id = :event_id and i.company_id = :company_id and i.candidate_id = :candidate_id;

-- name: get_bib_interest^
select i.id, i.event_id, e.organisation_id, i.company_id, i.candidate_id, i.answer
from bib_interests i
join events e on e.id = i.event_id
where i.id = :id;

-- name: set_bib_answer^
-- The candidate's answer; a yes is final (the identities are shown from then on): answering
-- after a yes changes nothing and returns nothing.
update bib_interests
set answer = :answer, answered_at = :now, answered_by = :by
where id = :id and answer is distinct from 'yes'
returning id, event_id, company_id, candidate_id, answer;

-- name: get_next_job_dating$
-- The next job dating of the session's organisation, starting after the session starts, that
-- the company holds a live registration to (published).
select jd.id
from events s
join events jd on jd.organisation_id = s.organisation_id and jd.kind = 'job_dating'
    and jd.status = 'published' and jd.starts_at >= s.starts_at and jd.id <> s.id
join registrations rc
    on rc.event_id = jd.id and rc.company_id = :company_id and rc.status <> 'cancelled'
where s.id = :event_id
order by jd.starts_at, jd.id
limit 1;

-- name: insert_mutual_interest_wish!
-- "Must meet" at the job dating, said by the organiser, following a mutual interest; a wish
-- the organiser already stated for the pair stays as it is.
insert into interview_wishes (
    event_id, candidate_id, company_id, wish, said_by, source, recorded_by, created_at
)
values (:event_id, :candidate_id, :company_id, 'must_meet', 'organiser', 'mutual_interest', :by,
    :now)
on conflict (event_id, candidate_id, company_id, said_by) do nothing;

-- name: set_bib_interest_job_dating!
update bib_interests set job_dating_id = :job_dating_id where id = :id;

-- name: list_candidate_bib_interests
-- The candidate's own: the companies interested in their bib at anonymous events, newest first.
select i.id, e.title as event_title, e.starts_at as event_starts_at, e.timezone, b.number,
    co.name as company_name, i.created_at, i.answer, i.answered_at,
    jd.title as job_dating_title, jd.starts_at as job_dating_starts_at
from bib_interests i
join events e on e.id = i.event_id
join companies co on co.id = i.company_id
left join bibs b on b.event_id = i.event_id and b.candidate_id = i.candidate_id
left join events jd on jd.id = i.job_dating_id
where i.candidate_id = :candidate_id
order by i.created_at desc, i.id;

-- name: get_candidate_bib$
-- The candidate's bib at an anonymous event (nothing when it is not, or not anymore).
select b.number
from bibs b
join bib_events be on be.event_id = b.event_id and be.anonymous
where b.event_id = :event_id and b.candidate_id = :candidate_id;

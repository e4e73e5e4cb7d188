-- Recruiter queries: who a company's recruiters may see and what they see of them comes from
-- one place, recruiter_visible_candidates (migration 0011), never from a join written here.

-- name: check_recruiter_company_attends$
-- The company holds a live registration to this event, which is not a draft nor called off.
select exists (
    select 1 from registrations rc
    join events e on e.id = rc.event_id
    where rc.event_id = :event_id and rc.company_id = :company_id and rc.status <> 'cancelled'
        and e.status in ('published', 'completed')
);

-- name: check_recruiter_may_see$
-- Consent to recruiters, a reviewed card, and an event both attend (recruiter_visible_candidates,
-- migration 0011).
select exists (
    select 1 from recruiter_visible_candidates(:company_id) seen where seen.id = :candidate_id
);

-- name: list_event_candidates_for_recruiter
-- The event's live registrations among the candidates the company may see; call only once
-- `check_recruiter_company_attends` said yes (then each of them is seen through this event).
select seen.id, seen.first_name, seen.last_name, seen.city, seen.postcode, seen.contact,
    seen.email, seen.phone, seen.card, seen.shared_events
from registrations r
join recruiter_visible_candidates(:company_id) seen on seen.id = r.candidate_id
where r.event_id = :event_id and r.role = 'candidate' and r.status <> 'cancelled'
    and (:after_id::uuid is null or seen.id > :after_id)
order by seen.id
limit :limit;

-- name: get_candidate_for_recruiter^
-- One candidate as the company's recruiters see them; nothing if they may not.
select seen.id, seen.first_name, seen.last_name, seen.city, seen.postcode, seen.contact,
    seen.email, seen.phone, seen.card, seen.shared_events
from recruiter_visible_candidates(:company_id) seen
where seen.id = :candidate_id;

-- name: search_cards_for_recruiter
-- The candidates the company may see (recruiter_visible_candidates, migration 0011) ranked by
-- evidence (observations x distinct observers, summed over the matching skills), then level.
-- `sector` matches a sector wished on the CV or a sector of an event the candidate attended;
-- `postcode` is a prefix of the candidate's postcode or of the CV's.
--
-- Why this shape (10,000 candidates: bench/README.md): `top` reads the rank index of
-- skills_card_search_ranks in the order of the answer and stops at `limit`, instead of ranking
-- every visible candidate. Nothing in `top` may become a hash join, which would lose that order
-- and read every candidate. So each candidate read is checked on its own, cheapest first:
-- 1. in the candidates the company meets at an event (recruiter_shared_events), one hashed
--    subplan built once (`is true` keeps the planner from turning the `in` into a join);
-- 2. the postcode and sector filters, in `matching` (`offset 0` keeps them before 3);
-- 3. the whole rule and what recruiters see, from recruiter_visible_candidates (inlined: a few
--    index probes), only for the candidates that passed 1 and 2.
-- `limit 1` keeps the lateral subquery from being merged into the joins. Generic plans keep
-- that shape too.
with top as (
    select seen.id, seen.first_name, seen.last_name, seen.city, seen.postcode, seen.contact,
        seen.email, seen.phone, seen.card, seen.shared_events, ranked.evidence, ranked.level
    from skills_card_search_ranks ranked
    cross join lateral (
        select shown.*
        from (
            select c.id
            from candidates c
            left join cvs cv on cv.candidate_id = c.id
            where c.id = ranked.candidate_id
                and (
                    :postcode::text is null
                    or c.postcode like :postcode || '%'
                    or cv.postcode like :postcode || '%'
                )
                and (
                    :sector::text is null
                    or exists (select 1 from unnest(cv.sectors) s where lower(s) = lower(:sector))
                    or exists (
                        select 1
                        from registrations rs
                        join events es on es.id = rs.event_id
                        where rs.candidate_id = c.id and rs.status <> 'cancelled'
                            and exists (
                                select 1 from unnest(es.sectors) s where lower(s) = lower(:sector)
                            )
                    )
                )
            offset 0
        ) matching
        join recruiter_visible_candidates(:company_id) shown on shown.id = matching.id
        limit 1
    ) seen
    where ranked.skill = coalesce(:skill::text, '')
        and ranked.min_level = coalesce(:min_level::int, 1)
        and (ranked.candidate_id in (
            select shared.candidate_id from recruiter_shared_events(:company_id) shared
        )) is true
        and (
            :after_evidence::int is null
            or (ranked.evidence, ranked.level, ranked.candidate_id)
            < (:after_evidence, :after_level::int, :after_id::uuid)
        )
    order by ranked.evidence desc, ranked.level desc, ranked.candidate_id desc
    limit :limit
)
select top.id, top.first_name, top.last_name, top.city, top.postcode, top.contact, top.email,
    top.phone, top.card, top.shared_events, top.evidence, top.level::int as level
from top
order by top.evidence desc, top.level desc, top.id desc;

-- name: list_card_views
-- Who saw a candidate's card, newest first, with the company they saw it for: the card alone,
-- in a list or a search (`recruiter.view_card`), or attached to the CV (`cv.view`).
select a.id, a.at, a.actor_id as recruiter_id, u.name as recruiter_name,
    co.id as company_id, co.name as company_name,
    coalesce(a.data ->> 'via', 'cv_' || (a.data ->> 'channel')) as via,
    (a.data ->> 'event_id')::uuid as event_id,
    coalesce(a.data ->> 'version', a.data ->> 'card_version')::int as version
from audit_log a
left join users u on u.id = a.actor_id
left join companies co on co.id = (a.data ->> 'company_id')::uuid
where a.action in ('recruiter.view_card', 'cv.view') and a.subject_id = :candidate_id
    and a.subject_type = 'candidate'
    and (:after_id::bigint is null or a.id < :after_id)
order by a.id desc
limit :limit;

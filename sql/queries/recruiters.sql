-- Recruiter queries select only what recruiters may see: never candidate_private, and e-mail,
-- phone and full last name only when the candidate agreed to be contacted.

-- name: check_recruiter_company_attends$
-- The company holds a live registration to this event, which is not a draft nor called off.
select exists (
    select 1 from registrations rc
    join events e on e.id = rc.event_id
    where rc.event_id = :event_id and rc.company_id = :company_id and rc.status <> 'cancelled'
        and e.status in ('published', 'completed')
);

-- name: check_recruiter_may_see$
-- Consent to recruiters, a reviewed card, and an event both attend.
select exists (
    select 1 from consents k
    where k.candidate_id = :candidate_id and k.recruiters
        and exists (select 1 from skills_card_reviews v where v.candidate_id = k.candidate_id)
        and exists (
            select 1
            from registrations r
            join events e on e.id = r.event_id and e.status in ('published', 'completed')
            join registrations rc on rc.event_id = r.event_id
            where r.candidate_id = k.candidate_id and r.status <> 'cancelled'
                and rc.company_id = :company_id and rc.status <> 'cancelled'
        )
);

-- name: list_event_candidates_for_recruiter
-- Consenting candidates with a reviewed card among the event's live registrations.
select c.id, c.first_name,
    case when k.contact then c.last_name else left(c.last_name, 1) || '.' end as last_name,
    c.city, c.postcode, k.contact,
    case when k.contact then c.email end as email,
    case when k.contact then c.phone end as phone,
    v.card
from registrations r
join candidates c on c.id = r.candidate_id
join consents k on k.candidate_id = c.id and k.recruiters
join lateral (
    select card from skills_card_reviews
    where skills_card_reviews.candidate_id = c.id
    order by version desc
    limit 1
) v on true
where r.event_id = :event_id and r.role = 'candidate' and r.status <> 'cancelled'
    and (:after_id::uuid is null or c.id > :after_id)
order by c.id
limit :limit;

-- name: get_candidate_for_recruiter^
-- One candidate as recruiters see them; call only once `recruiter_may_see` said yes.
select c.id, c.first_name,
    case when k.contact then c.last_name else left(c.last_name, 1) || '.' end as last_name,
    c.city, c.postcode, k.contact,
    case when k.contact then c.email end as email,
    case when k.contact then c.phone end as phone,
    v.card
from candidates c
join consents k on k.candidate_id = c.id and k.recruiters
join lateral (
    select card from skills_card_reviews
    where skills_card_reviews.candidate_id = c.id
    order by version desc
    limit 1
) v on true
where c.id = :candidate_id;

-- name: search_cards_for_recruiter
-- Candidates of the events the company attends, with consent and a reviewed card, ranked by
-- evidence (observations x distinct observers, summed over the matching skills), then level.
-- `sector` matches a sector wished on the CV or a sector of an event the candidate attended;
-- `postcode` is a prefix of the candidate's postcode or of the CV's.
--
-- Why this shape (10,000 candidates: bench/README.md): `top` reads the rank index of
-- skills_card_search_ranks in the order of the answer and stops at `limit`, instead of ranking
-- every visible candidate; only those shown are joined to their cards. Nothing in `top` may
-- become a hash join, which would lose that order and read every candidate: the company's
-- candidates are one hashed subplan (`is true` keeps the planner from turning the `in` into a
-- join), the other conditions are checked per candidate read (`limit 1` keeps the lateral
-- subquery from being merged into the joins). Generic plans keep that shape too.
with top as (
    select ranked.candidate_id, ranked.evidence, ranked.level
    from skills_card_search_ranks ranked
    cross join lateral (
        select 1
        from candidates c
        left join cvs cv on cv.candidate_id = c.id
        where c.id = ranked.candidate_id
            and exists (select 1 from consents k where k.candidate_id = c.id and k.recruiters)
            and exists (select 1 from skills_card_reviews v where v.candidate_id = c.id)
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
        limit 1
    ) shown
    where ranked.skill = coalesce(:skill::text, '')
        and ranked.min_level = coalesce(:min_level::int, 1)
        and (ranked.candidate_id in (
            select r.candidate_id
            from registrations rc
            join events e on e.id = rc.event_id and e.status in ('published', 'completed')
            join registrations r
                on r.event_id = rc.event_id and r.role = 'candidate' and r.status <> 'cancelled'
            where rc.company_id = :company_id and rc.status <> 'cancelled'
        )) is true
        and (
            :after_evidence::int is null
            or (ranked.evidence, ranked.level, ranked.candidate_id)
            < (:after_evidence, :after_level::int, :after_id::uuid)
        )
    order by ranked.evidence desc, ranked.level desc, ranked.candidate_id desc
    limit :limit
)
select c.id, c.first_name,
    case when k.contact then c.last_name else left(c.last_name, 1) || '.' end as last_name,
    c.city, c.postcode, k.contact,
    case when k.contact then c.email end as email,
    case when k.contact then c.phone end as phone,
    v.card, top.evidence, top.level::int as level
from top
join candidates c on c.id = top.candidate_id
join consents k on k.candidate_id = c.id and k.recruiters
join lateral (
    select card from skills_card_reviews
    where skills_card_reviews.candidate_id = c.id
    order by version desc
    limit 1
) v on true
order by top.evidence desc, top.level desc, top.candidate_id desc;

-- name: record_recruiter_views!
-- One audit row per card shown to a recruiter.
insert into audit_log (actor_id, actor_role, action, subject_type, subject_id, data)
select :actor_id, 'recruiter', 'recruiter.view_card', 'candidate', seen.candidate_id,
    jsonb_build_object(
        'via', :via::text,
        'company_id', :company_id::uuid,
        'event_id', :event_id::uuid,
        'version', seen.version
    )
from unnest(:candidate_ids::uuid [], :versions::int []) as seen (candidate_id, version);

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

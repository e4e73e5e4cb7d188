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
-- The event's live registrations among the candidates the company may see THROUGH THIS EVENT
-- (it is one of their shared_events); call only once `check_recruiter_company_attends` said
-- yes. At most events that condition holds for every live registration (the company attends,
-- so recruiter_shared_events pairs them); at an anonymous one (0031) it holds only once the
-- interest is mutual: a candidate the company sees through another event is not listed, which
-- would tell they were at this one (the others are bibs there: list_bibs_for_recruiter).
select seen.id, seen.first_name, seen.last_name, seen.city, seen.postcode, seen.contact,
    seen.email, seen.phone, seen.card, seen.shared_events
from registrations r
join recruiter_visible_candidates(:company_id) seen on seen.id = r.candidate_id
where r.event_id = :event_id and r.role = 'candidate' and r.status <> 'cancelled'
    and r.event_id = any(seen.shared_events)
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
-- evidence (observations x distinct observers, summed over the matching skills), then level,
-- each as the JSON the answer shows (SearchHit in events/skills_cards/recruiter.py): PostgreSQL
-- writes it from the card snapshot, so the service neither decodes nor re-encodes a card.
-- `sector` matches a sector wished on the CV or a sector of an event the candidate attended;
-- `postcode` is a prefix of the candidate's postcode or of the CV's.
--
-- One statement, the whole request but its audit rows (events.skills_cards.recruiter): first
-- row always there, saying whether the token's session stands (:session_id null: the caller's
-- transaction checked it) and whether the skill is in the vocabulary; no candidate is read
-- unless both hold.
--
-- Why this shape (10,000 candidates: bench/README.md): `top` reads the rank index of
-- skills_card_search_ranks in the order of the answer and stops at `limit`, instead of ranking
-- every visible candidate. Nothing in `top` may become a hash join, which would lose that order
-- and read every candidate. So each candidate read is checked on its own, cheapest first:
-- 1. registered to one of the company's events (`company_events`, read once), a quick way to
--    skip the candidates the company never met, no stricter than the rule of 3: one index probe
--    per candidate read (a semi-join); before it, for a company whose events hold fewer than
--    2,000 places, a hashed subplan of their candidates (built once, cheap at that size; `is
--    true` keeps the planner from turning the `in` into a join) skips most candidates without
--    a probe. A bigger company meets most of those read (the walk is short), and hashing all
--    its candidates would cost more than the walk (`meets_many` skips the hash, never built).
--    Only the cost changes, not who is shown.
--    A postcode prefix is checked the same way, against a hashed subplan of the candidates
--    whose own or CV postcode starts with it (built once from two index ranges, migration
--    0034; never built without a postcode): a department matches one candidate in ten or
--    twenty, and probing each candidate read cost twice the whole search.
-- 2. the sector filter, in `matching` (`offset 0` keeps it before 3): a sector matches a
--    candidate in two or three, so a hash of them all would cost more than the walk;
-- 3. the whole rule and what recruiters see, from recruiter_visible_candidates (inlined: a few
--    index probes), only for the candidates that passed 1 and 2.
-- `limit 1` keeps the lateral subquery from being merged into the joins.
--
-- `asked` holds the filters out of the planner's sight (a materialized CTE, read through
-- scalar subqueries): the plan made for one set of values is then the plan for any, and
-- PostgreSQL keeps one generic plan per connection after five executions instead of planning
-- every search anew (planning cost as much as running it).
--
-- On the card, each skill names only the events the company attends with the candidate: `shared`
-- checks each event the card names (`card_events`, one or two) with the candidate and event
-- known (a subquery per event, which `limit 1` keeps from becoming a join over all the
-- company's events). When the card names another one, the row comes as `to_filter` and
-- events.skills_cards.recruiter.card_for_company writes it; else as `item`, ready to send,
-- joined from the card's text written at review (migration 0035), which no search re-encodes.
with session as (
    select where :session_id::uuid is null
    union all
    select from sessions
    where id = :session_id and user_id = :actor_id and revoked_at is null and expires_at > :now
),
known as (
    select where :skill::text is null
    union all
    select from skills where code = :skill
),
asked as materialized (
    select coalesce(:skill::text, '') as skill, coalesce(:min_level::int, 1) as min_level,
        :postcode::text as postcode,
        -- Above every text that starts with the prefix, in byte order: the range's end.
        (:postcode::text || chr(1114111)) collate "C" as postcode_end,
        lower(:sector::text) as sector,
        :after_evidence::int as after_evidence, :after_level::int as after_level,
        :after_id::uuid as after_id, :limit::int as page, company.events as company_events,
        company.places >= 2000 as meets_many
    from (
        select coalesce(array_agg(rc.event_id), '{}') as events,
            coalesce(sum(e.capacity_candidates), 0) as places
        from registrations rc
        join events e on e.id = rc.event_id and e.status in ('published', 'completed')
        where rc.company_id = :company_id and rc.status <> 'cancelled'
    ) company
    where exists (select from session) and exists (select from known)
),
top as (
    select seen.id, seen.first_name, seen.last_name, seen.city, seen.postcode, seen.contact,
        seen.email, seen.phone, seen.card, seen.card_version, seen.card_text, seen.card_events,
        array(
            select named.event_id
            from unnest(seen.card_events) named (event_id)
            where (
                select true
                from recruiter_shared_events(:company_id) shared
                where shared.candidate_id = seen.id and shared.event_id = named.event_id
                limit 1
            )
        ) as shared,
        ranked.evidence, ranked.level
    from skills_card_search_ranks ranked
    cross join lateral (
        select shown.id, shown.first_name, shown.last_name, shown.city, shown.postcode,
            shown.contact, shown.email, shown.phone, shown.card, shown.card_version,
            shown.card_text, shown.card_events
        from (
            select c.id
            from candidates c
            left join cvs cv on cv.candidate_id = c.id
            where c.id = ranked.candidate_id
                and (
                    (select a.sector from asked a) is null
                    or exists (
                        select 1 from unnest(cv.sectors) s
                        where lower(s) = (select a.sector from asked a)
                    )
                    or exists (
                        select 1
                        from registrations rs
                        join events es on es.id = rs.event_id
                        where rs.candidate_id = c.id and rs.status <> 'cancelled'
                            and exists (
                                select 1 from unnest(es.sectors) s
                                where lower(s) = (select a.sector from asked a)
                            )
                    )
                )
            offset 0
        ) matching
        join recruiter_visible_candidates(:company_id) shown on shown.id = matching.id
        limit 1
    ) seen
    where ranked.skill = (select a.skill from asked a)
        and ranked.min_level = (select a.min_level from asked a)
        and (
            (select a.meets_many from asked a)
            or (ranked.candidate_id in (
                select met.candidate_id from registrations met
                where met.event_id = any((select a.company_events from asked a)::uuid [])
                    and met.role = 'candidate' and met.status <> 'cancelled'
            )) is true
        )
        and (
            (select a.postcode from asked a) is null
            or (ranked.candidate_id in (
                select c.id from candidates c
                where c.postcode collate "C" >= (select a.postcode from asked a)
                    and c.postcode collate "C" < (select a.postcode_end from asked a)
                    and c.postcode like (select a.postcode from asked a) || '%'
                union all
                select cv.candidate_id from cvs cv
                where cv.postcode collate "C" >= (select a.postcode from asked a)
                    and cv.postcode collate "C" < (select a.postcode_end from asked a)
                    and cv.postcode like (select a.postcode from asked a) || '%'
            )) is true
        )
        and exists (
            select 1 from registrations met
            where met.candidate_id = ranked.candidate_id and met.role = 'candidate'
                and met.status <> 'cancelled'
                and met.event_id = any((select a.company_events from asked a)::uuid [])
        )
        and (
            (select a.after_evidence from asked a) is null
            or (ranked.evidence, ranked.level, ranked.candidate_id) < (
                (select a.after_evidence from asked a),
                (select a.after_level from asked a),
                (select a.after_id from asked a)
            )
        )
    order by ranked.evidence desc, ranked.level desc, ranked.candidate_id desc
    limit (select a.page from asked a)
),
-- The views of the cards shown (all but the row past the page, fetched to tell whether there is
-- a next page), as events.skills_cards.recruiter.record_views writes them: in this statement,
-- so that a search is one round trip and one commit.
viewed as (
    insert into audit_log (actor_id, actor_role, action, subject_type, subject_id, data)
    select :actor_id, 'recruiter', 'recruiter.view_card', 'candidate', shown.id,
        jsonb_build_object(
            'via', 'search', 'company_id', :company_id::text, 'event_id', null,
            'version', shown.card_version
        )
    from (
        select t.id, t.card_version from top t
        order by t.evidence desc, t.level desc, t.id desc
        limit (select a.page - 1 from asked a)
    ) shown
)
select flags.session_ok, flags.skill_known, top.id, top.card_version as version,
    top.evidence, top.level::int as level,
    -- SearchHit's JSON, its card as written at review.
    case when cardinality(top.shared) = cardinality(top.card_events) then concat(
        '{"id":', to_json(top.id),
        ',"first_name":', to_json(top.first_name),
        ',"last_name":', to_json(top.last_name),
        ',"city":', coalesce(to_json(top.city)::text, 'null'),
        ',"postcode":', coalesce(to_json(top.postcode)::text, 'null'),
        ',"contact":', case when top.contact then
            json_build_object('email', top.email, 'phone', top.phone)::text
        else 'null' end,
        ',"skills_card":', top.card_text,
        ',"evidence":', top.evidence,
        ',"level":', top.level,
        '}'
    ) end as item,
    case when cardinality(top.shared) < cardinality(top.card_events) then json_build_object(
        'id', top.id,
        'first_name', top.first_name,
        'last_name', top.last_name,
        'city', top.city,
        'postcode', top.postcode,
        'contact', top.contact,
        'email', top.email,
        'phone', top.phone,
        'card', top.card,
        'shared_events', top.shared,
        'evidence', top.evidence,
        'level', top.level
    )::text end as to_filter
from (
    select exists (select from session) as session_ok, exists (select from known) as skill_known
) flags
left join top on true
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

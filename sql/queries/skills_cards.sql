-- Skills cards: vocabulary, observations, the card and its reviews, consent, recruiter views.
-- Recruiter queries select only what recruiters may see: never candidate_private, and e-mail,
-- phone and full last name only when the candidate agreed to be contacted.

-- name: skills_list
select code, position, label_fr, label_en, description_fr, description_en, levels_fr, levels_en,
    esco_uri
from skills
order by position;

-- name: skills_known$
select coalesce(array_agg(code), '{}') from skills where code = any(:codes::text []);

-- --- who may observe and follow ---------------------------------------------------------

-- name: skills_event_scope^
select id, organisation_id, kind, status, details from events where id = :event_id;

-- name: skills_candidate_scope^
select id, organisation_id from candidates where id = :candidate_id;

-- name: skills_follows_candidate$
-- Whether this organiser or coach works on an event the candidate is registered to: an
-- organiser on their organisation's events, a coach on a sport session naming them or on any
-- other format of their organisation.
select exists (
    select 1
    from registrations r
    join events e on e.id = r.event_id
    where r.candidate_id = :candidate_id and r.status <> 'cancelled'
        and e.organisation_id = :organisation_id
        and (
            :role::text = 'organiser'
            or e.kind <> 'sport_session'
            or e.details -> 'coach_ids' ? (:user_id::uuid)::text
        )
);

-- --- observations -----------------------------------------------------------------------

-- name: observations_insert<!
-- Inserts nothing (and returns null) unless the candidate holds a live registration to the
-- event and the skill is in the vocabulary: the check and the write are one statement.
insert into observations (
    candidate_id, event_id, skill, level, activity, note, observer_id, recorded_by, observed_at,
    recorded_at
)
select :candidate_id, :event_id, s.code, :level, :activity, :note, :by, :by, :now, :now
from skills s
where s.code = :skill
    and exists (
        select 1 from registrations r
        where r.event_id = :event_id and r.candidate_id = :candidate_id
            and r.status <> 'cancelled'
    )
returning id, candidate_id, event_id, skill, level, activity, note, observer_id, recorded_by,
    observed_at, recorded_at, version, replaces;

-- name: observations_registered$
select exists (
    select 1 from registrations r
    where r.event_id = :event_id and r.candidate_id = :candidate_id and r.status <> 'cancelled'
);

-- name: observations_get^
-- One version, its event's scope, and the version that replaced it if any.
select o.id, o.candidate_id, o.event_id, o.skill, o.level, o.activity, o.note, o.observer_id,
    o.recorded_by, o.observed_at, o.recorded_at, o.version, o.replaces,
    e.organisation_id, (select n.id from observations n where n.replaces = o.id) as replaced_by
from observations o
join events e on e.id = o.event_id
where o.id = :id;

-- name: observations_insert_correction<!
-- The next version of `replaces`; nothing (null) when another correction replaced it first.
insert into observations (
    candidate_id, event_id, skill, level, activity, note, observer_id, recorded_by, observed_at,
    recorded_at, version, replaces
)
select o.candidate_id, o.event_id, o.skill, :level, o.activity, :note, o.observer_id, :by,
    o.observed_at, :now, o.version + 1, o.id
from observations o
where o.id = :replaces
on conflict (replaces) where replaces is not null do nothing
returning id, candidate_id, event_id, skill, level, activity, note, observer_id, recorded_by,
    observed_at, recorded_at, version, replaces;

-- name: observations_for_candidate
-- Every version, newest first, each saying whether it is still current.
select o.id, o.candidate_id, o.event_id, o.skill, o.level, o.activity, o.note, o.observer_id,
    o.recorded_by, o.observed_at, o.recorded_at, o.version, o.replaces,
    not exists (select 1 from observations n where n.replaces = o.id) as current, o.seq
from observations o
where o.candidate_id = :candidate_id
    and (:after_seq::bigint is null or o.seq < :after_seq)
order by o.seq desc
limit :limit;

-- name: observations_current_for_card
-- The observations a card is built from: every version no correction replaced.
-- The card's version comes in the same statement, so it is the version of these rows.
select o.skill, s.label_fr, s.label_en, o.level, o.activity, o.note, o.observer_id,
    o.observed_at, o.seq, o.event_id, e.title as event_title, e.starts_at as event_starts_at,
    k.version as card_version, k.updated_at as card_updated_at
from observations o
join skills s on s.code = o.skill
join events e on e.id = o.event_id
join skills_cards k on k.candidate_id = o.candidate_id
where o.candidate_id = :candidate_id
    and not exists (select 1 from observations n where n.replaces = o.id)
order by s.position, o.observed_at, o.seq;

-- --- the card, its version and its reviews ----------------------------------------------

-- name: skills_card_bump<!
-- Every observation write raises the version; the row lock orders writes and reviews.
insert into skills_cards (candidate_id, version, updated_at)
values (:candidate_id, 1, :now)
on conflict (candidate_id) do update
set version = skills_cards.version + 1, updated_at = excluded.updated_at
returning candidate_id, version, updated_at;

-- name: skills_card_get^
select candidate_id, version, updated_at from skills_cards where candidate_id = :candidate_id;

-- name: skills_card_lock^
select candidate_id, version, updated_at from skills_cards
where candidate_id = :candidate_id
for update;

-- name: skills_card_last_review^
select id, version, card, reviewed_by, reviewed_at
from skills_card_reviews
where candidate_id = :candidate_id
order by version desc
limit 1;

-- name: skills_card_insert_review<!
insert into skills_card_reviews (candidate_id, version, card, reviewed_by, reviewed_at)
values (:candidate_id, :version, :card, :reviewed_by, :reviewed_at)
on conflict (candidate_id, version) do nothing
returning id, version, card, reviewed_by, reviewed_at;

-- name: skills_card_clear_lines!
delete from skills_card_reviewed_lines where candidate_id = :candidate_id;

-- name: skills_card_insert_lines!
insert into skills_card_reviewed_lines (
    candidate_id, skill, level, observations, observers, evidence
)
select :candidate_id, line.skill, line.level, line.observations, line.observers,
    line.observations * line.observers
from unnest(
    :skills::text [], :levels::smallint [], :observations::int [], :observers::int []
) as line (skill, level, observations, observers);

-- name: skills_card_clear_ranks!
delete from skills_card_search_ranks where candidate_id = :candidate_id;

-- name: skills_card_insert_ranks!
-- From the reviewed lines just stored: per skill and for all skills (''), per minimum level,
-- the evidence and best level of the lines at that level or above (see migration 0009).
insert into skills_card_search_ranks (candidate_id, skill, min_level, evidence, level)
select l.candidate_id, coalesce(l.skill, ''), t.min_level, sum(l.evidence), max(l.level)
from skills_card_reviewed_lines l
join generate_series(1, 4) as t (min_level) on l.level >= t.min_level
where l.candidate_id = :candidate_id
group by grouping sets ((l.candidate_id, l.skill, t.min_level), (l.candidate_id, t.min_level));

-- --- consent ----------------------------------------------------------------------------

-- name: consent_event_public_key$
select public_key from event_keys where event_id = :event_id;

-- name: consent_ticket_holder^
select t.id as ticket_id, t.revoked_at, r.candidate_id, r.status
from tickets t
join registrations r on r.id = t.registration_id
where t.id = :ticket_id and t.event_id = :event_id;

-- name: consent_set<!
insert into consents (candidate_id, recruiters, contact, updated_at)
values (:candidate_id, :recruiters, :contact, :now)
on conflict (candidate_id) do update
set recruiters = excluded.recruiters, contact = excluded.contact, updated_at = excluded.updated_at
returning candidate_id, recruiters, contact, updated_at;

-- name: consent_insert_history!
insert into consent_history (candidate_id, recruiters, contact, at, via, by_user, ticket_id)
values (:candidate_id, :recruiters, :contact, :now, :via, :by_user, :ticket_id);

-- name: consent_get^
select candidate_id, recruiters, contact, updated_at from consents
where candidate_id = :candidate_id;

-- name: consent_history_for_candidate
select h.id, h.recruiters, h.contact, h.at, h.via, h.by_user, u.name as by_name
from consent_history h
left join users u on u.id = h.by_user
where h.candidate_id = :candidate_id
order by h.id desc
limit :limit;

-- --- recruiters -------------------------------------------------------------------------

-- name: recruiter_company_attends$
-- The company holds a live registration to this event, which is not a draft nor called off.
select exists (
    select 1 from registrations rc
    join events e on e.id = rc.event_id
    where rc.event_id = :event_id and rc.company_id = :company_id and rc.status <> 'cancelled'
        and e.status in ('published', 'completed')
);

-- name: recruiter_may_see$
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

-- name: recruiter_event_candidates
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

-- name: recruiter_candidate^
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

-- name: recruiter_search
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

-- name: recruiter_record_views!
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

-- name: recruiter_card_views
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

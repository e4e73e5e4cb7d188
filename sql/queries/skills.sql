-- The skills vocabulary and who may follow a candidate (the event itself: get_event_scope).

-- name: list_skills
select code, position, label_fr, label_en, description_fr, description_en, levels_fr, levels_en,
    esco_uri
from skills
order by position;

-- name: count_known_skills$
select coalesce(array_agg(code), '{}') from skills where code = any(:codes::text []);

-- name: get_candidate_scope_for_skills^
select id, organisation_id from candidates where id = :candidate_id;

-- name: check_follows_candidate$
-- Whether this organiser or coach works on an event the candidate is registered to: an
-- organiser on their organisation's events, a coach on a sport session naming them or on any
-- other format of their organisation (``access.may_observe``, asked of each event at once).
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

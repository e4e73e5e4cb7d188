-- The candidate's own comments on coaches' observations (``events.data_rights.comments``).
-- There is no statement that changes or deletes a comment: staff cannot edit it.

-- name: insert_observation_comment<!
-- Written only on a version of the candidate's own observations that no correction replaced:
-- the check and the write are one statement (null otherwise).
insert into observation_comments (observation_id, candidate_id, body, ticket_id, created_at)
select o.id, o.candidate_id, :body, :ticket_id, :now
from observations o
where o.id = :observation_id and o.candidate_id = :candidate_id
    and not exists (select 1 from observations n where n.replaces = o.id)
returning id, observation_id, body, created_at;

-- name: list_own_observations
-- The candidate's observations as they read them on their page: every version no correction
-- replaced, newest first, with the skill's name.
select o.id, e.title as event_title, o.skill, s.label_fr as skill_fr, s.label_en as skill_en,
    o.level, o.activity, o.note, o.observed_at, o.version
from observations o
join events e on e.id = o.event_id
join skills s on s.code = o.skill
where o.candidate_id = :candidate_id
    and not exists (select 1 from observations n where n.replaces = o.id)
order by o.observed_at desc, o.seq desc;

-- name: list_observation_comments
-- The comments on the lines of these observation versions, oldest first: a comment written on
-- an earlier version of a line is shown beside the version given (the line's current one).
with recursive line (head, id, replaces) as (
    select o.id, o.id, o.replaces from observations o where o.id = any(:observation_ids::uuid[])
    union all
    select l.head, p.id, p.replaces from line l join observations p on p.id = l.replaces
)
select l.head as observation_id, c.body, c.created_at
from line l
join observation_comments c on c.observation_id = l.id
order by c.created_at, c.id;

-- name: count_data_access_failures$
select count(*) from data_access_failures where ticket_id = :ticket_id and failed_at > :since;

-- name: insert_data_access_failure!
insert into data_access_failures (ticket_id, failed_at) values (:ticket_id, :now);

-- name: get_ticket_short_code$
select short_code from tickets where id = :ticket_id;

-- Coaches' observations: versions, corrections, the rows a card is built from.

-- name: insert_observation<!
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
    observed_at, recorded_at, version, replaces, reason;

-- name: check_observed_registered$
select exists (
    select 1 from registrations r
    where r.event_id = :event_id and r.candidate_id = :candidate_id and r.status <> 'cancelled'
);

-- name: get_observation^
-- One version, its event's scope, and the version that replaced it if any.
select o.id, o.candidate_id, o.event_id, o.skill, o.level, o.activity, o.note, o.observer_id,
    o.recorded_by, o.observed_at, o.recorded_at, o.version, o.replaces, o.reason,
    e.organisation_id, (select n.id from observations n where n.replaces = o.id) as replaced_by
from observations o
join events e on e.id = o.event_id
where o.id = :id;

-- name: insert_observation_correction<!
-- The next version of `replaces`; nothing (null) when another correction replaced it first.
-- `reason` (why) is kept beside `note` (the evidence the card shows), never in its place.
insert into observations (
    candidate_id, event_id, skill, level, activity, note, observer_id, recorded_by, observed_at,
    recorded_at, version, replaces, reason
)
select o.candidate_id, o.event_id, o.skill, :level, o.activity, :note, o.observer_id, :by,
    o.observed_at, :now, o.version + 1, o.id, :reason
from observations o
where o.id = :replaces
on conflict (replaces) where replaces is not null do nothing
returning id, candidate_id, event_id, skill, level, activity, note, observer_id, recorded_by,
    observed_at, recorded_at, version, replaces, reason;

-- name: list_observations_for_candidate
-- Every version, newest first, each saying whether it is still current, with the reason of
-- each correction (for staff: the card never shows it).
select o.id, o.candidate_id, o.event_id, o.skill, o.level, o.activity, o.note, o.observer_id,
    o.recorded_by, o.observed_at, o.recorded_at, o.version, o.replaces, o.reason,
    not exists (select 1 from observations n where n.replaces = o.id) as current, o.seq
from observations o
where o.candidate_id = :candidate_id
    and (:after_seq::bigint is null or o.seq < :after_seq)
order by o.seq desc
limit :limit;

-- name: list_current_observations
-- The observations a card is built from: every version no correction replaced. Their notes are
-- the card's evidence; a correction's `reason` is not read here, so no card shows it.
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

-- name: list_observations_by_observer
-- One observer's current observations at one event since a moment (the start of their day),
-- newest first, each with the person's first name and last name's initial (as the coach's
-- page shows people).
select o.id, o.candidate_id, o.event_id, o.skill, o.level, o.activity, o.note, o.observer_id,
    o.recorded_by, o.observed_at, o.recorded_at, o.version, o.replaces, o.reason,
    true as current, c.first_name, left(c.last_name, 1) as last_initial
from observations o
join candidates c on c.id = o.candidate_id
where o.observer_id = :observer_id and o.event_id = :event_id and o.observed_at >= :since
    and not exists (select 1 from observations n where n.replaces = o.id)
order by o.observed_at desc, o.seq desc
limit :limit;

-- name: list_observable_names
-- The event's confirmed candidates as the coach's page names them: first name and last name's
-- initial, no more.
select r.candidate_id, c.first_name, left(c.last_name, 1) as last_initial
from registrations r
join candidates c on c.id = r.candidate_id
where r.event_id = :event_id and r.status = 'confirmed';

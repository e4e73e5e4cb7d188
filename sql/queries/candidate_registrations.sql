-- One candidate's registrations, for those who follow them (``events.registrations.by_candidate``).

-- name: list_candidate_registrations
-- Each registration with the event it is for, the latest event first; cancelled ones too.
select r.id, r.event_id, e.organisation_id as event_organisation_id, e.title as event_title,
    e.kind as event_kind, e.status as event_status, e.starts_at, e.ends_at, e.timezone,
    r.status, r.checked_in_at
from registrations r
join events e on e.id = r.event_id
where r.candidate_id = :candidate_id
order by e.starts_at desc, r.id
limit :limit;

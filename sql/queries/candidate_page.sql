-- What a candidate sees of themselves on their own page, with a ticket token
-- (``events.skills_cards.own``): never the social situation (``candidate_private``).

-- name: list_own_registrations
-- The candidate's registrations with when and where each event is, the latest event first.
select r.id, e.title as event_title, e.kind as event_kind, e.status as event_status,
    e.starts_at, e.ends_at, e.timezone, e.venue, e.online_url, r.status, r.checked_in_at
from registrations r
join events e on e.id = r.event_id
where r.candidate_id = :candidate_id
order by e.starts_at desc, r.id
limit :limit;

-- name: get_own_identity^
-- How recruiters may name and reach the candidate, before the consent decides which they see.
select first_name, last_name, city, postcode, email, phone
from candidates
where id = :candidate_id;

-- The door's lists of who may come in: found by name (someone who lost ticket and phone), and
-- kept by the door page for the network failing. The live ticket's short code and the name shown
-- at the door only, nothing else of anyone.

-- name: list_door_people
-- The confirmed candidates of an event, for the door: first name, last initial and the live
-- ticket's short code only; those whose folded name holds :q when it is given.
select r.id as registration_id, c.first_name, left(c.last_name, 1) as initial, t.short_code,
    r.checked_in_at is not null as checked_in
from registrations r
join candidates c on c.id = r.candidate_id
join tickets t on t.registration_id = r.id and t.revoked_at is null
where r.event_id = :event_id and r.status = 'confirmed'
    and (:q::text is null or strpos(c.search_name, :q) > 0)
order by c.first_name, c.last_name, r.id
limit :max;

-- name: list_door_companies
-- The confirmed companies of an event, for the door: the company's name and the live ticket's
-- short code only (its representatives come in under the company's name). An event has a few
-- dozen at most: the caller compares the folded names (companies keep no folded name).
select r.id as registration_id, co.name, t.short_code, r.checked_in_at is not null as checked_in
from registrations r
join companies co on co.id = r.company_id
join tickets t on t.registration_id = r.id and t.revoked_at is null
where r.event_id = :event_id and r.status = 'confirmed'
order by co.name, r.id;

-- What `events demo` prints after loading, read back from the database so that a second run
-- prints the same accesses as the first.

-- name: demo_organisation_id$
select id from organisations where lower(name) = lower(:name);

-- name: demo_events
select e.id, e.kind, e.title, e.status, e.starts_at, e.ends_at, e.timezone,
    count(*) filter (where r.role = 'candidate' and r.status = 'confirmed') as candidates,
    count(*) filter (where r.role = 'candidate' and r.status = 'waitlisted') as waitlisted,
    count(*) filter (where r.role = 'company' and r.status = 'confirmed') as companies
from events e
left join registrations r on r.event_id = e.id
where e.organisation_id = :organisation_id
group by e.id
order by e.starts_at, e.id;

-- name: demo_candidate_count$
select count(*) from candidates where organisation_id = any(:organisation_ids::uuid[]);

-- name: demo_sample_ticket$
-- The live ticket of the candidate's first registration still standing.
select t.token
from tickets t
join registrations r on r.id = t.registration_id
join candidates c on c.id = r.candidate_id
join events e on e.id = r.event_id
where c.organisation_id = :organisation_id
    and c.first_name = :first_name and c.last_name = :last_name
    and t.revoked_at is null and r.status <> 'cancelled'
order by e.starts_at, e.id
limit 1;

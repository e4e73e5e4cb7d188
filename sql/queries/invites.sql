-- Calendar invites: what one participant's invite says. Each query selects only what the
-- invite prints (no private data), and the times that date its version (DTSTAMP).

-- name: get_event_for_invite^
select e.id, e.organisation_id, e.kind, e.title, e.description, e.starts_at, e.ends_at,
    e.timezone, e.venue, e.online_url, e.details, e.status, e.sequence, e.updated_at,
    e.reminder_hours_before, o.name as organisation_name
from events e
join organisations o on o.id = e.organisation_id
where e.id = :event_id;

-- name: get_registration_for_invite^
-- The attendee of a registration and the ticket to link to: the live one, or after a
-- cancellation the last one issued (its page still shows the cancelled registration).
select r.id, r.event_id, r.role, r.status, r.created_at, r.confirmed_at, r.cancelled_at,
    coalesce(c.first_name || ' ' || c.last_name, co.name) as name,
    coalesce(c.email, co.contact_email) as email,
    coalesce(c.language, 'fr') as language,
    (
        select t.token from tickets t
        where t.registration_id = r.id
        order by t.serial desc
        limit 1
    ) as token
from registrations r
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where r.id = :registration_id;

-- name: get_staff_user_for_invite^
select id, role, name, email, organisation_id, company_id from users where id = :user_id;

-- name: get_company_registration_for_invite^
-- A company's registration to an event: the live one, else the last cancelled one; or the one
-- named, if it is the company's.
select r.id, r.event_id, r.role, r.status, r.created_at, r.confirmed_at, r.cancelled_at,
    co.name, co.contact_email as email, null::text as token, 'fr' as language
from registrations r
join companies co on co.id = r.company_id
where r.event_id = :event_id and r.company_id = :company_id
    and (:registration_id::uuid is null or r.id = :registration_id)
order by r.status = 'cancelled', r.created_at desc, r.id
limit 1;

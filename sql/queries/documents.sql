-- Documents made from an event's registrations (events/documents): the exports (CSV, XLSX) and
-- the printed sheets (attendance, badges, tickets on A4). Never the social situation: that is
-- read through directory.candidates.get, for those who follow the candidate.

-- name: list_registrations_for_documents
-- Every registration of the event, candidates first then companies, each in name order; the
-- live ticket's token and short code (a cancelled registration has none); the contact (the
-- candidate's own, the company's contact); a company's recruiter accounts, which the attendance
-- sheet and the badges list by name. `bib`: the candidate's number at an anonymous session
-- (migration 0031), null elsewhere.
select r.id, r.role, r.status, r.candidate_id, r.company_id, r.created_at, r.checked_in_at,
    case when r.status = 'waitlisted' then (
        select count(*) from registrations w
        where w.event_id = r.event_id and w.role = r.role and w.status = 'waitlisted'
            and w.waitlist_seq <= r.waitlist_seq
    ) end as waitlist_position,
    c.first_name, c.last_name, co.name as company_name,
    coalesce(c.email, co.contact_email) as email,
    coalesce(c.phone, co.contact_phone) as phone,
    t.token, t.short_code,
    array(
        select u.name from users u
        where u.company_id = r.company_id and u.role = 'recruiter' and u.deactivated_at is null
        order by u.name, u.id
    ) as recruiter_names,
    (
        select b.number::text from bibs b
        join bib_events be on be.event_id = b.event_id and be.anonymous
        where b.event_id = r.event_id and b.candidate_id = r.candidate_id
    ) as bib
from registrations r
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
left join tickets t on t.registration_id = r.id and t.revoked_at is null
where r.event_id = :event_id
order by r.role, c.last_name, c.first_name, co.name, r.created_at, r.id;

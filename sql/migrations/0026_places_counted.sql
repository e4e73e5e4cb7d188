-- The places of an event counted on its row, so that a registration is decided and written in
-- one statement. An UPDATE (or SELECT ... FOR UPDATE) waits for the row's lock and then reads
-- the row as it is now, while counting registrations in the same statement would read the
-- snapshot taken before the wait: a count made that way could let two registrations take the
-- last place. Kept equal to the registrations of each role and status by every statement that
-- changes a registration's status (sql/queries/registrations.sql: registering, cancelling,
-- promoting, marking no-shows), each under the event's lock.
alter table events
    add column candidates_confirmed integer not null default 0,
    add column candidates_waitlisted integer not null default 0,
    add column companies_confirmed integer not null default 0,
    add column companies_waitlisted integer not null default 0;

update events e
set candidates_confirmed = n.candidates_confirmed,
    candidates_waitlisted = n.candidates_waitlisted,
    companies_confirmed = n.companies_confirmed,
    companies_waitlisted = n.companies_waitlisted
from (
    select event_id,
        count(*) filter (where role = 'candidate' and status = 'confirmed') as candidates_confirmed,
        count(*) filter (where role = 'candidate' and status = 'waitlisted')
            as candidates_waitlisted,
        count(*) filter (where role = 'company' and status = 'confirmed') as companies_confirmed,
        count(*) filter (where role = 'company' and status = 'waitlisted') as companies_waitlisted
    from registrations
    group by event_id
) n
where n.event_id = e.id;

-- Where a party's messages go: one row per channel it can be reached on, or one 'none' row
-- when it has neither an e-mail nor a phone. A company is reached through its contact. The one
-- owner of that rule: the outbox_contacts view reads it for stored registrations, and a
-- registration's own statement (insert_candidate_registration) for the registration it is
-- writing, which no view can see yet.
create function party_contacts(candidate_id uuid, company_id uuid)
returns table (channel text, recipient text, language text)
language sql stable
as $$
    select ch.channel, ch.recipient, coalesce(c.language, 'fr')
    from (select 1) one
    left join candidates c on c.id = party_contacts.candidate_id
    left join companies co on co.id = party_contacts.company_id
    cross join lateral (
        select nullif(btrim(coalesce(c.email, co.contact_email)), '') as email,
            nullif(btrim(coalesce(c.phone, co.contact_phone)), '') as phone
    ) contact
    cross join lateral (
        select 'email' as channel, contact.email as recipient where contact.email is not null
        union all
        select 'sms', contact.phone where contact.phone is not null
        union all
        select 'none', null where contact.email is null and contact.phone is null
    ) ch
$$;

create or replace view outbox_contacts as
select r.id as registration_id, pc.channel, pc.recipient, pc.language
from registrations r
cross join lateral party_contacts(r.candidate_id, r.company_id) pc;

-- Food festival pairings (events/pairings, migration 0032): cooks' and restaurants' sides, the
-- pairings, their schedules to each side.

-- name: get_pairing_event^
-- What the pairing rules read of an event: whose it is, its format and state, its days.
select id, organisation_id, kind, status, title, starts_at, ends_at, timezone
from events
where id = :event_id;

-- name: list_pairing_cooks
-- The cooks of a festival: its candidates whose place is confirmed, with their side (empty
-- when not stated yet) and their own postcode (where they live: the distance's fallback).
select c.id as candidate_id, c.first_name, c.last_name, c.postcode, c.city,
    coalesce(pc.cuisines, '{}') as cuisines, coalesce(pc.wishes, '{}') as wishes,
    coalesce(pc.areas, '{}') as areas
from registrations r
join candidates c on c.id = r.candidate_id
left join pairing_cooks pc on pc.event_id = r.event_id and pc.candidate_id = c.id
where r.event_id = :event_id and r.role = 'candidate' and r.status = 'confirmed'
order by c.first_name, c.last_name, c.id;

-- name: list_pairing_restaurants
-- The restaurants of a festival: its companies whose place is confirmed, with their side (one
-- cook and no cuisine when not stated yet) and how many cooks they have now.
select co.id as company_id, co.name, co.city, co.postcode,
    coalesce(pr.cuisines, '{}') as cuisines, coalesce(pr.seats, 1) as seats, pr.address,
    (select count(*) from pairings p
        where p.event_id = r.event_id and p.company_id = co.id)::int as taken
from registrations r
join companies co on co.id = r.company_id
left join pairing_restaurants pr on pr.event_id = r.event_id and pr.company_id = co.id
where r.event_id = :event_id and r.role = 'company' and r.status = 'confirmed'
order by co.name, co.id;

-- name: list_pairings
-- A festival's pairings, for its organisers: both sides by name.
select p.id, p.event_id, p.candidate_id, c.first_name || ' ' || c.last_name as cook_name,
    p.company_id, co.name as restaurant_name, p.preparation_days, p.service_days, p.source,
    p.score, p.result, p.result_on, p.referral_company_id, rc.name as referral_company_name,
    p.outcome_id, p.note, p.version, p.sent_version, p.sent_at, p.created_at, p.updated_at
from pairings p
join candidates c on c.id = p.candidate_id
join companies co on co.id = p.company_id
left join companies rc on rc.id = p.referral_company_id
where p.event_id = :event_id
order by co.name, c.first_name, p.id;

-- name: get_pairing^
select p.id, p.event_id, p.candidate_id, c.first_name || ' ' || c.last_name as cook_name,
    p.company_id, co.name as restaurant_name, p.preparation_days, p.service_days, p.source,
    p.score, p.result, p.result_on, p.referral_company_id, rc.name as referral_company_name,
    p.outcome_id, p.note, p.version, p.sent_version, p.sent_at, p.created_at, p.updated_at
from pairings p
join candidates c on c.id = p.candidate_id
join companies co on co.id = p.company_id
left join companies rc on rc.id = p.referral_company_id
where p.id = :id;

-- name: lock_pairing^
-- A pairing, held until the transaction ends (a change, a result, its removal).
select id, event_id, candidate_id, company_id, preparation_days, service_days, result,
    result_on, referral_company_id, outcome_id, note
from pairings
where id = :id
for update;

-- name: check_pairing_party$
-- Whether the candidate (or the company) holds a confirmed place at the festival.
select exists (
    select from registrations
    where event_id = :event_id and status = 'confirmed'
        and (candidate_id = :candidate_id or company_id = :company_id)
);

-- name: upsert_pairing_cook!
insert into pairing_cooks (
    event_id, candidate_id, cuisines, wishes, areas, updated_by, updated_at
)
values (:event_id, :candidate_id, :cuisines, :wishes, :areas, :by, :now)
on conflict (event_id, candidate_id) do update
set cuisines = excluded.cuisines, wishes = excluded.wishes, areas = excluded.areas,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at;

-- name: insert_pairing_restaurant!
-- A restaurant's side as it is by default (one cook), so that there is a row to lock.
insert into pairing_restaurants (event_id, company_id, updated_at)
values (:event_id, :company_id, :now)
on conflict (event_id, company_id) do nothing;

-- name: lock_pairing_restaurant$
-- How many cooks the restaurant takes, its row held until the transaction ends: the pairings
-- of one restaurant are serialised here (counted by the next statement, which sees what the
-- transactions that held the row before committed).
select seats from pairing_restaurants
where event_id = :event_id and company_id = :company_id
for update;

-- name: count_restaurant_pairings$
select count(*)::int from pairings where event_id = :event_id and company_id = :company_id;

-- name: update_pairing_restaurant!
update pairing_restaurants
set cuisines = :cuisines, seats = :seats, address = :address, updated_by = :by,
    updated_at = :now
where event_id = :event_id and company_id = :company_id;

-- name: insert_pairing<!
-- A cook's pairing; none (null) when the cook already has one at this festival.
insert into pairings (
    event_id, candidate_id, company_id, preparation_days, service_days, source, score,
    created_by, created_at, updated_by, updated_at
)
values (
    :event_id, :candidate_id, :company_id, :preparation_days, :service_days, :source, :score,
    :by, :now, :by, :now
)
on conflict on constraint pairings_cook_key do nothing
returning id;

-- name: update_pairing!
-- Another restaurant or other days: a new version, to be sent again. Another restaurant is
-- the organiser's own choice.
update pairings
set company_id = :company_id, preparation_days = :preparation_days,
    service_days = :service_days, score = :score,
    source = case when company_id = :company_id then source else 'by_hand' end,
    version = version + 1, updated_by = :by, updated_at = :now
where id = :id;

-- name: update_pairing_result!
update pairings
set result = :result, result_on = :result_on, referral_company_id = :referral_company_id,
    outcome_id = :outcome_id, note = :note, updated_by = :by, updated_at = :now
where id = :id;

-- name: delete_pairing!
delete from pairings where id = :id;

-- name: enqueue_pairing_schedules$
-- The schedules of a festival's pairings not sent as they are now: to each cook, one message
-- per way to reach them (or a skipped one saying there is none); to each restaurant with such
-- a pairing, one mail to its contact (its text message would be too long: none). A key per
-- version of the pairing (the cook) or of the restaurant's set of pairings: sending again
-- writes nothing for what did not change.
with unsent as (
    select p.* from pairings p
    where p.event_id = :event_id and p.sent_version is distinct from p.version
), cooks as (
    select concat_ws(':', 'pairing_schedule', r.id, u.id, u.version, ch.channel) as dedup_key,
        r.id as registration_id, ch.channel, ch.recipient, ch.language
    from unsent u
    join registrations r on r.event_id = u.event_id and r.candidate_id = u.candidate_id
        and r.status = 'confirmed'
    join outbox_contacts ch on ch.registration_id = r.id
), versions as (
    select p.company_id,
        md5(string_agg(p.id::text || '.' || p.version, ',' order by p.id)) as state
    from pairings p
    where p.event_id = :event_id
        and p.company_id in (select company_id from unsent)
    group by p.company_id
), restaurants as (
    select concat_ws(':', 'pairing_schedule', r.id, v.state, ch.channel) as dedup_key,
        r.id as registration_id, ch.channel, ch.recipient, ch.language
    from versions v
    join registrations r on r.event_id = :event_id and r.company_id = v.company_id
        and r.status = 'confirmed'
    join outbox_contacts ch on ch.registration_id = r.id and ch.channel <> 'sms'
), added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, kind, sequence, channel,
        recipient, language, status, reason
    )
    select m.dedup_key, e.organisation_id, e.id, m.registration_id, 'pairing_schedule',
        e.sequence, m.channel, m.recipient, m.language,
        case when m.channel = 'none' then 'skipped' else 'pending' end,
        case when m.channel = 'none' then 'no_contact' end
    from (select * from cooks union all select * from restaurants) m
    cross join events e
    where e.id = :event_id
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: mark_pairings_sent$
with marked as (
    update pairings set sent_version = version, sent_at = :now
    where event_id = :event_id and sent_version is distinct from version
    returning 1
)
select count(*) from marked;

-- name: get_pairing_party^
-- Whom a schedule message is for: the registration's event and party, and where it stands.
select r.event_id, r.role, r.candidate_id, r.company_id, r.status, e.status as event_status
from registrations r
join events e on e.id = r.event_id
where r.id = :registration_id;

-- name: get_cook_schedule^
-- A cook's pairing as the cook sees it: the restaurant, where it is and the days; with the
-- event, the cook's first name and live ticket (for the text message's link). Only once its
-- schedule was sent.
select c.first_name, e.title, e.timezone, e.status as event_status, co.name as restaurant,
    coalesce(pr.address, '') as address, co.postcode, co.city, p.preparation_days,
    p.service_days, t.token, o.name as organisation_name
from pairings p
join candidates c on c.id = p.candidate_id
join events e on e.id = p.event_id
join organisations o on o.id = e.organisation_id
join companies co on co.id = p.company_id
left join pairing_restaurants pr on pr.event_id = p.event_id and pr.company_id = p.company_id
left join registrations r on r.event_id = p.event_id and r.candidate_id = p.candidate_id
    and r.status <> 'cancelled'
left join tickets t on t.registration_id = r.id and t.revoked_at is null
where p.event_id = :event_id and p.candidate_id = :candidate_id and p.sent_at is not null;

-- name: list_restaurant_schedule
-- A restaurant's cooks as the restaurant sees them: first name and initial, cuisines and days.
-- Nothing else about them (no last name, no contact, nothing of their situation). Only pairings
-- whose schedule was sent.
select c.first_name || ' ' || left(c.last_name, 1) || '.' as cook,
    coalesce(pc.cuisines, '{}') as cuisines, p.preparation_days, p.service_days
from pairings p
join candidates c on c.id = p.candidate_id
left join pairing_cooks pc on pc.event_id = p.event_id and pc.candidate_id = p.candidate_id
where p.event_id = :event_id and p.company_id = :company_id and p.sent_at is not null
order by c.first_name, p.id;

-- name: get_restaurant_schedule_context^
-- What the restaurant's mail says besides its cooks: the event and the contact's name.
select co.name as restaurant, co.contact_name, e.title, e.timezone, e.status as event_status,
    o.name as organisation_name
from companies co
join events e on e.id = :event_id
join organisations o on o.id = e.organisation_id
where co.id = :company_id;

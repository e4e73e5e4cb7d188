-- Retention (events/retention/): how long each organisation keeps what, what is due, the
-- warnings to coaches, and each run's report.

-- name: get_retention_policy^
select organisation_id, private_months, observations_months, audit_months
from retention_policy
where organisation_id = :organisation_id;

-- name: upsert_retention_settings!
insert into retention_settings (
    organisation_id, private_months, observations_months, audit_months, updated_by, updated_at
)
values (:organisation_id, :private_months, :observations_months, :audit_months, :updated_by, :now)
on conflict (organisation_id) do update
set private_months = excluded.private_months,
    observations_months = excluded.observations_months,
    audit_months = excluded.audit_months,
    updated_by = excluded.updated_by,
    updated_at = excluded.updated_at;

-- name: list_retention_due
-- Each person's data due to go within 30 days (or overdue), per kind, where some is left:
-- `private` (the social situation) and `observations` (the coaches' words, the reviewed cards,
-- the CV, the person's comments, and the free words of issue 14: their hours and wished sectors
-- at a job dating, what they cook, wish and where they can go at a food festival, their
-- pairings' notes). Due: the end of the person's last event (or, with none, when
-- they were entered) plus the organisation's period. `warned_at`: the warning sent for that
-- same due date, if one was. Erased people have nothing left and are not listed.
with last as (
    select c.id as candidate_id, c.organisation_id,
        coalesce(ev.ends_at, c.created_at) as last_at, ev.event_id, ev.registration_id
    from candidates c
    left join lateral (
        select e.ends_at, e.id as event_id, r.id as registration_id
        from registrations r
        join events e on e.id = r.event_id
        where r.candidate_id = c.id and r.status <> 'cancelled' and e.status <> 'cancelled'
        order by e.ends_at desc, e.id
        limit 1
    ) ev on true
    where c.erased_at is null
        and (:organisation_id::uuid is null or c.organisation_id = :organisation_id)
), due as (
    select l.candidate_id, l.organisation_id, l.event_id, l.registration_id, 'private' as scope,
        l.last_at + make_interval(months => p.private_months) as due_at
    from last l
    join retention_policy p on p.organisation_id = l.organisation_id
    where exists (select from candidate_private cp where cp.candidate_id = l.candidate_id)
    union all
    select l.candidate_id, l.organisation_id, l.event_id, l.registration_id, 'observations',
        l.last_at + make_interval(months => p.observations_months)
    from last l
    join retention_policy p on p.organisation_id = l.organisation_id
    where exists (
        select from observations o
        where o.candidate_id = l.candidate_id and (o.note is not null or o.reason is not null)
    )
        or exists (select from skills_card_reviews v where v.candidate_id = l.candidate_id)
        or exists (select from cvs v where v.candidate_id = l.candidate_id)
        or exists (select from observation_comments m where m.candidate_id = l.candidate_id)
        or exists (select from interview_candidates f where f.candidate_id = l.candidate_id)
        or exists (select from pairing_cooks k where k.candidate_id = l.candidate_id)
        or exists (
            select from pairings g where g.candidate_id = l.candidate_id and g.note is not null
        )
)
select d.candidate_id, d.organisation_id, d.event_id, d.registration_id, d.scope, d.due_at,
    w.warned_at
from due d
left join retention_warnings w
    on w.candidate_id = d.candidate_id and w.scope = d.scope and w.due_at = d.due_at
where d.due_at <= :now::timestamptz + interval '30 days'
order by d.organisation_id, d.due_at, d.candidate_id, d.scope;

-- name: count_retention_audit_due
-- Per organisation, the audit rows about its candidates older than its period.
select p.organisation_id, count(a.id) as rows
from retention_policy p
join candidates c on c.organisation_id = p.organisation_id
join audit_log a on (a.subject_id = c.id or a.on_behalf_of = c.id)
    and a.at < :now::timestamptz - make_interval(months => p.audit_months)
where :organisation_id::uuid is null or p.organisation_id = :organisation_id
group by p.organisation_id
order by p.organisation_id;

-- name: delete_retention_audit_rows$
with gone as (
    delete from audit_log a
    using candidates c, retention_policy p
    where c.organisation_id = :organisation_id and p.organisation_id = c.organisation_id
        and (a.subject_id = c.id or a.on_behalf_of = c.id)
        and a.at < :now::timestamptz - make_interval(months => p.audit_months)
    returning a.id
)
select count(*) from gone;

-- name: insert_retention_warning$
-- Written once per person, kind and due date; false when it was already.
with added as (
    insert into retention_warnings (candidate_id, scope, due_at, warned_at)
    values (:candidate_id, :scope, :due_at, :now)
    on conflict do nothing
    returning 1
)
select count(*) = 1 from added;

-- name: enqueue_retention_warning$
-- The coaches named by the person's events (a sport session's `coach_ids`), or, when none is,
-- the organisers of the person's organisation: one mail each, in French, through the outbox.
-- Nothing about the person is written here: the mail is made at delivery.
with coaches as (
    select distinct u.id, u.email
    from registrations r
    join events e on e.id = r.event_id
    join users u on u.role = 'coach' and u.organisation_id = e.organisation_id
        and u.deactivated_at is null
        and (e.details -> 'coach_ids') ? u.id::text
    where r.candidate_id = :candidate_id and r.status <> 'cancelled'
), recipients as (
    select id, email from coaches
    union all
    select u.id, u.email from users u
    where u.organisation_id = :organisation_id and u.role = 'organiser'
        and u.deactivated_at is null and not exists (select from coaches)
), added as (
    insert into outbox (
        dedup_key, organisation_id, event_id, registration_id, user_id, kind, sequence, channel,
        recipient, language
    )
    select concat_ws(':', 'retention_warning', :candidate_id::uuid::text, :scope::text,
            extract(epoch from :due_at::timestamptz)::bigint, u.id),
        :organisation_id, :event_id, :registration_id, u.id, 'retention_warning', 0, 'email',
        u.email, 'fr'
    from recipients u
    on conflict (dedup_key) do nothing
    returning 1
)
select count(*) from added;

-- name: get_retention_message_context^
-- What the warning mail says, at delivery: whom it is about (a person the coach follows),
-- their last event, and what goes when. Null once the person is erased.
select c.first_name, c.last_name, e.title as event_title, u.name as recipient_name,
    (select max(w.due_at) filter (where w.scope = 'private')
        from retention_warnings w where w.candidate_id = c.id) as private_due_at,
    (select max(w.due_at) filter (where w.scope = 'observations')
        from retention_warnings w where w.candidate_id = c.id) as observations_due_at
from registrations r
join candidates c on c.id = r.candidate_id and c.erased_at is null
join events e on e.id = r.event_id
join users u on u.id = :user_id
where r.id = :registration_id;

-- name: update_observations_for_retention!
update observations set note = null, reason = null where candidate_id = :candidate_id;

-- name: delete_cv_for_retention!
delete from cvs where candidate_id = :candidate_id;

-- name: delete_grid_and_pairing_words_for_retention!
-- Issue 14's free words about the person: their hours and wished sectors at a job dating, what
-- they cook, wish and where they can go at a food festival, their pairings' notes. Their
-- interviews and pairings stay (facts, for the figures).
with frames as (
    delete from interview_candidates where candidate_id = :candidate_id
), sides as (
    delete from pairing_cooks where candidate_id = :candidate_id
)
update pairings set note = null where candidate_id = :candidate_id and note is not null;

-- name: insert_retention_run<!
-- A daily run holds its day: false (no row) when another worker already did it.
insert into retention_runs (trigger, day, started_at, report)
values (:trigger, :day, :now, :report)
on conflict do nothing
returning id;

-- name: update_retention_run_report!
update retention_runs set report = :report where id = :id;

-- name: check_retention_run_today$
-- Whether today's daily run is done: a cheap look before the run tries to hold the day.
select exists (select from retention_runs where trigger = 'daily' and day = :day);

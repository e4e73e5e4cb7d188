-- Everything held about one person, for their export (``events.data_rights``): one query per
-- section, each reading every row of the person, oldest first. Never a ticket's token.

-- name: get_export_person^
select c.id, o.name as organisation_name, c.first_name, c.last_name, c.email, c.phone, c.city,
    c.postcode, c.language, c.created_at, c.updated_at
from candidates c
join organisations o on o.id = c.organisation_id
where c.id = :candidate_id;

-- name: get_export_private^
-- The social situation as stored (staff wrote it), and when it last changed.
select data, updated_at from candidate_private where candidate_id = :candidate_id;

-- name: list_export_registrations
select r.id, e.title as event_title, e.kind as event_kind, e.starts_at as event_starts_at,
    e.timezone as event_timezone, r.status, r.created_at, r.confirmed_at, r.cancelled_at,
    r.checked_in_at
from registrations r
join events e on e.id = r.event_id
where r.candidate_id = :candidate_id
order by e.starts_at, r.created_at;

-- name: list_export_tickets
-- Each ticket of the person's registrations: whether it still works, never its token.
select t.registration_id, e.title as event_title, t.serial, t.created_at, t.revoked_at
from tickets t
join registrations r on r.id = t.registration_id
join events e on e.id = t.event_id
where r.candidate_id = :candidate_id
order by t.created_at, t.serial;

-- name: list_export_scans
-- The door's scans of the person's tickets (refused ones included).
select s.registration_id, e.title as event_title, s.result, s.scanned_at, s.offline
from scans s
join registrations r on r.id = s.registration_id
join events e on e.id = s.event_id
where r.candidate_id = :candidate_id
order by s.scanned_at, s.id;

-- name: list_export_observations
-- Every version of every observation, with who observed and who wrote the version, the
-- correction's reason, and whether a later version replaced it.
select o.id, e.title as event_title, o.skill, s.label_fr as skill_fr, s.label_en as skill_en,
    o.level, o.activity, o.note, ob.name as observer_name, rb.name as recorded_by_name,
    o.observed_at, o.recorded_at, o.version, o.replaces, o.reason,
    not exists (select 1 from observations n where n.replaces = o.id) as current
from observations o
join events e on e.id = o.event_id
join skills s on s.code = o.skill
left join users ob on ob.id = o.observer_id
left join users rb on rb.id = o.recorded_by
where o.candidate_id = :candidate_id
order by o.seq;

-- name: list_export_card_reviews
-- Each reviewed version of the card, exactly as the coach reviewed it.
select k.version, k.card, k.reviewed_at, u.name as reviewed_by_name
from skills_card_reviews k
left join users u on u.id = k.reviewed_by
where k.candidate_id = :candidate_id
order by k.version;

-- name: get_export_card_head^
select version, updated_at from skills_cards where candidate_id = :candidate_id;

-- name: list_export_consent_history
select h.recruiters, h.contact, h.at, h.via, u.name as by_name
from consent_history h
left join users u on u.id = h.by_user
where h.candidate_id = :candidate_id
order by h.id;

-- name: list_export_outcomes
select k.kind, k.happened_on, co.name as company_name, k.note, k.follow_up_month,
    e.title as event_title, u.name as recorded_by_name, k.recorded_at
from outcomes k
join events e on e.id = k.event_id
left join companies co on co.id = k.company_id
left join users u on u.id = k.recorded_by
where k.candidate_id = :candidate_id
order by k.happened_on, k.recorded_at;

-- name: list_export_interests
select co.name as company_name, e.title as event_title, i.created_at, i.withdrawn_at
from recruiter_interests i
join companies co on co.id = i.company_id
left join events e on e.id = i.event_id
where i.candidate_id = :candidate_id
order by i.created_at;

-- name: get_export_cv^
-- The CV's description and, for the template, its content; an uploaded file is described
-- (pages, size, fingerprint), not copied here.
select kind, structured, pdf_pages, octet_length(pdf) as pdf_size, pdf_sha256, sectors,
    postcode, version, created_at, updated_at
from cvs
where candidate_id = :candidate_id;

-- name: list_export_messages
-- The messages caused for the person's registrations: what, by which way, to where, and what
-- became of each. The outbox keeps no body (it is written from the kind when sent).
select m.kind, e.title as event_title, m.channel, m.recipient, m.status, m.reason,
    m.created_at, m.sent_at
from outbox m
join registrations r on r.id = m.registration_id
join events e on e.id = m.event_id
where r.candidate_id = :candidate_id
order by m.created_at, m.id;

-- name: list_export_import_rows
-- The spreadsheet rows the person was imported or completed from, with their cells.
select i.filename, i.created_at, w.line, w.cells, w.outcome, w.done_at
from candidate_import_rows w
join candidate_imports i on i.id = w.import_id
where w.candidate_id = :candidate_id
order by i.created_at, w.n;

-- name: list_export_history
-- What was done about the person, as the audit log keeps it: what and when, by which role;
-- not the facts it stored (those are the sections of the export).
select a.at, a.action, a.actor_role
from audit_log a
where a.on_behalf_of = :candidate_id
    or (a.subject_type = 'candidate' and a.subject_id = :candidate_id)
order by a.id;

-- name: list_export_comments
select c.observation_id, c.body, c.created_at
from observation_comments c
where c.candidate_id = :candidate_id
order by c.created_at, c.id;

-- name: list_export_profiles
-- The anonymous attributes frozen for funders' figures, per registration (if any were frozen).
select p.registration_id, e.title as event_title, p.under_26, p.woman, p.qpv, p.rsa_ass_aah,
    p.rqth, p.refugee, p.diploma_level, p.frozen_at
from registration_profiles p
join registrations r on r.id = p.registration_id
join events e on e.id = r.event_id
where r.candidate_id = :candidate_id
order by p.frozen_at;

-- name: get_export_consent^
-- The current choice (its history is list_export_consent_history).
select recruiters, contact, updated_at from consents where candidate_id = :candidate_id;

-- name: list_export_retention_warnings
-- The person's data due to be removed by retention, and when their coach was told.
select scope, due_at, warned_at from retention_warnings
where candidate_id = :candidate_id
order by due_at, scope;

-- name: get_export_erasure^
-- When the person's data was erased, and the kind of reason (nothing else is kept).
select reason, erased_at from erasures where candidate_id = :candidate_id;

-- name: list_export_credentials
-- The person's portable skills cards (issue 15): which were issued, when, and their status.
select i.id, i.card_version, i.issued_at, i.revoked_at, i.name_choice,
    case
        when i.revoked_by is not null then 'withdrawn'
        when i.revoked_at is not null then 'replaced'
        when c.erased_at is not null then 'erased'
        when exists (
            select 1 from skills_card_reviews r
            where r.candidate_id = i.candidate_id and r.version > i.card_version
        ) then 'superseded'
        else 'valid'
    end as status
from issued_credentials i
join candidates c on c.id = i.candidate_id
where i.candidate_id = :candidate_id
order by i.issued_at;

-- name: list_export_bibs
-- The person's bib numbers at anonymous sessions (issue 14).
select e.title as event_title, b.number, b.allocated_at
from bibs b
join events e on e.id = b.event_id
where b.candidate_id = :candidate_id
order by b.allocated_at, e.title;

-- name: list_export_bib_interests
-- Companies' interest in the person's bib, and the answer given (by them or for them).
select e.title as event_title, co.name as company_name, i.created_at, i.answer, i.answered_at,
    i.answered_by is not null as by_proxy
from bib_interests i
join events e on e.id = i.event_id
join companies co on co.id = i.company_id
where i.candidate_id = :candidate_id
order by i.created_at, i.id;

-- name: list_export_workshop_signups
-- The e-forum workshops the person signed up to (issue 14), and whether by themselves.
select e.title as event_title, w.title as workshop_title, w.starts_at, w.ends_at,
    w.cancelled_at, s.created_at, s.signed_up_by is not null as by_proxy
from workshop_signups s
join workshops w on w.id = s.workshop_id
join events e on e.id = w.event_id
where s.candidate_id = :candidate_id
order by w.starts_at, w.title;

-- name: list_export_interviews_sent
-- The job dating interviews each send of a schedule told the person (issue 14).
select e.title as event_title, co.name as company_name, s.starts_at, s.ends_at, s.table_no,
    s.sent_at
from interviews_sent s
join events e on e.id = s.event_id
join companies co on co.id = s.company_id
where s.candidate_id = :candidate_id
order by s.sent_at, s.starts_at;

-- name: list_export_interview_frames
-- The person's hours and wished sectors for the interview grid of a job dating (issue 14).
select e.title as event_title, f.arrives_at, f.leaves_at, f.sectors, f.updated_at
from interview_candidates f
join events e on e.id = f.event_id
where f.candidate_id = :candidate_id
order by e.starts_at, e.title;

-- name: list_export_interview_wishes
-- The wishes "must meet" / "prefer not" about the person and a company, and who said them.
select e.title as event_title, co.name as company_name, w.wish, w.said_by, w.source,
    w.created_at
from interview_wishes w
join events e on e.id = w.event_id
join companies co on co.id = w.company_id
where w.candidate_id = :candidate_id
order by w.created_at, w.id;

-- name: list_export_interviews
-- The person's interviews in the current grid of each job dating (issue 14).
select e.title as event_title, co.name as company_name, i.starts_at, i.ends_at, i.table_no
from interviews i
join events e on e.id = i.event_id
join companies co on co.id = i.company_id
where i.candidate_id = :candidate_id
order by i.starts_at;

-- name: list_export_pairing_sides
-- What the person cooks, wishes and where they can go, for a food festival's pairings (issue 14).
select e.title as event_title, s.cuisines, s.wishes, s.areas, s.updated_at
from pairing_cooks s
join events e on e.id = s.event_id
where s.candidate_id = :candidate_id
order by e.starts_at, e.title;

-- name: list_export_pairings
-- The person's pairing with a restaurant at each food festival: its days and what followed.
select e.title as event_title, co.name as restaurant, p.preparation_days, p.service_days,
    p.result, p.result_on, rc.name as referral_company, p.note, p.created_at, p.sent_at
from pairings p
join events e on e.id = p.event_id
join companies co on co.id = p.company_id
left join companies rc on rc.id = p.referral_company_id
where p.candidate_id = :candidate_id
order by e.starts_at, p.created_at;

-- Erasure on request (events/erasure/): a candidate becomes a tombstone, in one transaction.
-- Every statement names the candidate; none returns personal data.

-- name: lock_candidate_for_erasure^
select id, organisation_id, erased_at from candidates where id = :candidate_id for update;

-- name: get_candidate_for_erasure^
select id, organisation_id, erased_at from candidates where id = :candidate_id;

-- name: count_registrations_of_erased$
select count(*) from registrations where candidate_id = :candidate_id;

-- name: check_candidate_erased$
select exists (select 1 from candidates where id = :candidate_id and erased_at is not null);

-- name: lock_candidate_against_erasure$
-- For a write about the person: held until the write commits, so that an erasure waits for it
-- (and then removes what it wrote), or it waits for the erasure (and then sees it).
select erased_at is not null from candidates where id = :candidate_id for key share;

-- name: get_erasure^
select e.candidate_id, e.organisation_id, e.reason, e.erased_by, e.erased_at
from erasures e
where e.candidate_id = :candidate_id;

-- name: insert_erasure!
insert into erasures (candidate_id, organisation_id, reason, erased_by, erased_at)
values (:candidate_id, :organisation_id, :reason, :erased_by, :now);

-- name: list_erasure_subjects
-- Every id the audit log may name about the person: the candidate, their registrations and
-- tickets, observations, comments and outcomes; and (issue 14) the wishes about them, their
-- interviews, their pairings and the companies' interests in their bib.
select :candidate_id::uuid as id
union all select r.id from registrations r where r.candidate_id = :candidate_id
union all
select t.id from tickets t join registrations r on r.id = t.registration_id
where r.candidate_id = :candidate_id
union all select o.id from observations o where o.candidate_id = :candidate_id
union all select c.id from observation_comments c where c.candidate_id = :candidate_id
union all select o.id from outcomes o where o.candidate_id = :candidate_id
union all select w.id from interview_wishes w where w.candidate_id = :candidate_id
union all select i.id from interviews i where i.candidate_id = :candidate_id
union all select p.id from pairings p where p.candidate_id = :candidate_id
union all select b.id from bib_interests b where b.candidate_id = :candidate_id;

-- name: update_candidate_to_tombstone!
-- Names, contact and place emptied; the row, its organisation and its dates stay.
update candidates
set first_name = '', last_name = '', email = null, phone = null, city = null, postcode = null,
    search_name = '', language = 'fr', updated_at = :now, erased_at = :now
where id = :candidate_id;

-- name: revoke_tickets_of_candidate$
-- Every live ticket of the person: the door and the ticket page refuse them from now on.
with revoked as (
    update tickets t set revoked_at = :now
    from registrations r
    where r.id = t.registration_id and r.candidate_id = :candidate_id and t.revoked_at is null
    returning t.id
)
select count(*) from revoked;

-- name: delete_unsent_messages_of_candidate$
-- Messages about the person's registrations not sent yet (or never to be): dropped.
with dropped as (
    delete from outbox o
    using registrations r
    where r.id = o.registration_id and r.candidate_id = :candidate_id and o.status <> 'sent'
    returning o.id
)
select count(*) from dropped;

-- name: update_sent_messages_of_candidate!
-- Messages sent to the person stay as a fact (kind, time), without where they went; nor, for
-- a workshop's or an interview's message (issue 14), which workshop or which company: their
-- key named them (and the person), their sign-ups and interviews are gone.
update outbox o
set recipient = case when o.channel = 'none' then null else '' end, last_error = null,
    workshop_id = null,
    dedup_key = case
        when o.kind in ('workshop_reminder', 'workshop_cancelled', 'interview_reminder')
            then concat_ws(':', o.kind, 'erased', o.id)
        else o.dedup_key
    end
from registrations r
where r.id = o.registration_id and r.candidate_id = :candidate_id and o.user_id is null;

-- name: update_observations_for_erasure$
-- Levels stay for the counts; the coach's words about the person go.
with emptied as (
    update observations set note = null, reason = null
    where candidate_id = :candidate_id
    returning id
)
select count(*) from emptied;

-- name: delete_observation_comments_of_candidate!
delete from observation_comments where candidate_id = :candidate_id;

-- name: update_outcomes_for_erasure!
update outcomes set note = null where candidate_id = :candidate_id;

-- name: delete_card_of_candidate!
-- The reviewed cards recruiters see and search, and the person's choices about them.
with reviews as (
    delete from skills_card_reviews where candidate_id = :candidate_id
), lines as (
    delete from skills_card_reviewed_lines where candidate_id = :candidate_id
), ranks as (
    delete from skills_card_search_ranks where candidate_id = :candidate_id
), history as (
    delete from consent_history where candidate_id = :candidate_id
)
delete from consents where candidate_id = :candidate_id;

-- name: update_import_rows_for_erasure!
-- A spreadsheet's row that made or matched the person loses its cells; a row that only looked
-- like them loses the person from its look-alikes.
with own as (
    update candidate_import_rows
    set cells = '[]'::jsonb, look_alikes = null
    where candidate_id = :candidate_id
)
update candidate_import_rows
set look_alikes = coalesce((
    select jsonb_agg(a)
    from jsonb_array_elements(look_alikes) a
    where a ->> 'candidate_id' is distinct from :candidate_id::uuid::text
), '[]'::jsonb)
where look_alikes @> jsonb_build_array(jsonb_build_object('candidate_id', :candidate_id::uuid::text))
    and candidate_id is distinct from :candidate_id;

-- name: delete_idempotent_answers_of_candidate!
-- A stored answer to a retried request may repeat what was written about the person.
delete from idempotency_keys where response::text like '%' || :candidate_id::uuid::text || '%';

-- name: update_audit_rows_of_subjects$
-- The log keeps that something happened, to whom (an id) and by whom; not the facts written.
-- A row is about the person when its subject is one of their ids, when it was done on their
-- behalf, or when its facts name one of their ids, whatever the action: a sign-up from a
-- ticket names the person in its facts (its subject is the workshop), a replan names those it
-- dropped. One pass over the log, rare (an erasure) and in its one transaction.
with ids as (
    select array_agg(s::text) as texts from unnest(:subject_ids::uuid []) s
), stripped as (
    update audit_log a set data = '{}'::jsonb
    from ids
    where a.data <> '{}'::jsonb
        and (
            a.subject_id = any(:subject_ids::uuid [])
            or a.on_behalf_of = :candidate_id
            or exists (select from unnest(ids.texts) t where strpos(a.data::text, t) > 0)
        )
    returning a.id
)
select count(*) from stripped;

-- name: delete_bib_interests_of_candidate!
-- Anonymous sessions (issue 14): which companies wanted to meet the person, and their answer.
delete from bib_interests where candidate_id = :candidate_id;

-- name: delete_bibs_of_candidate!
-- Their bib numbers (never given again: the event's counter does not go back).
delete from bibs where candidate_id = :candidate_id;

-- name: delete_workshop_signups_of_candidate!
-- The e-forum workshops they signed up to (issue 14).
delete from workshop_signups where candidate_id = :candidate_id;

-- name: delete_interviews_sent_of_candidate!
-- What the interview schedules sent told about them (issue 14).
delete from interviews_sent where candidate_id = :candidate_id;

-- name: delete_interview_grid_of_candidate!
-- The interview grid (issue 14): their hours and sectors, the wishes about them, their
-- interviews.
with frames as (
    delete from interview_candidates where candidate_id = :candidate_id
), wishes as (
    delete from interview_wishes where candidate_id = :candidate_id
)
delete from interviews where candidate_id = :candidate_id;

-- name: update_interview_plans_for_erasure!
-- The reasons a plan gave for someone short of interviews name them by id: those go.
update interview_plans
set explanation = (
    select coalesce(jsonb_agg(r), '[]'::jsonb)
    from jsonb_array_elements(explanation) r
    where position(:candidate_id::uuid::text in r::text) = 0
)
where position(:candidate_id::uuid::text in explanation::text) > 0;

-- name: update_pairings_for_erasure!
-- Food festival pairings (issue 14): what they cook, wish and where they can go goes; their
-- pairing stays (its restaurant, days and result count), without its note.
with sides as (
    delete from pairing_cooks where candidate_id = :candidate_id
)
update pairings set note = null where candidate_id = :candidate_id;

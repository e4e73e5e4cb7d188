-- What a recruiter may see, written once: the candidates a company's recruiters may see, and
-- what they see of them. Every recruiter query (sql/queries/recruiters.sql, cvs.sql) reads
-- `recruiter_visible_candidates`; the search also reads `recruiter_shared_events` on its own,
-- to skip at once the candidates the company never met (see `search_cards_for_recruiter`).
--
-- Both are SQL functions that PostgreSQL inlines into the calling query (language sql, stable,
-- not strict, one select): the planner sees the joins themselves, probes a single candidate
-- through the indexes and keeps the search's plan. Columns are qualified and parameters named
-- with their function: in a SQL function a column of the same name would win.

-- The events a company and a candidate both attend: a live registration of the company and a
-- live registration of the candidate to the same published or completed event.
create function recruiter_shared_events(company uuid)
returns table (candidate_id uuid, event_id uuid, starts_at timestamptz)
language sql
stable
parallel safe
as $$
select r.candidate_id, r.event_id, e.starts_at
from registrations rc
join events e on e.id = rc.event_id and e.status in ('published', 'completed')
join registrations r
    on r.event_id = rc.event_id and r.role = 'candidate' and r.status <> 'cancelled'
where rc.company_id = recruiter_shared_events.company and rc.status <> 'cancelled'
$$;

-- A candidate is seen by the company's recruiters while (1) they consent to recruiters (a
-- withdrawal sets `recruiters` to false and hides them at once), (2) their card has been
-- reviewed at least once, and (3) they and the company attend an event together
-- (`recruiter_shared_events`). Then the first name, the initial of the last name, city,
-- postcode and the last reviewed card; the full last name, e-mail and phone only if the
-- candidate agreed to be contacted. Never candidate_private: it is not read here.
--
-- `shared_events` are the events of (3), by start: the only events a recruiter may see named
-- on the card. The title of another event the candidate was observed at can tell what the
-- company must not know (a refugee food festival, seen by a bakery).
create function recruiter_visible_candidates(company uuid)
returns table (
    id uuid,
    first_name text,
    last_name text,
    city text,
    postcode text,
    contact boolean,
    email text,
    phone text,
    card jsonb,
    shared_events uuid []
)
language sql
stable
parallel safe
as $$
select c.id, c.first_name,
    case when k.contact then c.last_name else left(c.last_name, 1) || '.' end,
    c.city, c.postcode, k.contact,
    case when k.contact then c.email end,
    case when k.contact then c.phone end,
    v.card,
    array(
        select shared.event_id
        from recruiter_shared_events(recruiter_visible_candidates.company) shared
        where shared.candidate_id = c.id
        order by shared.starts_at, shared.event_id
    )
from candidates c
join consents k on k.candidate_id = c.id and k.recruiters
join lateral (
    select reviewed.card
    from skills_card_reviews reviewed
    where reviewed.candidate_id = c.id
    order by reviewed.version desc
    limit 1
) v on true
where exists (
    select 1
    from recruiter_shared_events(recruiter_visible_candidates.company) shared
    where shared.candidate_id = c.id
)
$$;

-- Why a correction was made, kept apart from `note`: the note is the evidence the card shows
-- (recruiters included), the reason is for staff, in the observation's history only. Before,
-- a correction had only the note to say why, and the reason took the evidence's place.
alter table observations add column reason text;
alter table observations add constraint observations_reason_check check (
    reason is null or (replaces is not null and length(reason) <= 500)
);

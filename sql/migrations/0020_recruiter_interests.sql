-- "I'd like to meet this person": a recruiter says so on a candidate's card; the organisers of
-- the candidate's organisation see it on the candidate's page and follow up themselves. No
-- message ever goes from a recruiter to a candidate. Written by events/skills_cards/interest.py,
-- only while the recruiter may see the candidate (recruiter_visible_candidates, migration 0011).
--
-- One interest at a time per recruiter and candidate (`recruiter_interests_active_key`); a
-- withdrawn one is kept, with when, and a new one may follow it. `event_id`: the event both
-- attend that the recruiter named, if any.
create table recruiter_interests (
    id uuid primary key default gen_random_uuid(),
    recruiter_id uuid not null references users (id),
    company_id uuid not null references companies (id),
    candidate_id uuid not null references candidates (id),
    event_id uuid references events (id),
    created_at timestamptz not null,
    withdrawn_at timestamptz,
    constraint recruiter_interests_withdrawn_check check (
        withdrawn_at is null or withdrawn_at >= created_at
    )
);
create unique index recruiter_interests_active_key
    on recruiter_interests (recruiter_id, candidate_id) where withdrawn_at is null;
-- A candidate's interests, newest first (the back office's candidate page).
create index recruiter_interests_candidate_idx on recruiter_interests (candidate_id, created_at);

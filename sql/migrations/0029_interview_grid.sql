-- The interview grid of a job dating, or of an e-forum's recruitment track: who meets whom, at
-- which table, in which slot. The organiser states each side's frame (tables, needs, hours) and
-- wishes; the solver (events/interview_grid) writes a plan; the plan's interviews are what the
-- candidates, the recruiters and the organiser see once the plan is sent.

-- Per event: how many interviews every present candidate should get at least (k), and the
-- breaks, as [{"starts_at": ..., "ends_at": ...}] in UTC ISO 8601, during which no slot starts.
create table interview_grid_settings (
    event_id uuid primary key references events (id),
    min_interviews integer not null default 2,
    breaks jsonb not null default '[]',
    updated_by uuid references users (id),
    updated_at timestamptz not null default now(),
    constraint interview_grid_settings_k_check check (min_interviews between 0 and 50),
    constraint interview_grid_settings_breaks_check check (jsonb_typeof(breaks) = 'array')
);

-- A company's side of the grid: its tables (one recruiter each), the hours it is there (null:
-- the whole event), what it looks for — occupations, skills with a minimum level (1 to 4, as
-- [{"skill": code, "min_level": n}]) and how many people it would hire — and, for online
-- interviews, one meeting-room link per table (video_urls[n] is table n's).
create table interview_companies (
    event_id uuid not null references events (id),
    company_id uuid not null references companies (id),
    tables integer not null default 1,
    arrives_at timestamptz,
    leaves_at timestamptz,
    occupations text [] not null default '{}',
    skills_wanted jsonb not null default '[]',
    hires integer not null default 1,
    video_urls text [] not null default '{}',
    updated_by uuid references users (id),
    updated_at timestamptz not null default now(),
    primary key (event_id, company_id),
    constraint interview_companies_tables_check check (tables between 1 and 50),
    constraint interview_companies_hires_check check (hires between 0 and 1000),
    constraint interview_companies_hours_check check (
        arrives_at is null or leaves_at is null or leaves_at > arrives_at
    ),
    constraint interview_companies_skills_check check (jsonb_typeof(skills_wanted) = 'array'),
    constraint interview_companies_video_check check (cardinality(video_urls) <= tables)
);

-- A candidate's side: the hours they can be there (childcare, transport; null: the whole
-- event) and the sectors they wish (empty: those of their CV, if any).
create table interview_candidates (
    event_id uuid not null references events (id),
    candidate_id uuid not null references candidates (id),
    arrives_at timestamptz,
    leaves_at timestamptz,
    sectors text [] not null default '{}',
    updated_by uuid references users (id),
    updated_at timestamptz not null default now(),
    primary key (event_id, candidate_id),
    constraint interview_candidates_hours_check check (
        arrives_at is null or leaves_at is null or leaves_at > arrives_at
    )
);

-- "Must meet" / "prefer not", said by the candidate, the company, or the organiser for them;
-- `source` says whether it was stated or follows a mutual interest (an anonymous session's
-- recruiter and candidate both said yes: they are offered a slot at the following job dating).
-- A "prefer not" is never scheduled; a "must meet" is scheduled when it can be.
create table interview_wishes (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references events (id),
    candidate_id uuid not null references candidates (id),
    company_id uuid not null references companies (id),
    wish text not null,
    said_by text not null,
    source text not null default 'stated',
    recorded_by uuid references users (id),
    created_at timestamptz not null default now(),
    constraint interview_wishes_wish_check check (wish in ('must_meet', 'prefer_not')),
    constraint interview_wishes_said_by_check check (
        said_by in ('candidate', 'company', 'organiser')
    ),
    constraint interview_wishes_source_check check (source in ('stated', 'mutual_interest')),
    constraint interview_wishes_key unique (event_id, candidate_id, company_id, said_by)
);
create index interview_wishes_candidate_idx on interview_wishes (candidate_id);

-- Each solve or re-plan: what the solver proved (status, objective, best bound, relative gap,
-- time), until when interviews were kept as they were (a re-plan keeps what has started and the
-- next slot), why k could not be met for everyone (a list of reasons, each a code and its
-- figures), and when the plan was sent to the people in it.
create table interview_plans (
    id bigint generated always as identity primary key,
    event_id uuid not null references events (id),
    solved_at timestamptz not null,
    solved_by uuid references users (id),
    status text not null,
    objective bigint not null,
    bound bigint not null,
    gap double precision not null,
    seconds double precision not null,
    kept_until timestamptz,
    explanation jsonb not null default '[]',
    sent_at timestamptz,
    sent_by uuid references users (id),
    constraint interview_plans_status_check check (status in ('optimal', 'feasible', 'infeasible'))
);
create index interview_plans_event_idx on interview_plans (event_id, id);

-- The interviews of an event's current plan. A re-plan replaces the planned rows that start
-- after its `kept_until` and keeps the others (their plan_id stays the plan that made them).
-- Table numbers run from 1 to the company's `tables`. The three keys are the grid's hard rules:
-- a table holds one interview at a time, a candidate is in one place at a time, and a candidate
-- meets a company once.
create table interviews (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references events (id),
    plan_id bigint not null references interview_plans (id),
    slot integer not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    company_id uuid not null references companies (id),
    table_no integer not null,
    candidate_id uuid not null references candidates (id),
    constraint interviews_time_check check (ends_at > starts_at),
    constraint interviews_table_check check (table_no >= 1),
    constraint interviews_table_key unique (event_id, company_id, table_no, starts_at),
    constraint interviews_candidate_key unique (event_id, candidate_id, starts_at),
    constraint interviews_pair_key unique (event_id, candidate_id, company_id)
);
create index interviews_candidate_idx on interviews (candidate_id, starts_at);
create index interviews_company_idx on interviews (company_id, event_id, starts_at);

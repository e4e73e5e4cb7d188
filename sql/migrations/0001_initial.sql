-- Foundation: organisations, companies, accounts, candidates (with their private data apart),
-- events of the four formats, and the audit log.

create table organisations (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    created_at timestamptz not null default now(),
    constraint organisations_name_key unique (name)
);

create table companies (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    sector text not null,
    city text not null,
    postcode text not null,
    siret text,
    contact_name text not null,
    contact_email text,
    contact_phone text,
    created_by_organisation_id uuid references organisations (id),
    created_at timestamptz not null default now(),
    constraint companies_siret_format check (siret is null or siret ~ '^[0-9]{14}$')
);

create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null,
    name text not null,
    role text not null,
    organisation_id uuid references organisations (id),
    company_id uuid references companies (id),
    password_hash text not null,
    created_at timestamptz not null default now(),
    constraint users_role_check check (role in ('admin', 'organiser', 'coach', 'recruiter')),
    constraint users_role_scope check (
        (role = 'admin' and organisation_id is null and company_id is null)
        or (role in ('organiser', 'coach') and organisation_id is not null and company_id is null)
        or (role = 'recruiter' and company_id is not null and organisation_id is null)
    )
);
create unique index users_email_key on users (lower(email));

-- Failed log-ins, kept to slow down guessing; no link to users so that they say nothing
-- about which addresses exist.
create table login_failures (
    email text not null,
    failed_at timestamptz not null default now()
);
create index login_failures_email_idx on login_failures (lower(email), failed_at);

create table candidates (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id),
    first_name text not null,
    last_name text not null,
    email text,
    phone text,
    city text,
    postcode text,
    created_by uuid references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index candidates_organisation_idx on candidates (organisation_id, last_name, id);

-- Social situation (status, benefits, barriers): organisers and coaches of the candidate's
-- organisation only. Kept in its own table so that no recruiter query can select it by mistake.
create table candidate_private (
    candidate_id uuid primary key references candidates (id) on delete cascade,
    data jsonb not null,
    updated_by uuid references users (id),
    updated_at timestamptz not null default now()
);

create table events (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id),
    kind text not null,
    title text not null,
    description text,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    timezone text not null,
    venue jsonb,
    postcode text generated always as (venue ->> 'postcode') stored,
    online_url text,
    capacity_candidates integer not null,
    capacity_companies integer not null,
    sectors text [] not null default '{}',
    details jsonb not null,
    status text not null default 'draft',
    -- Raised whenever time, place or online link change: calendar invites follow it.
    sequence integer not null default 0,
    created_by uuid references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint events_kind_check check (
        kind in ('sport_session', 'food_festival', 'e_forum', 'job_dating')
    ),
    constraint events_status_check check (
        status in ('draft', 'published', 'completed', 'cancelled')
    ),
    constraint events_time_order check (ends_at > starts_at),
    constraint events_capacity_check check (capacity_candidates >= 0 and capacity_companies >= 0),
    constraint events_place_check check (venue is not null or online_url is not null)
);
create index events_starts_at_idx on events (starts_at, id);
create index events_organisation_idx on events (organisation_id, starts_at, id);

-- Every state change: who did it, when, what, and on whose behalf.
create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    actor_id uuid,
    actor_role text,
    on_behalf_of uuid,
    action text not null,
    subject_type text not null,
    subject_id uuid,
    data jsonb not null default '{}'
);
create index audit_log_subject_idx on audit_log (subject_type, subject_id, at);

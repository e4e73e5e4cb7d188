-- Erasure on request and retention (issue 12 §4, §5): events/erasure/ and events/retention/.

-- An erased candidate stays as a tombstone: the same id (a random UUID says nothing about
-- anyone), every personal column emptied, and the time of the erasure. Registrations,
-- observations' levels and outcomes keep pointing at it, so that counts stay.
alter table candidates add column erased_at timestamptz;

-- One row per erasure: when, by whom, and the category of the reason. Nothing about the person.
create table erasures (
    candidate_id uuid primary key references candidates (id),
    organisation_id uuid not null references organisations (id),
    reason text not null,
    erased_by uuid references users (id),
    erased_at timestamptz not null,
    constraint erasures_reason_check check (reason in (
        'candidate_request', 'consent_withdrawn', 'objection', 'unlawful', 'other'
    ))
);
create index erasures_organisation_idx on erasures (organisation_id, erased_at);

-- How long an organisation keeps each kind of data, in months after the person's last event
-- (audit rows: after they were written). No row: the defaults, 12, 24 and 60 months
-- (``retention_policy``).
create table retention_settings (
    organisation_id uuid primary key references organisations (id),
    private_months integer not null,
    observations_months integer not null,
    audit_months integer not null,
    updated_by uuid references users (id),
    updated_at timestamptz not null,
    constraint retention_settings_private_check check (private_months between 1 and 120),
    constraint retention_settings_observations_check check (observations_months between 1 and 120),
    constraint retention_settings_audit_check check (audit_months between 12 and 240)
);

-- The one place that says an organisation's retention periods, defaults included.
create view retention_policy as
select o.id as organisation_id,
    coalesce(s.private_months, 12) as private_months,
    coalesce(s.observations_months, 24) as observations_months,
    coalesce(s.audit_months, 60) as audit_months
from organisations o
left join retention_settings s on s.organisation_id = o.id;

-- A coach (or, for a person without one, the organisers) was told that a kind of data of a
-- candidate is due to go at `due_at`. Data is removed only once a warning for that same due
-- date is 30 days old: a due date that moves (a new event, a changed period) needs a new one.
create table retention_warnings (
    candidate_id uuid not null references candidates (id),
    scope text not null,
    due_at timestamptz not null,
    warned_at timestamptz not null,
    primary key (candidate_id, scope, due_at),
    constraint retention_warnings_scope_check check (scope in ('private', 'observations'))
);

-- Each real run and what it did (candidate ids and counts, never data). A daily run holds its
-- day: several workers may try, one does it (`retention_runs_daily_key`).
create table retention_runs (
    id uuid primary key default gen_random_uuid(),
    trigger text not null,
    day date not null,
    started_at timestamptz not null,
    report jsonb not null default '{}',
    constraint retention_runs_trigger_check check (trigger in ('daily', 'command'))
);
create unique index retention_runs_daily_key on retention_runs (day) where trigger = 'daily';
create index retention_runs_started_idx on retention_runs (started_at);

-- The retention warning mail, to a coach about a person they follow (through the outbox, like
-- every mail). The kinds the earlier migrations allow are kept as they are.
do $$
declare
    kinds text;
begin
    select pg_get_constraintdef(oid) into kinds
    from pg_constraint
    where conrelid = 'outbox'::regclass and conname = 'outbox_kind_check';
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
        || regexp_replace(kinds, '\]\)', ', ''retention_warning''::text])');
end;
$$;

-- Everyone's interview schedule (events/interview_grid/schedules.py): once the organiser sends
-- a plan, each candidate and each company with interviews in it is told them (mail, SMS), sees
-- them on their ticket or event page, and recruiters get a calendar entry per interview.

-- What was sent, interview by interview: the event's interviews as they stood when each plan
-- was sent. A later send is compared with the one before to tell only the people whose
-- interviews changed; `sequence` is the calendar entry's SEQUENCE for that meeting of a
-- candidate and a company (one per pair, interviews_pair_key), raised each time a send moves it
-- (another time, another table).
create table interviews_sent (
    event_id uuid not null references events (id),
    plan_id bigint not null references interview_plans (id),
    company_id uuid not null references companies (id),
    candidate_id uuid not null references candidates (id),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    table_no integer not null,
    sequence integer not null default 0,
    sent_at timestamptz not null,
    primary key (plan_id, company_id, candidate_id),
    constraint interviews_sent_sequence_check check (sequence >= 0)
);
create index interviews_sent_pair_idx on interviews_sent (event_id, company_id, candidate_id);
create index interviews_sent_candidate_idx on interviews_sent (candidate_id);

-- The schedule's mail and SMS. The kinds the earlier migrations allow are kept as they are.
do $$
declare
    kinds text;
begin
    select pg_get_constraintdef(oid) into kinds
    from pg_constraint
    where conrelid = 'outbox'::regclass and conname = 'outbox_kind_check';
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
        || regexp_replace(kinds, '\]\)', ', ''interview_schedule''::text])');
end;
$$;

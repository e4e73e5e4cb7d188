-- An e-forum's workshops get one owner: this table. Until now they lived as JSON in
-- events.details (title, start, end), with no capacity and no sign-ups; they are moved here and
-- taken out of details. The API still takes and gives them in an e-forum's details
-- (events/workshops/store.py reads and writes them here).

-- A workshop: its time within the event, how many people it takes, and where: a room of the
-- venue (`place`) or a meeting link (`online_url`), or both for a hybrid forum. A workshop called
-- off once people had signed up is kept, cancelled, so that they can be told and the record
-- stays; one without sign-ups is deleted.
create table workshops (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references events (id),
    title text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    capacity integer not null,
    place text,
    online_url text,
    created_by uuid references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    cancelled_at timestamptz,
    constraint workshops_time_check check (ends_at > starts_at),
    constraint workshops_capacity_check check (capacity between 0 and 100000)
);
create index workshops_event_idx on workshops (event_id, starts_at);

-- Who takes part in which workshop: a candidate with a confirmed place at the event, signed up
-- by themselves (from their ticket: `signed_up_by` is null) or by a coach or organiser on their
-- behalf (`signed_up_by`). The rules (capacity, no overlap) are held under the workshop's and
-- the registration's row locks (events/workshops/signups.py).
create table workshop_signups (
    workshop_id uuid not null references workshops (id) on delete cascade,
    candidate_id uuid not null references candidates (id),
    registration_id uuid not null references registrations (id),
    signed_up_by uuid references users (id),
    created_at timestamptz not null default now(),
    primary key (workshop_id, candidate_id)
);
create index workshop_signups_candidate_idx on workshop_signups (candidate_id);
create index workshop_signups_registration_idx on workshop_signups (registration_id);

-- How long before a workshop or an online interview its people get a reminder (0: none).
alter table events add column session_reminder_minutes integer not null default 60
    constraint events_session_reminder_minutes_check check (
        session_reminder_minutes between 0 and 1440
    );

-- The reminders before a workshop or an online interview, and the word that a workshop was
-- called off, name what they are about (the interview's row may be replaced by a re-plan: its
-- reminder then has nothing left to remind, and is skipped).
alter table outbox add column workshop_id uuid references workshops (id) on delete set null;
alter table outbox add column interview_id uuid references interviews (id) on delete set null;
create index outbox_workshop_idx on outbox (workshop_id) where workshop_id is not null;
create index outbox_interview_idx on outbox (interview_id) where interview_id is not null;

do $$
declare
    kinds text;
begin
    select pg_get_constraintdef(oid) into kinds
    from pg_constraint
    where conrelid = 'outbox'::regclass and conname = 'outbox_kind_check';
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
        || regexp_replace(
            kinds,
            '\]\)',
            ', ''workshop_reminder''::text, ''interview_reminder''::text, '
            || '''workshop_cancelled''::text])'
        );
end;
$$;

-- The workshops of details move here, each taking the event's number of candidate places.
insert into workshops (event_id, title, starts_at, ends_at, capacity, created_by, created_at)
select e.id, w ->> 'title', (w ->> 'starts_at')::timestamptz, (w ->> 'ends_at')::timestamptz,
    e.capacity_candidates, e.created_by, e.created_at
from events e
cross join lateral jsonb_array_elements(
    case when jsonb_typeof(e.details -> 'workshops') = 'array' then e.details -> 'workshops'
    else '[]'::jsonb end
) w
where e.kind = 'e_forum';

update events set details = details - 'workshops' where details ? 'workshops';

-- What followed a meeting for a participant (issue 12): each row one step, dated, with the
-- company where there is one. Several per person over time. A row may answer one of the
-- follow-ups due 1, 3, 6 and 12 months after the event ends (`follow_up_month`): the to-do list
-- shows a follow-up as due until a row answers it, and the funders' figures "at N months" read
-- those rows. `interest_id`: the recruiter's "I'd like to meet this person" it came from.
create table outcomes (
    id uuid primary key default gen_random_uuid(),
    candidate_id uuid not null references candidates (id),
    event_id uuid not null references events (id),
    kind text not null constraint outcomes_kind_check check (kind in (
        'interview', 'immersion', 'poe', 'work_study', 'fixed_term_short', 'fixed_term_long',
        'permanent', 'training', 'nothing_yet', 'lost_contact'
    )),
    happened_on date not null,
    company_id uuid references companies (id),
    note text constraint outcomes_note_check check (length(note) <= 2000),
    follow_up_month smallint constraint outcomes_follow_up_check check (
        follow_up_month in (1, 3, 6, 12)
    ),
    interest_id uuid references recruiter_interests (id),
    recorded_by uuid not null references users (id),
    recorded_at timestamptz not null
);
-- One answer per follow-up: a second one replaces the first (the domain updates it).
create unique index outcomes_follow_up_key on outcomes (event_id, candidate_id, follow_up_month)
    where follow_up_month is not null;
create index outcomes_candidate_idx on outcomes (candidate_id, happened_on);
-- The outcomes at one event (its "what happened next" page).
create index outcomes_event_idx on outcomes (event_id, candidate_id);
-- The outcome an interest led to (an interest followed up leaves the to-do list).
create index outcomes_interest_idx on outcomes (interest_id) where interest_id is not null;

-- When a follow-up falls due: the event's last day where it took place, plus 1, 3, 6 or 12
-- months (a month later than 31 January is the last day of February). The one definition the
-- to-do list, the reminder mail and the check of an answer read.
create function follow_up_due_on(ends_at timestamptz, timezone text, months integer)
returns date
language sql stable
as $$
    select ((ends_at at time zone timezone)::date + make_interval(months => months))::date
$$;

-- The organisers of an event are mailed when its follow-ups fall due: once per event, month
-- and organiser (events/outcomes/reminders.py).
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in (
    'registration_confirmed', 'registration_waitlisted', 'registration_promoted',
    'registration_cancelled', 'event_published', 'event_changed', 'event_cancelled', 'reminder',
    'ticket_resent', 'account_welcome', 'password_reset', 'follow_ups_due'
));

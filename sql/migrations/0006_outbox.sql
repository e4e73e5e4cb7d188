-- The outbox: every message a change causes (mail, SMS) is written here in the transaction of
-- that change, and delivered after commit by a worker. Reminders are written by the worker when
-- their time comes.

-- Hours before the start at which participants get a reminder.
alter table events add column reminder_hours_before integer not null default 24
    constraint events_reminder_hours_check check (reminder_hours_before between 0 and 720);

-- The language a candidate reads their messages in.
alter table candidates add column language text not null default 'fr'
    constraint candidates_language_check check (language in ('fr', 'en'));

create table outbox (
    id uuid primary key default gen_random_uuid(),
    -- What makes a message the same message: a cause written twice (a replayed change, two
    -- reminder scans at once) lands on this key and is written once.
    dedup_key text not null,
    organisation_id uuid not null references organisations (id),
    event_id uuid not null references events (id),
    registration_id uuid not null references registrations (id),
    kind text not null,
    -- The event's sequence when the message was caused.
    sequence integer not null,
    channel text not null,
    recipient text,
    language text not null default 'fr',
    status text not null default 'pending',
    -- Why a message was not sent (skipped), in a word.
    reason text,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    constraint outbox_dedup_key unique (dedup_key),
    constraint outbox_kind_check check (kind in (
        'registration_confirmed', 'registration_waitlisted', 'registration_promoted',
        'registration_cancelled', 'event_changed', 'event_cancelled', 'reminder'
    )),
    constraint outbox_channel_check check (channel in ('email', 'sms', 'none')),
    constraint outbox_status_check check (status in ('pending', 'sent', 'skipped', 'dead')),
    constraint outbox_recipient_check check ((channel = 'none') = (recipient is null)),
    constraint outbox_skipped_reason_check check (status <> 'skipped' or reason is not null)
);
-- What the workers look for: due messages, oldest first.
create index outbox_due_idx on outbox (next_attempt_at, id) where status = 'pending';
create index outbox_organisation_idx on outbox (organisation_id, status, created_at, id);
create index outbox_registration_idx on outbox (registration_id);

-- Where each registration's messages go: one row per channel it can be reached on, or one
-- 'none' row when it has neither an e-mail nor a phone, so that the outbox says why nothing
-- was sent. A company is reached through its contact.
create view outbox_contacts as
select r.id as registration_id, ch.channel, ch.recipient, coalesce(c.language, 'fr') as language
from registrations r
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
cross join lateral (
    select nullif(btrim(coalesce(c.email, co.contact_email)), '') as email,
        nullif(btrim(coalesce(c.phone, co.contact_phone)), '') as phone
) contact
cross join lateral (
    select 'email' as channel, contact.email as recipient where contact.email is not null
    union all
    select 'sms', contact.phone where contact.phone is not null
    union all
    select 'none', null where contact.email is null and contact.phone is null
) ch;

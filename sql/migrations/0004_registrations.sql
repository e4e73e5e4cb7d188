-- Registrations with capacity and waiting list, signed tickets, door scans, idempotent retries.

-- One Ed25519 key pair per event: tickets are signed with the private key, and door scanners
-- verify them offline with the public key.
create table event_keys (
    event_id uuid primary key references events (id),
    private_key bytea not null,
    public_key bytea not null,
    created_at timestamptz not null default now()
);

create table registrations (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references events (id),
    role text not null,
    candidate_id uuid references candidates (id),
    company_id uuid references companies (id),
    status text not null,
    -- Order on the waiting list: positions are the rank of this among the waitlisted.
    waitlist_seq bigint,
    registered_by uuid references users (id),
    created_at timestamptz not null default now(),
    confirmed_at timestamptz,
    cancelled_at timestamptz,
    cancelled_by uuid references users (id),
    checked_in_at timestamptz,
    checked_in_by uuid references users (id),
    constraint registrations_role_check check (role in ('candidate', 'company')),
    constraint registrations_status_check check (
        status in ('confirmed', 'waitlisted', 'cancelled', 'no_show')
    ),
    constraint registrations_party_check check (
        (role = 'candidate' and candidate_id is not null and company_id is null)
        or (role = 'company' and company_id is not null and candidate_id is null)
    ),
    constraint registrations_waitlist_check check ((status = 'waitlisted') = (waitlist_seq is not null)
        or status = 'cancelled'),
    constraint registrations_checkin_check check (checked_in_at is null or status = 'confirmed')
);
-- The same person or company once per event, cancelled registrations aside.
create unique index registrations_event_candidate_key on registrations (event_id, candidate_id)
    where candidate_id is not null and status <> 'cancelled';
create unique index registrations_event_company_key on registrations (event_id, company_id)
    where company_id is not null and status <> 'cancelled';
create index registrations_event_status_idx on registrations (event_id, role, status);
create index registrations_waitlist_idx on registrations (event_id, role, waitlist_seq)
    where status = 'waitlisted';
create index registrations_candidate_idx on registrations (candidate_id) where candidate_id is not null;

create sequence registrations_waitlist_seq;

-- A ticket: the signed token's id, its short code for typing at the door, and whether it was
-- revoked (registration cancelled, or ticket re-issued).
create table tickets (
    id uuid primary key,
    registration_id uuid not null references registrations (id),
    event_id uuid not null references events (id),
    serial integer not null,
    token text not null,
    short_code text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    constraint tickets_token_key unique (token),
    constraint tickets_event_short_code_key unique (event_id, short_code),
    constraint tickets_registration_serial_key unique (registration_id, serial)
);
create unique index tickets_live_per_registration on tickets (registration_id)
    where revoked_at is null;
create index tickets_event_revoked_idx on tickets (event_id, revoked_at) where revoked_at is not null;

-- Every scan at the door, refused ones included, with the scanner and the reason.
create table scans (
    id bigint generated always as identity primary key,
    event_id uuid not null references events (id),
    ticket_id uuid references tickets (id),
    registration_id uuid references registrations (id),
    result text not null,
    scanned_by uuid references users (id),
    scanned_at timestamptz not null,
    received_at timestamptz not null default now(),
    nonce text,
    offline boolean not null default false,
    constraint scans_result_check check (result in (
        'checked_in', 'already_checked_in', 'wrong_event', 'registration_cancelled',
        'not_confirmed', 'invalid_ticket', 'ticket_revoked', 'annulled'
    ))
);
-- A retried or offline-uploaded scan carries the same nonce and is answered like the first.
create unique index scans_event_nonce_key on scans (event_id, nonce) where nonce is not null;
create index scans_event_idx on scans (event_id, scanned_at);

-- Replies to requests sent with an Idempotency-Key, so a retry gets the first answer.
create table idempotency_keys (
    actor_id uuid not null,
    key text not null,
    request_hash text not null,
    status_code integer,
    response jsonb,
    created_at timestamptz not null default now(),
    primary key (actor_id, key)
);

-- Accounts choose their own password: a welcome link when an account is opened without one, a
-- reset link when a password is forgotten (events/directory/passwords.py). Both are mailed
-- through the outbox, which until now carried only messages about an event.

-- One row per link. The link's secret is not stored: its token is the link's id and an HMAC of
-- that id and its purpose under the service's secret key, recomputed to check a token. A link
-- works once (used_at), until it expires, unless a newer link of its account replaced it
-- (revoked_at).
create table password_links (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    purpose text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    revoked_at timestamptz,
    -- Who had it sent: an organiser or admin; null when the account's owner asked for it.
    created_by uuid references users (id),
    constraint password_links_purpose_check check (purpose in ('welcome', 'reset')),
    constraint password_links_expiry_check check (expires_at > created_at)
);
-- An account's links still open (the next link replaces them), and its recent reset links
-- (a few mails an hour at most).
create index password_links_user_idx on password_links (user_id, created_at);

-- Reset requests by client address, kept a while to slow down whoever asks for many addresses.
-- No e-mail address here: what is kept says nothing about which addresses exist.
create table password_reset_requests (
    address text not null,
    requested_at timestamptz not null
);
create index password_reset_requests_address_idx
    on password_reset_requests (address, requested_at);

-- A message is now about an event (as every message before) or about an account: a user's link
-- to choose a password, with no event, no registration and perhaps no organisation (an admin's
-- or a recruiter's account). Rows written before all name an event and an organisation, and
-- keep the check. An account message's sequence is 0: it has no event to follow.
alter table outbox alter column organisation_id drop not null;
alter table outbox alter column event_id drop not null;
alter table outbox add column password_link_id uuid references password_links (id);
alter table outbox add constraint outbox_subject_check check (
    (
        password_link_id is null and event_id is not null and organisation_id is not null
        and kind not in ('account_welcome', 'password_reset')
    )
    or (
        password_link_id is not null and user_id is not null and event_id is null
        and registration_id is null and kind in ('account_welcome', 'password_reset')
    )
);
create index outbox_password_link_idx on outbox (password_link_id)
    where password_link_id is not null;

-- The companies an organisation works with: registered (and not cancelled) at one of its
-- events. Its organisers may open, list, deactivate and send links to the recruiter accounts of
-- those companies (events/directory/accounts.py); one definition for every query that asks.
create function company_works_with_organisation(company uuid, organisation uuid)
returns boolean
language sql stable
as $$
    select exists (
        select 1 from registrations r join events e on e.id = r.event_id
        where r.company_id = company and e.organisation_id = organisation
            and r.status <> 'cancelled'
    )
$$;

-- Log-in security: failed log-ins counted per client address as well as per account, accounts
-- that can be deactivated, and bearer tokens that can be revoked (events/directory/accounts.py).

-- The address a failed log-in came from: five failures per address and account, more per
-- account, more per address, in the window. Rows written before this have no address.
alter table login_failures add column address text not null default '';
create index login_failures_address_idx on login_failures (address, failed_at);

-- A deactivated account logs in no more, and every token it holds is refused at once.
alter table users add column deactivated_at timestamptz;

-- One row per log-in. Its bearer token names it (claim `jti`), and every authenticated request
-- looks it up by its primary key: a log-out, a deactivation or a password change ends the token
-- at once, in every process.
create table sessions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id, expires_at);

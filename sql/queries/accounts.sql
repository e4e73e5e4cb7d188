-- name: insert_user<!
insert into users (email, name, role, organisation_id, company_id, password_hash)
values (:email, :name, :role, :organisation_id, :company_id, :password_hash)
on conflict do nothing
returning id, email, name, role, organisation_id, company_id, deactivated_at;

-- name: get_user_for_login^
-- A deactivated account is looked up as an unknown address is: the same answer, at the same cost.
select id, email, name, role, organisation_id, company_id, deactivated_at, password_hash
from users
where lower(email) = lower(:email) and deactivated_at is null;

-- name: get_user^
select id, email, name, role, organisation_id, company_id, deactivated_at
from users
where id = :id;

-- name: set_password_hash!
update users set password_hash = :password_hash where id = :id;

-- name: lock_login_attempts!
-- Log-ins from one address, and log-ins to one account, take their turn here until their
-- transaction ends: the failures counted next cannot change under them. Always the address
-- first, then the account, so that two log-ins never wait for each other in a circle.
select
    pg_advisory_xact_lock(hashtextextended('login address ' || :address::text, 0)),
    pg_advisory_xact_lock(hashtextextended('login account ' || lower(:email::text), 0));

-- name: count_login_failures^
-- The failures of the window (and the oldest of each, for Retry-After): of this address and
-- account together, of the account from any address, of the address on any account.
select
    count(*) filter (where address = :address and lower(email) = lower(:email)) as pair,
    min(failed_at) filter (
        where address = :address and lower(email) = lower(:email)
    ) as pair_oldest,
    count(*) filter (where lower(email) = lower(:email)) as account,
    min(failed_at) filter (where lower(email) = lower(:email)) as account_oldest,
    count(*) filter (where address = :address) as per_address,
    min(failed_at) filter (where address = :address) as per_address_oldest
from login_failures
where failed_at > :since and (lower(email) = lower(:email) or address = :address);

-- name: insert_login_failure!
-- Written before the password is checked (it counts while the check runs), and deleted again
-- when the password was right.
insert into login_failures (email, address, failed_at) values (:email, :address, :failed_at);

-- name: delete_login_failures!
-- A good password clears the failures of its own address on its account; the failures from
-- other addresses keep counting against the account.
delete from login_failures where lower(email) = lower(:email) and address = :address;

-- name: insert_session$
-- Only for an account still active, and holding it (FOR SHARE) until the log-in commits: a
-- deactivation running at the same time either waits for this session and revokes it, or
-- commits first and this log-in gets no session.
insert into sessions (user_id, created_at, expires_at)
select id, :now::timestamptz, :expires_at::timestamptz
from users
where id = :user_id and deactivated_at is null
for share
returning id;

-- name: delete_expired_sessions!
delete from sessions where user_id = :user_id and expires_at <= :now;

-- name: check_session_active$
-- Asked by every authenticated request, inside its transaction: one primary-key lookup.
select exists (
    select 1 from sessions
    where id = :id and user_id = :user_id and revoked_at is null and expires_at > :now
);

-- name: revoke_session!
update sessions set revoked_at = :now where id = :id and revoked_at is null;

-- name: revoke_user_sessions!
update sessions set revoked_at = :now
where user_id = :user_id and revoked_at is null and expires_at > :now;

-- name: update_user_deactivated<!
-- Only an active account: deactivating one twice changes nothing the second time.
update users set deactivated_at = :now
where id = :id and deactivated_at is null
returning id, email, name, role, organisation_id, company_id, deactivated_at;

-- name: check_organisation_exists$
select exists (select 1 from organisations where id = :id);

-- name: check_company_exists$
select exists (select 1 from companies where id = :id);

-- name: check_company_works_with_organisation$
-- A company an organisation works with: registered (and not cancelled) at one of its events.
-- Its organisers may then open recruiter accounts for it; other organisations may not.
select company_works_with_organisation(:company_id, :organisation_id);

-- name: list_users
-- The cursor holds only the last id shown, so that no address travels in a URL. An
-- organisation's list holds its own accounts and the recruiters of the companies it works with;
-- each with its company's name and its last log-in (its newest session).
select u.id, u.email, u.name, u.role, u.organisation_id, u.company_id, u.deactivated_at,
    co.name as company_name,
    (select max(s.created_at) from sessions s where s.user_id = u.id) as last_login_at
from users u
left join companies co on co.id = u.company_id
where (
        :organisation_id::uuid is null
        or u.organisation_id = :organisation_id
        or (
            u.role = 'recruiter'
            and company_works_with_organisation(u.company_id, :organisation_id)
        )
    )
    and (:role::text is null or u.role = :role)
    and (
        :after_id::uuid is null
        or (lower(u.email), u.id) > (
            select lower(a.email), a.id from users a where a.id = :after_id
        )
    )
order by lower(u.email), u.id
limit :limit;

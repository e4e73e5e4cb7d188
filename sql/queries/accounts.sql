-- name: insert_user<!
insert into users (email, name, role, organisation_id, company_id, password_hash)
values (:email, :name, :role, :organisation_id, :company_id, :password_hash)
on conflict do nothing
returning id, email, name, role, organisation_id, company_id;

-- name: get_user_for_login^
select id, email, name, role, organisation_id, company_id, password_hash
from users
where lower(email) = lower(:email);

-- name: get_user^
select id, email, name, role, organisation_id, company_id
from users
where id = :id;

-- name: set_password_hash!
update users set password_hash = :password_hash where id = :id;

-- name: count_recent_login_failures$
select count(*) from login_failures
where lower(email) = lower(:email) and failed_at > :since;

-- name: get_oldest_recent_login_failure$
select min(failed_at) from login_failures
where lower(email) = lower(:email) and failed_at > :since;

-- name: insert_login_failure!
insert into login_failures (email, failed_at) values (:email, :failed_at);

-- name: delete_login_failures!
delete from login_failures where lower(email) = lower(:email);

-- name: check_organisation_exists$
select exists (select 1 from organisations where id = :id);

-- name: check_company_exists$
select exists (select 1 from companies where id = :id);

-- name: list_users
-- The cursor holds only the last id shown, so that no address travels in a URL.
select id, email, name, role, organisation_id, company_id
from users
where (:organisation_id::uuid is null or organisation_id = :organisation_id)
    and (:role::text is null or role = :role)
    and (
        :after_id::uuid is null
        or (lower(email), id) > (select lower(a.email), a.id from users a where a.id = :after_id)
    )
order by lower(email), id
limit :limit;

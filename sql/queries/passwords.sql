-- Links to choose a password (events/directory/passwords.py): issued, checked, used once; and
-- the reset requests counted per client address.

-- name: lock_password_links!
-- Links of one account are made one at a time: the next one sees (and revokes) the last.
select pg_advisory_xact_lock(hashtextextended('password links ' || lower(:email::text), 0));

-- name: lock_password_reset!
-- Reset requests from one address take their turn, then the account's links (as above):
-- always the address first, so that two requests never wait for each other in a circle.
select
    pg_advisory_xact_lock(hashtextextended('password reset ' || :address::text, 0)),
    pg_advisory_xact_lock(hashtextextended('password links ' || lower(:email::text), 0));

-- name: count_password_reset_requests^
select count(*) as requests, min(requested_at) as oldest
from password_reset_requests
where address = :address and requested_at > :since;

-- name: insert_password_reset_request!
-- Counted whatever the address asked for; the address's requests older than the window go.
with gone as (
    delete from password_reset_requests where address = :address and requested_at <= :since
)
insert into password_reset_requests (address, requested_at) values (:address, :now);

-- name: insert_password_link^
-- A new link for an active account, found by id or by address (in any case), and its mail in
-- the outbox, in one statement: the same work whether the address is an account's or not.
-- The account's links still open are revoked: only the newest works. With :max_recent, no link
-- when the account was sent that many reset links since :since (a mailbox is not flooded).
-- The mail goes to the account's organisation, else to that of whoever had it sent, so that its
-- organisers see it in their outbox; an admin's or a recruiter's own request is for admins.
with target as (
    select u.id
    from users u
    where (u.id = :user_id::uuid or lower(u.email) = lower(:email::text))
        and u.deactivated_at is null
        and (
            :max_recent::int is null
            or (
                select count(*) from password_links p
                where p.user_id = u.id and p.purpose = 'reset'
                    and p.created_at > :since::timestamptz
            ) < :max_recent
        )
), revoked as (
    update password_links l set revoked_at = :now
    from target
    where l.user_id = target.id and l.used_at is null and l.revoked_at is null
), link as (
    insert into password_links (user_id, purpose, created_at, expires_at, created_by)
    select id, :purpose, :now, :expires_at, :created_by::uuid from target
    returning id, user_id
), mail as (
    insert into outbox (
        dedup_key, organisation_id, user_id, password_link_id, kind, sequence, channel,
        recipient, language
    )
    select concat_ws(':', :kind::text, 'link', link.id),
        coalesce(
            u.organisation_id,
            (select c.organisation_id from users c where c.id = :created_by::uuid)
        ),
        link.user_id, link.id, :kind, 0, 'email', u.email, 'fr'
    from link join users u on u.id = link.user_id
)
select id, user_id from link;

-- name: get_password_link^
-- A link that still works: not used, not replaced, not expired, its account active.
select l.id, l.user_id, l.purpose, l.expires_at, u.email, u.name
from password_links l
join users u on u.id = l.user_id
where l.id = :id and l.purpose = :purpose and l.used_at is null and l.revoked_at is null
    and l.expires_at > :now and u.deactivated_at is null;

-- name: mark_password_link_used^
-- Once: of two uses at the same time, the second waits for the first and then finds it used.
update password_links l set used_at = :now
from users u
where l.id = :id and l.purpose = :purpose and l.used_at is null and l.revoked_at is null
    and l.expires_at > :now and u.id = l.user_id and u.deactivated_at is null
returning l.user_id, u.email;

-- name: delete_account_login_failures!
-- A password chosen through a link starts its account's log-ins afresh.
delete from login_failures where lower(email) = lower(:email);

-- name: get_password_link_message_context^
-- What the mail of a link says, written at delivery: the account, the link as it is now, and
-- the organisation or company the account is for.
select l.id as link_id, l.purpose, l.created_at, l.expires_at, l.used_at, l.revoked_at,
    u.name, u.email, u.deactivated_at, o.name as organisation_name, co.name as company_name
from password_links l
join users u on u.id = l.user_id
left join organisations o on o.id = u.organisation_id
left join companies co on co.id = u.company_id
where l.id = :id;

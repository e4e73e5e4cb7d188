-- Idempotency keys: a retried request gets the first answer, never a second effect. The rule
-- is events/idempotency.py, for registrations and observations alike.

-- name: claim_idempotency_key<!
insert into idempotency_keys (actor_id, key, request_hash)
values (:actor_id, :key, :request_hash)
on conflict do nothing
returning actor_id;

-- name: get_idempotency_key^
select request_hash, status_code, response from idempotency_keys
where actor_id = :actor_id and key = :key;

-- name: store_idempotent_response!
update idempotency_keys set status_code = :status_code, response = :response
where actor_id = :actor_id and key = :key;

-- The one ``events serve`` process (of all, on every machine) that runs the in-service outbox
-- worker: whoever holds this session-level advisory lock ("REND"), on a connection of its own.
-- PostgreSQL frees it when that connection ends, however the process ended; another takes it.

-- name: lock_delivery_leader$
select pg_try_advisory_lock(1380273732);

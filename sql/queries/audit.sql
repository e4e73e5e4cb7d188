-- name: insert_audit!
-- The one writer of audit_log (events.audit): one row per subject, all of one action by one
-- actor, in one statement; `data` holds each row's own facts, in the subjects' order.
insert into audit_log (actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, data)
select :actor_id, :actor_role, :on_behalf_of, :action, :subject_type, entry.subject_id, entry.data
from unnest(:subject_ids::uuid [], :data::jsonb []) as entry (subject_id, data);

-- name: ping$
select 1;

-- name: insert_audit!
insert into audit_log (actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, data)
values (:actor_id, :actor_role, :on_behalf_of, :action, :subject_type, :subject_id, :data);

-- name: list_audit_for_subject
select id, at, actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, data
from audit_log
where subject_type = :subject_type and subject_id = :subject_id
order by id;

-- name: ping$
select 1;

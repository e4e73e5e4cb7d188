-- name: insert_audit!
insert into audit_log (actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, data)
values (:actor_id, :actor_role, :on_behalf_of, :action, :subject_type, :subject_id, :data);

-- name: ping$
select 1;

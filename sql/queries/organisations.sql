-- name: insert_organisation<!
-- Any unique name clash (exact or differing in case) leaves nothing inserted.
insert into organisations (name) values (:name)
on conflict do nothing
returning id, name, created_at;

-- name: get_organisation^
select id, name, created_at from organisations where id = :id;

-- name: list_organisations
select id, name, created_at from organisations
where (:only_id::uuid is null or id = :only_id)
    and (:after_name::text is null or (name, id) > (:after_name, :after_id::uuid))
order by name, id
limit :limit;

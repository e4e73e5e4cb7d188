-- name: insert_organisation<!
insert into organisations (name) values (:name)
on conflict on constraint organisations_name_key do nothing
returning id, name, created_at;

-- name: get_organisation^
select id, name, created_at from organisations where id = :id;

-- name: list_organisations
select id, name, created_at from organisations
where (:after_name::text is null or (name, id) > (:after_name, :after_id::uuid))
order by name, id
limit :limit;

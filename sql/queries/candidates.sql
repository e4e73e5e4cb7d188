-- name: insert_candidate$
-- Inserts nothing (and returns null) when the organisation does not exist.
insert into candidates (
    organisation_id, first_name, last_name, email, phone, city, postcode, language, search_name,
    created_by
)
select id, :first_name, :last_name, :email, :phone, :city, :postcode, :language, :search_name,
    :created_by
from organisations
where id = :organisation_id
returning id;

-- name: lock_candidate^
select id, organisation_id, first_name, last_name, email, phone, city, postcode, language,
    created_at, updated_at
from candidates
where id = :id
for update;

-- name: update_candidate!
update candidates
set first_name = :first_name, last_name = :last_name, email = :email, phone = :phone,
    city = :city, postcode = :postcode, language = :language, search_name = :search_name,
    updated_at = :now
where id = :id;

-- name: merge_candidate_private!
-- Keys given replace the stored ones, null removes a key: a partial update of the situation.
insert into candidate_private (candidate_id, data, updated_by, updated_at)
values (:candidate_id, jsonb_strip_nulls(:data::jsonb), :updated_by, :now)
on conflict (candidate_id) do update
set data = jsonb_strip_nulls(candidate_private.data || :data::jsonb),
    updated_by = excluded.updated_by,
    updated_at = :now;

-- name: delete_candidate_private!
delete from candidate_private where candidate_id = :candidate_id;

-- name: get_candidate_for_staff^
-- Staff only: the one query that reads the social situation beside the identity.
select c.id, c.organisation_id, c.first_name, c.last_name, c.email, c.phone, c.city, c.postcode,
    c.language, c.created_at, c.updated_at, p.data as private
from candidates c
left join candidate_private p on p.candidate_id = c.id
where c.id = :id;

-- name: list_candidates_for_staff
-- The cursor holds only the last id shown, so that no name travels in a URL.
select id, organisation_id, first_name, last_name, email, phone, city, postcode, language,
    created_at, updated_at
from candidates
where (:organisation_id::uuid is null or organisation_id = :organisation_id)
    and (:q::text is null or strpos(search_name, :q) > 0)
    and erased_at is null
    and (
        :after_id::uuid is null
        or (last_name, first_name, id)
        > (select a.last_name, a.first_name, a.id from candidates a where a.id = :after_id)
    )
order by last_name, first_name, id
limit :limit;

-- name: insert_company<!
-- A SIRET already known leaves nothing inserted; the caller then names the existing company.
insert into companies (
    name, sector, city, postcode, siret, contact_name, contact_email, contact_phone,
    created_by_organisation_id
)
values (
    :name, :sector, :city, :postcode, :siret, :contact_name, :contact_email, :contact_phone,
    :created_by_organisation_id
)
on conflict (siret) where siret is not null do nothing
returning id, name, sector, city, postcode, departement, siret, contact_name, contact_email,
    contact_phone, created_by_organisation_id, created_at;

-- name: get_company_id_by_siret$
select id from companies where siret = :siret;

-- name: get_company^
select id, name, sector, city, postcode, departement, siret, contact_name, contact_email,
    contact_phone, created_by_organisation_id, created_at
from companies
where id = :id;

-- name: list_companies
select id, name, sector, city, postcode, departement, siret, contact_name, contact_email,
    contact_phone, created_by_organisation_id, created_at
from companies
where (:sector::text is null or lower(sector) = lower(:sector))
    and (:postcode_prefix::text is null or starts_with(postcode, :postcode_prefix))
    and (:departement::text is null or departement = :departement)
    and (:q::text is null or strpos(lower(name), lower(:q)) > 0)
    and (:after_name::text is null or (name, id) > (:after_name, :after_id::uuid))
order by name, id
limit :limit;

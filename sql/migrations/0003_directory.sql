-- The directory over HTTP: organisations, companies, candidates and accounts found by name and
-- place.

-- "Mission Locale de Lyon" and "mission locale de lyon" are one organisation.
create unique index organisations_name_lower_key on organisations (lower(name));

-- A SIRET names one establishment: two organisations registering the same one should find it,
-- not create a twin.
create unique index companies_siret_key on companies (siret) where siret is not null;

-- The département a postcode belongs to, for territorial searches: two digits in mainland
-- France, 2A/2B in Corsica (postcodes 200xx-201xx are Corse-du-Sud), three digits overseas.
alter table companies add column departement text generated always as (
    case
        when postcode ~ '^2[AB]' then left(postcode, 2)
        when postcode ~ '^20' then case when postcode < '20200' then '2A' else '2B' end
        when postcode ~ '^9[78]' then left(postcode, 3)
        else left(postcode, 2)
    end
) stored;
create index companies_name_idx on companies (name, id);
create index companies_departement_idx on companies (departement, name, id);

-- Names folded for search (case, accents and punctuation removed, both name orders), written
-- by the code that writes the names: the embedded server has no unaccent extension.
alter table candidates add column search_name text not null default '';

create index users_organisation_idx on users (organisation_id, lower(email), id);

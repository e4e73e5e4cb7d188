-- Portable skills cards: the organisations' issuing keys and the credentials issued.

-- name: insert_issuing_key^
insert into organisation_issuing_keys (organisation_id, private_key, public_key, created_at)
values (:organisation_id, :private_key, :public_key, :now)
on conflict (organisation_id) do nothing
returning organisation_id, private_key, public_key;

-- name: lock_issuing_key^
-- The lock orders the organisation's issuing: each credential takes the next status index.
select organisation_id, private_key, public_key
from organisation_issuing_keys
where organisation_id = :organisation_id
for update;

-- name: get_issuing_key_by_public_key^
select organisation_id, private_key, public_key
from organisation_issuing_keys
where public_key = :public_key;

-- name: next_status_index$
select coalesce(max(status_index) + 1, 0) from issued_credentials
where organisation_id = :organisation_id;

-- name: list_revoked_status_indexes$
-- The bits set in an organisation's status list: credentials revoked by staff, replaced by a
-- newer review of the card, or whose holder was erased.
select coalesce(array_agg(i.status_index order by i.status_index), '{}')
from issued_credentials i
join candidates c on c.id = i.candidate_id
where i.organisation_id = :organisation_id
    and (
        i.revoked_at is not null
        or c.erased_at is not null
        or exists (
            select 1 from skills_card_reviews r
            where r.candidate_id = i.candidate_id and r.version > i.card_version
        )
    );

-- name: get_credential_status^
select i.id, i.candidate_id, i.revoked_at, c.erased_at is not null as erased,
    i.revoked_at is not null and i.revoked_by is null as replaced,
    exists (
        select 1 from skills_card_reviews r
        where r.candidate_id = i.candidate_id and r.version > i.card_version
    ) as superseded
from issued_credentials i
join candidates c on c.id = i.candidate_id
where i.id = :id;

-- name: revoke_issued_credential^
update issued_credentials
set revoked_at = :now, revoked_by = :revoked_by
where id = :id and revoked_at is null
returning id, revoked_at;

-- name: get_credential_holder^
-- The holder's name as the credential shows it, their language, and the issuer: the
-- organisation of whoever reviewed the card, or the candidate's own for an admin's review.
select c.first_name, c.last_name, c.language, c.credential_name as name_choice,
    o.id as organisation_id, o.name as organisation_name
from candidates c
join users u on u.id = :reviewed_by
join organisations o on o.id = coalesce(u.organisation_id, c.organisation_id)
where c.id = :candidate_id;

-- name: get_issued_credential_for_version^
-- The credential of a card version: the current one, else the last withdrawn by staff.
select id, candidate_id, card_version, credential, issued_at, name_choice,
    revoked_at is not null as revoked
from issued_credentials
where candidate_id = :candidate_id and card_version = :card_version
    and (revoked_at is null or revoked_by is not null)
order by revoked_at nulls first, issued_at desc
limit 1;

-- name: update_issued_credential_replaced!
-- The holder chose another name form: the credential is replaced (revoked, by no staff).
update issued_credentials set revoked_at = :now
where id = :id and revoked_at is null;

-- name: update_candidate_credential_name$
-- The holder's choice of name form; the choice before it.
with before as (
    select credential_name from candidates where id = :candidate_id for update
)
update candidates c set credential_name = :name_choice
from before
where c.id = :candidate_id
returning before.credential_name;

-- name: insert_issued_credential^
insert into issued_credentials (
    id, candidate_id, card_version, organisation_id, credential, issued_by, issued_at,
    status_index, name_choice
)
values (
    :id, :candidate_id, :card_version, :organisation_id, :credential, :issued_by, :issued_at,
    :status_index, :name_choice
)
on conflict (candidate_id, card_version) where revoked_at is null do nothing
returning id, candidate_id, card_version, credential, issued_at, name_choice, false as revoked;

-- name: get_issued_credential^
-- Gone with its holder's erasure.
select i.id, i.candidate_id, i.card_version, i.credential, i.issued_at, i.name_choice,
    i.revoked_at is not null as revoked
from issued_credentials i
join candidates c on c.id = i.candidate_id
where i.id = :id and c.erased_at is null;

-- name: get_organisation_name$
select name from organisations where id = :organisation_id;

-- name: update_credentials_for_erasure!
-- The holder is erased: what their credentials said (name, levels, activities) goes; the rows
-- stay, so that their bits stay set and verifiers see them revoked.
update issued_credentials
set credential = jsonb_build_object('id', credential -> 'id', 'erased', true)
where candidate_id = :candidate_id;

-- name: get_credential_name_choice^
-- The holder's names and their choice of how the credential shows them.
select first_name, last_name, credential_name as name_choice
from candidates where id = :candidate_id;

-- Portable skills cards (issue 15), second part.

-- How the holder's name appears on the credentials issued to them: first name and the last
-- name's initial (the default), the full name, or the first name only. Their choice, made on
-- their own page; a new choice reissues the credential of the last reviewed card.
alter table candidates
    add column credential_name text not null default 'initial',
    add constraint candidates_credential_name_check
        check (credential_name in ('initial', 'full', 'first'));

-- An issued credential outlives the reviewed card it was made from: erasing the person deletes
-- the reviews, while the credential's row stays, its JSON blanked, so that its bit in the status
-- list stays set and verifiers see it revoked.
alter table issued_credentials drop constraint issued_credentials_review_fkey;

-- A credential replaced by another for the same card version (the holder changed how their
-- name appears): the old one is revoked by the holder, and its bit is set.
alter table issued_credentials drop constraint issued_credentials_version_key;
create unique index issued_credentials_current_version_key
    on issued_credentials (candidate_id, card_version) where revoked_at is null;
alter table issued_credentials
    drop constraint issued_credentials_revoked_check,
    add constraint issued_credentials_revoked_check
        check (revoked_by is null or revoked_at is not null);

-- The holder gets their credential from their own page: issued by nobody on the staff
-- (`issued_by` null), and a credential they replace by choosing another name form is revoked
-- by nobody on the staff (`revoked_at` set, `revoked_by` null). `name_choice`: the name form
-- the credential was issued with.
alter table issued_credentials
    alter column issued_by drop not null,
    add column name_choice text not null default 'initial',
    add constraint issued_credentials_name_choice_check
        check (name_choice in ('initial', 'full', 'first'));

-- Portable skills cards (issue 15): Open Badges 3.0 AchievementCredentials, signed by the
-- organisation that reviewed the card with a Data Integrity proof (eddsa-rdfc-2022).

-- One Ed25519 key pair per organisation, made at its first credential. The public key is the
-- issuer's did:key; the private one never leaves the service.
create table organisation_issuing_keys (
    organisation_id uuid primary key references organisations (id),
    private_key bytea not null,
    public_key bytea not null,
    created_at timestamptz not null,
    constraint organisation_issuing_keys_length check (
        length(private_key) = 32 and length(public_key) = 32
    )
);

-- A credential as issued, exactly what the holder gets: one per reviewed card version (the
-- same version asked again gets the same credential). Its id is the one in its `id` URL.
-- `status_index`: its bit in the organisation's Bitstring Status List (131,072 bits, the
-- spec's 16 KB minimum), which is set while the credential is revoked: by staff
-- (`revoked_at`), by a newer review of the card, or by the holder's erasure.
create table issued_credentials (
    id uuid primary key,
    candidate_id uuid not null references candidates (id),
    card_version integer not null,
    organisation_id uuid not null references organisations (id),
    credential jsonb not null,
    issued_by uuid not null references users (id),
    issued_at timestamptz not null,
    status_index integer not null,
    revoked_at timestamptz,
    revoked_by uuid references users (id),
    constraint issued_credentials_version_key unique (candidate_id, card_version),
    constraint issued_credentials_status_index_key unique (organisation_id, status_index),
    constraint issued_credentials_status_index_range check (status_index between 0 and 131071),
    constraint issued_credentials_revoked_check check ((revoked_at is null) = (revoked_by is null)),
    constraint issued_credentials_review_fkey foreign key (candidate_id, card_version)
        references skills_card_reviews (candidate_id, version)
);

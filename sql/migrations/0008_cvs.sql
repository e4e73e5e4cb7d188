-- CVs: one current CV per candidate, either filled in on the uniform template (structured) or an
-- uploaded PDF kept in the database. A CV is never mandatory: most candidates have no row here.

create table cvs (
    candidate_id uuid primary key references candidates (id) on delete cascade,
    kind text not null,
    -- The uniform template, as the structured CV's input struct encodes it.
    structured jsonb,
    pdf bytea,
    pdf_sha256 text,
    pdf_pages integer,
    -- Wished sectors and postcode sit in columns for searches, whatever the kind of CV.
    sectors text [] not null default '{}',
    postcode text,
    -- Raised on every replacement, so that a cached cv.pdf can tell it is stale.
    version integer not null default 1,
    updated_by uuid references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint cvs_kind_check check (kind in ('structured', 'pdf')),
    constraint cvs_content_check check (
        (kind = 'structured' and structured is not null and pdf is null)
        or (
            kind = 'pdf' and structured is null and pdf is not null
            and pdf_sha256 ~ '^[0-9a-f]{64}$' and pdf_pages >= 1
        )
    ),
    -- The upload limit (5 MiB) is checked before storing; this is the backstop.
    constraint cvs_pdf_size_check check (pdf is null or octet_length(pdf) <= 5242880)
);
-- Big PDFs are already compressed: storing them as is spares PostgreSQL a useless pglz pass.
alter table cvs alter column pdf set storage external;
create index cvs_sectors_idx on cvs using gin (sectors);

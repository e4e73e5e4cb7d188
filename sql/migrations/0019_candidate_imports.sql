-- Candidates imported from a spreadsheet (events/directory/imports.py): the file as read
-- (events/directory/spreadsheets.py), what each column holds, then each row's outcome, a few
-- hundred rows per request, so that a long import shows its progress and no row is ever
-- imported twice (the batch row is locked while rows are taken, and a row taken is done).

create table candidate_imports (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id),
    created_by uuid references users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    filename text not null,
    -- The column titles, as the file wrote them: a JSON list of strings.
    header jsonb not null,
    total_rows int not null,
    -- One target per column ("first_name", "phone" …, null: ignored), set at the mapping step.
    mapping jsonb,
    -- What to do with a row whose person is already registered: leave them as they are, or
    -- fill their empty fields from the row.
    duplicates text not null default 'skip',
    -- The published event everyone imported is registered to, if one was chosen.
    event_id uuid references events (id),
    status text not null default 'uploaded',
    finished_at timestamptz,
    constraint candidate_imports_filename_check check (length(filename) between 1 and 255),
    constraint candidate_imports_header_check check (jsonb_typeof(header) = 'array'),
    constraint candidate_imports_mapping_check check (
        mapping is null
        or (jsonb_typeof(mapping) = 'array'
            and jsonb_array_length(mapping) = jsonb_array_length(header))
    ),
    constraint candidate_imports_total_check check (total_rows between 1 and 5000),
    constraint candidate_imports_duplicates_check check (duplicates in ('skip', 'merge')),
    constraint candidate_imports_status_check check (
        status in ('uploaded', 'mapped', 'running', 'done')
    ),
    constraint candidate_imports_mapped_check check (status = 'uploaded' or mapping is not null),
    constraint candidate_imports_finished_check check ((status = 'done') = (finished_at is not null))
);
create index candidate_imports_organisation_idx
    on candidate_imports (organisation_id, created_at desc);

-- One row of the file; outcome null while it waits to be imported.
create table candidate_import_rows (
    import_id uuid not null references candidate_imports (id) on delete cascade,
    -- Its place among the rows (1 for the first person), the order they are imported in.
    n int not null,
    -- The number the spreadsheet shows it under, for messages about it.
    line int not null,
    -- Its cells as text, one per column; once imported, the ignored columns' cells are blanked
    -- (a spreadsheet may hold what nobody asked to keep).
    cells jsonb not null,
    outcome text,
    -- The candidate it made (created), completed (merged) or found already there (skipped).
    candidate_id uuid references candidates (id) on delete set null,
    -- Why it was not imported: {"field", "column", "fr", "en"}.
    problem jsonb,
    -- The fields a merge filled in the existing candidate.
    filled text[],
    -- Candidates who look like this row without being the same person (another name, same
    -- phone or e-mail), told to the organiser: [{"candidate_id", "first_name", "last_name",
    -- "reasons"}].
    look_alikes jsonb,
    -- The registration to the chosen event: confirmed or waitlisted (in file order), already
    -- registered, or refused (the event closed meanwhile).
    registration text,
    done_at timestamptz,
    primary key (import_id, n),
    constraint candidate_import_rows_cells_check check (jsonb_typeof(cells) = 'array'),
    constraint candidate_import_rows_outcome_check check (
        outcome in ('created', 'merged', 'skipped', 'error')
    ),
    constraint candidate_import_rows_done_check check ((outcome is null) = (done_at is null)),
    constraint candidate_import_rows_problem_check check ((outcome = 'error') = (problem is not null)),
    constraint candidate_import_rows_registration_check check (
        registration in ('confirmed', 'waitlisted', 'already_registered', 'refused')
    )
);
-- The next rows to import: those not done, in file order.
create index candidate_import_rows_pending_idx
    on candidate_import_rows (import_id, n) where outcome is null;

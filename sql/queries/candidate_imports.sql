-- Candidates imported from a spreadsheet (``events.directory.imports``).

-- name: insert_candidate_import$
-- Inserts nothing (and returns null) when the organisation does not exist.
insert into candidate_imports (
    organisation_id, created_by, created_at, updated_at, filename, header, total_rows
)
select id, :created_by, :now, :now, :filename, :header::jsonb, :total_rows
from organisations
where id = :organisation_id
returning id;

-- name: insert_candidate_import_rows!
-- :rows is a JSON list of {"n", "line", "cells"}.
insert into candidate_import_rows (import_id, n, line, cells)
select :import_id, r.n, r.line, r.cells
from jsonb_to_recordset(:rows::jsonb) as r (n int, line int, cells jsonb);

-- name: get_candidate_import^
select id, organisation_id, created_by, created_at, filename, header, total_rows, mapping,
    duplicates, event_id, status, finished_at,
    (select count(*) from candidate_import_rows r
     where r.import_id = i.id and r.outcome is not null)::int as done_rows
from candidate_imports i
where id = :id;

-- name: lock_candidate_import^
-- Held until the end of the transaction that takes rows to import: a second request (another
-- tab, a form sent twice) waits, then finds those rows done.
select id, organisation_id, created_by, created_at, filename, header, total_rows, mapping,
    duplicates, event_id, status, finished_at,
    (select count(*) from candidate_import_rows r
     where r.import_id = i.id and r.outcome is not null)::int as done_rows
from candidate_imports i
where id = :id
for update;

-- name: list_candidate_imports
-- An organisation's latest imports (all organisations' for an admin: :organisation_id null).
select id, organisation_id, created_by, created_at, filename, header, total_rows, mapping,
    duplicates, event_id, status, finished_at,
    (select count(*) from candidate_import_rows r
     where r.import_id = i.id and r.outcome is not null)::int as done_rows
from candidate_imports i
where :organisation_id::uuid is null or organisation_id = :organisation_id
order by created_at desc, id
limit :limit;

-- name: list_candidate_import_rows
-- The rows in file order, from the :from_n-th on, at most :limit.
select n, line, cells
from candidate_import_rows
where import_id = :import_id and n >= :from_n
order by n
limit :limit;

-- name: set_candidate_import_mapping!
update candidate_imports
set mapping = :mapping::jsonb, duplicates = :duplicates, event_id = :event_id,
    status = 'mapped', updated_at = :now
where id = :id and status in ('uploaded', 'mapped');

-- name: set_candidate_import_status!
update candidate_imports
set status = :status, updated_at = :now,
    finished_at = case when :status::text = 'done' then :now::timestamptz end
where id = :id;

-- name: next_candidate_import_rows
-- The next rows not yet imported, in file order (the caller holds the batch's lock).
select n, line, cells
from candidate_import_rows
where import_id = :import_id and outcome is null
order by n
limit :limit;

-- name: mark_candidate_import_rows!
-- Each row's outcome, from a JSON list of {"n", "outcome", "candidate_id", "problem",
-- "filled", "look_alikes", "registration", "cells"}; a row already done is left as it was.
update candidate_import_rows r
set outcome = o.outcome, candidate_id = o.candidate_id, problem = o.problem,
    filled = o.filled, look_alikes = o.look_alikes, registration = o.registration, cells = o.cells,
    done_at = :now
from jsonb_to_recordset(:outcomes::jsonb) as o (
    n int, outcome text, candidate_id uuid, problem jsonb, filled text[], look_alikes jsonb,
    registration text, cells jsonb
)
where r.import_id = :import_id and r.n = o.n and r.outcome is null;

-- name: count_candidate_import_rows
-- How many rows ended each way, and how many were registered each way.
select outcome, registration, count(*)::int as rows
from candidate_import_rows
where import_id = :import_id and outcome is not null
group by outcome, registration;

-- name: list_candidate_import_results
-- Each row done, in file order, with the name of the candidate it is about.
select r.n, r.line, r.cells, r.outcome, r.candidate_id, r.problem, r.filled, r.look_alikes,
    r.registration, c.first_name as candidate_first_name, c.last_name as candidate_last_name
from candidate_import_rows r
left join candidates c on c.id = r.candidate_id
where r.import_id = :import_id and r.outcome is not null
order by r.n;

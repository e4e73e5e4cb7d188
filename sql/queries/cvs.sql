-- name: lock_candidate_for_cv^
-- Serialises CV changes for one candidate: two uploads at once end in a clear order.
select id, organisation_id
from candidates
where id = :candidate_id
for update;

-- name: upsert_structured_cv$
insert into cvs (candidate_id, kind, structured, sectors, postcode, updated_by, updated_at)
values (:candidate_id, 'structured', :structured::jsonb, :sectors, :postcode, :updated_by, :now)
on conflict (candidate_id) do update
set kind = 'structured', structured = excluded.structured, pdf = null, pdf_sha256 = null,
    pdf_pages = null, sectors = excluded.sectors, postcode = excluded.postcode,
    version = cvs.version + 1, updated_by = excluded.updated_by, updated_at = :now
returning version;

-- name: upsert_pdf_cv$
insert into cvs (
    candidate_id, kind, pdf, pdf_sha256, pdf_pages, sectors, postcode, updated_by, updated_at
)
values (
    :candidate_id, 'pdf', :pdf, :pdf_sha256, :pdf_pages, :sectors, :postcode, :updated_by, :now
)
on conflict (candidate_id) do update
set kind = 'pdf', structured = null, pdf = excluded.pdf, pdf_sha256 = excluded.pdf_sha256,
    pdf_pages = excluded.pdf_pages, sectors = excluded.sectors, postcode = excluded.postcode,
    version = cvs.version + 1, updated_by = excluded.updated_by, updated_at = :now
returning version;

-- name: delete_cv$
delete from cvs where candidate_id = :candidate_id returning version;

-- name: get_cv_for_candidate^
-- The candidate's names beside the CV's description; never the file itself nor `private`.
select c.id as candidate_id, c.organisation_id, c.first_name, c.last_name, v.kind,
    v.structured, v.pdf_pages, octet_length(v.pdf) as pdf_size, v.pdf_sha256, v.sectors,
    v.postcode, v.version, v.updated_at
from candidates c
left join cvs v on v.candidate_id = c.id
where c.id = :candidate_id;

-- name: get_cv_pdf_file$
select pdf from cvs where candidate_id = :candidate_id and kind = 'pdf';

-- name: get_cv_identity_for_recruiter^
-- The candidate as the company's recruiters may name and reach them, and the events they may
-- see named (recruiter_visible_candidates, migration 0011); nothing if they may not see them.
select seen.first_name, seen.last_name, seen.city, seen.postcode, seen.contact, seen.email,
    seen.phone, seen.shared_events
from recruiter_visible_candidates(:company_id) seen
where seen.id = :candidate_id;

-- Consent to recruiters: current state and its history.

-- name: set_consent<!
insert into consents (candidate_id, recruiters, contact, updated_at)
values (:candidate_id, :recruiters, :contact, :now)
on conflict (candidate_id) do update
set recruiters = excluded.recruiters, contact = excluded.contact, updated_at = excluded.updated_at
returning candidate_id, recruiters, contact, updated_at;

-- name: insert_consent_history!
insert into consent_history (candidate_id, recruiters, contact, at, via, by_user, ticket_id)
values (:candidate_id, :recruiters, :contact, :now, :via, :by_user, :ticket_id);

-- name: get_consent^
select candidate_id, recruiters, contact, updated_at from consents
where candidate_id = :candidate_id;

-- name: list_consent_history
select h.id, h.recruiters, h.contact, h.at, h.via, h.by_user, u.name as by_name
from consent_history h
left join users u on u.id = h.by_user
where h.candidate_id = :candidate_id
order by h.id desc
limit :limit;

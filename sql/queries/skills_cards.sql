-- The skills card: its version, reviews and the lines and ranks recruiters search.

-- name: bump_skills_card<!
-- Every observation write raises the version; the row lock orders writes and reviews.
insert into skills_cards (candidate_id, version, updated_at)
values (:candidate_id, 1, :now)
on conflict (candidate_id) do update
set version = skills_cards.version + 1, updated_at = excluded.updated_at
returning candidate_id, version, updated_at;

-- name: lock_skills_card^
select candidate_id, version, updated_at from skills_cards
where candidate_id = :candidate_id
for update;

-- name: get_last_card_review^
select id, version, card, reviewed_by, reviewed_at
from skills_card_reviews
where candidate_id = :candidate_id
order by version desc
limit 1;

-- name: insert_card_review<!
insert into skills_card_reviews (candidate_id, version, card, reviewed_by, reviewed_at)
values (:candidate_id, :version, :card, :reviewed_by, :reviewed_at)
on conflict (candidate_id, version) do nothing
returning id, version, card, reviewed_by, reviewed_at;

-- name: delete_card_lines!
delete from skills_card_reviewed_lines where candidate_id = :candidate_id;

-- name: insert_card_lines!
insert into skills_card_reviewed_lines (
    candidate_id, skill, level, observations, observers, evidence
)
select :candidate_id, line.skill, line.level, line.observations, line.observers,
    line.observations * line.observers
from unnest(
    :skills::text [], :levels::smallint [], :observations::int [], :observers::int []
) as line (skill, level, observations, observers);

-- name: delete_card_ranks!
delete from skills_card_search_ranks where candidate_id = :candidate_id;

-- name: insert_card_ranks!
-- From the reviewed lines just stored: per skill and for all skills (''), per minimum level,
-- the evidence and best level of the lines at that level or above (see migration 0009).
insert into skills_card_search_ranks (candidate_id, skill, min_level, evidence, level)
select l.candidate_id, coalesce(l.skill, ''), t.min_level, sum(l.evidence), max(l.level)
from skills_card_reviewed_lines l
join generate_series(1, 4) as t (min_level) on l.level >= t.min_level
where l.candidate_id = :candidate_id
group by grouping sets ((l.candidate_id, l.skill, t.min_level), (l.candidate_id, t.min_level));

-- name: list_cards_to_review
-- Cards whose current version no one has reviewed yet (recruiters do not see it), of one
-- organisation's candidates (every organisation's for an admin), the longest waiting first.
select c.id as candidate_id, c.first_name, c.last_name, sc.version, sc.updated_at
from skills_cards sc
join candidates c on c.id = sc.candidate_id
where (:organisation_id::uuid is null or c.organisation_id = :organisation_id)
    and not exists (
        select 1 from skills_card_reviews r
        where r.candidate_id = sc.candidate_id and r.version = sc.version
    )
order by sc.updated_at, sc.candidate_id
limit :limit;

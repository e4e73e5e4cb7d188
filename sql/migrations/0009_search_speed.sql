-- Recruiters' search in rank order. For each candidate's latest reviewed card: per skill, and
-- for all skills together (skill ''), per minimum level 1 to 4, the evidence (observations x
-- distinct observers, summed over the card's lines of that skill at that level or above) and
-- the best level among those lines. A search for (skill, min_level) then reads one index in the
-- order it ranks candidates, and stops once it has a page: with 10,000 candidates it no longer
-- sums every visible candidate's lines before keeping 50 (see `recruiter_search`).
-- Rebuilt with the reviewed lines at each review (`skills_card_insert_ranks`).
create table skills_card_search_ranks (
    candidate_id uuid not null references candidates (id),
    skill text not null,
    min_level smallint not null,
    evidence integer not null,
    level smallint not null,
    primary key (candidate_id, skill, min_level),
    constraint skills_card_search_ranks_skill_check check (skill = '' or skill ~ '^[a-z_]{1,50}$'),
    constraint skills_card_search_ranks_min_level_check check (min_level between 1 and 4),
    constraint skills_card_search_ranks_level_check check (level between min_level and 4)
);
create index skills_card_search_ranks_rank_idx
    on skills_card_search_ranks (skill, min_level, evidence desc, level desc, candidate_id desc);

-- The cards reviewed so far.
insert into skills_card_search_ranks (candidate_id, skill, min_level, evidence, level)
select l.candidate_id, coalesce(l.skill, ''), t.min_level, sum(l.evidence), max(l.level)
from skills_card_reviewed_lines l
join generate_series(1, 4) as t (min_level) on l.level >= t.min_level
group by grouping sets ((l.candidate_id, l.skill, t.min_level), (l.candidate_id, t.min_level));

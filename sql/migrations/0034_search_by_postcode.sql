-- The recruiters' search filters by a postcode prefix (a department, a town): it finds the
-- candidates whose own or CV postcode starts with it through these indexes, as a range in byte
-- order ("C"), which a prefix is whatever the database's collation (see
-- search_cards_for_recruiter).
create index candidates_postcode_prefix_idx on candidates (postcode collate "C", id);
create index cvs_postcode_prefix_idx on cvs (postcode collate "C", candidate_id);

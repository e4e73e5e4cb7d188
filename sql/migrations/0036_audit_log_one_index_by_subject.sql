-- The audit log is written on every hot path (a scan at the door, a registration, the 50 cards
-- of a search page each seen), and read by subject only for one person at a time (their views,
-- their export, their retention). Each index costs every row written: a search page's audit
-- rows cost a third more PostgreSQL time with the views' own index than without it
-- (bench/README.md, issue 13). One index now serves all the readers: a person's rows in the
-- order they were written (`id`), which the views' page walks backwards and filters by action.
drop index audit_log_card_views_idx;
drop index audit_log_subject_idx;
create index audit_log_subject_idx on audit_log (subject_type, subject_id, id);

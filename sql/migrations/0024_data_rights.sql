-- A person's rights over their data (issue 12): their own comment on an observation, and the
-- wrong short codes typed on the way to their data (the second factor behind a ticket token).

-- The candidate's own words beside a coach's observation (rectification): written from their
-- page with one of their tickets, shown to coaches and on the candidate's page beside the
-- observation. Nobody edits it: staff have no statement that changes it; a new comment is a
-- new row. `observation_id` is the version the candidate read (a later correction keeps the
-- comment visible through the line of versions). `ticket_id`: the ticket that opened the page.
create table observation_comments (
    id uuid primary key default gen_random_uuid(),
    observation_id uuid not null references observations (id),
    candidate_id uuid not null references candidates (id),
    body text not null,
    ticket_id uuid references tickets (id),
    created_at timestamptz not null,
    constraint observation_comments_body_check check (length(btrim(body)) between 1 and 1000)
);
create index observation_comments_observation_idx on observation_comments (observation_id, created_at);
create index observation_comments_candidate_idx on observation_comments (candidate_id, created_at);

-- A wrong short code typed to open the data behind a ticket: a few per quarter of an hour,
-- then the ticket waits. No link to the candidate beyond the ticket; nothing of what was typed.
create table data_access_failures (
    ticket_id uuid not null references tickets (id),
    failed_at timestamptz not null
);
create index data_access_failures_ticket_idx on data_access_failures (ticket_id, failed_at);

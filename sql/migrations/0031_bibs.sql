-- Anonymous "bib" sessions (issue 14, part 2): during an anonymous event the candidates are known
-- by a bib number; coaches observe bibs, recruiters see bibs and the skills observed, never a
-- name. A company's recruiter marks interest in a bib, the candidate (or their coach or
-- organiser for them, recorded) accepts or declines; only once both said yes does the company
-- see the candidate as at any other event (recruiter_shared_events, redefined below: the one
-- owner of "a company and a candidate attend an event together"). Written by events/bibs.

-- An event made anonymous by its organiser (before it starts), and the last bib number given:
-- numbers run 1, 2, 3... in the order of confirmation, and a late registration gets the next.
-- `anonymous` false: switched off again (before the start); the bibs given are kept, and the
-- same numbers come back if it is switched on again.
create table bib_events (
    event_id uuid primary key references events (id),
    anonymous boolean not null,
    last_bib integer not null default 0,
    updated_by uuid references users (id),
    updated_at timestamptz not null,
    constraint bib_events_last_bib_check check (last_bib >= 0)
);

-- A candidate's bib at an event: stable once given (a cancelled registration keeps its number,
-- which is never given to someone else).
create table bibs (
    event_id uuid not null references events (id),
    candidate_id uuid not null references candidates (id),
    number integer not null,
    allocated_at timestamptz not null default now(),
    primary key (event_id, candidate_id),
    constraint bibs_number_key unique (event_id, number),
    constraint bibs_number_check check (number >= 1)
);
create index bibs_candidate_idx on bibs (candidate_id);

-- A company's interest in a bib at an anonymous event (one per company, bib and event: a second
-- recruiter of the company saying it again changes nothing), and the candidate's answer.
-- `answered_by`: the coach or organiser who answered for the candidate (null: the candidate
-- with their ticket). A "yes" is final (the identities are then shown); a "no" may become a yes.
-- `job_dating_id`: the next job dating of the organisation the company attends, where the pair
-- is offered a slot once the interest is mutual (an interview_wishes row, migration 0029).
create table bib_interests (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references events (id),
    company_id uuid not null references companies (id),
    candidate_id uuid not null references candidates (id),
    recruiter_id uuid references users (id),
    created_at timestamptz not null,
    answer text,
    answered_at timestamptz,
    answered_by uuid references users (id),
    job_dating_id uuid references events (id),
    constraint bib_interests_key unique (event_id, company_id, candidate_id),
    constraint bib_interests_answer_check check (answer in ('yes', 'no')),
    constraint bib_interests_answered_check check ((answer is null) = (answered_at is null))
);
create index bib_interests_candidate_idx on bib_interests (candidate_id);
-- The visibility probe of recruiter_shared_events: a mutual interest of the company in the
-- candidate at an event.
create index bib_interests_mutual_idx
    on bib_interests (company_id, candidate_id, event_id) where answer = 'yes';

-- Every candidate confirmed at an anonymous event has a bib: the next number, given in the
-- registration's own transaction. Registrations hold the event row's lock (insert_registration,
-- insert_candidate_registration, the waiting list's promotion), and the counter's row lock
-- orders the rest; events.bibs.switch takes the event row's lock too before numbering those
-- confirmed before the switch.
create function bibs_allocate() returns trigger
language plpgsql
as $$
begin
    if new.role = 'candidate' and new.status = 'confirmed' then
        with counter as (
            update bib_events set last_bib = last_bib + 1
            where event_id = new.event_id and anonymous
                and not exists (
                    select 1 from bibs b
                    where b.event_id = new.event_id and b.candidate_id = new.candidate_id
                )
            returning last_bib
        )
        insert into bibs (event_id, candidate_id, number, allocated_at)
        select new.event_id, new.candidate_id, counter.last_bib, now() from counter;
    end if;
    return null;
end
$$;

create trigger registrations_bib_allocate
after insert or update of status on registrations
for each row execute function bibs_allocate();

-- The events a company and a candidate both attend (migration 0011's rule, unchanged for every
-- other event): at an anonymous event, only once the company's interest in the candidate's bib
-- is mutual. Still one select, language sql, stable: PostgreSQL inlines it into the search and
-- every recruiter query (see 0011); the two probes are an index lookup each.
create or replace function recruiter_shared_events(company uuid)
returns table (candidate_id uuid, event_id uuid, starts_at timestamptz)
language sql
stable
parallel safe
as $$
select r.candidate_id, r.event_id, e.starts_at
from registrations rc
join events e on e.id = rc.event_id and e.status in ('published', 'completed')
join registrations r
    on r.event_id = rc.event_id and r.role = 'candidate' and r.status <> 'cancelled'
where rc.company_id = recruiter_shared_events.company and rc.status <> 'cancelled'
    and (
        not exists (
            select 1 from bib_events anonymous
            where anonymous.event_id = rc.event_id and anonymous.anonymous
        )
        or exists (
            select 1 from bib_interests mutual
            where mutual.company_id = recruiter_shared_events.company
                and mutual.candidate_id = r.candidate_id
                and mutual.event_id = rc.event_id and mutual.answer = 'yes'
        )
    )
$$;

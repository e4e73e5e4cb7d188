-- Funders' statistics (issue 12 §2): programmes that group events, and what the figures read of
-- each registration.

-- A programme: what a funder pays for, e.g. "Du stade vers l'emploi — Île-de-France 2027".
-- One organisation's; its events are that organisation's events that name it.
create table programmes (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id),
    name text not null constraint programmes_name_check check (
        length(btrim(name)) between 1 and 200
    ),
    funder text constraint programmes_funder_check check (length(funder) <= 200),
    starts_on date,
    ends_on date,
    created_by uuid references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint programmes_dates_check check (starts_on is null or ends_on is null
        or ends_on >= starts_on)
);
create unique index programmes_organisation_name_key on programmes (organisation_id, lower(name));

alter table events add column programme_id uuid references programmes (id);
create index events_programme_idx on events (programme_id) where programme_id is not null;

-- The anonymous attributes funders ask for, frozen as they were for the event
-- (``events.statistics.profiles.freeze_profiles``) before erasure or retention removes the
-- private data they come from, so that the figures do not move. Null: unknown. No name, no
-- date of birth, nothing that says who: yes/no answers and a diploma level.
create table registration_profiles (
    registration_id uuid primary key references registrations (id),
    under_26 boolean,
    woman boolean,
    qpv boolean,
    rsa_ass_aah boolean,
    rqth boolean,
    refugee boolean,
    diploma_level text,
    frozen_at timestamptz not null
);

-- The ONE place that says what a candidate's registration counts as in the statistics: the
-- frozen row when there is one, else the live private data. Rules (stated once, here):
--   under_26: the event's year (in its time zone) minus the birth year is at most 25, so the
--     person was certainly under 26 on the event's day (only the year of birth is known);
--   woman: gender "woman"; rsa_ass_aah: one of these three benefits;
--   refugee: international protection (refugee, subsidiary or temporary protection);
--   qpv, rqth: as recorded; diploma_level: as recorded.
-- A key missing from the private data is unknown (null).
create view registration_attributes as
select r.id as registration_id, r.event_id, r.candidate_id,
    -- Counted among the participants: checked in at the door.
    r.checked_in_at is not null as came,
    case when f.registration_id is not null then f.under_26
        when p.data ? 'birth_year' then
            extract(year from e.starts_at at time zone e.timezone)::int
            - (p.data ->> 'birth_year')::int <= 25
    end as under_26,
    case when f.registration_id is not null then f.woman
        when p.data ? 'gender' then p.data ->> 'gender' = 'woman'
    end as woman,
    case when f.registration_id is not null then f.qpv
        else (p.data ->> 'qpv')::boolean
    end as qpv,
    case when f.registration_id is not null then f.rsa_ass_aah
        when p.data ? 'benefits' then (p.data -> 'benefits') ?| array['rsa', 'ass', 'aah']
    end as rsa_ass_aah,
    case when f.registration_id is not null then f.rqth
        else (p.data ->> 'rqth')::boolean
    end as rqth,
    case when f.registration_id is not null then f.refugee
        when p.data ? 'refugee_status' then p.data ->> 'refugee_status' in (
            'refugee', 'subsidiary_protection', 'temporary_protection'
        )
    end as refugee,
    case when f.registration_id is not null then f.diploma_level
        else p.data ->> 'diploma_level'
    end as diploma_level
from registrations r
join events e on e.id = r.event_id
left join registration_profiles f on f.registration_id = r.id
left join candidate_private p on p.candidate_id = r.candidate_id and f.registration_id is null
where r.role = 'candidate';

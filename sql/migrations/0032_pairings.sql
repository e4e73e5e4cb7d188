-- Food festival pairings (issue 14 §3): each cook (a candidate confirmed at a food festival)
-- cooks with one restaurant (a company confirmed there). The organiser states each side's
-- frame, accepts the suggested pairings or sets them by hand, records their days and, later,
-- what came of them; both sides get their schedule (events/pairings).

-- A cook's side: the cuisines they cook, their wishes (restaurants or places they would like,
-- in their own words) and where they can travel (departments or postcodes: "93", "75011";
-- empty: around their own postcode). Free words of the cook: organisers only, never a
-- restaurant.
create table pairing_cooks (
    event_id uuid not null references events (id),
    candidate_id uuid not null references candidates (id),
    cuisines text [] not null default '{}',
    wishes text [] not null default '{}',
    areas text [] not null default '{}',
    updated_by uuid references users (id),
    updated_at timestamptz not null,
    primary key (event_id, candidate_id),
    constraint pairing_cooks_sizes_check check (
        cardinality(cuisines) <= 20 and cardinality(wishes) <= 20 and cardinality(areas) <= 20
    )
);
create index pairing_cooks_candidate_idx on pairing_cooks (candidate_id);

-- A restaurant's side: its cuisines, how many cooks it takes (`seats`), and the street address
-- where the cooks go (null: the company's city and postcode only). Its row is what a pairing
-- locks: the pairings of one restaurant are serialised on it, so that it never gets more cooks
-- than it takes, whatever the concurrency (events/pairings/board.py).
create table pairing_restaurants (
    event_id uuid not null references events (id),
    company_id uuid not null references companies (id),
    cuisines text [] not null default '{}',
    seats integer not null default 1,
    address text,
    updated_by uuid references users (id),
    updated_at timestamptz not null,
    primary key (event_id, company_id),
    constraint pairing_restaurants_seats_check check (seats between 1 and 20),
    constraint pairing_restaurants_cuisines_check check (cardinality(cuisines) <= 20),
    constraint pairing_restaurants_address_check check (length(address) <= 300)
);

-- One pairing per cook and festival (`pairings_cook_key`). Its days: preparation and service.
-- `result` is what came of it: hired, training, referred to another establishment
-- (`referral_company_id`), or nothing; a hire or a training is also an outcome of the person
-- (`outcome_id`, the outcomes table being the one record of what followed a meeting).
-- `version` grows with every change the cook or the restaurant should hear of; a schedule sent
-- is `sent_version`, so that sending again tells only those whose pairing changed.
create table pairings (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references events (id),
    candidate_id uuid not null references candidates (id),
    company_id uuid not null references companies (id),
    preparation_days date [] not null default '{}',
    service_days date [] not null default '{}',
    source text not null,
    score integer,
    result text,
    result_on date,
    referral_company_id uuid references companies (id),
    outcome_id uuid references outcomes (id) on delete set null,
    note text,
    version integer not null default 1,
    sent_version integer,
    sent_at timestamptz,
    created_by uuid references users (id),
    created_at timestamptz not null,
    updated_by uuid references users (id),
    updated_at timestamptz not null,
    constraint pairings_cook_key unique (event_id, candidate_id),
    constraint pairings_source_check check (source in ('suggested', 'by_hand')),
    constraint pairings_result_check check (
        result in ('hired', 'training', 'referral', 'nothing')
    ),
    constraint pairings_result_on_check check ((result is null) = (result_on is null)),
    constraint pairings_referral_check check (
        (result = 'referral') = (referral_company_id is not null)
    ),
    constraint pairings_days_check check (
        cardinality(preparation_days) <= 31 and cardinality(service_days) <= 31
    ),
    constraint pairings_note_check check (length(note) <= 2000)
);
create index pairings_company_idx on pairings (event_id, company_id);
create index pairings_candidate_idx on pairings (candidate_id);
create index pairings_outcome_idx on pairings (outcome_id) where outcome_id is not null;

-- The schedule of a pairing, to the cook (mail and text message) and to the restaurant's
-- contact (mail). The kinds the earlier migrations allow are kept as they are.
do $$
declare
    kinds text;
begin
    select pg_get_constraintdef(oid) into kinds
    from pg_constraint
    where conrelid = 'outbox'::regclass and conname = 'outbox_kind_check';
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
        || regexp_replace(kinds, '\]\)', ', ''pairing_schedule''::text])');
end;
$$;

-- A candidate's birth year, kept with the rest of their social situation in candidate_private
-- (private: organisers and the coaches who follow them, never recruiters), and what finding a
-- candidate registered twice needs: the same folded name and birth year, the same phone or the
-- same e-mail within one organisation (``sql/queries/duplicates.sql``).

-- The year is a number of four digits from 1900 on; that it is not in the future is the input
-- struct's rule (``candidates.PrivateIn``), the year moving on while the constraint stays.
alter table candidate_private add constraint candidate_private_birth_year_check check (
    case
        when data ? 'birth_year' then
            jsonb_typeof(data -> 'birth_year') = 'number'
            and (data ->> 'birth_year') ~ '^(19|20)[0-9]{2}$'
        else true
    end
);

-- A phone number as two records of it compare: its last nine digits, the subscriber number in
-- France and its overseas departments whatever was typed around it ("06 12 34 56 78",
-- "+33 (0)6 12-34-56-78" and "0033612345678" are one number). Phones are stored as typed.
create function candidate_phone_key(phone text) returns text
language sql immutable strict parallel safe
as $$ select nullif(right(regexp_replace(phone, '[^0-9]', '', 'g'), 9), '') $$;

create index candidates_search_name_idx on candidates (organisation_id, search_name);
create index candidates_phone_key_idx on candidates (organisation_id, candidate_phone_key(phone))
where phone is not null;
create index candidates_email_lower_idx on candidates (organisation_id, lower(email))
where email is not null;

-- Staff and recruiters get the calendar invite of the events they take part in, through the same
-- outbox as participants: a message is now for a registration's party, or for a user (an
-- organiser or coach of the organising organisation, or a recruiter of a registered company,
-- whose message then names that registration too).

alter table outbox add column user_id uuid references users (id);
alter table outbox alter column registration_id drop not null;
alter table outbox add constraint outbox_addressee_check
    check (registration_id is not null or user_id is not null);

-- Publishing an event is a cause too: its staff get the invite then.
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in (
    'registration_confirmed', 'registration_waitlisted', 'registration_promoted',
    'registration_cancelled', 'event_published', 'event_changed', 'event_cancelled', 'reminder'
));

-- Who was already sent an event's invite (a cancellation goes to them).
create index outbox_user_event_idx on outbox (user_id, event_id) where user_id is not null;

-- Messages the back office causes: a ticket sent again without being revoked (to a participant
-- who lost it), and the mails of an account (welcome with a link to choose a password, and a
-- password reset).
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in (
    'registration_confirmed', 'registration_waitlisted', 'registration_promoted',
    'registration_cancelled', 'event_published', 'event_changed', 'event_cancelled', 'reminder',
    'ticket_resent', 'account_welcome', 'password_reset'
));

-- Why an event was called off, as its organiser wrote it: told to every participant in the
-- cancellation mail and text message (events/messages/notifications.py), written when the
-- message is delivered. Null when no reason was given, and on every event not cancelled.
alter table events add column cancellation_reason text;
alter table events add constraint events_cancellation_reason_check check (
    cancellation_reason is null
    or (status = 'cancelled' and char_length(cancellation_reason) between 1 and 500)
);

"""Messages leaving the service: what a change causes (outbox rows in its transaction), their
words, and their delivery by mail and SMS through the worker."""

"""The public addresses the service hands out in mails, invites and the calendar feed, built in
one place so that every link leads to a page that exists (``events.web.public`` serves them)."""

from __future__ import annotations

from uuid import UUID


def event_page(event_id: UUID, public_url: str) -> str:
    """An event's public page: what, when, where and who organises, in plain words, printable,
    for anyone with the link (published, cancelled or completed events; a draft is not found)."""
    return f"{public_url.rstrip('/')}/events/{event_id}"


def ticket_url(token: str, public_url: str) -> str:
    """A ticket's page for its holder (the token is the ticket: never logged, see ``redact``)."""
    return f"{public_url.rstrip('/')}/t/{token}"


def password_url(token: str, public_url: str) -> str:
    """The page where an account's owner chooses a password, from a welcome or reset mail
    (``events.web.passwords``; the token is the link: never logged, see ``redact``)."""
    return f"{public_url.rstrip('/')}/password/{token}"

"""The outbox: a message is written in the transaction of the change that causes it, and a
worker delivers it after commit. A worker holds a message's row locked while it sends, so two
workers never send it at once; a failed attempt is tried again later, and a message that keeps
failing ends dead with its last error, for the organisers to see and send again.

Delivery is at least once: a worker that dies after sending and before recording it leaves the
message pending, and it is sent again. Each message carries its id so that receivers can drop
the second copy.

A message is for a registration's party (a candidate, a company's contact), or for a user: an
organiser or coach of the organising organisation, or a recruiter of a registered company (whose
message also names that registration). Users are reached by e-mail, in French. A user's
account mails (a link to choose a password, ``events.directory.passwords``) name no event.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import MessageNotDead, MessageNotFound
from events.pagination import decode_cursor, split_page

Kind = Literal[
    "registration_confirmed",
    "registration_waitlisted",
    "registration_promoted",
    "registration_cancelled",
    "event_published",
    "event_changed",
    "event_cancelled",
    "reminder",
    "ticket_resent",
    "account_welcome",
    "password_reset",
    "follow_ups_due",
    "retention_warning",
    "pairing_schedule",
    "interview_schedule",
    "workshop_reminder",
    "interview_reminder",
    "workshop_cancelled",
]
Channel = Literal["email", "sms", "none"]
Status = Literal["pending", "sent", "skipped", "dead"]


class Backoff(msgspec.Struct, frozen=True, kw_only=True):
    """How long to wait after each failed attempt: doubling from ``base_seconds`` up to
    ``max_seconds``; after ``max_attempts`` failures the message is dead."""

    base_seconds: float = 60.0
    max_seconds: float = 6 * 3600.0
    max_attempts: int = 8

    def delay(self, failures: int) -> timedelta:
        return timedelta(
            seconds=min(self.base_seconds * 2 ** max(failures - 1, 0), self.max_seconds)
        )


class Claimed(msgspec.Struct, frozen=True, kw_only=True):
    """A message about an event (``event_id``), or about an account: a user's link to choose
    a password (``password_link_id``, no event, perhaps no organisation)."""

    id: UUID
    organisation_id: UUID | None
    event_id: UUID | None
    registration_id: UUID | None
    user_id: UUID | None
    password_link_id: UUID | None
    kind: Kind
    sequence: int
    channel: Channel
    recipient: str | None
    language: Literal["fr", "en"]
    attempts: int


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """A message as its organisation's organisers see it (an account's mail has no event)."""

    id: UUID
    event_id: UUID | None
    registration_id: UUID | None
    user_id: UUID | None
    kind: Kind
    sequence: int
    channel: Channel
    recipient: str | None
    language: str
    status: Status
    reason: str | None
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class MessagePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Message]
    next_cursor: str | None


class _Locked(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID | None
    status: Status
    registration_id: UUID | None
    user_id: UUID | None


# --- writing -------------------------------------------------------------------------------


async def enqueue_for_registration(conn: db.Conn, *, registration_id: UUID, kind: Kind) -> int:
    """One message per channel the registration's party can be reached on (or one skipped row
    saying there is none); written once however often the cause is replayed."""
    added: int = await db.fetch_value(
        conn, "enqueue_message_for_registration", registration_id=registration_id, kind=kind
    )
    return added


async def enqueue_for_event(conn: db.Conn, *, event_id: UUID, kind: Kind) -> int:
    """The same, for every confirmed or waitlisted registration of the event at once."""
    added: int = await db.fetch_value(
        conn, "enqueue_messages_for_event", event_id=event_id, kind=kind
    )
    return added


async def enqueue_for_staff(conn: db.Conn, *, event_id: UUID, kind: Kind) -> int:
    """One mail per organiser and coach of the event's organisation while the event is
    published; a cancellation only to those who were sent the invite before."""
    added: int = await db.fetch_value(
        conn, "enqueue_message_for_staff", event_id=event_id, kind=kind
    )
    return added


async def enqueue_for_recruiters(conn: db.Conn, *, registration_id: UUID, kind: Kind) -> int:
    """One mail per recruiter of the registration's company: once its place is confirmed, and
    once a confirmed place is cancelled while the event still stands."""
    added: int = await db.fetch_value(
        conn, "enqueue_messages_for_recruiters", registration_id=registration_id, kind=kind
    )
    return added


async def enqueue_for_recruiters_of_event(conn: db.Conn, *, event_id: UUID, kind: Kind) -> int:
    """The same, for the recruiters of every company confirmed at the event."""
    added: int = await db.fetch_value(
        conn, "enqueue_messages_for_recruiters_of_event", event_id=event_id, kind=kind
    )
    return added


async def enqueue_due_reminders(conn: db.Conn, *, now: datetime) -> int:
    """Reminders whose time has come, once per registration and start time."""
    added: int = await db.fetch_value(conn, "enqueue_reminders", now=now)
    return added


# --- delivering ----------------------------------------------------------------------------


async def claim(conn: db.Conn, *, now: datetime) -> Claimed | None:
    """The oldest due message, locked until the caller's transaction ends; ``None`` when every
    due message is taken or there is none."""
    return await db.fetch_one(conn, "claim_message", Claimed, now=now)


async def ack(conn: db.Conn, *, message_id: UUID, now: datetime) -> None:
    await db.execute(conn, "mark_message_sent", id=message_id, now=now)


async def skip(conn: db.Conn, *, message_id: UUID, reason: str) -> None:
    await db.execute(conn, "mark_message_skipped", id=message_id, reason=reason)


async def fail(
    conn: db.Conn, *, message: Claimed, error: str, permanent: bool, now: datetime, backoff: Backoff
) -> bool:
    """Record a failed attempt; return whether the message is now dead."""
    failures = message.attempts + 1
    dead = permanent or failures >= backoff.max_attempts
    await db.execute(
        conn,
        "mark_message_failed",
        id=message.id,
        error=error[:2000],
        dead=dead,
        retry_at=now + backoff.delay(failures),
    )
    return dead


# --- for organisers ------------------------------------------------------------------------


async def list_messages(
    conn: db.Conn, *, by: Actor, status: Status | None, limit: int, cursor: str | None
) -> MessagePage:
    """Organisers see their organisation's messages, admins everyone's, newest first."""
    by.require("organiser")
    after = decode_cursor(cursor, tuple[datetime, UUID])
    rows = await db.fetch_all(
        conn,
        "list_messages",
        Message,
        organisation_id=None if by.is_admin else by.organisation_id,
        status=status,
        after_created=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = split_page(rows, limit, lambda m: [m.created_at, m.id])
    return MessagePage(items=items, next_cursor=next_cursor)


async def retry(conn: db.Conn, *, message_id: UUID, by: Actor, now: datetime) -> Message:
    """A dead message of the organiser's organisation goes back to pending with a fresh round
    of attempts; any other message is refused with its status."""
    by.require("organiser")
    locked = await db.fetch_one(conn, "lock_message_for_retry", _Locked, id=message_id)
    if locked is None or not (by.is_admin or by.organisation_id == locked.organisation_id):
        raise MessageNotFound
    requeued = await db.fetch_one(conn, "requeue_message", Message, id=message_id, now=now)
    if requeued is None:
        raise MessageNotDead(status=locked.status, extra={"status": locked.status})
    await audit.record(
        conn,
        by=by,
        action="outbox.retry",
        subject_type="outbox",
        subject_id=message_id,
        data={
            key: str(value)
            for key, value in (
                ("registration_id", locked.registration_id),
                ("user_id", locked.user_id),
            )
            if value is not None
        },
    )
    return requeued

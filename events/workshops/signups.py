"""Who takes part in which workshop.

A candidate with a confirmed place at the e-forum signs up themselves (from their ticket page:
the ticket's token is their key) or is signed up by a coach or organiser of the event's
organisation, on their behalf (recorded: who, for whom). The rules, held under locks so that
they stand whatever the concurrency:

- places: never more people than the workshop's capacity — counted under the workshop's row
  lock, by a statement of its own (a full workshop says so: ``workshop_full``; there is no
  waiting list: a freed place shows at once on the page, and a workshop lasts an hour);
- no overlap: a person is never in two workshops whose times overlap, nor in a workshop during
  one of their interviews (``workshop_clash``) — one person's sign-ups are serialised on their
  registration's row, locked first (registration, then workshop: always in that order);
- sign-ups and withdrawals close when the workshop starts (``workshop_started``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import (
    CandidateNotRegistered,
    EventNotFound,
    InvalidTransition,
    WorkshopClash,
    WorkshopFull,
    WorkshopNotFound,
    WorkshopStarted,
)
from events.workshops import store


class SignUp(msgspec.Struct, frozen=True, kw_only=True):
    """Where a person stands with a workshop after a sign-up or a withdrawal."""

    workshop_id: UUID
    candidate_id: UUID
    signed_up: bool
    places_left: int


class Signed(msgspec.Struct, frozen=True, kw_only=True):
    """A person signed up, for those who run the event; ``signed_up_by`` null: by themselves."""

    candidate_id: UUID
    first_name: str
    last_name: str
    signed_up_by: UUID | None
    signed_up_by_name: str | None
    created_at: datetime


class _Clash(msgspec.Struct, frozen=True, kw_only=True):
    kind: Literal["workshop", "interview"]
    title: str
    starts_at: datetime


class _Registration(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID


async def _event(
    conn: db.Conn, *, workshop_id: UUID, by: Actor | None, ticket_event: UUID | None
) -> tuple[store.WorkshopRow, store.WorkshopEvent]:
    """The workshop and its event, for staff of the event (``by``) or for the holder of a
    ticket to that event (``ticket_event``): to anyone else the workshop does not exist."""
    row = await db.fetch_one(conn, "get_workshop", store.WorkshopRow, id=workshop_id)
    if row is None:
        raise WorkshopNotFound
    if by is not None:
        try:
            event = await store.event_of(conn, event_id=row.event_id, by=by, change=False)
        except EventNotFound as error:
            raise WorkshopNotFound from error
    else:
        found = await db.fetch_one(
            conn, "get_workshop_event", store.WorkshopEvent, event_id=row.event_id
        )
        if found is None or row.event_id != ticket_event:
            raise WorkshopNotFound
        event = found
    if event.status != "published":
        raise InvalidTransition(status=event.status, extra={"status": event.status})
    return row, event


async def sign_up(
    conn: db.Conn,
    *,
    workshop_id: UUID,
    candidate_id: UUID,
    by: Actor | None,
    now: datetime,
    ticket_event: UUID | None = None,
) -> SignUp:
    """Sign a candidate up (``by``: a coach or organiser on their behalf; ``None``: the
    candidate themselves, by a ticket to ``ticket_event``). Signing up again changes nothing."""
    _, event = await _event(conn, workshop_id=workshop_id, by=by, ticket_event=ticket_event)
    registration = await db.fetch_one(
        conn,
        "lock_workshop_registration",
        _Registration,
        event_id=event.id,
        candidate_id=candidate_id,
    )
    if registration is None:
        raise CandidateNotRegistered
    row = await store.locked(conn, workshop_id=workshop_id)
    if now >= row.starts_at:
        raise WorkshopStarted
    count = await store.taken(conn, workshop_id=workshop_id)
    already = await db.fetch_value(
        conn, "check_workshop_signup", workshop_id=workshop_id, candidate_id=candidate_id
    )
    if already:
        return SignUp(
            workshop_id=workshop_id,
            candidate_id=candidate_id,
            signed_up=True,
            places_left=max(row.capacity - count, 0),
        )
    if count >= row.capacity:
        raise WorkshopFull(extra={"capacity": row.capacity})
    clash = await db.fetch_one(
        conn,
        "find_schedule_clash",
        _Clash,
        candidate_id=candidate_id,
        workshop_id=workshop_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
    )
    if clash is not None:
        raise WorkshopClash(
            title=clash.title,
            extra={
                "kind": clash.kind,
                "title": clash.title,
                "starts_at": clash.starts_at.isoformat(),
            },
        )
    await db.fetch_value(
        conn,
        "insert_workshop_signup",
        workshop_id=workshop_id,
        candidate_id=candidate_id,
        registration_id=registration.id,
        by=by.id if by else None,
    )
    await audit.record(
        conn,
        by=by,
        action="workshop.sign_up",
        subject_type="workshop",
        subject_id=workshop_id,
        on_behalf_of=candidate_id,
        data={"by_ticket": by is None},
    )
    return SignUp(
        workshop_id=workshop_id,
        candidate_id=candidate_id,
        signed_up=True,
        places_left=max(row.capacity - count - 1, 0),
    )


async def withdraw(
    conn: db.Conn,
    *,
    workshop_id: UUID,
    candidate_id: UUID,
    by: Actor | None,
    now: datetime,
    ticket_event: UUID | None = None,
) -> SignUp:
    """Take a candidate off a workshop (the same people as ``sign_up``), until it starts;
    withdrawing someone not signed up changes nothing."""
    await _event(conn, workshop_id=workshop_id, by=by, ticket_event=ticket_event)
    row = await store.locked(conn, workshop_id=workshop_id)
    if now >= row.starts_at:
        raise WorkshopStarted
    gone = await db.fetch_value(
        conn, "delete_workshop_signup", workshop_id=workshop_id, candidate_id=candidate_id
    )
    if gone:
        await audit.record(
            conn,
            by=by,
            action="workshop.withdraw",
            subject_type="workshop",
            subject_id=workshop_id,
            on_behalf_of=candidate_id,
            data={"by_ticket": by is None},
        )
    count = await store.taken(conn, workshop_id=workshop_id)
    return SignUp(
        workshop_id=workshop_id,
        candidate_id=candidate_id,
        signed_up=False,
        places_left=max(row.capacity - count, 0),
    )


async def list_signed(conn: db.Conn, *, workshop_id: UUID, by: Actor) -> list[Signed]:
    """The people signed up to a workshop, by name, for those who run the event."""
    row = await db.fetch_one(conn, "get_workshop", store.WorkshopRow, id=workshop_id)
    if row is None:
        raise WorkshopNotFound
    try:
        await store.event_of(conn, event_id=row.event_id, by=by, change=False)
    except EventNotFound as error:
        raise WorkshopNotFound from error
    return await db.fetch_all(conn, "list_workshop_signups", Signed, workshop_id=workshop_id)


class LiveSignUp(msgspec.Struct, frozen=True, kw_only=True):
    """A sign-up that stands (confirmed registration, workshop not called off), with the
    workshop's times."""

    workshop_id: UUID
    candidate_id: UUID
    starts_at: datetime
    ends_at: datetime


async def live_signups(
    conn: db.Conn, *, event_id: UUID, candidate_id: UUID | None = None
) -> list[LiveSignUp]:
    """The event's sign-ups that stand, of one candidate or (``None``) of everyone: the one
    reading of them outside these rules (the interview grid plans no interview during one)."""
    return await db.fetch_all(
        conn, "list_live_signups", LiveSignUp, event_id=event_id, candidate_id=candidate_id
    )


async def signed_workshops(conn: db.Conn, *, event_id: UUID, candidate_id: UUID) -> set[UUID]:
    """The event's workshops the candidate is signed up to."""
    rows = await live_signups(conn, event_id=event_id, candidate_id=candidate_id)
    return {r.workshop_id for r in rows}

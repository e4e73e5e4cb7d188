"""Changes to existing registrations under their event's lock: cancelling (the freed place goes
to the first waitlisted of the same role in the same transaction), reissuing a ticket, sending
the live ticket again, and fitting the registrations to a new capacity. Cancelling and fitting
free places the same way: ``_promote``."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.catalog import access
from events.catalog.access import EventScope
from events.errors import (
    AlreadyCheckedIn,
    CapacityBelowConfirmed,
    Forbidden,
    RegistrationAlreadyCancelled,
)
from events.messages import notifications
from events.registrations.structs import (
    Cancelled,
    RegistrationRole,
    RegistrationRow,
    RegistrationStatus,
    TicketLink,
    TicketResent,
    ticket_link,
)
from events.skills_cards import access as skills_access
from events.tickets import issuing


async def _lock_event_of(conn: db.Conn, *, registration_id: UUID, by: Actor) -> EventScope:
    """The registration's event, locked, for those who run it."""
    by.require("organiser", "coach")
    return await access.lock_event_of_registration(conn, registration_id=registration_id, by=by)


async def _promote(
    conn: db.Conn,
    *,
    event_id: UUID,
    role: RegistrationRole,
    places: int,
    by: Actor,
    now: datetime,
    why: dict[str, Any],
) -> list[RegistrationRow]:
    """Under the event's lock, the first ``places`` waitlisted registrations of ``role``, in
    waiting-list order, are confirmed; each promotion is audited (``why`` says what freed the
    place) and its holder notified."""
    if places <= 0:
        return []
    promoted = await db.fetch_all(
        conn,
        "promote_waitlisted",
        RegistrationRow,
        event_id=event_id,
        role=role,
        places=places,
        now=now,
    )
    for row in promoted:
        await audit.record(
            conn,
            by=by,
            action="registration.promote",
            subject_type="registration",
            subject_id=row.id,
            on_behalf_of=row.candidate_id or row.company_id,
            data=why,
        )
        await notifications.registration_promoted(conn, registration_id=row.id, role=row.role)
    return promoted


class _Cancelled(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    role: RegistrationRole
    candidate_id: UUID | None
    company_id: UUID | None
    previous_status: RegistrationStatus


async def cancel(conn: db.Conn, *, registration_id: UUID, by: Actor, now: datetime) -> Cancelled:
    """Cancel and revoke the ticket; a confirmed place goes at once to the first waitlisted
    registration of the same role."""
    await _lock_event_of(conn, registration_id=registration_id, by=by)
    cancelled = await db.fetch_one(
        conn, "cancel_registration", _Cancelled, id=registration_id, now=now, by=by.id
    )
    if cancelled is None:
        current = await db.fetch_one(conn, "get_registration", RegistrationRow, id=registration_id)
        if current is not None and current.checked_in_at is not None:
            raise AlreadyCheckedIn(extra={"checked_in_at": current.checked_in_at.isoformat()})
        raise RegistrationAlreadyCancelled
    await db.execute(
        conn, "revoke_tickets_of_registration", registration_id=registration_id, now=now
    )
    await audit.record(
        conn,
        by=by,
        action="registration.cancel",
        subject_type="registration",
        subject_id=registration_id,
        on_behalf_of=cancelled.candidate_id or cancelled.company_id,
        data={"previous_status": cancelled.previous_status},
    )
    await notifications.registration_cancelled(
        conn, registration_id=registration_id, role=cancelled.role
    )
    promoted = await _promote(
        conn,
        event_id=cancelled.event_id,
        role=cancelled.role,
        places=int(cancelled.previous_status == "confirmed"),
        by=by,
        now=now,
        why={"freed_by": str(registration_id)},
    )
    return Cancelled(
        id=registration_id, promoted_registration_id=promoted[0].id if promoted else None
    )


async def _live_for_ticket(conn: db.Conn, *, registration_id: UUID, by: Actor) -> RegistrationRow:
    """The registration whose ticket is handled, under its event's lock: by admins and organisers
    of the event's organisation, and by a coach only at an event they are assigned to
    (``skills_cards.access.may_observe``: at another event of their organisation, which they see,
    it is forbidden). A cancelled or no-show registration has no ticket to hand out."""
    event = await _lock_event_of(conn, registration_id=registration_id, by=by)
    if not skills_access.may_observe(by, event):
        raise Forbidden
    current = await db.fetch_one(conn, "get_registration", RegistrationRow, id=registration_id)
    if current is None or current.status in ("cancelled", "no_show"):
        raise RegistrationAlreadyCancelled
    return current


async def reissue_ticket(
    conn: db.Conn, *, registration_id: UUID, by: Actor, now: datetime, public_url: str
) -> TicketLink:
    """A lost or shared ticket is replaced: the old token is revoked at once, the new one has the
    next serial and a new short code (who may: ``_live_for_ticket``)."""
    current = await _live_for_ticket(conn, registration_id=registration_id, by=by)
    await db.execute(
        conn, "revoke_tickets_of_registration", registration_id=registration_id, now=now
    )
    ticket = await issuing.issue(conn, event_id=current.event_id, registration_id=registration_id)
    await audit.record(
        conn,
        by=by,
        action="ticket.reissue",
        subject_type="registration",
        subject_id=registration_id,
        on_behalf_of=current.candidate_id or current.company_id,
        data={"serial": ticket.serial},
    )
    return ticket_link(ticket, public_url)


async def resend_ticket(
    conn: db.Conn, *, registration_id: UUID, by: Actor, now: datetime
) -> TicketResent:
    """The live ticket is sent again, unchanged (it keeps working), to a party who lost the
    message: by mail and text message, as the other messages of a registration (who may:
    ``_live_for_ticket``). Each request is a message of its own, even for the same
    registration: ``now`` tells them apart."""
    current = await _live_for_ticket(conn, registration_id=registration_id, by=by)
    channels = await notifications.ticket_resent(conn, registration_id=registration_id, now=now)
    await audit.record(
        conn,
        by=by,
        action="ticket.resend",
        subject_type="registration",
        subject_id=registration_id,
        on_behalf_of=current.candidate_id or current.company_id,
        data={"channels": list(channels)},
    )
    return TicketResent(id=registration_id, channels=channels)


async def fit_capacity(
    conn: db.Conn, *, event_id: UUID, candidates: int, companies: int, by: Actor, now: datetime
) -> list[RegistrationRow]:
    """After a capacity change, under the event's lock: a capacity below the places already
    confirmed is refused; new places go at once to the waiting list, in order."""
    roles: tuple[tuple[RegistrationRole, int], ...] = (
        ("candidate", candidates),
        ("company", companies),
    )
    places: dict[RegistrationRole, int] = {}
    for role, capacity in roles:
        confirmed = await db.fetch_value(
            conn, "count_confirmed_registrations", event_id=event_id, role=role
        )
        if confirmed > capacity:
            raise CapacityBelowConfirmed(confirmed=confirmed, extra={"role": role})
        places[role] = capacity - confirmed
    promoted: list[RegistrationRow] = []
    for role, free in places.items():
        promoted += await _promote(
            conn,
            event_id=event_id,
            role=role,
            places=free,
            by=by,
            now=now,
            why={"reason": "capacity"},
        )
    return promoted

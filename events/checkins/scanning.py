"""Scanning tickets at the door, one at a time or as an offline batch: exactly one success per
ticket, every scan stored with its outcome, a repeated nonce answered as its first scan was.

The rest of the door (``events.checkins.door``) shares two things kept here: ``door_event``, the
event as the staff at its door may see it, and ``store_scan``, the history of scans.
"""

from __future__ import annotations

import functools
from datetime import datetime
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.catalog import access
from events.catalog.access import EventScope
from events.checkins.structs import (
    BatchResult,
    CheckedIn,
    CheckinBatchIn,
    CheckinIn,
)
from events.errors import (
    AlreadyCheckedIn,
    DomainError,
    InvalidTicket,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    TicketRevoked,
    WrongEvent,
)
from events.tickets import by_token, codes, tokens
from events.tickets.by_token import TokenTicket


class _CheckedIn(msgspec.Struct, frozen=True, kw_only=True):
    checked_in_at: datetime
    display_name: str


class _Scan(msgspec.Struct, frozen=True, kw_only=True):
    result: str
    registration_id: UUID | None
    scanned_at: datetime
    checked_in_at: datetime | None
    display_name: str | None


_REFUSALS: dict[str, type[DomainError]] = {
    cls.code: cls
    for cls in (
        AlreadyCheckedIn,
        WrongEvent,
        RegistrationAlreadyCancelled,
        NotConfirmed,
        InvalidTicket,
        TicketRevoked,
    )
}


async def door_event(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventScope:
    """The event, for the organisers and coaches of its organisation, who work its door; to
    anyone else it does not exist (``event_not_found``, ``access.event_to_run``)."""
    by.require("organiser", "coach")
    return await access.event_to_run(conn, event_id=event_id, by=by)


async def _find_ticket(conn: db.Conn, *, event_id: UUID, scanned: str) -> TokenTicket:
    """The ticket a scan names, revoked or not: a signed token (or a link to it), found in the
    event that signed it (``by_token.find``), or a short code typed at the door, found in this
    event."""
    if len(scanned.strip()) <= 40:
        short_code = codes.parse_code(scanned)
        found = await db.fetch_one(
            conn,
            "get_ticket_for_checkin_by_code",
            TokenTicket,
            event_id=event_id,
            short_code=short_code,
        )
        if found is None:
            raise InvalidTicket
        return found
    return await by_token.find(conn, token=tokens.token_from_scan(scanned))


async def _scan(
    conn: db.Conn,
    *,
    event_id: UUID,
    scanned: str,
    nonce: str | None,
    at: datetime,
    by: Actor,
    offline: bool,
) -> CheckedIn:
    if nonce is not None:
        earlier = await db.fetch_one(
            conn, "get_scan_by_nonce", _Scan, event_id=event_id, nonce=nonce
        )
        if earlier is not None:
            return _replay(earlier)
    ticket: TokenTicket | None = None
    try:
        ticket = await _find_ticket(conn, event_id=event_id, scanned=scanned)
        if ticket.event_id != event_id:
            raise WrongEvent
        if ticket.status == "cancelled":
            raise RegistrationAlreadyCancelled
        if ticket.revoked_at is not None:
            raise TicketRevoked
        if ticket.status == "waitlisted":
            raise NotConfirmed
        checked_in = await db.fetch_one(
            conn,
            "mark_checked_in",
            _CheckedIn,
            registration_id=ticket.registration_id,
            at=at,
            by=by.id,
        )
        if checked_in is None:
            first = await db.fetch_value(
                conn, "get_checked_in_at", registration_id=ticket.registration_id
            )
            raise AlreadyCheckedIn(extra={"checked_in_at": first.isoformat() if first else None})
    except DomainError as refusal:
        # The refused scan is the record of the refusal: it is kept even though the refusal
        # rolls the request back (a partial binds the values now, not when it is written again).
        record = functools.partial(
            store_scan,
            event_id=event_id,
            ticket=ticket if ticket and ticket.event_id == event_id else None,
            result=refusal.code,
            by=by,
            at=at,
            nonce=nonce,
            offline=offline,
        )
        stored = await db.keep_refusal_record(conn, refusal, record)
        if not stored and nonce is not None:
            return await _replay_nonce(conn, event_id=event_id, nonce=nonce)
        raise
    stored = await store_scan(
        conn,
        event_id=event_id,
        ticket=ticket,
        result="checked_in",
        by=by,
        at=at,
        nonce=nonce,
        offline=offline,
    )
    if not stored and nonce is not None:
        return await _replay_nonce(conn, event_id=event_id, nonce=nonce)
    await audit.record(
        conn,
        by=by,
        action="registration.check_in",
        subject_type="registration",
        subject_id=ticket.registration_id,
        data={"offline": offline},
    )
    return CheckedIn(
        registration_id=ticket.registration_id,
        checked_in_at=checked_in.checked_in_at,
        display_name=checked_in.display_name,
    )


async def store_scan(
    conn: db.Conn,
    *,
    event_id: UUID,
    ticket: TokenTicket | None,
    result: str,
    by: Actor,
    at: datetime,
    nonce: str | None,
    offline: bool,
) -> bool:
    """Every scan at the door is kept with its outcome (``checked_in``, a refusal's code, or
    ``annulled``), the ticket it named when that ticket is of this event, who scanned and when;
    False when a scan with the same nonce got there first."""
    scan_id = await db.fetch_value(
        conn,
        "insert_scan",
        event_id=event_id,
        ticket_id=ticket.ticket_id if ticket else None,
        registration_id=ticket.registration_id if ticket else None,
        result=result,
        scanned_by=by.id,
        scanned_at=at,
        nonce=nonce,
        offline=offline,
    )
    return scan_id is not None


async def _replay_nonce(conn: db.Conn, *, event_id: UUID, nonce: str) -> CheckedIn:
    earlier = await db.fetch_one(conn, "get_scan_by_nonce", _Scan, event_id=event_id, nonce=nonce)
    assert earlier is not None  # the conflicting insert proves it exists  # noqa: S101
    return _replay(earlier)


def _replay(earlier: _Scan) -> CheckedIn:
    """Answer a repeated nonce as its first scan was answered."""
    if earlier.result == "checked_in" and earlier.registration_id and earlier.checked_in_at:
        return CheckedIn(
            registration_id=earlier.registration_id,
            checked_in_at=earlier.checked_in_at,
            display_name=earlier.display_name or "",
        )
    raise _REFUSALS.get(earlier.result, InvalidTicket)()


async def check_in(
    conn: db.Conn, *, event_id: UUID, checkin: CheckinIn, by: Actor, now: datetime
) -> CheckedIn:
    """One success per ticket; refusals are stored as scans with their reason."""
    await door_event(conn, event_id=event_id, by=by)
    return await _scan(
        conn,
        event_id=event_id,
        scanned=checkin.token,
        nonce=checkin.nonce,
        at=now,
        by=by,
        offline=False,
    )


async def check_in_batch(
    conn: db.Conn, *, event_id: UUID, batch: CheckinBatchIn, by: Actor
) -> list[BatchResult]:
    """Scans made offline, in the order they were made: the first scan of a ticket wins and keeps
    its time; later ones are reported as duplicates; a nonce already uploaded is answered as
    before."""
    await door_event(conn, event_id=event_id, by=by)
    results: list[BatchResult] = []
    for scan in sorted(batch.scans, key=lambda s: s.scanned_at):
        # No savepoint: a refusal writes only its scan row, which is to be kept.
        try:
            done = await _scan(
                conn,
                event_id=event_id,
                scanned=scan.token,
                nonce=scan.nonce,
                at=scan.scanned_at,
                by=by,
                offline=True,
            )
            results.append(
                BatchResult(
                    nonce=scan.nonce,
                    result="checked_in",
                    registration_id=done.registration_id,
                    checked_in_at=done.checked_in_at,
                )
            )
        except DomainError as refusal:
            results.append(
                BatchResult(
                    nonce=scan.nonce,
                    result=refusal.code,
                    duplicate=isinstance(refusal, AlreadyCheckedIn),
                )
            )
    return results

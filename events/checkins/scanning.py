"""Scanning tickets at the door, one at a time or as an offline batch: exactly one success per
ticket, every scan stored with its outcome, a repeated nonce answered as its first scan was."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.checkins.structs import (
    BatchResult,
    CheckedIn,
    CheckinBatchIn,
    CheckinIn,
    _Event,
)
from events.errors import (
    AlreadyCheckedIn,
    DomainError,
    EventNotFound,
    InvalidTicket,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    TicketRevoked,
    WrongEvent,
)
from events.tickets import codes, tokens


class _Ticket(msgspec.Struct, frozen=True, kw_only=True):
    ticket_id: UUID
    event_id: UUID
    revoked_at: datetime | None
    registration_id: UUID
    status: str
    checked_in_at: datetime | None
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


async def _door_event(conn: db.Conn, *, event_id: UUID, by: Actor) -> _Event:
    by.require("organiser", "coach")
    event = await db.fetch_one(conn, "get_event_scope_for_registration", _Event, event_id=event_id)
    if event is None or not by.is_staff_of(event.organisation_id):
        raise EventNotFound
    return event


async def _find_ticket(conn: db.Conn, *, event_id: UUID, scanned: str) -> _Ticket:
    """The ticket a scan names: a signed token (or link to it) verified with its event's key, or
    a short code typed at the door."""
    if len(scanned.strip()) <= 40:
        short_code = codes.parse_code(scanned)
        found = await db.fetch_one(
            conn,
            "get_ticket_for_checkin_by_code",
            _Ticket,
            event_id=event_id,
            short_code=short_code,
        )
        if found is None:
            raise InvalidTicket
        return found
    token = tokens.token_from_scan(scanned)
    token_event = tokens.unverified_event_id(token)
    public_key = await db.fetch_value(
        conn, "get_event_public_key_for_checkin", event_id=token_event
    )
    if public_key is None:
        raise InvalidTicket
    claims = tokens.verify(public_key, token)
    found = await db.fetch_one(conn, "get_ticket_for_checkin", _Ticket, ticket_id=claims.ticket_id)
    if found is None or found.event_id != claims.event_id:
        raise InvalidTicket
    return found


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
    ticket: _Ticket | None = None
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
        checked_in_at = await db.fetch_value(
            conn, "mark_checked_in", registration_id=ticket.registration_id, at=at, by=by.id
        )
        if checked_in_at is None:
            current = await db.fetch_one(
                conn, "get_ticket_for_checkin", _Ticket, ticket_id=ticket.ticket_id
            )
            first = current.checked_in_at if current else None
            raise AlreadyCheckedIn(extra={"checked_in_at": first.isoformat() if first else None})
    except DomainError as refusal:
        stored = await _store_scan(
            conn,
            event_id=event_id,
            ticket=ticket if ticket and ticket.event_id == event_id else None,
            result=refusal.code,
            by=by,
            at=at,
            nonce=nonce,
            offline=offline,
        )
        if not stored and nonce is not None:
            return await _replay_nonce(conn, event_id=event_id, nonce=nonce)
        raise
    stored = await _store_scan(
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
        checked_in_at=checked_in_at,
        display_name=ticket.display_name,
    )


async def _store_scan(
    conn: db.Conn,
    *,
    event_id: UUID,
    ticket: _Ticket | None,
    result: str,
    by: Actor,
    at: datetime,
    nonce: str | None,
    offline: bool,
) -> bool:
    """Store the scan; False when a scan with the same nonce got there first."""
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
    await _door_event(conn, event_id=event_id, by=by)
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
    await _door_event(conn, event_id=event_id, by=by)
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

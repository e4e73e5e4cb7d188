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
    DoorPerson,
    ScanMethod,
)
from events.directory.candidates import fold
from events.errors import (
    AlreadyCheckedIn,
    DomainError,
    InvalidTicket,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    RegistrationNotFound,
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
        checked_in = await _let_in(
            conn, registration_id=ticket.registration_id, status=ticket.status, at=at, by=by
        )
    except DomainError as refusal:
        # The refused scan is the record of the refusal: it is kept even though the refusal
        # rolls the request back (a partial binds the values now, not when it is written again).
        record = functools.partial(
            store_scan,
            event_id=event_id,
            ticket_id=ticket.ticket_id if ticket and ticket.event_id == event_id else None,
            registration_id=(
                ticket.registration_id if ticket and ticket.event_id == event_id else None
            ),
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
        ticket_id=ticket.ticket_id,
        registration_id=ticket.registration_id,
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


async def _let_in(
    conn: db.Conn, *, registration_id: UUID, status: str, at: datetime, by: Actor
) -> _CheckedIn:
    """The one rule of letting a registration in, by ticket or by name: confirmed only, and
    the first check-in wins (a later one is ``already_checked_in``)."""
    if status == "waitlisted":
        raise NotConfirmed
    checked_in = await db.fetch_one(
        conn, "mark_checked_in", _CheckedIn, registration_id=registration_id, at=at, by=by.id
    )
    if checked_in is None:
        first = await db.fetch_value(conn, "get_checked_in_at", registration_id=registration_id)
        raise AlreadyCheckedIn(extra={"checked_in_at": first.isoformat() if first else None})
    return checked_in


async def store_scan(
    conn: db.Conn,
    *,
    event_id: UUID,
    ticket_id: UUID | None,
    registration_id: UUID | None,
    result: str,
    by: Actor,
    at: datetime,
    nonce: str | None,
    offline: bool,
    method: ScanMethod = "ticket",
) -> bool:
    """Every scan at the door is kept with its outcome (``checked_in``, a refusal's code, or
    ``annulled``), the ticket it named when that ticket is of this event, who scanned and when;
    False when a scan with the same nonce got there first."""
    scan_id = await db.fetch_value(
        conn,
        "insert_scan",
        event_id=event_id,
        ticket_id=ticket_id,
        registration_id=registration_id,
        result=result,
        scanned_by=by.id,
        scanned_at=at,
        nonce=nonce,
        offline=offline,
        method=method,
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


class _Registration(msgspec.Struct, frozen=True, kw_only=True):
    ticket_id: UUID | None
    status: str


async def check_in_registration(
    conn: db.Conn,
    *,
    registration_id: UUID,
    by: Actor,
    now: datetime,
    event_id: UUID | None = None,
) -> CheckedIn:
    """The staff let a confirmed person in by name (someone who lost their ticket and phone):
    the same access and the same first-check-in-wins rule as a ticket's scan; the scan is kept
    with the method ``by_name``. To anyone who does not run the event the registration does
    not exist, and so is it at the door of another event (``event_id``, when given)."""
    by.require("organiser", "coach")
    event = await access.lock_event_of_registration(conn, registration_id=registration_id, by=by)
    if event_id is not None and event.id != event_id:
        raise RegistrationNotFound
    found = await db.fetch_one(
        conn, "get_registration_for_checkin", _Registration, registration_id=registration_id
    )
    if found is None:
        raise RegistrationNotFound
    record = functools.partial(
        store_scan,
        event_id=event.id,
        ticket_id=found.ticket_id,
        registration_id=registration_id,
        by=by,
        at=now,
        nonce=None,
        offline=False,
        method="by_name",
    )
    try:
        if found.status == "cancelled":
            raise RegistrationAlreadyCancelled
        checked_in = await _let_in(
            conn, registration_id=registration_id, status=found.status, at=now, by=by
        )
    except DomainError as refusal:
        await db.keep_refusal_record(conn, refusal, functools.partial(record, result=refusal.code))
        raise
    await record(conn, result="checked_in")
    await audit.record(
        conn,
        by=by,
        action="registration.check_in",
        subject_type="registration",
        subject_id=registration_id,
        data={"offline": False, "method": "by_name"},
    )
    return CheckedIn(
        registration_id=registration_id,
        checked_in_at=checked_in.checked_in_at,
        display_name=checked_in.display_name,
    )


async def door_people(
    conn: db.Conn, *, event_id: UUID, by: Actor, q: str | None = None, limit: int = 5000
) -> list[DoorPerson]:
    """The confirmed candidates of the event, for its door: first name, last initial and short
    code, nothing else; those whose name holds ``q`` (accents, case and punctuation aside, as the
    candidates' search) when it is given."""
    await door_event(conn, event_id=event_id, by=by)
    folded = fold(q) if q else ""
    if q is not None and not folded:
        return []
    rows = await db.fetch_all(
        conn, "list_door_people", _Person, event_id=event_id, q=folded or None, max=limit
    )
    return [
        DoorPerson(
            registration_id=r.registration_id,
            name=f"{r.first_name} {r.initial}.",
            first_name=r.first_name,
            initial=r.initial,
            short_code=codes.format_code(r.short_code),
            checked_in=r.checked_in,
        )
        for r in rows
    ]


class _Person(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    first_name: str
    initial: str
    short_code: str
    checked_in: bool

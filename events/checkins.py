"""Check-in at the door: exactly one success per ticket, every scan stored with its outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import (
    AlreadyCheckedIn,
    DomainError,
    EventNotFound,
    EventNotOver,
    InvalidTicket,
    NotCheckedIn,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    RegistrationNotFound,
    TicketRevoked,
    WrongEvent,
)
from events.tickets import codes, issuing, tokens

ScanText = Annotated[str, msgspec.Meta(max_length=4096)]
Nonce = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]


class CheckinIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a scanner read (the token, a ticket link, or a typed short code)."""

    token: ScanText
    nonce: Nonce | None = None


class OfflineScanIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    token: ScanText
    scanned_at: Annotated[datetime, msgspec.Meta(tz=True)]
    nonce: Nonce


class CheckinBatchIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    scans: Annotated[list[OfflineScanIn], msgspec.Meta(min_length=1, max_length=1000)]


class CheckedIn(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    checked_in_at: datetime
    display_name: str


class BatchResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    nonce: str
    result: str
    registration_id: UUID | None = None
    checked_in_at: datetime | None = None
    duplicate: bool = False


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


class _Event(msgspec.Struct, frozen=True):
    id: UUID
    organisation_id: UUID
    status: str
    ends_at: datetime


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


async def _door_event(conn: Any, *, event_id: UUID, by: Actor) -> _Event:
    by.require("organiser", "coach")
    event = await db.fetch_one(conn, "registrations_event_scope", _Event, event_id=event_id)
    if event is None or not by.is_staff_of(event.organisation_id):
        raise EventNotFound
    return event


async def _find_ticket(conn: Any, *, event_id: UUID, scanned: str) -> _Ticket:
    """The ticket a scan names: a signed token (or link to it) verified with its event's key, or
    a short code typed at the door."""
    if len(scanned.strip()) <= 40:
        short_code = codes.parse_code(scanned)
        found = await db.fetch_one(
            conn, "checkins_ticket_by_code", _Ticket, event_id=event_id, short_code=short_code
        )
        if found is None:
            raise InvalidTicket
        return found
    token = tokens.token_from_scan(scanned)
    token_event = tokens.unverified_event_id(token)
    public_key = await db.fetch_value(conn, "checkins_event_public_key", event_id=token_event)
    if public_key is None:
        raise InvalidTicket
    claims = tokens.verify(public_key, token)
    found = await db.fetch_one(conn, "checkins_ticket", _Ticket, ticket_id=claims.ticket_id)
    if found is None or found.event_id != claims.event_id:
        raise InvalidTicket
    return found


async def _scan(
    conn: Any,
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
            conn, "checkins_scan_by_nonce", _Scan, event_id=event_id, nonce=nonce
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
            conn, "checkins_mark", registration_id=ticket.registration_id, at=at, by=by.id
        )
        if checked_in_at is None:
            current = await db.fetch_one(
                conn, "checkins_ticket", _Ticket, ticket_id=ticket.ticket_id
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
    conn: Any,
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
        "checkins_insert_scan",
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


async def _replay_nonce(conn: Any, *, event_id: UUID, nonce: str) -> CheckedIn:
    earlier = await db.fetch_one(
        conn, "checkins_scan_by_nonce", _Scan, event_id=event_id, nonce=nonce
    )
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
    conn: Any, *, event_id: UUID, checkin: CheckinIn, by: Actor, now: datetime
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
    conn: Any, *, event_id: UUID, batch: CheckinBatchIn, by: Actor
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


class AnnulledCheckin(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    checked_in: bool


async def annul(conn: Any, *, registration_id: UUID, by: Actor, now: datetime) -> AnnulledCheckin:
    """An organiser undoes a check-in made by mistake; the scan history keeps both."""
    by.require("organiser")
    event = await db.fetch_one(
        conn, "checkins_event_of_registration", _Event, registration_id=registration_id
    )
    if event is None or not by.is_staff_of(event.organisation_id):
        raise RegistrationNotFound
    annulled = await db.fetch_value(conn, "checkins_annul", registration_id=registration_id)
    if annulled is None:
        raise NotCheckedIn
    await _store_scan(
        conn,
        event_id=event.id,
        ticket=None,
        result="annulled",
        by=by,
        at=now,
        nonce=None,
        offline=False,
    )
    await audit.record(
        conn,
        by=by,
        action="registration.check_in_annul",
        subject_type="registration",
        subject_id=registration_id,
    )
    return AnnulledCheckin(registration_id=registration_id, checked_in=False)


class NoShows(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    marked: int


async def mark_no_shows(conn: Any, *, event_id: UUID, by: Actor, now: datetime) -> NoShows:
    """Once the event is over, confirmed registrations never checked in become no-shows."""
    by.require("organiser")
    event = await _door_event(conn, event_id=event_id, by=by)
    if now < event.ends_at:
        raise EventNotOver
    marked = await db.fetch_value(conn, "registrations_mark_no_shows", event_id=event_id)
    await audit.record(
        conn,
        by=by,
        action="event.mark_no_shows",
        subject_type="event",
        subject_id=event_id,
        data={"marked": marked},
    )
    return NoShows(event_id=event_id, marked=marked)


class RoleCounts(msgspec.Struct, frozen=True, kw_only=True):
    confirmed: int = 0
    checked_in: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    no_show: int = 0


class DoorSummary(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    candidates: RoleCounts
    companies: RoleCounts


class _Count(msgspec.Struct, frozen=True):
    role: str
    status: str
    n: int
    checked_in: int


async def summary(conn: Any, *, event_id: UUID, by: Actor) -> DoorSummary:
    """Confirmed, checked in, waitlisted, cancelled and no-show, by role."""
    await _door_event(conn, event_id=event_id, by=by)
    counts: dict[str, dict[str, int]] = {"candidate": {}, "company": {}}
    for row in await db.fetch_all(conn, "registrations_summary", _Count, event_id=event_id):
        role = counts[row.role]
        role[row.status] = row.n
        role["checked_in"] = role.get("checked_in", 0) + row.checked_in
    return DoorSummary(
        event_id=event_id,
        candidates=msgspec.convert(counts["candidate"], RoleCounts),
        companies=msgspec.convert(counts["company"], RoleCounts),
    )


class CheckinKey(msgspec.Struct, frozen=True, kw_only=True):
    """All a scanner needs to accept or refuse tickets offline."""

    event_id: UUID
    algorithm: str
    public_key: str
    public_key_pem: str
    revoked_ticket_ids: list[UUID]


class _Revoked(msgspec.Struct, frozen=True):
    id: UUID
    revoked_at: datetime


async def checkin_key(conn: Any, *, event_id: UUID, by: Actor) -> CheckinKey:
    await _door_event(conn, event_id=event_id, by=by)
    key = await issuing.event_key(conn, event_id=event_id)
    revoked = await db.fetch_all(conn, "tickets_revoked_for_event", _Revoked, event_id=event_id)
    return CheckinKey(
        event_id=event_id,
        algorithm="Ed25519",
        public_key=tokens.public_key_base64url(key.public_key),
        public_key_pem=tokens.public_key_pem(key.public_key),
        revoked_ticket_ids=[r.id for r in revoked],
    )

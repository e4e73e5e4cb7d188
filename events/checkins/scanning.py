"""Scanning tickets at the door, one at a time or as an offline batch: exactly one success per
ticket, every scan stored with its outcome, a repeated nonce answered as its first scan was.

The rest of the door (``events.checkins.door``) shares two things kept here: ``door_event``, the
event as the staff at its door may see it, and ``store_scan``, the history of scans.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any
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
    ScanMethod,
)
from events.directory import accounts
from events.directory.accounts import Bearer
from events.errors import (
    AlreadyCheckedIn,
    DomainError,
    EventNotFound,
    Forbidden,
    InvalidTicket,
    NotAuthenticated,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    RegistrationNotFound,
    TicketRevoked,
    WrongEvent,
)
from events.tickets import by_token, codes, tokens


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


class _Scanned(msgspec.Struct, frozen=True, kw_only=True):
    """What ``record_scan`` answers: whether the session and the event passed, a scan made
    before with the same nonce, or the scan stored now (none: a concurrent scan stored the
    nonce first)."""

    session_ok: bool
    event_ok: bool
    earlier_result: str | None
    earlier_registration_id: UUID | None
    earlier_checked_in_at: datetime | None
    earlier_display_name: str | None
    result: str | None
    ticket_id: UUID | None
    registration_id: UUID | None
    checked_in_at: datetime | None
    display_name: str | None
    first_checked_in_at: datetime | None


class _Named(msgspec.Struct, frozen=True, kw_only=True):
    """The ticket a scan names, as far as it can be read without the database: a verified
    token's ticket and the event that signed it, or a short code; nothing when neither could be
    read (an invalid ticket)."""

    ticket_id: UUID | None = None
    ticket_event_id: UUID | None = None
    short_code: str | None = None


async def _named(conn: db.Conn, scanned: str) -> _Named:
    """A short code typed at the door (40 characters at most), or a signed token or a link to
    it, verified with the public key of the event it names (``by_token.verified``)."""
    try:
        if len(scanned.strip()) <= 40:
            return _Named(short_code=codes.parse_code(scanned))
        claims = await by_token.verified(conn, token=tokens.token_from_scan(scanned))
    except InvalidTicket:
        return _Named()
    return _Named(ticket_id=claims.ticket_id, ticket_event_id=claims.event_id)


async def _scan(
    conn: db.Conn,
    *,
    event_id: UUID,
    scanned: str,
    nonce: str | None,
    at: datetime,
    by: Actor,
    offline: bool,
    session_id: UUID | None = None,
) -> CheckedIn:
    """One scan, by the one statement ``record_scan`` (its rules are there); ``session_id``
    when the statement runs alone and checks the session itself. A refused scan is stored by
    the statement, and its refusal carries that record (``db.keep_refusal_record``), which a
    caller's transaction rolled back writes again."""
    named = await _named(conn, scanned)
    done = await db.fetch_one(
        conn,
        "record_scan",
        _Scanned,
        session_id=session_id,
        actor_id=by.id,
        actor_role=by.role,
        now=at,  # alone, the scan is made now; in a batch, no session is read
        is_admin=by.is_admin,
        organisation_id=by.organisation_id,
        event_id=event_id,
        nonce=nonce,
        ticket_id=named.ticket_id,
        ticket_event_id=named.ticket_event_id,
        short_code=named.short_code,
        at=at,
        offline=offline,
    )
    assert done is not None  # the statement answers one row  # noqa: S101
    if not done.session_ok:
        raise NotAuthenticated
    if not done.event_ok:
        raise EventNotFound
    if done.earlier_result is not None:
        return _replay(
            _Scan(
                result=done.earlier_result,
                registration_id=done.earlier_registration_id,
                scanned_at=at,
                checked_in_at=done.earlier_checked_in_at,
                display_name=done.earlier_display_name,
            )
        )
    if done.result is None:
        assert nonce is not None  # only a nonce can make a scan conflict  # noqa: S101
        return await _replay_nonce(conn, event_id=event_id, nonce=nonce)
    if done.result == "checked_in":
        assert done.registration_id and done.checked_in_at  # noqa: S101
        return CheckedIn(
            registration_id=done.registration_id,
            checked_in_at=done.checked_in_at,
            display_name=done.display_name or "",
        )
    refusal = _refusal(done)
    if done.result == AlreadyCheckedIn.code and done.first_checked_in_at is None:
        # Checked in by a scan that won while this one waited (or a no-show): read it now.
        first = await db.fetch_value(
            conn, "get_checked_in_at", registration_id=done.registration_id
        )
        refusal.extra = {"checked_in_at": first.isoformat() if first else None}
    # Stored already: the record is for a caller's transaction that rolls the refusal back.
    refusal.record = functools.partial(
        store_scan,
        event_id=event_id,
        ticket_id=done.ticket_id,
        registration_id=done.registration_id,
        result=done.result,
        by=by,
        at=at,
        nonce=nonce,
        offline=offline,
    )
    raise refusal


def _refusal(done: _Scanned) -> DomainError:
    if done.result == AlreadyCheckedIn.code:
        first = done.first_checked_in_at
        return AlreadyCheckedIn(extra={"checked_in_at": first.isoformat() if first else None})
    return _REFUSALS.get(done.result or "", InvalidTicket)()


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
    """One success per ticket; refusals are stored as scans with their reason. In the caller's
    transaction (whose session is checked): the door's page."""
    by.require("organiser", "coach")
    return await _scan(
        conn,
        event_id=event_id,
        scanned=checkin.token,
        nonce=checkin.nonce,
        at=now,
        by=by,
        offline=False,
    )


async def check_in_alone(
    pool: Any, *, event_id: UUID, checkin: CheckinIn, bearer: Bearer, now: datetime
) -> CheckedIn:
    """``check_in`` as the API's scan runs it: one statement, alone, which checks the token's
    session too (``db.statement_alone``: one round trip to the database in all)."""
    by = bearer.actor
    async with db.statement_alone(pool) as conn:
        if by.role not in ("admin", "organiser", "coach"):
            await accounts.check_session(conn, bearer=bearer, now=now)  # 401 before 403
            raise Forbidden
        return await _scan(
            conn,
            event_id=event_id,
            scanned=checkin.token,
            nonce=checkin.nonce,
            at=now,
            by=by,
            offline=False,
            session_id=bearer.session_id,
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

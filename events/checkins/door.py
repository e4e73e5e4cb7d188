"""The rest of the door's work: annulling a mistaken check-in, marking no-shows once the event
is over, the door summary by role, the key a scanner needs offline, and who may be let in by
name (``people_at_door``: confirmed candidates and companies)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.catalog import access
from events.checkins.scanning import door_event, store_scan
from events.checkins.structs import (
    AnnulledCheckin,
    CheckinKey,
    DoorSummary,
    NoShows,
    RoleCounts,
)
from events.directory.candidates import fold
from events.errors import (
    EventNotOver,
    NotCheckedIn,
)
from events.tickets import codes, issuing, tokens


async def annul(
    conn: db.Conn, *, registration_id: UUID, by: Actor, now: datetime
) -> AnnulledCheckin:
    """An organiser undoes a check-in made by mistake; the scan history keeps both."""
    by.require("organiser")
    # Under the event's lock, as every change to a registration; to anyone who does not run
    # the event the registration does not exist.
    event = await access.lock_event_of_registration(conn, registration_id=registration_id, by=by)
    annulled = await db.fetch_value(conn, "annul_checkin", registration_id=registration_id)
    if annulled is None:
        raise NotCheckedIn
    await store_scan(
        conn,
        event_id=event.id,
        ticket_id=None,
        registration_id=None,
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


async def mark_no_shows(conn: db.Conn, *, event_id: UUID, by: Actor, now: datetime) -> NoShows:
    """Once the event is over, confirmed registrations never checked in become no-shows."""
    by.require("organiser")
    event = await door_event(conn, event_id=event_id, by=by)
    if now < event.ends_at:
        raise EventNotOver
    marked = await db.fetch_value(conn, "mark_no_shows", event_id=event_id)
    await audit.record(
        conn,
        by=by,
        action="event.mark_no_shows",
        subject_type="event",
        subject_id=event_id,
        data={"marked": marked},
    )
    return NoShows(event_id=event_id, marked=marked)


class _Count(msgspec.Struct, frozen=True):
    role: str
    status: str
    n: int
    checked_in: int


async def summary(conn: db.Conn, *, event_id: UUID, by: Actor) -> DoorSummary:
    """Confirmed, checked in, waitlisted, cancelled and no-show, by role."""
    await door_event(conn, event_id=event_id, by=by)
    counts: dict[str, dict[str, int]] = {"candidate": {}, "company": {}}
    for row in await db.fetch_all(conn, "list_registration_summary", _Count, event_id=event_id):
        role = counts[row.role]
        role[row.status] = row.n
        role["checked_in"] = role.get("checked_in", 0) + row.checked_in
    return DoorSummary(
        event_id=event_id,
        candidates=msgspec.convert(counts["candidate"], RoleCounts),
        companies=msgspec.convert(counts["company"], RoleCounts),
    )


class _Revoked(msgspec.Struct, frozen=True):
    id: UUID
    revoked_at: datetime


async def checkin_key(conn: db.Conn, *, event_id: UUID, by: Actor) -> CheckinKey:
    await door_event(conn, event_id=event_id, by=by)
    key = await issuing.event_key(conn, event_id=event_id)
    revoked = await db.fetch_all(conn, "list_revoked_tickets", _Revoked, event_id=event_id)
    return CheckinKey(
        event_id=event_id,
        algorithm="Ed25519",
        public_key=tokens.public_key_base64url(key.public_key),
        public_key_pem=tokens.public_key_pem(key.public_key),
        revoked_ticket_ids=[r.id for r in revoked],
    )


class DoorEntry(msgspec.Struct, frozen=True, kw_only=True):
    """Someone the door may let in by name, as the door shows them and nothing more: a
    confirmed candidate (first name and last initial) or a confirmed company (its name, which
    its representatives come in under), with the live ticket's short code."""

    registration_id: UUID
    role: Literal["candidate", "company"]
    name: str
    short_code: str
    checked_in: bool


class _Candidate(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    first_name: str
    initial: str
    short_code: str
    checked_in: bool


class _Company(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    name: str
    short_code: str
    checked_in: bool


async def people_at_door(
    conn: db.Conn, *, event_id: UUID, by: Actor, q: str | None = None, limit: int = 5000
) -> list[DoorEntry]:
    """The confirmed candidates and companies of the event, for its door (the same access as a
    scan): the name shown at the door and the short code, nothing else; those whose name holds
    ``q`` (accents, case and punctuation aside, as the candidates' search) when it is given. In
    the order of their names, at most ``limit``."""
    await door_event(conn, event_id=event_id, by=by)
    folded = fold(q) if q else ""
    if q is not None and not folded:
        return []
    candidates = await db.fetch_all(
        conn, "list_door_people", _Candidate, event_id=event_id, q=folded or None, max=limit
    )
    companies = await db.fetch_all(conn, "list_door_companies", _Company, event_id=event_id)
    found = [
        DoorEntry(
            registration_id=c.registration_id,
            role="candidate",
            name=f"{c.first_name} {c.initial}.",
            short_code=codes.format_code(c.short_code),
            checked_in=c.checked_in,
        )
        for c in candidates
    ] + [
        DoorEntry(
            registration_id=c.registration_id,
            role="company",
            name=c.name,
            short_code=codes.format_code(c.short_code),
            checked_in=c.checked_in,
        )
        for c in companies
        if folded in fold(c.name)
    ]
    found.sort(key=lambda entry: (fold(entry.name), entry.role, str(entry.registration_id)))
    return found[:limit]

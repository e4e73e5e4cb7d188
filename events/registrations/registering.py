"""Registering one candidate or company (with an idempotency key, a retry gets the first
answer) or a prescriber's group, under the event's lock so capacity per role is never exceeded
and a full event waitlists in order."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import (
    AlreadyRegistered,
    CandidateNotFound,
    CompanyNotFound,
    EventNotFound,
    Forbidden,
    IdempotencyKeyReused,
    InvalidInput,
    RegistrationClosed,
)
from events.messages import notifications
from events.registrations.structs import (
    BulkItem,
    BulkRegistrationIn,
    Registered,
    RegistrationIn,
    RegistrationRole,
    RegistrationRow,
    _EventLock,
    _link,
)
from events.tickets import issuing


async def _lock_event(conn: db.Conn, *, event_id: UUID, by: Actor) -> _EventLock:
    """The event's own staff, or any staff once it is published (prescribers refer candidates
    to other organisations' events)."""
    event = await db.fetch_one(conn, "lock_event_for_registration", _EventLock, event_id=event_id)
    if event is None or not (by.is_staff_of(event.organisation_id) or event.status == "published"):
        raise EventNotFound
    return event


async def _check_candidate(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> None:
    """Staff register their own organisation's candidates; a prescriber organisation may refer
    its candidates to another organisation's published event."""
    organisation_id = await db.fetch_value(
        conn, "get_candidate_organisation", candidate_id=candidate_id
    )
    if organisation_id is None or not by.is_staff_of(organisation_id):
        raise CandidateNotFound


async def _check_company(
    conn: db.Conn, *, company_id: UUID | None, event: _EventLock, by: Actor
) -> None:
    """Companies are registered by the event's own staff."""
    if not by.is_staff_of(event.organisation_id):
        raise Forbidden
    if not await db.fetch_value(conn, "check_company_for_registration", company_id=company_id):
        raise CompanyNotFound


async def _register_locked(
    conn: db.Conn,
    *,
    event: _EventLock,
    registration: RegistrationIn,
    by: Actor,
    now: datetime,
    public_url: str,
) -> Registered:
    """The caller has checked the candidate (before taking the lock: it needs none)."""
    if event.status != "published":
        raise RegistrationClosed(status=event.status)
    role: RegistrationRole = "candidate" if registration.candidate_id else "company"
    if role == "company":
        await _check_company(conn, company_id=registration.company_id, event=event, by=by)
    row = await db.fetch_one(
        conn,
        "insert_registration",
        RegistrationRow,
        event_id=event.id,
        role=role,
        candidate_id=registration.candidate_id,
        company_id=registration.company_id,
        capacity=event.capacity(role),
        registered_by=by.id,
        now=now,
    )
    if row is None:
        raise AlreadyRegistered
    ticket = await issuing.issue(conn, event_id=event.id, registration_id=row.id, serial=1)
    await audit.record(
        conn,
        by=by,
        action="registration.create",
        subject_type="registration",
        subject_id=row.id,
        on_behalf_of=registration.candidate_id or registration.company_id,
        data={"event_id": str(event.id), "role": role, "status": row.status},
    )
    await notifications.registered(conn, registration_id=row.id, role=row.role, status=row.status)
    position = None
    if row.status == "waitlisted":
        position = await db.fetch_value(
            conn,
            "get_waitlist_position",
            event_id=event.id,
            role=role,
            seq=row.waitlist_seq,
        )
    return Registered(
        id=row.id,
        event_id=row.event_id,
        role=row.role,
        status=row.status,
        candidate_id=row.candidate_id,
        company_id=row.company_id,
        waitlist_position=position,
        ticket=_link(ticket, public_url),
    )


async def register(
    conn: db.Conn,
    *,
    event_id: UUID,
    registration: RegistrationIn,
    by: Actor,
    now: datetime,
    public_url: str,
    idempotency_key: str | None = None,
) -> Registered:
    """Register one candidate or company; with an idempotency key, a retry gets the first answer
    (and a different request under the same key is refused)."""
    by.require("organiser", "coach")
    if idempotency_key is not None:
        request_hash = hashlib.sha256(
            b"register:" + event_id.bytes + msgspec.json.encode(registration)
        ).hexdigest()
        replay = await _claim(conn, by=by, key=idempotency_key, request_hash=request_hash)
        if replay is not None:
            return msgspec.convert(replay, Registered)
    if registration.candidate_id is not None:
        await _check_candidate(conn, candidate_id=registration.candidate_id, by=by)
    event = await _lock_event(conn, event_id=event_id, by=by)
    result = await _register_locked(
        conn, event=event, registration=registration, by=by, now=now, public_url=public_url
    )
    if idempotency_key is not None:
        await db.execute(
            conn,
            "store_idempotent_response",
            actor_id=by.id,
            key=idempotency_key,
            status_code=201,
            response=msgspec.to_builtins(result),
        )
    return result


class _Stored(msgspec.Struct, frozen=True):
    request_hash: str
    status_code: int | None
    response: Any


async def _claim(conn: db.Conn, *, by: Actor, key: str, request_hash: str) -> Any:
    """Claim the key, or return the stored answer of the request that claimed it first. A
    concurrent first request holds the key's row until it commits, so this waits for it."""
    if not 1 <= len(key) <= 200 or "\x00" in key:
        raise InvalidInput(
            field="Idempotency-Key",
            reason_fr="La clé doit faire de 1 à 200 caractères.",
            reason_en="The key must be 1 to 200 characters long.",
        )
    claimed = await db.fetch_value(
        conn, "claim_idempotency_key", actor_id=by.id, key=key, request_hash=request_hash
    )
    if claimed is not None:
        return None
    stored = await db.fetch_one(conn, "get_idempotency_key", _Stored, actor_id=by.id, key=key)
    if stored is None or stored.request_hash != request_hash or stored.response is None:
        raise IdempotencyKeyReused
    return stored.response


async def register_many(
    conn: db.Conn,
    *,
    event_id: UUID,
    bulk: BulkRegistrationIn,
    by: Actor,
    now: datetime,
    public_url: str,
) -> list[BulkItem]:
    """A prescriber's group: each candidate is registered or refused on its own, in order."""
    by.require("organiser", "coach")
    event = await _lock_event(conn, event_id=event_id, by=by)
    if event.status != "published":
        raise RegistrationClosed(status=event.status)
    results: list[BulkItem] = []
    for candidate_id in bulk.candidate_ids:
        try:
            async with conn.transaction():  # a savepoint: one refusal keeps the others
                await _check_candidate(conn, candidate_id=candidate_id, by=by)
                registered = await _register_locked(
                    conn,
                    event=event,
                    registration=RegistrationIn(candidate_id=candidate_id),
                    by=by,
                    now=now,
                    public_url=public_url,
                )
            results.append(BulkItem(candidate_id=candidate_id, ok=True, registration=registered))
        except (AlreadyRegistered, CandidateNotFound) as refusal:
            results.append(
                BulkItem(
                    candidate_id=candidate_id,
                    ok=False,
                    code=refusal.code,
                    status_code=refusal.status_code,
                )
            )
    return results

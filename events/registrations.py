"""Registrations: capacity per role is never exceeded, a full event waitlists in order, and a
cancellation hands the place to the first waitlisted of the same role in the same transaction."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from events import audit, db, notifications
from events.actors import Actor
from events.errors import (
    AlreadyCheckedIn,
    AlreadyRegistered,
    CandidateNotFound,
    CapacityBelowConfirmed,
    CompanyNotFound,
    EventNotFound,
    Forbidden,
    IdempotencyKeyReused,
    InvalidInput,
    RegistrationAlreadyCancelled,
    RegistrationClosed,
    RegistrationNotFound,
)
from events.pagination import decode_cursor, encode_cursor
from events.tickets import issuing

RegistrationRole = Literal["candidate", "company"]
RegistrationStatus = Literal["confirmed", "waitlisted", "cancelled", "no_show"]


class RegistrationIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    candidate_id: UUID | None = None
    company_id: UUID | None = None

    def __post_init__(self) -> None:
        if (self.candidate_id is None) == (self.company_id is None):
            raise ValueError("give exactly one of candidate_id or company_id")


class BulkRegistrationIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    candidate_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=200)]


class _EventLock(msgspec.Struct, frozen=True):
    id: UUID
    organisation_id: UUID
    status: str
    capacity_candidates: int
    capacity_companies: int

    def capacity(self, role: RegistrationRole) -> int:
        return self.capacity_candidates if role == "candidate" else self.capacity_companies


class RegistrationRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    role: RegistrationRole
    candidate_id: UUID | None
    company_id: UUID | None
    status: RegistrationStatus
    waitlist_seq: int | None
    created_at: datetime
    checked_in_at: datetime | None


class TicketLink(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    url: str
    short_code: str


class Registered(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A registration as its registrar sees it, with the ticket to hand over."""

    id: UUID
    event_id: UUID
    role: RegistrationRole
    status: RegistrationStatus
    candidate_id: UUID | None = None
    company_id: UUID | None = None
    waitlist_position: int | None = None
    ticket: TicketLink | None = None


class BulkItem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    candidate_id: UUID
    ok: bool
    registration: Registered | None = None
    code: str | None = None
    status_code: int | None = None


class RegistrationListItem(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    role: RegistrationRole
    candidate_id: UUID | None
    company_id: UUID | None
    status: RegistrationStatus
    created_at: datetime
    checked_in_at: datetime | None
    waitlist_position: int | None
    display_name: str


class RegistrationPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[RegistrationListItem]
    next_cursor: str | None


class _Cancelled(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    role: RegistrationRole
    candidate_id: UUID | None
    company_id: UUID | None
    previous_status: RegistrationStatus


class Cancelled(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: UUID
    status: Literal["cancelled"] = "cancelled"
    promoted_registration_id: UUID | None = None


async def _lock_event(conn: Any, *, event_id: UUID, by: Actor) -> _EventLock:
    """The event's own staff, or any staff once it is published (prescribers refer candidates
    to other organisations' events)."""
    event = await db.fetch_one(conn, "registrations_lock_event", _EventLock, event_id=event_id)
    if event is None or not (by.is_staff_of(event.organisation_id) or event.status == "published"):
        raise EventNotFound
    return event


async def _check_candidate(conn: Any, *, candidate_id: UUID, by: Actor) -> None:
    """Staff register their own organisation's candidates; a prescriber organisation may refer
    its candidates to another organisation's published event."""
    organisation_id = await db.fetch_value(
        conn, "registrations_candidate_organisation", candidate_id=candidate_id
    )
    if organisation_id is None or not by.is_staff_of(organisation_id):
        raise CandidateNotFound


async def _check_company(
    conn: Any, *, company_id: UUID | None, event: _EventLock, by: Actor
) -> None:
    """Companies are registered by the event's own staff."""
    if not by.is_staff_of(event.organisation_id):
        raise Forbidden
    if not await db.fetch_value(conn, "registrations_company_exists", company_id=company_id):
        raise CompanyNotFound


async def _register_locked(
    conn: Any,
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
        "registrations_insert",
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
            "registrations_waitlist_position",
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
    conn: Any,
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
            "idempotency_store",
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


async def _claim(conn: Any, *, by: Actor, key: str, request_hash: str) -> Any:
    """Claim the key, or return the stored answer of the request that claimed it first. A
    concurrent first request holds the key's row until it commits, so this waits for it."""
    if not 1 <= len(key) <= 200 or "\x00" in key:
        raise InvalidInput(
            field="Idempotency-Key",
            reason_fr="La clé doit faire de 1 à 200 caractères.",
            reason_en="The key must be 1 to 200 characters long.",
        )
    claimed = await db.fetch_value(
        conn, "idempotency_claim", actor_id=by.id, key=key, request_hash=request_hash
    )
    if claimed is not None:
        return None
    stored = await db.fetch_one(conn, "idempotency_get", _Stored, actor_id=by.id, key=key)
    if stored is None or stored.request_hash != request_hash or stored.response is None:
        raise IdempotencyKeyReused
    return stored.response


async def register_many(
    conn: Any,
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


async def _lock_event_of(conn: Any, *, registration_id: UUID, by: Actor) -> _EventLock:
    """The registration's event, locked, for its own staff only."""
    by.require("organiser", "coach")
    event = await db.fetch_one(
        conn,
        "registrations_lock_event_of_registration",
        _EventLock,
        registration_id=registration_id,
    )
    if event is None or not by.is_staff_of(event.organisation_id):
        raise RegistrationNotFound
    return event


def _link(ticket: issuing.TicketRow, public_url: str) -> TicketLink:
    return TicketLink(
        token=ticket.token,
        url=f"{public_url.rstrip('/')}/t/{ticket.token}",
        short_code=ticket.short_code,
    )


async def cancel(conn: Any, *, registration_id: UUID, by: Actor, now: datetime) -> Cancelled:
    """Cancel and revoke the ticket; a confirmed place goes at once to the first waitlisted
    registration of the same role."""
    await _lock_event_of(conn, registration_id=registration_id, by=by)
    cancelled = await db.fetch_one(
        conn, "registrations_cancel", _Cancelled, id=registration_id, now=now, by=by.id
    )
    if cancelled is None:
        current = await db.fetch_one(conn, "registrations_get", RegistrationRow, id=registration_id)
        if current is not None and current.checked_in_at is not None:
            raise AlreadyCheckedIn(extra={"checked_in_at": current.checked_in_at.isoformat()})
        raise RegistrationAlreadyCancelled
    await db.execute(
        conn, "tickets_revoke_for_registration", registration_id=registration_id, now=now
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
    promoted = None
    if cancelled.previous_status == "confirmed":
        promoted = await db.fetch_one(
            conn,
            "registrations_promote_first",
            RegistrationRow,
            event_id=cancelled.event_id,
            role=cancelled.role,
            now=now,
        )
        if promoted is not None:
            await audit.record(
                conn,
                by=by,
                action="registration.promote",
                subject_type="registration",
                subject_id=promoted.id,
                on_behalf_of=promoted.candidate_id or promoted.company_id,
                data={"freed_by": str(registration_id)},
            )
            await notifications.registration_promoted(
                conn, registration_id=promoted.id, role=promoted.role
            )
    return Cancelled(id=registration_id, promoted_registration_id=promoted.id if promoted else None)


async def list_for_event(
    conn: Any,
    *,
    event_id: UUID,
    by: Actor,
    status: RegistrationStatus | None,
    limit: int,
    cursor: str | None,
) -> RegistrationPage:
    """The event's staff see its registrations, oldest first."""
    by.require("organiser", "coach")
    after = decode_cursor(cursor, tuple[datetime, UUID])
    event = await db.fetch_one(conn, "registrations_event_scope", _EventScope, event_id=event_id)
    if event is None or not by.is_staff_of(event.organisation_id):
        raise EventNotFound
    items = await db.fetch_all(
        conn,
        "registrations_list",
        RegistrationListItem,
        event_id=event_id,
        status=status,
        after_created=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = encode_cursor([items[-1].created_at, items[-1].id])
    return RegistrationPage(items=items, next_cursor=next_cursor)


class _EventScope(msgspec.Struct, frozen=True):
    id: UUID
    organisation_id: UUID
    status: str
    ends_at: datetime


async def reissue_ticket(
    conn: Any, *, registration_id: UUID, by: Actor, now: datetime, public_url: str
) -> TicketLink:
    """A lost or shared ticket is replaced: the old token is revoked at once, the new one has the
    next serial and a new short code."""
    event = await _lock_event_of(conn, registration_id=registration_id, by=by)
    current = await db.fetch_one(conn, "registrations_get", RegistrationRow, id=registration_id)
    if current is None or current.status in ("cancelled", "no_show"):
        raise RegistrationAlreadyCancelled
    await db.execute(
        conn, "tickets_revoke_for_registration", registration_id=registration_id, now=now
    )
    ticket = await issuing.issue(conn, event_id=event.id, registration_id=registration_id)
    await audit.record(
        conn,
        by=by,
        action="ticket.reissue",
        subject_type="registration",
        subject_id=registration_id,
        on_behalf_of=current.candidate_id or current.company_id,
        data={"serial": ticket.serial},
    )
    return _link(ticket, public_url)


async def fit_capacity(
    conn: Any, *, event_id: UUID, candidates: int, companies: int, by: Actor
) -> list[RegistrationRow]:
    """After a capacity change, under the event's lock: a capacity below the places already
    confirmed is refused; new places go at once to the waiting list, in order."""
    promoted: list[RegistrationRow] = []
    for role, capacity in (("candidate", candidates), ("company", companies)):
        confirmed = await db.fetch_value(
            conn, "registrations_count_confirmed", event_id=event_id, role=role
        )
        if confirmed > capacity:
            raise CapacityBelowConfirmed(confirmed=confirmed, extra={"role": role})
        promoted += await db.fetch_all(
            conn,
            "registrations_promote_waitlisted",
            RegistrationRow,
            event_id=event_id,
            role=role,
            places=capacity - confirmed,
        )
    for row in promoted:
        await audit.record(
            conn,
            by=by,
            action="registration.promote",
            subject_type="registration",
            subject_id=row.id,
            on_behalf_of=row.candidate_id or row.company_id,
            data={"reason": "capacity"},
        )
        await notifications.registration_promoted(conn, registration_id=row.id, role=row.role)
    return promoted

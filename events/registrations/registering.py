"""Registering one candidate or company (with an idempotency key, a retry gets the first
answer) or a prescriber's group, under the event's lock so capacity per role is never exceeded
and a full event waitlists in order."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import asyncpg
import msgspec

from events import audit, db, idempotency, links
from events.actors import Actor
from events.catalog import access
from events.catalog.access import EventScope
from events.directory.accounts import Bearer
from events.erasure.tombstone import refuse_if_erased
from events.errors import (
    AlreadyRegistered,
    CandidateNotFound,
    CompanyNotFound,
    DatabaseUnavailable,
    DomainError,
    EventNotFound,
    Forbidden,
    NotAuthenticated,
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
    RegistrationStatus,
    TicketLink,
    ticket_link,
)
from events.tickets import codes, issuing, tokens


def _places(event: EventScope, role: RegistrationRole) -> int:
    return event.capacity.candidates if role == "candidate" else event.capacity.companies


async def _check_candidate(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> None:
    """Staff register their own organisation's candidates; a prescriber organisation may refer
    its candidates to another organisation's published event."""
    organisation_id = await db.fetch_value(
        conn, "get_candidate_organisation", candidate_id=candidate_id
    )
    if organisation_id is None or not by.is_staff_of(organisation_id):
        raise CandidateNotFound
    await refuse_if_erased(conn, candidate_id=candidate_id, writing=True)


async def _check_company(
    conn: db.Conn, *, company_id: UUID | None, event: EventScope, by: Actor
) -> None:
    """Companies are registered by those who run the event."""
    if not access.runs(by, event):
        raise Forbidden
    if not await db.fetch_value(conn, "check_company_for_registration", company_id=company_id):
        raise CompanyNotFound


async def _register_locked(
    conn: db.Conn,
    *,
    event: EventScope,
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
        capacity=_places(event, role),
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
        ticket=ticket_link(ticket, public_url),
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
    (and a different request under the same key is refused: see ``events.idempotency``)."""
    by.require("organiser", "coach")

    async def write() -> Registered:
        if registration.candidate_id is not None:
            await _check_candidate(conn, candidate_id=registration.candidate_id, by=by)
        # Staff who may see the event register to it: prescribers refer their candidates to
        # other organisations' published events.
        event = await access.lock_event_to_see(conn, event_id=event_id, by=by)
        return await _register_locked(
            conn, event=event, registration=registration, by=by, now=now, public_url=public_url
        )

    return await idempotency.once(
        conn,
        key=idempotency_key,
        by=by,
        operation="register",
        subject=event_id,
        body=registration,
        answer=Registered,
        status_code=201,
        write=write,
    )


class _Registering(msgspec.Struct, frozen=True, kw_only=True):
    """What ``insert_candidate_registration`` answers: the refusal (None: registered), and
    the place."""

    refusal: str | None
    event_status: str | None
    id: UUID | None
    status: RegistrationStatus | None
    waitlist_position: int | None


_REFUSED: dict[str, type[DomainError]] = {
    "not_authenticated": NotAuthenticated,
    "candidate_not_found": CandidateNotFound,
    "event_not_found": EventNotFound,
    "already_registered": AlreadyRegistered,
}


# Registrations to one event take its places one at a time, on the event row's lock, and each
# one waiting there holds a pool connection: a hot event (an e-forum opening to a whole
# département) would take the whole pool, and the doors and searches of every other event would
# wait for a connection until refused (bench/national_day.py saw it at 12 times a national
# day). So in a process at most this many registrations of one event hold a connection; the
# others wait their turn without one, as long as the pool's own wait, then are refused as a
# busy pool refuses. A few, not one: the next statement is already queued when the lock is let go.
_AT_ONCE_PER_EVENT: Final = 3
_turns: weakref.WeakValueDictionary[UUID, asyncio.Semaphore] = weakref.WeakValueDictionary()


@asynccontextmanager
async def turn_of_event(pool: Any, *, event_id: UUID) -> AsyncIterator[None]:
    """Wait for one of the event's turns to register (see ``_AT_ONCE_PER_EVENT``); a quarter of
    the pool at most, so that the rest stays free whatever the event."""
    gate = _turns.get(event_id)
    if gate is None:
        size = pool.get_max_size() if hasattr(pool, "get_max_size") else 4 * _AT_ONCE_PER_EVENT
        gate = _turns[event_id] = asyncio.Semaphore(max(1, min(_AT_ONCE_PER_EVENT, size // 4)))
    try:
        async with asyncio.timeout(getattr(pool, "wait_seconds", None) or 5.0):
            await gate.acquire()
    except TimeoutError:
        raise DatabaseUnavailable() from None
    try:
        yield
    finally:
        gate.release()


async def register_alone(
    pool: Any,
    *,
    event_id: UUID,
    candidate_id: UUID,
    bearer: Bearer,
    now: datetime,
    public_url: str,
) -> Registered | None:
    """``register`` of a candidate as the API runs it: ONE statement, alone, which also checks
    the token's session (``insert_candidate_registration``, whose comment says what decides,
    in the order ``register`` decides it; ``db.statement_alone``). None when it cannot be done
    alone, and nothing was written: an actor who may not register anyone (whose refusal comes
    after the session's), or an event whose signing key this process does not have yet (the
    first registration makes it); the caller then runs ``register`` in a transaction."""
    by = bearer.actor
    if by.role not in ("admin", "organiser", "coach"):
        return None
    async with db.statement_alone(pool) as conn:
        key = await issuing.known_key(conn, event_id=event_id)
        if key is None:
            return None
        ticket_id = tokens.new_ticket_id()
        token = tokens.sign(key.private_key, event_id=event_id, ticket_id=ticket_id, serial=1)
        for _ in range(issuing.SHORT_CODE_TRIES):
            short_code = codes.new_code()
            try:
                done = await db.fetch_one(
                    conn,
                    "insert_candidate_registration",
                    _Registering,
                    session_id=bearer.session_id,
                    actor_id=by.id,
                    actor_role=by.role,
                    now=now,
                    is_admin=by.is_admin,
                    organisation_id=by.organisation_id,
                    candidate_id=candidate_id,
                    event_id=event_id,
                    ticket_id=ticket_id,
                    token=token,
                    short_code=short_code,
                )
            except asyncpg.UniqueViolationError as error:
                if error.constraint_name == "tickets_event_short_code_key":
                    continue  # the statement was undone as a whole: another code
                raise
            break
        else:
            raise RuntimeError("no free short code after several tries: too many tickets")
    assert done is not None  # the statement answers one row  # noqa: S101
    if done.refusal == "registration_closed":
        raise RegistrationClosed(status=done.event_status)
    if done.refusal is not None:
        raise _REFUSED[done.refusal]
    assert done.id is not None and done.status is not None  # noqa: S101
    return Registered(
        id=done.id,
        event_id=event_id,
        role="candidate",
        status=done.status,
        candidate_id=candidate_id,
        waitlist_position=done.waitlist_position,
        ticket=TicketLink(
            token=token,
            url=links.ticket_url(token, public_url),
            short_code=codes.format_code(short_code),
        ),
    )


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
    event = await access.lock_event_to_see(conn, event_id=event_id, by=by)
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

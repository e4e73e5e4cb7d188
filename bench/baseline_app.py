"""The minimal complete baseline: registration and check-in done with one SQL statement each.

The same job as the service, with the same durable effects and the same cryptography, in the
least work we know: a small Litestar app on an asyncpg pool whose two handlers each run ONE
statement of ``sql/bench/baseline.sql`` (its own design, not the service's statements), with no
transaction to open or commit around it.

- Bearer token: HS256, checked by ``events.directory.accounts.bearer_from_token``, which caches a
  good signature per token as the service does; its session (not revoked, not expired) is read
  in the request's statement, as the service reads it: a log-out is seen at once.
- Registration: the ticket is signed with the event's Ed25519 key (``events.tickets.tokens``,
  keys cached per process) before the statement, which takes a place on the event's row under
  its lock and writes the registration, the ticket, the audit row and the outbox rows.
- Check-in: the token is verified with the event's public key on every scan, then the statement
  finds the live ticket of an event the actor's organisation owns, marks it once, and writes the
  scan (refused scans too, with their reason) and the audit row.
- An access-log line per request: uvicorn's, as under ``events serve`` (see ``bench.serve``).

It answers organisers and coaches for candidates; companies, admins, idempotency keys, nonces,
short codes typed at the door and error texts are not part of the benchmarked job. A refusal
answers its status and code only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Litestar, Request, Response, get, post

from events import db
from events.directory import accounts
from events.errors import (
    AlreadyCheckedIn,
    AlreadyRegistered,
    DomainError,
    EventNotFound,
    Forbidden,
    InvalidTicket,
    NotAuthenticated,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    TicketRevoked,
    WrongEvent,
)
from events.settings import Settings
from events.tickets import codes, tokens

_SHORT_CODE_TRIES = 5
_SCAN_REFUSALS: dict[str, type[DomainError]] = {
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


def load_statements() -> dict[str, db.Query]:
    """The named statements of ``sql/bench/baseline.sql``, parsed as the service parses its
    own. They sit beside the service's SQL (and ship with it) but are never loaded by it:
    ``db.queries()`` reads ``queries/`` only."""
    found: dict[str, db.Query] = {}
    for file in db.sql_files("bench"):
        found |= db.parse_statements(file.read_text(encoding="utf-8"), file.name)
    return found


class RegistrationBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    candidate_id: UUID


class CheckinBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    token: str


class TicketOut(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    url: str
    short_code: str


class RegisteredOut(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: UUID
    event_id: UUID
    role: str
    status: str
    candidate_id: UUID
    waitlist_position: int | None = None
    ticket: TicketOut


class CheckedInOut(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    checked_in_at: datetime
    display_name: str


class Baseline:
    """The pool, the statements and the event keys of one process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.statements = load_statements()
        self.pool: Any = None
        self.private_keys: dict[UUID, bytes] = {}
        self.public_keys: dict[UUID, bytes] = {}
        self._key_lock = asyncio.Lock()  # a fresh event: one first use makes the key, not 64

    def bind(self, name: str, **params: Any) -> tuple[Any, ...]:
        """A statement's text and its arguments in the statement's own order."""
        statement = self.statements[name]
        return (statement.sql, *(params[p] for p in statement.params))

    async def private_key(self, event_id: UUID) -> bytes:
        known = self.private_keys.get(event_id)
        if known is None:
            async with self._key_lock:
                known = self.private_keys.get(event_id)
                if known is None:
                    private_key, public_key = tokens.generate_event_keypair()
                    row = await self.pool.fetchrow(
                        *self.bind(
                            "upsert_event_key",
                            event_id=event_id,
                            private_key=private_key,
                            public_key=public_key,
                        )
                    )
                    known = self.private_keys[event_id] = row["private_key"]
                    self.public_keys[event_id] = row["public_key"]
        return known

    async def public_key(self, event_id: UUID) -> bytes | None:
        known = self.public_keys.get(event_id)
        if known is None:
            known = await self.pool.fetchval(*self.bind("get_public_key", event_id=event_id))
            if known is not None:
                self.public_keys[event_id] = known
        return known

    def bearer(self, request: Request[Any, Any, Any]) -> accounts.Bearer:
        """An organiser or a coach of an organisation, as the bearer token says (its session is
        checked by the request's statement)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            raise NotAuthenticated
        bearer = accounts.bearer_from_token(
            token.strip(), settings=self.settings, now=datetime.now(UTC)
        )
        actor = bearer.actor
        if actor.role not in ("organiser", "coach") or actor.organisation_id is None:
            raise Forbidden
        return bearer

    async def refused(self, bearer: accounts.Bearer, now: datetime) -> DomainError:
        """Why a statement wrote nothing: the token's session, else no such event (a second
        round trip, on this path only)."""
        async with self.pool.acquire() as conn:
            try:
                await accounts.check_session(conn, bearer=bearer, now=now)
            except NotAuthenticated as error:
                return error
        return EventNotFound()

    async def register(
        self, event_id: UUID, candidate_id: UUID, bearer: accounts.Bearer
    ) -> RegisteredOut:
        by, now = bearer.actor, datetime.now(UTC)
        private_key = await self.private_key(event_id)
        ticket_id = tokens.new_ticket_id()
        token = tokens.sign(private_key, event_id=event_id, ticket_id=ticket_id, serial=1)
        for _ in range(_SHORT_CODE_TRIES):
            short_code = codes.new_code()
            try:
                row = await self.pool.fetchrow(
                    *self.bind(
                        "register_candidate",
                        event_id=event_id,
                        candidate_id=candidate_id,
                        organisation_id=by.organisation_id,
                        actor_id=by.id,
                        actor_role=by.role,
                        session_id=bearer.session_id,
                        now=now,
                        ticket_id=ticket_id,
                        token=token,
                        short_code=short_code,
                    )
                )
            except asyncpg.UniqueViolationError as error:
                if error.constraint_name == "tickets_event_short_code_key":
                    continue  # the statement was undone as a whole: try another code
                if error.constraint_name == "registrations_event_candidate_key":
                    raise AlreadyRegistered from error
                raise
            break
        else:
            raise RuntimeError("no free short code after several tries")
        if row is None:  # an unknown event and a candidate of another organisation: alike
            raise await self.refused(bearer, now)
        return RegisteredOut(
            id=row["id"],
            event_id=event_id,
            role="candidate",
            status=row["status"],
            candidate_id=candidate_id,
            waitlist_position=row["waitlist_position"],
            ticket=TicketOut(
                token=token,
                url=f"{self.settings.public_url.rstrip('/')}/t/{token}",
                short_code=short_code,
            ),
        )

    async def check_in(self, event_id: UUID, scanned: str, bearer: accounts.Bearer) -> CheckedInOut:
        by, now = bearer.actor, datetime.now(UTC)
        ticket_id, refusal = await self._verified_ticket(event_id, scanned)
        row = await self.pool.fetchrow(
            *self.bind(
                "check_in_ticket",
                event_id=event_id,
                organisation_id=by.organisation_id,
                ticket_id=ticket_id,
                refusal=refusal,
                actor_id=by.id,
                actor_role=by.role,
                session_id=bearer.session_id,
                now=now,
            )
        )
        if row is None:
            raise await self.refused(bearer, now)
        if row["result"] != "checked_in":
            raise _SCAN_REFUSALS.get(row["result"], InvalidTicket)()
        return CheckedInOut(
            registration_id=row["registration_id"],
            checked_in_at=row["checked_in_at"],
            display_name=row["display_name"],
        )

    async def _verified_ticket(
        self, event_id: UUID, scanned: str
    ) -> tuple[UUID | None, str | None]:
        """The ticket a token names once its signature is verified, or why there is none."""
        try:
            token = tokens.token_from_scan(scanned)
            token_event = tokens.unverified_event_id(token)
            public_key = await self.public_key(token_event)
            if public_key is None:
                raise InvalidTicket
            claims = tokens.verify(public_key, token)
        except InvalidTicket:
            return None, InvalidTicket.code
        if claims.event_id != event_id:
            return None, WrongEvent.code
        return claims.ticket_id, None


async def _keep_session(conn: Any) -> None:
    """Nothing to reset when a connection goes back to the pool: the baseline opens no
    transaction and sets, listens to and locks nothing in a session, so asyncpg's default reset
    (``select pg_advisory_unlock_all(); close all; unlisten *; reset all``, one more round trip
    per request) would undo nothing. asyncpg still rolls back a transaction left open."""


def _refused(request: Request[Any, Any, Any], error: DomainError) -> Response[bytes]:
    return Response(
        msgspec.json.encode({"code": error.code}),
        status_code=error.status_code,
        media_type="application/json",
    )


def create_baseline(settings: Settings) -> Litestar:
    baseline = Baseline(settings)

    @asynccontextmanager
    async def pool(app: Litestar) -> AsyncIterator[None]:
        """The service's pool size; the baseline's own column is added before any request."""
        baseline.pool = await asyncpg.create_pool(
            str(settings.database_url),
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
            reset=_keep_session,
        )
        await baseline.pool.execute(*baseline.bind("add_places_taken"))
        try:
            yield
        finally:
            await baseline.pool.close()

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @post("/api/v1/events/{event_id:uuid}/registrations")
    async def register(
        request: Request[Any, Any, Any], event_id: UUID, data: RegistrationBody
    ) -> RegisteredOut:
        return await baseline.register(event_id, data.candidate_id, baseline.bearer(request))

    @post("/api/v1/events/{event_id:uuid}/checkins")
    async def check_in(
        request: Request[Any, Any, Any], event_id: UUID, data: CheckinBody
    ) -> CheckedInOut:
        return await baseline.check_in(event_id, data.token, baseline.bearer(request))

    return Litestar(
        route_handlers=[health, register, check_in],
        lifespan=[pool],
        exception_handlers={DomainError: _refused},
        openapi_config=None,
    )

"""The baseline: registration and check-in by a bare ASGI handler, no framework.

It runs the very statements the service runs for these two requests (the text is taken from
``events.db.queries()``), in the same order, in one transaction per request, on a pool made by
``events.db.create_pool`` with the service's default size, and it does the same work around
them: the bearer token decoded by ``events.directory.accounts.actor_from_token``, the ticket
signed or verified by ``events.tickets.tokens``, the JSON bodies decoded and encoded with msgspec.
What it leaves out is everything a framework adds: routing tables, dependency injection,
validation of the body into structs, the row structs, the error mapping. Refusals are not
handled: any unexpected state answers 500, which the benchmark counts as an error.

``serve`` runs either this app or the service under the same uvicorn settings; the benchmark
starts it as ``python -m bench.baseline_app --app {baseline,service} --port N``.
"""

from __future__ import annotations

import argparse
import os
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from events import db
from events.actors import Actor
from events.directory import accounts
from events.errors import DomainError
from events.settings import Settings
from events.tickets import codes, tokens

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

_JSON = [(b"content-type", b"application/json")]


def q(name: str, **params: Any) -> tuple[Any, ...]:
    """A named query's text and its arguments in the query's own order."""
    query = db.queries()[name]
    return (query.sql, *(params[p] for p in query.params))


def settings_from_env() -> Settings:
    """The service's defaults, with the benchmark's database, key and data directory."""
    return Settings(
        database_url=os.environ["DATABASE_URL"],
        secret_key=os.environ["EVENTS_SECRET_KEY"],
        data_dir=Path(os.environ["EVENTS_DATA_DIR"]),
    )


class Baseline:
    """A raw ASGI app answering the two benchmarked requests and ``/health``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool: Any = None
        self.keys: dict[uuid.UUID, tuple[bytes, bytes]] = {}  # the service caches them too

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        parts = scope["path"].split("/")  # /api/v1/events/{id}/registrations
        try:
            if scope["path"] == "/health":
                await _respond(send, 200, b'{"status":"ok"}')
                return
            if scope["method"] != "POST" or len(parts) != 6 or parts[3] != "events":
                await _respond(send, 404, b'{"code":"not_found"}')
                return
            event_id = uuid.UUID(parts[4])
            actor = self._actor(scope)
            body = msgspec.json.decode(await _body(receive))
            if parts[5] == "registrations":
                answer = await self.register(event_id, uuid.UUID(body["candidate_id"]), actor)
            elif parts[5] == "checkins":
                answer = await self.check_in(event_id, body["token"], actor)
            else:
                await _respond(send, 404, b'{"code":"not_found"}')
                return
            await _respond(send, 201, msgspec.json.encode(answer))
        except DomainError as error:
            await _respond(send, error.status_code, msgspec.json.encode({"code": error.code}))
        except Exception as error:
            await _respond(send, 500, msgspec.json.encode({"error": repr(error)}))

    def _actor(self, scope: Scope) -> Actor:
        for name, value in scope["headers"]:
            if name == b"authorization":
                return accounts.actor_from_token(
                    value[7:].decode(), settings=self.settings, now=datetime.now(UTC)
                )
        raise ValueError("no bearer token")

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.pool = await db.create_pool(
                    str(self.settings.database_url),
                    min_size=self.settings.pool_min_size,
                    max_size=self.settings.pool_max_size,
                )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def register(self, event_id: uuid.UUID, candidate_id: uuid.UUID, by: Actor) -> Any:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            organisation_id = await conn.fetchval(
                *q("get_candidate_organisation", candidate_id=candidate_id)
            )
            if organisation_id is None or not by.is_staff_of(organisation_id):
                raise ValueError("candidate not found")
            event = await conn.fetchrow(*q("lock_event_for_registration", event_id=event_id))
            if event is None or event["status"] != "published":
                raise ValueError("no published event")
            row = await conn.fetchrow(
                *q(
                    "insert_registration",
                    event_id=event_id,
                    role="candidate",
                    candidate_id=candidate_id,
                    company_id=None,
                    capacity=event["capacity_candidates"],
                    registered_by=by.id,
                    now=now,
                )
            )
            if row is None:
                raise ValueError("already registered")
            private_key = await self._private_key(conn, event_id)
            serial = 1  # a registration just made: its first ticket
            ticket_id = tokens.new_ticket_id()
            token = tokens.sign(private_key, event_id=event_id, ticket_id=ticket_id, serial=serial)
            ticket = await conn.fetchrow(
                *q(
                    "insert_ticket",
                    id=ticket_id,
                    registration_id=row["id"],
                    event_id=event_id,
                    serial=serial,
                    token=token,
                    short_code=codes.new_code(),
                )
            )
            await conn.execute(
                *q(
                    "insert_audit",
                    actor_id=by.id,
                    actor_role=by.role,
                    on_behalf_of=candidate_id,
                    action="registration.create",
                    subject_type="registration",
                    subject_id=row["id"],
                    data={"event_id": str(event_id), "role": "candidate", "status": row["status"]},
                )
            )
            kind = "registration_" + row["status"]
            await conn.fetchval(
                *q("enqueue_message_for_registration", registration_id=row["id"], kind=kind)
            )
            position = None
            if row["status"] == "waitlisted":
                position = await conn.fetchval(
                    *q(
                        "get_waitlist_position",
                        event_id=event_id,
                        role="candidate",
                        seq=row["waitlist_seq"],
                    )
                )
        return {
            "id": row["id"],
            "event_id": event_id,
            "role": "candidate",
            "status": row["status"],
            "candidate_id": candidate_id,
            "waitlist_position": position,
            "ticket": {
                "token": token,
                "url": f"{self.settings.public_url}/t/{token}",
                "short_code": ticket["short_code"],
            },
        }

    async def _private_key(self, conn: Any, event_id: uuid.UUID) -> bytes:
        known = self.keys.get(event_id)
        if known is None:
            key = await conn.fetchrow(*q("get_event_key", event_id=event_id))
            if key is None:
                private_key, public_key = tokens.generate_event_keypair()
                await conn.execute(
                    *q(
                        "insert_event_key",
                        event_id=event_id,
                        private_key=private_key,
                        public_key=public_key,
                    )
                )
                key = await conn.fetchrow(*q("get_event_key", event_id=event_id))
            known = self.keys[event_id] = (key["private_key"], key["public_key"])
        return known[0]

    async def check_in(self, event_id: uuid.UUID, scanned: str, by: Actor) -> Any:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            event = await conn.fetchrow(*q("get_event_scope_for_registration", event_id=event_id))
            if event is None or not by.is_staff_of(event["organisation_id"]):
                raise ValueError("event not found")
            token = tokens.token_from_scan(scanned)
            public_key = await conn.fetchval(
                *q("get_event_public_key_for_checkin", event_id=tokens.unverified_event_id(token))
            )
            claims = tokens.verify(public_key, token)
            ticket = await conn.fetchrow(*q("get_ticket_for_checkin", ticket_id=claims.ticket_id))
            if ticket is None or ticket["event_id"] != event_id or ticket["revoked_at"]:
                raise ValueError("ticket not valid here")
            checked_in_at = await conn.fetchval(
                *q("mark_checked_in", registration_id=ticket["registration_id"], at=now, by=by.id)
            )
            if checked_in_at is None:
                raise ValueError("already checked in")
            await conn.fetchval(
                *q(
                    "insert_scan",
                    event_id=event_id,
                    ticket_id=ticket["ticket_id"],
                    registration_id=ticket["registration_id"],
                    result="checked_in",
                    scanned_by=by.id,
                    scanned_at=now,
                    nonce=None,
                    offline=False,
                )
            )
            await conn.execute(
                *q(
                    "insert_audit",
                    actor_id=by.id,
                    actor_role=by.role,
                    on_behalf_of=None,
                    action="registration.check_in",
                    subject_type="registration",
                    subject_id=ticket["registration_id"],
                    data={"offline": False},
                )
            )
        return {
            "registration_id": ticket["registration_id"],
            "checked_in_at": checked_in_at,
            "display_name": ticket["display_name"],
        }


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _respond(send: Send, status: int, body: bytes) -> None:
    headers = [*_JSON, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def serve(app_name: str, port: int) -> None:
    """One uvicorn process, the same settings for both apps: no access log, warnings only."""
    import uvicorn

    settings = settings_from_env()
    if app_name == "baseline":
        app: Any = Baseline(settings)
    else:
        from events.app import create_app

        app = create_app(settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the service or the baseline for a bench")
    parser.add_argument("--app", choices=["baseline", "service"], required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    serve(args.app, args.port)


if __name__ == "__main__":
    main()

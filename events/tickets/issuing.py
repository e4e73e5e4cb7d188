"""Issuing tickets: each event's signing key, and one live ticket per registration."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import db
from events.tickets import codes, tokens


class EventKey(msgspec.Struct, frozen=True):
    event_id: UUID
    private_key: bytes
    public_key: bytes


class _StoredKey(EventKey, frozen=True):
    # Made before this transaction began, hence committed: see get_event_key.
    committed: bool


class TicketRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    registration_id: UUID
    event_id: UUID
    serial: int
    token: str
    short_code: str
    created_at: datetime
    revoked_at: datetime | None


# Event keys never change once committed, so each process keeps the committed ones it has read.
_KEYS: dict[UUID, EventKey] = {}
SHORT_CODE_TRIES = 5


async def event_key(conn: db.Conn, *, event_id: UUID) -> EventKey:
    """The event's key pair, made on first use; two first uses at once agree on one.

    Only a committed key is kept for later requests: a key made in this transaction is gone if
    the transaction rolls back, and a process that kept it would sign tickets no key verifies.
    """
    known = _KEYS.get(event_id)
    if known is not None:
        return known
    key = await db.fetch_one(conn, "get_event_key", _StoredKey, event_id=event_id)
    if key is None:
        private_key, public_key = tokens.generate_event_keypair()
        await db.execute(
            conn,
            "insert_event_key",
            event_id=event_id,
            private_key=private_key,
            public_key=public_key,
        )
        key = await db.fetch_one(conn, "get_event_key", _StoredKey, event_id=event_id)
        assert key is not None  # inserted above or by a concurrent first use  # noqa: S101
    found = EventKey(key.event_id, key.private_key, key.public_key)
    if key.committed:
        _KEYS[event_id] = found
    return found


async def known_key(conn: db.Conn, *, event_id: UUID) -> EventKey | None:
    """The event's key pair if one was made and committed, without making one: the key this
    process keeps, or the one stored (then kept)."""
    known = _KEYS.get(event_id)
    if known is not None:
        return known
    key = await db.fetch_one(conn, "get_event_key", _StoredKey, event_id=event_id)
    if key is None or not key.committed:
        return None
    found = _KEYS[event_id] = EventKey(key.event_id, key.private_key, key.public_key)
    return found


async def issue(
    conn: db.Conn, *, event_id: UUID, registration_id: UUID, serial: int | None = None
) -> TicketRow:
    """A new ticket for the registration, with the next serial (1 for a registration just made,
    which the caller says to spare a query) and a fresh short code.

    The caller revokes any earlier live ticket first: one live ticket per registration is a
    constraint of the table.
    """
    key = await event_key(conn, event_id=event_id)
    if serial is None:
        serial = await db.fetch_value(conn, "next_ticket_serial", registration_id=registration_id)
    ticket_id = tokens.new_ticket_id()
    token = tokens.sign(key.private_key, event_id=event_id, ticket_id=ticket_id, serial=serial)
    for _ in range(SHORT_CODE_TRIES):
        row = await db.fetch_one(
            conn,
            "insert_ticket",
            TicketRow,
            id=ticket_id,
            registration_id=registration_id,
            event_id=event_id,
            serial=serial,
            token=token,
            short_code=codes.new_code(),
        )
        if row is not None:
            return row
    raise RuntimeError("no free short code after several tries: the event has too many tickets")

"""The event's registrations as its staff see them, oldest first, a page at a time."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.errors import (
    EventNotFound,
)
from events.pagination import decode_cursor, encode_cursor
from events.registrations.structs import (
    RegistrationListItem,
    RegistrationPage,
    RegistrationStatus,
)


async def list_for_event(
    conn: db.Conn,
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
    event = await db.fetch_one(
        conn, "get_event_scope_for_registration", _EventScope, event_id=event_id
    )
    if event is None or not by.is_staff_of(event.organisation_id):
        raise EventNotFound
    items = await db.fetch_all(
        conn,
        "list_registrations",
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

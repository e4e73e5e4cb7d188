"""The event's registrations as those who run it see them, a page at a time: oldest first, then
the waiting list in its order; each with its live ticket's short code and who registered it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.catalog import access
from events.pagination import decode_cursor, encode_cursor
from events.registrations.structs import (
    RegistrationListItem,
    RegistrationPage,
    RegistrationStatus,
)
from events.tickets import codes


async def list_for_event(
    conn: db.Conn,
    *,
    event_id: UUID,
    by: Actor,
    status: RegistrationStatus | None,
    limit: int,
    cursor: str | None,
) -> RegistrationPage:
    """Those who run the event see its registrations: the others, oldest first, then the
    waitlisted in waiting-list order (each role's by its position)."""
    by.require("organiser", "coach")
    after = decode_cursor(cursor, tuple[int, datetime, UUID])
    await access.event_to_run(conn, event_id=event_id, by=by)
    items = await db.fetch_all(
        conn,
        "list_registrations",
        _Listed,
        event_id=event_id,
        status=status,
        after_seq=after[0] if after else None,
        after_created=after[1] if after else None,
        after_id=after[2] if after else None,
        limit=limit + 1,
    )
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        next_cursor = encode_cursor([last.sort_seq, last.created_at, last.id])
    return RegistrationPage(items=[item.shown() for item in items], next_cursor=next_cursor)


class _Listed(RegistrationListItem, frozen=True, kw_only=True):
    """A listed registration with its place in the order, which the cursor holds."""

    sort_seq: int

    def shown(self) -> RegistrationListItem:
        fields = msgspec.structs.asdict(self)
        del fields["sort_seq"]
        if self.short_code is not None:  # stored bare, shown as it is typed
            fields["short_code"] = codes.format_code(self.short_code)
        return RegistrationListItem(**fields)

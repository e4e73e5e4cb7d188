"""An e-forum's ``details.workshops``: a view of the workshops table, its one owner.

The contract (``POST``/``PATCH /api/v1/events``) takes workshops in an e-forum's details and
gives them back there: ``from_details`` writes what a creation or a change gives into the table
(``events.catalog.rules`` calls it), ``attach`` fills the details of the event rows the catalog
reads, and ``stored_details`` keeps them out of the event's own row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from msgspec import UNSET

from events import db
from events.actors import Actor
from events.catalog.inputs import Workshop
from events.errors import EventNotFound

# The store imports the catalog's inputs, whose package imports this module: the store is read
# when a function here runs, not when this module loads.
from events.workshops import store


def stored_details(kind: str, details: Any) -> Any:
    """The details an event row keeps: an e-forum's without its workshops (their table keeps
    them)."""
    if kind != "e_forum":
        return details
    values: dict[str, Any] = msgspec.to_builtins(details)
    values.pop("workshops", None)
    return values


def _same(row: store.WorkshopRow, given: Workshop) -> bool:
    return (row.title, row.starts_at, row.ends_at) == (given.title, given.starts_at, given.ends_at)


async def from_details(
    conn: db.Conn, *, event_id: UUID, workshops: list[Workshop], by: Actor, now: datetime
) -> None:
    """Make the event's workshops those of its details: each given one matched by ``id``
    (else by title and times) is changed to it, the others are created, and the event's
    workshops left out are removed — refused (``workshop_has_signups``) for one with people
    signed up, which only its own removal (confirmed) may call off."""
    event = await db.fetch_one(conn, "get_workshop_event", store.WorkshopEvent, event_id=event_id)
    if event is None:  # pragma: no cover - the catalog has just written it
        raise EventNotFound
    current = await db.fetch_all(conn, "list_event_workshops", store.WorkshopRow, event_id=event_id)
    by_id = {row.id: row for row in current}
    kept: set[UUID] = set()
    for given in workshops:
        match = by_id.get(given.id) if given.id is not None else None
        if match is None:
            match = next((r for r in current if r.id not in kept and _same(r, given)), None)
        if match is None:  # the same title at another time: that workshop, moved
            match = next(
                (
                    r
                    for r in current
                    if r.id not in kept
                    and r.title == given.title
                    and not any(_same(r, other) for other in workshops)
                ),
                None,
            )
        capacity = given.capacity if given.capacity is not None else None
        if match is None:
            await store.insert(
                conn,
                event=event,
                workshop=store.WorkshopIn(
                    title=given.title,
                    starts_at=given.starts_at,
                    ends_at=given.ends_at,
                    capacity=capacity if capacity is not None else event.capacity_candidates,
                    place=given.place,
                    online_url=given.online_url,
                ),
                by=by,
            )
            continue
        kept.add(match.id)
        patch = store.WorkshopPatch(
            title=given.title,
            starts_at=given.starts_at,
            ends_at=given.ends_at,
            capacity=capacity if capacity is not None else UNSET,
            place=given.place if given.id is not None else UNSET,
            online_url=given.online_url if given.id is not None else UNSET,
        )
        await store.update(conn, workshop_id=match.id, changes=patch, by=by, now=now)
    for row in current:
        if row.id not in kept:
            await store.remove(conn, workshop_id=row.id, by=by, now=now, confirm=False)


R = TypeVar("R")


async def attach(conn: db.Conn, rows: list[R]) -> list[R]:
    """The event rows with each e-forum's ``details.workshops`` read from their table (one
    query for all): title and times in the event's zone, as the contract gives them."""
    forums = [row for row in rows if getattr(row, "kind", None) == "e_forum"]
    if not forums:
        return rows
    found = await db.fetch_all(
        conn,
        "list_workshops_of_events",
        store.WorkshopRow,
        event_ids=[getattr(row, "id") for row in forums],  # noqa: B009
    )
    zones = {getattr(row, "id"): ZoneInfo(getattr(row, "timezone")) for row in forums}  # noqa: B009
    per_event: dict[UUID, list[dict[str, Any]]] = {}
    for w in found:
        zone = zones[w.event_id]
        per_event.setdefault(w.event_id, []).append(
            {
                "title": w.title,
                "starts_at": w.starts_at.astimezone(zone).isoformat(),
                "ends_at": w.ends_at.astimezone(zone).isoformat(),
            }
        )
    result: list[R] = []
    for row in rows:
        if getattr(row, "kind", None) != "e_forum":
            result.append(row)
            continue
        details = {**getattr(row, "details"), "workshops": per_event.get(getattr(row, "id"), [])}  # noqa: B009
        result.append(msgspec.structs.replace(row, details=details))  # type: ignore[type-var]
    return result


async def attach_one(conn: db.Conn, row: R) -> R:
    return (await attach(conn, [row]))[0]

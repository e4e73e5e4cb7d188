"""The rules of the events catalog: who creates, sees and changes which event, and how an event
moves from draft to published to completed or cancelled."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final, Literal
from uuid import UUID

import msgspec

from events import audit, db, registrations
from events.actors import Actor
from events.catalog.inputs import (
    EventIn,
    EventPatch,
    FoodFestivalIn,
    Kind,
    NewEvent,
    SportSessionIn,
    Status,
)
from events.catalog.rows import EventRow, Page, PublicEventRow
from events.errors import (
    EventNotFound,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    OrganisationNotFound,
    UnknownCoach,
    UnknownCompany,
)
from events.messages import notifications
from events.pagination import DEFAULT_LIMIT, decode_cursor, split_page

# An event can still be changed while it has not happened nor been called off.
EDITABLE: Final = ("draft", "published")
# Calendar invites are updates of the same VEVENT: these changes raise its SEQUENCE.
TIME_AND_PLACE: Final = ("starts_at", "ends_at", "timezone", "venue", "online_url")
Target = Literal["published", "cancelled", "completed"]
# to: (from, does it raise the sequence)
TRANSITIONS: Final[dict[Target, tuple[tuple[Status, ...], bool]]] = {
    "published": (("draft",), False),
    "cancelled": (("draft", "published"), True),
    "completed": (("published",), False),
}
_AT_PATH = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
_NAMED_FIELD = re.compile(r"(?:unknown|missing required) field `(?P<name>[^`]+)`")


def _may_see(by: Actor, *, organisation_id: UUID, status: Status) -> bool:
    """Staff see their organisation's events, admins all; anyone logged in sees a published
    event, which the calendar feed shows to the world anyway."""
    return by.is_staff_of(organisation_id) or status == "published"


def _stuck(status: Status) -> InvalidTransition:
    return InvalidTransition(status=status, extra={"status": status})


def _may_change(by: Actor, organisation_id: UUID) -> bool:
    return by.is_admin or (by.role == "organiser" and by.organisation_id == organisation_id)


async def _check_references(conn: db.Conn, *, event: EventIn, organisation_id: UUID) -> None:
    """Coaches named on a sport session coach for its organisation; restaurants are companies."""
    if isinstance(event, SportSessionIn) and event.details.coach_ids:
        unknown = await db.fetch_value(
            conn,
            "find_unknown_coaches",
            ids=event.details.coach_ids,
            organisation_id=organisation_id,
        )
        if unknown:
            raise UnknownCoach(extra={"ids": [str(i) for i in unknown]})
    if isinstance(event, FoodFestivalIn) and event.details.restaurant_company_ids:
        unknown = await db.fetch_value(
            conn, "find_unknown_companies", ids=event.details.restaurant_company_ids
        )
        if unknown:
            raise UnknownCompany(extra={"ids": [str(i) for i in unknown]})


def _columns(event: EventIn) -> dict[str, Any]:
    """The event's values as the insert and update queries name them."""
    details = getattr(event, "details")  # noqa: B009 - every concrete kind has its own
    return {
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "timezone": event.timezone,
        "venue": event.venue,
        "online_url": event.online_url,
        "capacity_candidates": event.capacity.candidates,
        "capacity_companies": event.capacity.companies,
        "sectors": event.sectors,
        "reminder_hours_before": event.reminder_hours_before,
        "details": details,
    }


async def create(conn: db.Conn, *, event: NewEvent, by: Actor) -> EventRow:
    """Organisers create events for their own organisation, admins for the one they name; a new
    event is a draft."""
    by.require("organiser")
    if by.is_admin:
        if event.organisation_id is None:
            raise InvalidInput(
                field="organisation_id",
                reason_fr="Indiquez la structure qui organise la rencontre.",
                reason_en="Give the organisation that runs the event.",
            )
        if not await db.fetch_value(conn, "check_organisation_exists", id=event.organisation_id):
            raise OrganisationNotFound
        organisation_id = event.organisation_id
    else:
        if by.organisation_id is None or event.organisation_id not in (None, by.organisation_id):
            raise Forbidden
        organisation_id = by.organisation_id
    await _check_references(conn, event=event, organisation_id=organisation_id)
    row = await db.fetch_one(
        conn,
        "insert_event",
        EventRow,
        organisation_id=organisation_id,
        kind=event.kind,
        created_by=by.id,
        **_columns(event),
    )
    if row is None:  # pragma: no cover - an insert with no conflict clause returns its row
        raise EventNotFound
    await audit.record(
        conn,
        by=by,
        action="event.create",
        subject_type="event",
        subject_id=row.id,
        data={"kind": row.kind, "title": row.title, "organisation_id": str(organisation_id)},
    )
    return row


async def get(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventRow | PublicEventRow:
    """Admins and the event's own staff get the full view; anyone else logged in gets the
    public view of a published event. An event one may not see is answered as missing: its
    existence is not told."""
    if by.role != "recruiter":
        row = await db.fetch_one(conn, "get_event", EventRow, id=event_id)
        if row is not None and by.is_staff_of(row.organisation_id):
            return row
    public = await db.fetch_one(conn, "get_published_event", PublicEventRow, id=event_id)
    if public is None:
        raise EventNotFound
    return public


async def list_events(
    conn: db.Conn,
    *,
    by: Actor,
    kind: Kind | None = None,
    status: Status | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[EventRow] | Page[PublicEventRow]:
    """Staff list their organisation's events, admins every event, recruiters the published
    ones, in start order."""
    if by.role == "recruiter":
        if status not in (None, "published"):
            return Page(items=[], next_cursor=None)
        return await list_published(
            conn,
            kind=kind,
            starts_from=starts_from,
            starts_before=starts_before,
            limit=limit,
            cursor=cursor,
        )
    after = decode_cursor(cursor, tuple[datetime, UUID])
    rows = await db.fetch_all(
        conn,
        "list_events",
        EventRow,
        organisation_id=None if by.is_admin else by.organisation_id,
        kind=kind,
        status=status,
        starts_from=starts_from,
        starts_before=starts_before,
        after_starts_at=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = split_page(rows, limit, lambda r: [r.starts_at, r.id])
    return Page(items=items, next_cursor=next_cursor)


async def list_published(
    conn: db.Conn,
    *,
    kind: Kind | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[PublicEventRow]:
    """Published events in start order, as anyone may see them."""
    after = decode_cursor(cursor, tuple[datetime, UUID])
    rows = await db.fetch_all(
        conn,
        "list_published_events",
        PublicEventRow,
        kind=kind,
        starts_from=starts_from,
        starts_before=starts_before,
        after_starts_at=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = split_page(rows, limit, lambda r: [r.starts_at, r.id])
    return Page(items=items, next_cursor=next_cursor)


async def _get_for_change(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventRow:
    """The event, locked, if the actor may change it: missing when they may not even see it."""
    row = await db.fetch_one(conn, "get_event_for_update", EventRow, id=event_id)
    if row is None or not _may_see(by, organisation_id=row.organisation_id, status=row.status):
        raise EventNotFound
    if not _may_change(by, row.organisation_id):
        raise Forbidden
    return row


def _as_input(row: EventRow) -> dict[str, Any]:
    """The stored event in the shape of an input, to merge a change into."""
    fields = (
        *TIME_AND_PLACE,
        "title",
        "description",
        "capacity",
        "sectors",
        "reminder_hours_before",
        "details",
    )
    values: dict[str, Any] = msgspec.to_builtins({f: getattr(row, f) for f in fields})
    return {"kind": row.kind, **values}


def _parse(values: dict[str, Any]) -> EventIn:
    """An event from builtin values, refused as invalid input naming the offending field."""
    try:
        event: EventIn = msgspec.convert(values, NewEvent)
        return event
    except msgspec.ValidationError as error:
        message = str(error)
        at, named = _AT_PATH.search(message), _NAMED_FIELD.search(message)
        path = [p for p in (at["path"] if at else "", named["name"] if named else "") if p]
        raise InvalidInput(
            field=".".join(path) or "details",
            reason_fr="La valeur ne correspond pas à ce type de rencontre.",
            reason_en=_AT_PATH.sub("", message) + ".",
        ) from error


async def update(
    conn: db.Conn, *, event_id: UUID, changes: EventPatch, by: Actor, now: datetime
) -> EventRow:
    """Organisers of the event's organisation and admins change a draft or published event;
    the result must hold every rule a new event holds. A change of time or place raises the
    sequence by one, so that calendar invites replace the old ones."""
    row = await _get_for_change(conn, event_id=event_id, by=by)
    if row.status not in EDITABLE:
        raise _stuck(row.status)
    before = _as_input(row)
    given: dict[str, Any] = msgspec.to_builtins(changes)
    current, merged = _parse(before), _parse({**before, **given})
    changed = [f for f in given if getattr(current, f) != getattr(merged, f)]
    if not changed:
        return row
    await _check_references(conn, event=merged, organisation_id=row.organisation_id)
    updated = await db.fetch_one(
        conn,
        "update_event",
        EventRow,
        id=event_id,
        editable=list(EDITABLE),
        sequence_step=int(any(f in TIME_AND_PLACE for f in changed)),
        now=now,
        **_columns(merged),
    )
    if updated is None:  # pragma: no cover - the row is locked and was editable
        raise _stuck(row.status)
    if "capacity" in changed:
        await registrations.fit_capacity(
            conn,
            event_id=event_id,
            candidates=merged.capacity.candidates,
            companies=merged.capacity.companies,
            by=by,
            now=now,
        )
    await audit.record(
        conn,
        by=by,
        action="event.update",
        subject_type="event",
        subject_id=event_id,
        data={"fields": sorted(changed), "sequence": updated.sequence},
    )
    if updated.sequence != row.sequence:
        await notifications.event_changed(conn, event_id=event_id)
    return updated


async def set_status(
    conn: db.Conn, *, event_id: UUID, status: Target, by: Actor, now: datetime
) -> EventRow:
    """Draft → published → completed; draft or published → cancelled (which raises the
    sequence, so that calendar invites are withdrawn). Anything else is refused with the
    event's status."""
    from_statuses, raises_sequence = TRANSITIONS[status]
    # Locked so that the audit row names the status it really left; the conditional update
    # below is what enforces the transition.
    before = await _get_for_change(conn, event_id=event_id, by=by)
    row = await db.fetch_one(
        conn,
        "set_event_status",
        EventRow,
        id=event_id,
        to_status=status,
        from_statuses=list(from_statuses),
        sequence_step=int(raises_sequence),
        now=now,
    )
    if row is None:
        raise _stuck(before.status)
    await audit.record(
        conn,
        by=by,
        action=f"event.{status}",
        subject_type="event",
        subject_id=event_id,
        data={"from": before.status, "sequence": row.sequence},
    )
    if status == "published":
        await notifications.event_published(conn, event_id=event_id)
    elif status == "cancelled":
        await notifications.event_cancelled(conn, event_id=event_id)
    return row

"""The rules of the events catalog: who creates, sees and changes which event, and how an event
moves from draft to published to completed or cancelled."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal
from uuid import UUID

import msgspec

from events import audit, db, registrations
from events.actors import Actor
from events.catalog import access
from events.catalog.inputs import (
    EForumIn,
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
    EventNotOver,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    OrganisationNotFound,
    UnknownCoach,
    UnknownCompany,
    read_validation,
)
from events.messages import notifications
from events.pagination import DEFAULT_LIMIT, decode_cursor, split_page
from events.workshops import details as workshop_store

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


def _stuck(status: Status) -> InvalidTransition:
    return InvalidTransition(status=status, extra={"status": status})


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
        "details": workshop_store.stored_details(event.kind, details),
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
    if isinstance(event, EForumIn) and event.details.workshops:
        await workshop_store.from_details(
            conn, event_id=row.id, workshops=event.details.workshops, by=by, now=row.created_at
        )
    return await workshop_store.attach_one(conn, row)


async def get(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventRow | PublicEventRow:
    """Those who run the event (``access.runs``) get the full view; anyone else who may see it
    (``access.may_see``: it is published) gets the public view. An event one may not see is
    answered as missing: its existence is not told."""
    if by.role != "recruiter":
        row = await db.fetch_one(conn, "get_event", EventRow, id=event_id)
        if row is not None and access.runs(by, row):
            return await workshop_store.attach_one(conn, row)
    public = await db.fetch_one(conn, "get_published_event", PublicEventRow, id=event_id)
    if public is None:
        raise EventNotFound
    return await workshop_store.attach_one(conn, public)


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
    own_only: bool = False,
) -> Page[EventRow | PublicEventRow]:
    """The events one may see (``access.may_see``), in start order, each in the view ``get``
    gives: admins every event in full; organisers and coaches their organisation's events in
    full and the other organisations' published ones in the public view (prescribers register
    their candidates to those); recruiters the published events, in the public view.
    ``own_only``: only the events one runs (the back office's lists), so that a page of them
    is never shortened by others' events."""
    after = decode_cursor(cursor, tuple[datetime, UUID])
    window: dict[str, Any] = {
        "kind": kind,
        "starts_from": starts_from,
        "starts_before": starts_before,
        "after_starts_at": after[0] if after else None,
        "after_id": after[1] if after else None,
        "limit": limit + 1,
    }
    rows: list[EventRow | PublicEventRow] = []
    own = None if by.is_admin or by.role not in ("organiser", "coach") else by.organisation_id
    if by.is_admin or own is not None:
        rows += await db.fetch_all(
            conn, "list_events", EventRow, organisation_id=own, status=status, **window
        )
    if not by.is_admin and not own_only and status in (None, "published"):
        rows += await db.fetch_all(
            conn, "list_published_events", PublicEventRow, other_than=own, **window
        )
    # Both lists come in the same keyset order: the first limit + 1 of their merge are the
    # first limit + 1 of all.
    rows.sort(key=lambda r: (r.starts_at, r.id))
    items, next_cursor = split_page(rows[: limit + 1], limit, lambda r: [r.starts_at, r.id])
    return Page(items=await workshop_store.attach(conn, items), next_cursor=next_cursor)


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
        other_than=None,
        kind=kind,
        starts_from=starts_from,
        starts_before=starts_before,
        after_starts_at=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = split_page(rows, limit, lambda r: [r.starts_at, r.id])
    return Page(items=await workshop_store.attach(conn, items), next_cursor=next_cursor)


async def _get_for_change(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventRow:
    """The event, locked, if the actor may change it (``access.to_change``)."""
    return access.to_change(
        by, await db.fetch_one(conn, "get_event_for_update", EventRow, id=event_id)
    )


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
        read = read_validation(str(error))
        raise InvalidInput.from_validation(
            read, shape=NewEvent, sent=values, field=read.field or "details"
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
    row = await workshop_store.attach_one(conn, row)  # the rules hold with its workshops too
    before = _as_input(row)
    given: dict[str, Any] = msgspec.to_builtins(changes)
    current, merged = _parse(before), _parse({**before, **given})
    changed = [f for f in given if getattr(current, f) != getattr(merged, f)]
    workshops = isinstance(merged, EForumIn) and "workshops" in given.get("details", {})
    if not changed:
        if workshops and isinstance(merged, EForumIn):
            await workshop_store.from_details(
                conn, event_id=event_id, workshops=merged.details.workshops, by=by, now=now
            )
        return await workshop_store.attach_one(conn, row)
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
    if workshops and isinstance(merged, EForumIn):
        await workshop_store.from_details(
            conn, event_id=event_id, workshops=merged.details.workshops, by=by, now=now
        )
    return await workshop_store.attach_one(conn, updated)


async def set_status(
    conn: db.Conn,
    *,
    event_id: UUID,
    status: Target,
    by: Actor,
    now: datetime,
    reason: str | None = None,
) -> EventRow:
    """Draft → published → completed; draft or published → cancelled (which raises the
    sequence, so that calendar invites are withdrawn). Anything else is refused with the
    event's status. An event is completed only once it is over (its end is not after
    ``now``): completion cannot be undone. A cancellation keeps its ``reason``, which the
    participants' messages tell them."""
    from_statuses, raises_sequence = TRANSITIONS[status]
    # Locked so that the audit row names the status it really left; the conditional update
    # below is what enforces the transition.
    before = await _get_for_change(conn, event_id=event_id, by=by)
    if status == "completed" and before.status in from_statuses and now < before.ends_at:
        raise EventNotOver(extra={"ends_at": before.ends_at.isoformat()})
    row = await db.fetch_one(
        conn,
        "set_event_status",
        EventRow,
        id=event_id,
        to_status=status,
        from_statuses=list(from_statuses),
        sequence_step=int(raises_sequence),
        cancellation_reason=reason if status == "cancelled" else None,
        now=now,
    )
    if row is None:
        raise _stuck(before.status)
    data: dict[str, Any] = {"from": before.status, "sequence": row.sequence}
    if status == "cancelled" and reason is not None:
        data["reason"] = reason
    await audit.record(
        conn,
        by=by,
        action=f"event.{status}",
        subject_type="event",
        subject_id=event_id,
        data=data,
    )
    if status == "published":
        await notifications.event_published(conn, event_id=event_id)
    elif status == "cancelled":
        await notifications.event_cancelled(conn, event_id=event_id)
    return await workshop_store.attach_one(conn, row)

"""An e-forum's workshops: the one owner of them (the ``workshops`` table, migration 0033).

Organisers of the event's organisation (and admins) create, change and remove them; those who
run the event (its organisers and coaches) see them with their places left. The event's
``details.workshops`` is a view of this table (``events.workshops.details``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from events import audit, db
from events.actors import Actor
from events.catalog.inputs import Count
from events.errors import (
    EventNotFound,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotAnEForum,
    WorkshopCapacityBelowSignups,
    WorkshopClash,
    WorkshopHasSignups,
    WorkshopNotFound,
)
from events.fields import AwareDatetime, Name, Url

# Workshops are set up while the event has not happened nor been called off.
EDITABLE: Final = ("draft", "published")
# Minutes before a workshop or an online interview at which its people are reminded (0: none).
ReminderMinutes = Annotated[
    int,
    msgspec.Meta(
        ge=0,
        le=1440,
        description="Minutes before each workshop and each online interview at which its "
        "people get a reminder by mail or text message; 0 sends none.",
    ),
]


class WorkshopEvent(msgspec.Struct, frozen=True, kw_only=True):
    """What the workshop rules read of an event."""

    id: UUID
    organisation_id: UUID
    kind: str
    status: Literal["draft", "published", "completed", "cancelled"]
    starts_at: datetime
    ends_at: datetime
    timezone: str
    title: str
    capacity_candidates: int
    session_reminder_minutes: int
    mode: str


class WorkshopRow(msgspec.Struct, frozen=True, kw_only=True):
    """A workshop with its places taken (``taken``) and left."""

    id: UUID
    event_id: UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    place: str | None
    online_url: str | None
    taken: int

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise InvalidInput(
            field="ends_at",
            reason_fr="Un atelier doit finir après son début.",
            reason_en="A workshop must end after it starts.",
        )


class WorkshopIn(_Strict, frozen=True, kw_only=True):
    """A new workshop: its title, its time (within the event), its number of places, and where
    — a room of the venue and/or a meeting link."""

    title: Name
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: Count
    place: Name | None = None
    online_url: Url | None = None

    def __post_init__(self) -> None:
        _check_times(self.starts_at, self.ends_at)


class WorkshopPatch(_Strict, frozen=True, kw_only=True):
    """Any field of a workshop; ``null`` clears ``place`` or ``online_url``."""

    title: Name | UnsetType = UNSET
    starts_at: AwareDatetime | UnsetType = UNSET
    ends_at: AwareDatetime | UnsetType = UNSET
    capacity: Count | UnsetType = UNSET
    place: Name | UnsetType | None = UNSET
    online_url: Url | UnsetType | None = UNSET


class _Clash(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    title: str


class Removed(msgspec.Struct, frozen=True, kw_only=True):
    """What removing a workshop did: ``deleted`` (nobody had signed up) or ``cancelled`` (kept,
    called off, and the people signed up told: ``told`` of them)."""

    id: UUID
    outcome: Literal["deleted", "cancelled"]
    told: int


# --- the event --------------------------------------------------------------------------------


async def event_of(
    conn: db.Conn,
    *,
    event_id: UUID,
    by: Actor,
    change: bool,
    kinds: tuple[str, ...] = ("e_forum",),
) -> WorkshopEvent:
    """The e-forum, for those who run it (organisers and coaches of its organisation, admins);
    ``change``: for those who may change it (its organisers, admins). An event one does not
    run does not exist for them."""
    event = await db.fetch_one(conn, "get_workshop_event", WorkshopEvent, event_id=event_id)
    if event is None or not by.is_staff_of(event.organisation_id):
        raise EventNotFound
    if change and not (by.is_admin or by.role == "organiser"):
        raise Forbidden
    if event.kind not in kinds:
        raise NotAnEForum
    return event


def _within(event: WorkshopEvent, starts_at: datetime, ends_at: datetime) -> None:
    _check_times(starts_at, ends_at)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise InvalidInput(
            field="starts_at",
            reason_fr="L'atelier doit avoir lieu pendant la rencontre.",
            reason_en="The workshop must take place during the event.",
        )


def _editable(event: WorkshopEvent) -> None:
    if event.status not in EDITABLE:
        raise InvalidTransition(status=event.status, extra={"status": event.status})


# --- reading ----------------------------------------------------------------------------------


async def list_for_event(conn: db.Conn, *, event_id: UUID, by: Actor) -> list[WorkshopRow]:
    """The event's standing workshops in time order, with their places taken and left."""
    await event_of(conn, event_id=event_id, by=by, change=False)
    return await db.fetch_all(conn, "list_event_workshops", WorkshopRow, event_id=event_id)


async def locked(conn: db.Conn, *, workshop_id: UUID) -> WorkshopRow:
    """A standing workshop, held until the transaction ends."""
    row = await db.fetch_one(conn, "lock_workshop", WorkshopRow, id=workshop_id)
    if row is None:
        raise WorkshopNotFound
    return row


async def taken(conn: db.Conn, *, workshop_id: UUID) -> int:
    """Places taken, counted by a statement of its own: under the workshop's lock, it sees every
    sign-up committed before the lock was granted."""
    count: int = await db.fetch_value(conn, "count_workshop_signups", workshop_id=workshop_id)
    return count


# --- changing ---------------------------------------------------------------------------------


async def insert(
    conn: db.Conn, *, event: WorkshopEvent, workshop: WorkshopIn, by: Actor
) -> WorkshopRow:
    _within(event, workshop.starts_at, workshop.ends_at)
    row = await db.fetch_one(
        conn,
        "insert_workshop",
        WorkshopRow,
        event_id=event.id,
        title=workshop.title,
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        capacity=workshop.capacity,
        place=workshop.place,
        online_url=workshop.online_url,
        by=by.id,
    )
    if row is None:  # pragma: no cover - an insert returns its row
        raise WorkshopNotFound
    await audit.record(
        conn,
        by=by,
        action="workshop.create",
        subject_type="workshop",
        subject_id=row.id,
        data={"event_id": str(event.id), "title": row.title, "capacity": row.capacity},
    )
    return row


async def create(conn: db.Conn, *, event_id: UUID, workshop: WorkshopIn, by: Actor) -> WorkshopRow:
    """Organisers add a workshop to their e-forum, during the event, while it is a draft or
    published."""
    event = await event_of(conn, event_id=event_id, by=by, change=True)
    _editable(event)
    return await insert(conn, event=event, workshop=workshop, by=by)


async def _workshop_and_event(
    conn: db.Conn, *, workshop_id: UUID, by: Actor, change: bool
) -> tuple[WorkshopRow, WorkshopEvent]:
    row = await locked(conn, workshop_id=workshop_id)
    try:
        event = await event_of(conn, event_id=row.event_id, by=by, change=change)
    except EventNotFound as error:
        raise WorkshopNotFound from error
    return row, event


async def update(
    conn: db.Conn, *, workshop_id: UUID, changes: WorkshopPatch, by: Actor, now: datetime
) -> WorkshopRow:
    """Organisers change a workshop; it stays within the event, its places never fall below
    the people already signed up, and it is not moved onto another workshop or an interview of
    one of them (``workshop_clash``)."""
    row, event = await _workshop_and_event(conn, workshop_id=workshop_id, by=by, change=True)
    _editable(event)
    given = {
        name: value for name, value in msgspec.structs.asdict(changes).items() if value is not UNSET
    }
    merged: dict[str, Any] = {
        "title": row.title,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "capacity": row.capacity,
        "place": row.place,
        "online_url": row.online_url,
        **given,
    }
    _within(event, merged["starts_at"], merged["ends_at"])
    count = await taken(conn, workshop_id=workshop_id)
    if merged["capacity"] < count:
        raise WorkshopCapacityBelowSignups(count=count, extra={"taken": count})
    changed = sorted(name for name, value in given.items() if getattr(row, name) != value)
    if not changed:
        return msgspec.structs.replace(row, taken=count)
    if count and {"starts_at", "ends_at"} & set(changed):
        clash = await db.fetch_one(
            conn,
            "find_move_clash",
            _Clash,
            workshop_id=workshop_id,
            starts_at=merged["starts_at"],
            ends_at=merged["ends_at"],
        )
        if clash is not None:
            raise WorkshopClash(title=clash.title, extra={"candidate_id": str(clash.candidate_id)})
    updated = await db.fetch_one(
        conn, "update_workshop", WorkshopRow, id=workshop_id, now=now, **merged
    )
    if updated is None:  # pragma: no cover - the row is locked
        raise WorkshopNotFound
    await audit.record(
        conn,
        by=by,
        action="workshop.update",
        subject_type="workshop",
        subject_id=workshop_id,
        data={"event_id": str(event.id), "fields": changed},
    )
    return updated


async def remove(
    conn: db.Conn, *, workshop_id: UUID, by: Actor, now: datetime, confirm: bool
) -> Removed:
    """Organisers remove a workshop. Nobody signed up: it is deleted. People signed up: it is
    refused unless ``confirm``ed; then the workshop is kept, called off, and each of them is
    told by mail or text message (if it had not started)."""
    row, event = await _workshop_and_event(conn, workshop_id=workshop_id, by=by, change=True)
    count = await taken(conn, workshop_id=workshop_id)
    if count and not confirm:
        raise WorkshopHasSignups(count=count, extra={"taken": count})
    told = 0
    if count:
        await db.execute(conn, "cancel_workshop", id=workshop_id, now=now)
        told = await db.fetch_value(
            conn, "enqueue_workshop_cancelled", workshop_id=workshop_id, now=now
        )
        outcome: Literal["deleted", "cancelled"] = "cancelled"
    else:
        await db.execute(conn, "delete_workshop", id=workshop_id)
        outcome = "deleted"
    await audit.record(
        conn,
        by=by,
        action=f"workshop.{'cancel' if count else 'delete'}",
        subject_type="workshop",
        subject_id=workshop_id,
        data={"event_id": str(event.id), "title": row.title, "signed_up": count},
    )
    return Removed(id=workshop_id, outcome=outcome, told=told)


async def set_reminder(
    conn: db.Conn, *, event_id: UUID, minutes: int, by: Actor, now: datetime
) -> int:
    """Organisers choose how long before each workshop and each online interview the people
    in it are reminded (0: no reminder): at an e-forum, or a job dating (its online
    interviews)."""
    event = await event_of(
        conn, event_id=event_id, by=by, change=True, kinds=("e_forum", "job_dating")
    )
    if minutes != event.session_reminder_minutes:
        await db.execute(
            conn, "set_session_reminder_minutes", event_id=event_id, minutes=minutes, now=now
        )
        await audit.record(
            conn,
            by=by,
            action="event.session_reminder",
            subject_type="event",
            subject_id=event_id,
            data={"minutes": minutes},
        )
    return minutes

"""Who may see an event and who may change it: the one place these rules live. The catalog,
registrations, the door and observations ask here.

- Those who **run** an event are admins and the organisers and coaches of its organisation: they
  see all of it, drafts included, its registrations and its door.
- Anyone logged in **sees** a published event, in its public view (the calendar feed shows it to
  the world anyway); staff of another organisation, prescribers, register their candidates to it.
- Admins and the organisers of its organisation **change** it.

An event one may not see does not exist for them (``event_not_found``, 404, never 403): another
organisation's drafts are not told. One they see but may not change is ``forbidden``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.catalog.inputs import Capacity, Kind, Status
from events.errors import EventNotFound, Forbidden, RegistrationNotFound


class EventScope(msgspec.Struct, frozen=True, kw_only=True):
    """What the rules of access, registrations, the door and observations read of an event."""

    id: UUID
    organisation_id: UUID
    kind: Kind
    status: Status
    ends_at: datetime
    capacity: Capacity
    details: dict[str, Any]

    @property
    def coach_ids(self) -> set[str]:
        """The coaches a sport session names (no other format names any)."""
        return {str(i) for i in self.details.get("coach_ids", [])}


class Organised(Protocol):
    """Anything of an event that says whose it is (an event row, an observation at it)."""

    @property
    def organisation_id(self) -> UUID: ...


class Owned(Organised, Protocol):
    """Any event row: the rules read only whose it is and where it stands."""

    @property
    def status(self) -> Status: ...


E = TypeVar("E", bound=Owned)


def runs(by: Actor, event: Organised) -> bool:
    """Admins, and the organisers and coaches of the event's organisation."""
    return by.is_staff_of(event.organisation_id)


def may_see(by: Actor, event: Owned) -> bool:
    """Those who run it; anyone logged in once it is published."""
    return runs(by, event) or event.status == "published"


def may_change(by: Actor, event: Owned) -> bool:
    """Admins, and the organisers of the event's organisation."""
    return by.is_admin or (by.role == "organiser" and by.organisation_id == event.organisation_id)


def to_run(by: Actor, event: E | None) -> E:
    """The event, if ``by`` runs it; to anyone else it does not exist."""
    if event is None or not runs(by, event):
        raise EventNotFound
    return event


def to_see(by: Actor, event: E | None) -> E:
    """The event, if ``by`` may see it; else it does not exist."""
    if event is None or not may_see(by, event):
        raise EventNotFound
    return event


def to_change(by: Actor, event: E | None) -> E:
    """The event, if ``by`` may change it: missing when they may not even see it, forbidden when
    they see it but it is not theirs."""
    seen = to_see(by, event)
    if not may_change(by, seen):
        raise Forbidden
    return seen


async def event_to_run(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventScope:
    """The event, for those who run it (its registrations, its door)."""
    return to_run(by, await db.fetch_one(conn, "get_event_scope", EventScope, event_id=event_id))


async def event_to_see(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventScope:
    """The event, for those who may see it."""
    return to_see(by, await db.fetch_one(conn, "get_event_scope", EventScope, event_id=event_id))


async def lock_event_to_see(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventScope:
    """The event, locked until the transaction ends (registrations of one event are serialised
    on its row), for those who may see it."""
    return to_see(by, await db.fetch_one(conn, "lock_event_scope", EventScope, event_id=event_id))


async def lock_event_of_registration(
    conn: db.Conn, *, registration_id: UUID, by: Actor
) -> EventScope:
    """The registration's event, locked, for those who run it; to anyone else the registration
    does not exist (``registration_not_found``)."""
    event = await db.fetch_one(
        conn, "lock_event_scope_of_registration", EventScope, registration_id=registration_id
    )
    if event is None or not runs(by, event):
        raise RegistrationNotFound
    return event

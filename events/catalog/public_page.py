"""An event's public page: what anyone with its link may read of it (``GET /events/{id}``, the
page that mails, invites and the calendar feed link to).

The rule: an event has a public page once it is published, and keeps it once cancelled (so the
link says so) or completed; a draft has none (``event_not_found``, as for an event that never
existed). The page tells the meeting, never the people: no registrations, no coach or company
ids, the organiser by its organisation's name."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import msgspec

from events import db
from events.catalog.inputs import Kind, Mode, Venue
from events.errors import EventNotFound
from events.workshops import details as workshop_store

# The statuses that have a page (the query holds the rule: a draft is not found).
Shown = Literal["published", "cancelled", "completed"]


class _Row(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    kind: Kind
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Venue | None
    online_url: str | None
    details: dict[str, Any]
    status: Shown
    organisation_name: str


class Workshop(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    starts_at: datetime
    ends_at: datetime


class Frame(msgspec.Struct, frozen=True, kw_only=True):
    """How the meeting runs, by its format: a sport session's activities, a food festival's
    cuisines, an e-forum's mode, workshops and interview length, a job dating's interviews."""

    activities: list[str] = []
    cuisines: list[str] = []
    mode: Mode | None = None
    interview_minutes: int | None = None
    workshops: list[Workshop] = []
    photo_shoot: bool = False


class PublicEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    kind: Kind
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Venue | None
    online_url: str | None
    status: Shown
    organisation_name: str
    frame: Frame


def _frame(details: dict[str, Any]) -> Frame:
    activities = [str(activity["name"]) for activity in details.get("activities", [])]
    rest = {key: value for key, value in details.items() if key != "activities"}
    return msgspec.convert({**rest, "activities": activities}, Frame)


async def view(conn: db.Conn, *, event_id: UUID) -> PublicEvent:
    """The event as its public page tells it; a draft or an unknown id is ``event_not_found``."""
    row = await db.fetch_one(conn, "get_event_for_public_page", _Row, event_id=event_id)
    if row is None:
        raise EventNotFound
    row = await workshop_store.attach_one(conn, row)  # an e-forum's workshops: their own table
    return PublicEvent(
        id=row.id,
        kind=row.kind,
        title=row.title,
        description=row.description,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        venue=row.venue,
        online_url=row.online_url,
        status=row.status,
        organisation_name=row.organisation_name,
        frame=_frame(row.details),
    )

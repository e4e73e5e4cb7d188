"""What the event queries return, one struct per audience's query."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

import msgspec

from events.catalog.inputs import Capacity, Kind, Status, Venue

T = TypeVar("T")


class EventRow(msgspec.Struct, frozen=True, kw_only=True):
    """Everything about an event, for its organisation's staff and admins."""

    id: UUID
    organisation_id: UUID
    kind: Kind
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Venue | None
    online_url: str | None
    capacity: Capacity
    sectors: list[str]
    reminder_hours_before: int
    details: dict[str, Any]
    status: Status
    sequence: int
    created_by: UUID | None
    created_at: datetime
    updated_at: datetime


class PublicEventRow(msgspec.Struct, frozen=True, kw_only=True):
    """A published event as anyone may see it: no organisation, no people's ids in ``details``.
    ``sequence`` is there for the calendar feed, whose clients follow it."""

    id: UUID
    kind: Kind
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Venue | None
    online_url: str | None
    capacity: Capacity
    sectors: list[str]
    details: dict[str, Any]
    status: Status
    sequence: int


class Page(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    items: list[T]
    next_cursor: str | None

"""The events catalog over HTTP: create, list, read, change, and move through the lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias
from uuid import UUID

import msgspec
from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from events import catalog
from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx
from events.api.params import Cursor, From, Limit, To, instant
from events.errors import (
    CapacityBelowConfirmed,
    EventNotFound,
    EventNotOver,
    Forbidden,
    InvalidTransition,
    OrganisationNotFound,
    UnknownCoach,
    UnknownCompany,
)
from events.pagination import DEFAULT_LIMIT

# --- staff and admins: everything ---------------------------------------------------------


class _StaffEvent(msgspec.Struct, frozen=True, kw_only=True, tag_field="kind"):
    id: UUID
    organisation_id: UUID
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: catalog.Venue | None
    online_url: str | None
    capacity: catalog.Capacity
    sectors: list[str]
    # Hours before the start at which participants are reminded; 0: no reminder.
    reminder_hours_before: int
    status: catalog.Status
    # Raised whenever time or place changes, and on cancellation: calendar invites follow it.
    sequence: int
    created_by: UUID | None
    created_at: datetime
    updated_at: datetime


class SportSessionEvent(_StaffEvent, frozen=True, kw_only=True, tag="sport_session"):
    details: catalog.SportSessionDetails


class FoodFestivalEvent(_StaffEvent, frozen=True, kw_only=True, tag="food_festival"):
    details: catalog.FoodFestivalDetails


class EForumEvent(_StaffEvent, frozen=True, kw_only=True, tag="e_forum"):
    details: catalog.EForumDetails


class JobDatingEvent(_StaffEvent, frozen=True, kw_only=True, tag="job_dating"):
    details: catalog.JobDatingDetails


Event: TypeAlias = SportSessionEvent | FoodFestivalEvent | EForumEvent | JobDatingEvent


# --- recruiters: published events, without the organisation's internals ------------------


class PublicSportSessionDetails(msgspec.Struct, frozen=True, kw_only=True):
    activities: list[catalog.Activity]


class PublicFoodFestivalDetails(msgspec.Struct, frozen=True, kw_only=True):
    cuisines: list[str]


class _PublicEvent(msgspec.Struct, frozen=True, kw_only=True, tag_field="kind"):
    id: UUID
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: catalog.Venue | None
    online_url: str | None
    capacity: catalog.Capacity
    sectors: list[str]
    status: catalog.Status


class PublicSportSessionEvent(_PublicEvent, frozen=True, kw_only=True, tag="sport_session"):
    details: PublicSportSessionDetails


class PublicFoodFestivalEvent(_PublicEvent, frozen=True, kw_only=True, tag="food_festival"):
    details: PublicFoodFestivalDetails


class PublicEForumEvent(_PublicEvent, frozen=True, kw_only=True, tag="e_forum"):
    details: catalog.EForumDetails


class PublicJobDatingEvent(_PublicEvent, frozen=True, kw_only=True, tag="job_dating"):
    details: catalog.JobDatingDetails


PublicEvent: TypeAlias = (
    PublicSportSessionEvent | PublicFoodFestivalEvent | PublicEForumEvent | PublicJobDatingEvent
)


# A dataclass, not a Struct: msgspec types no union of two tagged unions that share their tags,
# and this page holds both views (encoding needs no typing; the schema lists both).
@dataclass(frozen=True, kw_only=True)
class EventPage:
    """Admins: every event in full. Organisers and coaches: their organisation's events in
    full, other organisations' published events in the public view."""

    items: list[Event | PublicEvent]
    next_cursor: str | None


class PublicEventPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[PublicEvent]
    next_cursor: str | None


def for_staff(row: catalog.EventRow) -> Event:
    event: Event = msgspec.convert(msgspec.structs.asdict(row), Event)
    return event


def for_audience(row: catalog.EventRow | catalog.PublicEventRow) -> Event | PublicEvent:
    """Staff get everything; recruiters' rows come from the public query and stay public."""
    if isinstance(row, catalog.EventRow):
        return for_staff(row)
    public: PublicEvent = msgspec.convert(
        msgspec.structs.asdict(row),
        PublicEvent,
    )
    return public


EventId: TypeAlias = FromPath[UUID]


class EventsController(Controller):
    path = "/api/v1/events"
    tags = ("events",)
    security = BEARER

    @post(
        "/",
        status_code=201,
        summary="Create an event (a draft)",
        responses=refusals(
            *LOGGED_IN, Forbidden, *JSON_BODY, OrganisationNotFound, UnknownCoach, UnknownCompany
        ),
    )
    async def create(self, ctx: Ctx, data: JSONBody[catalog.NewEvent]) -> Event:
        return for_staff(await catalog.create(ctx.conn, event=data, by=ctx.actor))

    @get(
        "/",
        summary="Events one may see, in start order",
        responses=refusals(*LOGGED_IN, *PAGED),
    )
    async def list_events(
        self,
        ctx: Ctx,
        kind: FromQuery[catalog.Kind | None] = None,
        status: FromQuery[catalog.Status | None] = None,
        starts_from: From = None,
        starts_before: To = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> EventPage | PublicEventPage:
        page = await catalog.list_events(
            ctx.conn,
            by=ctx.actor,
            kind=kind,
            status=status,
            starts_from=instant(starts_from, "from"),
            starts_before=instant(starts_before, "to"),
            limit=limit,
            cursor=cursor,
        )
        if ctx.actor.role != "recruiter":
            items = [for_audience(row) for row in page.items]
            return EventPage(items=items, next_cursor=page.next_cursor)
        public: PublicEventPage = msgspec.convert(
            {
                "items": [msgspec.structs.asdict(row) for row in page.items],
                "next_cursor": page.next_cursor,
            },
            PublicEventPage,
        )
        return public

    @get(
        "/{event_id:uuid}",
        summary="One event, as the reader may see it",
        responses=refusals(*LOGGED_IN, *PARAMETERS, EventNotFound),
    )
    async def get_event(self, ctx: Ctx, event_id: EventId) -> Event | PublicEvent:
        return for_audience(await catalog.get(ctx.conn, event_id=event_id, by=ctx.actor))

    @patch(
        "/{event_id:uuid}",
        summary="Change an event (time or place raise its sequence)",
        responses=refusals(
            *LOGGED_IN,
            Forbidden,
            *JSON_BODY,
            EventNotFound,
            InvalidTransition,
            CapacityBelowConfirmed,
            UnknownCoach,
            UnknownCompany,
        ),
    )
    async def update(
        self,
        ctx: Ctx,
        event_id: EventId,
        data: JSONBody[catalog.EventPatch],
    ) -> Event:
        return for_staff(
            await catalog.update(
                ctx.conn, event_id=event_id, changes=data, by=ctx.actor, now=ctx.now
            )
        )

    @post(
        "/{event_id:uuid}/publish",
        status_code=200,
        summary="Publish a draft",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound, InvalidTransition),
    )
    async def publish(self, ctx: Ctx, event_id: EventId) -> Event:
        return for_staff(
            await catalog.set_status(
                ctx.conn, event_id=event_id, status="published", by=ctx.actor, now=ctx.now
            )
        )

    @post(
        "/{event_id:uuid}/cancel",
        status_code=200,
        summary="Call off a draft or published event",
        description="The `reason`, if given, is told to every participant with the "
        "cancellation, by mail and text message.",
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, EventNotFound, InvalidTransition),
    )
    async def cancel(
        self, ctx: Ctx, event_id: EventId, data: JSONBody[catalog.Cancellation | None] = None
    ) -> Event:
        return for_staff(
            await catalog.set_status(
                ctx.conn,
                event_id=event_id,
                status="cancelled",
                by=ctx.actor,
                now=ctx.now,
                reason=data.reason if data else None,
            )
        )

    @post(
        "/{event_id:uuid}/complete",
        status_code=200,
        summary="Mark a published event done",
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound, InvalidTransition, EventNotOver
        ),
    )
    async def complete(self, ctx: Ctx, event_id: EventId) -> Event:
        return for_staff(
            await catalog.set_status(
                ctx.conn, event_id=event_id, status="completed", by=ctx.actor, now=ctx.now
            )
        )

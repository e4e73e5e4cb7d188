"""The events catalog over HTTP: create, list, read, change, and move through the lifecycle."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypeAlias
from uuid import UUID

import msgspec
from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import catalog
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.errors import InvalidInput
from events.fields import AwareDatetime
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


class EventPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Event]
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
# Read as text and parsed here, so that a refusal names the parameter as the client wrote it.
From = Annotated[
    str | None,
    QueryParameter(
        name="from",
        format="date-time",
        max_length=64,
        description="Events starting at or after this instant (RFC 3339, with its offset).",
    ),
]
To = Annotated[
    str | None,
    QueryParameter(
        name="to",
        format="date-time",
        max_length=64,
        description="Events starting before this instant (RFC 3339, with its offset).",
    ),
]


def instant(value: str | None, name: str) -> datetime | None:
    """A query bound: an RFC 3339 date and time with its UTC offset."""
    if value is None:
        return None
    try:
        parsed: datetime = msgspec.convert(value, AwareDatetime)
    except msgspec.ValidationError as error:
        raise InvalidInput(
            field=name,
            reason_fr="Attendu : une date et heure avec décalage, par exemple "
            "2026-05-04T09:00:00+02:00 (le + s'écrit %2B dans une adresse).",
            reason_en="Expected a date and time with its offset, for instance "
            "2026-05-04T09:00:00+02:00 (write + as %2B in a URL).",
        ) from error
    return parsed


class EventsController(Controller):
    path = "/api/v1/events"
    tags = ("events",)

    @post("/", status_code=201, summary="Create an event (a draft)")
    async def create(self, ctx: Ctx, data: JSONBody[catalog.NewEvent]) -> Event:
        return for_staff(await catalog.create(ctx.conn, event=data, by=ctx.actor))

    @get("/", summary="Events one may see, in start order")
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
        audience: type[EventPage | PublicEventPage]
        audience = PublicEventPage if ctx.actor.role == "recruiter" else EventPage
        answer: EventPage | PublicEventPage = msgspec.convert(
            {
                "items": [msgspec.structs.asdict(row) for row in page.items],
                "next_cursor": page.next_cursor,
            },
            audience,
        )
        return answer

    @get("/{event_id:uuid}", summary="One event, as the reader may see it")
    async def get_event(self, ctx: Ctx, event_id: EventId) -> Event | PublicEvent:
        return for_audience(await catalog.get(ctx.conn, event_id=event_id, by=ctx.actor))

    @patch("/{event_id:uuid}", summary="Change an event (time or place raise its sequence)")
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

    @post("/{event_id:uuid}/publish", status_code=200, summary="Publish a draft")
    async def publish(self, ctx: Ctx, event_id: EventId) -> Event:
        return for_staff(
            await catalog.set_status(
                ctx.conn, event_id=event_id, status="published", by=ctx.actor, now=ctx.now
            )
        )

    @post("/{event_id:uuid}/cancel", status_code=200, summary="Call off a draft or published event")
    async def cancel(self, ctx: Ctx, event_id: EventId) -> Event:
        return for_staff(
            await catalog.set_status(
                ctx.conn, event_id=event_id, status="cancelled", by=ctx.actor, now=ctx.now
            )
        )

    @post("/{event_id:uuid}/complete", status_code=200, summary="Mark a published event done")
    async def complete(self, ctx: Ctx, event_id: EventId) -> Event:
        return for_staff(
            await catalog.set_status(
                ctx.conn, event_id=event_id, status="completed", by=ctx.actor, now=ctx.now
            )
        )

"""The door: scans, offline batches, the scanner's key, the summary, no-shows."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from events import checkins
from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx, StatementCtx
from events.errors import (
    AlreadyCheckedIn,
    EventNotFound,
    EventNotOver,
    Forbidden,
    InvalidTicket,
    NotCheckedIn,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    RegistrationNotFound,
    TicketRevoked,
    WrongEvent,
)


class CheckinController(Controller):
    tags = ("check-in",)
    security = BEARER

    @post(
        "/api/v1/events/{event_id:uuid}/checkins",
        summary="Scan a ticket at the door",
        responses=refusals(
            *LOGGED_IN,
            Forbidden,
            *JSON_BODY,
            EventNotFound,
            InvalidTicket,
            WrongEvent,
            RegistrationAlreadyCancelled,
            TicketRevoked,
            NotConfirmed,
            AlreadyCheckedIn,
        ),
    )
    async def check_in(
        self,
        statement_ctx: StatementCtx,
        event_id: FromPath[UUID],
        data: JSONBody[checkins.CheckinIn],
    ) -> checkins.CheckedIn:
        return await checkins.check_in_alone(
            statement_ctx.pool,
            event_id=event_id,
            checkin=data,
            bearer=statement_ctx.bearer,
            now=statement_ctx.now,
        )

    @post(
        "/api/v1/events/{event_id:uuid}/checkins/batch",
        status_code=200,
        summary="Upload scans made offline; the first scan of a ticket wins",
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, EventNotFound),
    )
    async def check_in_batch(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        data: JSONBody[checkins.CheckinBatchIn],
    ) -> list[checkins.BatchResult]:
        return await checkins.check_in_batch(ctx.conn, event_id=event_id, batch=data, by=ctx.actor)

    @get(
        "/api/v1/events/{event_id:uuid}/checkins/summary",
        summary="Door summary by role",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound),
    )
    async def summary(self, ctx: Ctx, event_id: FromPath[UUID]) -> checkins.DoorSummary:
        return await checkins.summary(ctx.conn, event_id=event_id, by=ctx.actor)

    @get(
        "/api/v1/events/{event_id:uuid}/checkin-key",
        summary="The event's public key and revoked tickets, for offline scanners",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound),
    )
    async def checkin_key(self, ctx: Ctx, event_id: FromPath[UUID]) -> checkins.CheckinKey:
        return await checkins.checkin_key(ctx.conn, event_id=event_id, by=ctx.actor)

    @post(
        "/api/v1/events/{event_id:uuid}/no-shows",
        status_code=200,
        summary="After the event, mark confirmed registrations never checked in as no-shows",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound, EventNotOver),
    )
    async def no_shows(self, ctx: Ctx, event_id: FromPath[UUID]) -> checkins.NoShows:
        return await checkins.mark_no_shows(ctx.conn, event_id=event_id, by=ctx.actor, now=ctx.now)

    @post(
        "/api/v1/registrations/{registration_id:uuid}/checkin/annul",
        status_code=200,
        summary="Undo a check-in made by mistake",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, RegistrationNotFound, NotCheckedIn),
    )
    async def annul(self, ctx: Ctx, registration_id: FromPath[UUID]) -> checkins.AnnulledCheckin:
        return await checkins.annul(
            ctx.conn, registration_id=registration_id, by=ctx.actor, now=ctx.now
        )

    @post(
        "/api/v1/registrations/{registration_id:uuid}/checkin",
        status_code=200,
        summary="Let a confirmed person in by name, without their ticket",
        description="For the staff at the door (organisers and coaches of the event's "
        "organisation) when someone lost ticket and phone: the same rules and answer as a "
        "ticket's scan (confirmed only, the first check-in wins); the scan is kept with the "
        "method `by_name`.",
        responses=refusals(
            *LOGGED_IN,
            *PARAMETERS,
            Forbidden,
            RegistrationNotFound,
            RegistrationAlreadyCancelled,
            NotConfirmed,
            AlreadyCheckedIn,
        ),
    )
    async def check_in_by_name(
        self, ctx: Ctx, registration_id: FromPath[UUID]
    ) -> checkins.CheckedIn:
        return await checkins.check_in_registration(
            ctx.conn, registration_id=registration_id, by=ctx.actor, now=ctx.now
        )

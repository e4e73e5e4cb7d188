"""Registrations of candidates and companies to events."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody

from events import registrations
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.pagination import DEFAULT_LIMIT

IdempotencyKey = Annotated[str | None, HeaderParameter(name="Idempotency-Key", required=False)]


class RegistrationController(Controller):
    tags = ("registrations",)

    @post("/api/v1/events/{event_id:uuid}/registrations", summary="Register a candidate or company")
    async def register(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        data: JSONBody[registrations.RegistrationIn],
        idempotency_key: IdempotencyKey = None,
    ) -> registrations.Registered:
        return await registrations.register(
            ctx.conn,
            event_id=event_id,
            registration=data,
            by=ctx.actor,
            now=ctx.now,
            public_url=ctx.settings.public_url,
            idempotency_key=idempotency_key,
        )

    @post(
        "/api/v1/events/{event_id:uuid}/registrations/bulk",
        status_code=200,
        summary="Register several candidates at once, with a result for each",
    )
    async def register_many(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        data: JSONBody[registrations.BulkRegistrationIn],
    ) -> list[registrations.BulkItem]:
        return await registrations.register_many(
            ctx.conn,
            event_id=event_id,
            bulk=data,
            by=ctx.actor,
            now=ctx.now,
            public_url=ctx.settings.public_url,
        )

    @get("/api/v1/events/{event_id:uuid}/registrations", summary="An event's registrations")
    async def list_for_event(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        status: FromQuery[registrations.RegistrationStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> registrations.RegistrationPage:
        return await registrations.list_for_event(
            ctx.conn, event_id=event_id, by=ctx.actor, status=status, limit=limit, cursor=cursor
        )

    @post(
        "/api/v1/registrations/{registration_id:uuid}/cancel",
        status_code=200,
        summary="Cancel a registration; the first waitlisted of the same role takes the place",
    )
    async def cancel(self, ctx: Ctx, registration_id: FromPath[UUID]) -> registrations.Cancelled:
        return await registrations.cancel(
            ctx.conn, registration_id=registration_id, by=ctx.actor, now=ctx.now
        )

    @post(
        "/api/v1/registrations/{registration_id:uuid}/ticket/reissue",
        status_code=201,
        summary="Replace a lost ticket: the old one stops working at once",
    )
    async def reissue_ticket(
        self,
        ctx: Ctx,
        registration_id: FromPath[UUID],
    ) -> registrations.TicketLink:
        return await registrations.reissue_ticket(
            ctx.conn,
            registration_id=registration_id,
            by=ctx.actor,
            now=ctx.now,
            public_url=ctx.settings.public_url,
        )

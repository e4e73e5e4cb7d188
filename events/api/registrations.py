"""Registrations of candidates and companies to events."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from events import registrations
from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx, StatementCtx, in_transaction
from events.api.idempotency import IdempotencyKey
from events.api.params import Cursor, Limit
from events.errors import (
    AlreadyCheckedIn,
    AlreadyRegistered,
    CandidateNotFound,
    CompanyNotFound,
    EventNotFound,
    Forbidden,
    IdempotencyKeyReused,
    RegistrationAlreadyCancelled,
    RegistrationClosed,
    RegistrationNotFound,
)
from events.pagination import DEFAULT_LIMIT
from events.registrations import registering


class RegistrationController(Controller):
    tags = ("registrations",)
    security = BEARER

    @post(
        "/api/v1/events/{event_id:uuid}/registrations",
        summary="Register a candidate or company",
        responses=refusals(
            *LOGGED_IN,
            Forbidden,
            *JSON_BODY,
            EventNotFound,
            CandidateNotFound,
            CompanyNotFound,
            RegistrationClosed,
            AlreadyRegistered,
            IdempotencyKeyReused,
        ),
    )
    async def register(
        self,
        statement_ctx: StatementCtx,
        event_id: FromPath[UUID],
        data: JSONBody[registrations.RegistrationIn],
        idempotency_key: IdempotencyKey = None,
    ) -> registrations.Registered:
        # Places of one event are taken one at a time: a hot event may not take the whole pool.
        async with registering.turn_of_event(statement_ctx.pool, event_id=event_id):
            # A candidate without an idempotency key, the common case: one statement, alone.
            if data.candidate_id is not None and idempotency_key is None:
                done = await registering.register_alone(
                    statement_ctx.pool,
                    event_id=event_id,
                    candidate_id=data.candidate_id,
                    bearer=statement_ctx.bearer,
                    now=statement_ctx.now,
                    public_url=statement_ctx.settings.public_url,
                )
                if done is not None:
                    return done
            async with in_transaction(statement_ctx) as ctx:
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
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, EventNotFound, RegistrationClosed),
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

    @get(
        "/api/v1/events/{event_id:uuid}/registrations",
        summary="An event's registrations",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED, EventNotFound),
    )
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
        responses=refusals(
            *LOGGED_IN,
            *PARAMETERS,
            Forbidden,
            RegistrationNotFound,
            AlreadyCheckedIn,
            RegistrationAlreadyCancelled,
        ),
    )
    async def cancel(self, ctx: Ctx, registration_id: FromPath[UUID]) -> registrations.Cancelled:
        return await registrations.cancel(
            ctx.conn, registration_id=registration_id, by=ctx.actor, now=ctx.now
        )

    @post(
        "/api/v1/registrations/{registration_id:uuid}/ticket/reissue",
        status_code=201,
        summary="Replace a lost ticket: the old one stops working at once",
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, Forbidden, RegistrationNotFound, RegistrationAlreadyCancelled
        ),
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

    @post(
        "/api/v1/registrations/{registration_id:uuid}/resend",
        status_code=202,
        summary="Send the ticket again, without replacing it",
        description="For a participant who lost the message with their ticket: the live ticket "
        "(its link and short code, with the calendar invite by mail) is sent again, by mail and "
        "text message as the registration's other messages, to the candidate or the company's "
        "contact. The ticket keeps working (to replace a ticket that is lost or shared, reissue "
        "it instead). Delivered after the answer, by the outbox: `channels` lists the messages "
        "written (`none` alone: no e-mail and no phone, nothing can be sent). Each request sends "
        "once more. Same access as reissuing: admins, organisers of the event's organisation, "
        "coaches assigned to the event. A cancelled registration has no ticket to send.",
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, Forbidden, RegistrationNotFound, RegistrationAlreadyCancelled
        ),
    )
    async def resend_ticket(
        self,
        ctx: Ctx,
        registration_id: FromPath[UUID],
    ) -> registrations.TicketResent:
        return await registrations.resend_ticket(
            ctx.conn, registration_id=registration_id, by=ctx.actor, now=ctx.now
        )

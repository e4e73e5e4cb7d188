"""What happened next after a meeting (``events.outcomes``): outcomes recorded per participant,
an event's participants with their follow-ups, and the organisers' to-do list."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx
from events.api.idempotency import IdempotencyKey
from events.api.params import Cursor, Limit
from events.errors import (
    CandidateNotFound,
    CandidateNotRegistered,
    EventNotFound,
    FollowUpNotDue,
    Forbidden,
    IdempotencyKeyReused,
    NotCheckedIn,
    OutcomeNotFound,
    OutcomesClosed,
    UnknownCompany,
    UnknownInterest,
)
from events.outcomes import follow_ups, records
from events.pagination import DEFAULT_LIMIT

_WHO = (
    "For admins, the organisers of the event's organisation or of the candidate's, and the "
    "event's coaches (on a sport session, those it names); recruiters and others are refused."
)


class OutcomesController(Controller):
    tags = ("outcomes",)

    @post(
        "/api/v1/events/{event_id:uuid}/outcomes",
        security=BEARER,
        summary="Record what happened next for a participant of an event",
        description=f"{_WHO} The candidate must hold a live registration to the event. "
        "`follow_up_month` (1, 3, 6 or 12) answers that follow-up, for someone who came, once "
        "it is due; a second answer to the same follow-up replaces the first (the audit keeps "
        "it). `interest_id` names the recruiter's interest this follows up (its company is "
        "taken when `company_id` is not given). Takes an `Idempotency-Key`.",
        status_code=201,
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            Forbidden,
            EventNotFound,
            CandidateNotRegistered,
            OutcomesClosed,
            NotCheckedIn,
            FollowUpNotDue,
            UnknownCompany,
            UnknownInterest,
            IdempotencyKeyReused,
        ),
    )
    async def record(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        data: JSONBody[records.OutcomeIn],
        idempotency_key: IdempotencyKey = None,
    ) -> records.Outcome:
        return await records.record(
            ctx.conn,
            event_id=event_id,
            outcome=data,
            by=ctx.actor,
            now=ctx.now,
            idempotency_key=idempotency_key,
        )

    @get(
        "/api/v1/events/{event_id:uuid}/outcomes",
        security=BEARER,
        summary="An event's participants with their outcomes and follow-ups",
        description="The candidates registered to the event, by name, each with their outcomes "
        "there, their follow-ups at 1, 3, 6 and 12 months (those who came: `later`, `soon`, "
        "`due`, `overdue` or `answered`) and, for organisers, the recruiters' interests still "
        "to follow up. For the event's organisers and coaches.",
        responses=refusals(*LOGGED_IN, *PAGED, Forbidden, EventNotFound),
    )
    async def for_event(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> follow_ups.ParticipantPage:
        return await follow_ups.for_event(
            ctx.conn, event_id=event_id, by=ctx.actor, now=ctx.now, limit=limit, cursor=cursor
        )

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/outcomes",
        security=BEARER,
        summary="A person's outcomes, the latest first",
        description="For those who follow the person: all of them for admins and the "
        "organisers of the person's organisation; to others, those at the events where they "
        "record. To anyone else the candidate does not exist.",
        responses=refusals(*LOGGED_IN, *PAGED, Forbidden, CandidateNotFound),
    )
    async def for_candidate(
        self,
        ctx: Ctx,
        candidate_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> records.OutcomePage:
        return await records.list_for_candidate(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, limit=limit, cursor=cursor
        )

    @patch(
        "/api/v1/outcomes/{outcome_id:uuid}",
        security=BEARER,
        summary="Correct an outcome (its kind, day, company or note)",
        description=f"{_WHO} A key left out keeps its value. The audit keeps what it said "
        "before. To anyone who may not record it, the outcome does not exist.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, Forbidden, OutcomeNotFound, UnknownCompany),
    )
    async def correct(
        self, ctx: Ctx, outcome_id: FromPath[UUID], data: JSONBody[records.OutcomePatch]
    ) -> records.Outcome:
        return await records.correct(
            ctx.conn, outcome_id=outcome_id, change=data, by=ctx.actor, now=ctx.now
        )

    @delete(
        "/api/v1/outcomes/{outcome_id:uuid}",
        security=BEARER,
        summary="Delete an outcome recorded by mistake",
        description=f"{_WHO} The audit keeps what it said; a follow-up it answered is due again.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, OutcomeNotFound),
    )
    async def delete(self, ctx: Ctx, outcome_id: FromPath[UUID]) -> None:
        await records.delete(ctx.conn, outcome_id=outcome_id, by=ctx.actor)

    @get(
        "/api/v1/follow-ups",
        security=BEARER,
        summary="The organiser's to-do list of follow-ups",
        description="One line per person and event of the organiser's organisation (every "
        "organisation's for an admin) with something to do: follow-ups at 1, 3, 6 and 12 "
        "months that are due, overdue or due within 14 days and not answered, and recruiters' "
        "interests not followed up yet. The earliest first. Organisers and admins only.",
        responses=refusals(*LOGGED_IN, *PAGED, Forbidden),
    )
    async def to_do(
        self, ctx: Ctx, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> follow_ups.ToDoPage:
        return await follow_ups.to_do(
            ctx.conn, by=ctx.actor, now=ctx.now, limit=limit, cursor=cursor
        )

"""Observations, skills cards, their review, consent, and who viewed a card."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody

from events.api.contract import (
    BEARER,
    JSON_BODY,
    LOGGED_IN,
    OPTIONAL_BEARER,
    PAGED,
    PARAMETERS,
    refusals,
)
from events.api.deps import Ctx, MaybeCtx
from events.api.idempotency import IdempotencyKey
from events.api.params import Cursor, Limit
from events.errors import (
    CandidateNotFound,
    CandidateNotRegistered,
    EventNotFound,
    Forbidden,
    IdempotencyKeyReused,
    InvalidTicket,
    NotEventCoach,
    ObservationNotFound,
    ObservationsClosed,
    ObservationSuperseded,
    SkillsCardChanged,
    SkillsCardEmpty,
    TicketRevoked,
    UnknownActivity,
    UnknownSkill,
)
from events.pagination import DEFAULT_LIMIT
from events.skills_cards import card, consent, observations, recruiter, review

TicketHeader = Annotated[
    str | None,
    HeaderParameter(
        name="X-Ticket-Token",
        required=False,
        max_length=200,
        description="A ticket token of the candidate, when they act themselves.",
    ),
]


class SkillsCardForStaff(msgspec.Struct, frozen=True, kw_only=True):
    """The current card with its review state; before any observation, version 0 and no
    skills."""

    candidate_id: UUID
    version: int
    updated_at: datetime | None
    review: card.Review
    skills: list[card.SkillLine]


def _for_staff(candidate_id: UUID, found: card.SkillsCard | None) -> SkillsCardForStaff:
    if found is None:
        return SkillsCardForStaff(
            candidate_id=candidate_id,
            version=0,
            updated_at=None,
            review=card.Review(status="draft"),
            skills=[],
        )
    return SkillsCardForStaff(
        candidate_id=found.candidate_id,
        version=found.version,
        updated_at=found.updated_at,
        review=found.review,
        skills=found.skills,
    )


class SkillsCardController(Controller):
    tags = ("skills cards",)

    @post(
        "/api/v1/events/{event_id:uuid}/observations",
        summary="Record an observation of a candidate",
        description="By a coach of the event (on a sport session, one it names) or an "
        "organiser. The candidate must be registered; `activity` must be one of a sport "
        "session's activities.",
        security=BEARER,
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            EventNotFound,
            NotEventCoach,
            ObservationsClosed,
            CandidateNotRegistered,
            UnknownSkill,
            UnknownActivity,
            IdempotencyKeyReused,
        ),
    )
    async def observe(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        data: JSONBody[observations.ObservationIn],
        idempotency_key: IdempotencyKey = None,
    ) -> observations.RecordedObservation:
        return await observations.record(
            ctx.conn,
            event_id=event_id,
            observation=data,
            by=ctx.actor,
            now=ctx.now,
            idempotency_key=idempotency_key,
        )

    @post(
        "/api/v1/events/{event_id:uuid}/observations/batch",
        summary="Record several observations of one candidate at once (all or nothing)",
        security=BEARER,
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            EventNotFound,
            NotEventCoach,
            ObservationsClosed,
            CandidateNotRegistered,
            UnknownSkill,
            UnknownActivity,
            IdempotencyKeyReused,
        ),
    )
    async def observe_batch(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        data: JSONBody[observations.ObservationBatchIn],
        idempotency_key: IdempotencyKey = None,
    ) -> observations.RecordedBatch:
        return await observations.record_batch(
            ctx.conn,
            event_id=event_id,
            batch=data,
            by=ctx.actor,
            now=ctx.now,
            idempotency_key=idempotency_key,
        )

    @post(
        "/api/v1/observations/{observation_id:uuid}/correct",
        summary="Correct an observation: a new version replaces it, the old one stays on record",
        security=BEARER,
        responses=refusals(
            *LOGGED_IN,
            Forbidden,
            *JSON_BODY,
            ObservationNotFound,
            ObservationSuperseded,
            IdempotencyKeyReused,
        ),
    )
    async def correct(
        self,
        ctx: Ctx,
        observation_id: FromPath[UUID],
        data: JSONBody[observations.CorrectionIn],
        idempotency_key: IdempotencyKey = None,
    ) -> observations.RecordedObservation:
        return await observations.correct(
            ctx.conn,
            observation_id=observation_id,
            correction=data,
            by=ctx.actor,
            now=ctx.now,
            idempotency_key=idempotency_key,
        )

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/observations",
        summary="Every version of a candidate's observations, newest first",
        security=BEARER,
        responses=refusals(*LOGGED_IN, *PAGED, CandidateNotFound),
    )
    async def list_observations(
        self,
        ctx: Ctx,
        candidate_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> observations.ObservationPage:
        return await observations.list_for_candidate(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, limit=limit, cursor=cursor
        )

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/skills-card",
        summary="A candidate's skills card",
        description="Staff who follow the candidate get the current card and its review "
        "state. A recruiter who may see the candidate gets the last reviewed card (and the "
        "view is recorded); to other recruiters the candidate does not exist.",
        security=BEARER,
        responses=refusals(*LOGGED_IN, *PARAMETERS, CandidateNotFound),
    )
    async def get_card(
        self, ctx: Ctx, candidate_id: FromPath[UUID]
    ) -> SkillsCardForStaff | recruiter.CardForRecruiter:
        if ctx.actor.role == "recruiter":
            seen = await recruiter.candidate(ctx.conn, candidate_id=candidate_id, by=ctx.actor)
            return seen.skills_card
        found = await card.for_staff(ctx.conn, candidate_id=candidate_id, by=ctx.actor)
        return _for_staff(candidate_id, found)

    @post(
        "/api/v1/candidates/{candidate_id:uuid}/skills-card/review",
        status_code=200,
        summary="Mark the current version of the card reviewed",
        description="Recruiters see the last reviewed version until a newer one is reviewed. "
        "Send `version` to make sure the version you read is the one marked.",
        security=BEARER,
        responses=refusals(
            *LOGGED_IN, *JSON_BODY, CandidateNotFound, SkillsCardEmpty, SkillsCardChanged
        ),
    )
    async def review_card(
        self,
        ctx: Ctx,
        candidate_id: FromPath[UUID],
        data: JSONBody[review.ReviewIn | None] = None,
    ) -> SkillsCardForStaff:
        reviewed = await review.review(
            ctx.conn,
            candidate_id=candidate_id,
            version=data.version if data else None,
            by=ctx.actor,
            now=ctx.now,
        )
        return _for_staff(candidate_id, reviewed)

    @post(
        "/api/v1/candidates/{candidate_id:uuid}/consent",
        status_code=200,
        summary="Give or withdraw consent to recruiters",
        description="By the candidate with one of their ticket tokens (`X-Ticket-Token` "
        "header or `ticket_token`), or by staff who follow them, on their behalf. Withdrawal "
        "takes effect at once.",
        security=OPTIONAL_BEARER,
        responses=refusals(*LOGGED_IN, *JSON_BODY, CandidateNotFound, InvalidTicket, TicketRevoked),
    )
    async def set_consent(
        self,
        maybe_ctx: MaybeCtx,
        candidate_id: FromPath[UUID],
        data: JSONBody[consent.ConsentIn],
        ticket_token: TicketHeader = None,
    ) -> consent.ConsentChange:
        return await consent.change(
            maybe_ctx.conn,
            candidate_id=candidate_id,
            consent=data,
            ticket_token=ticket_token,
            by=maybe_ctx.actor,
            now=maybe_ctx.now,
        )

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/consent",
        summary="A candidate's consent and its latest changes",
        security=BEARER,
        responses=refusals(*LOGGED_IN, *PARAMETERS, CandidateNotFound),
    )
    async def get_consent(self, ctx: Ctx, candidate_id: FromPath[UUID]) -> consent.ConsentState:
        return await consent.state(ctx.conn, candidate_id=candidate_id, by=ctx.actor)

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/card-views",
        summary="Which recruiters viewed the candidate's card, newest first",
        security=BEARER,
        responses=refusals(*LOGGED_IN, *PAGED, CandidateNotFound),
    )
    async def card_views(
        self,
        ctx: Ctx,
        candidate_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> recruiter.CardViewPage:
        return await recruiter.card_views(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, limit=limit, cursor=cursor
        )

"""Observations, skills cards, their review, consent, and who viewed a card."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeAlias
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, HeaderParameter, JSONBody

from events.actors import Actor
from events.api.deps import Conn, CurrentActor, Now, provide_actor
from events.api.params import Cursor, Limit
from events.pagination import DEFAULT_LIMIT
from events.skills_cards import card, consent, observations, recruiter, review


def provide_optional_actor(request: Request[Any, Any, Any], state: State) -> Actor | None:
    """The bearer's account if one is sent: a candidate with a ticket token needs none."""
    if not request.headers.get("authorization"):
        return None
    return provide_actor(request, state)


MaybeActor: TypeAlias = NamedDependency[Actor | None]
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
    )
    async def observe(
        self,
        conn: Conn,
        actor: CurrentActor,
        now: Now,
        event_id: FromPath[UUID],
        data: JSONBody[observations.ObservationIn],
    ) -> observations.RecordedObservation:
        return await observations.record(
            conn, event_id=event_id, observation=data, by=actor, now=now
        )

    @post(
        "/api/v1/events/{event_id:uuid}/observations/batch",
        summary="Record several observations of one candidate at once (all or nothing)",
    )
    async def observe_batch(
        self,
        conn: Conn,
        actor: CurrentActor,
        now: Now,
        event_id: FromPath[UUID],
        data: JSONBody[observations.ObservationBatchIn],
    ) -> observations.RecordedBatch:
        return await observations.record_batch(
            conn, event_id=event_id, batch=data, by=actor, now=now
        )

    @post(
        "/api/v1/observations/{observation_id:uuid}/correct",
        summary="Correct an observation: a new version replaces it, the old one stays on record",
    )
    async def correct(
        self,
        conn: Conn,
        actor: CurrentActor,
        now: Now,
        observation_id: FromPath[UUID],
        data: JSONBody[observations.CorrectionIn],
    ) -> observations.RecordedObservation:
        return await observations.correct(
            conn, observation_id=observation_id, correction=data, by=actor, now=now
        )

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/observations",
        summary="Every version of a candidate's observations, newest first",
    )
    async def list_observations(
        self,
        conn: Conn,
        actor: CurrentActor,
        candidate_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> observations.ObservationPage:
        return await observations.list_for_candidate(
            conn, candidate_id=candidate_id, by=actor, limit=limit, cursor=cursor
        )

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/skills-card",
        summary="A candidate's skills card",
        description="Staff who follow the candidate get the current card and its review "
        "state. A recruiter who may see the candidate gets the last reviewed card (and the "
        "view is recorded); to other recruiters the candidate does not exist.",
    )
    async def get_card(
        self, conn: Conn, actor: CurrentActor, candidate_id: FromPath[UUID]
    ) -> SkillsCardForStaff | recruiter.CardForRecruiter:
        if actor.role == "recruiter":
            seen = await recruiter.candidate(conn, candidate_id=candidate_id, by=actor)
            return seen.skills_card
        found = await card.for_staff(conn, candidate_id=candidate_id, by=actor)
        return _for_staff(candidate_id, found)

    @post(
        "/api/v1/candidates/{candidate_id:uuid}/skills-card/review",
        status_code=200,
        summary="Mark the current version of the card reviewed",
        description="Recruiters see the last reviewed version until a newer one is reviewed. "
        "Send `version` to make sure the version you read is the one marked.",
    )
    async def review_card(
        self,
        conn: Conn,
        actor: CurrentActor,
        now: Now,
        candidate_id: FromPath[UUID],
        data: JSONBody[review.ReviewIn | None] = None,
    ) -> SkillsCardForStaff:
        reviewed = await review.review(
            conn,
            candidate_id=candidate_id,
            version=data.version if data else None,
            by=actor,
            now=now,
        )
        return _for_staff(candidate_id, reviewed)

    @post(
        "/api/v1/candidates/{candidate_id:uuid}/consent",
        status_code=200,
        summary="Give or withdraw consent to recruiters",
        description="By the candidate with one of their ticket tokens (`X-Ticket-Token` "
        "header or `ticket_token`), or by staff who follow them, on their behalf. Withdrawal "
        "takes effect at once.",
        dependencies={"maybe_actor": Provide(provide_optional_actor, sync_to_thread=False)},
    )
    async def set_consent(
        self,
        conn: Conn,
        maybe_actor: MaybeActor,
        now: Now,
        candidate_id: FromPath[UUID],
        data: JSONBody[consent.ConsentIn],
        ticket_token: TicketHeader = None,
    ) -> consent.ConsentChange:
        return await consent.change(
            conn,
            candidate_id=candidate_id,
            consent=data,
            ticket_token=ticket_token,
            by=maybe_actor,
            now=now,
        )

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/consent",
        summary="A candidate's consent and its latest changes",
    )
    async def get_consent(
        self, conn: Conn, actor: CurrentActor, candidate_id: FromPath[UUID]
    ) -> consent.ConsentState:
        return await consent.state(conn, candidate_id=candidate_id, by=actor)

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/card-views",
        summary="Which recruiters viewed the candidate's card, newest first",
    )
    async def card_views(
        self,
        conn: Conn,
        actor: CurrentActor,
        candidate_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> recruiter.CardViewPage:
        return await recruiter.card_views(
            conn, candidate_id=candidate_id, by=actor, limit=limit, cursor=cursor
        )

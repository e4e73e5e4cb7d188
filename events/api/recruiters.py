"""Recruiters: the candidates of an event their company attends, and the search of skills
cards. Both show only consenting candidates with a reviewed card, and record every view.
"I'd like to meet this person" (``events.skills_cards.interest``): a recruiter records it on a
candidate they may see, the candidate's organisers read it; nothing is sent to the candidate."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, MediaType, Response, delete, get, post
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, QueryParameter

from events.api.contract import BEARER, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx, StatementCtx
from events.api.params import Cursor, Limit
from events.errors import CandidateNotFound, EventNotFound, Forbidden, UnknownSkill
from events.pagination import DEFAULT_LIMIT
from events.skills_cards import interest, recruiter

SkillQuery = Annotated[
    str | None,
    QueryParameter(max_length=50, pattern=r"^[a-z_]+$", description="A skill code."),
]
MinLevel = Annotated[
    int | None, QueryParameter(ge=1, le=4, description="Lowest level of `skill` (1 to 4).")
]
SectorQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=80,
        pattern=r"^[^\x00]+$",
        description="A sector of the events the candidate attended, whatever the case.",
    ),
]
EventQuery = Annotated[
    UUID | None,
    QueryParameter(
        description="An event the company and the candidate both attend, where the recruiter "
        "would meet them (optional)."
    ),
]
PostcodeQuery = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^(?:[0-9]{1,5}|2[AB][0-9]{0,3})$",
        description="The start of the candidate's postcode: `69` for the Rhône, `69100`.",
    ),
]


class RecruiterController(Controller):
    tags = ("recruiters",)
    security = BEARER

    @get(
        "/api/v1/events/{event_id:uuid}/candidates",
        summary="An event's consenting candidates with their reviewed skills cards",
        description="For recruiters whose company is registered to the event; for any other "
        "recruiter the event does not exist. Contact details only when the candidate agreed.",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED, EventNotFound),
    )
    async def event_candidates(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> recruiter.CandidatePage:
        return await recruiter.event_candidates(
            ctx.conn, event_id=event_id, by=ctx.actor, limit=limit, cursor=cursor
        )

    @get(
        "/api/v1/skills-cards/search",
        summary="Search skills cards by skill, level, sector and place",
        description="Among consenting candidates with a reviewed card who attend an event the "
        "recruiter's company attends; best evidence (observations x distinct observers) "
        "first, then best level. Every candidate shown is recorded as seen.",
        responses={
            200: ResponseSpec(
                data_container=recruiter.SearchPage,
                generate_examples=False,
                description="A page of candidates, best first.",
            ),
            **refusals(*LOGGED_IN, Forbidden, *PAGED, UnknownSkill),
        },
    )
    async def search(
        self,
        statement_ctx: StatementCtx,
        skill: SkillQuery = None,
        min_level: MinLevel = None,
        sector: SectorQuery = None,
        postcode: PostcodeQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Response[bytes]:
        # A SearchPage (its schema above), written by PostgreSQL (recruiter.search_answer).
        answer = await recruiter.search_answer(
            statement_ctx.pool,
            bearer=statement_ctx.bearer,
            now=statement_ctx.now,
            skill=skill,
            min_level=min_level,
            sector=sector,
            postcode=postcode,
            limit=limit,
            cursor=cursor,
        )
        return Response(content=answer, media_type=MediaType.JSON)

    @post(
        "/api/v1/candidates/{candidate_id:uuid}/interest",
        status_code=200,
        summary="Say you would like to meet a candidate",
        description="For a recruiter who may see the candidate (consent, reviewed card, an event "
        "both attend); to any other recruiter the candidate does not exist (404). The organisers "
        "of the candidate's organisation see it and follow up: nothing is sent to the candidate. "
        "Said again, the standing interest is returned with `created: false` and nothing is "
        "written. `event_id`, if given, must be an event the company and the candidate both "
        "attend.",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, CandidateNotFound, EventNotFound),
    )
    async def express_interest(
        self, ctx: Ctx, candidate_id: FromPath[UUID], event_id: EventQuery = None
    ) -> interest.Expressed:
        return await interest.express(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, now=ctx.now, event_id=event_id
        )

    @delete(
        "/api/v1/candidates/{candidate_id:uuid}/interest",
        summary="Take back your interest in meeting a candidate",
        description="The interest is kept, marked withdrawn. Without a standing interest of "
        "yours, 404.",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, CandidateNotFound),
    )
    async def withdraw_interest(self, ctx: Ctx, candidate_id: FromPath[UUID]) -> None:
        await interest.withdraw(ctx.conn, candidate_id=candidate_id, by=ctx.actor, now=ctx.now)

    @get(
        "/api/v1/candidates/{candidate_id:uuid}/interests",
        summary="Recruiters who would like to meet a candidate",
        description="For admins and the organisers of the candidate's organisation (a coach is "
        "refused; to anyone else the candidate does not exist): newest first, withdrawn "
        "ones included with when.",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED, CandidateNotFound),
    )
    async def candidate_interests(
        self,
        ctx: Ctx,
        candidate_id: FromPath[UUID],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> interest.InterestPage:
        return await interest.for_candidate(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, limit=limit, cursor=cursor
        )

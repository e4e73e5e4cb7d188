"""Recruiters: the candidates of an event their company attends, and the search of skills
cards. Both show only consenting candidates with a reviewed card, and record every view."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath, QueryParameter

from events.api.contract import BEARER, LOGGED_IN, PAGED, refusals
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.errors import EventNotFound, Forbidden, UnknownSkill
from events.pagination import DEFAULT_LIMIT
from events.skills_cards import recruiter

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
        "first, then best level.",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED, UnknownSkill),
    )
    async def search(
        self,
        ctx: Ctx,
        skill: SkillQuery = None,
        min_level: MinLevel = None,
        sector: SectorQuery = None,
        postcode: PostcodeQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> recruiter.SearchPage:
        return await recruiter.search(
            ctx.conn,
            by=ctx.actor,
            skill=skill,
            min_level=min_level,
            sector=sector,
            postcode=postcode,
            limit=limit,
            cursor=cursor,
        )

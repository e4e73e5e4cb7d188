"""Funders' statistics of an event and of a programme: counts only, small ones suppressed
(``events.statistics.figures``). Admins and the organisers of the organisation only."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath

from events.api.contract import BEARER, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.errors import EventNotFound, Forbidden, ProgrammeNotFound
from events.statistics import figures

_WHAT = (
    "Registered (confirmed or marked absent), present (checked in), absent and the no-show "
    "rate, by role and in total; among the candidates who came, the shares funders ask for "
    "(women, under 26 on the event's day, QPV, RSA/ASS/AAH, RQTH, international protection, "
    "diploma level); the outcomes at 1, 3, 6 and 12 months (answers to the follow-ups due, by "
    'kind, and "in work or training": work-study, fixed-term or permanent contract, POE or '
    "training). Counts only, no personal data. A count under 5 (none included) is `null` with "
    '`suppressed: true` (shown as "< 5"), and a second cell is suppressed wherever a total '
    "would otherwise give a suppressed one back by subtraction (`suppression_rule`). Admins "
    "and the organisers of the organisation; coaches are refused."
)


class StatisticsController(Controller):
    path = "/api/v1"
    tags = ("statistics",)
    security = BEARER

    @get(
        "/events/{event_id:uuid}/statistics",
        summary="An event's statistics for funders",
        description=_WHAT,
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, EventNotFound),
    )
    async def event_statistics(self, ctx: Ctx, event_id: FromPath[UUID]) -> figures.EventFigures:
        return await figures.event_figures(ctx.conn, event_id=event_id, by=ctx.actor, now=ctx.now)

    @get(
        "/programmes/{programme_id:uuid}/statistics",
        summary="A programme's statistics for funders",
        description=_WHAT
        + " A programme's figures are the sums of its events' (a person who came to two of "
        "its events counts twice), suppressed so that no event's small count can be worked out "
        "from them.",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, ProgrammeNotFound),
    )
    async def programme_statistics(
        self, ctx: Ctx, programme_id: FromPath[UUID]
    ) -> figures.ProgrammeFigures:
        return await figures.programme_figures(
            ctx.conn, programme_id=programme_id, by=ctx.actor, now=ctx.now
        )

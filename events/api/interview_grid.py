"""The interview grid of a job dating or an e-forum (``events.interview_grid``): its frame
(k and breaks, each company's and each candidate's side, the wishes), solving it, re-planning
it with those present, and the grid as JSON, CSV and PDF. For admins and the organisers of the
event's organisation."""

from __future__ import annotations

import asyncio
from typing import Annotated, Final, Literal
from uuid import UUID

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from events import i18n
from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.documents.tables import to_csv
from events.errors import (
    CandidateNotRegistered,
    CompanyNotRegistered,
    EventNotFound,
    Forbidden,
    GridInfeasible,
    GridNotForThisKind,
    GridWithoutSlots,
    NobodyCheckedIn,
    UnknownSkill,
    WishNotFound,
)
from events.interview_grid import grid_documents, inputs, plans, replan

_WHO = (
    "For admins and the organisers of the event's organisation, on a job dating or an e-forum "
    "(`grid_not_for_this_kind` otherwise); those who see the event but may not change it are "
    "refused, to others it does not exist."
)
_EVENT: Final = (Forbidden, EventNotFound, GridNotForThisKind)
LangQuery = Annotated[
    Literal["fr", "en"] | None,
    QueryParameter(name="lang", required=False, description="`en` for English; French by default."),
]
_PRIVATE: Final = {"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


class InterviewGridController(Controller):
    path = "/api/v1/events/{event_id:uuid}/interview-grid"
    tags = ("interview grid",)
    security = BEARER

    @get(
        "/inputs",
        summary="The frame of an event's interview grid",
        description=f"{_WHO} k (`min_interviews`) and the breaks; each confirmed company with "
        "its tables, hours (null: the whole event), occupations, skills wanted with a minimum "
        "level, hires and one video link per table; each confirmed candidate with their hours, "
        "wished sectors (empty: their CV's, given beside), whether they came in; the wishes "
        '"must meet" / "prefer not" of both sides.',
        responses=refusals(*LOGGED_IN, *PARAMETERS, *_EVENT),
    )
    async def get_inputs(self, ctx: Ctx, event_id: FromPath[UUID]) -> inputs.Inputs:
        return await inputs.get(ctx.conn, event_id=event_id, by=ctx.actor)

    @put(
        "/settings",
        summary="Set k and the breaks of an event's interview grid",
        description=f"{_WHO} `min_interviews` (0 to 50, default 2): the fewest interviews every "
        "present candidate should get; `breaks`: during the event, not overlapping; no slot "
        "starts in one. Audited.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, *_EVENT),
    )
    async def put_settings(
        self, ctx: Ctx, event_id: FromPath[UUID], data: JSONBody[inputs.SettingsIn]
    ) -> inputs.Settings:
        return await inputs.set_settings(
            ctx.conn, event_id=event_id, settings=data, by=ctx.actor, now=ctx.now
        )

    @put(
        "/companies/{company_id:uuid}",
        summary="Set a company's side of an event's interview grid",
        description=f"{_WHO} The company must be confirmed at the event "
        "(`company_not_registered`). `tables` 1 to 50; `arrives_at`/`leaves_at` within the "
        "event, leaving after arriving (null: the whole event); `skills_wanted` from the skills "
        "vocabulary (`unknown_skill`), each once, `min_level` 1 to 4; at most one of "
        "`video_urls` per table (table n's is the n-th). Audited.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, *_EVENT, CompanyNotRegistered, UnknownSkill),
    )
    async def put_company(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        company_id: FromPath[UUID],
        data: JSONBody[inputs.CompanyFrameIn],
    ) -> inputs.CompanyFrame:
        return await inputs.set_company(
            ctx.conn,
            event_id=event_id,
            company_id=company_id,
            frame=data,
            by=ctx.actor,
            now=ctx.now,
        )

    @put(
        "/candidates/{candidate_id:uuid}",
        summary="Set a candidate's side of an event's interview grid",
        description=f"{_WHO} The candidate must be confirmed at the event "
        "(`candidate_not_registered`). `arrives_at`/`leaves_at` (childcare, transport) within "
        "the event, leaving after arriving; `sectors` wished (empty: their CV's). Audited on "
        "the candidate's behalf.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, *_EVENT, CandidateNotRegistered),
    )
    async def put_candidate(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        candidate_id: FromPath[UUID],
        data: JSONBody[inputs.CandidateFrameIn],
    ) -> inputs.CandidateFrame:
        return await inputs.set_candidate(
            ctx.conn,
            event_id=event_id,
            candidate_id=candidate_id,
            frame=data,
            by=ctx.actor,
            now=ctx.now,
        )

    @post(
        "/wishes",
        summary='Record a wish "must meet" or "prefer not"',
        description=f"{_WHO} Between a confirmed candidate and a confirmed company, said by "
        "the candidate, the company or the organiser; the same side's second word about the "
        'same pair replaces the first. A "prefer not" of either side is never scheduled; a '
        '"must meet" is scheduled when it can be. Audited on the candidate\'s behalf.',
        status_code=201,
        responses=refusals(
            *LOGGED_IN, *JSON_BODY, *_EVENT, CandidateNotRegistered, CompanyNotRegistered
        ),
    )
    async def post_wish(
        self, ctx: Ctx, event_id: FromPath[UUID], data: JSONBody[inputs.WishIn]
    ) -> inputs.Wish:
        return await inputs.add_wish(
            ctx.conn, event_id=event_id, wish=data, by=ctx.actor, now=ctx.now
        )

    @delete(
        "/wishes/{wish_id:uuid}",
        summary="Remove a wish",
        description=f"{_WHO} The audit keeps what it said.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, *_EVENT, WishNotFound),
    )
    async def delete_wish(
        self, ctx: Ctx, event_id: FromPath[UUID], wish_id: FromPath[UUID]
    ) -> None:
        await inputs.delete_wish(ctx.conn, event_id=event_id, wish_id=wish_id, by=ctx.actor)

    @post(
        "/solve",
        summary="Compute the interview grid",
        description=f"{_WHO} Solves the grid (OR-Tools CP-SAT, 2 s at most) for every confirmed "
        "candidate and company and stores it as the current plan: hard rules (one place at a "
        'time, hours, one interview per table and slot, a pair meets once, no "prefer not"), '
        'then at least k interviews for everyone, the "must meet" wishes, no idle table '
        "while someone waits, and the fit between needs and reviewed skills. Once the event "
        "has begun, the interviews that started are kept. Answers what the solver proved "
        "(`status`, `gap`). Audited.",
        status_code=201,
        responses=refusals(*LOGGED_IN, *PARAMETERS, *_EVENT, GridWithoutSlots, GridInfeasible),
    )
    async def solve(self, ctx: Ctx, event_id: FromPath[UUID]) -> plans.PlanSummary:
        return await plans.solve_event(ctx.conn, event_id=event_id, by=ctx.actor, now=ctx.now)

    @post(
        "/replan",
        summary="Re-plan the rest of the event with those present",
        description=f"{_WHO} Present means checked in. Keeps the interviews that started and "
        "those of the next slot; the candidates not checked in lose their interviews from now "
        "on; the later slots are solved again for those present (each keeps the interviews "
        "done toward k). Under a second. Refused while nobody has checked in "
        "(`nobody_checked_in`). Audited.",
        status_code=201,
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, *_EVENT, GridWithoutSlots, GridInfeasible, NobodyCheckedIn
        ),
    )
    async def replan(self, ctx: Ctx, event_id: FromPath[UUID]) -> plans.PlanSummary:
        return await replan.replan_event(ctx.conn, event_id=event_id, by=ctx.actor, now=ctx.now)

    @get(
        "",
        summary="An event's interview grid",
        description=f"{_WHO} The slots, every table (with its video link), the interviews of "
        "the current plan with names, the latest plan's summary (null before the first solve; "
        "`sent_at` once sent), the candidates with fewer than k interviews (the confirmed ones; "
        "once people came in, those present) and why, "
        "in plain sentences in the reader's language.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, *_EVENT),
    )
    async def grid(self, ctx: Ctx, event_id: FromPath[UUID]) -> plans.Grid:
        return await plans.current(ctx.conn, event_id=event_id, by=ctx.actor, language=ctx.language)


class InterviewGridFilesController(Controller):
    path = "/api/v1/events"
    tags = ("interview grid",)
    security = BEARER

    @get(
        "/{event_id:uuid}/interview-grid.csv",
        summary="An event's interview grid as CSV for French Excel",
        description=f"{_WHO} One line per interview: start, end (the event's zone), company, "
        "table, candidate. `;`, UTF-8 with BOM, CRLF.",
        media_type="text/csv",
        responses=refusals(*LOGGED_IN, *PARAMETERS, *_EVENT),
    )
    async def grid_csv(
        self, ctx: Ctx, event_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        language: i18n.Language = lang or ctx.language
        grid = await plans.current(ctx.conn, event_id=event_id, by=ctx.actor, language=language)
        name = grid_documents.file_name(grid, language, "csv")
        return Response(
            to_csv(grid_documents.table(grid, language), language),
            media_type="text/csv",
            headers={
                **_PRIVATE,
                "Content-Disposition": f'attachment; filename="{name}"',
                "Content-Language": language,
            },
        )

    @get(
        "/{event_id:uuid}/interview-grid.pdf",
        summary="An event's interview grid as an A4 PDF",
        description=f"{_WHO} One section per company: each interview's time, table and candidate.",
        media_type="application/pdf",
        responses=refusals(*LOGGED_IN, *PARAMETERS, *_EVENT),
    )
    async def grid_pdf(
        self, ctx: Ctx, event_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        language: i18n.Language = lang or ctx.language
        grid = await plans.current(ctx.conn, event_id=event_id, by=ctx.actor, language=language)
        content = await asyncio.to_thread(grid_documents.document, grid, language, ctx.now)
        name = grid_documents.file_name(grid, language, "pdf")
        return Response(
            content,
            media_type="application/pdf",
            headers={
                **_PRIVATE,
                "Content-Disposition": f'inline; filename="{name}"',
                "Content-Language": language,
            },
        )

"""Anonymous "bib" sessions (``events.bibs``): the organiser's switch and the bibs with names,
the recruiters' view by bib and their interest, and the candidate's answer (with their ticket,
or by a coach or organiser for them)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post, put
from litestar.params import FromPath, JSONBody

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx, PublicCtx
from events.bibs import interests, sessions
from events.errors import (
    BibAnswerFinal,
    BibInterestNotFound,
    BibNotFound,
    BibsNotForThisKind,
    BibsSwitchClosed,
    CandidateErased,
    EventNotFound,
    Forbidden,
    InvalidTicket,
    TicketRevoked,
)

BibNumber = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
_PRIVATE = {"Referrer-Policy": "no-referrer"}


class AnonymousIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    anonymous: bool


class AnswerIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    answer: Literal["yes", "no"]


class BibsController(Controller):
    tags = ("bib sessions",)
    security = BEARER

    @get(
        "/api/v1/events/{event_id:uuid}/bibs",
        summary="An anonymous session's bibs and the companies' interests (staff)",
        description="For those who run the event (its organisation's organisers and coaches, "
        "admins): whether it is anonymous, each bib with the candidate's name and ticket code "
        "(by number), and each company's interest in a bib with the candidate's answer, who "
        "gave it (`by_proxy`), and, once mutual, the job dating where the pair is offered a "
        "slot and whether the candidate is registered there.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, EventNotFound),
    )
    async def staff_bibs(self, ctx: Ctx, event_id: FromPath[UUID]) -> sessions.BibsState:
        return await sessions.state(ctx.conn, event_id=event_id, by=ctx.actor)

    @put(
        "/api/v1/events/{event_id:uuid}/anonymous",
        summary="Make a sport session anonymous, or not (organisers)",
        description='`{"anonymous": true}`: candidates are known by a bib number during the '
        "session (coaches observe bibs, recruiters see bibs and skills, no name); the "
        "confirmed candidates are numbered at once in the order of confirmation, the later "
        "ones get the next number. Sport sessions only, before they start, draft or published "
        "(`bibs_switch_closed` after). Numbers never change, even switched off and on again.",
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            Forbidden,
            EventNotFound,
            BibsNotForThisKind,
            BibsSwitchClosed,
        ),
    )
    async def switch(
        self, ctx: Ctx, event_id: FromPath[UUID], data: JSONBody[AnonymousIn]
    ) -> sessions.BibsState:
        return await sessions.switch(
            ctx.conn, event_id=event_id, anonymous=data.anonymous, by=ctx.actor, now=ctx.now
        )

    @get(
        "/api/v1/events/{event_id:uuid}/bib-cards",
        summary="Recruiters: an anonymous session's bibs with the skills observed",
        description="For recruiters whose company is registered to the event (to others it "
        "does not exist): each bib of a consenting candidate with the skills observed at this "
        "event on the last reviewed card, and the company's interest (`waiting`, `declined`, "
        "`mutual`). Never a name, a contact, a place, a CV or a candidate id: a candidate is "
        "named (in `GET /api/v1/events/{id}/candidates`) only once the interest is mutual. "
        "`anonymous` false: the event is not anonymous, `items` empty.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound),
    )
    async def bib_cards(self, ctx: Ctx, event_id: FromPath[UUID]) -> interests.BibsForRecruiter:
        return await interests.for_recruiter(ctx.conn, event_id=event_id, by=ctx.actor)

    @post(
        "/api/v1/events/{event_id:uuid}/bibs/{number:int}/interest",
        summary="Recruiters: my company would like to meet the person behind this bib",
        description="Once per company (a second recruiter's changes nothing: 200 with "
        "`created` false, else 201). The candidate accepts or declines; only when both said "
        "yes are the identities shown, and the pair offered a slot at the next job dating.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound, BibNotFound),
    )
    async def express(
        self, ctx: Ctx, event_id: FromPath[UUID], number: FromPath[BibNumber]
    ) -> Response[interests.Expressed]:
        done = await interests.express(
            ctx.conn, event_id=event_id, number=number, by=ctx.actor, now=ctx.now
        )
        return Response(done, status_code=201 if done.created else 200)

    @post(
        "/api/v1/bib-interests/{interest_id:uuid}/answer",
        summary="A coach or organiser answers a company's interest for the candidate",
        description='`{"answer": "yes"|"no"}`, recorded as given on the candidate\'s behalf. '
        "For those who follow the candidate (to anyone else it does not exist). A yes is final "
        "(`bib_answer_final` for a later no): the company then sees the candidate (first name, "
        "CV, contact as consented) and the pair is offered a slot at the next job dating.",
        status_code=200,
        responses=refusals(*LOGGED_IN, *JSON_BODY, BibInterestNotFound, BibAnswerFinal),
    )
    async def answer_for(
        self, ctx: Ctx, interest_id: FromPath[UUID], data: JSONBody[AnswerIn]
    ) -> interests.Answered:
        return await interests.answer_for(
            ctx.conn, interest_id=interest_id, answer=data.answer, by=ctx.actor, now=ctx.now
        )


class BibTicketController(Controller):
    tags = ("bib sessions",)

    @get(
        "/api/v1/tickets/{token:str}/bib-interests",
        summary="The candidate: the companies interested in my bib",
        description="With one of the candidate's ticket tokens: each company's interest in "
        "their bib at an anonymous session, newest first, with their answer.",
        responses=refusals(*PARAMETERS, InvalidTicket, TicketRevoked, CandidateErased),
    )
    async def mine(
        self, public_ctx: PublicCtx, token: FromPath[str]
    ) -> Response[list[interests.CandidateInterest]]:
        found = await interests.for_candidate_token(public_ctx.conn, token=token)
        return Response(found, headers=_PRIVATE)

    @post(
        "/api/v1/tickets/{token:str}/bib-interests/{interest_id:uuid}/answer",
        summary="The candidate accepts or declines a company's interest",
        description='`{"answer": "yes"|"no"}` with one of the candidate\'s ticket tokens. A '
        "yes is final: the company then sees the first name, the CV and the contact as "
        "consented, and both are offered a slot at the next job dating.",
        status_code=200,
        responses=refusals(
            *JSON_BODY,
            InvalidTicket,
            TicketRevoked,
            CandidateErased,
            BibInterestNotFound,
            BibAnswerFinal,
        ),
    )
    async def answer(
        self,
        public_ctx: PublicCtx,
        token: FromPath[str],
        interest_id: FromPath[UUID],
        data: JSONBody[AnswerIn],
    ) -> Response[interests.Answered]:
        done = await interests.answer_by_token(
            public_ctx.conn,
            token=token,
            interest_id=interest_id,
            answer=data.answer,
            now=public_ctx.now,
        )
        return Response(done, headers=_PRIVATE)

"""Anonymous sessions outside the back office: the candidate's answer to the companies that
would like to meet them (``/t/{token}/moi/dossard``, with their ticket token, as their own page
``events.web.candidate``), their bib on the ticket, and the recruiter's bibs on the event page
(the parts of ``events.web.sections``).

Each form makes the same domain call as the API (``events.api.bibs``); the answer form carries
the double-submit CSRF token of ``events.web.session``, like the candidate's consent form."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from events import db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PublicCtx
from events.bibs import interests, sessions
from events.cvs import texts as cv_texts
from events.errors import (
    BibAnswerFinal,
    BibInterestNotFound,
    CsrfFailed,
    InvalidInput,
    InvalidTicket,
    TicketRevoked,
)
from events.tickets.by_token import TokenTicket
from events.web import sections
from events.web.bib_answers_texts import CANDIDATE, RECRUITER, TICKET
from events.web.pages import PRIVATE, LangQuery, page
from events.web.session import csrf_cookie, csrf_ok, csrf_token

SavedQuery = Annotated[
    Literal["1"] | None,
    QueryParameter(required=False, description="`1`: the page says the answer was recorded."),
]


class AnswerForm(msgspec.Struct, frozen=True, kw_only=True):
    csrf_token: str = ""
    answer: str = ""


def _answers_path(token: str) -> str:
    return f"/t/{token}/moi/dossard"


async def ticket_part(
    conn: db.Conn, ticket: TokenTicket, language: i18n.Language
) -> sections.Part | None:
    """On the ticket of an anonymous session: the bib, large, and how many companies wait for
    an answer."""
    if ticket.candidate_id is None or ticket.status == "cancelled":
        return None
    number = await sessions.bib_of(conn, event_id=ticket.event_id, candidate_id=ticket.candidate_id)
    if number is None:
        return None
    waiting = [
        i
        for i in await interests.for_ticket(conn, candidate_id=ticket.candidate_id)
        if i.answer is None
    ]
    return sections.Part(
        template="parts/bibs_ticket.html",
        data={"t": TICKET[language], "number": number, "waiting": len(waiting)},
    )


async def recruiter_part(
    conn: db.Conn, by: Actor, event_id: UUID, language: i18n.Language
) -> sections.Part | None:
    """On a recruiter's page of an anonymous session: its bibs, the skills observed, and the
    company's interest (``interests.for_recruiter``); nothing at another event."""
    found = await interests.for_recruiter(conn, event_id=event_id, by=by)
    if not found.anonymous:
        return None
    words = RECRUITER[language]
    return sections.Part(
        template="parts/bibs_recruiter.html",
        data={
            "t": words,
            "event_id": event_id,
            "bibs": [
                {
                    "number": item.number,
                    "reviewed": item.reviewed,
                    "skills": [
                        {
                            "line": words["skill"].format(
                                label=cv_texts.label(s.label_fr, s.label_en, language),
                                level=s.level,
                            ),
                            "evidence": words["evidence"].format(
                                observations=s.observations, observers=s.observers
                            ),
                        }
                        for s in item.skills
                    ],
                    "state": item.interest.state if item.interest else None,
                }
                for item in found.items
            ],
        },
    )


class BibAnswerPageController(Controller):
    tags = ("tickets",)

    @get(
        "/t/{token:str}/moi/dossard",
        summary="The candidate: the companies that would like to meet them",
        description="With one of the candidate's ticket tokens: each company interested in "
        "their bib at an anonymous session, with a yes / no form (`GET "
        "/api/v1/tickets/{token}/bib-interests`).",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked),
    )
    async def answers_page(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        saved: SavedQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or public_ctx.language
        found = await interests.for_candidate_token(public_ctx.conn, token=token)
        form_token = csrf_token(request)
        return page(
            "parts/bibs_answer_page.html",
            language=chosen,
            context={
                "t": CANDIDATE[chosen],
                "items": found,
                "token": token,
                "saved": saved is not None,
                "csrf_token": form_token,
                "day": lambda moment: cv_texts.day(moment, chosen),
            },
            headers=PRIVATE,
            cookies=[csrf_cookie(form_token, public_ctx.settings)],
        )

    @post(
        "/t/{token:str}/moi/dossard/{interest_id:uuid}",
        summary="The candidate accepts or declines a company's interest from their page",
        description="Form fields `answer` (`yes` or `no`) and `csrf_token`: the same call as "
        "`POST /api/v1/tickets/{token}/bib-interests/{id}/answer`. 303 back to the page.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            InvalidInput,
            InvalidTicket,
            TicketRevoked,
            CsrfFailed,
            BibInterestNotFound,
            BibAnswerFinal,
        ),
    )
    async def answer(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        interest_id: FromPath[UUID],
        data: URLEncodedBody[AnswerForm],
        lang: LangQuery = None,
    ) -> Response[Any]:
        if not csrf_ok(request, data.csrf_token):
            raise CsrfFailed
        if data.answer not in ("yes", "no"):
            raise InvalidInput(field="answer")
        await interests.answer_by_token(
            public_ctx.conn,
            token=token,
            interest_id=interest_id,
            answer="yes" if data.answer == "yes" else "no",
            now=public_ctx.now,
        )
        query = {"saved": "1", **({"lang": lang} if lang else {})}
        return Redirect(
            _answers_path(token),
            query_params=query,
            status_code=303,
            headers={**PRIVATE, "Cache-Control": "no-store"},
        )

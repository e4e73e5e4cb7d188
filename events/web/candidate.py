"""The candidate's own page, opened with a ticket token (the holder's key, as on ``/t/{token}``):
their registrations, their card as recruiters see it, who saw it and when, their consent (read
and change) and their CV. Short sentences, pictograms and large type, for people who read little.

No log-in: the token is the key. A revoked or unknown token gets the page the ticket page gives
it (the same domain call, ``by_token.find_for_holder``). The consent form still carries the
double-submit CSRF token of ``events.web.session``: another site must not be able to make a
holder's browser change their choice. The token is in the address: every answer is kept out of
caches (the app's default ``no-store``) and referrers (``PRIVATE``), and the access log hides it
(``events.redact``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from events import i18n
from events.api.contract import page_refusals
from events.api.deps import PublicCtx
from events.cvs import texts as cv_texts
from events.errors import (
    CandidateNotFound,
    CsrfFailed,
    CvNotFound,
    InvalidInput,
    InvalidTicket,
    TicketRevoked,
)
from events.skills_cards import own
from events.web.candidate_texts import WORDS
from events.web.pages import PRIVATE, LangQuery, page
from events.web.session import csrf_cookie, csrf_ok, csrf_token

NoticeQuery = Annotated[
    Literal["saved"] | None,
    QueryParameter(required=False, description="`saved`: the page says the choice was recorded."),
]
YesNo = Literal["yes", "no"]


class ConsentForm(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    recruiters: YesNo = "no"
    contact: YesNo = "no"
    csrf_token: Annotated[str, msgspec.Meta(max_length=100)] = ""


def own_path(token: str) -> str:
    return f"/t/{token}/moi"


class CandidatePageController(Controller):
    tags = ("tickets",)

    @get(
        "/t/{token:str}/moi",
        summary="The candidate's own page",
        description="With one of the candidate's ticket tokens: their registrations, their "
        "skills card as recruiters see it (the last reviewed version), which companies saw it "
        "and when, their consent with the forms to change it, and their CV. French unless "
        "`lang=en` (or the browser asks for English). A company's ticket: a page that says it "
        "is for candidates.",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked),
    )
    async def own_page(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        notice: NoticeQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or public_ctx.language
        seen = await own.view(public_ctx.conn, token=token)
        form_token = csrf_token(request)
        return page(
            "candidate_page.html",
            language=chosen,
            context={
                "seen": seen,
                "t": WORDS[chosen],
                "notice": WORDS[chosen][notice] if notice else None,
                "token": token,
                "csrf_token": form_token,
                "day": lambda moment: cv_texts.day(moment, chosen),
                "when": lambda r: i18n.when(r.starts_at, r.ends_at, r.timezone, chosen),
                "label": lambda line: cv_texts.label(line.label_fr, line.label_en, chosen),
                "kind": lambda kind: i18n.KINDS[chosen][kind],
            },
            # The token is the holder's key: keep the page out of caches and referrers.
            headers=PRIVATE,
            cookies=[csrf_cookie(form_token, public_ctx.settings)],
        )

    @post(
        "/t/{token:str}/moi/consent",
        summary="The candidate changes their consent from their page",
        description="Form fields `recruiters` and `contact` (`yes` or `no`; no to recruiters is "
        "no to contact too) and `csrf_token` (from the page). The same change as `POST "
        "/api/v1/candidates/{id}/consent` with `X-Ticket-Token`, effective at once; 303 back "
        "to the page, which says it is saved. 403 expired form.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            InvalidInput, InvalidTicket, TicketRevoked, CandidateNotFound, CsrfFailed
        ),
    )
    async def change_consent(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        data: URLEncodedBody[ConsentForm],
        lang: LangQuery = None,
    ) -> Response[Any]:
        if not csrf_ok(request, data.csrf_token):
            raise CsrfFailed
        await own.change_consent(
            public_ctx.conn,
            token=token,
            recruiters=data.recruiters == "yes",
            contact=data.contact == "yes",
            now=public_ctx.now,
        )
        query = {"notice": "saved", **({"lang": lang} if lang else {})}
        return Redirect(
            own_path(token),
            query_params=query,
            status_code=303,
            headers={**PRIVATE, "Cache-Control": "no-store"},
        )

    @get(
        "/t/{token:str}/moi/cv.pdf",
        summary="The candidate's own CV, as one PDF",
        description="With one of the candidate's ticket tokens: their CV, then the skills card "
        "recruiters see (the last reviewed version). French unless `lang=en`. 404 without a CV.",
        media_type="application/pdf",
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked, CvNotFound),
    )
    async def own_cv(
        self,
        public_ctx: PublicCtx,
        token: FromPath[str],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        language: i18n.Language = lang or public_ctx.language
        content = await own.cv_pdf(
            public_ctx.conn, token=token, language=language, now=public_ctx.now
        )
        return Response(
            content,
            media_type="application/pdf",
            headers={
                **PRIVATE,
                "Content-Disposition": 'inline; filename="cv.pdf"',
                "Content-Language": language,
            },
        )

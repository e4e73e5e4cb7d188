"""The candidate's own page, opened with a ticket token (the holder's key, as on ``/t/{token}``):
their registrations, their card as recruiters see it, who saw it and when, their consent (read
and change) and their CV. Short sentences, pictograms and large type, for people who read little.

No log-in: the token is the key. A revoked or unknown token gets the page the ticket page gives
it (the same domain call, ``by_token.find_for_holder``). The consent form still carries the
double-submit CSRF token of ``events.web.session``: another site must not be able to make a
holder's browser change their choice. The token is in the address: every answer is kept out of
caches (the app's default ``no-store``) and referrers (``PRIVATE``), and the access log hides it
(``events.redact``).

Their data (``/t/{token}/moi/donnees``, issue 12 §3 and §4): the token is not enough. The
ticket's short code is typed in a form (never in an address), wrong codes are counted and slowed
down (``events.data_rights.holder``), and the right one gives a 20-minute pass in an HttpOnly
cookie, with which the person downloads everything held about them (PDF, JSON) and adds their
own comment beside an observation."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from events import i18n
from events.api.contract import page_refusals
from events.api.deps import PublicCtx
from events.credentials import holding
from events.credentials.achievement import NameChoice
from events.cvs import texts as cv_texts
from events.data_rights import comments, document, export, holder, views
from events.errors import (
    CandidateNotFound,
    CsrfFailed,
    CvNotFound,
    InvalidCursor,
    InvalidInput,
    InvalidTicket,
    ObservationNotFound,
    ShortCodeRequired,
    SkillsCardNotReviewed,
    TicketRevoked,
    TooManyAttempts,
    WrongShortCode,
)
from events.settings import Settings
from events.skills_cards import own
from events.web.candidate_texts import WORDS
from events.web.pages import PRIVATE, LangQuery, page
from events.web.session import csrf_cookie, csrf_ok, csrf_token

NoticeQuery = Annotated[
    Literal["saved", "badge_ready"] | None,
    QueryParameter(
        required=False,
        description="`saved`: the page says the choice was recorded; `badge_ready`: that the "
        "skills badge is ready to download.",
    ),
]
DataNoticeQuery = Annotated[
    Literal["comment_saved"] | None,
    QueryParameter(
        required=False,
        description="`comment_saved`: the page says the comment was recorded.",
    ),
]
ViewsQuery = Annotated[
    str | None,
    QueryParameter(
        name="views",
        required=False,
        max_length=200,
        description="The cursor of the next page of the card's views (opaque, from the page).",
    ),
]
# The pass given by the ticket's short code (``events.data_rights.holder``): HttpOnly, for
# the candidate's pages only.
PASS_COOKIE = "rencontres_donnees"  # noqa: S105 - a cookie's name, not a secret
YesNo = Literal["yes", "no"]


class CodeForm(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=50)] = ""
    csrf_token: Annotated[str, msgspec.Meta(max_length=100)] = ""


class CommentForm(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    observation_id: UUID
    # Longer than a comment may be: the domain says, in words, when it is too long.
    body: Annotated[str, msgspec.Meta(max_length=4000)] = ""
    csrf_token: Annotated[str, msgspec.Meta(max_length=100)] = ""


class BadgeForm(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name_choice: NameChoice = "initial"
    csrf_token: Annotated[str, msgspec.Meta(max_length=100)] = ""


class ConsentForm(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    recruiters: YesNo = "no"
    contact: YesNo = "no"
    csrf_token: Annotated[str, msgspec.Meta(max_length=100)] = ""


def own_path(token: str) -> str:
    return f"/t/{token}/moi"


def data_path(token: str) -> str:
    return f"/t/{token}/moi/donnees"


def _secure(settings: Settings) -> bool:
    return settings.public_url.lower().startswith("https://")


def _pass_cookie(value: str, max_age: int, settings: Settings) -> Cookie:
    return Cookie(
        key=PASS_COOKIE,
        value=value,
        path="/t/",
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=_secure(settings),
    )


async def _pass_holder(
    request: Request[Any, Any, Any], public_ctx: PublicCtx, token: str
) -> holder.Holder:
    return await holder.check_pass(
        public_ctx.conn,
        token=token,
        pass_value=request.cookies.get(PASS_COOKIE, "")[:200],
        secret=public_ctx.settings.secret_key,
        now=public_ctx.now,
    )


def _to_code_form(token: str, language: i18n.Language | None) -> Redirect:
    return Redirect(
        data_path(token),
        query_params={"lang": language} if language else None,
        status_code=303,
        headers={**PRIVATE, "Cache-Control": "no-store"},
        # The PDF's route answers a redirect too: say the redirect's own type.
        media_type=MediaType.TEXT,
    )


class CandidatePageController(Controller):
    tags = ("tickets",)

    @get(
        "/t/{token:str}/moi",
        summary="The candidate's own page",
        description="With one of the candidate's ticket tokens: their registrations, their "
        "skills card as recruiters see it (the last reviewed version), which companies saw it "
        "and when (all of them, date and time in Paris time, 50 a page: `views` is the next "
        "page's cursor), their consent with the forms to change it, their CV, and the way to "
        "their data. French unless "
        "`lang=en` (or the browser asks for English). A company's ticket: a page that says it "
        "is for candidates.",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked, InvalidCursor),
    )
    async def own_page(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        notice: NoticeQuery = None,
        views_cursor: ViewsQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or public_ctx.language
        seen = await own.view(public_ctx.conn, token=token)
        looks = (
            await views.for_holder(public_ctx.conn, token=token, cursor=views_cursor)
            if seen.candidate_id is not None
            else views.SeenPage(items=[], next_cursor=None)
        )
        form_token = csrf_token(request)
        badge = (
            await holding.mine(public_ctx.conn, candidate_id=seen.candidate_id)
            if seen.candidate_id is not None
            else None
        )
        return page(
            "candidate_page.html",
            language=chosen,
            context={
                "seen": seen,
                "badge": badge,
                "views": looks,
                "views_paged": views_cursor is not None,
                "moment": lambda at: views.moment(at, chosen),
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

    @post(
        "/t/{token:str}/moi/badge",
        summary="The candidate gets their skills badge from their page",
        description="Form fields `name_choice` (`initial`: first name and initial, the default; "
        "`full`: full name; `first`: first name only) and `csrf_token` (from the page). The "
        "choice is stored, then the credential of the last reviewed card is issued with it "
        "(the same one if it was already issued with that name; another choice replaces it and "
        "revokes the old one), as `POST /api/v1/candidates/{id}/credentials` does for staff. "
        "303 back to the page, which then links the JSON, the baked SVG and `/verify/{id}`. "
        "409 `skills_card_not_reviewed`; 403 expired form. Never sent to anyone.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            InvalidInput,
            InvalidTicket,
            TicketRevoked,
            CandidateNotFound,
            CsrfFailed,
            SkillsCardNotReviewed,
        ),
    )
    async def get_badge(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        data: URLEncodedBody[BadgeForm],
        lang: LangQuery = None,
    ) -> Response[Any]:
        if not csrf_ok(request, data.csrf_token):
            raise CsrfFailed
        await holding.get_mine(
            public_ctx.conn,
            token=token,
            name_choice=data.name_choice,
            now=public_ctx.now,
            public_url=public_ctx.settings.public_url,
        )
        query = urlencode({"notice": "badge_ready", **({"lang": lang} if lang else {})})
        return Redirect(
            f"{own_path(token)}?{query}#badge",
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

    # --- my data: the short code, the export, comments on observations ---------------------

    async def _data_page(
        self,
        request: Request[Any, Any, Any],
        public_ctx: PublicCtx,
        token: str,
        language: i18n.Language,
        *,
        candidate_id: UUID,
        notice: str | None = None,
        error: dict[str, str] | None = None,
    ) -> Template:
        words = WORDS[language]
        form_token = csrf_token(request)
        found = await comments.own_observations(public_ctx.conn, candidate_id=candidate_id)
        return page(
            "candidate/data.html",
            language=language,
            context={
                "t": words,
                "token": token,
                "csrf_token": form_token,
                "notice": words[notice] if notice else None,
                "observations": found,
                "error": error,
                "day": lambda moment: cv_texts.day(moment, language),
                "skill": lambda o: o.skill_en if language == "en" else o.skill_fr,
            },
            headers=PRIVATE,
            status_code=400 if error else 200,
            cookies=[csrf_cookie(form_token, public_ctx.settings)],
        )

    def _code_page(
        self,
        request: Request[Any, Any, Any],
        public_ctx: PublicCtx,
        token: str,
        language: i18n.Language,
        *,
        error: str | None = None,
        status_code: int = 200,
    ) -> Template:
        form_token = csrf_token(request)
        return page(
            "candidate/code.html",
            language=language,
            context={
                "t": WORDS[language],
                "token": token,
                "csrf_token": form_token,
                "error": error,
            },
            headers=PRIVATE,
            status_code=status_code,
            cookies=[csrf_cookie(form_token, public_ctx.settings)],
        )

    @get(
        "/t/{token:str}/moi/donnees",
        summary="The candidate's data: the short-code form, then their data",
        description="With one of the candidate's ticket tokens. Without a live pass (the "
        "HttpOnly cookie the right short code gives, 20 minutes), a form asking for the "
        "ticket's short code. With it: buttons to download everything held about them (PDF, "
        "JSON) and their observations, each with a form to add their own comment. French "
        "unless `lang=en`.",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked, CandidateNotFound),
    )
    async def data_page(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        notice: DataNoticeQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        language: i18n.Language = lang or public_ctx.language
        try:
            opened = await _pass_holder(request, public_ctx, token)
        except ShortCodeRequired:
            return self._code_page(request, public_ctx, token, language)
        return await self._data_page(
            request,
            public_ctx,
            token,
            language,
            candidate_id=opened.candidate_id,
            notice=notice,
        )

    @post(
        "/t/{token:str}/moi/donnees",
        summary="The candidate types their ticket's short code to open their data",
        description="Form fields `code` (the ticket's short code, as printed: dashes and case "
        "do not matter) and `csrf_token`. The right code: 303 to the data page with a pass "
        "(an HttpOnly, SameSite=Strict cookie bound to this ticket, 20 minutes). A wrong code: "
        "the form again (400) saying how many tries are left; after 5 wrong codes in 15 "
        "minutes the ticket waits (429), whatever is typed. Nothing typed is kept.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            InvalidInput, InvalidTicket, TicketRevoked, CandidateNotFound, CsrfFailed
        ),
    )
    async def open_data(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        data: URLEncodedBody[CodeForm],
        lang: LangQuery = None,
    ) -> Response[Any]:
        language: i18n.Language = lang or public_ctx.language
        if not csrf_ok(request, data.csrf_token):
            raise CsrfFailed
        words = WORDS[language]
        try:
            opened = await holder.open_with_code(
                public_ctx.conn,
                token=token,
                code=data.code,
                secret=public_ctx.settings.secret_key,
                now=public_ctx.now,
            )
        except WrongShortCode as wrong:
            error = words["code_wrong"].format(left=wrong.params["left"])
            return self._code_page(
                request, public_ctx, token, language, error=error, status_code=400
            )
        except TooManyAttempts:
            minutes = int(holder.WINDOW.total_seconds() // 60)
            return self._code_page(
                request,
                public_ctx,
                token,
                language,
                error=words["code_wait"].format(minutes=minutes),
                status_code=429,
            )
        max_age = int((opened.expires_at - public_ctx.now).total_seconds())
        return Redirect(
            data_path(token),
            query_params={"lang": language} if lang else None,
            status_code=303,
            headers={**PRIVATE, "Cache-Control": "no-store"},
            cookies=[_pass_cookie(opened.pass_value, max_age, public_ctx.settings)],
        )

    @get(
        "/t/{token:str}/moi/donnees.pdf",
        summary="The candidate's data as a readable PDF",
        description="Everything held about the candidate (as `GET /api/v1/candidates/{id}/"
        "export.pdf`), with a live pass from the short code; without one, 303 to the form. "
        "French unless `lang=en`. Audited.",
        media_type="application/pdf",
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked, CandidateNotFound),
    )
    async def data_pdf(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        lang: LangQuery = None,
    ) -> Response[Any]:
        language: i18n.Language = lang or public_ctx.language
        try:
            opened = await _pass_holder(request, public_ctx, token)
        except ShortCodeRequired:
            return _to_code_form(token, lang)
        found = await export.for_holder(
            public_ctx.conn,
            candidate_id=opened.candidate_id,
            ticket_id=opened.ticket_id,
            fmt="pdf",
            now=public_ctx.now,
        )
        content = await asyncio.to_thread(document.render, found, language)
        return Response(
            content,
            media_type="application/pdf",
            headers={
                **PRIVATE,
                "Content-Disposition": 'inline; filename="mes-donnees.pdf"',
                "Content-Language": language,
            },
        )

    @get(
        "/t/{token:str}/moi/donnees.json",
        summary="The candidate's data as JSON",
        description="Everything held about the candidate (as `GET /api/v1/candidates/{id}/"
        "export.json`), with a live pass from the short code; without one, 303 to the form. "
        "Audited.",
        media_type=MediaType.JSON,
        responses=page_refusals(InvalidTicket, TicketRevoked, CandidateNotFound),
    )
    async def data_json(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
    ) -> Response[Any]:
        try:
            opened = await _pass_holder(request, public_ctx, token)
        except ShortCodeRequired:
            return _to_code_form(token, None)
        found = await export.for_holder(
            public_ctx.conn,
            candidate_id=opened.candidate_id,
            ticket_id=opened.ticket_id,
            fmt="json",
            now=public_ctx.now,
        )
        return Response(
            msgspec.json.encode(found),
            media_type=MediaType.JSON,
            headers={
                **PRIVATE,
                "Content-Disposition": 'attachment; filename="mes-donnees.json"',
            },
        )

    @post(
        "/t/{token:str}/moi/commentaire",
        summary="The candidate adds their own comment to one of their observations",
        description="Form fields `observation_id` (one of their current observations), `body` "
        "(1 to 1000 characters) and `csrf_token`, with a live pass from the short code "
        "(else 303 to the form). Shown to coaches beside the observation; nobody can edit it. "
        "303 back to the data page, which says it is saved; an empty or too long comment: "
        "the page again (400), the words kept, the error beside the field.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            InvalidInput,
            InvalidTicket,
            TicketRevoked,
            CandidateNotFound,
            CsrfFailed,
            ObservationNotFound,
        ),
    )
    async def add_comment(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        data: URLEncodedBody[CommentForm],
        lang: LangQuery = None,
    ) -> Response[Any]:
        language: i18n.Language = lang or public_ctx.language
        if not csrf_ok(request, data.csrf_token):
            raise CsrfFailed
        try:
            opened = await _pass_holder(request, public_ctx, token)
        except ShortCodeRequired:
            return _to_code_form(token, lang)
        try:
            await comments.add(
                public_ctx.conn,
                candidate_id=opened.candidate_id,
                ticket_id=opened.ticket_id,
                observation_id=data.observation_id,
                body=data.body,
                now=public_ctx.now,
            )
        except InvalidInput:
            words = WORDS[language]
            empty = not data.body.strip()
            return await self._data_page(
                request,
                public_ctx,
                token,
                language,
                candidate_id=opened.candidate_id,
                error={
                    "observation_id": str(data.observation_id),
                    "text": words["comment_empty" if empty else "comment_long"],
                    "body": data.body,
                },
            )
        query = {"notice": "comment_saved", **({"lang": lang} if lang else {})}
        return Redirect(
            data_path(token),
            query_params=query,
            status_code=303,
            headers={**PRIVATE, "Cache-Control": "no-store"},
        )

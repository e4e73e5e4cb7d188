"""The back office's bibs page of a sport session (``/admin/events/{id}/bibs``): the switch that
makes it anonymous, the badges to print, what is to do after a mutual interest (register the
candidate to the job dating: never done silently), the companies' interests with the answer
given for the candidate when they ask a coach or organiser, and the list of bibs with names.

Each form makes the same domain call as the API (``events.api.bibs``): ``sessions.switch`` and
``interests.answer_for``."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import i18n
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.bibs import interests, sessions
from events.cvs import texts as cv_texts
from events.errors import (
    BibAnswerFinal,
    BibInterestNotFound,
    BibsNotForThisKind,
    BibsSwitchClosed,
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidInput,
)
from events.web.admin.bibs_texts import WORDS
from events.web.admin.common import admin_page, back_office, form_ctx
from events.web.pages import LangQuery


def _page_path(event_id: UUID) -> str:
    return f"/admin/events/{event_id}/bibs"


def _back(event_id: UUID, language: i18n.Language, done: str) -> Redirect:
    """POST, redirect, GET: the bibs page, saying what was done."""
    lang = "&lang=en" if language == "en" else ""
    return Redirect(
        f"{_page_path(event_id)}?done={done}{lang}",
        status_code=303,
        headers={"Cache-Control": "no-store"},
    )


def _render(
    request: Request[Any, Any, Any],
    settings: Any,
    language: i18n.Language,
    found: sessions.BibsState,
    *,
    now: Any,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    words = WORDS[language]
    event = found.event
    switchable = (
        event.kind == "sport_session"
        and event.status in ("draft", "published")
        and now < event.starts_at
    )
    todo = []
    for item in found.interests:
        if not item.to_do:
            continue
        name = f"{item.first_name} {item.last_name}"
        if item.job_dating_id is None:
            text = words["todo_no_job_dating"].format(
                name=name, number=item.number, company=item.company_name
            )
        else:
            text = words["todo_register"].format(
                name=name,
                number=item.number,
                company=item.company_name,
                job_dating=item.job_dating_title,
            )
        todo.append({"text": text, "job_dating_id": item.job_dating_id})
    return admin_page(
        request,
        settings,
        language,
        "admin/bibs.html",
        {
            "event": event,
            "switchable": switchable,
            "bibs": found.bibs,
            "interests": found.interests,
            "todo": todo,
            "notice": notice,
            "error": error,
            "day": lambda moment: cv_texts.day(moment, language),
        },
        words=WORDS,
        status_code=status_code,
    )


DoneQuery = Annotated[
    Literal["switched_on", "switched_off", "answered"] | None,
    QueryParameter(required=False, description="What the last form did, said on the page."),
]


class AdminBibsController(Controller):
    path = "/admin"
    tags = ("back office",)

    @get(
        "/events/{event_id:uuid}/bibs",
        summary="Back office: an anonymous sport session's bibs",
        description="What `GET /api/v1/events/{id}/bibs` gives, with the switch (`PUT "
        "/api/v1/events/{id}/anonymous`), the badges to print, what is to do after a mutual "
        "interest, and the answer forms for the candidate (`POST "
        "/api/v1/bib-interests/{id}/answer`).",
        media_type=MediaType.HTML,
        security=SESSION,
        responses=page_refusals(Forbidden, InvalidInput, EventNotFound),
    )
    async def bibs_page(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await sessions.state(page_ctx.conn, event_id=event_id, by=actor)
        notice = WORDS[language][done] if done else None
        return _render(request, page_ctx.settings, language, found, now=page_ctx.now, notice=notice)

    @post(
        "/events/{event_id:uuid}/bibs/anonymous",
        summary="Back office: make the session anonymous, or not, from the form",
        description="Field `anonymous` (`yes` or `no`): the same call as `PUT "
        "/api/v1/events/{id}/anonymous`. 303 back to the bibs page; the page again (409) "
        "with the reason when it can no longer change.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound, BibsNotForThisKind),
    )
    async def switch(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        anonymous = form.value("anonymous") == "yes"
        try:
            async with form.conn.transaction():
                await sessions.switch(
                    form.conn, event_id=event_id, anonymous=anonymous, by=form.actor, now=form.now
                )
        except BibsSwitchClosed:
            found = await sessions.state(form.conn, event_id=event_id, by=form.actor)
            return _render(
                request,
                public_ctx.settings,
                form.language,
                found,
                now=form.now,
                error=WORDS[form.language]["switch_closed"],
                status_code=409,
            )
        return _back(event_id, form.language, "switched_on" if anonymous else "switched_off")

    @post(
        "/bib-interests/{interest_id:uuid}/answer",
        summary="Back office: answer a company's interest for the candidate",
        description="Fields `answer` (`yes` or `no`) and `event_id` (the page to go back to): "
        "the same call as `POST /api/v1/bib-interests/{id}/answer`, recorded as given on the "
        "candidate's behalf. 303 back to the bibs page.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, BibInterestNotFound, BibAnswerFinal),
    )
    async def answer(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        interest_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Redirect:
        form = await form_ctx(request, public_ctx, lang)
        answer = form.value("answer")
        if answer not in ("yes", "no"):
            raise InvalidInput(field="answer")
        done = await interests.answer_for(
            form.conn,
            interest_id=interest_id,
            answer="yes" if answer == "yes" else "no",
            by=form.actor,
            now=form.now,
        )
        return _back(done.event_id, form.language, "answered")

"""Everyone's interview schedule on the pages: the ticket's « Vos entretiens » (a candidate's own
interviews; a company's, table by table, for its contact), the recruiter's part on their event
page, the recruiter's printable sheet (``/recruiter/events/{id}/interviews``, A4, one table per
table), and the organiser's « Envoyer les plannings » form of the grid page.

The parts themselves are ``events.interview_grid.schedule_sheet``'s (the shared pages list
them, events/web/sections.py). Each makes the same domain call as the API
(``events.interview_grid.schedules``): the send is ``schedules.send``, what a recruiter sees is
``schedules.of_company`` (their own company's interviews, the card link only where
``recruiter_visible_candidates`` lets them open it)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, MediaType, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events import i18n
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.errors import (
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidTransition,
    NoInterviewPlan,
)
from events.interview_grid import schedule_sheet, schedule_texts, schedules
from events.web.admin.common import back_to, form_ctx
from events.web.pages import PRIVATE, LangQuery, page

# --- pages -----------------------------------------------------------------------------------


class InterviewSchedulePagesController(Controller):
    path = "/"
    tags = ("pages",)

    @get(
        "/recruiter/events/{event_id:uuid}/interviews",
        summary="Recruiters: my company's interviews at an event, as a sheet to print",
        description="One table per interview table (A4 when printed): time, the candidate's "
        "first name and initial, a link to the card when the recruiter may open it, and the "
        "link to `GET /api/v1/events/{id}/interviews.ics`. Recruiters of a registered company "
        "only (anyone else 403; another company: 404). Empty until the plan was sent.",
        media_type=MediaType.HTML,
        security=SESSION,
        responses=page_refusals(Forbidden, EventNotFound),
    )
    async def sheet(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        language: i18n.Language = lang or page_ctx.language
        schedule = await schedules.of_company(page_ctx.conn, event_id=event_id, by=page_ctx.actor)
        event = schedule.event
        words = schedule_texts.WORDS[language]
        switch = {"lang": "en" if language == "fr" else "fr"}
        return page(
            "interview_sheet.html",
            language=language,
            context={
                **schedule_sheet.recruiter_view(schedule, language),
                "event": event,
                "sent": event.sent_at is not None,
                "heading": words["sheet_title"].format(company=event.company_name),
                "subtitle": words["sheet_event"].format(
                    title=event.title,
                    when=i18n.when(event.starts_at, event.ends_at, event.timezone, language),
                ),
                "back_url": f"/recruiter/events/{event.id}?lang={language}",
                "switch": f"{request.url.path}?{urlencode(switch)}",
            },
            headers={**PRIVATE},
        )

    @post(
        "/admin/events/{event_id:uuid}/interview-grid/send",
        summary="Back office: send everyone their interview schedule",
        description="As `POST /api/v1/events/{id}/interview-grid/send`, from the grid page's "
        "form (CSRF token first); 303 back to `/admin/events/{id}/interview-grid`.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, Forbidden, EventNotFound, InvalidTransition, NoInterviewPlan
        ),
    )
    async def send_form(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Redirect:
        form = await form_ctx(request, public_ctx, lang)
        await schedules.send(form.conn, event_id=event_id, by=form.actor, now=form.now)
        return back_to(f"/admin/events/{event_id}/interview-grid", form.language)

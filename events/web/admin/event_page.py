"""One event in the back office: its facts, its registrations (each with its ticket's short code
and who registered it), the waiting list in order, who came (``event_view`` reads them), and the
forms that run the event: publish, change the date or place, change the places, complete,
cancel, edit the title, presentation and format. The forms of its registrations are in
``event_registrations``.

Each form makes the same domain call as the API controller beside it (``events.api.events``),
then goes back to the page (303), which says what was done. A form refused for what was typed (a
date, a number, places below those confirmed) comes back at its place on the page, values kept:
that domain call runs in a savepoint, so a refusal leaves nothing written. Any other refusal is
the HTML error page, the request's transaction rolled back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Template

from events import catalog, db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.errors import (
    CapacityBelowConfirmed,
    CsrfFailed,
    EventNotFound,
    EventNotOver,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    UnknownCoach,
    UnknownCompany,
    WorkshopCapacityBelowSignups,
    WorkshopHasSignups,
)
from events.web.admin.common import FormCtx, admin_page, back_office, form_ctx
from events.web.admin.event_form import (
    WORKSHOP_ROWS,
    EventForm,
    as_refusal,
    choices_for,
    form_context,
)
from events.web.admin.event_texts import WORDS
from events.web.admin.event_view import (
    DONE_COOKIE,
    EventId,
    back_saying,
    event_page_context,
    local_input,
    own_event,
    page_again,
    said,
    sent_back,
)
from events.web.pages import LangQuery

_FORM = MediaType.HTML
_PAGE_REFUSALS: Final = (CsrfFailed, Forbidden, InvalidInput, EventNotFound)
Search = Annotated[
    str | None,
    QueryParameter(required=False, max_length=100, description="Candidates whose name holds this."),
]
CompanySearch = Annotated[
    str | None,
    QueryParameter(required=False, max_length=100, description="Companies whose name holds this."),
]


class AdminEventController(Controller):
    path = "/admin/events/{event_id:uuid}"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: one event, its registrations, waiting list and who came",
        description="With the forms that run it. `q` narrows the candidates offered, `cq` the "
        "companies. After a form, the page says what it did (the `rencontres_done` cookie the "
        "form's redirect set, cleared here). Organisers and admins; others 403.",
        media_type=_FORM,
        responses=page_refusals(Forbidden, InvalidInput, EventNotFound),
    )
    async def event(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        q: Search = None,
        cq: CompanySearch = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        done, promoted = said(request)
        context = await event_page_context(
            page_ctx.conn,
            event_id=event_id,
            by=actor,
            now=page_ctx.now,
            language=language,
            q=q,
            cq=cq,
            done=done,
            promoted=promoted,
        )
        page = admin_page(
            request, page_ctx.settings, language, "admin/event.html", context, words=WORDS
        )
        if DONE_COOKIE in request.cookies:
            page.delete_cookie(DONE_COOKIE, path=f"/admin/events/{event_id}")
        return page

    # --- the event ------------------------------------------------------------------------

    @post(
        "/publish",
        summary="Back office: publish a draft",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(*_PAGE_REFUSALS, InvalidTransition),
    )
    async def publish(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await catalog.set_status(
            form.conn, event_id=event_id, status="published", by=form.actor, now=form.now
        )
        return back_saying(event_id, form, "published")

    @post(
        "/move",
        summary="Back office: change the date, time zone, place or online link",
        description="As `PATCH /api/v1/events/{id}`: a change of time or place raises the "
        "event's sequence and tells every participant (`event_changed`). The page again (400) "
        "with the refusal next to its field, nothing changed.",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(*_PAGE_REFUSALS, InvalidTransition),
    )
    async def move(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        reader = EventForm(form, "")
        zone = reader.text("timezone") or ""
        body: dict[str, Any] = {"timezone": zone}
        for name in ("starts_at", "ends_at"):
            moment = reader.moment(name, zone)
            if moment is not None:
                body[name] = moment.isoformat()
        venue = {p: reader.text(f"venue.{p}") for p in ("name", "address", "city", "postcode")}
        body["venue"] = {p: v or "" for p, v in venue.items()} if any(venue.values()) else None
        body["online_url"] = reader.text("online_url")
        if not reader.errors and await _changed(form, event_id, body, reader):
            return back_saying(event_id, form, "moved")
        return await page_again(
            request, public_ctx.settings, form, event_id, sent_back("move", reader, 400)
        )

    @post(
        "/capacity",
        summary="Back office: change the places of each role",
        description="As `PATCH /api/v1/events/{id}` with `capacity`: new places go at once to "
        "the waiting list, in order; fewer places than those confirmed is refused (409, the "
        "page again with the refusal, nothing changed).",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(*_PAGE_REFUSALS, InvalidTransition, CapacityBelowConfirmed),
    )
    async def capacity(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        reader = EventForm(form, "")
        places = {role: reader.number(f"capacity.{role}") for role in ("candidates", "companies")}
        status_code = 400
        if not reader.errors:
            try:
                if await _changed(form, event_id, {"capacity": places}, reader):
                    return back_saying(event_id, form, "capacity")
            except CapacityBelowConfirmed as refusal:
                role = (refusal.extra or {}).get("role")
                field = "capacity.companies" if role == "company" else "capacity.candidates"
                reader.errors[field] = refusal.detail(form.language)
                status_code = refusal.status_code
        return await page_again(
            request, public_ctx.settings, form, event_id, sent_back("capacity", reader, status_code)
        )

    @post(
        "/cancel",
        summary="Back office: call off an event, with a reason told to participants",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(*_PAGE_REFUSALS, InvalidTransition),
    )
    async def cancel(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        reader = EventForm(form, "")
        body = {"reason": reader.text("reason")}
        try:
            cancellation = msgspec.convert(body, catalog.Cancellation)
        except msgspec.ValidationError as error:
            reader.refuse(as_refusal(body, error, catalog.Cancellation))
            return await page_again(
                request, public_ctx.settings, form, event_id, sent_back("cancel", reader, 400)
            )
        await catalog.set_status(
            form.conn,
            event_id=event_id,
            status="cancelled",
            by=form.actor,
            now=form.now,
            reason=cancellation.reason,
        )
        return back_saying(event_id, form, "cancelled")

    @post(
        "/complete",
        summary="Back office: mark a published event done, once it is over",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(*_PAGE_REFUSALS, InvalidTransition, EventNotOver),
    )
    async def complete(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await catalog.set_status(
            form.conn, event_id=event_id, status="completed", by=form.actor, now=form.now
        )
        return back_saying(event_id, form, "completed")

    # --- editing --------------------------------------------------------------------------

    @get(
        "/edit",
        summary="Back office: the form changing an event's title, presentation and format",
        media_type=_FORM,
        responses=page_refusals(Forbidden, InvalidInput, EventNotFound),
    )
    async def edit_form(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        row = await own_event(page_ctx.conn, event_id=event_id, by=actor)
        context = await _edit_context(
            page_ctx.conn, row, actor, language, _stored_values(row), {}, details=row.details
        )
        return admin_page(
            request, page_ctx.settings, language, "admin/event_form.html", context, words=WORDS
        )

    @post(
        "/edit",
        summary="Back office: change an event's title, presentation, sectors, reminder, format",
        description="As `PATCH /api/v1/events/{id}` with those fields and the format's details "
        "the form shows (a sport session's coaches, a festival's restaurants, a forum's "
        "workshops among them); details a form leaves out are kept. The form again (400; 422 "
        "for a coach who is not one of the organisation's, or a restaurant that is no company) "
        "with each refusal next to its field, values kept, nothing changed.",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(*_PAGE_REFUSALS, InvalidTransition, UnknownCoach, UnknownCompany),
    )
    async def edit(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        row = await own_event(form.conn, event_id=event_id, by=form.actor)
        reader = EventForm(form, row.kind)
        # What the form shows is sent as it is now; only what it leaves out is kept as stored.
        details = reader.details(stored=row.details, zone=row.timezone)
        body = {**reader.essentials(), "details": details}
        if not reader.errors and await _changed(form, event_id, body, reader):
            return back_saying(event_id, form, "edited")
        context = await _edit_context(
            form.conn, row, form.actor, form.language, reader.shown, reader.errors, details=details
        )
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/event_form.html",
            context,
            words=WORDS,
            status_code=reader.status_code,
        )


async def _changed(form: FormCtx, event_id: UUID, body: dict[str, Any], reader: EventForm) -> bool:
    """``catalog.update`` with ``body`` as the API's PATCH body, in a savepoint: refused for
    what was typed, nothing is written and the refusal goes next to its field (``False``).
    A refusal of the event's state is raised as it is."""
    try:
        async with form.conn.transaction():
            changes = msgspec.convert(body, catalog.EventPatch)
            await catalog.update(
                form.conn, event_id=event_id, changes=changes, by=form.actor, now=form.now
            )
    except (msgspec.ValidationError, InvalidInput) as error:
        reader.refuse(as_refusal(body, error, catalog.EventPatch))
        return False
    except (UnknownCoach, UnknownCompany) as error:
        reader.refuse_reference(error)
        return False
    except (WorkshopHasSignups, WorkshopCapacityBelowSignups) as error:
        # A workshop with people signed up is called off on the workshops page only.
        reader.errors["details.workshops"] = error.detail(form.language)
        reader.status_code = error.status_code
        return False
    return True


def _stored_values(row: catalog.EventRow) -> dict[str, Any]:
    """The edit form's fields as the event holds them."""
    details = row.details
    values: dict[str, Any] = {
        "title": row.title,
        "description": row.description or "",
        "sectors": ", ".join(row.sectors),
        "reminder_hours_before": str(row.reminder_hours_before),
        "details.cuisines": ", ".join(details.get("cuisines", [])),
        "details.mode": details.get("mode", "in_person"),
        "details.interview_minutes": str(details.get("interview_minutes", "")),
        "details.photo_shoot": bool(details.get("photo_shoot")),
    }
    for n, activity in enumerate(details.get("activities", []), start=1):
        values[f"activity_{n}"] = activity["name"]
        values[f"activity_{n}_skills"] = activity.get("skills", [])
    values["details.coach_ids"] = [str(i) for i in details.get("coach_ids", [])]
    values["details.restaurant_company_ids"] = [
        str(i) for i in details.get("restaurant_company_ids", [])
    ]
    for n, workshop in enumerate(details.get("workshops", []), start=1):
        values[f"workshop_{n}_title"] = workshop["title"]
        for part in ("starts_at", "ends_at"):
            moment = datetime.fromisoformat(workshop[part])
            values[f"workshop_{n}_{part}"] = local_input(moment, row.timezone)
    return values


async def _edit_context(
    conn: db.Conn,
    row: catalog.EventRow,
    by: Actor,
    language: i18n.Language,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    details: dict[str, Any],
) -> dict[str, Any]:
    """The edit form: the event's activities and one empty row, its workshops and two."""
    choices = await choices_for(
        conn,
        kind=row.kind,
        by=by,
        organisation_id=row.organisation_id,
        language=language,
        details=details,
    )
    rows = len(row.details.get("activities", [])) + 1
    workshops = max(len(row.details.get("workshops", [])) + 2, WORKSHOP_ROWS)
    return {
        **form_context(
            row.kind,
            language,
            values,
            errors,
            choices=choices,
            activity_rows=rows,
            workshop_rows=workshops,
        ),
        "editing": row,
    }

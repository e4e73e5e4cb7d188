"""The back office's list of events (filters: format, status, dates) and the creation form of
each format (read by ``event_form``, which the event page's edit form shares). Each page makes
the same domain call as the API controller beside it (``events.api.events``); one event's page
and its forms are in ``event_page``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Final, cast, get_args
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Template

from events import catalog, i18n
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.api.params import instant
from events.errors import CsrfFailed, Forbidden, InvalidInput, UnknownCoach, UnknownCompany
from events.web.admin.common import admin_page, back_office, back_to, form_ctx
from events.web.admin.event_form import EventForm, as_refusal, choices_for, form_context
from events.web.admin.event_texts import WORDS as EVENT_WORDS
from events.web.pages import LangQuery

KINDS: Final = ("sport_session", "food_festival", "e_forum", "job_dating")
LIST_LIMIT: Final = 50
# A day typed in the list's date filters is a day in mainland France, where most organisers
# work (an instant with its offset, as the API takes it, is read as it is).
FILTER_ZONE: Final = ZoneInfo("Europe/Paris")

# The filters' "all" choice sends an empty value: read as text, anything else is no filter.
KindQuery = Annotated[
    str | None, QueryParameter(required=False, max_length=40, description="One format only.")
]
StatusQuery = Annotated[
    str | None, QueryParameter(required=False, max_length=40, description="One status only.")
]


def _kind(value: str | None) -> catalog.Kind | None:
    return cast("catalog.Kind", value) if value in get_args(catalog.Kind) else None


def _status(value: str | None) -> catalog.Status | None:
    return cast("catalog.Status", value) if value in get_args(catalog.Status) else None


FromDay = Annotated[
    str | None,
    QueryParameter(
        name="from", required=False, max_length=64, description="Events starting that day or later."
    ),
]
ToDay = Annotated[
    str | None,
    QueryParameter(
        name="to", required=False, max_length=64, description="Events starting that day or before."
    ),
]


def _blank(kind: str) -> dict[str, Any]:
    """What the empty form shows."""
    return {
        "kind": kind,
        "timezone": "Europe/Paris",
        "reminder_hours_before": "24",
        "details.mode": "in_person",
        "details.interview_minutes": "10",
    }


def event_line(row: catalog.EventRow, language: i18n.Language) -> dict[str, str]:
    """An event as a line of a list: title, time in words, format and status."""
    return {
        "id": str(row.id),
        "title": row.title,
        "when": i18n.when(row.starts_at, row.ends_at, row.timezone, language),
        "kind": i18n.KINDS[language][row.kind],
        "status": i18n.EVENT_STATUSES[language][row.status],
    }


# --- the list's date filters ----------------------------------------------------------------


def _bound(value: str | None, name: str, *, end: bool) -> datetime | None:
    """A day from the date field (its first instant; for ``to``, the next day's, so that the
    day itself is in), or an instant with its offset as the API takes it."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return instant(value, name)
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(), tzinfo=FILTER_ZONE)


class AdminEventsController(Controller):
    path = "/admin"
    tags = ("back office",)
    include_in_schema = True

    @get(
        "/events",
        summary="Back office: the events of one's organisation",
        description="Filters `kind`, `status`, and `from` / `to` (a day, `2026-05-04`, taken "
        "in mainland France's time, `to` included; or an instant with its offset, as "
        "`GET /api/v1/events` takes them). Organisers and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def list_events(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        kind: KindQuery = None,
        status: StatusQuery = None,
        starts_from: FromDay = None,
        starts_before: ToDay = None,
        cursor: Annotated[str | None, QueryParameter(required=False, max_length=500)] = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        errors: dict[str, str] = {}
        window: dict[str, datetime | None] = {}
        for name, value, end in (("from", starts_from, False), ("to", starts_before, True)):
            try:
                window[name] = _bound(value, name, end=end)
            except InvalidInput:
                errors[name] = EVENT_WORDS[language]["bad_day"]
        rows: list[catalog.EventRow] = []
        next_cursor = None
        if not errors:
            found = await catalog.list_events(
                page_ctx.conn,
                own_only=True,
                by=actor,
                kind=_kind(kind),
                status=_status(status),
                starts_from=window["from"],
                starts_before=window["to"],
                limit=LIST_LIMIT,
                cursor=cursor,
            )
            # Other organisations' published events (in their public view) are theirs to run.
            rows = [row for row in found.items if isinstance(row, catalog.EventRow)]
            next_cursor = found.next_cursor
        filters = {
            "kind": _kind(kind) or "",
            "status": _status(status) or "",
            "from": starts_from or "",
            "to": starts_before or "",
        }
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/events.html",
            {
                "events": [event_line(row, language) for row in rows],
                "filters": filters,
                "errors": errors,
                "kinds": i18n.KINDS[language],
                "statuses": i18n.EVENT_STATUSES[language],
                "next_cursor": next_cursor,
                "more_query": {k: v for k, v in filters.items() if v},
            },
            words=EVENT_WORDS,
            status_code=400 if errors else 200,
        )

    @get(
        "/events/new",
        summary="Back office: the form creating an event of one format",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def new_event(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        kind: Annotated[
            catalog.Kind, QueryParameter(required=False, description="The format.")
        ] = "sport_session",
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        choices = await choices_for(
            page_ctx.conn,
            kind=kind,
            by=actor,
            organisation_id=actor.organisation_id,
            language=language,
        )
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/event_form.html",
            form_context(kind, language, _blank(kind), {}, choices=choices),
            words=EVENT_WORDS,
        )

    @post(
        "/events",
        summary="Back office: create an event from the form",
        description="303 to the new event's page; the form again (400; 422 for a coach who is "
        "not one of the organisation's, or a restaurant that is no company) with each refusal "
        "next to its field and the values kept.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, UnknownCoach, UnknownCompany),
    )
    async def create_event(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        kind = form.value("kind")
        if kind not in KINDS:
            kind = "sport_session"
        reader = EventForm(form, kind)
        body = reader.new_event()
        if not reader.errors:
            try:
                event = msgspec.convert(body, catalog.NewEvent)
                created = await catalog.create(form.conn, event=event, by=form.actor)
            except (msgspec.ValidationError, InvalidInput) as error:
                reader.refuse(as_refusal(body, error, catalog.NewEvent))
            except (UnknownCoach, UnknownCompany) as error:
                # Refused before anything is written.
                reader.refuse_reference(error)
            else:
                return back_to(f"/admin/events/{created.id}", form.language)
        choices = await choices_for(
            form.conn,
            kind=kind,
            by=form.actor,
            organisation_id=form.actor.organisation_id,
            language=form.language,
            details=body.get("details"),
        )
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/event_form.html",
            form_context(kind, form.language, reader.shown, reader.errors, choices=choices),
            words=EVENT_WORDS,
            status_code=reader.status_code,
        )

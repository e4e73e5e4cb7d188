"""The back office's event pages: the list, the creation form of each format, one event with
its registrations and waiting list, and the forms that publish, cancel, register and cancel a
registration. Each makes the same domain call as the API controller beside it
(``events.api.events``, ``events.api.registrations``, ``events.api.candidates``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from events import catalog, i18n, registrations
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import candidates
from events.errors import (
    AlreadyRegistered,
    CandidateNotFound,
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    RegistrationAlreadyCancelled,
    RegistrationClosed,
    RegistrationNotFound,
    read_validation,
)
from events.web.admin.common import FormCtx, admin_page, back_office, back_to, form_ctx
from events.web.admin.texts import MODES, REGISTRATION_STATUSES, SKILLS, TIMEZONES, WORDS
from events.web.pages import LangQuery

KINDS: Final = ("sport_session", "food_festival", "e_forum", "job_dating")
SKILL_CODES: Final = tuple(SKILLS["fr"])
# Empty rows the sport session form offers for its activities.
ACTIVITY_ROWS: Final = 4
LIST_LIMIT: Final = 50
# Candidates offered in the select of the event page (a search narrows them).
CANDIDATE_CHOICES: Final = 200
REGISTRATIONS_SHOWN: Final = 500

KindQuery = Annotated[
    catalog.Kind | None, QueryParameter(required=False, description="One format only.")
]
StatusQuery = Annotated[
    catalog.Status | None, QueryParameter(required=False, description="One status only.")
]
SearchQuery = Annotated[
    str | None,
    QueryParameter(required=False, max_length=100, description="Candidates whose name holds this."),
]

# --- the creation form ----------------------------------------------------------------------


def _blank(kind: str) -> dict[str, Any]:
    """What the empty form shows."""
    return {
        "kind": kind,
        "timezone": "Europe/Paris",
        "reminder_hours_before": "24",
        "details.mode": "in_person",
        "details.interview_minutes": "10",
    }


def _local(value: str, zone: str) -> datetime | None:
    """A ``datetime-local`` field in the event's zone (UTC while the zone is unknown: the
    event's own check then names the zone)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _read_event(kind: str, form: FormCtx) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The form as the API's body (``catalog.NewEvent``), the fields that could not even be
    read (a date, a number), and the values to show again."""
    words = WORDS[form.language]
    shown: dict[str, Any] = {"kind": kind}
    errors: dict[str, str] = {}

    def text(name: str) -> str | None:
        value = form.value(name).strip()
        shown[name] = value
        return value or None

    def number(name: str) -> int | None:
        value = text(name)
        if value is None:
            errors[name] = words["required"]
            return None
        try:
            return int(value)
        except ValueError:
            errors[name] = words["bad_number"]
            return None

    zone = text("timezone") or ""
    body: dict[str, Any] = {"kind": kind, "title": text("title") or "", "timezone": zone}
    for name in ("starts_at", "ends_at"):
        moment = _local(text(name) or "", zone)
        if moment is None:
            errors[name] = words["bad_datetime"]
        else:
            body[name] = moment.isoformat()
    if (description := text("description")) is not None:
        body["description"] = description
    venue = {part: text(f"venue.{part}") for part in ("name", "address", "city", "postcode")}
    if any(venue.values()):
        body["venue"] = {part: value or "" for part, value in venue.items()}
    if (online_url := text("online_url")) is not None:
        body["online_url"] = online_url
    body["capacity"] = {
        "candidates": number("capacity.candidates"),
        "companies": number("capacity.companies"),
    }
    reminder = number("reminder_hours_before")
    if reminder is not None:
        body["reminder_hours_before"] = reminder
    details: dict[str, Any] = {}
    if kind == "sport_session":
        activities = []
        for n in range(1, ACTIVITY_ROWS + 1):
            activity = text(f"activity_{n}")
            skills = [s for s in form.values(f"activity_{n}_skills") if s]
            shown[f"activity_{n}_skills"] = skills
            if activity or skills:
                activities.append({"name": activity or "", "skills": skills})
        details["activities"] = activities
    elif kind == "food_festival":
        cuisines = text("details.cuisines") or ""
        details["cuisines"] = [c.strip() for c in cuisines.split(",") if c.strip()]
    else:
        details["mode"] = text("details.mode") or "in_person"
        details["interview_minutes"] = number("details.interview_minutes")
        if kind == "e_forum":
            details["photo_shoot"] = form.value("details.photo_shoot") == "yes"
            shown["details.photo_shoot"] = details["photo_shoot"]
    body["details"] = details
    return body, errors, shown


def _refusal(body: dict[str, Any], error: Exception) -> InvalidInput:
    if isinstance(error, InvalidInput):
        return error
    return InvalidInput.from_validation(
        read_validation(str(error)), shape=catalog.NewEvent, sent=body
    )


# Where a refusal about a field is shown: the form field of that name, else the group holding it.
_GROUPS: Final = ("venue", "online_url", "details.activities", "details", "capacity")


def _placed(field: str, fields: dict[str, Any]) -> str:
    if field in fields:
        return field
    for group in _GROUPS:
        if field == group or field.startswith(group + "."):
            return group
    return "form"


class AdminEventsController(Controller):
    path = "/admin"
    tags = ("back office",)
    include_in_schema = True

    @get(
        "/events",
        summary="Back office: the events of one's organisation",
        description="Filters `kind` and `status`. Organisers and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def list_events(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        kind: KindQuery = None,
        status: StatusQuery = None,
        cursor: Annotated[str | None, QueryParameter(required=False, max_length=500)] = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await catalog.list_events(
            page_ctx.conn, by=actor, kind=kind, status=status, limit=LIST_LIMIT, cursor=cursor
        )
        rows = [row for row in found.items if isinstance(row, catalog.EventRow)]
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/events.html",
            {
                "events": [_event_line(row, language) for row in rows],
                "kind": kind,
                "status": status,
                "kinds": i18n.KINDS[language],
                "statuses": i18n.EVENT_STATUSES[language],
                "next_cursor": found.next_cursor,
            },
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
        back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/event_form.html",
            _form_context(kind, language, _blank(kind), {}),
        )

    @post(
        "/events",
        summary="Back office: create an event from the form",
        description="303 to the new event's page; the form again (400) with each refusal next "
        "to its field and the values kept.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput),
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
        body, errors, shown = _read_event(kind, form)
        if not errors:
            try:
                event = msgspec.convert(body, catalog.NewEvent)
                created = await catalog.create(form.conn, event=event, by=form.actor)
            except (msgspec.ValidationError, InvalidInput) as error:
                refusal = _refusal(body, error)
                reason = refusal.params["reason_" + form.language]
                errors[_placed(str(refusal.params["field"]), shown)] = str(reason)
            else:
                return back_to(f"/admin/events/{created.id}", form.language)
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/event_form.html",
            _form_context(kind, form.language, shown, errors),
            status_code=400,
        )

    @get(
        "/events/{event_id:uuid}",
        summary="Back office: one event, its registrations and waiting list",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, EventNotFound),
    )
    async def event(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        q: SearchQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        row = await catalog.get(page_ctx.conn, event_id=event_id, by=actor)
        if not isinstance(row, catalog.EventRow):  # another organisation's: not ours to run
            raise EventNotFound
        listed = await registrations.list_for_event(
            page_ctx.conn,
            event_id=event_id,
            by=actor,
            status=None,
            limit=REGISTRATIONS_SHOWN,
            cursor=None,
        )
        found = await candidates.list_for_staff(
            page_ctx.conn,
            by=actor,
            q=q,
            organisation_id=row.organisation_id if actor.is_admin else None,
            limit=CANDIDATE_CHOICES,
            cursor=None,
        )
        taken = {
            item.candidate_id
            for item in listed.items
            if item.status in ("confirmed", "waitlisted") and item.candidate_id
        }
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/event.html",
            {
                "event": row,
                "line": _event_line(row, language),
                "registrations": [r for r in listed.items if r.status != "waitlisted"],
                "waitlist": [r for r in listed.items if r.status == "waitlisted"],
                "registration_statuses": REGISTRATION_STATUSES[language],
                "choices": [c for c in found.items if c.id not in taken],
                "q": q or "",
            },
        )

    @post(
        "/events/{event_id:uuid}/publish",
        summary="Back office: publish a draft",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound, InvalidTransition),
    )
    async def publish(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await catalog.set_status(
            form.conn, event_id=event_id, status="published", by=form.actor, now=form.now
        )
        return back_to(f"/admin/events/{event_id}", form.language)

    @post(
        "/events/{event_id:uuid}/cancel",
        summary="Back office: call off an event, with a reason told to participants",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, Forbidden, InvalidInput, EventNotFound, InvalidTransition
        ),
    )
    async def cancel(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        sent = {"reason": form.value("reason").strip() or None}
        try:
            cancellation = msgspec.convert(sent, catalog.Cancellation)
        except msgspec.ValidationError as error:
            raise InvalidInput.from_validation(
                read_validation(str(error)), shape=catalog.Cancellation, sent=sent
            ) from error
        await catalog.set_status(
            form.conn,
            event_id=event_id,
            status="cancelled",
            by=form.actor,
            now=form.now,
            reason=cancellation.reason,
        )
        return back_to(f"/admin/events/{event_id}", form.language)

    @post(
        "/events/{event_id:uuid}/registrations",
        summary="Back office: register a candidate of the organisation",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed,
            Forbidden,
            InvalidInput,
            EventNotFound,
            CandidateNotFound,
            RegistrationClosed,
            AlreadyRegistered,
        ),
    )
    async def register(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        try:
            chosen = msgspec.convert(
                {"candidate_id": form.value("candidate_id")}, registrations.RegistrationIn
            )
        except msgspec.ValidationError as error:
            raise InvalidInput(
                field="candidate_id",
                reason_fr=WORDS["fr"]["choose"],
                reason_en=WORDS["en"]["choose"],
            ) from error
        await registrations.register(
            form.conn,
            event_id=event_id,
            registration=chosen,
            by=form.actor,
            now=form.now,
            public_url=form.public_url,
            idempotency_key=None,
        )
        return back_to(f"/admin/events/{event_id}", form.language)

    @post(
        "/events/{event_id:uuid}/registrations/{registration_id:uuid}/cancel",
        summary="Back office: cancel a registration (the first waitlisted takes the place)",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, Forbidden, EventNotFound, RegistrationNotFound, RegistrationAlreadyCancelled
        ),
    )
    async def cancel_registration(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        registration_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await registrations.cancel(
            form.conn, registration_id=registration_id, by=form.actor, now=form.now
        )
        return back_to(f"/admin/events/{event_id}", form.language)


def _event_line(row: catalog.EventRow, language: i18n.Language) -> dict[str, str]:
    return {
        "id": str(row.id),
        "title": row.title,
        "when": i18n.when(row.starts_at, row.ends_at, row.timezone, language),
        "kind": i18n.KINDS[language][row.kind],
        "status": i18n.EVENT_STATUSES[language][row.status],
    }


def _form_context(
    kind: str, language: i18n.Language, values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    return {
        "kind": kind,
        "kind_label": i18n.KINDS[language][kind],
        "values": values,
        "errors": errors,
        "timezones": TIMEZONES[language],
        "skills": SKILLS[language],
        "modes": MODES[language],
        "activity_rows": range(1, ACTIVITY_ROWS + 1),
    }

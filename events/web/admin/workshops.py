"""The back office's workshops page of an e-forum (``/admin/events/{id}/workshops``): the
workshops with their places left and the people signed up, and the forms that add, change and
remove one, sign a person up on their behalf or take them off, and set when the reminders go.

Each form makes the same domain call as the API controller beside it (``events.api.workshops``):
``store.create``, ``store.update``, ``store.remove``, ``signups.sign_up``, ``signups.withdraw``,
``store.set_reminder``. A refusal shows the page again (its status), the refusal next to the
form it answers, the values typed kept."""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.errors import (
    CsrfFailed,
    DomainError,
    EventNotFound,
    Forbidden,
    InvalidInput,
    NotAnEForum,
    WorkshopNotFound,
    read_validation,
)
from events.web.admin.common import FormCtx, admin_page, back_office, form_ctx
from events.web.admin.event_form import local_moment
from events.web.admin.event_view import local_input
from events.web.admin.workshops_texts import WORDS
from events.web.pages import LangQuery
from events.workshops import signups, store

Done = Literal["created", "edited", "deleted", "cancelled", "signed", "withdrawn", "reminder"]
DoneQuery = Annotated[Done | None, QueryParameter(required=False)]
FIELDS: Final = ("title", "starts_at", "ends_at", "capacity", "place", "online_url")
_REFUSALS: Final = (Forbidden, InvalidInput, EventNotFound, NotAnEForum)
_FORM_REFUSALS: Final = (*_REFUSALS, CsrfFailed, WorkshopNotFound)


class Failed(msgspec.Struct, kw_only=True):
    """A form sent back: which (``add``, ``edit-<id>``, ``signup-<id>``, ``delete-<id>``,
    ``reminder``), the values typed and the refusals by field (``form``: the whole form)."""

    form: str
    values: dict[str, str]
    errors: dict[str, str]
    status_code: int


def _path(event_id: UUID) -> str:
    return f"/admin/events/{event_id}/workshops"


def _done(event_id: UUID, form: FormCtx, done: Done) -> Response[Any]:
    """POST, then redirect (303) to the page saying what was done, in the form's language."""
    lang = "&lang=en" if form.language == "en" else ""
    return Redirect(
        f"{_path(event_id)}?done={done}{lang}",
        status_code=303,
        headers={"Cache-Control": "no-store"},
    )


async def _context(
    conn: db.Conn, *, event_id: UUID, by: Actor, language: i18n.Language
) -> dict[str, Any]:
    event = await store.event_of(conn, event_id=event_id, by=by, change=False)
    words = WORDS[language]
    rows = await store.list_for_event(conn, event_id=event_id, by=by)
    workshops = []
    for row in rows:
        people = await signups.list_signed(conn, workshop_id=row.id, by=by)
        workshops.append(
            {
                "id": str(row.id),
                "title": row.title,
                "when": i18n.when(row.starts_at, row.ends_at, event.timezone, language),
                "where": row.place or (words["online"] if row.online_url else ""),
                "online_url": row.online_url,
                "places": words["places_line"].format(
                    taken=row.taken, capacity=row.capacity, left=row.places_left
                ),
                "full": row.places_left == 0,
                "taken": row.taken,
                "values": {
                    "title": row.title,
                    "starts_at": local_input(row.starts_at, event.timezone),
                    "ends_at": local_input(row.ends_at, event.timezone),
                    "capacity": str(row.capacity),
                    "place": row.place or "",
                    "online_url": row.online_url or "",
                },
                "people": [
                    {
                        "id": str(p.candidate_id),
                        "name": f"{p.first_name} {p.last_name}",
                        "how": words["by_self"]
                        if p.signed_up_by is None
                        else words["by_other"].format(name=p.signed_up_by_name or "?"),
                    }
                    for p in people
                ],
            }
        )
    candidates = await db.fetch_all(conn, "list_workshop_candidates", _Candidate, event_id=event_id)
    return {
        "event": {
            "id": str(event_id),
            "title": event.title,
            "when": i18n.when(event.starts_at, event.ends_at, event.timezone, language),
            "starts_at": local_input(event.starts_at, event.timezone),
            "editable": event.status in store.EDITABLE,
            "reminder": str(event.session_reminder_minutes),
        },
        "workshops": workshops,
        "candidates": [(str(c.candidate_id), f"{c.last_name} {c.first_name}") for c in candidates],
    }


class _Candidate(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    first_name: str
    last_name: str


def _read(form: FormCtx, zone: str, errors: dict[str, str]) -> dict[str, Any]:
    """A workshop form as the API's body (``WorkshopIn``); a field that cannot be read goes to
    ``errors``."""
    words = WORDS[form.language]
    body: dict[str, Any] = {"title": form.value("title").strip()}
    for name in ("starts_at", "ends_at"):
        moment = local_moment(form.value(name), zone)
        if moment is None:
            errors[name] = words["bad_datetime"]
        else:
            body[name] = moment.isoformat()
    capacity = form.value("capacity").strip()
    if capacity.isdigit() and len(capacity) < 7:
        body["capacity"] = int(capacity)
    else:
        errors["capacity"] = words["bad_number"]
    for name in ("place", "online_url"):
        text = form.value(name).strip()
        body[name] = text or None
    return body


def _refusal(error: Exception, language: i18n.Language) -> tuple[str, str]:
    """The field a refusal goes next to, and what it says there."""
    if isinstance(error, msgspec.ValidationError):
        error = InvalidInput.from_validation(read_validation(str(error)))
    if isinstance(error, InvalidInput):
        field = str((error.extra or {}).get("field", ""))
        place = field if field in FIELDS else "form"
        reason = str(error.params.get(f"reason_{language}") or "")
        return place, reason or error.detail(language)
    if isinstance(error, DomainError):
        return "form", error.detail(language)
    return "form", str(error)


class AdminWorkshopsController(Controller):
    path = "/admin"
    tags = ("back office",)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        ctx: Any,
        *,
        event_id: UUID,
        by: Actor,
        language: i18n.Language,
        failed: Failed | None = None,
        done: str | None = None,
    ) -> Template:
        context = await _context(ctx.conn, event_id=event_id, by=by, language=language)
        return admin_page(
            request,
            ctx.settings,
            language,
            "admin/workshops.html",
            {**context, "failed": failed, "done": done},
            words=WORDS,
            status_code=failed.status_code if failed else 200,
        )

    @get(
        "/events/{event_id:uuid}/workshops",
        summary="Back office: an e-forum's workshops",
        description="The workshops with their places left and the people signed up, and the "
        "forms that add, change and remove one, sign a person up or take them off, and set the "
        "reminders. Those who run the event see it; its organisers and admins change it.",
        media_type=MediaType.HTML,
        responses=page_refusals(*_REFUSALS),
    )
    async def workshops(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return await self._page(
            request, page_ctx, event_id=event_id, by=actor, language=language, done=done
        )

    async def _again(
        self,
        request: Request[Any, Any, Any],
        public_ctx: PublicCtx,
        form: FormCtx,
        event_id: UUID,
        failed: Failed,
    ) -> Template:
        return await self._page(
            request,
            public_ctx,
            event_id=event_id,
            by=form.actor,
            language=form.language,
            failed=failed,
        )

    @post(
        "/events/{event_id:uuid}/workshops",
        summary="Back office: add a workshop",
        description="As `POST /api/v1/events/{id}/workshops`: title, start and end (in the "
        "event's time), places, room and link. 303 back to the page; the page again (400) with "
        "the refusal next to its field.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_FORM_REFUSALS),
    )
    async def add(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        event = await store.event_of(form.conn, event_id=event_id, by=form.actor, change=True)
        errors: dict[str, str] = {}
        body = _read(form, event.timezone, errors)
        values = {name: form.value(name) for name in FIELDS}
        if not errors:
            try:
                async with form.conn.transaction():
                    workshop = msgspec.convert(body, store.WorkshopIn)
                    await store.create(
                        form.conn, event_id=event_id, workshop=workshop, by=form.actor
                    )
                return _done(event_id, form, "created")
            except (msgspec.ValidationError, DomainError) as error:
                field, reason = _refusal(error, form.language)
                errors[field] = reason
        failed = Failed(form="add", values=values, errors=errors, status_code=400)
        return await self._again(request, public_ctx, form, event_id, failed)

    @post(
        "/events/{event_id:uuid}/workshops/{workshop_id:uuid}/edit",
        summary="Back office: change a workshop",
        description="As `PATCH /api/v1/workshops/{id}`. 303 back to the page; the page again "
        "(400, or 409 when the places would fall below the people signed up).",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_FORM_REFUSALS),
    )
    async def edit(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        workshop_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        event = await store.event_of(form.conn, event_id=event_id, by=form.actor, change=True)
        errors: dict[str, str] = {}
        body = _read(form, event.timezone, errors)
        values = {name: form.value(name) for name in FIELDS}
        status = 400
        if not errors:
            try:
                async with form.conn.transaction():
                    changes = msgspec.convert(body, store.WorkshopPatch)
                    await store.update(
                        form.conn,
                        workshop_id=workshop_id,
                        changes=changes,
                        by=form.actor,
                        now=form.now,
                    )
                return _done(event_id, form, "edited")
            except (msgspec.ValidationError, DomainError) as error:
                field, reason = _refusal(error, form.language)
                errors[field] = reason
                status = getattr(error, "status_code", 400)
        failed = Failed(
            form=f"edit-{workshop_id}", values=values, errors=errors, status_code=status
        )
        return await self._again(request, public_ctx, form, event_id, failed)

    @post(
        "/events/{event_id:uuid}/workshops/{workshop_id:uuid}/delete",
        summary="Back office: remove a workshop",
        description="As `DELETE /api/v1/workshops/{id}`; `confirm=yes` when people are signed "
        "up (they are told). 303 back to the page; the page again (409) asking to confirm.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_FORM_REFUSALS),
    )
    async def delete(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        workshop_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await store.event_of(form.conn, event_id=event_id, by=form.actor, change=True)
        try:
            async with form.conn.transaction():
                removed = await store.remove(
                    form.conn,
                    workshop_id=workshop_id,
                    by=form.actor,
                    now=form.now,
                    confirm=form.value("confirm") == "yes",
                )
            return _done(event_id, form, removed.outcome)
        except DomainError as error:
            failed = Failed(
                form=f"delete-{workshop_id}",
                values={},
                errors={"form": error.detail(form.language)},
                status_code=error.status_code,
            )
        return await self._again(request, public_ctx, form, event_id, failed)

    @post(
        "/events/{event_id:uuid}/workshops/{workshop_id:uuid}/signups",
        summary="Back office: sign a person up to a workshop, on their behalf",
        description="As `POST /api/v1/workshops/{id}/signups` (`candidate_id`). 303 back to the "
        "page; the page again with the refusal (full, at the same time as something else, not "
        "registered, started).",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_FORM_REFUSALS),
    )
    async def sign_up(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        workshop_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        chosen = form.value("candidate_id")
        try:
            async with form.conn.transaction():
                candidate_id = msgspec.convert(chosen, UUID)
                await signups.sign_up(
                    form.conn,
                    workshop_id=workshop_id,
                    candidate_id=candidate_id,
                    by=form.actor,
                    now=form.now,
                )
            return _done(event_id, form, "signed")
        except (msgspec.ValidationError, DomainError) as error:
            _, reason = _refusal(error, form.language)
            failed = Failed(
                form=f"signup-{workshop_id}",
                values={"candidate_id": chosen},
                errors={"form": reason},
                status_code=getattr(error, "status_code", 400),
            )
        return await self._again(request, public_ctx, form, event_id, failed)

    @post(
        "/events/{event_id:uuid}/workshops/{workshop_id:uuid}/signups/{candidate_id:uuid}/withdraw",
        summary="Back office: take a person off a workshop",
        description="As `DELETE /api/v1/workshops/{id}/signups/{candidate_id}`. 303 back to "
        "the page.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_FORM_REFUSALS),
    )
    async def withdraw(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        workshop_id: FromPath[UUID],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        try:
            async with form.conn.transaction():
                await signups.withdraw(
                    form.conn,
                    workshop_id=workshop_id,
                    candidate_id=candidate_id,
                    by=form.actor,
                    now=form.now,
                )
            return _done(event_id, form, "withdrawn")
        except DomainError as error:
            failed = Failed(
                form=f"signup-{workshop_id}",
                values={},
                errors={"form": error.detail(form.language)},
                status_code=error.status_code,
            )
        return await self._again(request, public_ctx, form, event_id, failed)

    @post(
        "/events/{event_id:uuid}/workshops/reminder",
        summary="Back office: when the reminders before workshops and online interviews go",
        description="As `PUT /api/v1/events/{id}/session-reminders` (`minutes_before`, 0 to "
        "1440). 303 back to the page; the page again (400).",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_FORM_REFUSALS),
    )
    async def reminder(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        typed = form.value("minutes_before").strip()
        words = WORDS[form.language]
        if typed.isdigit() and int(typed) <= 1440:
            await store.set_reminder(
                form.conn, event_id=event_id, minutes=int(typed), by=form.actor, now=form.now
            )
            return _done(event_id, form, "reminder")
        failed = Failed(
            form="reminder",
            values={"minutes_before": typed},
            errors={"minutes_before": words["bad_number"] + " (0 … 1440)"},
            status_code=400,
        )
        return await self._again(request, public_ctx, form, event_id, failed)

"""The back office's programmes: the list and the form creating one, one programme with the
form changing it, its events (added from the organisation's events in no programme, removed
one at a time) and the link to its statistics. Each form makes the call the API makes
(``events.statistics.programmes``), then redirects (POST, redirect, GET) to a page saying what
was done. Admins and the organisers of the organisation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final, Literal, TypeVar
from urllib.parse import urlencode
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import organisations
from events.errors import (
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidInput,
    NameTaken,
    ProgrammeNotFound,
    read_validation,
)
from events.statistics import programmes
from events.statistics.texts import WORDS
from events.web.admin.common import FormCtx, admin_page, back_office, form_ctx
from events.web.admin.statistics import day_text
from events.web.pages import LangQuery

Done = Literal["created", "saved", "added", "removed", "deleted"]
DoneQuery = Annotated[
    Done | None, QueryParameter(required=False, description="What the last form did, to say it.")
]
ORGANISATION_CHOICES: Final = 100
FIELDS: Final = ("name", "funder", "starts_on", "ends_on", "organisation_id")


def _redirect(path: str, done: Done, language: i18n.Language) -> Response[Any]:
    query = {"done": done, **({"lang": "en"} if language == "en" else {})}
    return Redirect(
        f"{path}?{urlencode(query)}", status_code=303, headers={"Cache-Control": "no-store"}
    )


def _read(form: FormCtx) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """The programme's fields as sent: the body for the domain, the refusals found here (a
    date that is not one), and the values to show the form again with."""
    words = WORDS[form.language]
    shown = {name: form.value(name).strip() for name in FIELDS}
    errors: dict[str, str] = {}
    body: dict[str, Any] = {"name": shown["name"], "funder": shown["funder"] or None}
    if not shown["name"]:
        errors["name"] = words["name_missing"]
    for name in ("starts_on", "ends_on"):
        body[name] = None
        if shown[name]:
            try:
                body[name] = date.fromisoformat(shown[name])
            except ValueError:
                errors[name] = words["bad_date"]
    if form.actor.is_admin and shown["organisation_id"]:
        body["organisation_id"] = shown["organisation_id"]
    return body, errors, shown


T = TypeVar("T")


def _convert(body: dict[str, Any], shape: type[T]) -> T:
    """The form's fields as the API's input struct; its refusal in plain words."""
    try:
        return msgspec.convert(body, shape)
    except msgspec.ValidationError as error:
        raise InvalidInput.from_validation(
            read_validation(str(error)), shape=shape, sent=body
        ) from error


def _refused(error: Exception, language: i18n.Language) -> dict[str, str]:
    """A refusal of the domain next to the field it is about."""
    if isinstance(error, NameTaken):
        return {"name": WORDS[language]["name_taken"]}
    params = getattr(error, "params", {})
    field = str(params.get("field") or "name").split(".")[-1]
    reason = str(params.get("reason_fr" if language == "fr" else "reason_en") or "")
    return {field if field in FIELDS else "name": reason or WORDS[language]["name_missing"]}


async def _organisations(conn: Any, actor: Actor) -> list[organisations.Organisation] | None:
    if not actor.is_admin:
        return None
    found = await organisations.list_visible(
        conn, by=actor, limit=ORGANISATION_CHOICES, cursor=None
    )
    return found.items


def _line(row: programmes.Programme) -> dict[str, Any]:
    dates = " \u2013 ".join(d.isoformat() for d in (row.starts_on, row.ends_on) if d)
    return {
        "id": str(row.id),
        "name": row.name,
        "funder": row.funder or "",
        "dates": dates,
        "events": row.events,
    }


def _values(row: programmes.Programme) -> dict[str, str]:
    return {
        "name": row.name,
        "funder": row.funder or "",
        "starts_on": row.starts_on.isoformat() if row.starts_on else "",
        "ends_on": row.ends_on.isoformat() if row.ends_on else "",
    }


async def _list_page(
    request: Request[Any, Any, Any],
    conn: Any,
    settings: Any,
    actor: Actor,
    language: i18n.Language,
    *,
    done: Done | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    rows = await programmes.list_for(conn, by=actor, organisation_id=None)
    context = {
        "programmes": [_line(r) for r in rows],
        "notice": WORDS[language][done] if done else None,
        "values": values or {},
        "errors": errors or {},
        "organisations": await _organisations(conn, actor),
    }
    return admin_page(
        request,
        settings,
        language,
        "admin/programmes.html",
        context,
        words=WORDS,
        status_code=status_code,
    )


async def _programme_page(
    request: Request[Any, Any, Any],
    conn: Any,
    settings: Any,
    actor: Actor,
    language: i18n.Language,
    programme_id: UUID,
    *,
    done: Done | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    row = await programmes.get(conn, programme_id=programme_id, by=actor)
    events = await programmes.events_of(conn, programme_id=row.id)
    to_add = await programmes.events_to_add(conn, programme=row)
    words = WORDS[language]

    def event_line(e: programmes.ProgrammeEvent) -> dict[str, Any]:
        return {
            "id": str(e.id),
            "title": e.title,
            "day": day_text(e.starts_at, language),
            "status": i18n.status_label(e.status, language),
            "remove_label": words["remove_label"].format(title=e.title),
            "statistics_label": words["statistics_of"].format(title=e.title),
        }

    context = {
        "programme": _line(row),
        "events": [event_line(e) for e in events],
        "to_add": [event_line(e) for e in to_add],
        "notice": words[done] if done else None,
        "values": values or _values(row),
        "errors": errors or {},
    }
    return admin_page(
        request,
        settings,
        language,
        "admin/programme.html",
        context,
        words=WORDS,
        status_code=status_code,
    )


class AdminProgrammesController(Controller):
    path = "/admin/programmes"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: the programmes, and the form creating one",
        description="Organisers see their organisation's programmes, admins every one.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def list_page(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return await _list_page(
            request, page_ctx.conn, page_ctx.settings, actor, language, done=done
        )

    @post(
        "/",
        summary="Back office: create a programme",
        description="`programmes.create`; 303 to the new programme's page. A refusal shows the "
        "form again (400, or 409 for a name already used), values kept.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, NameTaken),
    )
    async def create(
        self, public_ctx: PublicCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        body, errors, shown = _read(form)
        status = 400
        if not errors:
            try:
                data = _convert(body, programmes.ProgrammeIn)
                row = await programmes.create(
                    form.conn, programme=data, by=form.actor, now=form.now
                )
            except (InvalidInput, NameTaken) as error:
                errors = _refused(error, form.language)
                status = 409 if isinstance(error, NameTaken) else 400
            else:
                return _redirect(f"/admin/programmes/{row.id}", "created", form.language)
        return await _list_page(
            request,
            form.conn,
            public_ctx.settings,
            form.actor,
            form.language,
            values=shown,
            errors=errors,
            status_code=status,
        )

    @get(
        "/{programme_id:uuid}",
        summary="Back office: one programme, its events and the form changing it",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, ProgrammeNotFound),
    )
    async def programme_page(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        programme_id: FromPath[UUID],
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return await _programme_page(
            request, page_ctx.conn, page_ctx.settings, actor, language, programme_id, done=done
        )

    @post(
        "/{programme_id:uuid}",
        summary="Back office: change a programme",
        description="`programmes.update`; 303 back to its page, or the form again with the "
        "refusal next to its field.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, ProgrammeNotFound, NameTaken),
    )
    async def update(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        programme_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        body, errors, shown = _read(form)
        body.pop("organisation_id", None)
        status = 400
        if not errors:
            try:
                change = _convert(body, programmes.ProgrammePatch)
                await programmes.update(
                    form.conn, programme_id=programme_id, change=change, by=form.actor, now=form.now
                )
            except (InvalidInput, NameTaken) as error:
                errors = _refused(error, form.language)
                status = 409 if isinstance(error, NameTaken) else 400
            else:
                return _redirect(f"/admin/programmes/{programme_id}", "saved", form.language)
        return await _programme_page(
            request,
            form.conn,
            public_ctx.settings,
            form.actor,
            form.language,
            programme_id,
            values=shown,
            errors=errors,
            status_code=status,
        )

    @post(
        "/{programme_id:uuid}/events",
        summary="Back office: add an event to a programme",
        description="`programmes.set_event`: an event of the programme's organisation.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, ProgrammeNotFound),
    )
    async def add_event(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        programme_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        try:
            event_id = UUID(form.value("event_id"))
        except ValueError:
            return await _programme_page(
                request,
                form.conn,
                public_ctx.settings,
                form.actor,
                form.language,
                programme_id,
                errors={"event_id": WORDS[form.language]["pick_event"]},
                status_code=400,
            )
        await programmes.set_event(
            form.conn, programme_id=programme_id, event_id=event_id, member=True, by=form.actor
        )
        return _redirect(f"/admin/programmes/{programme_id}", "added", form.language)

    @post(
        "/{programme_id:uuid}/events/{event_id:uuid}/remove",
        summary="Back office: take an event out of a programme",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, ProgrammeNotFound, EventNotFound),
    )
    async def remove_event(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        programme_id: FromPath[UUID],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await programmes.set_event(
            form.conn, programme_id=programme_id, event_id=event_id, member=False, by=form.actor
        )
        return _redirect(f"/admin/programmes/{programme_id}", "removed", form.language)

    @post(
        "/{programme_id:uuid}/delete",
        summary="Back office: delete a programme",
        description="`programmes.delete`: its events stay, in no programme.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, ProgrammeNotFound),
    )
    async def delete(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        programme_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await programmes.delete(form.conn, programme_id=programme_id, by=form.actor)
        return _redirect("/admin/programmes", "deleted", form.language)

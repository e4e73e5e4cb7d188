"""The back office's erasure page: a confirmation step (what goes, what stays, why — a
category — and a box saying it is final) before the erasure, then the record of it. The form
makes the same domain call as the API controller (``events.api.erasure``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath

from events import db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import candidates
from events.erasure import erase
from events.errors import (
    CandidateErased,
    CandidateNotFound,
    CsrfFailed,
    ErasureNotFound,
    Forbidden,
    InvalidInput,
)
from events.web.admin.common import admin_page, back_office, back_to, form_ctx
from events.web.admin.erasure_texts import WORDS
from events.web.pages import LangQuery

_ZONE: Final = ZoneInfo("Europe/Paris")
TEMPLATE: Final = "admin/erasure.html"


def _day(moment: datetime, language: i18n.Language) -> str:
    local = moment.astimezone(_ZONE)
    return f"{local.day} {i18n.MONTHS[language][local.month - 1]} {local.year}"


async def _context(
    conn: db.Conn,
    actor: Actor,
    candidate_id: UUID,
    language: i18n.Language,
    values: dict[str, str],
    errors: dict[str, str],
) -> dict[str, Any]:
    """The record once erased; else the person's name for the confirmation."""
    base: dict[str, Any] = {
        "candidate_id": candidate_id,
        "reasons": erase.REASONS,
        "values": values,
        "errors": errors,
        "erasure": None,
    }
    try:
        record = await erase.get(conn, candidate_id=candidate_id, by=actor)
    except ErasureNotFound:
        row = await candidates.get(conn, candidate_id=candidate_id, by=actor)
        return {**base, "name": f"{row.first_name} {row.last_name}"}
    return {**base, "erasure": record, "erased_on": _day(record.erased_at, language)}


class AdminErasureController(Controller):
    path = "/admin/candidates/{candidate_id:uuid}/erasure"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: confirm a person's erasure, or see that it was done",
        description="Organisers of the person's organisation and admins. Once erased, the page "
        "says when and why (a category).",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, CandidateNotFound),
    )
    async def confirm(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Any:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        context = await _context(page_ctx.conn, actor, candidate_id, language, {}, {})
        return admin_page(request, page_ctx.settings, language, TEMPLATE, context, words=WORDS)

    @post(
        "/",
        summary="Back office: erase a person (the same erasure as the API)",
        description="`reason` (a category) and `sure` (the box saying it is final) are needed; "
        "without them, the page again (400) with the refusal next to its field. 303 to this "
        "page, which then shows the erasure.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, Forbidden, InvalidInput, CandidateNotFound, CandidateErased
        ),
    )
    async def erase_person(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        words = WORDS[form.language]
        reason = form.value("reason")
        category = next((code for code in erase.REASONS if code == reason), None)
        errors: dict[str, str] = {}
        if category is None:
            errors["reason"] = words["error_reason"]
        if form.value("sure") != "yes":
            errors["sure"] = words["error_sure"]
        if category is not None and not errors:
            await erase.erase(
                form.conn,
                candidate_id=candidate_id,
                reason=category,
                by=form.actor,
                now=form.now,
            )
            return back_to(f"/admin/candidates/{candidate_id}/erasure", form.language)
        context = await _context(
            form.conn, form.actor, candidate_id, form.language, {"reason": reason}, errors
        )
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            TEMPLATE,
            context,
            words=WORDS,
            status_code=400,
        )

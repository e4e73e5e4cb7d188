"""The back office's retention page: the organisation's periods (a form, the same domain call
as ``PUT /api/v1/organisations/{id}/retention``) and what the next retention run would do for
it within 30 days (the dry run of ``events retention --dry-run``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Final, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import QueryParameter

from events import db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.errors import CsrfFailed, Forbidden, InvalidInput, OrganisationNotFound
from events.retention import policy
from events.retention import run as retention_run
from events.web.admin.common import admin_page, back_office, form_ctx
from events.web.admin.erasure_texts import WORDS
from events.web.pages import LangQuery

_ZONE: Final = ZoneInfo("Europe/Paris")
TEMPLATE: Final = "admin/retention.html"
# Each period's bounds and default, in the order the form shows them.
PERIODS: Final = (
    ("private_months", 1, 120, policy.DEFAULT_PRIVATE_MONTHS),
    ("observations_months", 1, 120, policy.DEFAULT_OBSERVATIONS_MONTHS),
    ("audit_months", 12, 240, policy.DEFAULT_AUDIT_MONTHS),
)

OrganisationQuery = Annotated[
    UUID | None,
    QueryParameter(required=False, description="Admins: the organisation to look at."),
]
DoneQuery = Annotated[
    Literal["saved"] | None,
    QueryParameter(required=False, description="What the last form did, to say it."),
]


def _organisation(actor: Actor, organisation: UUID | None) -> UUID:
    """An organiser's own organisation; the one an admin names."""
    chosen = organisation if actor.is_admin else actor.organisation_id
    if chosen is None:
        raise InvalidInput(
            field="organisation",
            reason_fr="Dites de quelle structure il s'agit.",
            reason_en="Say which organisation.",
        )
    return chosen


async def _context(
    conn: db.Conn,
    actor: Actor,
    organisation_id: UUID,
    language: i18n.Language,
    now: datetime,
    values: dict[str, str],
    errors: dict[str, str],
) -> dict[str, Any]:
    words = WORDS[language]
    current = await policy.get(conn, organisation_id=organisation_id, by=actor)
    report = await retention_run.run(
        conn, now=now, trigger="command", dry_run=True, organisation_id=organisation_id
    )
    lines = []
    for action in report.actions:
        # When the data actually goes: never before 30 days after the warning.
        goes = action.due_at
        if goes is not None and action.step == "warn":
            goes = max(goes, now + timedelta(days=retention_run.WARNING_DAYS))
        elif action.step != "warn":
            goes = now
        due = goes.astimezone(_ZONE) if goes else None
        lines.append(
            {
                "what": words["what"].format(
                    step=words["step_" + action.step], scope=words["scope_" + action.scope]
                ),
                "candidate_id": action.candidate_id,
                "rows": words["rows"].format(rows=action.rows) if action.rows else "",
                "due": f"{due.day} {i18n.MONTHS[language][due.month - 1]} {due.year}"
                if due
                else "",
            }
        )
    shown = {name: values.get(name, str(getattr(current, name))) for name, *_ in PERIODS}
    return {
        "organisation_id": organisation_id,
        "periods": [
            {
                "name": name,
                "help": words["months_help"].format(default=default),
                "low": low,
                "high": high,
            }
            for name, low, high, default in PERIODS
        ],
        "values": shown,
        "errors": errors,
        "lines": lines,
        "admin_query": f"organisation={organisation_id}" if actor.is_admin else "",
    }


class AdminRetentionController(Controller):
    path = "/admin/retention"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: the organisation's retention periods, and what is due soon",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, OrganisationNotFound),
    )
    async def retention_page(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        organisation: OrganisationQuery = None,
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Any:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        organisation_id = _organisation(actor, organisation)
        context = await _context(
            page_ctx.conn, actor, organisation_id, language, page_ctx.now, {}, {}
        )
        context["notice"] = WORDS[language]["retention_saved"] if done == "saved" else None
        return admin_page(request, page_ctx.settings, language, TEMPLATE, context, words=WORDS)

    @post(
        "/",
        summary="Back office: change the organisation's retention periods",
        description="Each period a whole number of months within its bounds; otherwise the "
        "page again (400) with the refusal next to its field.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, OrganisationNotFound),
    )
    async def save_retention(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        organisation: OrganisationQuery = None,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        words = WORDS[form.language]
        organisation_id = _organisation(form.actor, organisation)
        values = {name: form.value(name).strip() for name, *_ in PERIODS}
        errors: dict[str, str] = {}
        numbers: dict[str, int] = {}
        for name, low, high, _ in PERIODS:
            text = values[name]
            if not text.isdigit() or not low <= int(text) <= high:
                errors[name] = words["error_months"].format(low=low, high=high)
            else:
                numbers[name] = int(text)
        if not errors:
            await policy.set_policy(
                form.conn,
                organisation_id=organisation_id,
                policy=msgspec.convert(numbers, policy.PolicyIn),
                by=form.actor,
                now=form.now,
            )
            query = "done=saved"
            if form.actor.is_admin:
                query += f"&organisation={organisation_id}"
            if form.language == "en":
                query += "&lang=en"
            return Response(
                b"",
                status_code=303,
                headers={"Location": f"/admin/retention?{query}", "Cache-Control": "no-store"},
            )
        context = await _context(
            form.conn, form.actor, organisation_id, form.language, form.now, values, errors
        )
        context["notice"] = None
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            TEMPLATE,
            context,
            words=WORDS,
            status_code=400,
        )
